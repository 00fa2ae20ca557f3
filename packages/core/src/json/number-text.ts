import { floatRepr } from "./float-repr.js";

/**
 * JSON text of a number under the mapping: an integer-valued number is a Python int (exact
 * digits, never `1e+21`); -0, fractions and non-finite values are floats (`-0.0`, `repr`, and
 * `null` for NaN and infinities, which JSON cannot spell).
 */
export function numberJson(value: number): string {
  if (Number.isInteger(value)) {
    if (value === 0 && 1 / value < 0) return "-0.0";
    return value > -1e21 && value < 1e21 ? String(value) : BigInt(value).toString();
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
    return value > -1e21 && value < 1e21 ? String(value) : BigInt(value).toString();
  }
  return floatRepr(value);
}
