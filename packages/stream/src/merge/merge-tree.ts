import type { ConflictPolicy, MergeFormat } from "./output-format.js";
import { IdentityIndex, type IdentitySpan, hashBytes } from "./identity-index.js";
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

/**
 * One merged dict: its keys in first-insertion order (as dict.update keeps them) and, per key,
 * the row that gave the key's bytes and the row of the winning value. Slots are parallel typed
 * arrays and keys are found by their identity bytes in an IdentityIndex: a merge of millions of
 * keys allocates no per-key object or string.
 */
export class MergeNode {
  private readonly index = new IdentityIndex();
  keySegment = new Int32Array(16);
  keyRow = new Int32Array(16);
  /** Segment of the value's row, or NODE_VALUE when `children[slot]` holds it. */
  valueSegment = new Int32Array(16);
  valueRow = new Int32Array(16);
  children: (MergeNode | undefined)[] | null = null;
  private slotCount = 0;
  private readonly span: IdentitySpan = { bytes: EMPTY, start: 0, end: 0 };
  private readonly identityOf = (slot: number): IdentitySpan => {
    const { bytes, table } = this.segments[this.keySegment[slot]!]!;
    const at = this.keyRow[slot]! * ENTRY_FIELDS;
    this.span.bytes = bytes;
    this.span.start = table[at + 1]!;
    this.span.end = table[at + 2]!;
    return this.span;
  };

  constructor(private readonly segments: readonly StoredSegment[]) {}

  get size(): number {
    return this.slotCount;
  }

  /** Loads the index positions of hashes[0, count) ahead of their `find`s (IdentityIndex.touch). */
  touch(hashes: Int32Array, count: number): number {
    return this.index.touch(hashes, count);
  }

  /** The slot of the key whose identity is bytes[start, end) (hash: `hashBytes` of them), or -1. */
  find(hash: number, bytes: Uint8Array, start: number, end: number): number {
    return this.index.find(hash, bytes, start, end, this.identityOf);
  }

  childAt(slot: number): MergeNode | undefined {
    return this.valueSegment[slot] === NODE_VALUE ? this.children?.[slot] : undefined;
  }

  setChild(slot: number, child: MergeNode): void {
    this.valueSegment[slot] = NODE_VALUE;
    this.valueRow[slot] = 0;
    (this.children ??= [])[slot] = child;
  }

  setValue(slot: number, segment: number, row: number): void {
    if (this.valueSegment[slot] === NODE_VALUE) this.children![slot] = undefined;
    this.valueSegment[slot] = segment;
    this.valueRow[slot] = row;
  }

  /** A new key (its identity hashed to `hash`), from the given row: key and value both. */
  addSlot(hash: number, segment: number, row: number): number {
    const slot = this.slotCount++;
    if (slot === this.keySegment.length) this.grow();
    this.keySegment[slot] = segment;
    this.keyRow[slot] = row;
    this.valueSegment[slot] = segment;
    this.valueRow[slot] = row;
    this.index.add(hash, slot);
    return slot;
  }

  /** Room for `count` keys in all (slots and index) without growing on the way. */
  reserve(count: number): void {
    this.index.reserve(count);
    if (count <= this.keySegment.length) return;
    let size = this.keySegment.length;
    while (size < count) size *= 2;
    this.grow(size);
  }

  private grow(size = this.keySegment.length * 2): void {
    this.keySegment = grown(this.keySegment, size);
    this.keyRow = grown(this.keyRow, size);
    this.valueSegment = grown(this.valueSegment, size);
    this.valueRow = grown(this.valueRow, size);
  }
}

const EMPTY = new Uint8Array(0);

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

/**
 * The merged dictionary, built on the main thread from the workers' segments in sorted file
 * order (so the result never depends on which worker finished first). Values stay bytes in
 * their segments; the emitters copy the winners out.
 */
export class MergeTree {
  readonly segments: StoredSegment[] = [];
  readonly root = new MergeNode(this.segments);
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
    // The node each depth's rows go into; null below a dict the policy dropped.
    const open: (MergeNode | null)[] = [this.root];
    let recordFirstRow = 0;
    // Rows go in blocks: their identities are hashed first and the root's index positions for
    // them loaded together (see IdentityIndex.touch); then each row is applied in order as ever.
    const hashes = this.hashes;
    let blockStart = 0;
    let blockEnd = 0;
    for (let row = 0; row < segment.entryCount; row++) {
      if (row === blockEnd) {
        blockStart = row;
        blockEnd = Math.min(segment.entryCount, row + HASH_BLOCK_ROWS);
        for (let r = blockStart; r < blockEnd; r++) hashes[r - blockStart] = hashBytes(bytes, table[r * ENTRY_FIELDS + 1]!, table[r * ENTRY_FIELDS + 2]!);
        this.touched = this.root.touch(hashes, blockEnd - blockStart);
      }
      const at = row * ENTRY_FIELDS;
      const flags = table[at]!;
      const depth = flags >>> 2;
      const isNode = (flags & 1) === 1;
      if ((flags & 2) !== 0) recordFirstRow = row;
      const node = open[depth];
      if (node === null || node === undefined) continue;
      const identityStart = table[at + 1]!;
      const identityEnd = table[at + 2]!;
      const hash = hashes[row - blockStart]!;
      let slot = node.find(hash, bytes, identityStart, identityEnd);
      if (slot < 0) {
        slot = node.addSlot(hash, index, row);
        if (isNode) {
          const child = new MergeNode(this.segments);
          node.setChild(slot, child);
          open[depth + 1] = child;
        }
        continue;
      }
      // A key met twice in one record (a pickle CPython would not write: its dicts hold a key
      // once) counts as Python's dict does: the later value, in the first one's place.
      if (depth === 0 && policy !== "deep" && node.keySegment[slot] === index && node.keyRow[slot]! >= recordFirstRow) {
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
          if (isNode) {
            let child = node.childAt(slot);
            if (child === undefined) node.setChild(slot, (child = new MergeNode(this.segments)));
            open[depth + 1] = child;
          } else {
            node.setValue(slot, index, row);
          }
          break;
        default:
          node.setValue(slot, index, row);
      }
    }
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
    return this.valueBytes(node.valueSegment[slot]!, node.valueRow[slot]!).equals(this.valueBytes(segment, row));
  }

  private conflict(node: MergeNode, slot: number, segment: number): MergeConflictError {
    const key = this.keyBytes(node.keySegment[slot]!, node.keyRow[slot]!);
    const text = this.format === "msgpack" ? keyText(key) : key.toString("utf8");
    return new MergeConflictError(text, this.segments[node.valueSegment[slot]!]!.file, this.segments[segment]!.file);
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
