import { floatRepr } from "../json/float-repr.js";
import { PyFloat, type PyValue } from "../values/py-types.js";

/**
 * The text under which an object-mode dict stores a non-str key, per the shared JSON mapping's
 * key rules: int -> decimal digits, float -> repr, True/False/None -> "true"/"false"/"null",
 * anything else -> its own compact JSON text. Use `dict: "map"` to keep the real keys.
 */
export function dictKeyText(key: PyValue): string {
  switch (typeof key) {
    case "string":
      return key;
    case "number":
      return Number.isInteger(key) && !Object.is(key, -0) ? String(key) : floatRepr(key);
    case "bigint":
      return key.toString();
    case "boolean":
      return key ? "true" : "false";
    default:
      if (key === null) return "null";
      if (key instanceof PyFloat) return floatRepr(key.value);
      return compoundKeyText(key);
  }
}

let compoundKeyText: (key: PyValue) => string = (key) => JSON.stringify(String(key));

/** Installed by the JSON module: the compact JSON text of a tuple/frozenset/object key. */
export function setCompoundKeyText(format: (key: PyValue) => string): void {
  compoundKeyText = format;
}
