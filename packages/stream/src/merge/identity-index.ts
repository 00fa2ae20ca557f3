/**
 * Finds a merged dict's slot by a key's identity bytes (see segment.ts) without making a string
 * per key: open addressing over 32-bit hashes, equal hashes confirmed by comparing the bytes
 * where the slot's first row left them. A merge of millions of keys then allocates two typed
 * arrays instead of a Map entry and a string per key (measured on the bench's 8 x 59 MB shards:
 * the Map of latin1 strings cost the main thread more than the workers' decoding).
 */
export class IdentityIndex {
  /** slot + 1 per table position (0: empty). */
  private slots = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 10);
  private count = 0;

  /**
   * The slot whose identity equals bytes[start, end), or -1. `identityOf(slot)` must give a
   * slot's identity bytes (a [bytes, start, end] triple, reused).
   */
  find(hash: number, bytes: Uint8Array, start: number, end: number, identityOf: (slot: number) => IdentitySpan): number {
    const mask = this.slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slotPlusOne = this.slots[at]!;
      if (slotPlusOne === 0) return -1;
      if (this.hashes[at] !== hash) continue;
      const span = identityOf(slotPlusOne - 1);
      if (equalBytes(span.bytes, span.start, span.end, bytes, start, end)) return slotPlusOne - 1;
    }
  }

  /** Records `slot` under `hash` (the caller knows its identity is not there yet). */
  add(hash: number, slot: number): void {
    if ((this.count + 1) * 4 > this.slots.length * 3) this.grow();
    this.count++;
    this.place(hash, slot + 1);
  }

  private place(hash: number, slotPlusOne: number): void {
    const mask = this.slots.length - 1;
    let at = hash & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = slotPlusOne;
    this.hashes[at] = hash;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    for (let at = 0; at < oldSlots.length; at++) if (oldSlots[at] !== 0) this.place(oldHashes[at]!, oldSlots[at]!);
  }
}

export interface IdentitySpan {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** FNV-1a over bytes[start, end): cheap, and spreads short similar keys well enough here. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}

function equalBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
