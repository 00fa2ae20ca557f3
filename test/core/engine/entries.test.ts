// Entries mode through the tape engine (`emit: "entries"`: each entry of a record's root written
// as a record of its own): its JSON equals the value path's (an Unpickler in entries mode, then
// JsonWriter per entry) for every committed fixture, giant roots, declined records and mutated
// bytes, in one push and in chunks; and output streams while a giant root arrives.
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { messageOf, valuePathEntriesJson } from "../../helpers/engine-paths.js";
import { decoderOptions, fromBase64, loadManifest, readPickle } from "../../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

/** The value path: the Unpickler's entries, each written by JsonWriter with the floor budget; then the first error. */
const valuePath = valuePathEntriesJson;

function enginePath(chunks: readonly Uint8Array[], options: object = {}): { text: string; engine: JsonEngine; outputs: number[] } {
  const engine = new JsonEngine({ decoder: { ...options, emit: "entries" } });
  const parts: Uint8Array[] = [];
  const outputs: number[] = [];
  let error: string | undefined;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      const taken = engine.take();
      outputs.push(taken.length);
      parts.push(taken);
    }
    engine.end();
  } catch (caught) {
    error = messageOf(caught);
  }
  parts.push(engine.take());
  const text = Buffer.concat(parts).toString("utf8");
  return { text: error === undefined ? text : `${text}error: ${error}`, engine, outputs };
}

