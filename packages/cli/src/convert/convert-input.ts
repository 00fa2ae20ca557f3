import { isPickleError, type PyValue, Unpickler } from "@pkl-stream/core";
import { describeNotAPickle, JsonSyntaxError, notAPickleError, parseJsonValue } from "@pkl-stream/core/internal";
import { decodeMsgpackValues, isWholeMsgpack } from "@pkl-stream/stream";
import type { Interrupts } from "./interrupts.js";

/** The formats `convert` reads, recognised by content (gzip is undone before). */
export type ConvertInputFormat = "pickle" | "json" | "ndjson" | "msgpack";

/**
 * An input whose format is not certain: what it looks like, for a one-line error (exit 1).
 * A SyntaxError, as the other "this input is not what it should be" failures of `convert`.
 */
export class UnrecognizedInputError extends SyntaxError {
  override readonly name: string = "UnrecognizedInputError";
  constructor(looksLike: string) {
    super(`format not recognised (pickle, JSON, NDJSON or msgpack): ${looksLike}`);
  }
}

/** How pickles are decoded for conversion: classes kept, dict key types and float-ness too. */
const PICKLE_OPTIONS = { dict: "map", wrapIntegralFloats: true } as const;
/** A file named as msgpack (before any .gz): its first value may be a small int, an ASCII byte. */
const MSGPACK_NAME = /\.(?:msgpack|mpk)(?:\.gz)?$/i;
/** What a JSON value starts with (after whitespace); a literal as a whole word, so "name,age" is not JSON. */
const JSON_START = /^\s*(?:[[{"\-0-9]|(?:true|false|null)(?![A-Za-z_]))/;

/**
 * The records of one input and the format they were in, taken only when the format is certain
 * (`convert --help` states the same rule):
 * 1. PROTO 2-5 first (`\x80\x02`..`\x80\x05`): a pickle stream; its errors are pickle errors
 *    (a joblib file, whose arrays are raw bytes between opcodes, is named as such).
 * 2. A file named `.msgpack`/`.mpk` (optionally `.gz`) that is whole msgpack values and not
 *    printable text: msgpack.
 * 3. A known magic number (zip, .npy, gzip inside gzip, zlib, bzip2, xz, zstd, HDF5, Parquet): refused,
 *    saying what it is.
 * 4. Printable UTF-8 text that starts like JSON (`[`, `{`, `"`, `-`, a digit, or the word true,
 *    false or null): one JSON value (a top-level array is a list of records), else NDJSON whose every
 *    non-empty line is a JSON value, else an error naming the line.
 * 5. A first byte below 0x80: a protocol 0 or 1 pickle, or nothing. Every such byte is also a
 *    complete msgpack value (a positive fixint), so text would "parse" as msgpack: it never goes
 *    there. A decoding failure is the pickle error, unless the input is plain text failing in its
 *    first line (then it says so).
 * 6. Other bytes: msgpack, only when the whole input is msgpack values and is not printable text.
 */
export function decodeInput(bytes: Uint8Array, name?: string): { format: ConvertInputFormat; records: Iterable<PyValue> } {
  if (bytes.length === 0) return { format: "pickle", records: [] };
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! >= 2 && bytes[1]! <= 5) return decodePickle(bytes);
  const text = printableText(bytes);
  if (text === null && name !== undefined && MSGPACK_NAME.test(name)) {
    const records = msgpackValues(bytes);
    if (records !== null) return { format: "msgpack", records };
  }
  if (text !== null && JSON_START.test(text.slice(0, 64))) return decodeJsonText(text);
  // JSON text up to a line that is no text (a byte that is no UTF-8, a control character):
  // NDJSON read line by line, each bad line failing when it is reached, after those before it.
  if (text === null && isJsonStart(bytes)) return { format: "ndjson", records: ndjsonLinesOf(bytes) };
  const magic = describeNotAPickle(bytes);
  if (magic !== undefined) throw new UnrecognizedInputError(magic);
  if (bytes[0]! < 0x80) return decodePickle(bytes);
  if (text !== null) throw new UnrecognizedInputError(inConvert(describeNotAPickle(bytes, 0) ?? "this looks like plain text"));
  try {
    return { format: "msgpack", records: decodeMsgpackValues(bytes) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnrecognizedInputError(`binary data starting ${hexStart(bytes)} that is not whole msgpack values (${reason})`);
  }
}

/** How much of an input is checked to be text before it is taken as JSON or NDJSON (the rest is checked as it is read). */
const TEXT_HEAD_BYTES = 64 * 1024;

/**
 * Whether `decodeInput` takes this input as JSON or NDJSON text, judged by its start: the pickle
 * writer then reads it straight from the bytes (a later byte that is no text fails its line).
 * A file named as msgpack is left to `decodeInput`.
 */
export function isJsonText(bytes: Uint8Array, name?: string): boolean {
  if (bytes.length === 0 || (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! >= 2 && bytes[1]! <= 5)) return false;
  if (name !== undefined && MSGPACK_NAME.test(name)) return false;
  return isJsonStart(bytes);
}

/**
 * Whether `bytes` start as JSON text: their first line (64 KiB at most) is UTF-8 without control
 * characters and opens a JSON value. Only the first line is judged: a bad line further on fails
 * when it is reached, after the records before it (it made the whole input "not text" once).
 */
function isJsonStart(bytes: Uint8Array): boolean {
  let end = bytes.indexOf(0x0a);
  if (end < 0 || end > TEXT_HEAD_BYTES) end = Math.min(bytes.length, TEXT_HEAD_BYTES);
  let head: string;
  try {
    // stream: a character cut at the end of the head is not an error.
    head = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: end < bytes.length });
  } catch {
    return false;
  }
  return !CONTROL.test(head) && JSON_START.test(head.slice(0, 64));
}

/** NDJSON's records from bytes, a line at a time: a line that is no UTF-8 text, or holds a control character, fails when reached. */
function* ndjsonLinesOf(bytes: Uint8Array): Generator<PyValue, void, undefined> {
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new SyntaxError(`NDJSON line ${line}: not UTF-8 text`);
    }
    const control = CONTROL.exec(text);
    if (control !== null) throw new SyntaxError(`NDJSON line ${line}: a control character (U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")}) outside a string's escapes`);
    if (text.trim() !== "") {
      try {
        yield parseJsonValue(text);
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof JsonSyntaxError) throw new SyntaxError(`NDJSON line ${line}: ${error.message}`);
        throw error;
      }
    }
    start = end + 1;
    line++;
  }
}

