import { isOutputError, isPickleError, type OutputError, type Py2StringEncoding } from "@pkl-stream/core";
import { checkDecoderOptions, notAPickleError } from "@pkl-stream/core/internal";
import type { OutputSpill, RecordFraming, TapeEngine } from "@pkl-stream/core/engine";
import { GzipCutError, gunzipNoting, type InflateNote } from "./gunzip.js";
import { HeadBytes } from "./head-bytes.js";
import { HeldInput } from "./held-input.js";
import { locateError, locateGzipCut } from "./locate-error.js";
import { toBytes } from "./to-bytes.js";
import { readTorchInput, sniffTorch } from "./torch-input.js";
import { checkOptional, describe } from "./options.js";

export type { OutputSpill, RecordFraming } from "@pkl-stream/core/engine";

/** Options of `picklesToJson` and `picklesToMsgpack`. */
export interface PicklesToBytesOptions {
  /** Named in errors (`FILE: record N at byte B: ...`). */
  readonly file?: string;
  /** How Python 2 `str` (STRING opcodes) decode. Default "latin1". */
  readonly encoding?: Py2StringEncoding;
  /** What goes around each record (JSON: default a newline after each; msgpack: nothing). */
  readonly framing?: RecordFraming;
  /** Stop after this many records. */
  readonly maxRecords?: number;
  /** Output allowed per record. Default `defaultOutputBudget(record bytes)` (core). */
  readonly maxOutputBytes?: number;
  /** Undo gzip and zlib, and bzip2/xz/zstd through their tools (gunzip.ts), when the input starts with their magic bytes. Default true. */
  readonly detectGzip?: boolean;
  /** The input's size in bytes, when known (a file's): spares a giant record's window its doubling copies. */
  readonly inputSize?: number;
  /** Called after each batch with the number of records it completed (entries, with `entries`). */
  readonly onRecords?: (count: number) => void;
  /**
   * Write each entry of a record's root container as a record of its own (`[key, value]` for a
   * dict, items for a list), as the decoder's `emit: "entries"` yields them. Not with maxRecords.
   */
  readonly entries?: boolean;
  /**
   * A giant record (a DataFrame's columns in JSON, a giant root dict or list) hands its output
   * here in pieces while it is written, before the generator yields what follows (see
   * TapeEngineOptions.spill; a msgpack root only when the spill can `patch` its count in). Give
   * it when the output can take bytes early and drop a failed record's (a regular file).
   */
  readonly spill?: OutputSpill;
  /**
   * Worker threads that encode records at the same time (default 0: none, all on the calling
   * thread). Taken by input of many records without `framing` or `entries`, once it passed a few
   * MiB: the records are split at their STOPs and encoded in batches of about 1 MiB, in order.
   * Output and errors are exactly those of no workers; a record bigger than 16 MiB, or input
   * the split cannot follow, is encoded on the calling thread from there on. At most twice
   * `os.availableParallelism()` (at least 4) are started.
   */
  readonly workers?: number;
  /**
   * The source may reuse a chunk's memory once the next chunk is asked for (a ring buffer): what
   * is kept longer is copied (by the engine, the parallel path, gunzip and the torch reader).
   * Its first MiB must be chunks of their own: the format is judged from them.
   */
  readonly transientChunks?: boolean;
  /**
   * The source's bytes again, from byte `offset` of the source on (a regular file, read by
   * position). A giant record then does not hold its input in memory until its end: what it has
   * read is let go, and should it need the value path after all (a class the one-pass writers do
   * not write, input that ends inside it), it is read again from its first byte. Not used for
   * gzip or zlib input (its offsets are those of the inflated bytes).
   */
  readonly reread?: (offset: number) => AsyncIterable<Uint8Array>;
  /**
   * Makes the arrays the output is copied into (TapeEngineOptions.newOutputBytes), each of
   * exactly the length asked for. Default `Buffer.allocUnsafeSlow`: each array is written whole.
   */
  readonly newOutputBytes?: (length: number) => Uint8Array;
  /**
   * Makes the buffers written into as they grow (TapeEngineOptions.newWorkBytes: the output, a
   * giant record's memo tables and input window; and without `reread`, the blocks its held input
   * is copied into, held-input.ts): `length` zeroed bytes, [`from`, `to`) written next. The
   * CLI's touches a giant record's buffers ahead of the writer on another thread. Its arrays may
   * be handed out as output.
   */
  readonly newWorkBytes?: (length: number, from: number, to: number) => Uint8Array;
}

/** A record decoded but could not be encoded (a cycle, the output budget): which one, where. */
export class EncodeRecordError extends Error {
  override readonly name: string = "EncodeRecordError";
  constructor(
    override readonly cause: OutputError,
    /** The record's index in its input. */
    readonly recordIndex: number,
    /** The record's first byte (undefined for an entry of `emit: "entries"`: it has none of its own). */
    readonly offset: number | undefined,
    /** The input's name (the `file` option), also at the message's start, as a located PickleError has it. */
    readonly file?: string,
  ) {
    super(file === undefined ? cause.message : `${file}: ${cause.message}`, { cause });
  }
}

