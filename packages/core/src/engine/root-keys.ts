/** Keys up to this count are compared one by one; past it through a hash table. */
const LINEAR_KEYS = 16;

/**
 * The root dict's keys so far, by their JSON text and kind, to find a repeated key (a giant root
 * has millions; most records' roots a handful). One table serves every record.
 */
export class RootKeyTable {
  private slots: Int32Array | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private count = 0;

  reset(): void {
    this.count = 0;
    this.slots = null;
  }

  /** Adds the key out[start, end); returns true when an equal key was there already. */
  addOrFind(out: Uint8Array, start: number, end: number, kind: number): boolean {
    if (this.count < LINEAR_KEYS) {
      for (let entry = 0; entry < this.count; entry++) if (this.isSame(out, entry, start, end, kind)) return true;
      this.store(start, end, kind);
      return false;
    }
    if (this.slots === null || this.count * 2 >= this.slots.length) this.rehash(out);
    const slots = this.slots!;
    const mask = slots.length - 1;
    let slot = hashBytes(out, start, end, kind) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry < 0) break;
      if (this.isSame(out, entry, start, end, kind)) return true;
      slot = (slot + 1) & mask;
    }
    slots[slot] = this.store(start, end, kind);
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

  private store(start: number, end: number, kind: number): number {
    const entry = this.count++;
    if (entry === this.starts.length) {
      this.starts = grow32(this.starts);
      this.ends = grow32(this.ends);
      const kinds = new Uint8Array(this.kinds.length * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
    }
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.kinds[entry] = kind;
    return entry;
  }

  private rehash(out: Uint8Array): void {
    let size = 1 << 6;
    while (size < this.count * 4) size *= 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashBytes(out, this.starts[entry]!, this.ends[entry]!, this.kinds[entry]!) & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
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
  return hash >>> 0;
}
