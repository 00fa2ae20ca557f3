import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { markTuple, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount } from "./arg-checks.js";
import { markDictClass } from "./dict-class.js";
import { createDictLike, dictEntries, dictSet, isDictValue } from "./dict-access.js";
import type { ClassReconstructor, PyAppendable, ReconstructContext } from "./registry.js";

// The dict-like collections become plain dicts (the JSON mapping treats them as dicts), so the
// SETITEMS that follow their REDUCE fill them like any dict.

/** A new dict holding `source`'s entries (a dict, or a list of key/value pairs), if given. */
function dictFrom(qualname: string, source: PyValue | undefined, context: ReconstructContext): PyValue {
  const dict = createDictLike(context);
  if (source === undefined || source === null) return dict;
  if (isDictValue(source)) {
    for (const [key, value] of dictEntries(source)) dictSet(dict, key, value);
  } else if (Array.isArray(source)) {
    for (const pair of source) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${qualname}: expected key/value pairs`);
      dictSet(dict, pair[0] as PyValue, pair[1] as PyValue);
    }
  } else {
    throw new TypeError(`${qualname}: expected a dict or pairs, got ${describeValue(source)}`);
  }
  return dict;
}

/** `OrderedDict()` then SETITEMS; `OrderedDict(pairs)` when written by hand. */
const orderedDictReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.OrderedDict", args, 0, 1);
    const dict = dictFrom("collections.OrderedDict", args[0], context) as object;
    return markDictClass(dict, { module: "collections", name: "OrderedDict", args: [] }) as PyValue;
  },
};

/** `defaultdict(factory)` then SETITEMS: the value is a plain dict; the factory is kept only for the Pickler (dict-class.ts). */
const defaultDictReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.defaultdict", args, 0, 2);
    const dict = dictFrom("collections.defaultdict", args[1], context) as object;
    const factory = args[0] ?? null;
    return markDictClass(dict, { module: "collections", name: "defaultdict", args: [factory] }) as PyValue;
  },
};

/** `Counter(dict)`: Counter pickles its counts as one dict argument. */
const counterReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.Counter", args, 0, 1);
    const dict = dictFrom("collections.Counter", args[0], context) as object;
    return markDictClass(dict, { module: "collections", name: "Counter", args: [] }) as PyValue;
  },
};

/** `collections.deque`: items arrive by APPENDS after `deque()` / `deque((), maxlen)`. */
export class PyDeque implements PyAppendable, PyObjectValue, PyReducible {
  readonly pyClass: string = "collections.deque";
  readonly items: PyValue[];
  constructor(
    items: PyValue[] = [],
    /** `maxlen`, or null when unbounded. */
    readonly maxlen: number | null = null,
  ) {
    this.items = [];
    for (const item of items) this.append(item);
  }
  /** As `deque.append`: a full bounded deque drops its leftmost item. */
  append(item: PyValue): void {
    if (this.maxlen === 0) return;
    if (this.maxlen !== null && this.items.length >= this.maxlen) this.items.shift();
    this.items.push(item);
  }
  toPlain(): PyValue {
    return this.items;
  }
  /** `deque()` or `deque((), maxlen)`, then the items by APPENDS, as `deque.__reduce__` writes it. */
  reduceForPickle(): PyReduction {
    const args = this.maxlen === null ? [] : [markTuple([]), this.maxlen];
    return { callable: ["collections", "deque"], args, listItems: this.items };
  }
}

const dequeReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "collections.deque";
    expectArgCount(qualname, args, 0, 2);
    const [items, maxlen] = args;
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      throw new TypeError(`${qualname}: expected a list of items, got ${describeValue(items)}`);
    }
    // As deque(): an int (a float is a TypeError) that is not negative (a ValueError).
    if (maxlen !== undefined && maxlen !== null && (typeof maxlen !== "number" || !Number.isInteger(maxlen) || maxlen < 0)) {
      throw new TypeError(`${qualname}: maxlen must be a non-negative int or None, got ${describeValue(maxlen)}${typeof maxlen === "number" ? ` ${maxlen}` : ""}`);
    }
    return new PyDeque(items ?? [], maxlen ?? null);
  },
};

/** Reconstructors for `collections`, by `module.qualname`. */
export const collectionsClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["collections.OrderedDict", orderedDictReconstructor],
  ["collections.defaultdict", defaultDictReconstructor],
  ["collections.Counter", counterReconstructor],
  ["collections.deque", dequeReconstructor],
]);
