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
  /** The items appended, of which the first `dropped` a bounded deque has pushed out. */
  private readonly appended: PyValue[] = [];
  private dropped = 0;
  constructor(
    items: PyValue[] = [],
    /** `maxlen`, or null when unbounded (a bigint past 2**53, as ints decode). */
    readonly maxlen: number | bigint | null = null,
  ) {
    for (const item of items) this.append(item);
  }
  /**
   * The items, leftmost first. Read it again after an `append`: a bounded deque drops pushed-out
   * items in blocks, so an array read before appends may still hold them (as null).
   */
  get items(): PyValue[] {
    this.compact();
    return this.appended;
  }
  /**
   * As `deque.append`: a full bounded deque drops its leftmost item. Dropped items are cut off in
   * blocks, not one `shift()` each: a million APPENDS into a deque(maxlen=200000) took 24 s.
   */
  append(item: PyValue): void {
    if (this.maxlen === 0) return;
    this.appended.push(item);
    if (this.maxlen !== null && this.appended.length - this.dropped > this.maxlen) {
      this.appended[this.dropped++] = null; // let the dropped item go now
      if (this.dropped >= 1024 && this.dropped * 2 >= this.appended.length) this.compact();
    }
  }
  private compact(): void {
    if (this.dropped === 0) return;
    this.appended.splice(0, this.dropped);
    this.dropped = 0;
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

/** The largest C ssize_t on the 64-bit builds that write pickles: deque's largest maxlen. */
const SSIZE_MAX = 2n ** 63n - 1n;

const dequeReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "collections.deque";
    expectArgCount(qualname, args, 0, 2);
    const [items, maxlen] = args;
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      throw new TypeError(`${qualname}: expected a list of items, got ${describeValue(items)}`);
    }
    // As deque(): an int (a float is a TypeError) that is not negative (a ValueError) and fits a
    // C ssize_t (past it an OverflowError).
    const isInt = (typeof maxlen === "number" && Number.isInteger(maxlen)) || (typeof maxlen === "bigint" && maxlen <= SSIZE_MAX);
    if (maxlen !== undefined && maxlen !== null && (!isInt || (maxlen as number | bigint) < 0)) {
      const shown = typeof maxlen === "number" || typeof maxlen === "bigint" ? ` ${maxlen}` : "";
      throw new TypeError(`${qualname}: maxlen must be a non-negative int of at most 2**63 - 1 or None, got ${describeValue(maxlen)}${shown}`);
    }
    return new PyDeque(items ?? [], (maxlen as number | bigint | undefined) ?? null);
  },
};

/** Reconstructors for `collections`, by `module.qualname`. */
export const collectionsClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["collections.OrderedDict", orderedDictReconstructor],
  ["collections.defaultdict", defaultDictReconstructor],
  ["collections.Counter", counterReconstructor],
  ["collections.deque", dequeReconstructor],
]);
