import type { ByteBatch } from "./byte-batch.js";
import type { MergeNode, MergeTree } from "./merge-tree.js";
import { mapHeader } from "./msgpack-walk.js";
import { ENTRY_FIELDS } from "./segment.js";
import type { MergeFormat } from "./output-format.js";

const NEWLINE = Buffer.from("\n");

/**
 * Writes the merged dict: msgpack (one map), JSON (one object) or NDJSON (one `{"key": value}`
 * object per top-level entry, so `jq -s add` gives the dict back). Keys and values are copied
 * from the segments as they are; only the containers' frames are written here.
 */
export async function emitTree(tree: MergeTree, format: MergeFormat, batch: ByteBatch): Promise<void> {
  if (format === "msgpack") await emitMsgpack(tree, tree.root, batch);
  else if (format === "json") {
    await emitJson(tree, tree.root, batch);
    if (batch.add(NEWLINE)) await batch.flush();
  } else await emitNdjson(tree, batch);
  await batch.end();
}

/**
 * The map header, then each slot's key and value bytes. Bytes that lie next to each other in one
 * segment go out as one range: a file's keys that no later file overrode are back to back in its
 * segment (key, value, next key...), so most of a merge is copied in long runs instead of two
 * copies per entry (5.2M entries in the bench's 8-shard merge).
 */
async function emitMsgpack(tree: MergeTree, node: MergeNode, batch: ByteBatch): Promise<void> {
  if (batch.add(mapHeader(node.size))) await batch.flush();
  const segments = tree.segments;
  const run = new ByteRun(segments, batch);
  for (let slot = 0; slot < node.size; slot++) {
    const keySegment = node.keySegment[slot]!;
    const keyTable = segments[keySegment]!.table;
    const keyAt = node.keyRow[slot]! * ENTRY_FIELDS;
    const child = node.childAt(slot);
    let isFull: boolean;
    if (child !== undefined) {
      isFull = run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 4]!);
      isFull = run.end() || isFull;
    } else if (node.valueSegment[slot] === keySegment && node.valueRow[slot] === node.keyRow[slot]) {
      // Key and value from one row lie next to each other.
      isFull = run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 5]!);
    } else {
      const valueSegment = node.valueSegment[slot]!;
      const valueTable = segments[valueSegment]!.table;
      const valueAt = node.valueRow[slot]! * ENTRY_FIELDS;
      isFull = run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 4]!);
      isFull = run.add(valueSegment, valueTable[valueAt + 4]!, valueTable[valueAt + 5]!) || isFull;
    }
    if (isFull) await batch.flush();
    if (child !== undefined) await emitMsgpack(tree, child, batch);
  }
  if (run.end()) await batch.flush();
}

/** Ranges of segment bytes on their way to a batch, joined while each starts where the last ended. */
class ByteRun {
  private segment = -1;
  private start = 0;
  private end_ = 0;

  constructor(
    private readonly segments: MergeTree["segments"],
    private readonly batch: ByteBatch,
  ) {}

  /** Adds segment `segment`'s bytes [start, end); true when the batch wants a flush. */
  add(segment: number, start: number, end: number): boolean {
    if (segment === this.segment && start === this.end_) {
      this.end_ = end;
      return false;
    }
    const isFull = this.end();
    this.segment = segment;
    this.start = start;
    this.end_ = end;
    return isFull;
  }

  /** Hands the pending range to the batch; true when it wants a flush. */
  end(): boolean {
    if (this.segment < 0) return false;
    const isFull = this.batch.addRange(this.segments[this.segment]!.bytes, this.start, this.end_);
    this.segment = -1;
    return isFull;
  }
}

const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA_BYTE = 0x2c;
const COLON_BYTE = 0x3a;
const NEWLINE_BYTE = 0x0a;

/**
 * One JSON object. Entries are copied synchronously (no promise per entry: millions of them),
 * by range (no Buffer view per key and value); the batch is flushed when it says so.
 */
async function emitJson(tree: MergeTree, node: MergeNode, batch: ByteBatch): Promise<void> {
  if (batch.addByte(OPEN)) await batch.flush();
  for (let slot = 0; slot < node.size; slot++) {
    const isCommaFull = slot > 0 && batch.addByte(COMMA_BYTE);
    const isFull = addKey(tree, node, slot, batch) || isCommaFull;
    const child = node.childAt(slot);
    if (child !== undefined) {
      if (isFull) await batch.flush();
      await emitJson(tree, child, batch);
    } else if (addValue(tree, node, slot, batch) || isFull) {
      await batch.flush();
    }
  }
  if (batch.addByte(CLOSE)) await batch.flush();
}

/** One `{"key":value}` line per top-level entry. */
async function emitNdjson(tree: MergeTree, batch: ByteBatch): Promise<void> {
  const root = tree.root;
  for (let slot = 0; slot < root.size; slot++) {
    batch.addByte(OPEN);
    const isFull = addKey(tree, root, slot, batch);
    const child = root.childAt(slot);
    if (child !== undefined) {
      if (isFull) await batch.flush();
      await emitJson(tree, child, batch);
    } else {
      addValue(tree, root, slot, batch);
    }
    batch.addByte(CLOSE);
    if (batch.addByte(NEWLINE_BYTE)) await batch.flush();
  }
}

/** `"key":` of one slot; true when the batch wants a flush. */
function addKey(tree: MergeTree, node: MergeNode, slot: number, batch: ByteBatch): boolean {
  const { bytes, table } = tree.segments[node.keySegment[slot]!]!;
  const at = node.keyRow[slot]! * ENTRY_FIELDS;
  const isFull = batch.addRange(bytes, table[at + 3]!, table[at + 4]!);
  return batch.addByte(COLON_BYTE) || isFull;
}

/** The value of one slot (not a node); true when the batch wants a flush. */
function addValue(tree: MergeTree, node: MergeNode, slot: number, batch: ByteBatch): boolean {
  const { bytes, table } = tree.segments[node.valueSegment[slot]!]!;
  const at = node.valueRow[slot]! * ENTRY_FIELDS;
  return batch.addRange(bytes, table[at + 4]!, table[at + 5]!);
}
