import { availableParallelism } from "node:os";
import { RecordSplitter, type TapeEngine } from "@pkl-stream/core/engine";
import { copyBytes } from "@pkl-stream/core/internal";
import { engineBytes, type InputPosition, type PicklesToBytesOptions } from "../engine-bytes.js";
import { gunzipNoting, type InflateNote } from "../gunzip.js";
import { toBytes } from "../to-bytes.js";
import { sniffTorch } from "../torch-input.js";
import { BatchEncoder } from "./batch-encoder.js";
import { BatchPool } from "./batch-pool.js";
import type { BatchResult, RecordsFormat } from "./worker-protocol.js";

/** The sizes that steer the parallel path (tests make them small). */
export interface ParallelTuning {
  /** Input read before workers start: input that ends sooner is encoded on the calling thread. */
  readonly minInputBytes: number;
  /** Whole records gathered into one batch (at least). */
  readonly batchBytes: number;
  /** A record still open past this many bytes sends the rest of the input to the calling thread. */
  readonly maxRecordBytes: number;
  /**
   * The same for the input's first record, before any worker started: a file that is one big
   * record (a DataFrame, a giant dict) is streamed by the calling thread without a wait.
   */
  readonly maxFirstRecordBytes: number;
  /**
   * Batches waiting at each worker: past that, the calling thread encodes the next batch
   * itself (it is a worker too, between reading and writing).
   */
  readonly batchesPerWorker: number;
  /** Told, at the end, who encoded what (tests check that workers did the work they should). */
  readonly onDone?: (stats: ParallelStats) => void;
}

export interface ParallelStats {
  /** Records written in batches (by the workers, and by the calling thread between reads). */
  readonly batchRecords: number;
  /** Of those, the records the calling thread wrote. */
  readonly localRecords: number;
  /** Whether worker threads were started (only once minInputBytes were read). */
  readonly isPoolStarted: boolean;
  /** Worker threads started (the `workers` asked for, at most twice the cores), 0 when none were. */
  readonly workerCount: number;
  /** Where the calling thread took over (absolute offset), or undefined when it never did. */
  readonly serialFrom: number | undefined;
}

const MIB = 1024 * 1024;
export const DEFAULT_TUNING: ParallelTuning = {
  minInputBytes: 4 * MIB,
  batchBytes: MIB,
  maxRecordBytes: 16 * MIB,
  maxFirstRecordBytes: MIB,
  batchesPerWorker: 3,
};

/** Batch input buffers kept for reuse. */
const SPARE_INPUTS = 16;

/** A batch given to a worker, in input order. */
interface InFlight {
  /** Absolute offset of its first byte. */
  readonly start: number;
  readonly result: Promise<BatchResult>;
  /** Encoded by the calling thread. */
  readonly isLocal: boolean;
}

/** What follows the held input once the calling thread takes over. */
interface Rest {
  readonly iterator: AsyncIterator<Uint8Array> | undefined;
  readonly error?: unknown;
  /** The iterator's next() already asked for. */
  readonly pending?: Promise<InputSettled>;
}

/** A chunk of input, or the error reading it gave. */
type InputSettled = { readonly result: IteratorResult<Uint8Array> } | { readonly error: unknown };

function settle(next: Promise<IteratorResult<Uint8Array>>): Promise<InputSettled> {
  return next.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
}

/** How long whole records wait for more input before they are handed out anyway. */
const FLUSH_MS = 10;

/**
 * `picklesToJson`/`picklesToMsgpack` with `workers`: the input's records are found by their
 * STOPs (RecordSplitter), gathered into batches of about 1 MiB and encoded by worker threads
 * with the same engine; their outputs are yielded in input order. Undefined when the options
 * do not allow it (no workers, framing, entries): the caller runs the engine itself.
 *
 * Output and errors are exactly the calling thread's: a batch that fails in any way is decoded
 * again here, from its first byte, with everything after it; so is input that ends before
 * workers pay (minInputBytes), a record past maxRecordBytes, and input the splitter cannot follow.
 */
export function parallelEngineBytes(
  format: RecordsFormat,
  source: AsyncIterable<Uint8Array>,
  options: PicklesToBytesOptions,
  makeEngine: (options: PicklesToBytesOptions) => TapeEngine,
  tuning: ParallelTuning = DEFAULT_TUNING,
): AsyncGenerator<Uint8Array, void, undefined> | undefined {
  // At most twice the cores: more threads only queue for them, each with its own heap and
  // batches (-j 1000 took 8 GB and more than a minute for a 6.7 MB input).
  const workers = Math.min(Math.floor(options.workers ?? 0), 2 * Math.max(2, availableParallelism()));
  if (!(workers >= 1) || options.framing !== undefined || options.entries === true) return undefined;
  return parallelBytes(format, source, options, makeEngine, workers, tuning);
}

