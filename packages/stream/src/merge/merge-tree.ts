import type { ConflictPolicy, MergeFormat } from "./output-format.js";
import { IdentityIndex, type IdentitySpan, equalBytes, hashBytes } from "./identity-index.js";
import { jsonKeyName, msgpackKeyText } from "./key-text.js";
import { readMapHeader, skipValue } from "./msgpack-walk.js";
import { ENTRY_FIELDS, type Segment, SegmentBuilder, countKeys, isWholeNode } from "./segment.js";
import { MsgpackToJson } from "./transcode/msgpack-to-json.js";

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

/**
 * Two keys of one merged dict that Python keeps apart are written alike in msgpack, which would
 * keep one: a key with no msgpack type of its own is written in its plain form (a date as its ISO
 * str, an int past 64 bits as its decimal str, a frozenset as an array), the same as another key.
 * JSON output writes both (each kind has its own JSON key text, or the mapping writes both).
 */
export class MergeKeyCollisionError extends Error {
  override readonly name = "MergeKeyCollisionError";
  constructor(
    /** The key as written, as text (`msgpackKeyText`). */
    readonly key: string,
    /** The dict's path in the merged dict: `$`, or `$["a"]` for the dict under key "a". */
    readonly path: string,
    /** The inputs that gave the two keys (the same file when one input gave both). */
    readonly firstFile: string,
    readonly secondFile: string,
  ) {
    super(
      `the merged dict at ${path} has two keys that msgpack writes alike (${key}), ${firstFile === secondFile ? `both in ${firstFile}` : `from ${firstFile} and ${secondFile}`}: ` +
        "one of them has no msgpack type of its own (a date, an int past 64 bits, a frozenset) and is written in its plain form, " +
        "the same as the other; msgpack output, and the pickle merge makes from it, would lose one (JSON output writes both)",
    );
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
 * Deep merge: a dict value is a node row (segment.ts), followed by its entries or holding its
 * bytes. A slot whose value is such a row holds that dict as it is, its entries left in the
 * segment; only a key given a dict twice gets a child MergeNode (`MergeTree.nodeOf` builds it
 * from the first dict's rows or bytes), so a merge of millions of keys to small dicts, most of
 * them met once, makes a node for the few met again (one per key made the bench's 8 shards need
 * 24 GB and more).
 */
export class MergeNode {
  /** The Int32s this node's slots sit in (a block of the arena, or the root's own array). */
  private data: Int32Array;
  /** Where this node's slots start in `data` (SLOT_FIELDS Int32s per slot). */
  private base = 0;
  /** Slots that fit at `base` before the node moves. */
  private capacity: number;
  private readonly arena: SlotArena;
  private readonly ownsArena: boolean;
  private index: IdentityIndex | null = null;
  /** Child nodes; a slot whose value segment is NODE_VALUE has its child at children[value row]. */
  private children: (MergeNode | undefined)[] | null = null;
  private slotCount = 0;
  private identityOf: ((slot: number) => IdentitySpan) | null = null;

  /**
   * `arena`: where a nested node's slots go (one typed array for them all: a typed array each
   * cost the bench's deep merge 0.4 s of allocation); the root (none given) has its own.
   * `capacity`: the keys to make room for at first.
   */
  constructor(
    private readonly segments: readonly StoredSegment[],
    arena: SlotArena | null = null,
    capacity = 4,
  ) {
    this.ownsArena = arena === null;
    this.capacity = Math.max(this.ownsArena ? 16 : 1, capacity);
    this.arena = arena ?? new SlotArena(this.capacity * SLOT_FIELDS);
    this.base = this.arena.alloc(this.capacity * SLOT_FIELDS);
    this.data = this.arena.block;
    if (this.ownsArena) this.buildIndex();
  }

  get size(): number {
    return this.slotCount;
  }

  /** True when keys are found through an IdentityIndex (the root; nested nodes past SMALL_NODE_KEYS). */
  get isIndexed(): boolean {
    return this.index !== null;
  }

  keySegment(slot: number): number {
    return this.data[this.base + slot * SLOT_FIELDS]!;
  }

  keyRow(slot: number): number {
    return this.data[this.base + slot * SLOT_FIELDS + 1]!;
  }

  /** The segment of the value's row, or NODE_VALUE (negative) when a child node holds it. */
  valueSegment(slot: number): number {
    return this.data[this.base + slot * SLOT_FIELDS + 2]!;
  }

  valueRow(slot: number): number {
    return this.data[this.base + slot * SLOT_FIELDS + 3]!;
  }

  /** Loads the index positions of hashes[0, count) ahead of their `find`s (IdentityIndex.touch). */
  touch(hashes: Int32Array, count: number): number {
    return this.index === null ? 0 : this.index.touch(hashes, count);
  }

  /** The slot of the key whose identity is bytes[start, end) (hash: `hashBytes` of them), or -1. */
  find(hash: number, bytes: Uint8Array, start: number, end: number): number {
    if (this.index !== null) return this.index.find(hash, bytes, start, end, this.identityOf!);
    const data = this.data;
    const limit = this.base + this.slotCount * SLOT_FIELDS;
    for (let at = this.base; at < limit; at += SLOT_FIELDS) {
      if (data[at + 4] !== hash) continue;
      const { bytes: own, table } = this.segments[data[at]!]!;
      const row = data[at + 1]! * ENTRY_FIELDS;
      if (equalBytes(own, table[row + 1]!, table[row + 2]!, bytes, start, end)) return (at - this.base) / SLOT_FIELDS;
    }
    return -1;
  }

  childAt(slot: number): MergeNode | undefined {
    const data = this.data;
    const at = this.base + slot * SLOT_FIELDS;
    return data[at + 2] === NODE_VALUE ? this.children![data[at + 3]!] : undefined;
  }

  setChild(slot: number, child: MergeNode): void {
    const data = this.data;
    const at = this.base + slot * SLOT_FIELDS;
    const children = (this.children ??= []);
    if (data[at + 2] === NODE_VALUE) {
      children[data[at + 3]!] = child;
      return;
    }
    data[at + 2] = NODE_VALUE;
    data[at + 3] = children.length;
    children.push(child);
  }

  setValue(slot: number, segment: number, row: number): void {
    const data = this.data;
    const at = this.base + slot * SLOT_FIELDS;
    // The child it replaces goes (its place in `children` stays empty).
    if (data[at + 2] === NODE_VALUE) this.children![data[at + 3]!] = undefined;
    data[at + 2] = segment;
    data[at + 3] = row;
  }

  /** A new key (its identity hashed to `hash`), from the given row: key and value both. */
  addSlot(hash: number, segment: number, row: number): number {
    const slot = this.slotCount++;
    if (slot === this.capacity) this.grow(this.capacity * 2);
    const data = this.data;
    let at = this.base + slot * SLOT_FIELDS;
    data[at++] = segment;
    data[at++] = row;
    data[at++] = segment;
    data[at++] = row;
    data[at] = hash;
    if (this.index !== null) this.index.add(hash, slot);
    else if (this.slotCount > SMALL_NODE_KEYS) this.buildIndex();
    return slot;
  }

  /** Room for `count` keys in all (slots and index) without growing on the way. */
  reserve(count: number): void {
    if (count > SMALL_NODE_KEYS && this.index === null) this.buildIndex();
    this.index?.reserve(count);
    if (count <= this.capacity) return;
    let size = this.capacity;
    while (size < count) size *= 2;
    this.grow(size);
  }

  private buildIndex(): void {
    const span: IdentitySpan = { bytes: EMPTY, start: 0, end: 0 };
    this.identityOf = (slot: number): IdentitySpan => {
      const data = this.data;
      const at = this.base + slot * SLOT_FIELDS;
      const { bytes, table } = this.segments[data[at]!]!;
      const row = data[at + 1]! * ENTRY_FIELDS;
      span.bytes = bytes;
      span.start = table[row + 1]!;
      span.end = table[row + 2]!;
      return span;
    };
    // A nested node's index starts at twice its keys (the root's at IdentityIndex's default).
    const index = this.ownsArena ? new IdentityIndex() : new IdentityIndex(2 * this.slotCount);
    index.reserve(this.slotCount);
    const data = this.data;
    for (let slot = 0; slot < this.slotCount; slot++) index.add(data[this.base + slot * SLOT_FIELDS + 4]!, slot);
    this.index = index;
  }

  /** Moves the slots to room for `size` (the root's arena is its own: it grows in place). */
  private grow(size: number): void {
    const used = this.slotCount * SLOT_FIELDS;
    if (this.ownsArena) {
      const bigger = new Int32Array(size * SLOT_FIELDS);
      bigger.set(this.data.subarray(0, used));
      this.data = bigger;
    } else {
      const base = this.arena.alloc(size * SLOT_FIELDS);
      const block = this.arena.block;
      block.set(this.data.subarray(this.base, this.base + used), base);
      this.data = block;
      this.base = base;
    }
    this.capacity = size;
  }
}

/**
 * Int32s for the slots of many nodes, handed out from the front of fixed-size blocks; a node
 * that outgrows its room moves to new room (the old stays unused: nested nodes are small and
 * rarely grow). Blocks, not one array grown by doubling: the bench's deep merge filled ~115 MB
 * of slots, and each doubling copied all of them into pages touched for the first time.
 */
export class SlotArena {
  /** The block room is handed out from. */
  block: Int32Array;
  private used = 0;

  constructor(private readonly blockLength = 1 << 20) {
    this.block = new Int32Array(blockLength);
  }

  /** Where `count` more Int32s start in `block` (which may be a new one: read it after). */
  alloc(count: number): number {
    if (this.used + count > this.block.length) {
      this.block = new Int32Array(Math.max(this.blockLength, count));
      this.used = 0;
    }
    const at = this.used;
    this.used = at + count;
    return at;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Rows read from dicts kept whole (node rows holding their bytes: segment.ts): a dict's entries,
 * one row each, in order; a dict in them is again a node row holding its bytes. Rows are only
 * added, so a slot's row stays valid.
 */
abstract class ReadRows implements StoredSegment {
  abstract readonly bytes: Buffer;
  table = new Uint32Array(ENTRY_FIELDS * 256);
  rowCount = 0;

  constructor(readonly file: string) {}

  /** Adds a row per entry of the dict of node row `nodeRow` of `source`; returns the first and the end. */
  abstract addEntries(source: StoredSegment, nodeRow: number): { readonly first: number; readonly end: number };

  /** The msgpack map at `start` of `source`'s bytes: its head, checked. */
  protected mapAt(source: StoredSegment, start: number): { readonly count: number; readonly offset: number } {
    const header = readMapHeader(source.bytes, start);
    if (header === null) throw new Error(`merge: no dict at byte ${start} of ${this.file}'s segment`);
    return header;
  }

  /** Room for `count` more rows. */
  protected reserveRows(count: number): void {
    const needed = (this.rowCount + count) * ENTRY_FIELDS;
    if (needed <= this.table.length) return;
    let size = this.table.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint32Array(size);
    grown.set(this.table.subarray(0, this.rowCount * ENTRY_FIELDS));
    this.table = grown;
  }

  protected setRow(row: number, depth: number, isNode: boolean, identityStart: number, identityEnd: number, keyStart: number, keyEnd: number, valueEnd: number): void {
    const table = this.table;
    const at = row * ENTRY_FIELDS;
    table[at] = (depth << 2) | (isNode ? 1 : 0);
    table[at + 1] = identityStart;
    table[at + 2] = identityEnd;
    table[at + 3] = keyStart;
    table[at + 4] = keyEnd;
    table[at + 5] = valueEnd;
  }
}

/**
 * msgpack output: the rows point into the bytes of the one segment they go with (its dict's map
 * is its value; a str key's identity is its bytes).
 */
class MsgpackReadRows extends ReadRows {
  constructor(
    readonly bytes: Buffer,
    file: string,
  ) {
    super(file);
  }

  addEntries(source: StoredSegment, nodeRow: number): { readonly first: number; readonly end: number } {
    const bytes = this.bytes;
    const nodeAt = nodeRow * ENTRY_FIELDS;
    const header = this.mapAt(source, source.table[nodeAt + 4]!);
    const depth = (source.table[nodeAt]! >>> 2) + 1;
    const first = this.rowCount;
    this.reserveRows(header.count);
    let offset = header.offset;
    for (let n = 0; n < header.count; n++) {
      const keyEnd = skipValue(bytes, offset);
      const valueEnd = skipValue(bytes, keyEnd);
      this.setRow(first + n, depth, readMapHeader(bytes, keyEnd) !== null, offset, keyEnd, offset, keyEnd, valueEnd);
      offset = valueEnd;
    }
    this.rowCount = first + header.count;
    return { first, end: this.rowCount };
  }
}

/**
 * JSON and NDJSON output: a dict kept whole is [identity][its msgpack][JSON key][JSON value]
 * (msgpack-to-json.ts). Its entries are read from the msgpack (which says which keys are the same
 * Python key: their identities are their msgpack bytes) and written into bytes of this segment's
 * own, each as the same layout: [identity][the value's msgpack, when it is a dict][JSON key][JSON
 * value], the JSON converted by the workers' converter, so the same bytes as the dict's own JSON.
 */
export class JsonReadRows extends ReadRows {
  bytes: Buffer;
  private readonly builder = new SegmentBuilder(1 << 16, 16);
  private readonly writer: MsgpackToJson;

  constructor(file: string) {
    super(file);
    this.writer = new MsgpackToJson(this.builder.buffer, this.builder);
    this.bytes = bufferOf(this.builder.buffer);
  }

  addEntries(source: StoredSegment, nodeRow: number): { readonly first: number; readonly end: number } {
    // The source may be this segment (a dict in a dict read before): its bytes as they are now,
    // which stay whole in that array while the writer appends (a grown builder copies them).
    const src = source.bytes;
    const nodeAt = nodeRow * ENTRY_FIELDS;
    const header = this.mapAt(source, source.table[nodeAt + 2]!);
    const depth = (source.table[nodeAt]! >>> 2) + 1;
    const writer = this.writer;
    writer.readFrom(src);
    const first = this.rowCount;
    this.reserveRows(header.count);
    let offset = header.offset;
    for (let n = 0; n < header.count; n++) {
      const keyEnd = skipValue(src, offset);
      const valueEnd = skipValue(src, keyEnd);
      const isDict = readMapHeader(src, keyEnd) !== null;
      const identityStart = writer.position;
      writer.copy(offset, keyEnd);
      const identityEnd = writer.position;
      if (isDict) writer.copy(keyEnd, valueEnd);
      const keyStart = writer.position;
      writer.key(offset);
      const jsonKeyEnd = writer.position;
      writer.value(keyEnd);
      this.setRow(first + n, depth, isDict, identityStart, identityEnd, keyStart, jsonKeyEnd, writer.position);
      offset = valueEnd;
    }
    writer.commit();
    if (this.bytes.buffer !== this.builder.buffer.buffer) this.bytes = bufferOf(this.builder.buffer);
    this.rowCount = first + header.count;
    return { first, end: this.rowCount };
  }
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The merged dictionary, built on the main thread from the workers' segments in sorted file
 * order (so the result never depends on which worker finished first). Values stay bytes in
 * their segments; the emitters copy the winners out.
 */
export class MergeTree {
  readonly segments: StoredSegment[] = [];
  readonly root = new MergeNode(this.segments);
  /** The slots of every nested node. */
  private readonly nestedSlots = new SlotArena();
  /** Per segment, the index of the ReadRows segment that holds its dicts' entries once read. */
  private readonly readRowsOf: number[] = [];
  private readonly hashes = new Int32Array(HASH_BLOCK_ROWS);
  /** What the last `touch` returned: kept so the loads it made are not dropped as unused. */
  touched = 0;

  constructor(
    private readonly policy: ConflictPolicy,
    private readonly format: MergeFormat,
  ) {}

  /**
   * Applies one file's entries, in order. `expectedKeys`: how many top-level keys this file and
   * the ones still to come may add (an estimate; the root makes room for them at once);
   * `keyCount`: the file's own (`countKeys`).
   */
  add(segment: Segment, file: string, expectedKeys = 0, keyCount = countKeys(segment)): void {
    // Top-level keys, not rows: a deep merge's rows of nested entries reserved the root 7 times
    // the room the bench's shards need (a 512 MiB index, missed at random by every key).
    this.root.reserve(this.root.size + Math.min(Math.max(keyCount, expectedKeys), MAX_RESERVED_KEYS));
    const index = this.segments.length;
    const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
    const table = segment.table;
    this.segments.push({ bytes, table, file });
    const policy = this.policy;
    // The node each depth's rows go into; null below a dict the policy dropped or a dict kept
    // as its rows (deep merge).
    const open: (MergeNode | null)[] = [this.root];
    let recordFirstRow = 0;
    // Top-level rows go in blocks: their identities are hashed first and the root's index
    // positions for them loaded together (see IdentityIndex.touch); then each row is applied in
    // order as ever. (Rows of nested dicts, between them in a deep merge, are hashed when they
    // are looked up: most are never.)
    const hashes = this.hashes;
    let blockEnd = 0;
    let blockAt = 0;
    for (let row = 0; row < segment.entryCount; row++) {
      if (row === blockEnd) {
        let count = 0;
        let r = row;
        for (; r < segment.entryCount && count < HASH_BLOCK_ROWS; r++) {
          const at = r * ENTRY_FIELDS;
          if (table[at]! >>> 2 === 0) hashes[count++] = hashBytes(bytes, table[at + 1]!, table[at + 2]!);
        }
        blockEnd = r;
        blockAt = 0;
        this.touched = this.root.touch(hashes, count);
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
      const hash = depth === 0 ? hashes[blockAt++]! : hashBytes(bytes, identityStart, identityEnd);
      const slot = node.find(hash, bytes, identityStart, identityEnd);
      if (slot < 0) {
        node.addSlot(hash, index, row);
        // A dict met for the first time stays its rows (see MergeNode).
        if (isNode) open[depth + 1] = null;
        continue;
      }
      // A key met twice in one record (a pickle CPython would not write: its dicts hold a key
      // once) counts as Python's dict does: the later value, in the first one's place; under
      // `deep` too (the record's dict holds the later dict, not the two merged).
      if (depth === 0 && node.keySegment(slot) === index && node.keyRow(slot) >= recordFirstRow) {
        node.setValue(slot, index, row);
        if (isNode) open[depth + 1] = null;
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
          if (isNode) open[depth + 1] = this.mergeDict(node, slot, index, row);
          else node.setValue(slot, index, row);
          break;
        default:
          node.setValue(slot, index, row);
      }
    }
  }

  /**
   * Deep merge, a dict (node row `row` of segment `segment`) for a key the node has: merged into
   * the key's value when that is a dict. Returns the node the rows that follow must go into (a
   * dict laid out as rows), or null (a dict kept whole, its entries merged here, or a dict that
   * replaced a value that is not a dict).
   */
  private mergeDict(node: MergeNode, slot: number, segment: number, row: number): MergeNode | null {
    const child = this.deepInto(node, slot, segment, row);
    if (child === null || !isWholeNode(this.segments[segment]!.table, row * ENTRY_FIELDS)) return child;
    const { index, first, end } = this.readEntries(segment, row);
    this.applyReadRows(child, index, first, end);
    return null;
  }

  /**
   * The entries of node row `row` (a dict kept whole) as rows of the ReadRows segment that goes
   * with `segment`: its index and the rows [first, end).
   */
  private readEntries(segment: number, row: number): { readonly index: number; readonly first: number; readonly end: number } {
    let index = this.readRowsOf[segment];
    if (index === undefined) {
      const { bytes, file } = this.segments[segment]!;
      index = this.segments.length;
      this.segments.push(this.format === "json" || this.format === "ndjson" ? new JsonReadRows(file) : new MsgpackReadRows(bytes, file));
      this.readRowsOf[segment] = index;
      // A dict kept whole among read rows is read into the same segment.
      this.readRowsOf[index] = index;
    }
    const { first, end } = (this.segments[index] as ReadRows).addEntries(this.segments[segment]!, row);
    return { index, first, end };
  }

  /** Applies rows [first, end) of ReadRows segment `index` (one dict's entries) to `node`, as a deep merge does. */
  private applyReadRows(node: MergeNode, index: number, first: number, end: number): void {
    const segment = this.segments[index]!;
    const bytes = segment.bytes;
    for (let row = first; row < end; row++) {
      // Read again each time: reading a dict in it may grow the table.
      const table = segment.table;
      const at = row * ENTRY_FIELDS;
      const hash = hashBytes(bytes, table[at + 1]!, table[at + 2]!);
      const slot = node.find(hash, bytes, table[at + 1]!, table[at + 2]!);
      if (slot < 0) node.addSlot(hash, index, row);
      else if ((table[at]! & 1) === 1) this.mergeDict(node, slot, index, row);
      else node.setValue(slot, index, row);
    }
  }

  /**
   * Deep merge, a dict (node row `row` of segment `segment`) for a key the node has: the node its
   * entries merge into, or null when the dict replaces a value that is not a dict and stays its
   * rows (or bytes).
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
   * down (rows that follow, or read from its bytes), applied in order as a deep merge applies
   * them (a key given twice, which CPython's dicts never hold, counts once: the later value, two
   * dicts merged), dicts in it kept as their rows or bytes.
   */
  nodeOf(segment: number, nodeRow: number): MergeNode {
    if (isWholeNode(this.segments[segment]!.table, nodeRow * ENTRY_FIELDS)) {
      const { index, first, end } = this.readEntries(segment, nodeRow);
      const built = new MergeNode(this.segments, this.nestedSlots, end - first + 2);
      this.applyReadRows(built, index, first, end);
      return built;
    }
    const { bytes, table } = this.segments[segment]!;
    const rowCount = table.length / ENTRY_FIELDS;
    const baseDepth = (table[nodeRow * ENTRY_FIELDS]! >>> 2) + 1;
    let entries = 0;
    for (let at = (nodeRow + 1) * ENTRY_FIELDS; at < table.length && table[at]! >>> 2 >= baseDepth; at += ENTRY_FIELDS) {
      if (table[at]! >>> 2 === baseDepth) entries++;
    }
    const built = new MergeNode(this.segments, this.nestedSlots, entries + 2);
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
        open[depth + 1] = this.mergeDict(node, slot, segment, row);
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

  /** The msgpack of a row's canonical key (key-identity.ts), which says what kind of key it is. */
  private identityBytes(segment: number, row: number): Buffer {
    const { bytes, table } = this.segments[segment]!;
    return bytes.subarray(table[row * ENTRY_FIELDS + 1]!, table[row * ENTRY_FIELDS + 2]!);
  }

  valueBytes(segment: number, row: number): Buffer {
    const { bytes, table } = this.segments[segment]!;
    return bytes.subarray(table[row * ENTRY_FIELDS + 4]!, table[row * ENTRY_FIELDS + 5]!);
  }

  private isSameValue(node: MergeNode, slot: number, segment: number, row: number): boolean {
    return this.valueBytes(node.valueSegment(slot), node.valueRow(slot)).equals(this.valueBytes(segment, row));
  }

  private conflict(node: MergeNode, slot: number, segment: number): MergeConflictError {
    const keySegment = node.keySegment(slot);
    const keyRow = node.keyRow(slot);
    const key = this.keyBytes(keySegment, keyRow);
    const text = this.format === "msgpack" ? msgpackKeyText(key) : jsonKeyName(key, this.identityBytes(keySegment, keyRow));
    return new MergeConflictError(text, this.segments[node.valueSegment(slot)]!.file, this.segments[segment]!.file);
  }
}
