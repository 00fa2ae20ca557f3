/**
 * Finds a merged dict's slot by a key's identity bytes (see segment.ts) without making a string
 * per key: open addressing over 32-bit hashes, equal hashes confirmed by comparing the bytes
 * where the slot's first row left them. A merge of millions of keys then allocates one typed
 * array instead of a Map entry and a string per key (measured on the bench's 8 x 59 MB shards:
 * the Map of latin1 strings cost the main thread more than the workers' decoding).
 *
 * Each table position holds [slot + 1, hash] side by side: a probe of a big table (millions of
 * keys, read at random) then misses the cache once, not once per array.
 */
export class IdentityIndex {
  /** Pairs [slot + 1 (0: empty), hash] per position. */
  private table: Int32Array;
  private count = 0;

  /** `positions`: the table's size at first (rounded up to a power of two; 1,024 unless given). */
  constructor(positions = 1 << 10) {
    let size = 16;
    while (size < positions) size *= 2;
    this.table = new Int32Array(2 * size);
  }

  /**
   * The slot whose identity equals bytes[start, end), or -1. `identityOf(slot)` must give a
   * slot's identity bytes (a [bytes, start, end] triple, reused).
   */
  find(hash: number, bytes: Uint8Array, start: number, end: number, identityOf: (slot: number) => IdentitySpan): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slotPlusOne = table[2 * at]!;
      if (slotPlusOne === 0) return -1;
      if (table[2 * at + 1] !== hash) continue;
      const span = identityOf(slotPlusOne - 1);
      if (equalBytes(span.bytes, span.start, span.end, bytes, start, end)) return slotPlusOne - 1;
    }
  }

  /**
   * Reads the first table position of each of hashes[0, count) and returns a value made from
   * them (for the caller to ignore). A big index's probes miss the cache once per key; these
   * loads are independent of each other, so the CPU overlaps their misses, and the `find` and
   * `add` that follow for the same hashes hit the cache: 5.76M keys into a 64 MiB table took
   * half the time this way (bench/micro/identity-index.bench.mjs).
   */
  touch(hashes: Int32Array, count: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    let seen = 0;
    for (let i = 0; i < count; i++) seen |= table[2 * (hashes[i]! & mask)]!;
    return seen;
  }

  /** Records `slot` under `hash` (the caller knows its identity is not there yet). */
  add(hash: number, slot: number): void {
    if ((this.count + 1) * 4 > (this.table.length >>> 1) * 3) this.resize(this.table.length);
    this.count++;
    place(this.table, hash, slot + 1);
  }

  /**
   * Room for `count` identities in all without growing again: a merge that knows how many keys
   * are coming rehashes once, not at every doubling.
   */
  reserve(count: number): void {
    let positions = this.table.length >>> 1;
    while (count * 4 > positions * 3) positions *= 2;
    if (positions > this.table.length >>> 1) this.resize(positions);
  }

  private resize(positions: number): void {
    const old = this.table;
    const table = new Int32Array(2 * positions);
    for (let at = 0; at < old.length; at += 2) if (old[at] !== 0) place(table, old[at + 1]!, old[at]!);
    this.table = table;
  }
}

function place(table: Int32Array, hash: number, slotPlusOne: number): void {
  const mask = (table.length >>> 1) - 1;
  let at = hash & mask;
  while (table[2 * at] !== 0) at = (at + 1) & mask;
  table[2 * at] = slotPlusOne;
  table[2 * at + 1] = hash;
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

/** True when a[aStart, aEnd) and b[bStart, bEnd) hold the same bytes. */
export function equalBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
