import { isTuple, type PyDict, type PyValue } from "../values/py-types.js";
import { describeValue } from "./arg-checks.js";
import { createDictLike, dictEntries, dictSet, isDictValue } from "./dict-access.js";
import type { ReconstructContext } from "./registry.js";

/**
 * The dict subclass a decoded dict came from (`OrderedDict`, `defaultdict`, `Counter`): the value
 * model keeps them plain dicts (the JSON mapping treats them as dicts), and this side table lets
 * the Pickler write them back as the same class. `args` are the constructor arguments written
 * before the items (`defaultdict`'s factory); the items follow by SETITEMS.
 */
export interface DictClass {
  readonly module: string;
  readonly name: string;
  readonly args: readonly PyValue[];
}

const dictClasses = new WeakMap<object, DictClass>();

/** Remembers the Python class of a decoded dict; returns the dict. */
export function markDictClass<T extends object>(dict: T, dictClass: DictClass): T {
  dictClasses.set(dict, dictClass);
  return dict;
}

/** The class remembered for a dict, or undefined for a plain `dict`. */
export function dictClassOf(dict: object): DictClass | undefined {
  return dictClasses.get(dict);
}

/**
 * Attributes set on a decoded dict by BUILD: `OrderedDict` and `Counter` instances have a
 * `__dict__` in CPython, and pickles carry it (every plain-pickled torch `state_dict` is an
 * `OrderedDict` with a `_metadata` attribute). The dict stays a plain dict of its items (its JSON
 * is its items, as `json.dumps` shows a dict subclass); the attributes live in this side table.
 */
const dictAttributes = new WeakMap<object, PyDict | Map<PyValue, PyValue>>();

/** Dict subclasses whose instances have a `__dict__` in CPython (`dict` and `defaultdict` have none). */
const CLASSES_WITH_ATTRIBUTES: ReadonlySet<string> = new Set(["collections.OrderedDict", "collections.Counter"]);

/**
 * The attributes BUILD set on a decoded dict (a dict of name to value, in the decoder's dict
 * mode), or undefined when it has none.
 */
export function dictAttributesOf(dict: object): PyDict | Map<PyValue, PyValue> | undefined {
  return dictAttributes.get(dict);
}

/** A BUILD state as CPython's default `__setstate__` reads it: `[state, slotstate]` or `[state]`. */
export function buildStateParts(state: PyValue): PyValue[] {
  if (isTuple(state) && (state as PyValue[]).length === 2) return [...(state as PyValue[])];
  return [state];
}

/**
 * BUILD on a dict, as CPython's default `__setstate__`: a `(state, slotstate)` pair or a state;
 * a state dict updates `__dict__`, a slot state dict sets attributes, None sets nothing. Throws
 * `TypeError` when the dict's class has no `__dict__` (plain `dict`, `defaultdict`) but there is
 * something to set, or a state is not a dict.
 */
export function setDictState(dict: PyDict | Map<PyValue, PyValue>, state: PyValue, context: ReconstructContext): void {
  const parts = buildStateParts(state);
  if (parts.every((part) => part === null)) return;
  const dictClass = dictClassOf(dict);
  const qualname = dictClass === undefined ? "dict" : `${dictClass.module}.${dictClass.name}`;
  if (!CLASSES_WITH_ATTRIBUTES.has(qualname)) throw new TypeError(`'${qualname}' object has no __dict__ to set state on`);
  const attributes = dictAttributes.get(dict) ?? createDictLike(context);
  for (const part of parts) {
    if (part === null) continue;
    if (!isDictValue(part)) throw new TypeError(`state is not a dictionary, got ${describeValue(part)}`);
    for (const [key, value] of dictEntries(part)) dictSet(attributes, key, value);
  }
  dictAttributes.set(dict, attributes);
}
