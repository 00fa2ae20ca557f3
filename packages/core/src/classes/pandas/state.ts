import type { ColumnValue } from "../../json/column-value.js";
import { createDict, type PyValue } from "../../values/py-types.js";
import { PyGlobal, PyInstance } from "../../values/placeholders.js";
import { describeValue } from "../arg-checks.js";
import { dictGet, isDictValue } from "../dict-access.js";

// Small readers shared by the pandas reconstructors: pickled attribute dicts arrive as objects or
// Maps (the `dict` option), classes as PyGlobals.

/** `state[key]` of a BUILD/attribute dict, or undefined when the state is no dict or lacks it. */
export function stateGet(state: PyValue | undefined, key: string): PyValue | undefined {
  return isDictValue(state) ? dictGet(state, key) : undefined;
}

/** `state[key]`, required. */
export function stateRequire(qualname: string, state: PyValue | undefined, key: string): PyValue {
  if (!isDictValue(state)) throw new TypeError(`${qualname}: state must be a dict, got ${describeValue(state)}`);
  const value = dictGet(state, key);
  if (value === undefined) throw new TypeError(`${qualname}: state has no "${key}"`);
  return value;
}

/**
 * A DataFrame's or Series' BUILD state and the manager in it: `_mgr` (pandas 1.1 and later) or
 * `_data` (pandas before 1.1, Python 2's pandas 0.x: the attribute's old name, which pandas'
 * own `__setstate__` still reads). Protocols 0-1 and some subclasses write a (dict, slots) pair.
 */
export function managerState(qualname: string, state: PyValue): { readonly dict: PyValue; readonly manager: PyValue } {
  const hasManager = (value: PyValue | undefined): boolean => stateGet(value, "_mgr") !== undefined || stateGet(value, "_data") !== undefined;
  const dict = Array.isArray(state) && state.length === 2 && hasManager(state[0]) ? state[0]! : state;
  const manager = stateGet(dict, "_mgr") ?? stateGet(dict, "_data");
  return { dict, manager: manager ?? stateRequire(qualname, dict, "_mgr") };
}

/** The class name (`module.qualname`) a pickle passed as an argument. */
export function className(qualname: string, value: PyValue | undefined): string {
  if (value instanceof PyGlobal) return value.pyClass;
  throw new TypeError(`${qualname}: expected a class, got ${describeValue(value)}`);
}

/** The last part of a dotted name. */
export function shortName(pyClass: string): string {
  return pyClass.slice(pyClass.lastIndexOf(".") + 1);
}

/**
 * The placeholder of a call of `qualname` (`module.name`) with `args`, as the decoder keeps any
 * call it does not rebuild: for a pandas callable called in a way pandas does not pickle, or
 * over values the decoder does not read.
 */
export function callPlaceholder(qualname: string, args: PyValue[]): PyInstance {
  return new PyInstance(qualname.slice(0, qualname.lastIndexOf(".")), shortName(qualname), args);
}

/** What an object we could not rebuild shows: the placeholder of its call (`{"__class__": ...}`), with its BUILD state when it had one. */
export function unbuilt(pyClass: string, state?: PyValue): PyValue {
  const plain = createDict();
  plain["__class__"] = pyClass;
  if (state !== undefined) plain["__state__"] = state;
  return plain;
}

/** The columns an extension array can be split into: itself, or the rows of its 2-D backing array. */
export interface BlockValues {
  /** Number of columns the values hold (rows of a 2-D block). */
  readonly columnCount: number;
  column(row: number): ColumnValue;
}
