import type { TapeOutput } from "./tape-output.js";

// What record shapes (record-shape.ts) and value shapes (value-shape.ts) both do with bytes:
// compare the input with a learned model, and write learned output, 4 bytes at a time.

/** `bytes` as little-endian words for writeLearned: its whole words, then its last 4 bytes (none when shorter than 4). */
export function wordsOf(bytes: Uint8Array): Int32Array {
  if (bytes.length < 4) return new Int32Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) words.push(view.getInt32(i, true));
  words.push(view.getInt32(bytes.length - 4, true));
  return Int32Array.from(words);
}

/** input[p, p + length) equals model[from, from + length) (both in bounds): 4 bytes at a time, the last 4 overlapping. */
export function isSameAsModel(input: Uint8Array, view: DataView, p: number, model: Uint8Array, modelView: DataView, from: number, length: number): boolean {
  if (length < 4) {
    for (let i = 0; i < length; i++) if (input[p + i] !== model[from + i]) return false;
    return true;
  }
  for (let i = 0; i + 4 <= length; i += 4) if (view.getInt32(p + i, true) !== modelView.getInt32(from + i, true)) return false;
  return view.getInt32(p + length - 4, true) === modelView.getInt32(from + length - 4, true);
}

/**
 * Writes `bytes` (`words` its wordsOf) at writer.pos and moves past them; room for them was
 * made, and `outView` views the writer's output.
 */
export function writeLearned(writer: TapeOutput, bytes: Uint8Array, words: Int32Array, outView: DataView): void {
  const length = bytes.length;
  const p = writer.pos;
  if (length < 4) {
    const out = writer.out;
    for (let i = 0; i < length; i++) out[p + i] = bytes[i]!;
  } else {
    // 4 bytes at a time, the last 4 overlapping.
    const whole = words.length - 1;
    for (let w = 0; w < whole; w++) outView.setInt32(p + 4 * w, words[w]!, true);
    outView.setInt32(p + length - 4, words[whole]!, true);
  }
  writer.pos = p + length;
}

/**
 * Writes `bytes` (whole) into `out` at `at`, where the caller made room. A few bytes (a key read
 * from the memo, an object's head, an isoformat) go by a loop: TypedArray `set` is a call that
 * costs more than copying them, and a subarray to pass it is an allocation.
 */
export function putBytes(out: Uint8Array, at: number, bytes: Uint8Array, length = bytes.length): void {
  if (length < 64) {
    for (let i = 0; i < length; i++) out[at + i] = bytes[i]!;
  } else {
    out.set(length === bytes.length ? bytes : bytes.subarray(0, length), at);
  }
}

/** bytes[a, a + length) equals bytes[b, b + length). */
export function isSameSpan(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/**
 * Reads the int of a BININT1, BININT2 or BININT (a timedelta's days, seconds and microseconds, a
 * small UUID's int), as the record and value shapes' replays take them; `end` is where the last
 * one read ends.
 */
export class SmallInts {
  end = 0;

  /** The int at input[p], or undefined for another opcode or one cut by `limit`. */
  read(input: Uint8Array, view: DataView, p: number, limit: number): number | undefined {
    const op = input[p];
    const size = op === 0x4b /* BININT1 */ ? 1 : op === 0x4d /* BININT2 */ ? 2 : op === 0x4a /* BININT */ ? 4 : 0;
    if (size === 0 || p + 1 + size > limit) return undefined;
    this.end = p + 1 + size;
    return size === 1 ? input[p + 1]! : size === 2 ? view.getUint16(p + 1, true) : view.getInt32(p + 1, true);
  }
}
