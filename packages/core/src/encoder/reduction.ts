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
}

/** Implemented by every rebuilt class (and placeholders) so that the Pickler can write it back. */
export interface PyReducible {
  reduceForPickle(protocol: number): PyReduction;
}

export function isReducible(value: unknown): value is PyReducible {
  return typeof value === "object" && value !== null && typeof (value as { reduceForPickle?: unknown }).reduceForPickle === "function";
}
