import { availableParallelism } from "node:os";
import { relative } from "node:path";
import type { Writable } from "node:stream";
import type { PyValue } from "@pkl-stream/core";
import { defaultOutputBudget } from "@pkl-stream/core/json";
import pMap from "p-map";
import { type OutputFile, assertNotAnInput, openOutputFile } from "../output-file.js";
import { decodeMsgpackValues } from "../msgpack-values.js";
import { ByteBatch } from "./byte-batch.js";
import { emitTree } from "./emit.js";
import { type MergeFileFailure, type MergeOptions, type MergeSettings, type MergeSummary, resolveMergeOptions } from "./merge-options.js";
import { MergeTree } from "./merge-tree.js";
import { mergedPickle } from "./pickle-output.js";
import { type MergeInput, planMerge } from "./plan.js";
import { ShardError, WorkerPool } from "./pool.js";
import { countKeys } from "./segment.js";
import { WritePipeline } from "./write-pipeline.js";
import type { ShardResult, ShardTask } from "./worker-protocol.js";

/** Output is written in chunks of this size. */
const OUTPUT_CHUNK_BYTES = 1024 * 1024;
/**
 * Output chunks being written to an atomic file while the next are made. Measured on the bench's
 * 8-shard merge (574 MB of msgpack out): see the commit that set it.
 */
const WRITES_IN_FLIGHT = 4;

/** Thrown when the patterns match no file. */
export class NoInputError extends Error {
  override readonly name = "NoInputError";
}

/**
 * Merges every dict pickle the patterns match into one dict, as CPython would by loading the
 * files in sorted path order and `dict.update`-ing them (records of a file in order).
 *
 * Worker threads decode the files (`concurrency` at once) and encode each entry in the output
 * format; the bytes come back as transferred buffers, and the main thread only compares keys and
 * copies the winning bytes out. The result is the same whatever the concurrency and whichever
 * worker finishes first. Gzip input and a previous merge's msgpack output (recognised by content)
 * are valid inputs, so merges compose.
 *
 * With `output`, resolves to a summary once the output is complete; without, to the merged dict
 * (a Map; values as its msgpack output holds them: dicts are Maps, tuples and sets arrays (a
 * tuple key a tuple), bytes Uint8Array, a float with no fraction a PyFloat, as `decodeMsgpackValues`
 * reads them).
 */
export function mergePickles(options: MergeOptions & { readonly output: string | Writable }): Promise<MergeSummary>;
export function mergePickles(options: MergeOptions & { readonly output?: undefined }): Promise<Map<PyValue, PyValue>>;
export function mergePickles(options: MergeOptions): Promise<MergeSummary | Map<PyValue, PyValue>>;
export async function mergePickles(options: MergeOptions): Promise<MergeSummary | Map<PyValue, PyValue>> {
  const settings = resolveMergeOptions(options);
  const inputs = await planMerge(settings.patterns, settings.cwd);
  if (inputs.length === 0) throw new NoInputError(`no file matches ${settings.patterns.join(" ")} (in ${settings.cwd})`);
  // In memory, the merge runs in msgpack and the result is read back from it; so does pickle output (pickle-output.ts).
  const format = settings.output === undefined || settings.format === "pickle" ? "msgpack" : settings.format;
  const output = settings.output;
  if (output === undefined) {
    const { tree, closed } = await mergeInputs(inputs, settings, format);
    try {
      return await readBack(tree);
    } finally {
      await closed;
    }
  }
  // An output path is checked and opened before the work: a merge of hours must not fail at the
  // end on a missing folder, and must never write over one of its own inputs.
  let file: OutputFile | undefined;
  if (typeof output === "string") {
    await assertNotAnInput(
      output,
      inputs.map((input) => [input.path, relative(settings.cwd, input.path)]),
    );
    file = await openOutputFile(output);
  }
  // An atomic file's writes are placed when called: they may overlap the emitting (write-pipeline.ts).
  const atomicFile = file?.mode === "atomic" ? file : undefined;
  // Its chunks come back to the batch once written: a file handle keeps no reference to them.
  let batch: ByteBatch | undefined;
  const pipeline =
    atomicFile === undefined
      ? undefined
      : new WritePipeline(async (chunk) => {
          await atomicFile.write(chunk);
          batch?.release(chunk);
        }, WRITES_IN_FLIGHT);
  let closed: Promise<void> | undefined;
  try {
    const { tree, failures, closed: workersClosed } = await mergeInputs(inputs, settings, format);
    closed = workersClosed;
    const write = checked(
      pipeline !== undefined ? (chunk) => pipeline.write(chunk) : file !== undefined ? (chunk) => file.write(chunk) : (chunk) => writeTo(output as Writable, chunk),
      settings.signal,
    );
    if (settings.format === "pickle") await write(mergedPickle(await collectMsgpack(tree)));
    else await emitTree(tree, format, (batch = new ByteBatch(OUTPUT_CHUNK_BYTES, write)));
    await pipeline?.drain();
    await file?.commit();
    await closed;
    return {
      filesMerged: inputs.length - failures.length,
      failures,
      keyCount: tree.root.size,
      bytesRead: inputs.reduce((sum, input) => sum + input.bytes, 0),
    };
  } catch (error) {
    // Writes still in flight finish (or fail) before the temporary file goes.
    await pipeline?.drain().catch(() => undefined);
    await file?.abort();
    await closed;
    throw error;
  }
}

