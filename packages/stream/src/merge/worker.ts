import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { constants as bufferConstants } from "node:buffer";
import { parentPort, workerData } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { type PyValue, isOutputError, isPickleError } from "@pkl-stream/core";
import { defaultOutputBudget } from "@pkl-stream/core/json";
import { type Options, Unpackr } from "msgpackr";
import { gunzipIfNeeded, isCompressedHead } from "../gunzip.js";
import { readMsgpackValue } from "../msgpack-values.js";
import { isMapHead, isWholeValues } from "./msgpack-walk.js";
import { readPickles } from "../sources.js";
import { isMsgpackMapStart } from "./input-kind.js";
import { ShardEncoder } from "./shard-encoder.js";
import { NotTranscodable } from "./transcode/pickle-to-msgpack.js";
import { transcodeShard } from "./transcode/transcode-shard.js";
import type { ShardFailure, ShardMessage, ShardResult, ShardTask, StopFlag, WorkerInbox } from "./worker-protocol.js";

/** Progress is reported at most once per this many bytes read. */
const PROGRESS_STEP_BYTES = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Files up to this size are read whole for the transcoder (it needs the input in one piece);
 * bigger ones are streamed through the general path, whose memory does not grow with the file.
 */
const WHOLE_FILE_LIMIT = 1024 * 1024 * 1024;
/** Input buffers up to this size are kept for the worker's next file. */
const KEPT_INPUT_LIMIT = 256 * 1024 * 1024;

/**
 * The merge worker: decodes one input file per task and sends back its entries as encoded
 * bytes (transferred, not cloned). Runs in a worker_threads Worker started by the pool.
 */
const port = parentPort;
if (port === null) throw new Error("merge worker: must run in a worker thread");

const stopFlag = workerData as StopFlag;

/**
 * Ends this thread when the pool has closed. Called only where no zlib handle is half made (a
 * message handler, a progress report): see WorkerPool.close for why the pool does not terminate.
 */
function stopIfAsked(): void {
  if (Atomics.load(stopFlag, 0) !== 0) process.exit(0);
}

