import type { PyValue } from "../values/py-types.js";

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
