// msgpack's smallest encodings, exactly as msgpackr writes them for the values the value path
// hands it (toMsgpackPlain in @pkl-stream/stream), so the tape's bytes, and the merge
// transcoder's, equal the value path's: ints within int32 use the smallest int format
// (positive ones unsigned), str/bin/array/map headers follow the length. Each writer takes the
// target and a position with room reserved and returns the position after what it wrote.

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
