/**
 * `float.as_integer_ratio()`: a finite double as numerator / denominator in lowest terms, the
 * denominator a power of two (exact: every double is a dyadic rational).
 */
export function floatRatio(value: number): [numerator: bigint, denominator: bigint] {
  if (!Number.isFinite(value)) throw new TypeError(`cannot convert ${Number.isNaN(value) ? "NaN" : "Infinity"} to integer ratio`);
  if (Number.isInteger(value)) return [BigInt(value), 1n];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let shift: number;
  if (exponentBits === 0) shift = 1074;
  else {
    mantissa |= 1n << 52n;
    shift = 1075 - exponentBits;
  }
  // Not an integer, so shift > 0: drop the common factors of two.
  while ((mantissa & 1n) === 0n && shift > 0) {
    mantissa >>= 1n;
    shift--;
  }
  return [value < 0 ? -mantissa : mantissa, 1n << BigInt(shift)];
}
