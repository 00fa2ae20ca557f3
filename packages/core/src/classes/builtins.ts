import { createDict, distinctNaN, isPyObject, markFrozenSet, PyByteArray, type PyDict, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, latin1Bytes, readBytes, readSafeInt, readString } from "./arg-checks.js";
import { builtinValueClasses } from "./builtin-values.js";
import { complexReconstructor } from "./complex.js";
import { dictEntries, isDictValue } from "./dict-access.js";
import type { ClassReconstructor, PyAppendable, PyItemSettable, ReconstructContext } from "./registry.js";
import { PyInstance } from "../values/placeholders.js";

// Builtins that protocols < 4 (and Python 2) write as calls, plus copyreg's helpers that
// protocols 0 and 1 write instead of NEWOBJ / NEWOBJ_EX.

function setFromArgs(qualname: string, args: PyValue[], context: ReconstructContext): PyValue {
  expectArgCount(qualname, args, 0, 1);
  const source = args[0];
  let items: PyValue[];
  if (source === undefined) items = [];
  else if (Array.isArray(source)) items = source;
  else if (source instanceof Set) items = [...source];
  else throw new TypeError(`${qualname}: expected a list of items, got ${describeValue(source)}`);
  return context.setMode === "array" ? [...items] : new Set(items.map(distinctNaN));
}

const setReconstructor: ClassReconstructor = {
  construct: (args, _kwargs, context) => setFromArgs("builtins.set", args, context),
};

const frozensetReconstructor: ClassReconstructor = {
  construct: (args, _kwargs, context) => {
    const set = setFromArgs("builtins.frozenset", args, context);
    return set instanceof Set ? markFrozenSet(set) : set;
  },
};

/** Encodes text the way `str.encode(encoding)` would, for the encodings pickles use. */
function encodeText(qualname: string, text: string, encoding: string): Uint8Array {
  switch (encoding.toLowerCase().replace(/[-_]/g, "")) {
    case "latin1":
    case "iso88591":
    case "l1":
      return latin1Bytes(qualname, text);
    case "utf8":
      return new TextEncoder().encode(text);
    case "ascii": {
      const bytes = latin1Bytes(qualname, text);
      if (bytes.some((byte) => byte > 0x7f)) throw new TypeError(`${qualname}: text is not ascii`);
      return bytes;
    }
    default:
      throw new TypeError(`${qualname}: unsupported encoding ${JSON.stringify(encoding)}`);
  }
}

/**
 * `bytearray()`, `bytearray(b"...")` (protocols 3-4), `bytearray("...", "latin-1")` (protocols 0-2
 * and Python 2), `bytearray(n)` and `bytearray([ints])`.
 */
const bytearrayReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "builtins.bytearray";
    expectArgCount(qualname, args, 0, 2);
    const source = args[0];
    if (source === undefined) return new PyByteArray(0);
    if (args.length === 2) {
      return PyByteArray.from(encodeText(qualname, readString(qualname, source), readString(qualname, args[1])));
    }
    if (typeof source === "number" || typeof source === "bigint") {
      // bytearray(n): n zero bytes from a few bytes of pickle, held to the decoder's maxBytesLength.
      const length = readSafeInt(qualname, source);
      const limit = context.limits?.maxBytesLength ?? Number.POSITIVE_INFINITY;
      if (length < 0 || length > limit) throw new TypeError(`${qualname}: ${length} bytes ${length < 0 ? "is negative" : `exceeds maxBytesLength (${limit})`}`);
      return new PyByteArray(length);
    }
    if (Array.isArray(source)) return PyByteArray.from(source.map((item) => readByte(qualname, item)));
    return PyByteArray.from(readBytes(qualname, source, context));
  },
};

/** An item of `bytes([...])` or `bytearray([...])`: an int in range(0, 256), as Python requires. */
function readByte(qualname: string, item: PyValue): number {
  const byte = readSafeInt(qualname, item);
  if (byte < 0 || byte > 255) throw new TypeError(`${qualname}: bytes must be in range(0, 256), got ${byte}`);
  return byte;
}

/** `bytes()`: protocols < 3 write an empty bytes object as this call; `bytes(text, encoding)` and `bytes([ints])` too. */
const bytesReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "builtins.bytes";
    expectArgCount(qualname, args, 0, 2);
    const source = args[0];
    if (source === undefined) return new Uint8Array(0);
    if (args.length === 2) return encodeText(qualname, readString(qualname, source), readString(qualname, args[1]));
    if (Array.isArray(source)) return Uint8Array.from(source.map((item) => readByte(qualname, item)));
    if (source instanceof Uint8Array) return source.slice();
    throw new TypeError(`${qualname}: expected bytes, str and encoding, or a list of ints, got ${describeValue(source)}`);
  },
};

