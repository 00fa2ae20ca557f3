// picklesToJson / picklesToMsgpack with `workers`: records encoded by worker threads in batches,
// yielded in input order. Output and errors must be exactly those of no workers, whatever the
// batch sizes and chunking: a failed batch, a giant record and input the splitter cannot follow
// all go back to the calling thread.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { RecordSplitter } from "@pkl-stream/core/engine";
import { gzipSync } from "node:zlib";
import { jsonBytesEngine, picklesToJson } from "../../packages/stream/src/json-bytes.js";
import { msgpackBytesEngine, picklesToMsgpack } from "../../packages/stream/src/msgpack-bytes.js";
import type { PicklesToBytesOptions } from "../../packages/stream/src/engine-bytes.js";
import { type ParallelStats, type ParallelTuning, parallelEngineBytes } from "../../packages/stream/src/parallel/parallel-bytes.js";
import { describe, expect, it } from "vitest";
import { floatSetPickle } from "../helpers/declined-record.js";
import { concatChunks, splitEvery, splitRandomly } from "../helpers/chunks.js";
import { loadManifest, readPickle } from "../helpers/fixtures.js";

/** Batches of one record or a few: every split and hand-over is exercised on small input. */
const SMALL: ParallelTuning = { minInputBytes: 0, batchBytes: 200, maxRecordBytes: 1 << 20, maxFirstRecordBytes: 1 << 20, batchesPerWorker: 2 };

const sample = new Uint8Array(readFileSync(new URL("../../samples/appended-records.pkl", import.meta.url)));
/** Where the sample's first record ends (just past its STOP). */
const firstRecordEnd = ((): number => {
  const ends: number[] = [];
  new RecordSplitter().push(sample, ends);
  return ends[0]!;
})();
/** Every committed fixture that decodes with default options, appended into one stream. */
const fixtureStream = concatChunks(
  loadManifest()
    .filter((entry) => entry.throws === undefined && entry.options === undefined)
    .map((entry) => readPickle(entry)),
);
/**
 * The same without the records that make out-of-band buffer placeholders (numbered across the
 * stream, so no batch holding one is written apart: the calling thread takes over from it).
 */
const batchableStream = concatChunks(
  loadManifest()
    .filter((entry) => entry.throws === undefined && entry.options === undefined && !entry.name.includes("oob"))
    .map((entry) => readPickle(entry)),
);

interface Outcome {
  readonly bytes: Buffer;
  readonly error: unknown;
  readonly records: number;
}

async function* fromChunks(chunks: readonly Uint8Array[], failure?: Error): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
  if (failure !== undefined) throw failure;
}

async function collect(run: (onRecords: (count: number) => void) => AsyncGenerator<Uint8Array, void, undefined>): Promise<Outcome> {
  const parts: Uint8Array[] = [];
  let records = 0;
  let error: unknown;
  try {
    for await (const part of run((count) => (records += count))) parts.push(part);
  } catch (caught) {
    error = caught;
  }
  return { bytes: Buffer.concat(parts), error, records };
}

type Format = "json" | "msgpack";
const SERIAL = { json: picklesToJson, msgpack: picklesToMsgpack };
const ENGINES = { json: jsonBytesEngine, msgpack: msgpackBytesEngine };

/** The same input through the calling thread alone and through two workers with `tuning`. */
async function bothWays(
  format: Format,
  chunks: () => AsyncGenerator<Uint8Array>,
  options: PicklesToBytesOptions = {},
  tuning: ParallelTuning = SMALL,
): Promise<{ serial: Outcome; parallel: Outcome; stats: ParallelStats }> {
  const serial = await collect((onRecords) => SERIAL[format](chunks(), { ...options, onRecords }));
  let stats: ParallelStats | undefined;
  const parallel = await collect((onRecords) => {
    const run = parallelEngineBytes(format, chunks(), { ...options, onRecords, workers: 2 }, ENGINES[format], {
      ...tuning,
      onDone: (done) => (stats = done),
    });
    if (run === undefined) throw new Error("the parallel path refused the options");
    return run;
  });
  if (stats === undefined) throw new Error("the parallel path did not report");
  return { serial, parallel, stats };
}

