const INITIAL_SLOTS = 64;
/** `clear` keeps a table up to this many slots (emptying the used ones) and drops a larger one. */
const KEPT_SLOTS = 4096;
/** `reserve` never grows the table past this many entries at once (2^23 slots, 64 MB). */
const MAX_RESERVED_ENTRIES = 1 << 22;
/**
 * Strs longer than this many UTF-16 units are memoized in a Map instead: hashString reads every
 * unit, so a 256 KiB str shared 20,000 times (`[s] * 20000`) cost 5 billion units, 12 s, where V8's
 * Map keeps one hash in the string and finds the same string by identity.
 */
const LONG_STR_UNITS = 1024;

/**
 * The Pickler's memo of str by value: an open-addressing hash table over typed arrays, about twice
 * as fast as a Map for the common case of many distinct strings. Each slot holds the hash and the
 * entry number, so a probe reads one place in memory until the hashes match; the first sight of a
 * str (a miss) is followed by `add`, which fills the slot the probe stopped at. `find` then `add`
 * for a miss: nothing may change the table in between.
 */
export class StrMemo {
  /** Per slot: [hash, entry number + 1]; entry 0 means empty. Slots: a power of two, at most half full. */
  private slots = new Int32Array(INITIAL_SLOTS * 2);
  private indexes: Int32Array = new Int32Array(INITIAL_SLOTS >> 1);
  /** The slot of each entry, so that `clear` after a small dump empties just those. */
  private positions: Int32Array = new Int32Array(INITIAL_SLOTS >> 1);
  private keys: string[] = [];
  private count = 0;
  /** Where the last `find` stopped, and the hash it computed: `add` fills that slot. */
  private freeSlot = 0;
  private lastHash = 0;
  /** Memo indexes of the long strs (LONG_STR_UNITS), or null before the first. */
  private long: Map<string, number> | null = null;

  /** Strs added since the last `clear` to the hash table (the long ones, in their Map, not counted: this sizes the table). */
  get size(): number {
    return this.count;
  }

  /** The memo index of `text`, or -1. */
  find(text: string): number {
    if (text.length > LONG_STR_UNITS) return this.long?.get(text) ?? -1;
    const hash = hashString(text);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) break;
      if (slots[2 * slot] === hash && this.keys[entry] === text) return this.indexes[entry]!;
      slot = (slot + 1) & mask;
    }
    this.freeSlot = slot;
    this.lastHash = hash;
    return -1;
  }

  /** Adds the text the last `find` missed. */
  add(text: string, index: number): void {
    if (text.length > LONG_STR_UNITS) {
      this.long ??= new Map();
      this.long.set(text, index);
      return;
    }
    const entry = this.count++;
    if (entry === this.indexes.length) {
      this.indexes = doubled(this.indexes);
      // Positions serve only `clear` of a table it keeps (KEPT_SLOTS): not tracked past that size.
      if (this.slots.length <= KEPT_SLOTS * 2) this.positions = doubled(this.positions);
    }
    this.keys.push(text);
    this.indexes[entry] = index;
    if (entry < this.positions.length) this.positions[entry] = this.freeSlot;
    this.slots[2 * this.freeSlot] = this.lastHash;
    this.slots[2 * this.freeSlot + 1] = entry + 1;
    if (this.count > this.slots.length >> 2) this.rehash();
  }

  /**
   * Grows the table at once to hold `entries` strs (a projection from the first part of a large
   * value), instead of doubling through every size on the way: its large typed arrays are then
   * allocated with the Pickler's output buffer. V8 runs a full GC of the heap for about every
   * 64 MB of external memory allocated, so allocating them later cost another full GC of the value.
   * Projections that fit a table `clear` keeps are ignored (small tables track their positions).
   */
  reserve(entries: number): void {
    const target = Math.min(entries, MAX_RESERVED_ENTRIES);
    let slotCount = this.slots.length >> 1;
    while (target > slotCount >> 1) slotCount *= 2;
    if (slotCount <= KEPT_SLOTS || slotCount === this.slots.length >> 1) return;
    let capacity = this.indexes.length;
    while (capacity < target) capacity *= 2;
    if (capacity > this.indexes.length) {
      const indexes = new Int32Array(capacity);
      indexes.set(this.indexes.subarray(0, this.count));
      this.indexes = indexes;
    }
    this.rehash(slotCount);
  }

  clear(): void {
    this.long = null;
    if (this.count === 0) return;
    if (this.slots.length > KEPT_SLOTS * 2) {
      this.slots = new Int32Array(INITIAL_SLOTS * 2);
      this.indexes = new Int32Array(INITIAL_SLOTS >> 1);
      this.positions = new Int32Array(INITIAL_SLOTS >> 1);
    } else {
      // Many small dumps (one pickle per record): empty only the slots used.
      for (let entry = 0; entry < this.count; entry++) this.slots[2 * this.positions[entry]! + 1] = 0;
    }
    this.keys = [];
    this.count = 0;
  }

  /** Doubles the slots (or grows them to `slotCount`): the old ones are read in order, each hash placed again. */
  private rehash(slotCount = this.slots.length): void {
    const old = this.slots;
    const slots = new Int32Array(slotCount * 2);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1]!;
      if (entry === 0) continue;
      const hash = old[i]!;
      let slot = hash & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = entry;
      if (entry <= this.positions.length) this.positions[entry - 1] = slot;
    }
    this.slots = slots;
  }
}

function doubled(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** A 32-bit hash of every UTF-16 unit (FNV-1a style mixing, finished so that low bits spread). */
function hashString(text: string): number {
  let hash = text.length ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 13);
}
