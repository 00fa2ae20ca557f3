/**
 * "00" to "99" as byte pairs: numbers are written two digits per division (int32 arithmetic),
 * by every writer that formats digits into a byte buffer.
 */
export const DIGIT_PAIRS: Uint8Array = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** `value` (0 to 99) as exactly two digits. */
export function writeTwoDigits(out: Uint8Array, pos: number, value: number): number {
  const pair = value << 1;
  out[pos] = DIGIT_PAIRS[pair]!;
  out[pos + 1] = DIGIT_PAIRS[pair + 1]!;
  return pos + 2;
}

/** `value` (0 to 999999) as exactly six digits. */
export function writeSixDigits(out: Uint8Array, pos: number, value: number): number {
  const high = (value / 10000) | 0;
  const rest = value - high * 10000;
  const middle = (rest / 100) | 0;
  writeTwoDigits(out, pos, high);
  writeTwoDigits(out, pos + 2, middle);
  return writeTwoDigits(out, pos + 4, rest - middle * 100);
}
