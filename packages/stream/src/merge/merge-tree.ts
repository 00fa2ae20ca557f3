import type { ConflictPolicy, MergeFormat } from "./output-format.js";
import { IdentityIndex, type IdentitySpan, equalBytes, hashBytes } from "./identity-index.js";
import { ENTRY_FIELDS, type Segment } from "./segment.js";

/** Two inputs give different values for a key and the policy is `error`. */
export class MergeConflictError extends Error {
  override readonly name = "MergeConflictError";
  constructor(
    /** The key, as text (JSON for a non-str key). */
    readonly key: string,
    /** The input that gave the key first, and the one that gave it again with another value. */
    readonly firstFile: string,
    readonly secondFile: string,
  ) {
    super(`key ${key} has different values in ${firstFile} and ${secondFile} (onConflict: "error")`);
  }
}

/** A segment as the tree keeps it: a Buffer view (for latin1 identities) and its file. */
export interface StoredSegment {
  readonly bytes: Buffer;
  readonly table: Uint32Array;
  readonly file: string;
}

/** An estimate of keys to come makes the root reserve at most this many slots ahead. */
const MAX_RESERVED_KEYS = 1 << 26;

/** Rows hashed (and their root index positions loaded) at a time. */
const HASH_BLOCK_ROWS = 32;

/** Where a slot's value lives: a row of a segment, or (deep merge) a nested node. */
const NODE_VALUE = -1;

/** Int32s per slot: key segment, key row, value segment, value row, identity hash. */
const SLOT_FIELDS = 5;

/**
 * A nested node finds its keys by scanning their hashes up to this many keys, and builds an
 * IdentityIndex past it: a deep merge makes a node per dict met twice (a few keys each, often
 * hundreds of thousands of them), and an index's table is 8 KiB at its smallest.
 */
const SMALL_NODE_KEYS = 8;

/**
 * One merged dict: its keys in first-insertion order (as dict.update keeps them) and, per key,
 * the row that gave the key's bytes and the row of the winning value. Slots are one typed array
 * and keys are found by their identity bytes in an IdentityIndex (the root, and nested nodes of
 * many keys) or by a scan of their hashes (small nested nodes): a merge of millions of keys
 * allocates no per-key object or string.
 *
 * Deep merge: a dict value is a node row (segment.ts) followed by its entries. A slot whose value
 * is such a row holds that dict as it is, its entries left in the segment; only a key given a
 * dict twice gets a child MergeNode (`MergeTree.nodeOf` builds it from the first dict's rows),
 * so a merge of millions of keys to small dicts, most of them met once, makes a node for the
 * few met again (one per key made the bench's 8 shards need 24 GB and more).
 */
export class MergeNode {
  /** SLOT_FIELDS Int32s per slot. */
  slots: Int32Array;
  private index: IdentityIndex | null = null;
  /** Child nodes; a slot whose value segment is NODE_VALUE has its child at children[value row]. */
  private children: (MergeNode | undefined)[] | null = null;
  private slotCount = 0;
  private identityOf: ((slot: number) => IdentitySpan) | null = null;

  constructor(
    private readonly segments: readonly StoredSegment[],
    isRoot = false,
  ) {
    this.slots = new Int32Array(SLOT_FIELDS * (isRoot ? 16 : 4));
    if (isRoot) this.buildIndex();
  }

  get size(): number {
    return this.slotCount;
  }

  /** True when keys are found through an IdentityIndex (the root; nested nodes past SMALL_NODE_KEYS). */
  get isIndexed(): boolean {
    return this.index !== null;
  }

  keySegment(slot: number): number {
    return this.slots[slot * SLOT_FIELDS]!;
  }

  keyRow(slot: number): number {
    return this.slots[slot * SLOT_FIELDS + 1]!;
  }

  /** The segment of the value's row, or NODE_VALUE (negative) when a child node holds it. */
  valueSegment(slot: number): number {
    return this.slots[slot * SLOT_FIELDS + 2]!;
  }