describe("entries mode through the tape engine", () => {
  it("writes the entries of a root cut short once, then the value path's error (a fuzz find)", () => {
    // `] K1 a` and no STOP: the tape wrote the entry 1 before the input ended.
    const bytes = Uint8Array.of(0x5d, 0x4b, 0x01, 0x61);
    const expected = valuePath(bytes);
    expect(expected).toBe("1\nerror: record 0 at byte 4: input ended before the record's STOP opcode");
    for (const chunks of [[bytes], splitEvery(bytes, 1)]) expect(enginePath(chunks).text).toBe(expected);
  });

  it.each(loadManifest().map((entry) => [entry.name, entry] as const))("writes fixture %s as the value path does, whole and in 7-byte chunks", (_name, entry) => {
    const bytes = readPickle(entry);
    const options = decoderOptions(entry);
    const expected = valuePath(bytes, options);
    expect(enginePath([bytes], options).text).toBe(expected);
    expect(enginePath(splitEvery(bytes, 7), options).text).toBe(expected);
  });

  // CPython's pickle.dumps(..., 4) of {1: "a", "b": [2.0]}, [None, True], 5, (1,), a cyclic list
  // in a dict (l = [1]; l.append(l); {"a": 1, "b": l}) and {1: "a"}.
  const DICT = Buffer.from("8004951b000000000000007d94284b018c0161948c0162945d9447400000000000000061752e", "hex");
  const LIST = Buffer.from("80049507000000000000005d94284e88652e", "hex");
  const INT = Buffer.from("80044b052e", "hex");
  const TUPLE = Buffer.from("80049505000000000000004b0185942e", "hex");
  const CYCLE = Buffer.from("80049517000000000000007d94288c0161944b018c0162945d94284b01680365752e", "hex");
  const INT_KEY = Buffer.from("8004950a000000000000007d944b018c016194732e", "hex");

  it("writes a dict root's entries as [key, value], a list root's as its items, any other root as itself", () => {
    const bytes = Buffer.concat([DICT, LIST, INT, TUPLE]);
    const { text, engine } = enginePath([bytes]);
    expect(text).toBe('[1,"a"]\n["b",[2.0]]\nnull\ntrue\n5\n[1]\n');
    expect(text).toBe(valuePath(bytes));
    expect(engine.tapeRecords).toBe(4);
  });

  it("writes a cycle's error after the entries before it, as the value path does", () => {
    const { text } = enginePath([CYCLE]);
    expect(text).toBe(valuePath(CYCLE));
    expect(text).toMatch(/^\["a",1\]\nerror: /);
  });

  it("stops an entry of many uses of one memoized str at the budget, as the value path does (the output grew to 16 GiB, then a RangeError)", () => {
    // ( ( BINUNICODE 10 KB, BINPUT 1, BINGET 1 x 2999, LIST, LIST .: one entry of 30 MB, over a 1 MB budget.
    const text = "a".repeat(10_000);
    const gets = Buffer.alloc(2 * 2999);
    for (let i = 0; i < gets.length; i += 2) gets.set([0x68, 1], i);
    const bytes = Buffer.concat([Buffer.of(0x80, 2, 0x28, 0x28, 0x58), Buffer.from(Uint32Array.of(text.length).buffer), Buffer.from(text), Buffer.of(0x71, 1), gets, Buffer.of(0x6c, 0x6c, 0x2e)]);
    const budget = 1 << 20;
    const engine = new JsonEngine({ decoder: { emit: "entries" }, maxOutputBytes: budget });
    expect(() => {
      engine.push(bytes);
      engine.end();
    }).toThrow(/output passed maxOutputBytes \(1048576 bytes/);
    // The writer stopped within a value of the budget: its buffer never grew toward the 30 MB.
    const writer = (engine as unknown as { writer: { out: Uint8Array } }).writer;
    expect(writer.out.length).toBeLessThanOrEqual(4 * budget);
  });

  it.each([
    // [[1]], then the inner list read back and appended to: Python's value is [[1, 9]].
    ["an APPEND", [0x80, 2, 0x5d, 0x71, 0, 0x28, 0x5d, 0x71, 1, 0x4b, 1, 0x61, 0x65, 0x68, 1, 0x4b, 9, 0x61, 0x2e], "[1]\n", "17: ", "APPEND 0x61"],
    // {"a": {}}, then the inner dict read back and given a key.
    ["a SETITEM", [0x80, 2, 0x7d, 0x71, 0, 0x28, 0x55, 1, 0x61, 0x7d, 0x71, 1, 0x75, 0x68, 1, 0x55, 1, 0x6b, 0x4b, 1, 0x73, 0x2e], '["a",{}]\n', "20: ", "SETITEM 0x73"],
    // [set()], then the set read back and given an item (protocol 4: EMPTY_SET, ADDITEMS).
    ["an ADDITEMS", [0x80, 4, 0x5d, 0x94, 0x28, 0x8f, 0x94, 0x65, 0x68, 1, 0x28, 0x4b, 1, 0x90, 0x2e], "[]\n", "13: ", "ADDITEMS 0x90"],
  ] as const)("refuses %s on a value read back after entries were handed out, after those entries, whole and in chunks", (_name, opcodes, before, offset, opcode) => {
    const bytes = Uint8Array.from(opcodes);
    const expected = valuePath(bytes);
    expect(expected).toBe(
      `${before}error: record 0 at byte ${offset}entries mode: the pickle changes a value memoized before entries were handed out, which may be one of them (read it without entries mode) (opcode ${opcode})`,
    );
    for (const chunks of [[bytes], splitEvery(bytes, 1), splitEvery(bytes, 7)]) expect(enginePath(chunks).text).toBe(expected);
  });

  it("keeps an entry's key a value: an int key stays a number", () => {
    expect(enginePath([INT_KEY]).text).toBe('[1,"a"]\n');
  });
});

describe.runIf(requirePython())("entries of giant roots through the tape engine", () => {
  const pickles = runPythonScript(testPath("core/engine/giant_roots.py"))
    .trim()
    .split("\n")
    .map((line) => fromBase64(line));

  it.each(pickles.map((bytes, index) => [index, bytes] as const))("writes case %i as the value path does, whole and in random chunks", (_index, bytes) => {
    const expected = valuePath(bytes);
    expect(enginePath([bytes]).text).toBe(expected);
    expect(enginePath(splitRandomly(bytes, 11, 70000)).text).toBe(expected);
  });

  it("hands out entries while a giant root is still arriving", () => {
    // Protocol 4, a dict of 30,000 entries: the tape takes it, and most output comes before its STOP.
    const bytes = pickles[4]!;
    const { engine, outputs } = enginePath(splitEvery(bytes, 65536));
    const beforeLast = outputs.slice(0, -1).reduce((total, length) => total + length, 0);
    expect(engine.tapeRecords).toBe(1);
    expect(beforeLast).toBeGreaterThan(outputs.reduce((total, length) => total + length, 0) / 2);
  });

  it("writes and fails as the value path does when bytes of a giant root are replaced", () => {
    const bytes = pickles[5]!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
        const mutated = new Uint8Array(bytes);
        for (const [at, value] of edits) mutated[at] = value;
        expect(enginePath(splitEvery(mutated, 65536)).text).toBe(valuePath(mutated));
      }),
      { numRuns: 25, seed: 9 },
    );
  });
});
