// A tape engine whose input can be pushed again (allowRereading) lets a big record's read bytes go
// as more come. A record that then declines, or input that ends inside it, is asked for again
// from its first byte (rewindOffset) and goes to the value path: output and errors are the value
// path's whatever the chunking, and records before and after it are the tape's as usual.
import { JsonEngine, type TapeEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks, seededRandom } from "../../helpers/chunks.js";
import { smallTuplePickle } from "../../helpers/declined-record.js";
import { messageOf, msgpackTapeEngine, pushRereading, valuePathEntriesJson, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** How the caller cuts its input: every `size` bytes, or seeded random lengths up to `size`. */
interface Cutting {
  readonly size: number;
  readonly seed?: number;
}

interface RereadOutcome {
  readonly bytes: Buffer;
  readonly error: string | undefined;
  /** The offsets the engine asked to be pushed again from, in order. */
  readonly rewinds: readonly number[];
  /** The largest input window the engine held. */
  readonly maxWindow: number;
}

/** Feeds `input` as a caller that can read it again does, cut as `cutting` says; notes the largest window held. */
function feedRereading(engine: TapeEngine, input: Uint8Array, cutting: Cutting, describe: (error: unknown) => string = messageOf): RereadOutcome {
  const random = cutting.seed === undefined ? null : seededRandom(cutting.seed);
  let maxWindow = 0;
  const outcome = pushRereading(
    engine,
    input,
    (at) => at + (random === null ? cutting.size : 1 + Math.floor(random() * cutting.size)),
    describe,
    () => (maxWindow = Math.max(maxWindow, engine.inputBufferBytes)),
  );
  return { ...outcome, maxWindow };
}

function rereadingJson(input: Uint8Array, cutting: Cutting, afterBytes?: number) {
  const engine = new JsonEngine();
  engine.allowRereading(afterBytes);
  const outcome = feedRereading(engine, input, cutting);
  return { ...outcome, text: outcome.bytes.toString("utf8"), engine };
}

function rereadingMsgpack(input: Uint8Array, cutting: Cutting, afterBytes?: number) {
  const engine = msgpackTapeEngine();
  engine.allowRereading(afterBytes);
  const outcome = feedRereading(engine, input, cutting, (caught) => (caught as Error).message);
  return { ...outcome, hex: outcome.bytes.toString("hex"), engine };
}

/**
 * giantDictPickle's dict with one more entry before its STOP: "zz" mapped to the value whose
 * opcodes are `value` (in a SETITEMS batch of its own).
 */
function giantDictEndingWith(count: number, value: readonly number[]): Uint8Array {
  const dict = giantDictPickle(shuffledKeys(count));
  const tail = [0x28, 0x8c, 2, 0x7a, 0x7a, ...value, 0x75, 0x2e];
  return concatChunks([dict.subarray(0, dict.length - 1), Uint8Array.from(tail)]);
}

/** {1.5, 2.5}: a set of floats, which the one-pass writers decline (the value path writes it). */
const FLOAT_SET = [0x8f, 0x28, 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x47, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x90];
/** datetime.datetime(2024, 5, 6, 7, 8, 9): an island the one-pass writers write. */
const DATETIME = [...Buffer.from("cdatetime\ndatetime\n", "latin1"), 0x43, 10, 0x07, 0xe8, 5, 6, 7, 8, 9, 0, 0, 0, 0x85, 0x52];

const plainGiant = giantDictPickle(shuffledKeys(20_000));
const declinesLate = giantDictEndingWith(20_000, FLOAT_SET);
const islandLate = giantDictEndingWith(20_000, DATETIME);
/** A small record, the giant one that declines at its end, another small one. */
const between = concatChunks([smallTuplePickle(1), declinesLate, smallTuplePickle(2)]);

const CUTTINGS: readonly Cutting[] = [{ size: 7 }, { size: 4096 }, { size: 65_536 }, { size: 10_000, seed: 3 }];
const AFTER_BYTES = 64 * 1024;

describe("a tape engine that may read its input again", () => {
  it("writes a stream of small records that each decline, each let go past its first byte, in chunks of every size", () => {
    // Each record a set of floats (the one-pass writers decline it). After a rewind the caller
    // pushes a chunk that ends before what the window held already: the Unpickler took the
    // window past the chunk's end, then the chunk again (an error in record 11 at 64-byte chunks).
    const record = Uint8Array.from([0x80, 4, ...FLOAT_SET, 0x2e]);
    const stream = concatChunks(Array.from({ length: 40 }, () => record));
    const expected = valuePathJson(stream);
    for (let size = 1; size <= 130; size++) {
      const result = rereadingJson(stream, { size }, 1);
      expect({ text: result.text, error: result.error }, `${size}-byte chunks`).toEqual(expected);
      const packed = rereadingMsgpack(stream, { size }, 1);
      expect({ hex: packed.hex, error: packed.error }, `${size}-byte chunks`).toEqual(valuePathMsgpack(stream));
    }
  });

  it.each(CUTTINGS)("writes a giant root it completes as the value path does, holding a window of what it has not read ($size-byte chunks, seed $seed)", (cutting) => {
    const result = rereadingJson(plainGiant, cutting, AFTER_BYTES);
    expect({ text: result.text, error: result.error }).toEqual(valuePathJson(plainGiant));
    expect(result.rewinds).toEqual([]);
    expect(result.engine.tapeRecords).toBe(1);
    // The record is ~340 KB: the window never holds it whole.
    expect(plainGiant.length).toBeGreaterThan(300_000);
    expect(result.maxWindow).toBeLessThanOrEqual(2 * (AFTER_BYTES + cutting.size) + (1 << 16));
  });

  it("holds the whole record in its window when it may not read the input again", () => {
    const engine = new JsonEngine();
    const outcome = feedRereading(engine, plainGiant, { size: 4096 });
    expect(outcome.rewinds).toEqual([]);
    expect(outcome.maxWindow).toBeGreaterThanOrEqual(plainGiant.length);
  });

  it.each(CUTTINGS)("asks for a giant record again from its first byte when it declines at its end, then writes the value path's bytes ($size-byte chunks, seed $seed)", (cutting) => {
    const result = rereadingJson(declinesLate, cutting, AFTER_BYTES);
    expect({ text: result.text, error: result.error }).toEqual(valuePathJson(declinesLate));
    expect(result.rewinds).toEqual([0]);
    expect({ tape: result.engine.tapeRecords, value: result.engine.valueRecords }).toEqual({ tape: 0, value: 1 });
  });

  it.each(CUTTINGS)("asks for it again at its own offset between records the tape writes ($size-byte chunks, seed $seed)", (cutting) => {
    const result = rereadingJson(between, cutting, AFTER_BYTES);
    expect({ text: result.text, error: result.error }).toEqual(valuePathJson(between));
    expect(result.rewinds).toEqual([6]);
    expect({ tape: result.engine.tapeRecords, value: result.engine.valueRecords }).toEqual({ tape: 2, value: 1 });
  });

  it.each(CUTTINGS)("writes msgpack as the value path does after asking again ($size-byte chunks, seed $seed)", (cutting) => {
    const result = rereadingMsgpack(between, cutting, AFTER_BYTES);
    expect({ hex: result.hex, error: result.error }).toEqual(valuePathMsgpack(between));
    expect(result.rewinds).toEqual([6]);
  });

  it.each(CUTTINGS)("reads an island at the end of a giant record without asking again ($size-byte chunks, seed $seed)", (cutting) => {
    for (const afterBytes of [1, AFTER_BYTES]) {
      const result = rereadingJson(islandLate, cutting, afterBytes);
      expect({ text: result.text, error: result.error }).toEqual(valuePathJson(islandLate));
      expect(result.text).toContain('"zz":"2024-05-06T07:08:09"');
      expect(result.rewinds).toEqual([]);
    }
  });

  it.each([plainGiant.length - 1, plainGiant.length - 5000, 200_000])("fails as the value path does when the input ends inside a giant record, at byte %i, after asking for it again", (length) => {
    const cut = plainGiant.subarray(0, length);
    const expected = valuePathJson(cut);
    expect(expected.error).toBeDefined();
    for (const cutting of CUTTINGS) {
      const result = rereadingJson(cut, cutting, AFTER_BYTES);
      expect({ text: result.text, error: result.error }).toEqual(expected);
      expect(result.rewinds).toEqual([0]);
    }
  });

  it("does not ask again for a record that declines before it has read `afterBytes`", () => {
    const result = rereadingJson(between, { size: 4096 }, between.length);
    expect({ text: result.text, error: result.error }).toEqual(valuePathJson(between));
    expect(result.rewinds).toEqual([]);
  });

  it("lets nothing go by default below 8 MiB", () => {
    const engine = new JsonEngine();
    engine.allowRereading();
    const outcome = feedRereading(engine, between, { size: 4096 });
    expect(outcome.rewinds).toEqual([]);
    expect(outcome.maxWindow).toBeGreaterThanOrEqual(declinesLate.length);
  });

});

describe("entries mode, with a tape engine that may read its input again", () => {
  /** The entries' lines, then the error as a line `error: ...` (as valuePathEntriesJson). */
  function entries(input: Uint8Array, cutting: Cutting) {
    const engine = new JsonEngine({ decoder: { emit: "entries" } });
    engine.allowRereading(AFTER_BYTES);
    const outcome = feedRereading(engine, input, cutting);
    const text = outcome.bytes.toString("utf8");
    return { ...outcome, text: outcome.error === undefined ? text : `${text}error: ${outcome.error}` };
  }

  it.each(CUTTINGS)("lets a giant root's input go once its entries are written ($size-byte chunks, seed $seed)", (cutting) => {
    const result = entries(plainGiant, cutting);
    expect(result.text).toBe(valuePathEntriesJson(plainGiant));
    expect(result.text.split("\n")).toHaveLength(20_001);
    expect(result.rewinds).toEqual([]);
    expect(result.maxWindow).toBeLessThanOrEqual(2 * (AFTER_BYTES + cutting.size) + (1 << 16));
  });

  it.each(CUTTINGS)("asks again for a giant root that declines at its end, and writes each entry once ($size-byte chunks, seed $seed)", (cutting) => {
    for (const [input, offset] of [[declinesLate, 0], [between, 6]] as const) {
      const result = entries(input, cutting);
      expect(result.text).toBe(valuePathEntriesJson(input));
      expect(result.rewinds).toEqual([offset]);
    }
  });

  it("fails as the value path does when the input ends inside a giant root, after its entries so far", () => {
    const cut = plainGiant.subarray(0, 200_000);
    const result = entries(cut, { size: 4096 });
    expect(result.text).toBe(valuePathEntriesJson(cut));
    expect(result.text).toMatch(/error: record 0 at byte \d+: input ended/);
    expect(result.rewinds).toEqual([0]);
  });
});

describe("a tape engine that may read its input again, on random streams", () => {
  /** A record of the stream: a giant dict ending in a plain entry, a declined one or an island; or a small record. */
  const record = fc.oneof(
    fc.record({ count: fc.integer({ min: 500, max: 6000 }), tail: fc.constantFrom(FLOAT_SET, DATETIME, [0x4b, 7]) }).map(({ count, tail }) => giantDictEndingWith(count, tail)),
    fc.integer({ min: 0, max: 255 }).map((n) => smallTuplePickle(n)),
  );
  const stream = fc.record({
    records: fc.array(record, { minLength: 1, maxLength: 4 }),
    cutBy: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    afterBytes: fc.integer({ min: 1, max: 40_000 }),
    cutting: fc.record({ size: fc.integer({ min: 1, max: 20_000 }), seed: fc.option(fc.nat(), { nil: undefined }) }),
  });

  it("writes JSON, msgpack and entries as the value path does, whatever records decline or where the input ends", () => {
    fc.assert(
      fc.property(stream, ({ records, cutBy, afterBytes, cutting }) => {
        const whole = concatChunks(records);
        const input = cutBy === undefined ? whole : whole.subarray(0, Math.max(1, whole.length - cutBy));
        const json = rereadingJson(input, cutting, afterBytes);
        expect({ text: json.text, error: json.error }).toEqual(valuePathJson(input));
        const msgpack = rereadingMsgpack(input, cutting, afterBytes);
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(input));
        const engine = new JsonEngine({ decoder: { emit: "entries" } });
        engine.allowRereading(afterBytes);
        const entries = feedRereading(engine, input, cutting);
        const text = entries.bytes.toString("utf8");
        expect(entries.error === undefined ? text : `${text}error: ${entries.error}`).toBe(valuePathEntriesJson(input));
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});

describe.runIf(requirePython())("a tape engine that lets every record's read bytes go", () => {
  // Every case of the one-pass writers' and the islands' tests, read with afterBytes 1: each
  // record past its first byte drops what it read, and any that declines is asked for again.
  const files = ["json_direct_cases.py", "island_cases.py", "set_cases.py", "shape_cases.py"];
  const cases = files.flatMap((file) => generatedCases(testPath(`core/engine/${file}`)).map(([name, bytes]) => [`${file}: ${name}`, bytes] as const));

  it("gets the cases, of which those the one-pass writers decline are asked for again", () => {
    expect(cases.length).toBeGreaterThan(300);
    const rewound = cases.filter(([, bytes]) => rereadingJson(bytes, { size: 7 }, 1).rewinds.length > 0);
    expect(rewound.length).toBeGreaterThan(20);
  });

  it.each(cases)("%s: JSON and msgpack equal the value path's in 7-byte and random chunks", (_name, bytes) => {
    const json = valuePathJson(bytes);
    const msgpack = valuePathMsgpack(bytes);
    for (const cutting of [{ size: 7 }, { size: 300, seed: 11 }]) {
      const result = rereadingJson(bytes, cutting, 1);
      expect({ text: result.text, error: result.error }).toEqual(json);
      const packed = rereadingMsgpack(bytes, cutting, 1);
      expect({ hex: packed.hex, error: packed.error }).toEqual(msgpack);
    }
  });
});
