/**
 * The tape: the values of one record (or of one batch of a giant root's entries) as numbers in
 * parallel typed arrays, one node per value, no JS object per Python value. Scalars point into
 * the driver's input window; containers own runs of child node ids (one run per APPENDS,
 * SETITEMS, LIST, ...). Consumers walk a finished tape and write bytes from it.
 */

// Node kinds.
export const K_NONE = 1;
export const K_TRUE = 2;
export const K_FALSE = 3;
/** a: the int32 value. */
export const K_INT = 4;
/** a, b: LONG1 payload [a, a + b) in the window (little-endian two's complement). */
export const K_LONG = 5;
/** a: offset of the 8 big-endian bytes in the window. */
export const K_FLOAT = 6;
/** a, b: UTF-8 [a, a + b) in the window; the writer that copies it declines it unless well formed. */
export const K_STR = 7;
/** a, b: payload [a, a + b) in the window. */
export const K_BYTES = 8;
export const K_LIST = 9;
export const K_TUPLE = 10;
export const K_DICT = 11;
/** a, b: output bytes [a, b) a consumer already wrote for this value (a memoized value met again). */
export const K_COPY = 12;
/** A value the one-pass JSON writer wrote from an island (island.ts): a class's plain form. */
export const K_ISLAND = 13;

// Fixed node ids: shared constants, never changed.
export const NODE_NONE = 0;
export const NODE_TRUE = 1;
export const NODE_FALSE = 2;
export const NODE_EMPTY_TUPLE = 3;
export const FIRST_DYNAMIC = 4;

// Node flags.
/** Inside a container: the node may not change any more. */
export const SEALED = 1;
/** memoSlot holds the node's memo index. */
export const MEMOIZED = 2;
/** A consumer is writing this container now: meeting it again is a cycle. */
export const OPEN = 4;

const INITIAL_NODES = 1 << 12;
const INITIAL_RUNS = 1 << 10;

export class Tape {
  kinds = new Uint8Array(INITIAL_NODES);
  flags = new Uint8Array(INITIAL_NODES);
  /** K_COPY nodes: the kind the value had before it was written. */
  origins = new Uint8Array(INITIAL_NODES);
  nodeA = new Int32Array(INITIAL_NODES);
  nodeB = new Int32Array(INITIAL_NODES);
  /** Containers: number of children. */
  counts = new Int32Array(INITIAL_NODES);
  firstRun = new Int32Array(INITIAL_NODES);
  lastRun = new Int32Array(INITIAL_NODES);
  memoSlots = new Int32Array(INITIAL_NODES);
  nodeCount = FIRST_DYNAMIC;

  // Runs of children: [runStart, runStart + runCount) of `children`, chained by runNext.
  runStart = new Int32Array(INITIAL_RUNS);
  runCount = new Int32Array(INITIAL_RUNS);
  runNext = new Int32Array(INITIAL_RUNS);
  runTotal = 0;
  children = new Int32Array(INITIAL_NODES);
  childTotal = 0;

  constructor() {
    this.kinds[NODE_NONE] = K_NONE;
    this.kinds[NODE_TRUE] = K_TRUE;
    this.kinds[NODE_FALSE] = K_FALSE;
    this.kinds[NODE_EMPTY_TUPLE] = K_TUPLE;
    this.firstRun[NODE_EMPTY_TUPLE] = -1;
  }

  /** Keeps the nodes below `keep` (and the constants), and no runs: the kept ones must have none left. */
  truncate(keep: number): void {
    this.nodeCount = Math.max(keep, FIRST_DYNAMIC);
    this.runTotal = 0;
    this.childTotal = 0;
  }

  newNode(kind: number, a: number, b: number): number {
    const id = this.nodeCount++;
    if (id === this.kinds.length) this.growNodes();
    this.kinds[id] = kind;
    this.flags[id] = 0;
    this.nodeA[id] = a;
    this.nodeB[id] = b;
    return id;
  }

  newContainer(kind: number): number {
    const id = this.newNode(kind, 0, 0);
    this.counts[id] = 0;
    this.firstRun[id] = -1;
    return id;
  }

  /** Appends items[from, to) as a run of `target`'s children; returns false for a container inside itself. */
  addRun(target: number, items: Int32Array, from: number, to: number): boolean {
    const count = to - from;
    if (count === 0) return true;
    if (this.runTotal === this.runStart.length) {
      this.runStart = grownInt32(this.runStart, this.runTotal + 1);
      this.runCount = grownInt32(this.runCount, this.runTotal + 1);
      this.runNext = grownInt32(this.runNext, this.runTotal + 1);
    }
    if (this.childTotal + count > this.children.length) this.children = grownInt32(this.children, this.childTotal + count);
    const run = this.runTotal++;
    const children = this.children;
    const flags = this.flags;
    let at = this.childTotal;
    this.runStart[run] = at;
    this.runCount[run] = count;
    this.runNext[run] = -1;
    for (let i = from; i < to; i++) {
      const child = items[i]!;
      if (child === target) return false;
      flags[child] = flags[child]! | SEALED;
      children[at++] = child;
    }
    this.childTotal = at;
    if (this.firstRun[target]! < 0) this.firstRun[target] = run;
    else this.runNext[this.lastRun[target]!] = run;
    this.lastRun[target] = run;
    this.counts[target] = this.counts[target]! + count;
    return true;
  }

  private growNodes(): void {
    const size = this.kinds.length * 2;
    this.kinds = grownUint8(this.kinds, size);
    this.flags = grownUint8(this.flags, size);
    this.origins = grownUint8(this.origins, size);
    this.nodeA = grownInt32(this.nodeA, size);
    this.nodeB = grownInt32(this.nodeB, size);
    this.counts = grownInt32(this.counts, size);
    this.firstRun = grownInt32(this.firstRun, size);
    this.lastRun = grownInt32(this.lastRun, size);
    this.memoSlots = grownInt32(this.memoSlots, size);
  }
}

export function grownInt32(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

export function grownUint8(array: Uint8Array, needed: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}
