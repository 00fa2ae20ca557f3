// picklesToJson / picklesToMsgpack with `reread` (a regular file read by position): a giant record
// lets the input it has read go, and one that then declines, or is cut short, is read again from
// its first byte. Output and errors are those of no `reread`; gzip input is never read again.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { PicklesToBytesOptions } from "../../packages/stream/src/engine-bytes.js";
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
