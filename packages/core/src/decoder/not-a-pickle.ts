import { isTorchDataMember } from "../containers/torch-names.js";
import { PickleError } from "../errors.js";

/**
 * Recognises inputs that are not pickles at all, so that a decoding failure can say what the
 * file is and what to do instead of blaming an opcode (`memo key 101 is missing` for "hello").
 * Pure byte inspection: callers pass the input's first bytes (the whole input, or at least the
 * first `NOT_A_PICKLE_HEAD_BYTES`) and, for the rules that depend on it, where decoding failed.
 *
 * The rules are certain ones. Magic numbers (zip, .npy, gzip, zlib, bzip2, xz, zstd, HDF5,
 * Parquet) hold whatever decoding does: no pickle starts with them. (joblib files decode: the
 * Unpickler reads the raw array bytes after each `NumpyArrayWrapper`; a torch.save zip is read
 * by `loadTorch`, which the command uses when it sees one.) Plain text is only called text when it is
 * printable UTF-8 and decoding failed inside its first line: a protocol 0 pickle is text too,
 * and one corrupted further in keeps its pickle error.
 */
export const NOT_A_PICKLE_HEAD_BYTES = 64 * 1024;

/** Bytes of the start that must be printable UTF-8 for the input to count as text. */
const TEXT_SAMPLE_BYTES = 4096;

/**
 * What `bytes` (an input from its first byte) is when it is certainly not a pickle, as a
 * sentence fragment that says what to do (`this is a zip archive (a numpy .npz?) ...: ...`);
 * undefined when nothing certain can be said. `failedAt` is the absolute offset where decoding
 * failed; without it only the magic numbers are checked.
 */
export function describeNotAPickle(bytes: Uint8Array, failedAt?: number): string | undefined {
  const magic = describeMagic(bytes);
  if (magic !== undefined || failedAt === undefined) return magic;
  const text = textStart(bytes);
  if (text !== undefined && failedAt < firstLineEnd(bytes)) {
    const sample = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    return (
      `this looks like plain text (it starts ${sample}), not a pickle: a pickle is binary (protocol 2 ` +
      "and up) or protocol 0 opcode text; `pkl-stream convert` reads JSON and NDJSON text"
    );
  }
  return undefined;
}

/**
 * `error` restated as "not a pickle" when `bytes` (the input from its first byte) is certainly
 * something else, else undefined. Only for a failure in the input's first record: a stream whose
 * records decoded is a pickle stream. The original error is the `cause`.
 */
export function notAPickleError(error: PickleError, bytes: Uint8Array): PickleError | undefined {
  if (error.recordIndex !== 0) return undefined;
  const description = describeNotAPickle(bytes, error.offset);
  if (description === undefined) return undefined;
  return new PickleError(description, { code: "UNSUPPORTED", offset: error.offset, opcode: -1, recordIndex: 0, cause: error });
}

