/** Keys up to this count are compared pairwise; past it their hashes are sorted. */
const PAIRWISE_KEYS = 16;

/**
 * The streamed root dict's keys (spans of the output: their JSON text or msgpack bytes, and a
 * kind), to find a repeated key once the record ends. A giant root has millions of keys: probing
 * a hash table per key read it at random (a miss per key, 17% of records.pkl -> msgpack). Here a
 * key costs one comparison with the one before it while the keys come in ascending order (ids,
 * timestamps, sorted dumps: then no key can repeat), and only when they do not are the keys'
 * hashes sorted at the end and equal neighbours compared. A repeated key makes the engine decline
 * the record whenever it is found: the record's output is dropped either way.
 * One table serves every record.
 */
export class RootKeyTable {
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private count = 0;
  /** Every key so far is greater than the one before it (kind, then bytes, then length). */
  private isAscending = true;
  /** A view of the output the keys are in (compared 4 bytes at a time). */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewed: Uint8Array = new Uint8Array(0);

  reset(): void {
    this.count = 0;
    this.isAscending = true;
  }

  /** Records the key out[start, end) of kind `kind` (the spans must stay valid until `hasRepeated`). */
  add(out: Uint8Array, start: number, end: number, kind: number): void {
    const entry = this.count;
    if (entry === this.starts.length) this.grow();
    if (this.isAscending && entry > 0) {
      const previous = entry - 1;
      if (out !== this.viewed) {
        this.viewed = out;
        this.view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      }
      if (compareKeys(out, this.view, this.kinds[previous]!, this.starts[previous]!, this.ends[previous]!, kind, start, end) >= 0) this.isAscending = false;
    }
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.kinds[entry] = kind;
    this.count = entry + 1;
  }

  /** Room for `count` keys at once (a giant root's, from the input's size): no doubling copies on the way. */
  reserve(count: number): void {
    if (count > this.starts.length) this.grow(count);
  }

  /** The output from `pivot` on moved by `delta` bytes: keys recorded there move with it. */
  shiftFrom(pivot: number, delta: number): void {
    for (let i = 0; i < this.count; i++) {
      if (this.starts[i]! >= pivot) {
        this.starts[i] = this.starts[i]! + delta;
        this.ends[i] = this.ends[i]! + delta;
      }
    }
  }

  /** True when two of the keys recorded since `reset` are the same key. */
  hasRepeated(out: Uint8Array): boolean {
    const count = this.count;
    if (this.isAscending || count < 2) return false;
    if (count <= PAIRWISE_KEYS) {
      for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) if (this.isSame(out, i, j)) return true;
      return false;
    }
    const hashes = new Int32Array(count);
    for (let i = 0; i < count; i++) hashes[i] = hashBytes(out, this.starts[i]!, this.ends[i]!, this.kinds[i]!);
    const order = sortByHash(hashes);
    for (let first = 0; first < count; ) {
      const hash = hashes[order[first]!]!;
      let last = first + 1;
      while (last < count && hashes[order[last]!] === hash) last++;
      // Entries [first, last) of `order` share a hash: compare their bytes.
      for (let i = first; i < last; i++) for (let j = i + 1; j < last; j++) if (this.isSame(out, order[i]!, order[j]!)) return true;
      first = last;
    }
    return false;
  }

  private isSame(out: Uint8Array, a: number, b: number): boolean {
    const aStart = this.starts[a]!;
    const bStart = this.starts[b]!;
    const length = this.ends[a]! - aStart;
    if (this.kinds[a] !== this.kinds[b] || this.ends[b]! - bStart !== length) return false;
    let k = 0;
    while (k < length && out[aStart + k] === out[bStart + k]) k++;
    return k === length;
  }

  private grow(size = this.starts.length * 2): void {
    this.starts = grownInt32(this.starts, size);
    this.ends = grownInt32(this.ends, size);
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
  }
}

