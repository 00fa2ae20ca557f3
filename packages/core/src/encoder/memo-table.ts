/** A V8 Map holds at most 2^24 entries; the memo of a large value can need more. */
const MAX_ENTRIES_PER_MAP = 1 << 23;

/**
 * The Pickler's memo: memo index per key (an object by identity, or a str by value). A chain of
 * Maps so that a value with more than 2^24 containers or strings still pickles; lookups touch the
 * older Maps only on a miss, and only after the first one filled up.
 */
export class MemoTable<K> {
  private current = new Map<K, number>();
  private older: Map<K, number>[] = [];

  get(key: K): number | undefined {
    const index = this.current.get(key);
    if (index !== undefined || this.older.length === 0) return index;
    return this.getOlder(key);
  }

  /** Adds a key that `get` just missed. */
  set(key: K, index: number): void {
    if (this.current.size >= MAX_ENTRIES_PER_MAP) {
      this.older.push(this.current);
      this.current = new Map();
    }
    this.current.set(key, index);
  }

  clear(): void {
    if (this.current.size > 0) this.current.clear();
    if (this.older.length > 0) this.older = [];
  }

  private getOlder(key: K): number | undefined {
    for (const map of this.older) {
      const index = map.get(key);
      if (index !== undefined) return index;
    }
    return undefined;
  }
}