/** `_codecs.encode(text, "latin1")`: how protocols < 3 write a `bytes` object. */
const codecsEncodeReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "_codecs.encode";
    expectArgCount(qualname, args, 1, 3);
    const encoding = args.length > 1 ? readString(qualname, args[1]) : "utf-8";
    return encodeText(qualname, readString(qualname, args[0]), encoding);
  },
};

function className(value: PyValue | undefined): string | undefined {
  return isPyObject(value) ? value.pyClass : undefined;
}

/**
 * `copyreg._reconstructor(cls, base, state)`, protocols 0-1's spelling of `cls.__new__(cls)` (and
 * of `base.__new__(cls, state)`). The shared mapping writes it like the protocol 2 form of the same
 * object, so a user class looks the same at every protocol: base `object` gives an instance of
 * cls with no args; base `list` gives `state`'s items as appended items; base `dict` gives its
 * pairs as set items; any other base (int, str, tuple...) gives `cls(state)` (`__args__: [state]`).
 * A result that cannot take the items stays the call it is, as an inert placeholder.
 */
const reconstructorReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "copyreg._reconstructor";
    expectArgCount(qualname, args, 3, 3);
    const [cls, baseValue, state] = args as [PyValue, PyValue, PyValue];
    const base = className(baseValue);
    if (base === "builtins.object") return madeByReconstructor(context.instantiate(cls, [], null), args);
    if (base === "builtins.list" && Array.isArray(state)) {
      const instance = context.instantiate(cls, [], null);
      if (isAppendable(instance)) {
        for (const item of state) instance.append(item);
        return instance;
      }
    } else if (base === "builtins.dict" && isDictValue(state)) {
      const instance = context.instantiate(cls, [], null);
      if (isItemSettable(instance)) {
        for (const [key, value] of dictEntries(state)) instance.setItem(key, value);
        return instance;
      }
    } else if (base !== undefined && base !== "builtins.list" && base !== "builtins.dict") {
      return madeByReconstructor(context.instantiate(cls, [state], null), args);
    }
    return new PyInstance("copyreg", "_reconstructor", args);
  },
};

/**
 * A placeholder `_reconstructor` made remembers the call, which the Pickler writes back (see
 * PyInstance.madeBy); a class rebuilt by our own code is written by its own reduction.
 */
function madeByReconstructor(value: PyValue, args: PyValue[]): PyValue {
  if (value instanceof PyInstance && value.callee === null) value.madeBy = args;
  return value;
}

function isAppendable(value: PyValue): value is PyValue & PyAppendable {
  return typeof value === "object" && value !== null && typeof (value as { append?: unknown }).append === "function";
}

function isItemSettable(value: PyValue): value is PyValue & PyItemSettable {
  return typeof value === "object" && value !== null && typeof (value as { setItem?: unknown }).setItem === "function";
}

/** `copyreg.__newobj__(cls, *args)`: protocols 0-1's spelling of NEWOBJ. */
const newobjReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    if (args.length === 0) throw new TypeError("copyreg.__newobj__ takes at least 1 argument, got 0");
    return context.instantiate(args[0] as PyValue, args.slice(1), null);
  },
};

/** Keyword arguments as a PyDict whatever the dict mode (keyword names are always str). */
function kwargsDict(qualname: string, value: PyValue | undefined): PyDict | null {
  if (value === null || value === undefined) return null;
  if (!isDictValue(value)) throw new TypeError(`${qualname}: kwargs must be a dict, got ${describeValue(value)}`);
  const kwargs = createDict();
  for (const [key, item] of dictEntries(value)) kwargs[readString(qualname, key)] = item;
  return kwargs;
}

/** `copyreg.__newobj_ex__(cls, args, kwargs)`: protocols 0-3's spelling of NEWOBJ_EX. */
const newobjExReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "copyreg.__newobj_ex__";
    expectArgCount(qualname, args, 3, 3);
    const [cls, callArgs, callKwargs] = args as [PyValue, PyValue, PyValue];
    if (!Array.isArray(callArgs)) throw new TypeError(`${qualname}: args must be a tuple, got ${describeValue(callArgs)}`);
    return context.instantiate(cls, [...callArgs], kwargsDict(qualname, callKwargs));
  },
};

/** Reconstructors for builtins and copyreg helpers, by `module.qualname`. */
export const builtinsClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["builtins.set", setReconstructor],
  ["builtins.frozenset", frozensetReconstructor],
  ["builtins.bytearray", bytearrayReconstructor],
  ["builtins.bytes", bytesReconstructor],
  ["builtins.complex", complexReconstructor],
  ["_codecs.encode", codecsEncodeReconstructor],
  ["copyreg._reconstructor", reconstructorReconstructor],
  ["copyreg.__newobj__", newobjReconstructor],
  ["copyreg.__newobj_ex__", newobjExReconstructor],
  ...builtinValueClasses,
]);
