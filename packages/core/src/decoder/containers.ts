/**
 * The container family of opcodes (SETITEM(S), APPEND(S), DICT/LIST/TUPLE/FROZENSET from a MARK,
 * entries mode): what they do to values. The Unpickler's loop calls these with its stack; a
 * `false` result means the target cannot take the items, and the loop reports it at the opcode.
 */
import { dictKeyText } from "./dict-keys.js";
import { DICT_PROTOTYPE, hashableKey, isTuple, markTuple, type PyDict, type PyValue } from "../values/py-types.js";

/**
 * SETITEMS/SETITEM: the key, value pairs at `stack[from...]` into `target`; false when it takes
 * none. A key Python cannot hash is a `TypeError` (hashableKey; `listsMayBeSets` under `sets: "array"`).
 */
export function setItemsFrom(target: PyValue, stack: readonly PyValue[], from: number, listsMayBeSets = false): boolean {
  if (typeof target === "object" && target !== null && Object.getPrototypeOf(target) === DICT_PROTOTYPE) {
    const dict = target as PyDict;
    for (let i = from; i < stack.length; i += 2) {
      const key = stack[i]!;
      dict[typeof key === "string" ? key : dictKeyText(typeof key === "object" && key !== null ? hashableKey(key, listsMayBeSets) : key)] = stack[i + 1]!;
    }
    return true;
  }
  if (target instanceof Map) {
    for (let i = from; i < stack.length; i += 2) target.set(hashableKey(stack[i]!, listsMayBeSets), stack[i + 1]!);
    return true;
  }
  if (typeof target === "object" && target !== null && typeof (target as { setItem?: unknown }).setItem === "function") {
    const settable = target as unknown as { setItem(key: PyValue, value: PyValue): void };
    for (let i = from; i < stack.length; i += 2) settable.setItem(stack[i]!, stack[i + 1]!);
    return true;
  }
  return false;
}

/**
 * `stack[mark...]` as a new list of exactly that length. Short ones are array literals: V8 keeps
 * an allocation site per literal, and once it sees the lists of a site survive it allocates them
 * straight in the old generation, so the young-generation GC no longer copies each of them twice
 * (records.pkl keeps 1.8M such lists; bench/micro/small-lists.bench.mjs). A slice has no site.
 */
export function exactList(stack: readonly PyValue[], mark: number): PyValue[] {
  const s = stack;
  const m = mark;
  switch (s.length - m) {
    case 1:
      return [s[m]!];
    case 2:
      return [s[m]!, s[m + 1]!];
    case 3:
      return [s[m]!, s[m + 1]!, s[m + 2]!];
    case 4:
      return [s[m]!, s[m + 1]!, s[m + 2]!, s[m + 3]!];
    case 5:
      return [s[m]!, s[m + 1]!, s[m + 2]!, s[m + 3]!, s[m + 4]!];
    case 6:
      return [s[m]!, s[m + 1]!, s[m + 2]!, s[m + 3]!, s[m + 4]!, s[m + 5]!];
    default:
      return s.slice(m);
  }
}

/** APPEND: `item` onto a list or an object with `append`; false when `target` takes none. */
export function appendItem(target: PyValue, item: PyValue): boolean {
  if (Array.isArray(target) && !isTuple(target)) {
    target.push(item);
    return true;
  }
  if (typeof target === "object" && target !== null && typeof (target as { append?: unknown }).append === "function") {
    (target as unknown as { append(item: PyValue): void }).append(item);
    return true;
  }
  return false;
}

/** Entries mode: the root container's new entries, `stack[from...]`, handed out instead of stored. */
export function pushEntries(stack: readonly PyValue[], from: number, isDict: boolean, output: PyValue[]): void {
  if (isDict) {
    for (let i = from; i < stack.length; i += 2) output.push(markTuple([stack[i]!, stack[i + 1]!]));
  } else {
    for (let i = from; i < stack.length; i++) output.push(stack[i]!);
  }
}

/** Entries mode at STOP: the entries the root still holds (a protocol 0 DICT/LIST built it whole), or the root itself. */
export function pushRemainingEntries(root: PyValue, output: PyValue[]): void {
  if (root instanceof Map) for (const [key, value] of root) output.push(markTuple([key, value]));
  else if (typeof root === "object" && root !== null && Object.getPrototypeOf(root) === DICT_PROTOTYPE) {
    for (const key of Object.keys(root)) output.push(markTuple([key, (root as PyDict)[key]!]));
  } else if (Array.isArray(root) && !isTuple(root)) for (const item of root) output.push(item);
  else output.push(root);
}
