import { NumpyScalar, PyFloat, type PyValue, isPyObject, toJson } from "@pkl-stream/core";

/**
 * Python's idea of "the same dict key", as a value whose msgpack bytes are equal exactly when
 * the keys are: `1`, `1.0` and `True` are one key in Python (dict.update keeps the first one's
 * spelling), `"1"` is another. Tuples compare element by element; a frozenset by its members in
 * any order. Values with no canonical form here (placeholders) are compared by their plain form.
 *
 * Tags keep kinds apart where msgpack alone would not: a big int and its decimal string, a
 * frozenset and a tuple. NaN keys are one key here (the merge's one deviation from `d.update`,
 * which keeps each: NaN != NaN, and no pickle shares a float object).
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
      return floatKey(key);
    case "bigint":
      // An int equal to a float is that float's key (2**60 == 2.0**60 in Python), past 2**53 too.
      // (An int past a double's range is Infinity as a number: no float equals it.)
      return Number.isFinite(Number(key)) && BigInt(Number(key)) === key ? Number(key) : [BIG_INT_TAG, key.toString()];
    default:
      break;
  }
  if (key === null) return null;
  if (key instanceof PyFloat) return floatKey(key.value);
  if (key instanceof Uint8Array) return key;
  // A tuple, or an array read back from msgpack (an earlier merge's output, where tuples and
  // frozensets are both arrays): in order, as a tuple. Sorting it as a frozenset's members made
  // (1, 2) and (2, 1) one key, and lost an entry.
  if (Array.isArray(key)) return key.map(canonicalKey);
  if (key instanceof Set) return [FROZENSET_TAG, ...sortedMembers([...key].map(canonicalKey))];
  // Placeholders and other objects (a class instance, a class used as a key) by their JSON form,
  // which has no cycles or stack overflow to fear; String() threw on a dict without a prototype.
  // A numpy scalar is the key its item() is (np.int64(5) and 5 are one key in Python, np.str_
  // "cat" and "cat", np.bytes_ b"x" and b"x" too), when that item is a scalar. Not NaT, whose
  // plain form is null but which is no None.
  if (key instanceof NumpyScalar) {
    const item = key.toPlain();
    if ((typeof item !== "object" && item !== undefined) || item instanceof PyFloat || item instanceof Uint8Array) return canonicalKey(item);
  }
  if (isPyObject(key)) return [OBJECT_TAG, key.pyClass, toJson(key)];
  return [OBJECT_TAG, toJson(key)];
}

function floatKey(value: number): CanonicalKey {
  // Every NaN one key (a NaN with its sign bit set packs to other bytes); -0.0 is 0.
  if (Number.isNaN(value)) return Number.NaN;
  return Object.is(value, -0) ? 0 : value;
}

function sortedMembers(items: CanonicalKey[]): CanonicalKey[] {
  const texts = items.map((item) => JSON.stringify(item, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)));
  return items.map((item, i) => [texts[i]!, item] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((pair) => pair[1]);
}
