/**
 * Writes a safe integer's decimal digits (with `-` when negative) into `out` at `pos`, with no
 * string made; returns the position after them. `out` needs 17 bytes of room (a sign and up to 16
 * digits of a safe integer). The JSON writers' ints: most values of real records.
 */
export function writeIntDigits(out: Uint8Array, pos: number, value: number): number {
  if (value < 0) {
    out[pos++] = 0x2d;
    value = -value;
  }
  if (value < 10) {
    out[pos++] = 0x30 + value;
    return pos;
  }
  const first = pos;
  while (value > 0) {
    const digit = value % 10;
    out[pos++] = 0x30 + digit;
    value = (value - digit) / 10;
  }
  for (let i = first, j = pos - 1; i < j; i++, j--) {
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return pos;
}
