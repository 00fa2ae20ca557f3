import type { ConflictPolicy, MergeFormat } from "./output-format.js";
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

/** Where a slot's value lives: a row of a segment, or (deep merge) a nested node. */
const NODE_VALUE = -1;

/**
 * One merged dict: its keys in first-insertion order (as dict.update keeps them) and, per key,
 * the row that gave the key's bytes and the row of the winning value. Slots are parallel number
 * arrays rather than objects: a merge of millions of keys allocates no per-key object.
 */
export class MergeNode {
  /** Identity (the canonical key's msgpack bytes, as a latin1 string) -> slot. */
  readonly slotOf = new Map<string, number>();
  readonly keySegment: number[] = [];
  readonly keyRow: number[] = [];
  /** Segment of the value's row, or NODE_VALUE when `children[slot]` holds it. */
  readonly valueSegment: number[] = [];
  readonly valueRow: number[] = [];
  children: (MergeNode | undefined)[] | null = null;

  get size(): number {
    return this.keySegment.length;
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

  addSlot(identity: string, segment: number, row: number): number {
    const slot = this.keySegment.length;
    this.slotOf.set(identity, slot);
    this.keySegment.push(segment);
    this.keyRow.push(row);
    this.valueSegment.push(segment);
    this.valueRow.push(row);
    return slot;
  }
}

/**
 * The merged dictionary, built on the main thread from the workers' segments in sorted file
 * order (so the result never depends on which worker finished first). Values stay bytes in
 * their segments; the emitters copy the winners out.
 */
export class MergeTree {
  readonly root = new MergeNode();
  readonly segments: StoredSegment[] = [];

  constructor(
    private readonly policy: ConflictPolicy,
    private readonly format: MergeFormat,
  ) {}

  /** Applies one file's entries, in order. */
  add(segment: Segment, file: string): void {
    const index = this.segments.length;
    const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
    const table = segment.table;
    this.segments.push({ bytes, table, file });
    const policy = this.policy;
    // The node each depth's rows go into; null below a dict the policy dropped.
    const open: (MergeNode | null)[] = [this.root];
    for (let row = 0; row < segment.entryCount; row++) {
      const at = row * ENTRY_FIELDS;
      const depth = table[at]! >>> 1;
      const isNode = (table[at]! & 1) === 1;
      const node = open[depth];
      if (node === null || node === undefined) continue;
      const identity = bytes.toString("latin1", table[at + 1]!, table[at + 2]!);
      let slot = node.slotOf.get(identity);
      if (slot === undefined) {
        slot = node.addSlot(identity, index, row);
        if (isNode) {
          const child = new MergeNode();
          node.setChild(slot, child);
          open[depth + 1] = child;
        }
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
            if (child === undefined) node.setChild(slot, (child = new MergeNode()));
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
