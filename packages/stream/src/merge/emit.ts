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

async function emitMsgpack(tree: MergeTree, node: MergeNode, batch: ByteBatch): Promise<void> {
  if (batch.add(mapHeader(node.size))) await batch.flush();
  const segments = tree.segments;
  for (let slot = 0; slot < node.size; slot++) {
    const keySegment = segments[node.keySegment[slot]!]!;
    const keyAt = node.keyRow[slot]! * ENTRY_FIELDS;
    const child = node.childAt(slot);
    let isFull: boolean;
    if (child !== undefined) {
      isFull = batch.addRange(keySegment.bytes, keySegment.table[keyAt + 3]!, keySegment.table[keyAt + 4]!);
    } else if (node.valueSegment[slot] === node.keySegment[slot] && node.valueRow[slot] === node.keyRow[slot]) {
      // Key and value from one row lie next to each other: one copy.
      isFull = batch.addRange(keySegment.bytes, keySegment.table[keyAt + 3]!, keySegment.table[keyAt + 5]!);
    } else {
      const valueSegment = segments[node.valueSegment[slot]!]!;
      const valueAt = node.valueRow[slot]! * ENTRY_FIELDS;
      isFull = batch.addRange(keySegment.bytes, keySegment.table[keyAt + 3]!, keySegment.table[keyAt + 4]!);
      isFull = batch.addRange(valueSegment.bytes, valueSegment.table[valueAt + 4]!, valueSegment.table[valueAt + 5]!) || isFull;
    }
    if (isFull) await batch.flush();
    if (child !== undefined) await emitMsgpack(tree, child, batch);
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
