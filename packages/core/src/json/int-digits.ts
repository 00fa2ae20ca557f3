import { DIGIT_PAIRS } from "./digit-pairs.js";

/**
 * floor(value / unit) exactly, for an integer `value` >= 0 whose quotient times `unit` is a
 * double exactly (so the remainder `value - quotient * unit` is exact too): the rounded division
 * is at most one off, and the remainder says which way. Splits a number into int32 pieces.
 */
export function exactQuotient(value: number, unit: number): number {
  const quotient = Math.floor(value / unit);
  const remainder = value - quotient * unit;
  return remainder < 0 ? quotient - 1 : remainder >= unit ? quotient + 1 : quotient;
}

/**
 * Writes a safe integer's decimal digits (with `-` when negative) into `out` at `pos`, with no
 * string made; returns the position after them. `out` needs 17 bytes of room (a sign and up to 16
 * digits of a safe integer). The JSON writers' ints: most values of real records. In int32
 * arithmetic, two digits per division (a double's `%` is a call into fmod): an int32 at once,
 * a larger one as its part above 10^9 and nine digits below.
 */
export function writeIntDigits(out: Uint8Array, pos: number, value: number): number {
  if (value > -2147483648 && value < 2147483648) return writeSmallInt(out, pos, value);
  if (value < 0) {
    out[pos++] = 0x2d;
    value = -value;
  }
  const high = exactQuotient(value, 1e9);
  const low = value - high * 1e9;
  pos = writeSmallInt(out, pos, high);
  const digits = low | 0;
  const top = (digits / 1e8) | 0;
  out[pos++] = 0x30 + top;
  let rest = digits - top * 1e8;
  for (let at = pos + 6; at >= pos; at -= 2) {
    const next = (rest / 100) | 0;
    const pair = (rest - next * 100) << 1;
    out[at] = DIGIT_PAIRS[pair]!;
    out[at + 1] = DIGIT_PAIRS[pair + 1]!;
    rest = next;
  }
  return pos + 8;
}

/**
 * An int of magnitude below 2**31 as decimal digits into `buf` (12 bytes of room), with int32
 * arithmetic and two digits per step: a column's ints are most of what a frame prints.
 */
export function writeSmallInt(buf: Uint8Array, pos: number, value: number): number {
  if (value < 0) {
    buf[pos++] = 0x2d;
    value = -value;
  }
  let digits = 1;
  for (let bound = 10; digits < 10 && value >= bound; bound *= 10) digits++;
  let end = pos + digits;
  const after = end;
  while (value >= 100) {
    const next = (value / 100) | 0;
    const pair = (value - next * 100) * 2;
    buf[--end] = DIGIT_PAIRS[pair + 1]!;
    buf[--end] = DIGIT_PAIRS[pair]!;
    value = next;
  }
  if (value >= 10) {
    buf[--end] = DIGIT_PAIRS[value * 2 + 1]!;
    buf[--end] = DIGIT_PAIRS[value * 2]!;
  } else {
    buf[--end] = 0x30 + value;
  }
  return after;
}
