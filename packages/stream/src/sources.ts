import { fileURLToPath } from "node:url";
import { BatchIterator } from "./batch-iterator.js";
import { type DirectReads, fileChunks } from "./file-chunks.js";
import { GzipCutError, gunzipNoting } from "./gunzip.js";
import { ToolDecompressError } from "./tool-decompress.js";
import { locateGzipCut } from "./locate-error.js";
import { scanMemoReads } from "./memo-scan.js";
import { isPyDict, markTuple, type PyValue } from "@pkl-stream/core";
import { checkDecoderOptions } from "@pkl-stream/core/internal";
import { type PickleReadOptions, type PickleRecordInfo, type ReadSettings, resolveReadOptions } from "./options.js";
import type { KnownOptions, PickleEntry, RunTimeOptions } from "./output-types.js";
import { type ReaderOutput, RecordReader } from "./record-reader.js";
import { toBytes } from "./to-bytes.js";
import { readTorchInput, sniffTorch } from "./torch-input.js";

/** Where `readPickles` reads from: a file path or URL, or any byte stream. */
export type PickleSource =
  | string
  | URL
  | NodeJS.ReadableStream
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>;

export interface ReadPicklesOptions extends PickleReadOptions {
  /** Undo gzip and zlib, and bzip2/xz/zstd through their tools (gunzip.ts), when the input starts with their magic bytes. Default true. */
  readonly detectGzip?: boolean;
  /**
   * Entries mode on a path: read the file once first, opcodes only, to learn which memo
   * entries are read back, so the decoder keeps only those. Default true; ignored when
   * `memoIndicesRead` is given or the source is not a path.
   */
  readonly memoScan?: boolean;
  /**
   * Bytes per read from a path. Default 262144: with 64 KiB reads the decoder waited for the
   * file ~8% of the time (stream.pkl through readPickles: 840 ms at 64 KiB, 770 ms at 256 KiB).
   */
  readonly chunkBytes?: number;
}

/**
 * Every pickle in `source`, one record at a time, as soon as each STOP is read:
 * `for await (const record of readPickles("events.pkl")) ...`. Reading pauses while the loop
 * body runs (memory stays bounded by one chunk of records); leaving the loop early closes the
 * source. A path names the file in errors and metadata. Options are checked at the call.
 *
 * Typed by overloads: `metadata: true` yields `PickleRecordInfo`, `emit: "entries"` yields
 * `[key, value]` pairs (`PickleEntry`; `readPickles<PyValue>(...)` for a root list's items),
 * otherwise values; options whose flags are only known at run time yield either. Options that
 * cannot go together (`emit: "entries"` with `metadata: true` or `skipCorrupt: true`) throw a
 * TypeError at the call, and do not compile when given as literals.
 */
export function readPickles(
  source: PickleSource,
  options: ReadPicklesOptions & { readonly metadata: true; readonly emit?: "records" },
): AsyncGenerator<PickleRecordInfo, void, undefined>;
export function readPickles<Entry = PickleEntry>(
  source: PickleSource,
  options: ReadPicklesOptions & { readonly emit: "entries"; readonly metadata?: false; readonly skipCorrupt?: false },
): AsyncGenerator<Entry, void, undefined>;
export function readPickles(
  source: PickleSource,
  options?: ReadPicklesOptions & { readonly metadata?: false; readonly emit?: "records" },
): AsyncGenerator<PyValue, void, undefined>;
// Options whose flags are known only at run time; a literal combination that throws is refused.
export function readPickles<O extends ReadPicklesOptions>(
  source: PickleSource,
  options?: O & KnownOptions<O, ReadPicklesOptions> & RunTimeOptions<O>,
): AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>;
export function readPickles(
  source: PickleSource,
  options?: ReadPicklesOptions,
): AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined> {
  const path = pathOf(source);
  const given: ReadPicklesOptions = options ?? {};
  const { detectGzip = true, memoScan = true, chunkBytes = 256 * 1024, ...readOptions } = given;
  if (typeof detectGzip !== "boolean") throw new TypeError(`Expected detectGzip to be a boolean, got ${typeof detectGzip}`);
  if (typeof memoScan !== "boolean") throw new TypeError(`Expected memoScan to be a boolean, got ${typeof memoScan}`);
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`Expected chunkBytes to be a positive integer, got ${String(chunkBytes)}`);
  }
  // A file's name for errors: the path read, or the one an fs.ReadStream was opened on.
  const name = path ?? streamPathOf(source);
  const settings = resolveReadOptions(name !== undefined && readOptions.file === undefined ? { ...readOptions, file: name } : readOptions);
  // The decoder's options (dict, encoding, maxDepth, classes ...), checked now by the decoder's
  // own rules rather than when the first record is asked for.
  checkDecoderOptions(settings.decoder);
  if (path === undefined) checkStreamSource(source);
  const open = (direct: DirectReads): AsyncIterable<Uint8Array> => {
    const bytes = path !== undefined ? fileChunks(path, chunkBytes, direct, detectGzip) : asByteIterable(source);
    return detectGzip ? gunzipNoting(bytes, undefined, settings.file) : bytes;
  };
  const scanFirst = path !== undefined && settings.isEntries && memoScan && readOptions.memoIndicesRead === undefined;
  return new BatchIterator(readBatches(open, settings, scanFirst)) as AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>;
}

