import { setItemsFrom } from "../decoder/containers.js";
import { floatRepr } from "../json/float-repr.js";
import { PyInstance } from "../values/placeholders.js";
import { markTuple, PyFloat, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount } from "./arg-checks.js";
import { createDictLike, dictEntries, isDictValue } from "./dict-access.js";
import { plainFloat } from "./plain-float.js";
import { pythonFloatOf, pythonIntDigitsOf } from "./python-number-text.js";
import type { ClassReconstructor } from "./registry.js";

// The builtin types called on plain values, as a class's own `__reduce__` may write them
// (`return (dict, (list(self.items()),))`, `(int, ("5",))`): CPython loads a dict, an int, so
// their JSON is that value's, not a placeholder's. An argument these do not read (an object,
// `int(x, base)` with an unusual base) leaves the call a placeholder, as any unknown call is;
// an argument Python itself refuses (`dict([(1, 2, 3)])`, `int("x")`) is the error it is there.

/** CPython's limit on the digits `int(str)` converts (sys.int_info.str_digits_check_threshold). */
const MAX_INT_DIGITS = 4300;

/** The call as the placeholder any call of an unknown callable is. */
function asCall(name: string, args: PyValue[]): PyInstance {
  return new PyInstance("builtins", name, args);
}

/** The items `list(value)` iterates, or undefined for a value this does not iterate here. */
function itemsOf(value: PyValue): PyValue[] | undefined {
  if (Array.isArray(value)) return [...value];
  if (value instanceof Set) return [...value];
  // A dict (a Map or an object-mode dict) iterates its keys.
  if (isDictValue(value)) return dictEntries(value).map(([key]) => key);
  if (typeof value === "string") return [...value];
  if (value instanceof Uint8Array) return [...value];
  return undefined;
}

/** `dict()`, `dict(mapping)`, `dict(iterable of pairs)`. */
const dictReconstructor: ClassReconstructor = {
  construct(args, kwargs, context) {
    expectArgCount("builtins.dict", args, 0, 1);
    if (kwargs !== null && Object.keys(kwargs).length > 0) return asCall("dict", args);
    const source = args[0];
    let pairs: [PyValue, PyValue][];
    if (source === undefined) pairs = [];
    else if (isDictValue(source)) pairs = dictEntries(source);
    else {
      const items = Array.isArray(source) || source instanceof Set ? [...source] : undefined;
      if (items === undefined) return asCall("dict", args);
      pairs = items.map((item, index) => {
        if (!Array.isArray(item) || item.length !== 2) {
          const length = Array.isArray(item) ? `has length ${item.length}; 2 is required` : `is ${describeValue(item)}, not a pair`;
          throw new TypeError(`builtins.dict: dictionary update sequence element #${index} ${length}`);
        }
        return [item[0]!, item[1]!];
      });
    }
    const dict = createDictLike(context);
    // As SETITEMS sets them: a Map's keys as they are (NaN kept apart), an object's by key text.
    setItemsFrom(dict, pairs.flat(), 0);
    return dict;
  },
};

/** `list(iterable)` and `tuple(iterable)`. */
function sequenceReconstructor(name: "list" | "tuple"): ClassReconstructor {
  return {
    construct(args) {
      expectArgCount(`builtins.${name}`, args, 0, 1);
      const items = args.length === 0 ? [] : itemsOf(args[0]!);
      if (items === undefined) return asCall(name, args);
      return name === "tuple" ? markTuple(items) : items;
    },
  };
}

/** An int as the decoder holds one: a number when safe, else a bigint. */
function intValue(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** `int(text)` in base 10, as Python reads it (python-number-text.ts): spaces around, a sign, digits with single underscores between. */
function parseIntText(text: string): bigint {
  const digits = pythonIntDigitsOf(text);
  if (digits === undefined) throw new TypeError(`builtins.int: invalid literal for int() with base 10: ${JSON.stringify(text)}`);
  if (digits.replace(/^[+-]/, "").length > MAX_INT_DIGITS) {
    throw new TypeError(`builtins.int: exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion`);
  }
  return BigInt(digits);
}

/** `int()`, `int(x)` of an int, bool, float or base-10 str. */
const intReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("builtins.int", args, 0, 2);
    if (args.length === 2) return asCall("int", args);
    const value = args[0];
    if (value === undefined) return 0;
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "bigint") return intValue(value);
    if (typeof value === "number" || value instanceof PyFloat) {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new TypeError(`builtins.int: cannot convert float ${floatRepr(number)} to integer`);
      return intValue(BigInt(Math.trunc(number)));
    }
    if (typeof value === "string") return intValue(parseIntText(value));
    return asCall("int", args);
  },
};

/** `float(text)` as Python reads it (python-number-text.ts), a ValueError as a TypeError here. */
function parseFloatText(text: string): number {
  const number = pythonFloatOf(text);
  if (number === undefined) throw new TypeError(`builtins.float: could not convert string to float: ${JSON.stringify(text)}`);
  return number;
}

/** `float()`, `float(x)` of a float, int, bool or str. */
const floatReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("builtins.float", args, 0, 1);
    const value = args[0];
    let number: number;
    if (value === undefined) number = 0;
    else if (typeof value === "number" || value instanceof PyFloat) number = Number(value);
    else if (typeof value === "boolean") number = value ? 1 : 0;
    else if (typeof value === "bigint") {
      number = Number(value);
      if (!Number.isFinite(number)) throw new TypeError("builtins.float: int too large to convert to float");
    } else if (typeof value === "string") number = parseFloatText(value);
    else return asCall("float", args);
    // Always a float: 2.0 is written 2.0, never read back as the int 2.
    return plainFloat(number);
  },
};

/** `bool()`, `bool(x)` of a value whose truth this knows (numbers, None, str, bytes, containers). */
const boolReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("builtins.bool", args, 0, 1);
    const value = args[0];
    if (value === undefined || value === null) return false;
    if (typeof value === "boolean") return value;
    if (typeof value === "number" || typeof value === "bigint") return value !== 0 && value !== 0n;
    if (value instanceof PyFloat) return value.value !== 0;
    if (typeof value === "string" || value instanceof Uint8Array || Array.isArray(value)) return value.length > 0;
    if (value instanceof Set || value instanceof Map) return value.size > 0;
    if (isDictValue(value)) return Object.keys(value).length > 0;
    return asCall("bool", args);
  },
};

/**
 * Reconstructors for `dict`, `list`, `tuple`, `int`, `float` and `bool` calls, by `module.qualname`.
 * Not `str`: a str made at load time could name a global (`STACK_GLOBAL(str("os"), "system")`),
 * which the decoder refuses to resolve from a computed name.
 */
export const builtinValueClasses: readonly [string, ClassReconstructor][] = [
  ["builtins.dict", dictReconstructor],
  ["builtins.list", sequenceReconstructor("list")],
  ["builtins.tuple", sequenceReconstructor("tuple")],
  ["builtins.int", intReconstructor],
  ["builtins.float", floatReconstructor],
  ["builtins.bool", boolReconstructor],
];
