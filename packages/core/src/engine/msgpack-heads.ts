import type { TapeOutput } from "./tape-output.js";
import { isWellFormedUtf8 } from "./utf8.js";

// msgpack's smallest encodings, exactly as msgpackr writes them for the values the value path
// hands it (toMsgpackPlain in @pkl-stream/stream), so the tape's bytes, and the merge
// transcoder's, equal the value path's: ints within int32 use the smallest int format
// (positive ones unsigned), str/bin/array/map headers follow the length. Each writer takes the
// target and a position with room reserved and returns the position after what it wrote.

/**
 * A str (`isStr`) or bytes whose bytes are input[at, at + length), head and bytes, at
 * `writer.pos` (room for length + 5 bytes made, `outView` viewing the writer's output); false,
 * with the writer's position unmoved, for a str that is not well-formed UTF-8 (a lone surrogate is
 * the value path's to write). Short ones are copied 4 bytes at a time (the last 4 overlapping),
 * the UTF-8 checked on the way.
 */
export function writeMsgpackText(input: Uint8Array, inView: DataView, at: number, length: number, isStr: boolean, writer: TapeOutput, outView: DataView): boolean {
  const out = writer.out;
  const p = isStr ? writeStrHead(out, writer.pos, length) : writeBinHead(out, writer.pos, length);
  if (length < 64) {
    let high = 0;
    if (length < 4) {
      for (let i = 0; i < length; i++) {
        const byte = input[at + i]!;
        high |= byte;
        out[p + i] = byte;
      }
    } else {
      let i = 0;
      for (; i + 4 <= length; i += 4) {
        const word = inView.getInt32(at + i, true);
        high |= word;
        outView.setInt32(p + i, word, true);
      }
      if (i < length) {
        const word = inView.getInt32(at + length - 4, true);
        high |= word;
        outView.setInt32(p + length - 4, word, true);
      }
    }
    if ((high & 0x80808080) !== 0 && isStr && !isWellFormedUtf8(input, at, at + length)) return false;
  } else {
    if (isStr && !isAscii(input, at, at + length) && !isWellFormedUtf8(input, at, at + length)) return false;
    out.set(input.subarray(at, at + length), p);
  }
  writer.pos = p + length;
  return true;
}

/** True when bytes[start, end) are all below 0x80 (8 at a time). */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  for (; i + 8 <= end; i += 8) {
    if (((bytes[i]! | bytes[i + 1]! | bytes[i + 2]! | bytes[i + 3]! | bytes[i + 4]! | bytes[i + 5]! | bytes[i + 6]! | bytes[i + 7]!) & 0x80) !== 0) return false;
  }
  let high = 0;
  for (; i < end; i++) high |= bytes[i]!;
  return high < 0x80;
}

export function writeInt32(out: Uint8Array, p: number, v: number): number {
  if (v >= 0) {
    if (v < 0x80) {
      out[p] = v;
      return p + 1;
    }
    if (v < 0x100) {
      out[p] = 0xcc;
      out[p + 1] = v;
      return p + 2;
    }
    if (v < 0x10000) {
      out[p] = 0xcd;
      out[p + 1] = v >>> 8;
      out[p + 2] = v & 0xff;
      return p + 3;
    }
    out[p] = 0xce;
    return writeUint32(out, p + 1, v);
  }
  if (v >= -0x20) {
    out[p] = v & 0xff;
    return p + 1;
  }
  if (v >= -0x80) {
    out[p] = 0xd0;
    out[p + 1] = v & 0xff;
    return p + 2;
  }
  if (v >= -0x8000) {
    out[p] = 0xd1;
    out[p + 1] = (v >> 8) & 0xff;
    out[p + 2] = v & 0xff;
    return p + 3;
  }
  out[p] = 0xd2;
  return writeUint32(out, p + 1, v >>> 0);
}

/** True when `head` starts a msgpack str (fixstr, str 8, 16 or 32). */
export function isStrHead(head: number): boolean {
  return (head >= 0xa0 && head < 0xc0) || (head >= 0xd9 && head <= 0xdb);
}

/** ASCII `text` as a msgpack str at `writer.pos` (an isoformat, a Decimal's str). */
export function writeAsciiStr(writer: TapeOutput, text: string): void {
  const out = writer.room(text.length + 5);
  let p = writeStrHead(out, writer.pos, text.length);
  for (let i = 0; i < text.length; i++) out[p++] = text.charCodeAt(i);
  writer.pos = p;
}