/**
 * Whether `decodeInput` takes this input as msgpack (the same rules, 2 and 6), judged without
 * decoding its values: the pickle writer then reads it straight from the bytes.
 */
export function isMsgpackInput(bytes: Uint8Array, name?: string): boolean {
  if (bytes.length === 0 || (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! >= 2 && bytes[1]! <= 5)) return false;
  const isText = printableText(bytes) !== null;
  if (!isText && name !== undefined && MSGPACK_NAME.test(name) && isWholeMsgpack(bytes)) return true;
  if (isText || bytes[0]! < 0x80 || describeNotAPickle(bytes) !== undefined) return false;
  return isWholeMsgpack(bytes);
}

/** Every msgpack value of `bytes` when they are whole msgpack values, else null. */
function msgpackValues(bytes: Uint8Array): PyValue[] | null {
  try {
    return decodeMsgpackValues(bytes);
  } catch {
    return null;
  }
}

/** A pickle: a failure is its own error, unless the input is plainly no pickle (text, joblib). */
function decodePickle(bytes: Uint8Array): { format: ConvertInputFormat; records: Iterable<PyValue> } {
  const records: PyValue[] = [];
  try {
    const unpickler = new Unpickler(PICKLE_OPTIONS);
    unpickler.pushTo(bytes, records);
    unpickler.end();
    return { format: "pickle", records };
  } catch (error) {
    return { format: "pickle", records: pickleFailure(error, bytes, records) };
  }
}

/** Input the Unpickler decodes at a time in `decodePickleSlices`. */
const DECODE_SLICE_BYTES = 1 << 20;

/**
 * The records of a PROTO-led pickle input (decodeInput's rule 1), decoded a slice at a time with
 * a check for Ctrl-C between two: a giant record takes seconds to decode (a 62 MB dict of dicts:
 * 5-13 s), and whole it would be one run with no place to stop. The same records and errors as
 * decodeInput: the decoder reads its input in any pieces.
 */
export async function decodePickleSlices(bytes: Uint8Array, interrupts: Interrupts): Promise<Iterable<PyValue>> {
  const records: PyValue[] = [];
  try {
    const unpickler = new Unpickler(PICKLE_OPTIONS);
    for (let at = 0; at < bytes.length; at += DECODE_SLICE_BYTES) {
      await interrupts.check();
      unpickler.pushTo(bytes.subarray(at, at + DECODE_SLICE_BYTES), records);
    }
    unpickler.end();
    return records;
  } catch (error) {
    if (interrupts.signal.aborted) throw error;
    return pickleFailure(error, bytes, records);
  }
}

