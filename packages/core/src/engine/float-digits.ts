/**
 * Writes `value` as Python's repr writes it when it is a whole number of thousandths below 1e9
 * in magnitude (prices, scores, `round(x, 3)`: most floats in records), from its integer digits,
 * and returns the position after it; returns -1 for any other float (then take floatRepr). At
 * these magnitudes a double lies far closer to its neighbours than 0.001, so the decimal k/1000,
 * trailing zeros dropped (`2.0` kept), is the one shortest string that reads back as the value:
 * what repr (and JavaScript) print. `out` needs 16 bytes of room at `pos`. String() of such a
 * float costs several times this (bench/micro/float-millis.bench.mjs).
 */
export function writeMillisFloat(out: Uint8Array, pos: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 0.001 && magnitude < 1e9)) return -1;
  const k = Math.round(magnitude * 1000);
  if (k / 1000 !== magnitude) return -1;
  if (value < 0) out[pos++] = 0x2d;
  let whole = (k - (k % 1000)) / 1000;
  let fraction = k % 1000;
  // The integer digits, most significant first.
  const first = pos;
  do {
    const digit = whole % 10;
    out[pos++] = 0x30 + digit;
    whole = (whole - digit) / 10;
  } while (whole > 0);
  for (let i = first, j = pos - 1; i < j; i++, j--) {
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  out[pos++] = 0x2e;
  if (fraction === 0) {
    out[pos++] = 0x30;
    return pos;
  }
  let width = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    width--;
  }
  for (let i = width - 1; i >= 0; i--) {
    const digit = fraction % 10;
    out[pos + i] = 0x30 + digit;
    fraction = (fraction - digit) / 10;
  }
  return pos + width;
}
