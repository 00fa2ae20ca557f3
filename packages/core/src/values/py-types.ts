/**
 * The JavaScript shapes of decoded Python values.
 *
 * Python            | JavaScript
 * ------------------|-----------------------------------------------------------------
 * None, bool        | null, boolean
 * int               | number when a safe integer, else bigint
 * float             | number; with `wrapIntegralFloats`, an integral float is a PyFloat
 * str               | string (lone surrogates survive)
 * bytes             | Uint8Array
 * bytearray         | PyByteArray (a Uint8Array subclass)
 * list              | Array
 * tuple             | Array, marked so that isTuple() is true
 * dict              | PyDict object (null-free prototype, see createDict) or Map
 * set, frozenset    | Set (or Array with `sets: "array"`)
 * known classes     | instances of classes in ../classes (PyDateTime, NdArray, ...)
 * anything else     | PyInstance / PyGlobal placeholders: inert data, never code
 */

/** Anything the decoder can produce. Reconstructed classes are `PyObjectValue`s. */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyDict
  | Map<PyValue, PyValue>
  | Set<PyValue>
  | PyFloat
  | PyObjectValue;

/** A Python dict in object mode: own enumerable keys in insertion order. */
export type PyDict = { [key: string]: PyValue };

/**
 * Shared prototype of every object-mode dict. It has no prototype itself, so a key such as
 * `__proto__`, `constructor` or `toString` is an ordinary own property: nothing reaches
 * `Object.prototype`. Unlike `Object.create(null)` (which V8 keeps in slow dictionary mode),
 * objects made from a shared prototype stay in fast mode (~5x faster to build, measured
 * 1.8M six-key objects: 1.0 s vs 5.0 s).
 */
export const DICT_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

// A constructor whose `prototype` is DICT_PROTOTYPE: `new` gets V8's in-object slack tracking,
// measurably faster than Object.create(DICT_PROTOTYPE) for the many small dicts of real data.
const DictObject = function PyDictObject() {} as unknown as new () => PyDict;
(DictObject as unknown as { prototype: object }).prototype = DICT_PROTOTYPE;

/** A new, empty object-mode dict. */
export function createDict(): PyDict {
  return new DictObject();
}

/** True for an object-mode dict produced by this library. */
export function isPyDict(value: unknown): value is PyDict {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === DICT_PROTOTYPE;
}

/**
 * The prototype that marks an array as a tuple. Switching a fresh array's prototype measured ~10x
 * cheaper than recording it in a WeakSet (bench/micro/tuple-mark.bench.mjs), and a WeakSet's
 * ephemeron table also slows every major GC. `Symbol.species` is Array, so `tuple.map(...)` and
 * `slice` give plain lists, as Python's list(map(...)) would.
 */
export class PyTuple extends Array<PyValue> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** Marks an array as a Python tuple and returns it. */
export function markTuple<T extends unknown[]>(items: T): T {
  Object.setPrototypeOf(items, PyTuple.prototype);
  return items;
}

/** True when the array was decoded from (or marked as) a Python tuple. */
export function isTuple(value: unknown): boolean {
  return value instanceof PyTuple;
}

const frozenSets = new WeakSet<ReadonlySet<unknown>>();

/** Marks a Set as a Python frozenset and returns it. */
export function markFrozenSet<T extends Set<unknown>>(set: T): T {
  frozenSets.add(set);
  return set;
}

/** True when the Set was decoded from (or marked as) a Python frozenset. */
export function isFrozenSet(value: unknown): boolean {
  return value instanceof Set && frozenSets.has(value);
}

/**
 * A float whose value is integral (2.0, and -0.0, which a Map key would fold into 0), kept apart
 * from an int. Only produced with `wrapIntegralFloats: true`; JSON output needs it to write `2.0`.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/**
 * A dict key or set element as the Map or Set that holds it must see it: a float NaN becomes a
 * PyFloat of its own. Each NaN a pickle holds is its own object in Python, so each is its own key
 * (NaN equals nothing, itself included, and CPython's pickler never memoizes a float), where a JS
 * Map or Set folds every NaN into one: `{nan: 1, nan: 2}` lost a key and `{nan, nan}` an element.
 */
export function distinctNaN(value: PyValue): PyValue {
  // Only a NaN number is unequal to itself.
  // biome-ignore lint/suspicious/noSelfCompare: the NaN test
  return value !== value ? new PyFloat(Number.NaN) : value;
}

/** Tuple items looked at per key by hashableKey: a tuple of tuples through the memo can be 2^64 paths. */
const HASH_CHECK_BUDGET = 4096;

/**
 * A dict key or set element as distinctNaN gives it, refused (a `TypeError`, CPython's "unhashable
 * type") when Python cannot hash it: a list, dict, set or bytearray, or a tuple holding one (its
 * first 4,096 items and nested items looked at). With `listsMayBeSets` (the decoder's `sets:
 * "array"`, where a frozenset is an array) a list is taken for one. An object of a class the
 * decoder does not rebuild may or may not hash: taken.
 */