/**
 * What a pickle input that failed gives: the records before a bad record, then its error; or,
 * failing in its first record, the error (restated when the input is plainly no pickle).
 */
function pickleFailure(error: unknown, bytes: Uint8Array, records: readonly PyValue[]): Iterable<PyValue> {
  if (!isPickleError(error)) throw error;
  // A bad record after good ones: the input is a pickle stream, and the records before it are
  // written before its error, as the decoding command writes them.
  if (records.length > 0) return recordsThenFailure(records, error);
  const explained = notAPickleError(error, bytes);
  if (explained === undefined) throw error;
  // A PROTO-led input is a pickle (joblib's): its error keeps the offset; other input is no format.
  if (bytes[0] === 0x80) throw explained;
  throw new UnrecognizedInputError(inConvert(explained.reason));
}

/** core's hint after "this looks like plain text", written for the decoding command. */
const DECODER_TEXT_HINT = "; `pkl-stream convert` reads JSON and NDJSON text";

/**
 * `reason` as convert says it: core's hint for text sends the user to `pkl-stream convert`,
 * the command already running; here it says which text convert takes instead.
 */
function inConvert(reason: string): string {
  if (!reason.endsWith(DECODER_TEXT_HINT)) return reason;
  return `${reason.slice(0, -DECODER_TEXT_HINT.length)}; the text convert reads is JSON or NDJSON (one JSON value per line)`;
}

function* recordsThenFailure(records: readonly PyValue[], failure: unknown): Generator<PyValue, void, undefined> {
  yield* records;
  throw failure;
}

function decodeJsonText(text: string): { format: ConvertInputFormat; records: Iterable<PyValue> } {
  let whole: PyValue;
  try {
    whole = parseJsonValue(text);
  } catch {
    return { format: "ndjson", records: ndjsonRecords(text) };
  }
  return { format: "json", records: Array.isArray(whole) ? whole : [whole] };
}

/**
 * NDJSON's records, one line at a time as they are asked for: each is written before the next
 * is read, so a large file is never held as values (100 MB of small records: 1 GB). A bad line
 * fails when it is reached, after the records before it.
 */
function* ndjsonRecords(text: string): Generator<PyValue, void, undefined> {
  let start = 0;
  let line = 1;
  let count = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (text.slice(start, end).trim() !== "") {
      let record: PyValue;
      try {
        record = parseJsonValue(text, start, end);
      } catch (error) {
        const reason = `NDJSON line ${line}: ${(error as Error).message}`;
        if (count === 0) {
          // A first line that is no JSON value and opens no object or array: text such as CSV.
          if (!/^\s*[[{]/.test(text)) throw new UnrecognizedInputError(plainTextStart(text, start, end, reason));
          throw documentError(text) ?? new SyntaxError(reason);
        }
        throw new SyntaxError(reason);
      }
      count++;
      yield record;
    }
    start = end + 1;
    line++;
  }
}

export function plainTextStart(text: string, start: number, end: number, reason: string): string {
  const line = text.slice(start, Math.min(end, start + 40)).trimEnd();
  return `this looks like plain text (it starts ${JSON.stringify(line)}), not JSON or NDJSON (${reason})`;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Control characters but tab, newline, form feed and carriage return (UTF-8 encodes them as themselves). */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The input as text when it is valid UTF-8 with no control characters but whitespace, else null. */
function printableText(bytes: Uint8Array): string | null {
  // The native decoder and one regular-expression scan: a loop over the bytes in JS took 10% of
  // converting 100 MB of NDJSON.
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return null;
  }
  return CONTROL.test(text) ? null : text;
}

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

/**
 * The error to report for a JSON input whose first NDJSON line failed, when reading it as one
 * JSON document explains it better: an input of one line is that document (no "NDJSON line 1"),
 * and a document the parser read past its first line (pretty-printed JSON cut short, or nested
 * too deep) failed as a document, not at line 1. Undefined: the NDJSON line's error stands.
 */
export function documentError(text: string): Error | undefined {
  try {
    parseJsonValue(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) return undefined;
    const first = text.search(/\S/);
    const lineEnd = text.indexOf("\n", first);
    const nextText = /\S/g;
    nextText.lastIndex = lineEnd < 0 ? text.length : lineEnd;
    const isOneLine = lineEnd < 0 || !nextText.test(text);
    return isOneLine || error.offset > lineEnd ? error : undefined;
  }
}
