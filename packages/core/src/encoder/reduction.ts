import type { PyDict, PyValue } from "../values/py-types.js";

/**
 * How a value of a rebuilt Python class is written back: CPython's `__reduce_ex__` result, as
 * data. The Pickler writes `callable` as a global, then REDUCE (or NEWOBJ / NEWOBJ_EX), then
 * BUILD with `state`, APPENDS with `listItems` and SETITEMS with `dictItems`.
 */
export interface PyReduction {
  /** `[module, qualname]` of the callable (a class for NEWOBJ). */
  readonly callable: readonly [string, string];
  /** A callable that is a value, not a named global (a placeholder's computed callable): written with `save` instead. */
  readonly callableValue?: PyValue;
  readonly args: readonly PyValue[];
  /** Write NEWOBJ (`cls.__new__(cls, *args)`) instead of REDUCE (`callable(*args)`). */
  readonly isNewObj?: boolean;
  /** Keyword arguments (NEWOBJ_EX, protocol 4+). */
  readonly kwargs?: PyDict | null;
  /** BUILD argument; omitted when undefined. */
  readonly state?: PyValue;
  readonly listItems?: readonly PyValue[] | null;
  readonly dictItems?: readonly (readonly [PyValue, PyValue])[] | null;
  /**
   * Calls made on the value once it is built, their results discarded (REDUCE then POP, as
   * CPython's save_reduce writes a `state_setter`): cloudpickle's `_function_setstate(func, state)`,
   * a placeholder's `__effects__`. `args` hold the value itself where the call took it.
   */
  readonly postCalls?: readonly PyPostCall[];
}

/** A call written after a value is built (see `PyReduction.postCalls`). */
export interface PyPostCall {
  /** A `PyGlobal`, or any value that pickles as the callable (a placeholder of a call). */
  readonly callable: PyValue;
  readonly args: readonly PyValue[];
}

/** Implemented by every rebuilt class (and placeholders) so that the Pickler can write it back. */
export interface PyReducible {
  reduceForPickle(protocol: number): PyReduction;
}

export function isReducible(value: unknown): value is PyReducible {
  return typeof value === "object" && value !== null && typeof (value as { reduceForPickle?: unknown }).reduceForPickle === "function";
}
