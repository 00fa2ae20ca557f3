// picklesToJson / picklesToMsgpack with `reread` (a regular file read by position): a giant record
// lets the input it has read go, and one that then declines, or is cut short, is read again from
// its first byte. Output and errors are those of no `reread`; gzip input is never read again.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { engineBytes, type PicklesToBytesOptions } from "../../packages/stream/src/engine-bytes.js";
import { jsonBytesEngine, picklesToJson } from "../../packages/stream/src/json-bytes.js";
import { picklesToMsgpack } from "../../packages/stream/src/msgpack-bytes.js";
import { parallelEngineBytes } from "../../packages/stream/src/parallel/parallel-bytes.js";
import { concatChunks, splitEvery } from "../helpers/chunks.js";
import { smallTuplePickle } from "../helpers/declined-record.js";
import { giantDictPickle, shuffledKeys } from "../helpers/giant-dict.js";

const CHUNK_BYTES = 512 * 1024;

/** giantDictPickle's dict of `count` keys with "zz": {1.5, 2.5} last, a set of floats the one-pass writers decline. */
function giantDictEndingWithFloatSet(count: number): Uint8Array {
  const dict = giantDictPickle(shuffledKeys(count));
  const floatSet = [0x8f, 0x28, 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x47, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x90];
  return concatChunks([dict.subarray(0, dict.length - 1), Uint8Array.from([0x28, 0x8c, 2, 0x7a, 0x7a, ...floatSet, 0x75, 0x2e])]);
}

// Past the engine's 8 MiB, after which a record lets its read input go.
const giant = giantDictEndingWithFloatSet(560_000);
const input = concatChunks([smallTuplePickle(1), giant, smallTuplePickle(2)]);

async function* chunksOf(bytes: Uint8Array, from = 0): AsyncGenerator<Uint8Array> {
  for (const chunk of splitEvery(bytes.subarray(from), CHUNK_BYTES)) yield chunk;
}

/** A `reread` over `bytes` that notes each offset asked for. */
function rereader(bytes: Uint8Array): { reread: (offset: number) => AsyncIterable<Uint8Array>; offsets: number[] } {
  const offsets: number[] = [];
  const reread = (offset: number): AsyncIterable<Uint8Array> => {
    offsets.push(offset);
    return chunksOf(bytes, offset);
  };
  return { reread, offsets };
}

async function collect(run: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const parts: Uint8Array[] = [];
  let error: unknown;
  try {
    for await (const part of run) parts.push(part);
  } catch (caught) {
    error = caught;
  }
  return { bytes: Buffer.concat(parts), error };
}

const ENCODERS = { json: picklesToJson, msgpack: picklesToMsgpack } as const;

describe.each(["json", "msgpack"] as const)("%s with reread", (format) => {
  const encode = (bytes: Uint8Array, options: PicklesToBytesOptions) => ENCODERS[format](chunksOf(bytes), options);

  it("reads a giant record that declines at its end again from its first byte, with the bytes of no reread", async () => {
    expect(giant.length).toBeGreaterThan(8.5 * 2 ** 20);
    const { reread, offsets } = rereader(input);
    const reading = await collect(encode(input, { reread, file: "giant.pkl" }));
    const holding = await collect(encode(input, { file: "giant.pkl" }));
    expect(holding.error).toBeUndefined();
    expect(reading.error).toBeUndefined();
    expect(reading.bytes.equals(holding.bytes)).toBe(true);
    expect(offsets).toEqual([6]);
  });

  it("fails as without reread when the input ends inside the giant record", async () => {
    const cut = input.subarray(0, 6 + giant.length - 100);
    const { reread, offsets } = rereader(cut);
    const reading = await collect(encode(cut, { reread, file: "cut.pkl" }));
    const holding = await collect(encode(cut, { file: "cut.pkl" }));
    expect(holding.error).toBeInstanceOf(Error);
    expect((reading.error as Error).message).toBe((holding.error as Error).message);
    expect(reading.bytes.equals(holding.bytes)).toBe(true);
    expect(offsets).toEqual([6]);
  });
});