async function mergeInputs(
  inputs: readonly MergeInput[],
  settings: MergeSettings,
  format: MergeSettings["format"],
): Promise<{ tree: MergeTree; failures: MergeFileFailure[]; closed: Promise<void> }> {
  settings.signal?.throwIfAborted();
  const tree = new MergeTree(settings.onConflict, format);
  const failures: MergeFileFailure[] = [];
  // At most twice the cores, as the record path: more threads only queue for them, each with its
  // own heap (-j 64 took 934 MB and 12 times as long as -j 2 for 64 small files).
  const pool = new WorkerPool(Math.min(settings.concurrency, inputs.length, 2 * Math.max(2, availableParallelism())));
  const progress = new ProgressCounter(inputs, settings.onProgress);
  // Results wait here until every earlier file is merged: sorted order decides conflicts.
  const finished = new Map<number, ShardResult | null>();
  let nextToApply = 0;
  const applyReady = (): void => {
    for (let result = finished.get(nextToApply); result !== undefined; result = finished.get(nextToApply)) {
      finished.delete(nextToApply);
      if (result !== null) {
        const keyCount = countKeys(result.segment);
        tree.add(result.segment, inputs[nextToApply]!.path, expectedKeys(inputs, nextToApply, keyCount), keyCount);
      }
      nextToApply++;
    }
  };
  let isMerged = false;
  try {
    // Every file is handed to the pool at once (p-map's concurrency is the file count; the pool
    // runs `concurrency` of them): a worker takes the next file as soon as it hands one back,
    // while the main thread merges that one. (With p-map's concurrency at the pool's size, the
    // next file waited for the merge of the one before: workers sat idle 2.0-2.7 s of a merge.)
    await pMap(
      inputs.keys(),
      async (index) => {
        const input = inputs[index]!;
        let result: ShardResult | null = null;
        try {
          result = await pool.run(input.path, encoderSettings(input, settings, format), (bytesRead) => progress.reading(index, bytesRead));
        } catch (error) {
          if (!settings.keepGoing || !(error instanceof ShardError)) throw error;
          const failure = { file: input.path, message: error.message, code: error.code };
          failures.push(failure);
          settings.onFileError?.(failure);
        }
        progress.done(index);
        finished.set(index, result);
        applyReady();
      },
      { concurrency: inputs.length, signal: settings.signal, stopOnError: true },
    );
    isMerged = true;
  } finally {
    if (!isMerged) await pool.close();
  }
  failures.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // The workers stop while the output is written (~50 ms on the bench VM, no longer before it);
  // the caller waits for `closed` before it returns.
  return { tree, failures, closed: pool.close() };
}

