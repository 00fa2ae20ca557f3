import { Duplex } from "node:stream";
import { type CompressionKind, GZIP_MAGIC_0, GZIP_MAGIC_1, inflateMembers } from "./gzip-members.js";
import { TOOL_MAGIC_BYTES, type ToolCompression, mayBeToolMagic, toolCompressionOf, toolDecompressed } from "./tool-decompress.js";

/** The first byte of a zlib stream with deflate's default window. */
const ZLIB_CMF = 0x78;
/** Size of the inflated chunks handed on. */
const GUNZIP_CHUNK_BYTES = 1 << 20;

/**
 * Passes bytes through, or gunzips them on the fly when they start with the gzip magic bytes
 * (`mnist.pkl.gz`); concatenated gzip members are read one after the other, NUL padding between
 * and after them skipped, as Python's gzip module does. Bytes after a member that start no other
 * member fail (code Z_DATA_ERROR), once every byte inflated before them was handed on (see
 * gzip-members.ts for why that is not Node's gunzip). A zlib stream
 * (`joblib.dump(..., compress=3)` writes one; its first byte 0x78 is no opcode) is inflated the same way.
 * bzip2, xz, legacy lzma and zstd data (pandas' `to_pickle("x.pkl.bz2")`, joblib's
 * `compress="xz"`) go through the system's own tool, `bzip2 -dc` and the like, in a child process
 * (tool-decompress.ts; a ToolDecompressError when it is missing or fails). The pull-based
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
    kind: CompressionKind,
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
  /** What the input is compressed with, once known to be (`inspect` judges a file's name by it). */
  compression?: CompressionKind | ToolCompression;
}

/**
 * gunzipIfNeeded, noting in `note` whether it inflates (then the offsets of the bytes it hands on
 * are not the source's: the source cannot be read again from one of them).
 */
export async function* gunzipNoting(
  source: AsyncIterable<Uint8Array>,
  note: InflateNote | undefined,
  file: string | undefined = fileOf(source),
  /** Which tool compressions to undo (default all); the others pass through as stored. */
  isToolUsed: (compression: ToolCompression) => boolean = () => true,
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let isDone = false;
  try {
    // Two bytes tell gzip and zlib; a tool's magic number takes up to six (xz), read only while
    // the bytes so far may start one (a live stream of small records is not held back).
    while (headBytes < 2 || (headBytes < TOOL_MAGIC_BYTES && mayBeToolMagic(joinedHead(head)))) {
      const step = await iterator.next();
      if (step.done === true) {
        isDone = true;
        break;
      }
      if (step.value.length === 0) continue;
      head.push(step.value);
      headBytes += step.value.length;
    }
    const found = compressionOf(head);
    const kind = found === null || found === "gzip" || found === "zlib" || isToolUsed(found) ? found : null;
    if (note !== undefined) {
      note.isInflating = kind !== null;
      if (kind !== null) note.compression = kind;
    }
    if (kind === null) {
      yield* head;
      head.length = 0;
      if (isDone) return;
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield step.value;
      isDone = true;
      return;
    }
    const rest = isDone ? null : iterator;
    isDone = true; // From here on the inflating below owns the source iterator.
    if (kind === "gzip" || kind === "zlib") yield* await gunzipped(head, rest, kind, file);
    else yield* toolDecompressed(head, rest, kind, file);
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

function compressionOf(head: readonly Uint8Array[]): CompressionKind | ToolCompression | null {
  const first = head[0];
  if (first === undefined) return null;
  const second = first.length > 1 ? first[1] : head[1]?.[0];
  if (second === undefined) return null;
  if (first[0] === GZIP_MAGIC_0 && second === GZIP_MAGIC_1) return "gzip";
  // RFC 1950: deflate with a 32 KiB window (0x78), the header check, no preset dictionary.
  if (first[0] === ZLIB_CMF && (ZLIB_CMF * 256 + second) % 31 === 0 && (second & 0x20) === 0) return "zlib";
  return toolCompressionOf(joinedHead(head));
}

/** The first TOOL_MAGIC_BYTES (or fewer) bytes of `head`'s chunks, as one array. */
function joinedHead(head: readonly Uint8Array[]): Uint8Array {
  const first = head[0];
  if (first === undefined) return new Uint8Array(0);
  if (first.length >= TOOL_MAGIC_BYTES || head.length === 1) return first;
  const joined: number[] = [];
  for (const chunk of head) {
    for (const byte of chunk) {
      joined.push(byte);
      if (joined.length === TOOL_MAGIC_BYTES) return Uint8Array.from(joined);
    }
  }
  return Uint8Array.from(joined);
}

/** zlib loads only when gzip bytes are seen: it costs every plain decode ~3 ms of start-up. */
async function gunzipped(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  kind: CompressionKind,
  file: string | undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const zlib = await import("node:zlib");
  return inflateMembers(head, rest, {
    kind,
    zlib,
    // 1 MiB output chunks (zlib's default is 16 KiB): each chunk is a round trip to the thread pool
    // and a push into the decoder, and zlib waits while the decoder takes it. readPickles of
    // mnist.pkl.gz (220 MB inflated): 1.6-2.1 s at 16 KiB, 0.73-0.83 s at 256 KiB, 0.60-0.65 s at
    // 1 MiB (2 and 4 MiB: the same), CPython 0.76-0.79 s; a larger readable buffer changed nothing.
    chunkBytes: GUNZIP_CHUNK_BYTES,
    // The input ended inside a member: every byte inflated before the cut was handed on. Said as
    // such, with the file when known.
    cutError: (zlibError, compressedBytes, inflatedBytes) => new GzipCutError(kind, compressedBytes, inflatedBytes, file, zlibError),
  });
}

/** The path of an fs ReadStream (what `pipeline(createReadStream(path), gunzipIfNeeded, ...)` passes). */
function fileOf(source: AsyncIterable<Uint8Array>): string | undefined {
  const path = (source as { path?: unknown }).path;
  return typeof path === "string" ? path : undefined;
}