describe("reread", () => {
  it("is not used for gzip input (its offsets are the inflated bytes')", async () => {
    const gzipped = gzipSync(input, { level: 1 });
    const reread = (): AsyncIterable<Uint8Array> => {
      throw new Error("gzip input was read again");
    };
    const reading = await collect(picklesToJson(chunksOf(gzipped), { reread }));
    const holding = await collect(picklesToJson(chunksOf(gzipped)));
    expect(reading.error).toBeUndefined();
    expect(reading.bytes.equals(holding.bytes)).toBe(true);
  });

  it("is asked for the absolute offset when the calling thread takes over from the workers", async () => {
    const small = concatChunks(Array.from({ length: 2000 }, (_, i) => smallTuplePickle(i % 200)));
    const stream = concatChunks([small, giant, smallTuplePickle(3)]);
    const { reread, offsets } = rereader(stream);
    const tuning = { minInputBytes: 0, batchBytes: 1024, maxRecordBytes: 1 << 20, maxFirstRecordBytes: 1 << 20, batchesPerWorker: 3 };
    const reading = await collect(parallelEngineBytes("json", chunksOf(stream), { workers: 1, reread }, jsonBytesEngine, tuning)!);
    const holding = await collect(picklesToJson(chunksOf(stream)));
    expect(reading.error).toBeUndefined();
    expect(reading.bytes.equals(holding.bytes)).toBe(true);
    expect(offsets).toEqual([small.length]);
  });
});

/**
 * A source that cannot be read again, as a pipe's reader is: one pass over `bytes`, and with
 * `isReused` every chunk in the same array, written over when the next is asked for (the CLI's
 * stdin ring). Notes whether it was closed early.
 */
function onePass(bytes: Uint8Array, isReused: boolean): { source: AsyncIterable<Uint8Array>; state: { passes: number; isClosed: boolean; pulls: number } } {
  const state = { passes: 0, isClosed: false, pulls: 0 };
  const source = {
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      if (++state.passes > 1) throw new Error("the source was read twice");
      const reused = new Uint8Array(CHUNK_BYTES);
      let at = 0;
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          state.pulls++;
          if (at >= bytes.length) return { done: true, value: undefined };
          const piece = bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.length));
          at += piece.length;
          if (!isReused) return { done: false, value: piece.slice() };
          reused.fill(0xee);
          reused.set(piece);
          return { done: false, value: reused.subarray(0, piece.length) };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          state.isClosed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { source, state };
}

describe.each(["json", "msgpack"] as const)("%s without reread (a pipe: the stream holds what may be asked for again)", (format) => {
  const encodeOnce = (bytes: Uint8Array, options: PicklesToBytesOptions) => ENCODERS[format](onePass(bytes, options.transientChunks === true).source, options);

  it.each([false, true])("gives the bytes of reread for a giant record that declines at its end (chunks reused: %s)", async (isReused) => {
    const { reread } = rereader(input);
    const reading = await collect(ENCODERS[format](chunksOf(input), { reread }));
    const { source, state } = onePass(input, isReused);
    const holding = await collect(ENCODERS[format](source, { transientChunks: isReused }));
    expect(reading.error).toBeUndefined();
    expect(holding.error).toBeUndefined();
    expect(holding.bytes.equals(reading.bytes)).toBe(true);
    expect(state.passes).toBe(1);
  });

  it.each([false, true])("fails as with reread when the input ends inside the giant record (chunks reused: %s)", async (isReused) => {
    const cut = input.subarray(0, 6 + giant.length - 100);
    const { reread } = rereader(cut);
    const reading = await collect(ENCODERS[format](chunksOf(cut), { reread, file: "cut.pkl" }));
    const holding = await collect(encodeOnce(cut, { file: "cut.pkl", transientChunks: isReused }));
    expect((holding.error as Error).message).toBe((reading.error as Error).message);
    expect(holding.bytes.equals(reading.bytes)).toBe(true);
  });

  it("closes the source when it stops early (maxRecords), and not before", async () => {
    const { source, state } = onePass(input, true);
    const run = await collect(ENCODERS[format](source, { maxRecords: 2, transientChunks: true }));
    expect(run.error).toBeUndefined();
    expect(state.isClosed).toBe(true);
    const all = onePass(input, true);
    await collect(ENCODERS[format](all.source, { transientChunks: true }));
    expect(all.state.isClosed).toBe(false);
  });
});

describe("a giant record without reread", () => {
  it("is not held in the engine's window: the window stays within 16 MiB where the record is 20 MB", async () => {
    const big = giantDictEndingWithFloatSet(1_300_000);
    expect(big.length).toBeGreaterThan(20e6);
    const engine = jsonBytesEngine({});
    let maxWindow = 0;
    async function* watched(): AsyncGenerator<Uint8Array> {
      for (const chunk of splitEvery(big, CHUNK_BYTES)) {
        maxWindow = Math.max(maxWindow, engine.inputBufferBytes);
        yield chunk;
      }
    }
    const held = await collect(engineBytes(engine, watched(), {}));
    const { reread } = rereader(big);
    const reading = await collect(picklesToJson(chunksOf(big), { reread }));
    expect(held.error).toBeUndefined();
    expect(held.bytes.equals(reading.bytes)).toBe(true);
    expect(maxWindow).toBeLessThanOrEqual(16 * 2 ** 20);
  });
});
