/** Keys up to this count are compared one by one; past it through a hash table. */
const LINEAR_KEYS = 16;

/**
 * The root dict's keys so far, by their JSON text and kind, to find a repeated key (a giant root
 * has millions; most records' roots a handful). One table serves every record.
 */
export class RootKeyTable {
  /** Pairs [entry + 1, hash] per slot (0: empty): a probe reads the hash beside the entry. */
  private slots: Int32Array | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private hashes = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private count = 0;

  reset(): void {
    this.count = 0;
    this.slots = null;
  }

  /** Adds the key out[start, end); returns true when an equal key was there already. */
  addOrFind(out: Uint8Array, start: number, end: number, kind: number): boolean {
    const hash = hashBytes(out, start, end, kind);
    if (this.count < LINEAR_KEYS) {
      for (let entry = 0; entry < this.count; entry++) {
        if (this.hashes[entry] === hash && this.isSame(out, entry, start, end, kind)) return true;
      }
      this.store(start, end, kind, hash);
      return false;
    }
    if (this.slots === null || this.count * 4 >= this.slots.length) this.rehash();
    const slots = this.slots!;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[2 * slot]! - 1;
      if (entry < 0) break;
      if (slots[2 * slot + 1] === hash && this.isSame(out, entry, start, end, kind)) return true;
      slot = (slot + 1) & mask;
    }
    slots[2 * slot] = this.store(start, end, kind, hash) + 1;
    slots[2 * slot + 1] = hash;
    return false;
  }

  private isSame(out: Uint8Array, entry: number, start: number, end: number, kind: number): boolean {
    const entryStart = this.starts[entry]!;
    const length = end - start;
    if (this.kinds[entry] !== kind || this.ends[entry]! - entryStart !== length) return false;
    let k = 0;
    while (k < length && out[entryStart + k] === out[start + k]) k++;
    return k === length;
  }

  private store(start: number, end: number, kind: number, hash: number): number {
    const entry = this.count++;
    if (entry === this.starts.length) {
      this.starts = grow32(this.starts);
      this.ends = grow32(this.ends);
      this.hashes = grow32(this.hashes);
      const kinds = new Uint8Array(this.kinds.length * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
    }
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.hashes[entry] = hash;
    this.kinds[entry] = kind;
    return entry;
  }

  /**
   * A table 2-4 times the entries (from the stored hashes: no key is read again). Not sparser:
   * a giant root's table is read at random, and at 8 times 1.8M keys (134 MB) each probe missed
   * the TLB as well as the cache.
   */
  private rehash(): void {
    let size = 1 << 7;
    while (size < this.count * 4) size *= 2;
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      const hash = this.hashes[entry]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry + 1;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
  }
}

function grow32(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** FNV-1a over the bytes and the kind. */
function hashBytes(bytes: Uint8Array, start: number, end: number, kind: number): number {
  let hash = 0x811c9dc5 ^ kind;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash | 0;
}
