/**
 * The decoder's memo at dense indices: an array that grows by push, in fixed chunks past its
 * first 65,536 slots. One JS array of millions of slots (records.pkl: 7.2 million puts) is
 * reallocated and copied each time it grows by half, every copy a fresh large object that stays
 * until the next full GC (~100 MB more peak RSS on records.pkl, 13% more page faults); chunks
 * are allocated once and never move. Small memos, the common case of a stream of small records,
 * stay one ordinary array.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/**
 * A cleared memo keeps its first slots when there are at most this many (they are overwritten by
 * the next record's puts, and `get` never reads past `length`): truncating an array is a runtime
 * call, ~3.5% of a stream of small records. A larger first array is dropped, so a big record's
 * values are not kept alive by the small ones after it.
 */
const KEPT_SLOTS = 1024;

export class DenseMemo<T> {
  /** Slots in use: indices [0, length). */
  length = 0;
  /** Slots [0, CHUNK). */
  private first: T[] = [];
  /** chunks[k] holds slots [(k + 1) * CHUNK, (k + 2) * CHUNK). */
  private chunks: T[][] = [];

  push(value: T): void {
    const n = this.length;
    if (n < CHUNK) this.first[n] = value;
    else {
      const k = (n >>> CHUNK_BITS) - 1;
      if (k === this.chunks.length) this.chunks.push(new Array<T>(CHUNK));
      this.chunks[k]![n & MASK] = value;
    }
    this.length = n + 1;
  }

  /** The slot at `index`, or undefined at or past `length`. */
  get(index: number): T | undefined {
    if (index >= this.length) return undefined;
    return index < CHUNK ? this.first[index] : this.chunks[(index >>> CHUNK_BITS) - 1]![index & MASK];
  }

  /** Replaces the slot at `index`; the caller checks `index < length`. */
  set(index: number, value: T): void {
    if (index < CHUNK) this.first[index] = value;
    else this.chunks[(index >>> CHUNK_BITS) - 1]![index & MASK] = value;
  }

  clear(): void {
    if (this.first.length > KEPT_SLOTS) this.first = [];
    if (this.chunks.length !== 0) this.chunks = [];
    this.length = 0;
  }
}
