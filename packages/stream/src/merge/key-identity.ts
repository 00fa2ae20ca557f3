import { PyFloat, type PyValue, isPyObject, isTuple } from "@pkl-stream/core";

/**
 * Python's idea of "the same dict key", as a value whose msgpack bytes are equal exactly when
 * the keys are: `1`, `1.0` and `True` are one key in Python (dict.update keeps the first one's
 * spelling), `"1"` is another. Tuples compare element by element; a frozenset by its members in
 * any order. Values with no canonical form here (placeholders) are compared by their plain form.
 *
 * Tags keep kinds apart where msgpack alone would not: a big int and its decimal string, a
 * frozenset and a tuple.
 */
export type CanonicalKey = null | boolean | number | string | Uint8Array | CanonicalKey[];

const BIG_INT_TAG = "\u0000int";
const FROZENSET_TAG = "\u0000frozenset";
const OBJECT_TAG = "\u0000object";

export function canonicalKey(key: PyValue): CanonicalKey {
  switch (typeof key) {
    case "string":
      return key;
    case "boolean":
      return key ? 1 : 0;
    case "number":
      return Object.is(key, -0) ? 0 : key;
    case "bigint":
      return Number.isSafeInteger(Number(key)) && BigInt(Number(key)) === key ? Number(key) : [BIG_INT_TAG, key.toString()];
    default:
      break;
  }
  if (key === null) return null;
  if (key instanceof PyFloat) return key.value;
  if (key instanceof Uint8Array) return key;
  if (Array.isArray(key)) {
    const items = key.map(canonicalKey);
    return isTuple(key) ? items : [FROZENSET_TAG, ...sortedMembers(items)];
  }
  if (key instanceof Set) return [FROZENSET_TAG, ...sortedMembers([...key].map(canonicalKey))];
  if (isPyObject(key)) return [OBJECT_TAG, key.pyClass, canonicalKey(key.toPlain())];
  return [OBJECT_TAG, String(key)];
}

function sortedMembers(items: CanonicalKey[]): CanonicalKey[] {
  const texts = items.map((item) => JSON.stringify(item, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)));
  return items.map((item, i) => [texts[i]!, item] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((pair) => pair[1]);
}