function expectSame({ serial, parallel }: { serial: Outcome; parallel: Outcome }): void {
  expect(parallel.bytes.equals(serial.bytes)).toBe(true);
  expect(parallel.records).toBe(serial.records);
  if (serial.error === undefined) {
    expect(parallel.error).toBeUndefined();
    return;
  }
  const [a, b] = [serial.error as Error & Record<string, unknown>, parallel.error as Error & Record<string, unknown>];
  expect(b?.constructor).toBe(a.constructor);
  expect(b.message).toBe(a.message);
  for (const field of ["offset", "recordIndex", "opcode", "code", "file"]) expect(b[field], field).toEqual(a[field]);
}

describe.each(["json", "msgpack"] as const)("%s with workers", (format) => {
  it("writes the fixtures' records as the calling thread does, in every chunking", async () => {
    for (const size of [1, 7, 4096, 1 << 20]) {
      const result = await bothWays(format, () => fromChunks(splitEvery(batchableStream, size)));
      expectSame(result);
      // Batches wrote every record, worker threads some of them: the calling thread never took over.
      expect(result.stats).toMatchObject({ batchRecords: result.serial.records, serialFrom: undefined });
      expect(result.stats.localRecords).toBeLessThan(result.stats.batchRecords);
    }
    const random = await bothWays(format, () => fromChunks(splitRandomly(batchableStream, 5, 500)));
    expectSame(random);
    expect(random.stats.serialFrom).toBeUndefined();
    // With the records that make out-of-band buffer placeholders (0 for the stream's first): the
    // calling thread takes over at the first batch holding one.
    for (const chunks of [splitEvery(fixtureStream, 4096), splitRandomly(fixtureStream, 6, 500)]) {
      const result = await bothWays(format, () => fromChunks(chunks));
      expectSame(result);
      expect(result.stats.serialFrom).toBeGreaterThan(0);
    }
  });

  it("writes records the tape declines (the value path, inside a worker) in place", async () => {
    const stream = concatChunks([sample, floatSetPickle(50, 1), sample, floatSetPickle(3, 2), sample]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 333)));
    expect(result.serial.records).toBe(3 * 36 + 2);
    expectSame(result);
    expect(result.stats).toMatchObject({ batchRecords: 3 * 36 + 2, serialFrom: undefined });
  });

  it("throws the calling thread's error for a bad record, after every record before it", async () => {
    // A BINGET of a memo key the record never set, after 72 good records.
    const stream = concatChunks([sample, sample, Uint8Array.from([0x80, 0x04, 0x68, 0x07, 0x2e]), sample]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 100)), { file: "in.pkl" });
    expect((result.serial.error as Error).message).toMatch(/^in\.pkl: record 72 at byte \d+: memo key 7 is missing/);
    expectSame(result);
    // Workers wrote the good records before the bad one's batch; this thread decoded from it.
    expect(result.stats.batchRecords).toBeGreaterThan(0);
    expect(result.stats.serialFrom).toBeLessThanOrEqual(2 * sample.length);
  });

  it("names a broken FRAME's end as the calling thread does, deep in the input (it named a byte counted from the batch)", async () => {
    // PROTO 4, a FRAME of 3 bytes, then a SHORT_BINUNICODE of 7 that runs past it, after 72 good records.
    const bad = Uint8Array.from([0x80, 0x04, 0x95, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x05, ...Buffer.from("hello"), 0x2e]);
    const stream = concatChunks([sample, sample, bad, sample]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 100)), { file: "in.pkl" });
    expect((result.serial.error as Error).message).toMatch(
      /^in\.pkl: record 72 at byte \d+: the opcode runs 4 bytes past the end of its FRAME \(which ends 3 bytes after the opcode's start\)/,
    );
    expectSame(result);
    expect(result.stats.batchRecords).toBeGreaterThan(0);
  });

  it("says what is missing when the input ends inside a record", async () => {
    const stream = concatChunks([sample, sample.subarray(0, 50)]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 64)), { file: "cut.pkl" });
    expect(result.serial.error).toBeDefined();
    expectSame(result);
  });

  it("stops after maxRecords records", async () => {
    for (const maxRecords of [1, 35, 37, 80]) {
      const result = await bothWays(format, () => fromChunks(splitEvery(concatChunks([sample, sample, sample]), 256)), { maxRecords });
      expect(result.serial.records).toBe(maxRecords);
      expectSame(result);
    }
  });

  it("goes on with the calling thread where the split cannot follow the input", async () => {
    // A byte that is no opcode after 36 records: the error is the calling thread's.
    const stream = concatChunks([sample, Uint8Array.from([0xff]), sample]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 128)), { file: "x.pkl" });
    expectSame(result);
    expect(result.stats.serialFrom).toBeLessThanOrEqual(sample.length);
  });

  it("hands a record bigger than maxRecordBytes, and all after it, to the calling thread", async () => {
    const stream = concatChunks([sample, floatSetPickle(2000, 3), sample]);
    const tuning = { ...SMALL, maxRecordBytes: 4096 };
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 1000)), {}, tuning);
    expectSame(result);
    expect(result.stats.batchRecords).toBeGreaterThan(0);
    expect(result.stats.serialFrom).toBeLessThanOrEqual(sample.length);
  });

  it("encodes on the calling thread alone when the first record is bigger than maxFirstRecordBytes", async () => {
    const stream = concatChunks([floatSetPickle(2000, 3), sample]);
    const tuning = { ...SMALL, maxFirstRecordBytes: 4096 };
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 1000)), {}, tuning);
    expectSame(result);
    expect(result.stats).toEqual({ batchRecords: 0, localRecords: 0, isPoolStarted: false, workerCount: 0, serialFrom: 0 });
  });

  it("encodes whole records on the calling thread as they arrive when the input ends before minInputBytes", async () => {
    const tuning = { ...SMALL, minInputBytes: 1 << 30 };
    const result = await bothWays(format, () => fromChunks(splitEvery(sample, 100)), {}, tuning);
    expectSame(result);
    expect(result.stats).toEqual({ batchRecords: 36, localRecords: 36, isPoolStarted: false, workerCount: 0, serialFrom: undefined });
  });

  it("yields each record before the next input arrives (a slow producer is not kept waiting)", { timeout: 20_000 }, async () => {
    // The source hands out the next record only once the output of the one before came out:
    // a path that held records back for a batch would wait here for ever.
    const records = Array.from({ length: 6 }, () => sample.subarray(0, firstRecordEnd));
    let outputs = 0;
    let wakeSource = (): void => {};
    async function* slowSource(): AsyncGenerator<Uint8Array> {
      for (const record of records) {
        const seen = outputs;
        yield record;
        while (outputs === seen) await new Promise<void>((resolve) => (wakeSource = resolve));
      }
    }
    const tuning = { ...SMALL, minInputBytes: 0, batchBytes: 1 << 20 };
    const run = parallelEngineBytes(format, slowSource(), { workers: 1 }, ENGINES[format], tuning)!;
    for await (const part of run) {
      expect(part.length).toBeGreaterThan(0);
      outputs++;
      wakeSource();
    }
    expect(outputs).toBe(6);
  });

  it("writes a record whose first frame ends with a STOP byte inside a str (a wrong guess of the split)", async () => {
    // ['a.'] in two frames, the first ending with the str's '.': the splitter guesses an end there.
    const twoFrames = Uint8Array.from([0x80, 0x04, 0x95, 6, 0, 0, 0, 0, 0, 0, 0, 0x5d, 0x28, 0x8c, 2, 0x61, 0x2e, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x65, 0x2e]);
    const stream = concatChunks([sample, twoFrames, sample, twoFrames, sample]);
    const tuning = { ...SMALL, batchBytes: 1 };
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 50)), {}, tuning);
    expectSame(result);
    expect(result.serial.records).toBe(3 * 36 + 2);
    // The batch cut at the guess failed in its worker; this thread read on from its start.
    expect(result.stats.serialFrom).toBe(sample.length);
  });

  it("gunzips gzip input by its content", async () => {
    const gzipped = gzipSync(concatChunks([sample, sample]));
    const result = await bothWays(format, () => fromChunks(splitEvery(gzipped, 500)));
    expectSame(result);
    expect(result.stats).toMatchObject({ batchRecords: 72, serialFrom: undefined });
  });

  it("yields the records read before the source failed, then its error", async () => {
    const failure = new Error("the disk went away");
    const stream = concatChunks([sample, sample]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream.subarray(0, 3000), 100), failure));
    expect(result.serial.error).toBe(failure);
    expect(result.parallel.error).toBe(failure);
    expect(result.parallel.bytes.equals(result.serial.bytes)).toBe(true);
  });

  it("names the memo length of the record before a batch in a missing memo key's hint", async () => {
    // A record that reads memo key 40, after records whose memo was larger: the hint says so.
    const stream = concatChunks([sample, Uint8Array.from([0x80, 0x04, 0x68, 0x28, 0x2e])]);
    const result = await bothWays(format, () => fromChunks(splitEvery(stream, 64)), { file: "hint.pkl" });
    expect(result.serial.error).toBeDefined();
    expectSame(result);
  });
});

