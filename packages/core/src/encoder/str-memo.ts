const INITIAL_SLOTS = 1024;

/**
 * The Pickler's memo of str by value: an open-addressing hash table over typed arrays, about twice
 * as fast as a Map for the common case of many distinct strings (each is hashed once here, and a
 * miss is followed by the insertion at the slot the probe stopped at). `find` then `add` for a miss:
 * nothing may change the table in between.
 */
export class StrMemo {
  /** Entry number + 1 per slot; 0 is empty. Capacity is a power of two, at most half full. */
  private slots = new Int32Array(INITIAL_SLOTS);
  private hashes = new Int32Array(INITIAL_SLOTS >> 1);
  private indexes = new Int32Array(INITIAL_SLOTS >> 1);
  private keys: string[] = [];
  private count = 0;
  /** Where the last `find` stopped, and the hash it computed: `add` fills that slot. */
  private freeSlot = 0;
  private lastHash = 0;

  /** The memo index of `text`, or -1. */
  find(text: string): number {
    const hash = hashString(text);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.keys[entry] === text) return this.indexes[entry]!;
      slot = (slot + 1) & mask;
    }
    this.freeSlot = slot;
    this.lastHash = hash;
    return -1;
  }

  /** Adds the text the last `find` missed. */
  add(text: string, index: number): void {
    const entry = this.count++;
    if (entry === this.hashes.length) this.growEntries();
    this.keys.push(text);
    this.hashes[entry] = this.lastHash;
    this.indexes[entry] = index;
    this.slots[this.freeSlot] = entry + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  clear(): void {
    if (this.count === 0) return;
    if (this.slots.length > INITIAL_SLOTS) {
      this.slots = new Int32Array(INITIAL_SLOTS);
      this.hashes = new Int32Array(INITIAL_SLOTS >> 1);
      this.indexes = new Int32Array(INITIAL_SLOTS >> 1);
    } else {
      this.slots.fill(0);
    }
    this.keys = [];
    this.count = 0;
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const indexes = new Int32Array(this.indexes.length * 2);
    indexes.set(this.indexes);
    this.indexes = indexes;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const hashes = this.hashes;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/** A 32-bit hash of every UTF-16 unit (FNV-1a style mixing, finished so that low bits spread). */
function hashString(text: string): number {
  let hash = text.length ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 13);
}