/**
 * Runs `source` through `engine`, yielding the encoded bytes of the records each chunk
 * completed (output never waits for more input). A bad record throws after every record before
 * it was yielded: a PickleError located with the file name (or saying what the input is when
 * it is no pickle), an EncodeRecordError for output the encoder refuses.
 */
export async function* engineBytes(
  engine: TapeEngine,
  source: AsyncIterable<Uint8Array>,
  options: PicklesToBytesOptions,
  at: InputPosition = INPUT_START,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { file, detectGzip = true, onRecords } = options;
  engine.continueAfter(at.previousRecordMemoLength);
  const head = new HeadBytes();
  const inflate: InflateNote = { isInflating: false };
  // A source that starts inside an input is neither gzip nor a torch file: its input was judged.
  const sniffed = at.offset > 0 ? { bytes: source, isTorch: false } : await sniffTorch(detectGzip ? gunzipNoting(source, inflate, file) : source);
  const bytes = sniffed.bytes;
  // (sniffTorch read the first bytes: whether they are inflated is known.)
  const reread = inflate.isInflating ? undefined : options.reread;
  // Input that cannot be read again by position: what the engine may ask for again is held here
  // (held-input.ts), not in the engine's window.
  const held = reread === undefined ? new HeldInput(options.newWorkBytes ?? newZeroedBytes) : undefined;
  const isTransient = options.transientChunks === true;
  engine.allowRereading();
  let reported = 0;
  const report = (): void => {
    if (onRecords !== undefined && engine.recordsWritten > reported) {
      onRecords(engine.recordsWritten - reported);
      reported = engine.recordsWritten;
    }
  };
  if (sniffed.isTorch) {
    // A torch.save file: one record, read whole; readTorchInput's errors name the file already.
    const { value, length } = await readTorchInput(bytes, { encoding: options.encoding ?? "latin1", dict: "map", wrapIntegralFloats: true, file });
    try {
      engine.writeRecord(value, 0, length);
    } catch (error) {
      if (isOutputError(error)) throw new EncodeRecordError(error, 0, 0, file);
      throw error;
    }
    report();
    if (engine.pendingBytes > 0) yield engine.take();
    return;
  }
  let failure: unknown;
  const sourceIterator = held === undefined ? undefined : bytes[Symbol.asyncIterator]();
  try {
    // With held input the source is read on across rewinds: a `for await` that breaks would close it.
    let input: AsyncIterable<Uint8Array> = sourceIterator === undefined ? bytes : piecesThenRest([], sourceIterator);
    // After a rewind inside a chunk: the chunk's bytes from the rewind on, pushed again.
    let unread: Uint8Array[] = [];
    for (;;) {
      for await (const chunk of input) {
        const data = toBytes(chunk);
        const offset = engine.offset;
        head.append(data);
        engine.push(data);
        const rewind = engine.rewindOffset;
        if (rewind < 0) held?.hold(data, offset, engine.rereadFrom, isTransient);
        else if (rewind < offset + data.length) unread = [data.subarray(Math.max(rewind - offset, 0))];
        if (engine.pendingBytes > 0) {
          report();
          yield engine.take();
        }
        if (engine.isDone || rewind >= 0) break;
      }
      if (engine.rewindOffset < 0) {
        // The input's end (which may ask for a record cut short to be read again).
        engine.end();
        if (engine.rewindOffset < 0) break;
      }
      // A record whose first bytes were let go goes to the value path: its input again, from there.
      const from = engine.rewindOffset;
      input = sourceIterator === undefined ? reread!(at.offset + from) : piecesThenRest([...held!.takeFrom(from), ...unread], sourceIterator);
      unread = [];
    }
  } catch (error) {
    failure = error;
    // Input that failed mid-record (gunzip): the record's spilled bytes are not kept.
    engine.abandon();
  }
  // The source read through piecesThenRest is closed here (stopped early: maxRecords, an error).
  await sourceIterator?.return?.();
  report();
  if (engine.pendingBytes > 0) yield engine.take();
  if (failure === undefined) return;
  if (isOutputError(failure) && (engine.failedRecordOffset !== undefined || engine.isEntryFailed)) {
    const offset = engine.failedRecordOffset;
    throw new EncodeRecordError(failure, at.recordIndex + (failure.recordIndex ?? engine.recordsWritten), offset === undefined ? undefined : at.offset + offset, file);
  }
  // A gzip input cut short: located as a record cut short (every record before it was written).
  if (failure instanceof GzipCutError) throw locateGzipCut(failure, failure.inflatedBytes, at.recordIndex + engine.recordsWritten, file);
  if (!isPickleError(failure)) throw failure;
  // What the input is, when it is no pickle, is judged from its first bytes only.
  const error = (at.offset === 0 ? notAPickleError(failure, head.bytes()) : undefined) ?? failure;
  throw locateError(error, at.offset, at.recordIndex + error.recordIndex, file);
}

