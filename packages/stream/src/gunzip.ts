import { Duplex, Readable, pipeline } from "node:stream";
import { copyBytes } from "@pkl-stream/core/internal";

/** The first two bytes of every gzip member. No pickle starts with 0x1f (it is no opcode). */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** The first byte of a zlib stream with deflate's default window. */
const ZLIB_CMF = 0x78;
/** Size of the inflated chunks handed on. */
const GUNZIP_CHUNK_BYTES = 1 << 20;

/**
 * Passes bytes through, or gunzips them on the fly when they start with the gzip magic bytes
 * (`mnist.pkl.gz`); concatenated gzip members are read one after the other. A zlib stream
 * (`joblib.dump(..., compress=3)` writes one; its first byte 0x78 is no opcode) is inflated the same way. The pull-based
 * form keeps backpressure: nothing is read from `source` until the output is asked for.
 * Usable as a `pipeline()` stage: `pipeline(file, gunzipIfNeeded, new PickleParserStream(), ...)`.
 */
export function gunzipIfNeeded(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  return gunzipNoting(source, undefined);
}

/**
 * What zlib's Z_BUF_ERROR "unexpected end of file" becomes: the compressed input ended inside a
 * gzip (or zlib) member, its header or its checksum. Every byte inflated before the cut was
 * handed on first. Its `code` stays `Z_BUF_ERROR`; `readPickles`, `picklesToJson` and
 * `picklesToMsgpack` restate it as a `TruncatedError` at the record it cut (this is its `cause`).
 */
export class GzipCutError extends Error {
  override readonly name: string = "GzipCutError";
  readonly code = "Z_BUF_ERROR";
  /** What went wrong, without the file name. */
  readonly reason: string;

  constructor(
    kind: "gzip" | "zlib",
    /** Compressed bytes read before the input ended. */
    readonly compressedBytes: number,
    /** Bytes inflated (and handed on) before the input ended. */
    readonly inflatedBytes: number,
    /** The file, when known (a path given to readPickles, an fs stream's path). */
    readonly file: string | undefined,
    zlibError: Error,
  ) {
    const reason = `the ${kind} data is cut short (truncated): the compressed input ended after ${compressedBytes} bytes, inside a ${kind} member (${inflatedBytes} bytes inflated before it; zlib: ${zlibError.message})`;
    super(file === undefined ? reason : `${file}: ${reason}`, { cause: zlibError });
    this.reason = reason;
  }
}

/** Whether `gunzipNoting` inflates its source: known once its first bytes were read. */
export interface InflateNote {
  isInflating: boolean;
}

/**
 * gunzipIfNeeded, noting in `note` whether it inflates (then the offsets of the bytes it hands on
 * are not the source's: the source cannot be read again from one of them).
 */
export async function* gunzipNoting(
  source: AsyncIterable<Uint8Array>,
  note: InflateNote | undefined,
  file: string | undefined = fileOf(source),
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let isDone = false;
  try {
    while (headBytes < 2) {
      const step = await iterator.next();
      if (step.done === true) {
        isDone = true;
        break;
      }
      if (step.value.length === 0) continue;
      head.push(step.value);
      headBytes += step.value.length;
    }
    const kind = compressionOf(head);
    if (note !== undefined) note.isInflating = kind !== null;
    if (kind === null) {
      yield* head;
      head.length = 0;
      if (isDone) return;
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield step.value;
      isDone = true;
      return;
    }
    const rest = isDone ? null : iterator;
    isDone = true; // From here on the pipeline below owns the source iterator.
    yield* await gunzipped(head, rest, kind, file);
  } finally {
    if (!isDone) await iterator.return?.();
  }
}

/** A Duplex form of `gunzipIfNeeded`, for `chain([...])` and other stream plumbing. */
export function gunzipIfNeededStream(): Duplex {
  return Duplex.from(gunzipIfNeeded);
}

/** Would `gunzipIfNeeded` inflate input that starts with these bytes? */
export function isCompressedHead(head: readonly Uint8Array[]): boolean {
  return compressionOf(head) !== null;
}

function compressionOf(head: readonly Uint8Array[]): "gzip" | "zlib" | null {
  const first = head[0];
  if (first === undefined) return null;
  const second = first.length > 1 ? first[1] : head[1]?.[0];
  if (second === undefined) return null;
  if (first[0] === GZIP_MAGIC_0 && second === GZIP_MAGIC_1) return "gzip";
  // RFC 1950: deflate with a 32 KiB window (0x78), the header check, no preset dictionary.
  if (first[0] === ZLIB_CMF && (ZLIB_CMF * 256 + second) % 31 === 0 && (second & 0x20) === 0) return "zlib";
  return null;
}