export function writeStrHead(out: Uint8Array, p: number, length: number): number {
  if (length < 0x20) {
    out[p] = 0xa0 | length;
    return p + 1;
  }
  if (length < 0x100) {
    out[p] = 0xd9;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 0xda, 0xdb);
}

export function writeBinHead(out: Uint8Array, p: number, length: number): number {
  if (length < 0x100) {
    out[p] = 0xc4;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 0xc5, 0xc6);
}

export function writeArrayHead(out: Uint8Array, p: number, count: number): number {
  return writeCountHead(out, p, count, 0x90, 0xdc, 0xdd);
}

export function writeMapHead(out: Uint8Array, p: number, count: number): number {
  return writeCountHead(out, p, count, 0x80, 0xde, 0xdf);
}

/** Arrays and maps: a fix form (the count in the low 4 bits) below 16, then 16 or 32 bits. */
function writeCountHead(out: Uint8Array, p: number, count: number, fixBase: number, code16: number, code32: number): number {
  if (count < 0x10) {
    out[p] = fixBase | count;
    return p + 1;
  }
  return writeSized(out, p, count, code16, code32);
}

/** A 16-bit form for lengths below 65536, else the 32-bit one. */
function writeSized(out: Uint8Array, p: number, length: number, code16: number, code32: number): number {
  if (length < 0x10000) {
    out[p] = code16;
    out[p + 1] = length >>> 8;
    out[p + 2] = length & 0xff;
    return p + 3;
  }
  out[p] = code32;
  return writeUint32(out, p + 1, length);
}

function writeUint32(out: Uint8Array, p: number, v: number): number {
  out[p] = v >>> 24;
  out[p + 1] = (v >>> 16) & 0xff;
  out[p + 2] = (v >>> 8) & 0xff;
  out[p + 3] = v & 0xff;
  return p + 4;
}

const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n;
const UINT64_LIMIT = 2n ** 64n;

/** Room `writeLong1` may need for a LONG1 payload of `length` bytes (its decimal digits past 64 bits). */
export function long1Room(length: number): number {
  return Math.ceil(length * 2.41) + 6;
}

/**
 * LONG1's little-endian two's complement input[at, at + length) as msgpack, as the value path
 * hands the int to msgpackr: int32, and non-negative ints up to 2**32 - 1, in their smallest
 * form; int64/uint64 up to 64 bits; past that the decimal digits as a str. `out` needs
 * `long1Room(length)` bytes of room at `p`.
 */
export function writeLong1(out: Uint8Array, p: number, input: Uint8Array, at: number, length: number): number {
  if (length <= 4) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + input[at + i]!;
    if (length > 0 && input[at + length - 1]! >= 0x80) value -= 2 ** (8 * length);
    return writeInt32(out, p, value);
  }
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[at + i]!);
  if (input[at + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
  if (value >= -2147483648n && value <= 4294967295n) return writeInt32(out, p, Number(value));
  if (value >= INT64_MIN && value < UINT64_LIMIT) {
    const view = new DataView(out.buffer, out.byteOffset);
    if (value < INT64_LIMIT) {
      out[p] = 0xd3;
      view.setBigInt64(p + 1, value);
    } else {
      out[p] = 0xcf;
      view.setBigUint64(p + 1, value);
    }
    return p + 9;
  }
  const digits = value.toString();
  p = writeStrHead(out, p, digits.length);
  for (let i = 0; i < digits.length; i++) out[p++] = digits.charCodeAt(i);
  return p;
}

/** A number as a msgpack float64 at `out[p]` (9 bytes of room): a timedelta's seconds. */
export function writeFloat64Value(out: Uint8Array, p: number, value: number): number {
  out[p] = 0xcb;
  new DataView(out.buffer, out.byteOffset).setFloat64(p + 1, value);
  return p + 9;
}

/**
 * BINFLOAT's 8 big-endian bytes at input[at] as a msgpack float64 (9 bytes of room at `p`): the
 * bytes copied, except a NaN, which goes through a float64 read and write as msgpackr's does
 * (the bits it keeps are V8's).
 */
export function writeFloat64(out: Uint8Array, p: number, input: Uint8Array, at: number): number {
  out[p] = 0xcb;
  if ((input[at]! & 0x7f) === 0x7f && (input[at + 1]! & 0xf0) === 0xf0) {
    const value = new DataView(input.buffer, input.byteOffset).getFloat64(at);
    if (!Number.isFinite(value)) {
      new DataView(out.buffer, out.byteOffset).setFloat64(p + 1, value);
      return p + 9;
    }
  }
  for (let i = 0; i < 8; i++) out[p + 1 + i] = input[at + i]!;
  return p + 9;
}
