import type { PyValue } from "@pkl-stream/core";
import { BLANK, type JsonPickler, parseJsonValue } from "@pkl-stream/core/internal";
import { UnrecognizedInputError, plainTextStart } from "./convert-input.js";

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

/** NDJSON: each non-blank line one record, written before the next line is read. */
function* ndjsonPickles(pickler: JsonPickler, bytes: Uint8Array): Generator<Uint8Array, void, undefined> {
  const length = bytes.length;
  let start = 0;
  let line = 1;
  let count = 0;
  while (start < length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = length;
    let isRecord: boolean;
    try {
      isRecord = pickler.pickleLine(bytes, start, end);
    } catch (error) {
      if (pickler.size > 0) yield pickler.take();
      throw lineError(error, bytes, start, end, line, count);
    }
    if (isRecord) count++;
    if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
    start = end + 1;
    line++;
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
function lineError(error: unknown, bytes: Uint8Array, start: number, end: number, line: number, count: number): Error {
  const reason = `NDJSON line ${line}: ${error instanceof Error ? error.message : String(error)}`;
  const first = bytes[skipSpace(bytes, 0, bytes.length)];
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
