/** A V8 Set or Map holds at most 2^24 entries; the memo of a large value can need more. */
const MAX_ENTRIES_PER_TABLE = 1 << 23;
const INITIAL_BITS_BYTES = 64;

/**
 * The Pickler's memo of objects by identity: memo index per object.
 *
 * Most values share nothing: every object is added once and never met again. So until the first
 * object is met again, the objects go in a Set (a third less memory than a Map, and faster to
 * add to: bench/micro/identity-memo.bench.mjs) and their memo indices in a bitset over memo
 * indices (`set` is called with increasing indices, so the n-th object added has the n-th index
 * whose bit is set). The first hit builds the Map of memo indices from them, once; from then on
 * the table is that Map. An object that V8 gave no identity hash yet (one never put in a Set,
 * Map or WeakMap) is a miss without hashing, in both modes.
 *
 * A chain of tables so that a value with more than 2^24 containers still pickles; lookups touch
 * the older tables only on a miss, and only after the first one filled up.
 */
export class MemoTable<K> {
  /** Set mode (`maps === null`): every object added, oldest table first. */
  private sets: Set<K>[] = [new Set<K>()];
  private currentSet: Set<K> = this.sets[0]!;
  /** Set mode: bit i set when memo index i belongs to an object of the sets. */
  private bits = new Uint8Array(INITIAL_BITS_BYTES);
  /** Map mode: the memo index of every object added, oldest table first. */
  private maps: Map<K, number>[] | null = null;
  private currentMap: Map<K, number> | null = null;

  get(key: K): number | undefined {
    const map = this.currentMap;
    if (map !== null) {
      const index = map.get(key);
      if (index !== undefined || this.maps!.length === 1) return index;
      return this.getOlder(key);
    }
    if (!this.currentSet.has(key) && (this.sets.length === 1 || !this.hasOlder(key))) return undefined;
    this.toMaps();
    return this.get(key);
  }

  /** Adds a key that `get` just missed, with a memo index above every index added before. */
  set(key: K, index: number): void {
    const map = this.currentMap;
    if (map !== null) {
      if (map.size >= MAX_ENTRIES_PER_TABLE) {
        this.currentMap = new Map();
        this.maps!.push(this.currentMap);
      }
      this.currentMap!.set(key, index);
      return;
    }
    let set = this.currentSet;
    if (set.size >= MAX_ENTRIES_PER_TABLE) {
      set = this.currentSet = new Set();
      this.sets.push(set);
    }
    set.add(key);
    const byte = index >>> 3;
    if (byte >= this.bits.length) this.growBits(byte);
    this.bits[byte]! |= 1 << (index & 7);
  }

  clear(): void {
    if (this.maps === null && this.sets.length === 1) {
      if (this.currentSet.size === 0) return;
      this.currentSet.clear();
    } else {
      this.currentSet = new Set();
      this.sets = [this.currentSet];
    }
    this.maps = null;
    this.currentMap = null;
    // A small bitset is emptied in place (one Pickler, many small dumps); a large one is dropped.
    if (this.bits.length > INITIAL_BITS_BYTES * 64) this.bits = new Uint8Array(INITIAL_BITS_BYTES);
    else this.bits.fill(0);
  }

  private hasOlder(key: K): boolean {
    const sets = this.sets;
    for (let i = 0; i < sets.length - 1; i++) if (sets[i]!.has(key)) return true;
    return false;
  }

  private getOlder(key: K): number | undefined {
    const maps = this.maps!;
    for (let i = 0; i < maps.length - 1; i++) {
      const index = maps[i]!.get(key);
      if (index !== undefined) return index;
    }
    return undefined;
  }

  private growBits(byte: number): void {
    let length = this.bits.length * 2;
    while (length <= byte) length *= 2;
    const grown = new Uint8Array(length);
    grown.set(this.bits);
    this.bits = grown;
  }

  /** The first object met again: the Map of every object's memo index, from the sets and the bitset. */
  private toMaps(): void {
    const bits = this.bits;
    const maps: Map<K, number>[] = [];
    let byte = 0;
    let bit = 0;
    for (const set of this.sets) {
      const map = new Map<K, number>();
      for (const key of set) {
        // The next set bit: the memo index of this key.
        while (((bits[byte]! >> bit) & 1) === 0) {
          if (++bit === 8) {
            bit = 0;
            if (++byte >= bits.length) throw new Error("internal: more objects in the memo than memo indices recorded");
          }
        }
        map.set(key, byte * 8 + bit);
        if (++bit === 8) {
          bit = 0;
          byte++;
        }
      }
      maps.push(map);
    }
    this.maps = maps;
    this.currentMap = maps[maps.length - 1]!;
    this.sets = [new Set<K>()];
    this.currentSet = this.sets[0]!;
  }
}
