// Records the tape declines one after another (each holding a class, as a stream of log records
// with datetimes): each is decoded by one push of the Unpickler that stops at its STOP, and after
// a few in a row the next records go to the value path without the tape's attempt, until a
// record the tape completes. The output and errors are the value path's whatever the chunking.
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, concatChunks, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle } from "../../helpers/declined-record.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";

const declined = (count: number, seed: number): Uint8Array[] => Array.from({ length: count }, (_, i) => floatSetPickle(1 + (i % 3), seed + i));
const plain = (count: number): Uint8Array[] => Array.from({ length: count }, (_, i) => smallTuplePickle(i % 200));

/** A list of `batches` x 1000 small ints (protocol 2, APPENDS by 1000, ~2 KB a batch): plain data. */
function intListPickle(batches: number): Uint8Array {
  const items: number[] = [0x80, 0x02, 0x5d];
  for (let batch = 0; batch < batches; batch++) {
    items.push(0x28);
    for (let i = 0; i < 1000; i++) items.push(0x4b, (batch + i) & 255);
    items.push(0x65);
  }
  items.push(0x2e);
  return Uint8Array.from(items);
}

/** Runs of declined records between plain ones, a run longer than the value path's first run, and a plain tail. */
const input = concatChunks([...declined(3, 0), ...plain(5), ...declined(40, 10), ...plain(50), ...declined(5, 90), smallTuplePickle(7)]);

describe("records the tape declines one after another", () => {
  const expected = valuePathJson(input);

  it("are written as the value path writes them, in one push", () => {
    expect(expected.error).toBeUndefined();
    expect(engineJson([input]).text).toBe(expected.text);
  });

  it.each(CHUNK_SIZES)("are written as the value path writes them, in %i-byte chunks", (size) => {
    const result = engineJson(splitEvery(input, size));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(expected.text);
  });

  it("are written as the value path writes them, in random chunks", () => {
    for (let seed = 1; seed <= 5; seed++) expect(engineJson(splitRandomly(input, seed, 700)).text).toBe(expected.text);
  });

  it.each([input.length, 4096, 64, 7])("are written to msgpack as the value path writes them, in %i-byte chunks", (size) => {
    const value = valuePathMsgpack(input);
    expect(value.error).toBeUndefined();
    expect(engineMsgpack(splitEvery(input, size))).toMatchObject(value);
  });

  it("send the records after four of them to the value path, until a record the tape completes", () => {
    const stream = concatChunks([...declined(4, 0), ...plain(30)]);
    const { engine, text } = engineJson([stream]);
    expect(text).toBe(valuePathJson(stream).text);
    // The fourth decline starts a run of 16 records decoded as values; the tape takes the rest.
    expect({ value: engine.valueRecords, tape: engine.tapeRecords }).toEqual({ value: 20, tape: 14 });
  });

  it("give a record that goes on past the chunk back to the tape, which streams a giant one", () => {
    // A list of 100,000 small ints (~200 KB): plain data.
    const stream = concatChunks([...declined(6, 0), intListPickle(100), ...plain(3)]);
    const expectedText = valuePathJson(stream).text;
    for (const size of [65_536, 4096]) {
      const { engine, text } = engineJson(splitEvery(stream, size));
      expect(text).toBe(expectedText);
      // The run after the fourth decline takes the fifth and sixth; the list goes on past the
      // chunk, so the tape reads it, and the plain records after it.
      expect({ value: engine.valueRecords, tape: engine.tapeRecords }, `chunks of ${size}`).toEqual({ value: 6, tape: 4 });
    }
  });

  it("stop at maxRecords wherever it falls", () => {
    const lines = expected.text.split("\n");
    for (const size of [input.length, 50, 7]) {
      for (const maxRecords of [1, 3, 4, 8, 9, 20, 47, 48, 60, 103]) {
        const engine = new JsonEngine({ maxRecords });
        for (const chunk of splitEvery(input, size)) engine.push(chunk);
        engine.end();
        const text = Buffer.from(engine.take()).toString("utf8");
        expect(text, `${maxRecords} records in ${size}-byte chunks`).toBe(lines.slice(0, maxRecords).map((line) => `${line}\n`).join(""));
      }
    }
  });

  it("write and fail as the value path does for any mix of declined, plain and long records, mutated, in any chunking (property)", () => {
    const long = intListPickle(12);
    const kinds = fc.array(fc.constantFrom("declined", "plain", "long"), { minLength: 1, maxLength: 40 });
    const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 });
    fc.assert(
      fc.property(kinds, edits, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 4, max: 30_000 }), (order, changes, seed, maxChunk) => {
        const bytes = concatChunks(order.map((kind, i) => (kind === "declined" ? floatSetPickle(1 + (i % 3), i) : kind === "plain" ? smallTuplePickle(i % 200) : long)));
        for (const [at, value] of changes) bytes[at % bytes.length] = value;
        const { text, error } = engineJson(splitRandomly(bytes, seed, maxChunk));
        expect({ text, error }).toEqual(valuePathJson(bytes));
        if (changes.length === 0) {
          const { hex, error: msgpackError } = engineMsgpack(splitRandomly(bytes, seed, maxChunk));
          expect({ hex, error: msgpackError }).toEqual(valuePathMsgpack(bytes));
        }
      }),
      { numRuns: 300, seed: 0x12de },
    );
  });

  it("keep the value path's error for a bad record inside a run, after the records before it", () => {
    // The 12th declined record's REDUCE is made a byte that is no opcode.
    const records = declined(20, 0);
    const bad = records[11]!.slice();
    bad[bad.length - 2] = 0xff;
    records[11] = bad;
    const stream = concatChunks(records);
    const value = valuePathJson(stream);
    expect(value.error).toBeDefined();
    for (const size of [stream.length, 64, 7]) {
      const result = engineJson(splitEvery(stream, size));
      expect(result).toMatchObject({ text: value.text, error: value.error });
    }
  });
});

describe("a declined record cut by a chunk, then a record with an out-of-band buffer", () => {
  it("numbers the buffer as the value path does, wherever the chunk ends", () => {
    // A list holding an int of 108 bytes (past the tape's LONG1 limit: declined), then NEXT_BUFFER
    // as a record (protocol 5, no buffers given: a placeholder numbered 0), then a plain record.
    const declined = new Uint8Array([0x80, 4, 0x5d, 0x94, 0x28, 0x8a, 108, ...new Array<number>(107).fill(0), 0x01, 0x4b, 0, 0x65, 0x2e]);
    const buffer = new Uint8Array([0x80, 5, 0x97, 0x94, 0x2e]);
    const plain = new Uint8Array([0x80, 4, 0x5d, 0x94, 0x2e]);
    const bytes = concatChunks([declined, buffer, plain]);
    const json = valuePathJson(bytes);
    const msgpack = valuePathMsgpack(bytes);
    expect(json.text).toContain('{"__buffer__":0}');
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect({ text: engineJson(chunks).text, error: engineJson(chunks).error }, `cut at ${cut}`).toEqual(json);
      const written = engineMsgpack(chunks);
      expect({ hex: written.hex, error: written.error }, `cut at ${cut}`).toEqual(msgpack);
    }
  });
});
