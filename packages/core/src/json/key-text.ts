import { PyFloat, type PyValue, RepeatedKey } from "../values/py-types.js";
import { floatRepr } from "./float-repr.js";
import { numberKeyText } from "./number-text.js";

/**
 * The text of a dict key under the mapping (as `json.dumps` coerces keys): `str` as is, `int`
 * digits, `float` its `repr` (`"1e+16"`, `"-0.0"`, `"inf"`, `"nan"`), `True`/`False`/`None` as
 * `"true"`/`"false"`/`"null"`. Returns `undefined` for any other key (tuple, bytes, frozenset,
 * object...): those are written as their own compact JSON text, which needs the full writer.
 */
export function scalarKeyText(key: PyValue): string | undefined {
  switch (typeof key) {
    case "string":
      return key;
    case "number":
      return numberKeyText(key);
    case "bigint":
      return key.toString();
    case "boolean":
      return key ? "true" : "false";
    case "object":
      if (key === null) return "null";
      if (key instanceof PyFloat) return floatRepr(key.value);
      if (key instanceof RepeatedKey) return scalarKeyText(key.key);
      return undefined;
    default:
      return undefined;
  }
}
