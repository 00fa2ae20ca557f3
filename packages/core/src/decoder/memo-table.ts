/**
 * The decoder's memo (PUT/BINPUT/LONG_BINPUT/MEMOIZE store, GET/BINGET/LONG_BINGET read): a dense
 * array for the indices pickles use (0, 1, 2, ...), with holes for small gaps, and a Map for indices
 * far past its end (LONG_BINPUT 4294967295 must not allocate). Limits and errors stay with the
 * Unpickler: `put` says when the memo would grow past its maximum.
 */
import type { PyValue } from "../values/py-types.js";
import { DenseMemo } from "./dense-memo.js";

/** A memo slot that entries mode chose not to keep (no GET reads it). */
export const DROPPED: unique symbol = Symbol("dropped memo entry");
/** A memo slot below the highest PUT index that no PUT filled (the dense memo has a hole there). */
export const HOLE: unique symbol = Symbol("memo hole");
export type MemoSlot = PyValue | typeof DROPPED | typeof HOLE;
/** A PUT this far past the dense memo's end still extends it (holes in between); further ones go to a Map. */
export const MAX_MEMO_GAP = 1024;

export class MemoTable {
  /** Slots at dense indices; MEMOIZE pushes here directly while `isPlain`. */
  readonly dense: DenseMemo<MemoSlot> = new DenseMemo<MemoSlot>();
  /** Entries at indices beyond the dense array. */
  private sparse: Map<number, MemoSlot> | null = null;
  /** HOLE slots in `dense`. */
  private holes = 0;
  /** One past the highest index stored in `sparse` (0: none). */
  private sparseHigh = 0;
  /** Indices entries mode keeps (the others are DROPPED), or undefined: keep all. */
  private readonly keep: ReadonlySet<number> | undefined;
  private readonly maxSize: number;

  constructor(keep: ReadonlySet<number> | undefined, maxSize: number) {
    this.keep = keep;
    this.maxSize = maxSize;
  }

  /** No holes, no sparse entries, nothing dropped: the next index is `dense.length` and a push stores it. */
  get isPlain(): boolean {
    return this.keep === undefined && this.sparse === null && this.holes === 0;
  }

  /** Entries in the memo (CPython's `len(memo)`, which MEMOIZE uses as the next index). */
  get length(): number {
    return this.dense.length - this.holes + (this.sparse?.size ?? 0);
  }

  /** Stores `value` at `index`; false (nothing stored) when the memo would grow past maxMemoSize. */
  put(index: number, value: PyValue): boolean {
    const keep = this.keep;
    const slot: MemoSlot = keep === undefined || keep.has(index) ? value : DROPPED;
    const dense = this.dense;
    if (index < dense.length) {
      if (dense.get(index) === HOLE) this.holes--;
      dense.set(index, slot);
    } else if (index - dense.length <= MAX_MEMO_GAP && this.sparse === null) {
      // Python 2's pickler and hand-written pickles may skip indices (BINPUT 1 first): keep the
      // fast dense array, with holes, rather than a Map for every later entry.
      if (index >= this.maxSize) return false;
      while (dense.length < index) {
        dense.push(HOLE);
        this.holes++;
      }
      dense.push(slot);
    } else {
      this.sparse ??= new Map();
      if (!this.sparse.has(index) && this.length >= this.maxSize) return false;
      this.sparse.set(index, slot);
      if (index >= this.sparseHigh) this.sparseHigh = index + 1;
    }
    return true;
  }

  /** The slot at `index`: undefined when no PUT stored it, DROPPED or HOLE when it holds no value. */
  get(index: number): MemoSlot | undefined {
    return index < this.dense.length ? this.dense.get(index) : this.sparse?.get(index);
  }

  clear(): void {
    this.dense.clear();
    this.holes = 0;
    this.sparse = null;
    this.sparseHigh = 0;
  }

  /** One past the highest index stored (MEMOIZE's pushes included). */
  get highWater(): number {
    return Math.max(this.dense.length, this.sparseHigh);
  }
}

/** Why memo key `index` cannot be read (`slot` is what `get` returned); `hadEarlier`: an earlier record's memo reached it. */
export function memoMissingReason(index: number, slot: MemoSlot | undefined, hadEarlier: boolean): string {
  if (slot === DROPPED) return `memo key ${index} was dropped by entries mode (memoIndicesRead did not list it)`;
  let reason = `memo key ${index} is missing`;
  if (hadEarlier) {
    reason += "; an earlier record's memo had it: this stream was written by one Pickler, decode it with memo: \"shared\"";
  }
  return reason;
}