port.on("message", (message: WorkerInbox) => {
  if ("kind" in message) return process.exit(0);
  const task = message;
  const onProgress = (bytesRead: number): void => {
    stopIfAsked();
    port.postMessage({ taskId: task.taskId, kind: "progress", bytesRead } satisfies ShardMessage);
  };
  readShard(task, onProgress).then(
    (result) => {
      const message: ShardMessage = { taskId: task.taskId, kind: "done", result };
      port.postMessage(message, [result.segment.bytes.buffer as ArrayBuffer, result.segment.table.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage({ taskId: task.taskId, kind: "error", error: toFailure(error, task.path) } satisfies ShardMessage),
  );
});

async function readShard(task: ShardTask, onProgress: (bytesRead: number) => void): Promise<ShardResult> {
  // The transcoder can take the file: pickle bytes to msgpack bytes (and, for JSON output,
  // those to JSON bytes) with no JS value per Python value (several times faster, a fraction of
  // the memory), deep merges included.
  const size = (await stat(task.path)).size;
  if (size <= WHOLE_FILE_LIMIT) return readWholeShard(task, await readWholeFile(task.path, size), onProgress);
  return readStreamedShard(task, onProgress);
}

/**
 * The buffer the last file was read into, kept for the next one (see readWholeFile). Nothing
 * a task returns refers to it: the transcoder and the encoders copy what they keep.
 */
let inputBuffer: Buffer | undefined;

/**
 * The file's bytes, read into the buffer the previous file of this worker used when it is big
 * enough: fresh memory for each 59 MB shard cost ~15k page faults (a merge's system time), and
 * one read call replaces readFile's 512 KiB pieces. A file that grew since `size` was taken is
 * read again by readFile. Only valid until the next call.
 */
async function readWholeFile(path: string, size: number): Promise<Buffer> {
  if (size > KEPT_INPUT_LIMIT) return readFile(path);
  if (inputBuffer === undefined || inputBuffer.length < size) {
    inputBuffer = undefined; // the old one may go before the new one is made
    // With room to spare: the next file may be a little bigger (shards of one dump differ by bytes).
    inputBuffer = Buffer.allocUnsafeSlow(Math.min(KEPT_INPUT_LIMIT, size + (size >>> 3)));
  }
  const handle = await open(path, "r");
  try {
    let length = 0;
    while (length < size) {
      const { bytesRead } = await handle.read(inputBuffer, length, size - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length === size && (await handle.read(Buffer.alloc(1), 0, 1, size)).bytesRead > 0) return readFile(path);
    return inputBuffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** A file read whole: transcoded when it is plain dict pickles, else decoded from memory. */
async function readWholeShard(shardTask: ShardTask, file: Buffer, onProgress: (bytesRead: number) => void): Promise<ShardResult> {
  const bytes = isCompressedHead([file]) ? await decompressedWhole(file) : file;
  if (bytes === null) return readStreamedShard(shardTask, onProgress);
  // The output budget follows the bytes decoded, as `cat`'s does: the main thread set it from the
  // file's size, which for gzip is the compressed size (a 97 KB file of a 100 MB str was refused).
  const budget = Math.max(shardTask.settings.maxOutputBytes, defaultOutputBudget(bytes.length));
  const task: ShardTask = budget === shardTask.settings.maxOutputBytes ? shardTask : { ...shardTask, settings: { ...shardTask.settings, maxOutputBytes: budget } };
  if (isMsgpackMapStart(bytes, true)) {
    const encoder = new ShardEncoder(task.settings);
    const recordCount = addMsgpackMaps(encoder, bytes, task);
    onProgress(file.length);
    return { segment: encoder.finish(), recordCount, bytesRead: file.length, inputKind: "msgpack" };
  }
  const scale = file.length / Math.max(1, bytes.length);
  try {
    const { segment, recordCount } = transcodeShard(bytes, task.settings, (done) => onProgress(Math.floor(done * scale)));
    onProgress(file.length);
    return { segment, recordCount, bytesRead: file.length, inputKind: "pickle" };
  } catch (error) {
    if (!(error instanceof NotTranscodable)) throw error;
  }
  const encoder = new ShardEncoder(task.settings);
  const recordCount = await addPickleRecords(encoder, chunksOf(bytes), task);
  onProgress(file.length);
  return { segment: encoder.finish(), recordCount, bytesRead: file.length, inputKind: "pickle" };
}

async function readStreamedShard(task: ShardTask, onProgress: (bytesRead: number) => void): Promise<ShardResult> {
  let bytesRead = 0;
  let reported = 0;
  async function* fileBytes(): AsyncGenerator<Uint8Array, void, undefined> {
    for await (const chunk of createReadStream(task.path, { highWaterMark: READ_CHUNK_BYTES })) {
      bytesRead += (chunk as Buffer).length;
      if (bytesRead - reported >= PROGRESS_STEP_BYTES) {
        reported = bytesRead;
        onProgress(bytesRead);
      }
      yield chunk as Buffer;
    }
  }
  const encoder = new ShardEncoder(task.settings);
  const bytes = gunzipIfNeeded(fileBytes())[Symbol.asyncIterator]();
  const head = await firstChunk(bytes);
  let recordCount: number;
  let inputKind: ShardResult["inputKind"];
  if (head !== null && isMsgpackMapStart(head.chunk, head.isDone)) {
    inputKind = "msgpack";
    recordCount = addMsgpackMaps(encoder, head.isDone ? Buffer.from(head.chunk) : await collect(head.chunk, bytes), task);
  } else {
    inputKind = "pickle";
    const source = head === null ? emptyBytes() : prepend(head.chunk, head.isDone ? null : bytes);
    recordCount = await addPickleRecords(encoder, source, task);
  }
  if (bytesRead > reported) onProgress(bytesRead);
  return { segment: encoder.finish(), recordCount, bytesRead, inputKind };
}

/** Decodes every pickle record of `source` into the encoder (the general path); returns the count. */
async function addPickleRecords(encoder: ShardEncoder, source: AsyncIterable<Uint8Array>, task: ShardTask): Promise<number> {
  let recordCount = 0;
  const records = readPickles(source, { file: task.path, dict: "map", wrapIntegralFloats: true, detectGzip: false });
  for await (const record of records) {
    const index = recordCount++;
    encoder.addRecord(record, index, () => `${task.path}: record ${index}`);
  }
  return recordCount;
}

/**
 * Every map of a msgpack file, in order (a merge writes one; concatenated outputs hold several).
 * msgpack output copies their bytes; JSON output needs values, so the maps are decoded (by our
 * reader: a float64 2.0 stays the float 2.0, where msgpackr's would give the int 2).
 */
function addMsgpackMaps(encoder: ShardEncoder, bytes: Buffer, task: ShardTask): number {
  // "auto": 64-bit ints come back as numbers when safe, else bigint (msgpackr's types omit it).
  const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" } as unknown as Options);
  const unpackKey = (start: number, end: number): PyValue => unpackr.unpack(bytes.subarray(start, end)) as PyValue;
  const isCopied = task.settings.format === "msgpack";
  if (!isWholeValues(bytes, isMapHead)) {
    // A first byte that is a map's (0x89 opens a PNG) on data that is no merge output: neither input.
    const head = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
    const error = new Error(`${task.path}: not a pickle, nor a merge's msgpack output: binary data starting ${head} that is not msgpack maps, one after another`);
    badMsgpack.add(error);
    throw error;
  }
  let count = 0;
  let offset = 0;
  try {
    while (offset < bytes.length) {
      if (isCopied) {
        offset = encoder.addEncodedMap(bytes, offset, unpackKey);
      } else {
        // Our reader, not msgpackr's: it keeps a float64 2.0 a float (msgpackr gives the int 2).
        const { value, end } = readMsgpackValue(bytes, offset);
        encoder.addRecord(value, count, () => `msgpack value ${count}`);
        offset = end;
      }
      count++;
    }
  } catch (error) {
    (error as Error).message = `${task.path}: msgpack map ${count}: ${(error as Error).message}`;
    // msgpackr's errors are plain Errors, and any error here is most likely one (or the encoder's
    // refusal of the file): a file it cannot read is a bad input.
    if (error instanceof Error) badMsgpack.add(error);
    throw error;
  }
  return count;
}

/**
 * The whole decompressed input (gzip, zlib, or bzip2/xz/zstd through their tools: gunzip.ts), or
 * null when it would not fit one buffer or cannot be decompressed: the streamed path then reads
 * it (and reports a bad file the way it always does).
 */
async function decompressedWhole(file: Buffer): Promise<Buffer | null> {
  const limit = Math.min(bufferConstants.MAX_LENGTH, WHOLE_FILE_LIMIT);
  if (file[0] === 0x1f) return gunzippedWhole(file, limit);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of gunzipIfNeeded(chunksOf(file))) {
      length += chunk.length;
      if (length > limit) return null;
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks, length);
}

/**
 * A gzip file inflated in one call (one zlib handle a file), when zlib's gunzip reads all of it:
 * it stops without a word at NUL padding, so a member after the padding would be lost; such a
 * file (and junk after a member, which it fails on) is left to the streamed path (null), whose
 * member walker reads it as Python's gzip does. One call is the fast way for a whole file (the
 * walker makes a zlib handle per small member). It was also, while the pool terminated busy
 * workers, the way round a crash the walker met in CI (a terminate inside a handle's construction:
 * pool.ts); the pool now asks workers to stop instead.
 */
function gunzippedWhole(file: Buffer, limit: number): Buffer | null {
  try {
    const { buffer, engine } = gunzipSync(file, { info: true, maxOutputLength: limit }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    for (let at = engine.bytesWritten; at < file.length; at++) if (file[at] !== 0) return null;
    return buffer;
  } catch {
    return null;
  }
}

/** An in-memory input as the chunks the general reader takes. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) yield bytes.subarray(at, at + READ_CHUNK_BYTES);
}

/** The first bytes of the input: at least two when it has two, so the kind can be told. */
async function firstChunk(bytes: AsyncIterator<Uint8Array>): Promise<{ chunk: Uint8Array; isDone: boolean } | null> {
  let chunk: Uint8Array | null = null;
  for (;;) {
    const step = await bytes.next();
    if (step.done === true) return chunk === null ? null : { chunk, isDone: true };
    if (step.value.length === 0) continue;
    chunk = chunk === null ? step.value : Buffer.concat([chunk, step.value]);
    if (chunk.length >= 2) return { chunk, isDone: false };
  }
}

async function collect(first: Uint8Array, rest: AsyncIterator<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [first];
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) chunks.push(step.value);
  return Buffer.concat(chunks);
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  yield first;
  if (rest === null) return;
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield step.value;
}

async function* emptyBytes(): AsyncGenerator<Uint8Array, void, undefined> {}

function toFailure(error: unknown, path: string): ShardFailure {
  const base = error instanceof Error ? error : new Error(String(error));
  const message = base.message.includes(path) ? base.message : `${path}: ${base.message}`;
  const code = isPickleError(base) ? base.code : ((base as { code?: unknown }).code as string | undefined);
  return { name: base.name, message, code: typeof code === "string" ? code : undefined, isInputError: isInputError(base) };
}

/** Errors that say the file is bad, by their class or code: anything else is the worker's own failure. */
const INPUT_ERROR_NAMES = new Set(["NotADictError", "MsgpackShapeError", "ToolDecompressError"]);

function isInputError(error: Error): boolean {
  if (isPickleError(error) || isOutputError(error) || INPUT_ERROR_NAMES.has(error.name) || badMsgpack.has(error)) return true;
  // Values nested past what the JS stack holds (a dict key of 100k nested tuples) come from the file.
  if (error instanceof RangeError && /call stack/.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  // The file system's (ENOENT, EACCES, EISDIR, ...) and zlib's (Z_DATA_ERROR, Z_BUF_ERROR, ...).
  return typeof code === "string" && /^(?:E[A-Z]+|Z_[A-Z_]+|ERR_BUFFER_TOO_LARGE)$/.test(code);
}

/** Errors msgpackr threw while reading a msgpack input (plain Errors, told apart here). */
const badMsgpack = new WeakSet<Error>();