  valueRow(slot: number): number {
    return this.slots[slot * SLOT_FIELDS + 3]!;
  }

  /** Loads the index positions of hashes[0, count) ahead of their `find`s (IdentityIndex.touch). */
  touch(hashes: Int32Array, count: number): number {
    return this.index === null ? 0 : this.index.touch(hashes, count);
  }

  /** The slot of the key whose identity is bytes[start, end) (hash: `hashBytes` of them), or -1. */
  find(hash: number, bytes: Uint8Array, start: number, end: number): number {
    if (this.index !== null) return this.index.find(hash, bytes, start, end, this.identityOf!);
    const slots = this.slots;
    const limit = this.slotCount * SLOT_FIELDS;
    for (let at = 0; at < limit; at += SLOT_FIELDS) {
      if (slots[at + 4] !== hash) continue;
      const { bytes: own, table } = this.segments[slots[at]!]!;
      const row = slots[at + 1]! * ENTRY_FIELDS;
      if (equalBytes(own, table[row + 1]!, table[row + 2]!, bytes, start, end)) return at / SLOT_FIELDS;
    }
    return -1;
  }

  childAt(slot: number): MergeNode | undefined {
    const at = slot * SLOT_FIELDS;
    return this.slots[at + 2] === NODE_VALUE ? this.children![this.slots[at + 3]!] : undefined;
  }

  setChild(slot: number, child: MergeNode): void {
    const at = slot * SLOT_FIELDS;
    const children = (this.children ??= []);
    if (this.slots[at + 2] === NODE_VALUE) {
      children[this.slots[at + 3]!] = child;
      return;
    }
    this.slots[at + 2] = NODE_VALUE;
    this.slots[at + 3] = children.length;
    children.push(child);
  }

  setValue(slot: number, segment: number, row: number): void {
    const at = slot * SLOT_FIELDS;
    // The child it replaces goes (its place in `children` stays empty).
    if (this.slots[at + 2] === NODE_VALUE) this.children![this.slots[at + 3]!] = undefined;
    this.slots[at + 2] = segment;
    this.slots[at + 3] = row;
  }

  /** A new key (its identity hashed to `hash`), from the given row: key and value both. */
  addSlot(hash: number, segment: number, row: number): number {
    const slot = this.slotCount++;
    let at = slot * SLOT_FIELDS;
    if (at === this.slots.length) this.grow(this.slots.length * 2);
    const slots = this.slots;
    slots[at++] = segment;
    slots[at++] = row;
    slots[at++] = segment;
    slots[at++] = row;
    slots[at] = hash;
    if (this.index !== null) this.index.add(hash, slot);
    else if (this.slotCount > SMALL_NODE_KEYS) this.buildIndex();
    return slot;
  }

  /** Room for `count` keys in all (slots and index) without growing on the way. */
  reserve(count: number): void {
    if (count > SMALL_NODE_KEYS && this.index === null) this.buildIndex();
    this.index?.reserve(count);
    if (count * SLOT_FIELDS <= this.slots.length) return;
    let size = this.slots.length;
    while (size < count * SLOT_FIELDS) size *= 2;
    this.grow(size);
  }

  private buildIndex(): void {
    const span: IdentitySpan = { bytes: EMPTY, start: 0, end: 0 };
    this.identityOf = (slot: number): IdentitySpan => {
      const at = slot * SLOT_FIELDS;
      const { bytes, table } = this.segments[this.slots[at]!]!;
      const row = this.slots[at + 1]! * ENTRY_FIELDS;
      span.bytes = bytes;
      span.start = table[row + 1]!;
      span.end = table[row + 2]!;
      return span;
    };
    const index = new IdentityIndex();
    index.reserve(this.slotCount);
    for (let slot = 0; slot < this.slotCount; slot++) index.add(this.slots[slot * SLOT_FIELDS + 4]!, slot);
    this.index = index;
  }

