import type { ByteBatch } from "./byte-batch.js";
import type { MergeNode, MergeTree } from "./merge-tree.js";
import { mapHeader } from "./msgpack-walk.js";
import { ENTRY_FIELDS } from "./segment.js";
import type { MergeFormat } from "./output-format.js";

const OPEN_BRACE = Buffer.from("{");
const CLOSE_BRACE = Buffer.from("}");
const COMMA = Buffer.from(",");
const COLON = Buffer.from(":");
const NEWLINE = Buffer.from("\n");
const CLOSE_LINE = Buffer.from("}\n");

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

async function emitJson(tree: MergeTree, node: MergeNode, batch: ByteBatch): Promise<void> {
  batch.add(OPEN_BRACE);
  for (let slot = 0; slot < node.size; slot++) {
    if (slot > 0) batch.add(COMMA);
    if (await emitEntry(tree, node, slot, batch)) await batch.flush();
  }
  if (batch.add(CLOSE_BRACE)) await batch.flush();
}

async function emitNdjson(tree: MergeTree, batch: ByteBatch): Promise<void> {
  const root = tree.root;
  for (let slot = 0; slot < root.size; slot++) {
    batch.add(OPEN_BRACE);
    await emitEntry(tree, root, slot, batch);
    if (batch.add(CLOSE_LINE)) await batch.flush();
  }
}

/** `"key":value` of one slot; true when the batch wants a flush. */
async function emitEntry(tree: MergeTree, node: MergeNode, slot: number, batch: ByteBatch): Promise<boolean> {
  let isFull = batch.add(tree.keyBytes(node.keySegment[slot]!, node.keyRow[slot]!));
  isFull = batch.add(COLON) || isFull;
  const child = node.childAt(slot);
  if (child === undefined) return batch.add(tree.valueBytes(node.valueSegment[slot]!, node.valueRow[slot]!)) || isFull;
  if (isFull) await batch.flush();
  await emitJson(tree, child, batch);
  return false;
}
