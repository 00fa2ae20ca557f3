import { PyGlobal, PyInstance } from "../values/placeholders.js";
import { DICT_PROTOTYPE, isTuple, PyFloat } from "../values/py-types.js";

/** A value as error messages name it, by its Python type: "None", "a tuple", "an instance of m.C". */
export function describeValue(value: unknown): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return isTuple(value) ? "a tuple" : "a list";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Map || (typeof value === "object" && Object.getPrototypeOf(value) === DICT_PROTOTYPE)) return "a dict";
  if (value instanceof Set) return "a set";
  if (value instanceof PyGlobal) return `the global ${value.pyClass}`;
  if (value instanceof PyInstance) return `an instance of ${value.pyClass}`;
  if (typeof value === "object" && value !== null && typeof (value as { pyClass?: unknown }).pyClass === "string") {
    return `a ${(value as { pyClass: string }).pyClass}`;
  }
  if (typeof value === "bigint" || typeof value === "number") return Number.isInteger(value) || typeof value === "bigint" ? "an int" : "a float";
  if (value instanceof PyFloat) return "a float";
  return typeof value === "string" ? "a str" : typeof value === "boolean" ? "a bool" : typeof value;
}
