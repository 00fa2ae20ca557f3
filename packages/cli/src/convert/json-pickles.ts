import type { PyValue } from "@pkl-stream/core";
import { BLANK, type JsonPickler, joinBytes, parseJsonValue } from "@pkl-stream/core/internal";
import { UnrecognizedInputError, documentError, plainTextStart } from "./convert-input.js";

/** Output is handed over in pieces of about this size. */
export const PICKLE_CHUNK_BYTES = 1 << 20;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The pickles of one JSON or NDJSON input, written by `pickler` straight from the bytes (no JS
 * values but for a record the transcoder leaves to the value path). Yields pieces of at least
 * PICKLE_CHUNK_BYTES; the last bytes stay in `pickler` for the caller to take.
 *
 * The format is decided as `decodeInput` decides it: the whole input one JSON value (a top-level
 * array a list of records), else NDJSON. A bad NDJSON line is thrown after the pickles of the lines
 * before it are yielded.
 */
export function* jsonTextPickles(pickler: JsonPickler, bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
  const mark = pickler.size;
  const after = pickler.tryRecord(bytes, 0, bytes.length);
  if (after >= 0 && skipSpace(bytes, after, bytes.length) === bytes.length) {
    // One JSON value: that record, or, for an array, one record per item.
    if (bytes[skipSpace(bytes, 0, bytes.length)] !== 0x5b) return;
    pickler.rollback(mark);
    yield* arrayItemPickles(pickler, bytes);
    return;
  }
  pickler.rollback(mark);
  if (after < 0 && after !== BLANK) {
    // The transcoder left the first value to the value path: ask it whether the input is one value.
    const whole = wholeJsonValue(bytes);
    if (whole !== undefined) {
      for (const record of Array.isArray(whole.value) ? whole.value : [whole.value]) {
        pickler.pickleValue(record);
        if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
      }
      return;
    }
  }
  yield* ndjsonPickles(pickler, bytes);
}

/** NDJSON held whole: each non-blank line one record, written before the next line is read. */
function* ndjsonPickles(pickler: JsonPickler, bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
  const lines = new NdjsonPickleLines(pickler, bytes);
  try {
    yield* lines.feed(bytes);
    yield* lines.end();
  } catch (error) {
    // The first line failed: the input may be one JSON document, which says better what is wrong.
    const first = bytes[skipSpace(bytes, 0, bytes.length)];
    if (lines.records > 0 || (first !== 0x5b && first !== 0x7b)) throw error;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw error;
    }
    throw documentError(text) ?? error;
  }
}

/**
 * NDJSON lines as pickles, fed in chunks of any size (a line may span chunks): each complete line
 * is pickled as it is found, so a stream of any length is held one chunk and one line at a time.
 * Yields output pieces of at least PICKLE_CHUNK_BYTES; a bad line is thrown after the pickles
 * of the lines before it are yielded, named by its number.
 */
export class NdjsonPickleLines {
  private line = 1;
  private count = 0;
  /** Records pickled so far. */
  get records(): number {
    return this.count;
  }
  /** The start of a line whose newline has not come yet: pieces of earlier chunks. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The error of a bad line, thrown once the output before it is handed over. */
  private failure: Error | undefined;

  /** `head`: the input's first bytes, for the wording of a first line that is plain text. */
  constructor(
    private readonly pickler: JsonPickler,
    private readonly head: Uint8Array,
  ) {}

