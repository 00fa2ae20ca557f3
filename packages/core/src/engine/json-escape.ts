import { base64Length, encodeBase64Into } from "../json/base64.js";
import { floatRepr } from "../json/float-repr.js";
import { writeIntDigits } from "../json/int-digits.js";
import { writeLongFloatRepr, writeShortFloat } from "./float-digits.js";
import type { TapeOutput } from "./tape-output.js";
import { isWellFormedUtf8 } from "./utf8.js";

// JSON text the one-pass JSON driver (json-direct-driver.ts) and record and value shapes
// (json-record-shape.ts, json-value-shape.ts) all write: escapes, strs, LONG1 ints, floats.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";

/** 1 for each byte JSON text escapes (as JSON.stringify does): control characters, `"` and `\`. */
export const JSON_ESCAPED: Uint8Array = (() => {
  const escaped = new Uint8Array(256);
  for (let code = 0; code < 0x20; code++) escaped[code] = 1;
  escaped[QUOTE] = 1;
  escaped[BACKSLASH] = 1;
  return escaped;
})();

/** Writes the escape of `code` (a byte JSON_ESCAPED marks) at out[pos] as JSON.stringify does; returns the position after it (at most 6 bytes). */
export function writeJsonEscape(out: Uint8Array, pos: number, code: number): number {
  let p = pos;
  out[p++] = BACKSLASH;
  switch (code) {
    case QUOTE:
      out[p++] = QUOTE;
      break;
    case BACKSLASH:
      out[p++] = BACKSLASH;
      break;
    case 0x08:
      out[p++] = 0x62;
      break;
    case 0x09:
      out[p++] = 0x74;
      break;
    case 0x0a:
      out[p++] = 0x6e;
      break;
    case 0x0c:
      out[p++] = 0x66;
      break;
    case 0x0d:
      out[p++] = 0x72;
      break;
    default:
      out[p++] = 0x75;
      out[p++] = 0x30;
      out[p++] = 0x30;
      out[p++] = HEX.charCodeAt(code >> 4);
      out[p++] = HEX.charCodeAt(code & 15);
  }
  return p;
}

/**
 * The str whose UTF-8 is input[at, at + length) written as a JSON string at `writer.pos`, as
 * JSON.stringify writes it (room for length + 2 bytes made, `outView` viewing the writer's
 * output); false, with the writer's position unmoved, when the bytes are not well-formed UTF-8
 * (a lone surrogate is the value path's to write). Copied 4 bytes at a time (the last 4
 * overlapping): a byte below 0x20, a quote or a backslash (found by the word tricks, which may
 * also flag some bytes past 0x7f) sends the str to the escaping loop; a byte past 0x7f to the
 * UTF-8 check.
 */
export function writeJsonStr(input: Uint8Array, inView: DataView, at: number, length: number, writer: TapeOutput, outView: DataView): boolean {
  const start = writer.pos;
  const out = writer.out;
  let p = start;
  out[p++] = QUOTE;
  const end = at + length;
  let high = 0;
  let escapes = 0;
  if (length < 4) {
    for (let i = at; i < end; i++) {
      const byte = input[i]!;
      high |= byte;
      escapes |= JSON_ESCAPED[byte]!;
      out[p++] = byte;
    }
  } else {
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      const word = inView.getInt32(at + i, true);
      high |= word;
      escapes |= ((word - 0x20202020) & ~word) | hasZeroByte(word ^ 0x22222222) | hasZeroByte(word ^ 0x5c5c5c5c);
      outView.setInt32(p + i, word, true);
    }
    if (i < length) {
      const word = inView.getInt32(end - 4, true);
      high |= word;
      escapes |= ((word - 0x20202020) & ~word) | hasZeroByte(word ^ 0x22222222) | hasZeroByte(word ^ 0x5c5c5c5c);
      outView.setInt32(p + length - 4, word, true);
    }
    p += length;
    escapes &= 0x80808080;
  }
  high &= 0x80808080;
  if (high !== 0 && !isWellFormedUtf8(input, at, end)) return false;
  if (escapes !== 0) {
    // Written again byte by byte with JSON.stringify's escapes. Making room may move the output
    // to a larger buffer, which takes the bytes before writer.pos only: the opening quote again.
    const escaped = writer.room(6 * length + 2);
    escaped[start] = QUOTE;
    p = start + 1;
    for (let i = at; i < end; i++) {
      const code = input[i]!;
      if (JSON_ESCAPED[code] === 0) escaped[p++] = code;
      else p = writeJsonEscape(escaped, p, code);
    }
  }
  writer.out[p++] = QUOTE;
  writer.pos = p;
  return true;
}

/** The high bit of each byte of `word` that is zero (and maybe of a byte past 0x80 after one). */
function hasZeroByte(word: number): number {
  return (word - 0x01010101) & ~word;
}

/** LONG1's little-endian two's-complement payload input[at, at + length) as decimal digits at `writer.pos`. */
export function writeLong1Digits(input: Uint8Array, at: number, length: number, writer: TapeOutput): void {
  if (length === 0) {
    writer.room(1)[writer.pos++] = 0x30;
  } else if (length <= 6) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + input[at + i]!;
    if (input[at + length - 1]! >= 0x80) value -= 2 ** (8 * length);
    writer.pos = writeIntDigits(writer.room(17), writer.pos, value);
  } else {
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[at + i]!);
    if (input[at + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
    const text = value.toString();
    const out = writer.room(text.length);
    let p = writer.pos;
    for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
    writer.pos = p;
  }
}

/** ASCII `text` that needs no escapes (an isoformat, a Decimal's str) as a JSON string at `writer.pos`. */
export function writeQuotedAscii(writer: TapeOutput, text: string): void {
  const out = writer.room(text.length + 2);
  let p = writer.pos;
  out[p++] = 0x22;
  for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
  out[p++] = 0x22;
  writer.pos = p;
}

/** Bytes input[at, at + length) as base64 in quotes at `writer.pos`, as the driver's pushText writes bytes. */
export function writeQuotedBase64(input: Uint8Array, at: number, length: number, writer: TapeOutput): void {
  const start = writer.pos;
  const out = writer.room(base64Length(length) + 2);
  out[start] = 0x22;
  const end = encodeBase64Into(input.subarray(at, at + length), out, start + 1);
  out[end] = 0x22;
  writer.pos = end + 1;
}

/**
 * A float as Python's repr at `writer.pos` (NaN and infinities as null, as the value path's JSON
 * writes them), moving past it. After a float of 16-17 digits (`isLastLong`) the long way is
 * tried first (as json-writer.ts's float columns do): a field of timestamps or random() values in
 * every record skips the cheaper ways, which fail on each of them (cat stream.pkl in-process:
 * -1.5% time). Returns whether this one had 16-17 digits, for the next.
 */
export function writeJsonFloat(writer: TapeOutput, value: number, isLastLong: boolean): boolean {
  const out = writer.room(24);
  const start = writer.pos;
  let end = isLastLong ? writeLongFloatRepr(out, start, value) : -1;
  if (end < 0) end = writeShortFloat(out, start, value);
  if (end >= 0) {
    writer.pos = end;
  } else {
    const text = Number.isFinite(value) ? floatRepr(value) : "null";
    const room = writer.room(text.length);
    let p = start;
    for (let i = 0; i < text.length; i++) room[p++] = text.charCodeAt(i);
    writer.pos = p;
  }
  return writer.pos - start >= 17;
}