/** Orders keys by kind, then bytes, then length: < 0, 0 or > 0 as key a sorts before, with or after key b. */
function compareKeys(out: Uint8Array, view: DataView, aKind: number, aStart: number, aEnd: number, bKind: number, bStart: number, bEnd: number): number {
  if (aKind !== bKind) return aKind - bKind;
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = Math.min(aLength, bLength);
  let k = 0;
  // 4 bytes at a time, big-endian: the words order as their bytes do (keys share long prefixes).
  for (; k + 4 <= length; k += 4) {
    const a = view.getUint32(aStart + k);
    const b = view.getUint32(bStart + k);
    if (a !== b) return a < b ? -1 : 1;
  }
  for (; k < length; k++) {
    const difference = out[aStart + k]! - out[bStart + k]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

function grownInt32(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}

/** Entry indices ordered by their hash's bits (two 16-bit radix passes: no comparison sort of millions). */
function sortByHash(hashes: Int32Array): Int32Array {
  const count = hashes.length;
  let order = new Int32Array(count);
  let next = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const buckets = new Int32Array(1 << 16);
  for (let shift = 0; shift < 32; shift += 16) {
    buckets.fill(0);
    for (let i = 0; i < count; i++) buckets[(hashes[i]! >>> shift) & 0xffff]!++;
    let total = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size = buckets[b]!;
      buckets[b] = total;
      total += size;
    }
    for (let i = 0; i < count; i++) {
      const entry = order[i]!;
      next[buckets[(hashes[entry]! >>> shift) & 0xffff]!++] = entry;
    }
    const swap = order;
    order = next;
    next = swap;
  }
  return order;
}

/** FNV-1a over the bytes and the kind. */
function hashBytes(bytes: Uint8Array, start: number, end: number, kind: number): number {
  let hash = 0x811c9dc5 ^ kind;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash | 0;
}

/**
 * True when two of the keys whose spans lie in spans[from, to) (start, end, kind triples over
 * `out`) are the same key: compared pairwise when they are few, else through `table` (reset
 * here) as a giant root's are. The writers' check for a dict other than the streamed root.
 */
export function hasRepeatedKeySpan(out: Uint8Array, spans: Int32Array, from: number, to: number, table: RootKeyTable): boolean {
  if (to - from > 3 * PAIRWISE_KEYS) {
    table.reset();
    for (let k = from; k < to; k += 3) table.add(out, spans[k]!, spans[k + 1]!, spans[k + 2]!);
    return table.hasRepeated(out);
  }
  for (let a = from; a < to; a += 3) {
    const aStart = spans[a]!;
    const aLength = spans[a + 1]! - aStart;
    for (let b = a + 3; b < to; b += 3) {
      const bStart = spans[b]!;
      if (spans[b + 1]! - bStart !== aLength || spans[b + 2] !== spans[a + 2]) continue;
      let k = 0;
      while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
      if (k === aLength) return true;
    }
  }
  return false;
}

/**
 * Whether two keys of a dict's batch may be the same. The keys are the bytes
 * out[stack[a], stack[a + 1] - trail) for a = from, from + 2, ... before `to` (each key's written
 * form, `trail` bytes before its value starts). Each picks one of 128 bits from its length, its
 * middle byte and its last two: keys whose bits all differ differ. Two share a bit for a repeated
 * key, or about one small dict in ten: then the caller compares pairs.
 */
export function keysMayRepeat(out: Uint8Array, stack: Int32Array, from: number, to: number, trail: number): boolean {
  let bits0 = 0;
  let bits1 = 0;
  let bits2 = 0;
  let bits3 = 0;
  let isShared = false;
  for (let a = from; a < to; a += 2) {
    const start = stack[a]!;
    const length = stack[a + 1]! - trail - start;
    const last = start + length - 1;
    const mixed = (length << 24) ^ (out[start + (length >> 1)]! << 16) ^ (out[last]! << 8) ^ out[length > 1 ? last - 1 : start]!;
    const bit = Math.imul(mixed, 0x9e3779b1) >>> 25;
    const mask = 1 << (bit & 31);
    const word = bit >>> 5;
    if (word === 0) {
      isShared ||= (bits0 & mask) !== 0;
      bits0 |= mask;
    } else if (word === 1) {
      isShared ||= (bits1 & mask) !== 0;
      bits1 |= mask;
    } else if (word === 2) {
      isShared ||= (bits2 & mask) !== 0;
      bits2 |= mask;
    } else {
      isShared ||= (bits3 & mask) !== 0;
      bits3 |= mask;
    }
  }
  return isShared;
}