function describeMagic(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const member = firstZipMember(bytes);
    if (member !== undefined && isTorchDataMember(member)) {
      return (
        `this is a torch.save zip archive (its first member is ${JSON.stringify(member)}), not a pickle: ` +
        "decode it with loadTorch (the pkl-stream command reads it as one record)"
      );
    }
    const first = member === undefined ? "" : ` whose first member is ${JSON.stringify(member)}`;
    if (member !== undefined && /\.(pkl|pickle|p)$/i.test(member)) {
      // pandas' to_pickle(path, compression="zip") writes the pickle as the archive's one member.
      return `this is a zip archive${first}, not a pickle: unzip the member first, e.g. \`unzip -p FILE | pkl-stream\``;
    }
    return (
      `this is a zip archive (a numpy .npz?)${first}, not a pickle: load it in Python with numpy.load(path); ` +
      "a torch.save archive (first member <name>/data.pkl) is read as one record"
    );
  }
  if (startsWith(bytes, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) {
    return "this is a numpy .npy file, not a pickle: load it in Python with numpy.load(path)";
  }
  if (startsWith(bytes, [0x1f, 0x8b])) {
    return (
      "this is gzip data, not a pickle: decompress it first (`gzip -dc FILE | pkl-stream`; a stream: " +
      "gunzipIfNeededStream() before the parser). Where gzip was already undone (the pkl-stream command, " +
      "readPickles), it was compressed twice: `gzip -dc FILE | gzip -dc | pkl-stream`"
    );
  }
  if (isZlibHeader(bytes)) {
    return (
      "this looks like zlib-compressed data (joblib.dump with compress=?), not a pickle: inflate it " +
      "first (the pkl-stream command does)"
    );
  }
  if (startsWith(bytes, [0x5a, 0x46, 0x30, 0x78])) {
    return "this is a compressed joblib file (ZF header), not a pickle: load it in Python with joblib.load";
  }
  const compressor = compressorOf(bytes);
  if (compressor !== undefined) {
    const tool = COMPRESSOR_TOOLS[compressor];
    return `this is ${compressor} data, not a pickle: decompress it first${tool === undefined ? "" : `, e.g. \`${tool} FILE | pkl-stream\``}`;
  }
  if (startsWith(bytes, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return "this is an HDF5 file (Keras .h5, pandas HDFStore?), not a pickle: read it in Python with h5py or pandas.read_hdf";
  }
  if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) {
    return "this is a Parquet file, not a pickle: read it in Python with pandas.read_parquet or pyarrow";
  }
  return undefined;
}

/** The command that decompresses each format to stdout, for the message (pandas' to_pickle compressions among them). */
const COMPRESSOR_TOOLS: Readonly<Record<string, string>> = { bzip2: "bzip2 -dc", xz: "xz -dc", zstd: "zstd -dc", lz4: "lz4 -dc", lzma: "xz --format=lzma -dc" };

function compressorOf(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x42, 0x5a, 0x68]) && bytes.length > 3 && bytes[3]! >= 0x31 && bytes[3]! <= 0x39) return "bzip2";
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return "xz";
  if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) return "zstd";
  if (startsWith(bytes, [0x04, 0x22, 0x4d, 0x18])) return "lz4";
  // The legacy .lzma header (joblib's compress="lzma"): properties 0x5d, then a dictionary size.
  // A pickle cannot start so: 0x00 is no opcode.
  if (startsWith(bytes, [0x5d, 0x00])) return "lzma";
  return undefined;
}

/** A zlib stream header (RFC 1950): deflate, a 32 KiB window or less, and the header check. */
function isZlibHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  // 0x78 is no opcode; other CMF values (smaller windows) are opcode bytes in real pickles.
  return cmf === 0x78 && (cmf * 256 + flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** The start of the input as text when it is printable UTF-8 (tabs, line ends allowed), else undefined. */
function textStart(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, wholeCharacters(bytes, TEXT_SAMPLE_BYTES));
  if (sample.length === 0) return undefined;
  for (const byte of sample) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f) return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    return undefined;
  }
  const newline = text.indexOf("\n");
  return (newline < 0 ? text : text.slice(0, newline)).trimEnd();
}

/** `limit`, moved back so that a multi-byte UTF-8 character is not cut (when the bytes go on). */
function wholeCharacters(bytes: Uint8Array, limit: number): number {
  if (bytes.length <= limit) return bytes.length;
  let end = limit;
  while (end > limit - 3 && (bytes[end]! & 0xc0) === 0x80) end--;
  return end;
}

function firstLineEnd(bytes: Uint8Array): number {
  const newline = bytes.indexOf(0x0a);
  return newline < 0 ? bytes.length : newline;
}

/** The name of a zip's first member from its local file header, when it is there and ASCII-safe. */
function firstZipMember(bytes: Uint8Array): string | undefined {
  if (bytes.length < 30 || bytes[2] !== 0x03) return undefined;
  const nameLength = bytes[26]! | (bytes[27]! << 8);
  const name = bytes.subarray(30, 30 + nameLength);
  if (nameLength === 0 || name.length < nameLength) return undefined;
  for (const byte of name) if (byte < 0x20 || byte > 0x7e) return undefined;
  return String.fromCharCode(...name);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
