import { NumpyScalar } from "../classes/numpy-scalar.js";
import { PyFloat, type PyValue, RepeatedKey } from "../values/py-types.js";
import { floatRepr } from "./float-repr.js";
import { numberKeyText } from "./number-text.js";

/**
 * The text of a dict key under the mapping (as `json.dumps` coerces keys): `str` as is, `int`
 * digits, `float` its `repr` (`"1e+16"`, `"-0.0"`, `"inf"`, `"nan"`), `True`/`False`/`None` as
 * `"true"`/`"false"`/`"null"`, a numpy scalar as its `item()`. Returns `undefined` for any other
 * key (tuple, bytes, frozenset, object...): those are written as their own compact JSON text,
 * which needs the full writer.
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
      // A numpy scalar key is its `item()` (np.str_ is a str, np.float64('nan') a float), as
      // `json.dumps` keys np.str_ and np.float64 (subclasses of str and float). item() values that
      // are no scalar (bytes, a datetime) stay composite keys.
      if (key instanceof NumpyScalar) {
        const item = key.toPlain();
        return typeof item === "object" && item !== null && !(item instanceof PyFloat) ? undefined : scalarKeyText(item);
      }
      return undefined;
    default:
      return undefined;
  }
}
