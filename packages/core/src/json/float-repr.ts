/**
 * Python's `repr(float)`: the shortest digits that round-trip (JavaScript finds the same ones),
 * laid out the way CPython's `float_repr_style == "short"` does. Fixed notation when the decimal
 * exponent is in [-4, 16), otherwise `d.ddde+XX` with at least two exponent digits. An integral
 * value keeps `.0`; -0 is `-0.0`; non-finite values are `inf`, `-inf`, `nan` (JSON writes those as
 * `null` and uses this spelling only for dict keys).
 */
export function floatRepr(value: number): string {
  const magnitude = value < 0 ? -value : value;
  // JavaScript prints the same digits in fixed notation for 1e-7 <= |x| < 1e21, so inside
  // Python's fixed range the only difference is the `.0` of an integral value.
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    return Number.isInteger(value) ? `${text}.0` : text;
  }
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  if (Number.isNaN(value)) return "nan";
  if (magnitude === Number.POSITIVE_INFINITY) return value > 0 ? "inf" : "-inf";
  return scientific(value.toExponential());
}

/** `1.5e-7` -> `1.5e-07`, `1e+21` -> `1e+21`: JavaScript's digits with Python's exponent width. */
function scientific(jsExponential: string): string {
  const e = jsExponential.indexOf("e");
  const mantissa = jsExponential.slice(0, e);
  const sign = jsExponential[e + 1];
  const digits = jsExponential.slice(e + 2);
  return `${mantissa}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}