describe("the parallel path", () => {
  it("encodes every batch of 1 MiB or more in the workers, whose engines read each batch where it lies and let it go before the next", async () => {
    // A worker's engine reads a batch past 1 MiB in place (core's borrowed window); the batch's
    // memory goes back to this thread, detached there, before the next batch comes.
    const stream = concatChunks(Array.from({ length: 800 }, () => sample));
    let stats: ParallelStats | undefined;
    const tuning = { ...SMALL, batchBytes: 1 << 20, batchesPerWorker: 8, onDone: (done: ParallelStats) => (stats = done) };
    const run = parallelEngineBytes("json", fromChunks(splitEvery(stream, 1 << 18)), { workers: 1 }, jsonBytesEngine, tuning)!;
    const parallel = await collect(() => run);
    const serial = await collect(() => picklesToJson(fromChunks([stream])));
    expect(stream.length).toBeGreaterThan(4 << 20);
    expect(parallel.bytes.equals(serial.bytes)).toBe(true);
    expect(stats!.serialFrom).toBeUndefined();
    expect(stats!.batchRecords).toBe(800 * 36);
    expect(stats!.batchRecords - stats!.localRecords).toBeGreaterThan(36);
  });

  it("encodes batches on the calling thread too once every worker has batchesPerWorker waiting", async () => {
    const stream = concatChunks(Array.from({ length: 20 }, () => sample));
    let stats: ParallelStats | undefined;
    const tuning = { ...SMALL, batchBytes: 64, batchesPerWorker: 1, onDone: (done: ParallelStats) => (stats = done) };
    const run = parallelEngineBytes("json", fromChunks([stream]), { workers: 1 }, jsonBytesEngine, tuning)!;
    const parallel = await collect(() => run);
    const serial = await collect(() => picklesToJson(fromChunks([stream])));
    expect(parallel.bytes.equals(serial.bytes)).toBe(true);
    expect(stats!.batchRecords).toBe(20 * 36);
    expect(stats!.localRecords).toBeGreaterThan(0);
    expect(stats!.localRecords).toBeLessThan(20 * 36);
  });

  it("starts at most twice the cores of the workers asked for (-j 1000 took 8 GB), with the same output", async () => {
    const stream = concatChunks(Array.from({ length: 20 }, () => sample));
    let stats: ParallelStats | undefined;
    const tuning = { ...SMALL, batchBytes: 64, batchesPerWorker: 1, onDone: (done: ParallelStats) => (stats = done) };
    const run = parallelEngineBytes("json", fromChunks([stream]), { workers: 1000 }, jsonBytesEngine, tuning)!;
    const parallel = await collect(() => run);
    const serial = await collect(() => picklesToJson(fromChunks([stream])));
    expect(parallel.bytes.equals(serial.bytes)).toBe(true);
    expect(stats!.workerCount).toBe(2 * Math.max(2, availableParallelism()));
  });

  it("is not taken without workers, with framing or with entries", () => {
    const engines = jsonBytesEngine;
    const source = fromChunks([sample]);
    expect(parallelEngineBytes("json", source, {}, engines)).toBeUndefined();
    expect(parallelEngineBytes("json", source, { workers: 0 }, engines)).toBeUndefined();
    expect(parallelEngineBytes("json", source, { workers: 2, framing: { suffix: "\n" } }, engines)).toBeUndefined();
    expect(parallelEngineBytes("json", source, { workers: 2, entries: true }, engines)).toBeUndefined();
  });

  it("is what picklesToJson runs with workers (default sizes)", async () => {
    const big = concatChunks(Array.from({ length: 40 }, () => fixtureStream));
    const serial = await collect(() => picklesToJson(fromChunks(splitEvery(big, 1 << 16))));
    const parallel = await collect(() => picklesToJson(fromChunks(splitEvery(big, 1 << 16)), { workers: 2 }));
    expect(big.length).toBeGreaterThan(4 << 20);
    expect(parallel.bytes.equals(serial.bytes)).toBe(true);
  });
});
