import { createDict, isPyDict, type PyDict, type PyValue } from "../values/py-types.js";
import type { ReconstructContext } from "./registry.js";

// Dicts arrive as object-mode PyDicts or Maps (the `dict` option); these read both alike.

/** True for a decoded Python dict in either mode. */
export function isDictValue(value: PyValue | undefined): value is PyDict | Map<PyValue, PyValue> {
  return value instanceof Map || isPyDict(value);
}

/** The value under a str key, or undefined. */
export function dictGet(dict: PyDict | Map<PyValue, PyValue>, key: string): PyValue | undefined {
  if (dict instanceof Map) return dict.get(key);
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}

/** The entries in insertion order (object-mode keys are strings by construction). */
export function dictEntries(dict: PyDict | Map<PyValue, PyValue>): [PyValue, PyValue][] {
  if (dict instanceof Map) return [...dict.entries()];
  return Object.keys(dict).map((key) => [key, dict[key] as PyValue]);
}

/** A new empty dict in the shape the decoder uses for this stream. */
export function createDictLike(context: ReconstructContext): PyDict | Map<PyValue, PyValue> {
  return context.dictMode === "map" ? new Map() : createDict();
}

/**
 * Stores a key in a dict made by createDictLike. Object mode needs a string key: the decoder owns
 * the rule for other key types (its SETITEM path), so non-string keys in object mode are refused
 * here rather than guessed.
 */
export function dictSet(dict: PyDict | Map<PyValue, PyValue>, key: PyValue, value: PyValue): void {
  if (dict instanceof Map) {
    dict.set(key, value);
    return;
  }
  if (typeof key !== "string") throw new TypeError(`dict key of type ${typeof key} needs dict: "map" here`);
  dict[key] = value;
}