/**
 * Checks the arguments of `picklesToJson` / `picklesToMsgpack` when they are called (as
 * `readPickles` does), before any input is read: a TypeError or RangeError saying what was
 * expected and what came. Returns the options, `{}` for undefined.
 */
export function checkBytesArguments(source: unknown, options: unknown): PicklesToBytesOptions {
  if (typeof source === "string" || source instanceof URL) {
    throw new TypeError(
      `Expected an AsyncIterable<Uint8Array> (a Node Readable, a ReadableStream), got ${source instanceof URL ? "a URL" : "a string"}: this reads a byte stream, not a path (pass createReadStream(path))`,
    );
  }
  if (typeof source !== "object" || source === null || typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== "function") {
    throw new TypeError(`Expected an AsyncIterable<Uint8Array> (a Node Readable, a ReadableStream), got ${describe(source)}`);
  }
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw new TypeError(`Expected options to be an object, got ${describe(options)}`);
  const given = options as PicklesToBytesOptions;
  checkOptional("file", given.file, "string");
  checkOptional("detectGzip", given.detectGzip, "boolean");
  checkOptional("entries", given.entries, "boolean");
  checkOptional("transientChunks", given.transientChunks, "boolean");
  checkOptional("onRecords", given.onRecords, "function");
  checkOptional("reread", given.reread, "function");
  checkOptional("newOutputBytes", given.newOutputBytes, "function");
  checkOptional("newWorkBytes", given.newWorkBytes, "function");
  const { maxRecords, workers, maxOutputBytes, inputSize, framing, spill } = given;
  if (maxRecords !== undefined && !(Number.isSafeInteger(maxRecords) && maxRecords >= 0) && maxRecords !== Number.POSITIVE_INFINITY) {
    throw new RangeError(`Expected maxRecords to be a non-negative integer (Infinity for no limit), got ${describe(maxRecords)}`);
  }
  if (workers !== undefined && !(Number.isSafeInteger(workers) && workers >= 0)) {
    throw new RangeError(`Expected workers to be a non-negative integer (0 for none), got ${describe(workers)}`);
  }
  if (maxOutputBytes !== undefined && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`Expected maxOutputBytes to be a non-negative number (Infinity for no limit), got ${describe(maxOutputBytes)}`);
  }
  if (inputSize !== undefined && !(Number.isSafeInteger(inputSize) && inputSize >= 0)) {
    throw new RangeError(`Expected inputSize to be a non-negative integer, got ${describe(inputSize)}`);
  }
  if (framing !== undefined) {
    if (typeof framing !== "object" || framing === null) {
      throw new TypeError(`Expected framing to be an object { prefix?(index, offset), suffix }, got ${describe(framing)}`);
    }
    if (typeof framing.suffix !== "string" || !isAscii(framing.suffix)) {
      throw new TypeError(`Expected framing.suffix to be an ASCII string, got ${describe(framing.suffix)}`);
    }
    checkOptional("framing.prefix", framing.prefix, "function");
  }
  if (spill !== undefined && (typeof spill !== "object" || spill === null || typeof spill.write !== "function" || typeof spill.discard !== "function")) {
    throw new TypeError(`Expected spill to be an object with write(bytes) and discard(count) methods, got ${describe(spill)}`);
  }
  // Documented on `entries`: maxRecords would count entries, not records.
  if (given.entries === true && maxRecords !== undefined) throw new TypeError("entries cannot be combined with maxRecords");
  // The decoder's options (encoding), checked by the decoder's own rules: the parallel path makes
  // its engines only once input came.
  if (given.encoding !== undefined) checkDecoderOptions({ encoding: given.encoding });
  return given;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Where a source handed to engineBytes starts in its input (records decoded apart, see parallel/). */
export interface InputPosition {
  /** Absolute offset of the source's first byte. */
  readonly offset: number;
  /** Index of the source's first record in the input. */
  readonly recordIndex: number;
  /** The memo length of the record before it (errors' hints name it), 0 for none. */
  readonly previousRecordMemoLength: number;
}

const INPUT_START: InputPosition = { offset: 0, recordIndex: 0, previousRecordMemoLength: 0 };

/** The engine options an entry point's options give. */
export function engineOptions(options: PicklesToBytesOptions) {
  return {
    decoder: {
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      ...(options.entries === true ? { emit: "entries" as const } : {}),
    },
    framing: options.framing,
    maxRecords: options.maxRecords,
    maxOutputBytes: options.maxOutputBytes,
    inputSizeHint: options.inputSize,
    spill: options.spill,
    // Each output array is written whole by the engine: no need for zeroed memory.
    newOutputBytes: options.newOutputBytes ?? Buffer.allocUnsafeSlow,
    newWorkBytes: options.newWorkBytes,
    transientChunks: options.transientChunks,
  };
}

/** TapeEngineOptions.newWorkBytes's default. */
function newZeroedBytes(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** `pieces`, then what `rest` yields, without closing `rest` when the loop over them stops early. */
async function* piecesThenRest(pieces: readonly Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  yield* pieces;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield next.value;
  }
}
