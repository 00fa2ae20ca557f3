import type { PyReducible } from "../encoder/reduction.js";
import type { PyDict, PyValue } from "../values/py-types.js";

/** What a reconstructor may ask of the decoder while it rebuilds a value. */
export interface ReconstructContext {
  /**
   * The raw bytes of a Python 2 str (STRING/BINSTRING/SHORT_BINSTRING) that the decoder turned
   * into text, or undefined. With the default latin1 encoding every such string maps back to its
   * bytes one char per byte; for other encodings the decoder remembers the bytes here so that,
   * e.g., numpy array data pickled by Python 2 is read as raw bytes whatever the encoding.
   */
  py2Bytes(text: string): Uint8Array | undefined;
  /** How dicts are being decoded, so a reconstructor can return the same shape. */
  readonly dictMode: "object" | "map";
  /** How sets are being decoded (`sets` option), so `builtins.set(list)` gives the same shape as EMPTY_SET. */
  readonly setMode: "set" | "array";
  /**
   * Creates an instance of `cls` as NEWOBJ would (`cls.__new__(cls, *args)`): `cls` is the value a
   * GLOBAL/STACK_GLOBAL pushed (usually a `PyGlobal`); the decoder calls the reconstructor registered
   * for its name (user classes first), else returns a `PyInstance` placeholder holding `args`.
   * Used by `copyreg._reconstructor` / `copyreg.__newobj__`, which protocols 0 and 1 write instead
   * of NEWOBJ, so a user class decodes the same at every protocol.
   */
  instantiate(cls: PyValue, args: PyValue[], kwargs: PyDict | null): PyValue;
  /**
   * The decoder's limits, for a reconstructor that sizes what it makes from its arguments
   * (`bytearray(n)`, a Fraction's exponent); absent outside a decoder.
   */
  readonly limits?: ReconstructLimits;
}

/** What a reconstructor may make from a few bytes of arguments (the decoder's options of these names). */
export interface ReconstructLimits {
  /** Largest bytes object, in bytes. */
  readonly maxBytesLength: number;
  /** Largest int, in bytes of its two's-complement form. */
  readonly maxIntBytes: number;
}

/** The context of values built outside a decoder (an array made by hand, a learned shape's timezone): no remembered Python 2 bytes, default shapes. */
export const STANDALONE_CONTEXT: ReconstructContext = {
  dictMode: "object",
  setMode: "set",
  py2Bytes: () => undefined,
  instantiate: () => {
    throw new TypeError("no decoder to instantiate classes");
  },
};

/**
 * Rebuilds one Python class (or calls one known function) from pickled data, with our own code.
 * Registered under `module.qualname` as Python 3 names it (after fix_imports mapping).
 */
export interface ClassReconstructor {
  /**
   * REDUCE (`callable(*args)`), NEWOBJ (`cls.__new__(cls, *args)`), NEWOBJ_EX (with kwargs), INST
   * and OBJ all arrive here. Return the new value; throw a `TypeError` with a reason when the
   * arguments do not fit (the decoder turns it into a `PickleError` with offset and opcode).
   * A class of your own may be returned as it is: it needs `setState` (PyStateful) when the
   * pickle BUILDs it, and `reduceForPickle` (PyReducible) to be pickled again.
   */
  construct(args: PyValue[], kwargs: PyDict | null, context: ReconstructContext): ConstructedValue;
}

/** What a reconstructor may return: a value, or an object of your own class (handed on as a value). */
export type ConstructedValue = PyValue | PyReducible | PyStateful;

/**
 * A value that takes BUILD state in place (memo entries already point at it, so BUILD must
 * mutate rather than replace). PyInstance, ndarray, dtype implement it.
 */
export interface PyStateful {
  setState(state: PyValue): void;
}

export function isStateful(value: unknown): value is PyStateful {
  return typeof value === "object" && value !== null && typeof (value as { setState?: unknown }).setState === "function";
}

/** Values APPEND/APPENDS can extend besides arrays (deque, placeholders). */
export interface PyAppendable {
  append(item: PyValue): void;
}

/** Values SETITEM/SETITEMS can fill besides dicts and Maps (placeholders). */
export interface PyItemSettable {
  setItem(key: PyValue, value: PyValue): void;
}

export type ClassRegistry = ReadonlyMap<string, ClassReconstructor>;

/**
 * A value that a pickle may call although it is no named global: what cloudpickle's
 * `_builtin_type("CodeType")` or dill's `_load_type("code")` return. The decoder calls `callWith`
 * for REDUCE/NEWOBJ on it; any other computed callable gives a placeholder of the call.
 */
export interface PyCallableValue {
  callWith(args: PyValue[], kwargs: PyDict | null, context: ReconstructContext): PyValue;
}

export function isCallableValue(value: unknown): value is PyCallableValue {
  return typeof value === "object" && value !== null && typeof (value as { callWith?: unknown }).callWith === "function";
}
