import { PyFloat } from "../values/py-types.js";

/**
 * A Python float for `toPlain()`: wrapped in PyFloat when integral, so JSON writes `2.0` (as
 * `json.dumps` does) and never reads back as an int. -0.0, NaN and infinities stay numbers (no int
 * looks like them).
 */
export function plainFloat(value: number): number | PyFloat {
  return Number.isInteger(value) && !Object.is(value, -0) ? new PyFloat(value) : value;
}
