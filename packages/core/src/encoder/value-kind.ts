import { dictClassOf } from "../classes/dict-class.js";
import { PyGlobal, PyOutOfBandBuffer, PyPersistentId } from "../values/placeholders.js";
import { DICT_PROTOTYPE, isFrozenSet, isPyObject, isTuple, markTuple, PyFloat, type PyDict, type PyValue } from "../values/py-types.js";
import { isReducible, type PyReduction } from "./reduction.js";

// How the Pickler writes each JavaScript value, decided in one place so that the reference plan
// (reference-plan.ts) walks children in exactly the order the Pickler writes them.

export type ValueKind =
  | "none"
  | "bool"
  | "number"
  | "bigint"
  | "float"
  | "string"
  | "bytes"
  | "tuple"
  | "list"
  | "map"
  | "dict"
  | "set"
  | "frozenset"
  | "global"
  | "persid"
  | "buffer"
  | "reduce";

/** The kind of a value; `"reduce"` covers rebuilt classes, placeholders and dict subclasses. */
export function kindOf(value: unknown): ValueKind {
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "number":
      return "number";
    case "bigint":
      return "bigint";
    case "string":
      return "string";
    case "object":
      break;
    default:
      throw new TypeError(`cannot pickle a JavaScript ${typeof value}`);
  }
  if (value === null) return "none";
  if (value instanceof PyFloat) return "float";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return isTuple(value) ? "tuple" : "list";
  if (value instanceof Map) return dictClassOf(value) === undefined ? "map" : "reduce";
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === DICT_PROTOTYPE || prototype === Object.prototype) return dictClassOf(value) === undefined ? "dict" : "reduce";
  if (value instanceof Set) return isFrozenSet(value) ? "frozenset" : "set";
  if (value instanceof PyGlobal) return "global";
  if (value instanceof PyPersistentId) return "persid";
  if (value instanceof PyOutOfBandBuffer) return "buffer";
  if (isReducible(value)) return "reduce";
  throw new TypeError(`cannot pickle ${describe(value)}`);
}

function describe(value: object): string {
  // A class the decoder rebuilds but writes back no pickle of (a pandas DataFrame, a torch tensor):
  // named as Python names it, and what to do instead.
  if (isPyObject(value)) return `${value.pyClass}: the decoder rebuilds it for reading, not for writing back (write JSON or msgpack instead)`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  // "an ArrayBuffer", "a Date": the article by the name's first letter (names are English words).
  return typeof name === "string" && name !== "" ? `${/^[AEIOU]/i.test(name) ? "an" : "a"} ${name}` : Object.prototype.toString.call(value);
}

/** Object-mode dict entries in insertion order. */
export function dictPairs(dict: PyDict): [PyValue, PyValue][] {
  return Object.keys(dict).map((key) => [key, dict[key] as PyValue]);
}

/**
 * The `__reduce_ex__`-style description of a value of kind `"reduce"`, or of a set or frozenset
 * below protocol 4 (no set opcodes there: CPython writes `set([items])`).
 */
export function reductionOf(value: object, kind: ValueKind, protocol: number): PyReduction | null {
  if (kind === "reduce") {
    const dictClass = dictClassOf(value);
    if (dictClass === undefined) {
      const reduction = (value as { reduceForPickle(protocol: number): PyReduction }).reduceForPickle(protocol);
      return protocol < 4 && hasKwargs(reduction) ? newObjExCall(reduction) : reduction;
    }
    const pairs = value instanceof Map ? [...value.entries()] : dictPairs(value as PyDict);
    return { callable: [dictClass.module, dictClass.name], args: dictClass.args, dictItems: pairs };
  }
  if ((kind === "set" || kind === "frozenset") && protocol < 4) {
    return { callable: ["builtins", kind], args: [[...(value as Set<PyValue>)]] };
  }
  return null;
}

export function hasKwargs(reduction: PyReduction): boolean {
  return reduction.kwargs != null && Object.keys(reduction.kwargs).length > 0;
}

/**
 * Keyword arguments without NEWOBJ_EX (protocols 2-3): `copyreg.__newobj_ex__(cls, args, kwargs)`,
 * the helper CPython's copyreg provides for exactly this call (loads at every protocol).
 */
function newObjExCall(reduction: PyReduction): PyReduction {
  const [module, name] = reduction.callable;
  const cls = new PyGlobal(module, name);
  return {
    ...reduction,
    callable: ["copyreg", "__newobj_ex__"],
    args: [cls, markTuple([...reduction.args]), reduction.kwargs as PyDict],
    isNewObj: false,
    kwargs: null,
  };
}

/**
 * How a bytes-like value is written: out of band (protocol 5 with a callback, large enough), by
 * its own opcode, or as the call CPython writes where no opcode exists (bytes below protocol 3:
 * `_codecs.encode(text, "latin1")`; bytearray below 5: `bytearray()` when empty, else
 * `bytearray(b"...")`, or `bytearray(text, "latin-1")` below 3).
 */
export type BytesForm =
  | "out-of-band"
  | "opcode"
  | "codecs-encode"
  | "bytes-call"
  | "bytearray-call"
  | "bytearray-of-bytes";

export function bytesForm(value: Uint8Array, isByteArray: boolean, protocol: number, outOfBandMinBytes: number): BytesForm {
  if (protocol >= 5 && value.length >= outOfBandMinBytes) return "out-of-band";
  if (isByteArray) {
    if (protocol >= 5) return "opcode";
    // CPython's save_bytearray below protocol 5: `bytearray()` when empty, else bytearray(bytes),
    // the bytes written as save_bytes writes them at that protocol.
    return value.length === 0 ? "bytearray-call" : "bytearray-of-bytes";
  }
  if (protocol >= 3) return "opcode";
  return value.length === 0 ? "bytes-call" : "codecs-encode";
}

/** The global a bytes form calls and the constant str argument it passes, if any. */
export const BYTES_FORM_CALLS: Readonly<Record<BytesForm, readonly [string, string, string | null] | null>> = {
  "out-of-band": null,
  opcode: null,
  "codecs-encode": ["_codecs", "encode", "latin1"],
  "bytes-call": ["builtins", "bytes", null],
  "bytearray-call": ["builtins", "bytearray", null],
  "bytearray-of-bytes": ["builtins", "bytearray", null],
};