  *feed(chunk: Uint8Array): Generator<Uint8Array, void, undefined> {
    let start = 0;
    if (this.pendingBytes > 0) {
      const newline = chunk.indexOf(0x0a);
      if (newline < 0) {
        this.keep(chunk);
        return;
      }
      this.keep(chunk.subarray(0, newline));
      const line = this.takePending();
      const piece = this.pickleLine(line, 0, line.length);
      if (piece !== undefined) yield piece;
      if (this.failure !== undefined) throw this.failure;
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      // A plain call per line (no generator per line: 800k lines made 800k of them).
      const piece = this.pickleLine(chunk, start, newline);
      if (piece !== undefined) yield piece;
      if (this.failure !== undefined) throw this.failure;
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** The last line, when the input does not end with a newline. */
  *end(): Generator<Uint8Array, void, undefined> {
    if (this.pendingBytes === 0) return;
    const line = this.takePending();
    const piece = this.pickleLine(line, 0, line.length);
    if (piece !== undefined) yield piece;
    if (this.failure !== undefined) throw this.failure;
  }

  private keep(piece: Uint8Array): void {
    this.pending.push(piece);
    this.pendingBytes += piece.length;
  }

  private takePending(): Uint8Array {
    const line = joinBytes(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return line;
  }

  /**
   * Pickles one line; returns output to hand over (a full piece, or what came before a bad line,
   * whose error is then in `failure`), else undefined.
   */
  private pickleLine(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
    const pickler = this.pickler;
    let isRecord: boolean;
    try {
      isRecord = pickler.pickleLine(bytes, start, end);
    } catch (error) {
      this.failure = lineError(error, this.head, bytes, start, end, this.line, this.count);
      return pickler.size > 0 ? pickler.take() : undefined;
    }
    if (isRecord) this.count++;
    this.line++;
    return pickler.size >= PICKLE_CHUNK_BYTES ? pickler.take() : undefined;
  }
}

/** A top-level array (valid JSON, checked by the first pass): its items, one record each. */
function* arrayItemPickles(pickler: JsonPickler, bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
  const length = bytes.length;
  let at = skipSpace(bytes, skipSpace(bytes, 0, length) + 1, length);
  if (bytes[at] === 0x5d) return;
  for (let index = 0; ; index++) {
    const after = pickler.tryRecord(bytes, at, length);
    if (after < 0) {
      // An item the transcoder leaves to the value path (its frames differ as a record of its
      // own): the value path takes the rest of the array.
      const items = wholeJsonValue(bytes)!.value as PyValue[];
      for (let rest = index; rest < items.length; rest++) {
        pickler.pickleValue(items[rest]!);
        if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
      }
      return;
    }
    if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
    at = skipSpace(bytes, after, length);
    if (bytes[at] === 0x5d) return;
    at = skipSpace(bytes, at + 1, length); // the comma
  }
}

/** The input as one JSON value by the value path, or undefined when it is not one. */
function wholeJsonValue(bytes: Uint8Array): { value: PyValue } | undefined {
  try {
    return { value: parseJsonValue(utf8.decode(bytes)) };
  } catch {
    return undefined;
  }
}

/** The error for NDJSON line `line`, as the value path words it (a first line of plain text says so). */
function lineError(error: unknown, head: Uint8Array, bytes: Uint8Array, start: number, end: number, line: number, count: number): Error {
  const reason = `NDJSON line ${line}: ${error instanceof Error ? error.message : String(error)}`;
  const first = head[skipSpace(head, 0, head.length)];
  if (count === 0 && first !== 0x5b && first !== 0x7b) {
    const text = new TextDecoder().decode(bytes.subarray(start, Math.min(end, start + 160)));
    return new UnrecognizedInputError(plainTextStart(text, 0, text.length, reason));
  }
  return new SyntaxError(reason);
}

function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const code = bytes[at]!;
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
    at++;
  }
  return at;
}

/**
 * Whether JSON text whose first bytes are `head` (more follows) is certainly NDJSON the pickle
 * writer can stream: its first non-blank line is one JSON value the transcoder takes, and more
 * than whitespace follows it (so the input is not one JSON value, which is read whole).
 */
export function isStreamableNdjson(pickler: JsonPickler, head: Uint8Array): boolean {
  const start = skipSpace(head, 0, head.length);
  const newline = head.indexOf(0x0a, start);
  if (newline < 0 || skipSpace(head, newline, head.length) === head.length) return false;
  const mark = pickler.size;
  const after = pickler.tryRecord(head, start, newline);
  pickler.rollback(mark);
  return after >= 0 && skipSpace(head, after, newline) === newline;
}