  private grow(size: number): void {
    const bigger = new Int32Array(size);
    bigger.set(this.slots);
    this.slots = bigger;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * The merged dictionary, built on the main thread from the workers' segments in sorted file
 * order (so the result never depends on which worker finished first). Values stay bytes in
 * their segments; the emitters copy the winners out.
 */
export class MergeTree {
  readonly segments: StoredSegment[] = [];
  readonly root = new MergeNode(this.segments, true);
  private readonly hashes = new Int32Array(HASH_BLOCK_ROWS);
  /** What the last `touch` returned: kept so the loads it made are not dropped as unused. */
  touched = 0;

  constructor(
    private readonly policy: ConflictPolicy,
    private readonly format: MergeFormat,
  ) {}

  /**
   * Applies one file's entries, in order. `expectedKeys`: how many top-level keys this file and
   * the ones still to come may add (an estimate; the root makes room for them at once).
   */
  add(segment: Segment, file: string, expectedKeys = 0): void {
    this.root.reserve(this.root.size + Math.min(Math.max(segment.entryCount, expectedKeys), MAX_RESERVED_KEYS));
    const index = this.segments.length;
    const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
    const table = segment.table;
    this.segments.push({ bytes, table, file });
    const policy = this.policy;
    // The node each depth's rows go into; null below a dict the policy dropped or a dict kept
    // as its rows (deep merge).
    const open: (MergeNode | null)[] = [this.root];
    let recordFirstRow = 0;
    // Rows go in blocks: their identities are hashed first and the root's index positions for
    // them loaded together (see IdentityIndex.touch); then each row is applied in order as ever.
    // (Rows of nested dicts are hashed when they are looked up: most are never.)
    const hashes = this.hashes;
    let blockStart = 0;
    let blockEnd = 0;
    for (let row = 0; row < segment.entryCount; row++) {
      if (row === blockEnd) {
        blockStart = row;
        blockEnd = Math.min(segment.entryCount, row + HASH_BLOCK_ROWS);
        for (let r = blockStart; r < blockEnd; r++) {
          const at = r * ENTRY_FIELDS;
          hashes[r - blockStart] = table[at]! >>> 2 === 0 ? hashBytes(bytes, table[at + 1]!, table[at + 2]!) : 0;
        }
        this.touched = this.root.touch(hashes, blockEnd - blockStart);
      }
      const at = row * ENTRY_FIELDS;
      const flags = table[at]!;
      const depth = flags >>> 2;
      const isNode = (flags & 1) === 1;
      if ((flags & 2) !== 0) recordFirstRow = row;
      const node = open[depth];
      if (node === null || node === undefined) {
        if (isNode) open[depth + 1] = null;
        continue;
      }
      const identityStart = table[at + 1]!;
      const identityEnd = table[at + 2]!;
      const hash = depth === 0 ? hashes[row - blockStart]! : hashBytes(bytes, identityStart, identityEnd);
      const slot = node.find(hash, bytes, identityStart, identityEnd);
      if (slot < 0) {
        node.addSlot(hash, index, row);
        // A dict met for the first time stays its rows (see MergeNode).
        if (isNode) open[depth + 1] = null;
        continue;
      }
      // A key met twice in one record (a pickle CPython would not write: its dicts hold a key
      // once) counts as Python's dict does: the later value, in the first one's place.
      if (depth === 0 && policy !== "deep" && node.keySegment(slot) === index && node.keyRow(slot) >= recordFirstRow) {
        node.setValue(slot, index, row);
        continue;
      }
      switch (policy) {
        case "first":
          if (isNode) open[depth + 1] = null;
          break;
        case "error":
          if (!this.isSameValue(node, slot, index, row)) throw this.conflict(node, slot, index);
          break;
        case "deep":
          if (isNode) open[depth + 1] = this.deepInto(node, slot, index, row);
          else node.setValue(slot, index, row);
          break;
        default:
          node.setValue(slot, index, row);
      }
    }
  }

  /**
   * Deep merge, a dict (node row `row` of segment `segment`) for a key the node has: the node its
   * entries merge into, or null when the dict replaces a value that is not a dict and stays its
   * rows.
   */
  private deepInto(node: MergeNode, slot: number, segment: number, row: number): MergeNode | null {
    const child = node.childAt(slot);
    if (child !== undefined) return child;
    const valueSegment = node.valueSegment(slot);
    const valueRow = node.valueRow(slot);
    if (this.isNodeRow(valueSegment, valueRow)) {
      const built = this.nodeOf(valueSegment, valueRow);
      node.setChild(slot, built);
      return built;
    }
    node.setValue(slot, segment, row);
    return null;
  }

  /** True when row `row` of segment `segment` is a node row (a dict value laid out as its entries). */
  isNodeRow(segment: number, row: number): boolean {
    return (this.segments[segment]!.table[row * ENTRY_FIELDS]! & 1) === 1;
  }

  /**
   * A MergeNode of the dict of node row `nodeRow` (segment `segment`): its entries one level
   * down, applied in order as a deep merge applies them (a key given twice, which CPython's
   * dicts never hold, counts once: the later value, two dicts merged), dicts in it kept as
   * their rows.
   */
  nodeOf(segment: number, nodeRow: number): MergeNode {
    const { bytes, table } = this.segments[segment]!;
    const rowCount = table.length / ENTRY_FIELDS;
    const baseDepth = (table[nodeRow * ENTRY_FIELDS]! >>> 2) + 1;
    const built = new MergeNode(this.segments);
    const open: (MergeNode | null)[] = [built];
    for (let row = nodeRow + 1; row < rowCount; row++) {
      const at = row * ENTRY_FIELDS;
      const flags = table[at]!;
      const depth = (flags >>> 2) - baseDepth;
      if (depth < 0) break;
      const isNode = (flags & 1) === 1;
      const node = open[depth];
      if (node === null || node === undefined) {
        if (isNode) open[depth + 1] = null;
        continue;
      }
      const hash = hashBytes(bytes, table[at + 1]!, table[at + 2]!);
      const slot = node.find(hash, bytes, table[at + 1]!, table[at + 2]!);
      if (slot < 0) {
        node.addSlot(hash, segment, row);
        if (isNode) open[depth + 1] = null;
      } else if (isNode) {
        open[depth + 1] = this.deepInto(node, slot, segment, row);
      } else {
        node.setValue(slot, segment, row);
      }
    }
    return built;
  }

  /** The bytes of a row's key or value. */
  keyBytes(segment: number, row: number): Buffer {
    const { bytes, table } = this.segments[segment]!;
    return bytes.subarray(table[row * ENTRY_FIELDS + 3]!, table[row * ENTRY_FIELDS + 4]!);
  }

  valueBytes(segment: number, row: number): Buffer {
    const { bytes, table } = this.segments[segment]!;
    return bytes.subarray(table[row * ENTRY_FIELDS + 4]!, table[row * ENTRY_FIELDS + 5]!);
  }

  private isSameValue(node: MergeNode, slot: number, segment: number, row: number): boolean {
    return this.valueBytes(node.valueSegment(slot), node.valueRow(slot)).equals(this.valueBytes(segment, row));
  }

  private conflict(node: MergeNode, slot: number, segment: number): MergeConflictError {
    const key = this.keyBytes(node.keySegment(slot), node.keyRow(slot));
    const text = this.format === "msgpack" ? keyText(key) : key.toString("utf8");
    return new MergeConflictError(text, this.segments[node.valueSegment(slot)]!.file, this.segments[segment]!.file);
  }
}

/** A msgpack key as readable text: a str as JSON, anything else as its hex bytes. */
function keyText(bytes: Buffer): string {
  const head = bytes[0]!;
  let start = -1;
  if (head >= 0xa0 && head <= 0xbf) start = 1;
  else if (head === 0xd9) start = 2;
  else if (head === 0xda) start = 3;
  else if (head === 0xdb) start = 5;
  if (start > 0) return JSON.stringify(bytes.toString("utf8", start));
  if (head <= 0x7f) return String(head);
  return `<msgpack ${bytes.toString("hex")}>`;
}