/** zlib loads only when gzip bytes are seen: it costs every plain decode ~3 ms of start-up. */
async function gunzipped(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  kind: "gzip" | "zlib",
  file: string | undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const { constants, createGunzip, createInflate } = await import("node:zlib");
  // The offset of the last byte that is not NUL, of all the compressed bytes read.
  let lastNonZero = -1;
  let offset = 0;
  const noted = (chunk: Uint8Array): Uint8Array => {
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (chunk[i] !== 0) {
        lastNonZero = offset + i;
        break;
      }
    }
    offset += chunk.length;
    return copyBytes(chunk);
  };
  // Copies: zlib reads a chunk on another thread after it was handed over, and the source's
  // chunks may be reused once the next is asked for (PicklesToBytesOptions.transientChunks).
  async function* compressed(): AsyncGenerator<Uint8Array, void, undefined> {
    for (const chunk of head) yield noted(chunk);
    if (rest !== null) {
      try {
        for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield noted(step.value);
      } finally {
        await rest.return?.();
      }
    }
    // zlib inflates a chunk still queued when the input ends in the same step as the final flush,
    // and when that step fails (input cut short: Z_BUF_ERROR) Node drops what it inflated: the
    // records of up to one chunk were lost. A sync flush first hands on all that the input gives
    // (and cannot fail on a cut), so the final step has no input of its own.
    await new Promise<void>((resolve) => {
      inflater.flush(constants.Z_SYNC_FLUSH, () => resolve());
      inflater.once("close", resolve);
    });
  }
  // pipeline() tears down both ends when either fails or the reader stops early; its errors
  // reach the reader through the gunzip stream it iterates.
  // 1 MiB output chunks (zlib's default is 16 KiB): each chunk is a round trip to the thread pool
  // and a push into the decoder, and zlib waits while the decoder takes it. readPickles of
  // mnist.pkl.gz (220 MB inflated): 1.6-2.1 s at 16 KiB, 0.73-0.83 s at 256 KiB, 0.60-0.65 s at
  // 1 MiB (2 and 4 MiB: the same), CPython 0.76-0.79 s; a larger readable buffer changed nothing.
  const options = { chunkSize: GUNZIP_CHUNK_BYTES };
  const inflater = kind === "gzip" ? createGunzip(options) : createInflate(options);
  const read = { lastNonZero: () => lastNonZero, compressedBytes: () => offset, kind, file };
  return endsWhereInflated(pipeline(Readable.from(compressed(), { objectMode: false }), inflater, () => {}), inflater, read);
}

/**
 * The inflated bytes, then a check that zlib read the compressed input to its end but for NUL
 * padding. Node's gunzip stops, silently, at NUL padding between gzip members, where Python's
 * gzip skips the padding and reads the next member: the records after it would be lost (and
 * `pkl-stream inspect` would not see them). So what is left must be NULs, else it is bad gzip.
 */
async function* endsWhereInflated(
  inflated: AsyncIterable<Uint8Array>,
  inflater: { readonly bytesWritten: number },
  read: CompressedRead,
): AsyncGenerator<Uint8Array, void, undefined> {
  let inflatedBytes = 0;
  try {
    for await (const chunk of inflated) {
      inflatedBytes += chunk.length;
      yield chunk;
    }
  } catch (error) {
    // Bytes after a gzip member that start no other one ("trailing garbage"), or damage within
    // one: Node's zlib drops what it inflated in the same step (up to its 1 MiB chunk) with the
    // error, so the records of that last stretch never arrive. Said, with how to read them.
    const code = (error as { code?: unknown } | null)?.code;
    // The input ended inside a member: zlib hands on what it inflated before failing, so every
    // record before the cut was delivered. Said as such, with the file when known.
    if (code === "Z_BUF_ERROR") throw new GzipCutError(read.kind, read.compressedBytes(), inflatedBytes, read.file, error as Error);
    if (code !== "Z_DATA_ERROR") throw error;
    const message = (error as Error).message;
    const what = /header check|unknown compression method/.test(message) ? "bytes that start no gzip member follow the compressed data" : "the compressed data is damaged";
    const restated = new Error(
      `${message} (${inflatedBytes} bytes inflated before it): ${what}; Node's zlib drops what it inflated in its last step (up to 1 MiB) with the error, so records before it may be missing (gzip -dc FILE | pkl-stream reads what gzip can)`,
      { cause: error },
    ) as Error & { code: string };
    restated.code = code;
    throw restated;
  }
  const end = read.lastNonZero();
  if (inflater.bytesWritten <= end) {
    const error = new Error(
      `compressed data ends at byte ${inflater.bytesWritten}, and more than NUL padding follows it (a byte at ${end}) that pkl-stream does not read (Python's gzip reads on past NUL padding: decompress it with gzip -dc first)`,
    ) as Error & { code: string };
    error.code = "Z_DATA_ERROR";
    throw error;
  }
}

/** What `endsWhereInflated` knows of the compressed bytes read. */
interface CompressedRead {
  /** The offset of the last byte that is not NUL, of all the compressed bytes read. */
  readonly lastNonZero: () => number;
  readonly compressedBytes: () => number;
  readonly kind: "gzip" | "zlib";
  readonly file: string | undefined;
}

/** The path of an fs ReadStream (what `pipeline(createReadStream(path), gunzipIfNeeded, ...)` passes). */
function fileOf(source: AsyncIterable<Uint8Array>): string | undefined {
  const path = (source as { path?: unknown }).path;
  return typeof path === "string" ? path : undefined;
}
