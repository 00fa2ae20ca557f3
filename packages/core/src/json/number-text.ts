import { floatRepr } from "./float-repr.js";

/**
 * JSON text of a number under the mapping: an integer-valued number is a Python int (exact
 * digits, never `1e+21`); -0, fractions and non-finite values are floats (`-0.0`, `repr`, and
 * `null` for NaN and infinities, which JSON cannot spell).
 */
export function numberJson(value: number): string {
  if (Number.isInteger(value)) {
    if (value === 0 && 1 / value < 0) return "-0.0";
    return integerDigits(value);
  }
  return Number.isFinite(value) ? floatRepr(value) : "null";
}

/** JSON text of a float known to be integral-valued (a PyFloat): `2.0`, `1e+16`; `null` when not finite. */
export function floatJson(value: number): string {
  return Number.isFinite(value) ? floatRepr(value) : "null";
}

/** Dict-key text of a number: int digits, or the float's `repr` (`"-0.0"`, `"inf"`, `"nan"`). */
export function numberKeyText(value: number): string {
  if (Number.isInteger(value) && !(value === 0 && 1 / value < 0)) {
    return integerDigits(value);
  }
  return floatRepr(value);
}

/**
 * The exact decimal digits of an integer-valued number. Past 2^53 `String` gives the shortest
 * text that reads back as the same double, not its digits (2^63 printed "9223372036854776000",
 * where the value is 9223372036854775808); BigInt gives them.
 */
function integerDigits(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}
