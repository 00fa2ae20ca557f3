// A tape engine whose caller keeps its chunks as they are (transientChunks off, the default)
// reads a big chunk where it lies: pushed into an empty window, the chunk becomes the window (a
// view) instead of being copied. The chunk is never written, whatever follows it (more chunks,
// records cut between chunks, declined records, the input's end), and the output is the value
// path's.
import { JsonEngine, type TapeEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks, seededRandom } from "../../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle } from "../../helpers/declined-record.js";
import { messageOf, msgpackTapeEngine, pushRereading, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";

/**
 * Pushes a copy of `input` cut at `cuts` (each chunk a view of the copy), as a caller that keeps
 * its chunks does (after a rewind, from the offset asked for); then checks that the copy was
 * never written. Returns the output and the error.
 */
function feedKept(engine: TapeEngine, input: Uint8Array, cuts: readonly number[], describe: (error: unknown) => string): { bytes: Buffer; error: string | undefined } {
  const kept = new Uint8Array(input);
  const ends = [...cuts, input.length];
  const { bytes, error } = pushRereading(engine, kept, (at) => ends.find((end) => end > at)!, describe);
  expect(Buffer.from(kept).equals(Buffer.from(input))).toBe(true);
  return { bytes, error };
}

// ~1.4 MB: a giant dict twice and a `set` of 30,000 floats (a `builtins.set` call, which the tape
// declines) between small records, so that a chunk of 1 MiB or more holds several records, or
// ends inside one.
const giant = giantDictPickle(shuffledKeys(40_000));
const declined = floatSetPickle(30_000, 3);
const input = concatChunks([smallTuplePickle(1), giant, smallTuplePickle(2), declined, smallTuplePickle(3), giant, smallTuplePickle(4)]);

/** `input` cut at these offsets: big chunks (borrowed), a small one after a big one, records cut between chunks. */
const CUTS: readonly (readonly number[])[] = [
  [],
  [input.length >> 1],
  [1 << 20],
  [6 + 1000, 6 + 1000 + (1 << 20)],
  [input.length - (1 << 20) - 1],
  [input.length - 5],
];


describe("a tape engine reading big chunks where they lie", () => {
  it("holds more than 1 MiB of records and a declined one", () => {
    expect(input.length).toBeGreaterThan(1.3 * 2 ** 20);
    expect(valuePathJson(input).error).toBeUndefined();
  });

  it.each(CUTS.map((at) => [at.join(", ") || "none", at] as const))("writes JSON as the value path does and leaves the chunks as they were (cuts at %s)", (_name, at) => {
    const engine = new JsonEngine();
    const { bytes, error } = feedKept(engine, input, at, messageOf);
    expect({ text: bytes.toString("utf8"), error }).toEqual(valuePathJson(input));
    expect({ tape: engine.tapeRecords, value: engine.valueRecords }).toEqual({ tape: 6, value: 1 });
  });

  it.each(CUTS.map((at) => [at.join(", ") || "none", at] as const))("writes msgpack as the value path does and leaves the chunks as they were (cuts at %s)", (_name, at) => {
    const { bytes, error } = feedKept(msgpackTapeEngine(), input, at, (caught) => (caught as Error).message);
    expect({ hex: bytes.toString("hex"), error }).toEqual(valuePathMsgpack(input));
  });

  it("reads a whole input pushed at once from its own memory (the window is that chunk)", () => {
    // A copy would be made room for as the size hint says (the rest of the input at once).
    const engine = new JsonEngine({ inputSizeHint: 4 * input.length });
    engine.push(input);
    expect(engine.inputBufferBytes).toBe(input.length);
    const copying = new JsonEngine({ inputSizeHint: 4 * input.length, transientChunks: true });
    copying.push(input);
    expect(copying.inputBufferBytes).toBe(4 * input.length);
    engine.end();
    expect(Buffer.from(engine.take()).toString("utf8")).toBe(valuePathJson(input).text);
  });

  it("lets a chunk it read all of go untouched: its memory may be detached before the next push (a worker's batch)", () => {
    const records = input;
    const engine = new JsonEngine();
    const first = new Uint8Array(records);
    engine.push(first);
    const taken = Buffer.from(engine.take());
    structuredClone(first.buffer, { transfer: [first.buffer] });
    expect(first.length).toBe(0);
    engine.push(new Uint8Array(records));
    engine.end();
    const text = taken.toString("utf8") + Buffer.from(engine.take()).toString("utf8");
    expect(text).toBe(valuePathJson(concatChunks([records, records])).text);
    expect(engine.tapeRecords).toBe(12);
  });

  it("copies a big chunk when its chunks are transient", () => {
    const engine = new JsonEngine({ transientChunks: true });
    const chunk = new Uint8Array(input);
    engine.push(chunk.subarray(0, 6 + 1000));
    chunk.fill(0x2e, 0, 6 + 1000);
    engine.push(new Uint8Array(input.subarray(6 + 1000)));
    engine.end();
    expect(Buffer.from(engine.take()).toString("utf8")).toBe(valuePathJson(input).text);
  });

  it("fails as the value path does when a big chunk ends inside a record", () => {
    const truncated = input.subarray(0, input.length - 3);
    const { bytes, error } = feedKept(new JsonEngine(), truncated, [], messageOf);
    expect({ text: bytes.toString("utf8"), error }).toEqual(valuePathJson(truncated));
    expect(error).toMatch(/input ended/);
  });

  it("lets a borrowed chunk's read bytes go as a rereading engine does", () => {
    const engine = new JsonEngine();
    engine.allowRereading(64 * 1024);
    const { bytes, error } = feedKept(engine, input, [1 << 20], messageOf);
    expect({ text: bytes.toString("utf8"), error }).toEqual(valuePathJson(input));
  });
});

describe("a tape engine reading big chunks where they lie, on random streams", () => {
  const records = [smallTuplePickle(5), giant, declined, giantDictPickle(shuffledKeys(3000))];
  const stream = fc.record({
    order: fc.array(fc.nat(records.length - 1), { minLength: 1, maxLength: 8 }),
    cutBy: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
    seed: fc.nat(),
    maxChunk: fc.constantFrom(4096, 1 << 20, 3 << 20),
    rereadAfter: fc.option(fc.integer({ min: 1, max: 1 << 20 }), { nil: undefined }),
  });

  it("writes JSON and msgpack as the value path does and never writes a chunk, whatever the chunks", () => {
    fc.assert(
      fc.property(stream, ({ order, cutBy, seed, maxChunk, rereadAfter }) => {
        const whole = concatChunks(order.map((i) => records[i]!));
        const input = cutBy === undefined ? whole : whole.subarray(0, Math.max(1, whole.length - cutBy));
        // Chunk lengths from 1 byte to maxChunk, most of them big.
        const random = seededRandom(seed);
        const ends: number[] = [];
        for (let at = 0; at < input.length; ) {
          at = Math.min(input.length, at + 1 + Math.floor((random() < 0.2 ? random() * 64 : random() * maxChunk)));
          ends.push(at);
        }
        const cuts = ends.slice(0, -1);
        const json = new JsonEngine();
        if (rereadAfter !== undefined) json.allowRereading(rereadAfter);
        const result = feedKept(json, input, cuts, messageOf);
        expect({ text: result.bytes.toString("utf8"), error: result.error }).toEqual(valuePathJson(input));
        const msgpack = msgpackTapeEngine();
        if (rereadAfter !== undefined) msgpack.allowRereading(rereadAfter);
        const packed = feedKept(msgpack, input, cuts, (caught) => (caught as Error).message);
        expect({ hex: packed.bytes.toString("hex"), error: packed.error }).toEqual(valuePathMsgpack(input));
      }),
      { numRuns: 60, seed: 23 },
    );
  });
});