/** The input's compression failed (cut short, damaged, bytes after it, its tool): the pickle is not to blame. */
function isCompressionFault(error: unknown): boolean {
  if (error instanceof GzipCutError || error instanceof ToolDecompressError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR";
}

/** The records of each chunk as one batch (BatchIterator hands them out one by one). */
async function* readBatches(
  open: (direct: DirectReads) => AsyncIterable<Uint8Array>,
  settings: ReadSettings,
  scanFirst: boolean,
): AsyncGenerator<ReaderOutput[], void, undefined> {
  // A file's reads go straight into a large payload's memory once the reader below exists.
  const direct: DirectReads = { target: null };
  let reader: RecordReader | null = null;
  const sniffed = await sniffTorch(locatingGzipCut(open(direct), () => reader?.recordCount ?? 0, settings.file));
  if (sniffed.isTorch) {
    yield await torchRecord(sniffed.bytes, settings);
    return;
  }
  if (scanFirst) {
    // Compressed input that fails (cut short, damaged, bytes after it, its tool) fails the scan:
    // then keep every memo entry, so that the decoding pass still delivers every entry before
    // the fault, then fails there. Any other failure ends it here, the first pass's input (a
    // child process, for bzip2 and the like) closed first.
    const memoIndicesRead = await scanMemoReads(open({ target: null })).catch(async (error: unknown) => {
      if (isCompressionFault(error)) return null;
      for await (const _ of sniffed.bytes) break;
      throw error;
    });
    if (memoIndicesRead !== null) settings = { ...settings, decoder: { ...settings.decoder, memoIndicesRead } };
  }
  const records = new RecordReader(settings);
  reader = records;
  direct.target = (available) => records.payloadTarget(available);
  let ready: ReaderOutput[] = [];
  const sink = (output: ReaderOutput): void => {
    ready.push(output);
  };
  for await (const chunk of sniffed.bytes) {
    const failure = attempt(() => records.push(toBytes(chunk), sink));
    // A fresh array per batch: the iterator forgets each record as it hands it out.
    if (ready.length > 0) yield ready;
    ready = [];
    if (failure !== null) throw failure.error;
  }
  const failure = attempt(() => records.end(sink));
  if (ready.length > 0) yield ready;
  if (failure !== null) throw failure.error;
}

/**
 * The bytes of `source`; a gzip input cut short fails as a record cut short does: a
 * TruncatedError with the file, the record it cut (`recordCount()`, records delivered so far) and
 * the inflated offset where it ended. Every record before the cut was delivered first.
 */
async function* locatingGzipCut(source: AsyncIterable<Uint8Array>, recordCount: () => number, file: string | undefined): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (error) {
    if (!(error instanceof GzipCutError)) throw error;
    throw locateGzipCut(error, error.inflatedBytes, recordCount(), file);
  }
}

/**
 * A torch.save file (zip or legacy) is one record, read whole: the saved object, with its
 * metadata when asked for; in entries mode, the entries of its root dict (or list).
 */
async function torchRecord(bytes: AsyncIterable<Uint8Array>, settings: ReadSettings): Promise<ReaderOutput[]> {
  const { emit: _emit, memoIndicesRead: _read, ...decoder } = settings.decoder;
  const { value, length } = await readTorchInput(bytes, { ...decoder, file: settings.file });
  if (settings.isEntries) {
    if (value instanceof Map) return Array.from(value, ([key, item]) => markTuple([key, item]));
    if (isPyDict(value)) return Object.keys(value).map((key) => markTuple([key, value[key]!]));
    // A copy: the iterator clears each slot of a batch as it hands the item out.
    if (Array.isArray(value)) return value.slice();
    throw new TypeError("entries of a torch file: its saved object is neither a dict nor a list");
  }
  return [settings.isMetadata ? { value, index: 0, offset: 0, length, file: settings.file } : value];
}

/** Runs `step`, returning what it threw (records delivered before a failure go out first). */
function attempt(step: () => void): { error: unknown } | null {
  try {
    step();
    return null;
  } catch (error) {
    return { error };
  }
}

function pathOf(source: PickleSource): string | undefined {
  if (typeof source === "string") return source;
  if (source instanceof URL) return fileURLToPath(source);
  return undefined;
}

/** The path an `fs.createReadStream(path)` stream reads (its `path` property), else undefined. */
function streamPathOf(source: PickleSource): string | undefined {
  const candidate = typeof source === "object" && source !== null ? (source as { path?: unknown }).path : undefined;
  return typeof candidate === "string" && candidate.length > 0 ? candidate : undefined;
}

function checkStreamSource(source: unknown): void {
  const isIterable = typeof source === "object" && source !== null && Symbol.asyncIterator in source;
  const isWeb = typeof source === "object" && source !== null && typeof (source as { getReader?: unknown }).getReader === "function";
  if (!isIterable && !isWeb) {
    throw new TypeError(
      `Expected a path, a URL, a Node Readable, an AsyncIterable<Uint8Array> or a ReadableStream, got ${source === null ? "null" : typeof source}`,
    );
  }
}

/** Node Readables and AsyncIterables iterate as they are; a web stream through its reader. */
function asByteIterable(source: PickleSource): AsyncIterable<Uint8Array> {
  if (typeof source === "object" && Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array>;
  return webStreamBytes(source as unknown as ReadableStream<Uint8Array>);
}

async function* webStreamBytes(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let isDone = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        isDone = true;
        return;
      }
      yield step.value;
    }
  } finally {
    // Leaving early cancels the stream, which releases whatever produces it.
    if (!isDone) await reader.cancel();
    reader.releaseLock();
  }
}