function encoderSettings(input: MergeInput, settings: MergeSettings, format: MergeSettings["format"]): ShardTask["settings"] {
  return { format, isDeep: settings.onConflict === "deep", maxOutputBytes: defaultOutputBudget(input.bytes) };
}

/**
 * Keys the files from `index` on may add, guessed from file `index`'s top-level keys per input byte:
 * the tree then makes room once instead of doubling (and rehashing its index) as they come.
 */
function expectedKeys(inputs: readonly MergeInput[], index: number, keyCount: number): number {
  let restBytes = 0;
  for (let i = index; i < inputs.length; i++) restBytes += inputs[i]!.bytes;
  return Math.ceil((keyCount * restBytes) / Math.max(1, inputs[index]!.bytes));
}

/** Counts bytes read per file and reports totals. */
class ProgressCounter {
  private readonly readPerFile: number[];
  private filesDone = 0;
  private readonly bytesTotal: number;
  private readonly startedAt = performance.now();

  constructor(
    private readonly inputs: readonly MergeInput[],
    private readonly onProgress: MergeSettings["onProgress"],
  ) {
    this.readPerFile = inputs.map(() => 0);
    this.bytesTotal = inputs.reduce((sum, input) => sum + input.bytes, 0);
  }

  reading(index: number, bytesRead: number): void {
    this.readPerFile[index] = bytesRead;
    this.report();
  }

  done(index: number): void {
    this.readPerFile[index] = this.inputs[index]!.bytes;
    this.filesDone++;
    this.report();
  }

  private report(): void {
    if (this.onProgress === undefined) return;
    this.onProgress({
      filesDone: this.filesDone,
      filesTotal: this.inputs.length,
      bytesRead: this.readPerFile.reduce((sum, bytes) => sum + bytes, 0),
      bytesTotal: this.bytesTotal,
      elapsedMs: performance.now() - this.startedAt,
    });
  }
}

function checked(write: (chunk: Uint8Array) => Promise<void>, signal: AbortSignal | undefined): (chunk: Uint8Array) => Promise<void> {
  return async (chunk) => {
    signal?.throwIfAborted();
    await write(chunk);
  };
}

/**
 * Writes with backpressure: waits for 'drain' when the stream's buffer is full. A stream that
 * failed or closed (stdout whose reader quit: EPIPE) rejects instead of waiting forever.
 */
async function writeTo(stream: Writable, chunk: Uint8Array): Promise<void> {
  if (stream.errored !== null) throw stream.errored;
  if (stream.destroyed) throw closedError();
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error | null): void => {
      stream.off("drain", onDrain);
      stream.off("error", settle);
      stream.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(stream.errored ?? closedError());
    stream.on("drain", onDrain);
    stream.on("error", settle);
    stream.on("close", onClose);
  });
}

function closedError(): Error {
  return Object.assign(new Error("write EPIPE: the output stream was closed"), { code: "EPIPE" });
}

/**
 * The merged dict read back from its msgpack bytes by our reader, not msgpackr's: msgpackr reads
 * a float 2.0 as the number 2, which core's value model takes for the int 2 (toJson would write
 * `2` where the merge's JSON output writes `2.0`, and dumps would give Python an int).
 */
async function readBack(tree: MergeTree): Promise<Map<PyValue, PyValue>> {
  const [merged] = decodeMsgpackValues(await collectMsgpack(tree));
  return merged as Map<PyValue, PyValue>;
}

/** The merged dict as one msgpack map, in memory. */
async function collectMsgpack(tree: MergeTree): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await emitTree(tree, "msgpack", new ByteBatch(OUTPUT_CHUNK_BYTES, async (chunk) => void chunks.push(chunk)));
  return Buffer.concat(chunks);
}