async function* parallelBytes(
  format: RecordsFormat,
  source: AsyncIterable<Uint8Array>,
  options: PicklesToBytesOptions,
  makeEngine: (options: PicklesToBytesOptions) => TapeEngine,
  workerCount: number,
  tuning: ParallelTuning,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { detectGzip = true, onRecords } = options;
  const inflate: InflateNote = { isInflating: false };
  const sniffed = await sniffTorch(detectGzip ? gunzipNoting(source, inflate, options.file) : source);
  // Inflated input's offsets are not the source's: it is not read again by offset.
  const serialOptions: PicklesToBytesOptions = { ...options, detectGzip: false, workers: 0, reread: inflate.isInflating ? undefined : options.reread };
  if (sniffed.isTorch) {
    yield* engineBytes(makeEngine(serialOptions), sniffed.bytes, serialOptions);
    return;
  }
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const iterator = sniffed.bytes[Symbol.asyncIterator]();
  // Frames are jumped (ends guessed, checked by the workers) unless a limit needs exact counts.
  const splitter = new RecordSplitter(!Number.isFinite(maxRecords));
  const ends: number[] = [];
  let endsHead = 0;
  // Input from batchStart on, not in a batch yet.
  let held: Uint8Array[] = [];
  let batchStart = 0;
  /** Records handed out so far, by the splitter's count (exact when there is a limit; else only a guess used for nothing else). */
  let batchStartRecord = 0;
  let nextBatchId = 0;
  const local = new BatchEncoder((max) => makeEngine({ encoding: options.encoding, maxOutputBytes: options.maxOutputBytes, maxRecords: max }));
  let pool: BatchPool | undefined;
  const inFlight: InFlight[] = [];
  let recordsWritten = 0;
  let previousRecordMemoLength = 0;
  let isSourceFinished = false;
  let serialFrom: number | undefined;
  let localRecords = 0;
  // What follows the held input when the calling thread takes over: the source's next chunks,
  // or the error reading it gave.
  let rest: Rest = { iterator };

  /** Hands out input [batchStart, end) as a batch: to a worker, or here when no worker is free (or none may start yet). */
  const dispatch = (end: number, recordCount: number): void => {
    const input = takeHeld(end - batchStart);
    if (pool === undefined && splitter.bytesRead >= tuning.minInputBytes) {
      pool = new BatchPool(workerCount, { format, encoding: options.encoding, maxOutputBytes: options.maxOutputBytes });
    }
    const task = { batchId: nextBatchId++, input, maxRecords: maxRecords - batchStartRecord };
    const isLocal = pool === undefined || pool.leastWaiting >= tuning.batchesPerWorker;
    const result = isLocal ? Promise.resolve(local.encode(task)) : pool!.run(task);
    inFlight.push({ start: batchStart, result, isLocal });
    batchStart = end;
    batchStartRecord += recordCount;
  };
  /** Hands out every whole record held, as one batch. */
  const dispatchWhole = (): void => {
    if (endsHead === ends.length || batchStartRecord >= maxRecords) return;
    dispatch(ends[ends.length - 1]!, ends.length - endsHead);
    endsHead = ends.length;
  };
  // Batch inputs come back with their results: their memory is used again for later batches.
  // (A fresh buffer per batch is garbage this thread, which makes few objects, would collect
  // only after tens of MB: its peak memory would then grow with the input's length.)
  const spareInputs: ArrayBuffer[] = [];
  /** The first `count` held bytes in one buffer of their own (transferable); the rest stays held. */
  const takeHeld = (count: number): Uint8Array => {
    let spare = spareInputs.pop();
    while (spare !== undefined && spare.byteLength < count) spare = spareInputs.pop();
    const bytes = new Uint8Array(spare ?? new ArrayBuffer(Math.max(count, 2 * tuning.batchBytes)), 0, count);
    let at = 0;
    let i = 0;
    for (; at < count; i++) {
      const piece = held[i]!;
      const take = Math.min(piece.length, count - at);
      bytes.set(take === piece.length ? piece : piece.subarray(0, take), at);
      at += take;
      if (take < piece.length) {
        held[i] = piece.subarray(take);
        break;
      }
    }
    held = held.slice(i);
    return bytes;
  };
  const heldBytes = (): number => held.reduce((sum, piece) => sum + piece.length, 0);

  try {
    // Read, split at STOPs, hand out batches; wait for the oldest batch when enough are out.
    // While the next chunk is awaited, batches that are done are yielded, and whole records
    // held longer than FLUSH_MS are handed out: a slow producer's records come out as they
    // complete, as without workers.
    let nextInput: Promise<InputSettled> | undefined;
    read: for (;;) {
      const input = (nextInput ??= settle(iterator.next()));
      let settled: InputSettled | undefined;
      while (settled === undefined) {
        const head = inFlight[0];
        const waiting: Promise<number>[] = [input.then(() => 0)];
        if (head !== undefined) waiting.push(head.result.then(() => 1));
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (endsHead < ends.length) waiting.push(new Promise<number>((resolve) => (timer = setTimeout(() => resolve(2), FLUSH_MS))));
        const first = await Promise.race(waiting);
        clearTimeout(timer);
        if (first === 0) {
          settled = await input;
          nextInput = undefined;
        } else if (first === 1) {
          const result = await head!.result;
          if (!result.isOk) break read;
          inFlight.shift();
          yield* taken(result, head!.isLocal);
        } else {
          dispatchWhole();
        }
      }
      if ("error" in settled) {
        rest = { iterator: undefined, error: settled.error };
        break;
      }
      if (settled.result.done === true) {
        isSourceFinished = true;
        rest = { iterator: undefined };
        break;
      }
      // Held across later reads: a transient chunk is copied.
      const chunk = options.transientChunks === true ? copyBytes(toBytes(settled.result.value)) : toBytes(settled.result.value);
      held.push(chunk);
      splitter.push(chunk, ends);
      // Input the split cannot follow, or a giant record: the calling thread goes on from here.
      if (splitter.isLost || splitter.bytesRead - splitter.lastEnd > tuning.maxRecordBytes) break;
      if (splitter.recordCount === 0 && splitter.bytesRead > tuning.maxFirstRecordBytes) break;
      if (splitter.bytesRead < tuning.minInputBytes) {
        // No workers yet: whole records are encoded here as they arrive.
        dispatchWhole();
      } else {
        while (endsHead < ends.length && ends[ends.length - 1]! - batchStart >= tuning.batchBytes && batchStartRecord < maxRecords) {
          let at = endsHead;
          while (ends[at]! - batchStart < tuning.batchBytes) at++;
          dispatch(ends[at]!, at + 1 - endsHead);
          endsHead = at + 1;
        }
      }
      if (endsHead > 4096) {
        ends.splice(0, endsHead);
        endsHead = 0;
      }
      // Enough records handed out for the limit: no more input is read.
      if (batchStartRecord >= maxRecords) break;
      while (inFlight.length > workerCount * tuning.batchesPerWorker) {
        const head = inFlight[0]!;
        const result = await head.result;
        if (!result.isOk) break read;
        inFlight.shift();
        yield* taken(result, head.isLocal);
      }
    }
    // A chunk asked for and not read yet goes to the calling thread with the rest.
    if (nextInput !== undefined && rest.iterator !== undefined) rest = { iterator, pending: nextInput };
    if (isSourceFinished && batchStartRecord < maxRecords) {
      // The input's last bytes: whole records, or a cut one the worker fails on (the calling
      // thread then says what is missing).
      const count = heldBytes();
      if (count > 0) dispatch(batchStart + count, 0);
    }
    // The batches out, in order; from the first that failed on, the calling thread decodes.
    while (inFlight.length > 0) {
      const head = inFlight[0]!;
      const result = await head.result;
      if (!result.isOk) {
        const inputs: Uint8Array[] = [];
        for (const batch of inFlight) inputs.push((await batch.result).input);
        inFlight.length = 0;
        held = [...inputs, ...held];
        batchStart = head.start;
        break;
      }
      inFlight.shift();
      yield* taken(result, head.isLocal);
    }
    if (recordsWritten >= maxRecords) return;
    if (heldBytes() === 0 && rest.iterator === undefined && !("error" in rest)) return;
    // Every batch before batchStart was written: their counts (the workers') say where it is.
    const at: InputPosition = { offset: batchStart, recordIndex: recordsWritten, previousRecordMemoLength };
    const remaining = maxRecords - recordsWritten;
    const tailOptions: PicklesToBytesOptions = {
      ...serialOptions,
      maxRecords: Number.isFinite(remaining) ? remaining : undefined,
      inputSize: options.inputSize === undefined ? undefined : Math.max(0, options.inputSize - batchStart),
    };
    serialFrom = batchStart;
    yield* engineBytes(makeEngine(tailOptions), heldThenRest(held, rest), tailOptions, at);
  } finally {
    tuning.onDone?.({ batchRecords: recordsWritten, localRecords, isPoolStarted: pool !== undefined, workerCount: pool === undefined ? 0 : workerCount, serialFrom });
    await pool?.close();
    if (!isSourceFinished) await iterator.return?.();
  }

  async function* taken(result: BatchResult, isLocal: boolean): AsyncGenerator<Uint8Array, void, undefined> {
    recordsWritten += result.recordCount;
    if (isLocal) localRecords += result.recordCount;
    if (spareInputs.length < SPARE_INPUTS) spareInputs.push(result.input.buffer as ArrayBuffer);
    previousRecordMemoLength = result.lastRecordMemoLength;
    if (result.recordCount > 0) onRecords?.(result.recordCount);
    if (result.output.length > 0) yield result.output;
  }
}

async function* heldThenRest(held: readonly Uint8Array[], rest: Rest): AsyncGenerator<Uint8Array, void, undefined> {
  for (const piece of held) if (piece.length > 0) yield piece;
  if ("error" in rest) throw rest.error;
  if (rest.iterator === undefined) return;
  if (rest.pending !== undefined) {
    const settled = await rest.pending;
    if ("error" in settled) throw settled.error;
    if (settled.result.done === true) return;
    yield settled.result.value;
  }
  for (;;) {
    const next = await rest.iterator.next();
    if (next.done === true) return;
    yield next.value;
  }
}
