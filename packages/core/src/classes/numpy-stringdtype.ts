import type { PyReduction } from "../encoder/reduction.js";
import { floatRepr } from "../json/float-repr.js";
import { isPyObject, PyFloat, type PyValue } from "../values/py-types.js";
import { pyStrRepr } from "./py-repr.js";

// numpy 2's StringDType: `np.array(["a", "bé"], dtype=np.dtypes.StringDType())`. Its dtype pickles
// as `numpy._core._internal._convert_to_stringdtype_kwargs(coerce[, na_object])`; an array of it
// pickles its elements as a list, as an object array does.

/** A StringDType's parameters: `coerce` (non-str values become str) and its missing-value object, if any. */
export interface StringDtypeOptions {
  readonly coerce: boolean;
  /** The `na_object`, or undefined when the dtype has none (numpy's `_NoValue`). */
  readonly naObject: PyValue | undefined;
}

/** Where numpy 2 defines the function its StringDType pickles as. */
export const STRING_DTYPE_CALLABLE = ["numpy._core._internal", "_convert_to_stringdtype_kwargs"] as const;

/** `str(dtype)`: `StringDType()`, `StringDType(na_object=None)`, `StringDType(na_object=nan, coerce=False)`. */
export function stringDtypeText(options: StringDtypeOptions): string {
  const parts: string[] = [];
  if (options.naObject !== undefined) parts.push(`na_object=${naRepr(options.naObject)}`);
  if (!options.coerce) parts.push("coerce=False");
  return `StringDType(${parts.join(", ")})`;
}

/** The call numpy's `StringDType.__reduce__` writes. */
export function stringDtypeReduction(options: StringDtypeOptions): PyReduction {
  const args: PyValue[] = [options.coerce ? 1 : 0];
  if (options.naObject !== undefined) args.push(options.naObject);
  return { callable: [...STRING_DTYPE_CALLABLE], args };
}

/** `repr(na_object)` for the values used as one (None, nan, a str, pandas' NA); another object by its class. */
function naRepr(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyStrRepr(value);
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) < 2 ** 53 ? String(value) : floatRepr(value);
  if (typeof value === "bigint") return String(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (isPyObject(value)) return value.pyClass === "pandas._libs.missing.NAType" ? "<NA>" : `<${value.pyClass} object>`;
  return "<object>";
}