export function hashableKey(value: PyValue, listsMayBeSets: boolean): PyValue {
  if (typeof value !== "object" || value === null) return distinctNaN(value);
  if (value instanceof PyFloat || HASHABLE_TUPLES.has(value)) return value;
  const unhashable = unhashableType(value, listsMayBeSets, { left: HASH_CHECK_BUDGET });
  if (unhashable !== null) throw new TypeError(`unhashable type: '${unhashable}' (a dict key or set element)`);
  // A tuple does not change once built: one shared through the memo as many keys is walked once.
  if (isTuple(value)) HASHABLE_TUPLES.add(value);
  return value;
}

/** Tuples hashableKey found hashable (a tuple's items never change). */
const HASHABLE_TUPLES = new WeakSet<object>();

function unhashableType(value: object, listsMayBeSets: boolean, budget: { left: number }): string | null {
  if (Array.isArray(value)) {
    if (!isTuple(value)) return listsMayBeSets ? null : "list";
    for (const item of value) {
      if (--budget.left < 0) return null;
      if (typeof item === "object" && item !== null) {
        const inner = unhashableType(item, listsMayBeSets, budget);
        if (inner !== null) return inner;
      }
    }
    return null;
  }
  if (value instanceof Map || isPyDict(value)) return "dict";
  if (value instanceof Set) return isFrozenSet(value) ? null : "set";
  if (value instanceof PyByteArray) return "bytearray";
  return null;
}

/**
 * A mapping key equal to an earlier key of the same mapping: a pandas DataFrame may name two
 * columns alike, and its `{name: column}` keeps both, in order. Writers write it as the key it
 * holds: JSON then has the name twice (as `df.to_json(orient="columns")` cannot, but a reader
 * sees every column); msgpack output refuses two equal keys, as it refuses any key collision.
 */
export class RepeatedKey implements PyObjectValue {
  constructor(readonly key: PyValue) {}
  get pyClass(): string {
    return "pkl_stream.RepeatedKey";
  }
  toPlain(): PyValue {
    return this.key;
  }
}

/**
 * A label that prints as a string but is no `str` in Python (a pandas Timestamp naming a column):
 * as a dict key the mapping writes its own JSON text (`"\"2024-01-01T00:00:00\""`), as it does
 * for a datetime key; as a value, and in msgpack, it is the string.
 */
export class TextLabel implements PyObjectValue {
  constructor(
    readonly pyClass: string,
    readonly text: string,
  ) {}
  toPlain(): PyValue {
    return this.text;
  }
}

/**
 * `keys` in order, each key equal to an earlier one (as Python compares them: `2`, `2.0` and
 * `2n` alike, tuples by their items) a RepeatedKey, so that a Map made of them keeps every entry
 * and the msgpack writer sees the repeat.
 */
export function keepRepeatedKeys(keys: readonly PyValue[]): PyValue[] {
  const seen = new Set<unknown>();
  return keys.map((key) => {
    const identity = keyIdentity(key);
    if (!seen.has(identity)) {
      seen.add(identity);
      return key;
    }
    return new RepeatedKey(key);
  });
}

/** A value that Set compares as Python's `==` compares `key` (scalars and tuples of them); other objects by identity. */
function keyIdentity(key: PyValue): unknown {
  if (key instanceof PyFloat) return key.value;
  if (typeof key === "bigint") return key >= BigInt(Number.MIN_SAFE_INTEGER) && key <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(key) : key;
  if (typeof key === "boolean") return key ? 1 : 0;
  // Equal labels of one class are one key; no str equals one (the NUL keeps them apart).
  if (key instanceof TextLabel) return `\u0000${key.pyClass}\u0000${key.text}`;
  if (Array.isArray(key)) {
    // A tuple's identity is the text of its items' identities (a string cannot be any scalar's).
    const parts = key.map((item) => {
      const identity = keyIdentity(item);
      return typeof identity === "string" ? JSON.stringify(identity) : typeof identity === "object" && identity !== null ? "?" : String(identity);
    });
    return parts.includes("?") ? key : `(${parts.join(",")})`;
  }
  return key;
}

/** Python `bytearray`: a Uint8Array that remembers it was mutable in Python. */
export class PyByteArray extends Uint8Array {}

/**
 * The plain-value protocol: every reconstructed class implements it, so writers (JSON, msgpack)
 * need not know each class. `toPlain()` returns the value the shared JSON mapping prescribes,
 * as simpler PyValues (a datetime gives its isoformat string, an ndarray its nested lists,
 * complex a dict {real, imag}, a placeholder its {__class__, __args__, ...} dict).
 */
export interface PyObjectValue {
  /** `module.qualname` of the Python class this value stands for. */
  readonly pyClass: string;
  toPlain(): PyValue;
}

/** True for reconstructed class instances and placeholders (PyObjectValue). */
export function isPyObject(value: unknown): value is PyObjectValue {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { toPlain?: unknown }).toPlain === "function" &&
    typeof (value as { pyClass?: unknown }).pyClass === "string"
  );
}
