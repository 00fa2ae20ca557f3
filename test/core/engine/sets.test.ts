// Sets and frozensets in the one-pass writers: EMPTY_SET, ADDITEMS and FROZENSET (protocols 4
// and 5) are written as arrays, as the value path writes a set, when their elements are strs and
// ints (whose bytes are equal exactly when the values are). The value path's set keeps one of two
// equal elements, so a set or frozenset with a repeat is left to it, as is any other element, a
// set as the record, APPENDS into a set and ADDITEMS into anything else. Each case equals the
// value path's NDJSON and msgpack whole and in 1-byte and random chunks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

function isDeclined(name: string): boolean {
  if (name.startsWith("declined:")) return true;
  // Protocols 2 and 3 write it as a call of builtins.set on a list: the island's scan for the
  // call (island-scan.ts) stops after 512 opcodes.
  if (name.startsWith("a set of 2,500 ints")) return /protocol [23]/.test(name);
  return name.startsWith("declined at 4 and 5:") && /protocol [45]/.test(name);
}

/** Both writers give the value path's bytes for `bytes`, whole and chunked; returns how many records the tape wrote (JSON, msgpack). */
function expectValuePathBytes(bytes: Uint8Array): [number, number] {
  const expected = valuePathJson(bytes);
  const expectedMsgpack = valuePathMsgpack(bytes);
  const whole = engineJson([bytes]);
  expect({ text: whole.text, error: whole.error }).toEqual(expected);
  const wholeMsgpack = engineMsgpack([bytes]);
  expect({ hex: wholeMsgpack.hex, error: wholeMsgpack.error }).toEqual(expectedMsgpack);
  for (const chunks of [splitEvery(bytes, 1), splitRandomly(bytes, 7, 300)]) {
    const json = engineJson(chunks);
    expect({ text: json.text, error: json.error }).toEqual(expected);
    const msgpack = engineMsgpack(chunks);
    expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(expectedMsgpack);
  }
  return [whole.engine.tapeRecords, wholeMsgpack.engine.tapeRecords];
}

describe.runIf(requirePython())("sets in the one-pass writers (CPython's pickles)", () => {
  const cases = generatedCases(testPath("core/engine/set_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(72);
  });

  it.each(cases)("%s: the value path's bytes, written by the tape unless declined as named", (name, bytes) => {
    const taped = isDeclined(name) ? 0 : 1;
    expect(expectValuePathBytes(bytes)).toEqual([taped, taped]);
  });

  it("writes a set as an array in the pickle's order", () => {
    const [, bytes] = cases.find(([name]) => name === "a set of ints in a dict (protocol 4)")!;
    expect(engineJson([bytes]).text).toBe('{"s":[1,2,3],"n":1}\n');
  });

  it("writes what the value path writes, or fails as it does, when bytes of a record with sets are replaced", () => {
    const [, bytes] = cases.find(([name]) => name === "records with a set of tags each (protocol 4)")!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 40 }), (edits, chunkSize) => {
        const mutated = new Uint8Array(bytes);
        for (const [at, byte] of edits) mutated[at] = byte;
        const chunks = splitEvery(mutated, chunkSize);
        const { text, error } = engineJson(chunks);
        expect({ text, error }).toEqual(valuePathJson(mutated));
        const msgpack = engineMsgpack(chunks);
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(mutated));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("sets in the one-pass writers (hand-made pickles)", () => {
  const str = (text: string): number[] => [0x8c, Buffer.byteLength(text), ...Buffer.from(text)];
  const int = (value: number): number[] => [0x4b, value];
  const MARK = 0x28;
  const EMPTY_SET = 0x8f;
  const ADDITEMS = 0x90;
  const FROZENSET = 0x91;
  /** PROTO 4, `{"s": <value>}`, STOP. */
  const inDict = (value: number[]): Uint8Array => Uint8Array.from([0x80, 4, 0x7d, ...str("s"), ...value, 0x73, 0x2e]);

  it.each([
    ["a set with an int twice", inDict([EMPTY_SET, MARK, ...int(1), ...int(1), ADDITEMS]), '{"s":[1]}\n'],
    ["a set with a str twice, the second a memo copy", inDict([EMPTY_SET, MARK, ...str("a"), 0x94, 0x68, 0, ADDITEMS]), '{"s":["a"]}\n'],
    ["a set with a str twice, once as BINUNICODE", inDict([EMPTY_SET, MARK, ...str("a"), 0x58, 1, 0, 0, 0, 0x61, ADDITEMS]), '{"s":["a"]}\n'],
    ["a set with an int repeated in its second batch", inDict([EMPTY_SET, MARK, ...int(1), ...int(2), ADDITEMS, MARK, ...int(2), ADDITEMS]), '{"s":[1,2]}\n'],
    ["a frozenset with an int twice", inDict([MARK, ...int(4), ...int(4), FROZENSET]), '{"s":[4]}\n'],
  ])("leaves %s to the value path, which keeps one", (_name, bytes, text) => {
    expect(expectValuePathBytes(bytes)).toEqual([0, 0]);
    expect(valuePathJson(bytes).text).toBe(text);
  });

  it("writes a str and an int that look alike as two elements, as the value path does", () => {
    const bytes = inDict([EMPTY_SET, MARK, ...str("1"), ...int(1), ADDITEMS]);
    expect(expectValuePathBytes(bytes)).toEqual([1, 1]);
    expect(valuePathJson(bytes).text).toBe('{"s":["1",1]}\n');
  });

  it("writes a set given items in two batches", () => {
    const bytes = inDict([EMPTY_SET, MARK, ...int(1), ...int(2), ADDITEMS, MARK, ...str("x"), ADDITEMS]);
    expect(expectValuePathBytes(bytes)).toEqual([1, 1]);
    expect(engineJson([bytes]).text).toBe('{"s":[1,2,"x"]}\n');
  });

  it.each([
    ["APPENDS into a set", inDict([EMPTY_SET, MARK, ...int(1), 0x65])],
    ["APPEND into a set", inDict([EMPTY_SET, ...int(1), 0x61])],
    ["ADDITEMS into a list", inDict([0x5d, MARK, ...int(1), ADDITEMS])],
    ["ADDITEMS into a dict", inDict([0x7d, MARK, ...int(1), ADDITEMS])],
    ["ADDITEMS with no MARK", inDict([EMPTY_SET, ...int(1), ADDITEMS])],
    ["FROZENSET with no MARK", inDict([...int(1), FROZENSET])],
  ])("fails as the value path does on %s", (_name, bytes) => {
    expect(expectValuePathBytes(bytes)).toEqual([0, 0]);
    expect(valuePathJson(bytes).error).toBeDefined();
  });

  it("leaves ADDITEMS into a frozenset to the value path (which refuses it: a frozenset has no add, CPython's AttributeError)", () => {
    const bytes = inDict([MARK, ...int(1), FROZENSET, MARK, ...int(2), ADDITEMS]);
    expect(expectValuePathBytes(bytes)).toEqual([0, 0]);
    expect(valuePathJson(bytes).error).toMatch(/frozenset, which has no add/);
  });

  it("leaves a set given items after a memo copy of it was written to the value path (both places show them)", () => {
    // [set(), <the same set>] with 1 added after the copy: [[1],[1]].
    const bytes = Uint8Array.from([0x80, 4, 0x5d, 0x94, EMPTY_SET, 0x94, 0x61, 0x68, 1, MARK, ...int(1), ADDITEMS, 0x61, 0x2e]);
    expect(expectValuePathBytes(bytes)).toEqual([0, 0]);
    expect(valuePathJson(bytes).text).toBe("[[1],[1]]\n");
  });
});
