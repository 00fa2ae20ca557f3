import { scalarKeyText } from "../json/key-text.js";
import { toJson } from "../json/to-json.js";
import type { PyValue } from "../values/py-types.js";

/**
 * The text under which an object-mode dict stores a non-str key: the shared JSON mapping's key
 * rules (int -> digits, float -> repr, True/False/None -> "true"/"false"/"null", anything else
 * -> its own compact JSON text). Use `dict: "map"` to keep the real keys.
 */
export function dictKeyText(key: PyValue): string {
  return scalarKeyText(key) ?? toJson(key);
}
