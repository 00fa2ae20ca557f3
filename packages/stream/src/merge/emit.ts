import { writeMapHead } from "@pkl-stream/core/engine";
import type { ByteBatch } from "./byte-batch.js";
import { equalBytes, hashBytes } from "./identity-index.js";
import { msgpackKeyText } from "./key-text.js";
import { MergeKeyCollisionError, type MergeNode, type MergeTree, type StoredSegment } from "./merge-tree.js";
import { ENTRY_FIELDS, isRowsNode } from "./segment.js";
import type { MergeFormat } from "./output-format.js";

const NEWLINE = Buffer.from("\n");
/** A map header being written (copied into the batch at once). */
const header = new Uint8Array(5);

/**
 * Writes the merged dict: msgpack (one map), JSON (one object) or NDJSON (one `{"key": value}`
 * object per top-level entry, so `jq -s add` gives the dict back). Keys and values are copied
 * from the segments as they are; only the containers' frames are written here.
 *
 * Deep merge: a dict value the tree kept as it came (met once: see MergeNode) is copied when it
 * was kept whole (its bytes), and written from its rows, as the MergeNode of it would write it,
 * when it was laid out as rows; one too big or odd for that (see `plainEnd`) gets
 * that MergeNode, made for the moment (`MergeTree.nodeOf`).
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
async function emitMsgpack(tree: MergeTree, node: MergeNode, batch: ByteBatch, path: readonly Uint8Array[] = []): Promise<void> {
  if (batch.add(header.subarray(0, writeMapHead(header, 0, node.size)))) await batch.flush();
  const segments = tree.segments;
  const run = new ByteRun(segments, batch);
  const writtenAlike = new WrittenKeys(tree, node, path);
  for (let slot = 0; slot < node.size; slot++) {
    const keySegment = node.keySegment(slot);
    const keyTable = segments[keySegment]!.table;
    const keyRow = node.keyRow(slot);
    const keyAt = keyRow * ENTRY_FIELDS;
    if (hasOwnIdentity(segments[keySegment]!, keyAt)) writtenAlike.check(slot);
    const child = node.childAt(slot);
    if (child !== undefined) {
      run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 4]!);
      run.end();
      if (batch.isReady) await batch.flush();
      await emitMsgpack(tree, child, batch, [...path, tree.keyBytes(keySegment, keyRow)]);
      continue;
    }
    const valueSegment = node.valueSegment(slot);
    const valueRow = node.valueRow(slot);
    const value = segments[valueSegment]!;
    const valueAt = valueRow * ENTRY_FIELDS;
    if (isRowsNode(value.table, valueAt)) {
      // A dict laid out as its rows (one kept whole is its bytes, as any value).
      run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 4]!);
      if (plainEnd(value, valueRow) >= 0) {
        addPlainMsgpack(valueSegment, value, valueRow, run);
      } else {
        run.end();
        if (batch.isReady) await batch.flush();
        await emitMsgpack(tree, tree.nodeOf(valueSegment, valueRow), batch, [...path, tree.keyBytes(keySegment, keyRow)]);
        continue;
      }
    } else if (valueSegment === keySegment && valueRow === keyRow) {
      // Key and value from one row lie next to each other.
      run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 5]!);
    } else {
      run.add(keySegment, keyTable[keyAt + 3]!, keyTable[keyAt + 4]!);
      run.add(valueSegment, value.table[valueAt + 4]!, value.table[valueAt + 5]!);
    }
    if (batch.isReady) await batch.flush();
  }
  run.end();
  if (batch.isReady) await batch.flush();
}

/**
 * Finds two keys of one merged dict that Python keeps apart but msgpack writes alike: a key with
 * no msgpack type of its own (a date, an int past 64 bits, a frozenset) is written in its plain
 * form, the str or array another key may be. Only a key whose identity bytes lie apart from its
 * written bytes (segment.ts) is checked (`check`): one whose identity is its written bytes is
 * found by the node's own index; the rest are compared with each other.
 */
class WrittenKeys {
  /** The written bytes (latin1) of the keys checked so far, to their slots. */
  private checked: Map<string, number> | null = null;

  constructor(
    private readonly tree: MergeTree,
    private readonly node: MergeNode,
    private readonly path: readonly Uint8Array[],
  ) {}

  check(slot: number): void {
    const written = this.tree.keyBytes(this.node.keySegment(slot), this.node.keyRow(slot));
    let other = this.node.find(hashBytes(written, 0, written.length), written, 0, written.length);
    // Its identity bytes are its written bytes (an int key's, most often): as for a str key, a
    // key written alike would have found it, or will.
    if (other === slot) return;
    if (other < 0) {
      this.checked ??= new Map();
      const text = written.toString("latin1");
      other = this.checked.get(text) ?? -1;
      if (other < 0) this.checked.set(text, slot);
    }
    if (other < 0) return;
    const [first, second] = other < slot ? [other, slot] : [slot, other];
    const fileOf = (at: number): string => this.tree.segments[this.node.keySegment(at)]!.file;
    throw new MergeKeyCollisionError(msgpackKeyText(written), pathText(this.path), fileOf(first), fileOf(second));
  }
}

/**
 * True when the row's identity bytes are not its written key bytes: a key msgpack has no type
 * for. An int key's identity is stored apart (segment.ts) but is the same bytes: compared, not
 * checked through the index (that cost an int-keyed merge 15-20%).
 */
function hasOwnIdentity(segment: StoredSegment, at: number): boolean {
  const table = segment.table;
  const identityStart = table[at + 1]!;
  const keyStart = table[at + 3]!;
  if (identityStart === keyStart) return false;
  return !equalBytes(segment.bytes, identityStart, table[at + 2]!, segment.bytes, keyStart, table[at + 4]!);
}

/** `$["a"][1]`: where a nested dict sits, each key as `msgpackKeyText` names it. */
function pathText(path: readonly Uint8Array[]): string {
  return `$${path.map((key) => `[${msgpackKeyText(key)}]`).join("")}`;
}

/** Entries a dict kept as its rows may have (in it and in each dict in it) to be written from its rows. */
const MAX_PLAIN_ENTRIES = 16;
/** Rows it may span in all (a bigger one goes through a MergeNode, whose writer flushes as it goes). */
const MAX_PLAIN_ROWS = 4096;

/** Rows of the entries met so far in each dict open in `plainEnd` (a stack). */
let seenRows = new Int32Array(256);

/**
 * The row past the dict of node row `nodeRow` when it can be written from its rows as they are,
 * else -1: at most MAX_PLAIN_ENTRIES entries in it and in every dict in it, MAX_PLAIN_ROWS rows
 * in all, and no dict that gives a key twice (CPython never writes one; a crafted pickle may, and
 * the MergeNode of it keeps such a key once, as Python's dict does).
 */
function plainEnd(segment: StoredSegment, nodeRow: number): number {
  const rowCount = segment.table.length / ENTRY_FIELDS;
  return plainEndFrom(segment, nodeRow, Math.min(rowCount, nodeRow + 1 + MAX_PLAIN_ROWS), rowCount, 0);
}

function plainEndFrom(segment: StoredSegment, nodeRow: number, limit: number, rowCount: number, base: number): number {
  const { bytes, table } = segment;
  const depth = table[nodeRow * ENTRY_FIELDS]! >>> 2;
  let count = 0;
  let row = nodeRow + 1;
  while (row < limit) {
    const at = row * ENTRY_FIELDS;
    const flags = table[at]!;
    if (flags >>> 2 <= depth) return row;
    if (count === MAX_PLAIN_ENTRIES) return -1;
    const start = table[at + 1]!;
    const end = table[at + 2]!;
    for (let i = base; i < base + count; i++) {
      const other = seenRows[i]! * ENTRY_FIELDS;
      if (equalBytes(bytes, table[other + 1]!, table[other + 2]!, bytes, start, end)) return -1;
      // Two keys written alike (a date and its ISO str): the MergeNode's writer names them.
      if (equalBytes(bytes, table[other + 3]!, table[other + 4]!, bytes, table[at + 3]!, table[at + 4]!)) return -1;
    }
    if (base + count === seenRows.length) {
      const grown = new Int32Array(seenRows.length * 2);
      grown.set(seenRows);
      seenRows = grown;
    }
    seenRows[base + count++] = row;
    if ((flags & 1) === 0) row++;
    else if ((row = plainEndFrom(segment, row, limit, rowCount, base + count)) < 0) return -1;
  }
  return limit === rowCount ? row : -1;
}

/**
 * The msgpack map of the dict of node row `nodeRow` (plain: see `plainEnd`), its key already
 * written: a header for its entry count, then each entry's key and value bytes (dicts in it the
 * same way). The header is copied from the segment when the bytes there are the same (the
 * transcoder's map, written after the key), so the run goes on. Returns the row past the dict.
 */
function addPlainMsgpack(segmentIndex: number, segment: StoredSegment, nodeRow: number, run: ByteRun): number {
  const { bytes, table } = segment;
  const rowCount = table.length / ENTRY_FIELDS;
  const depth = table[nodeRow * ENTRY_FIELDS]! >>> 2;
  let count = 0;
  for (let row = nodeRow + 1; row < rowCount; row++) {
    const flags = table[row * ENTRY_FIELDS]!;
    if (flags >>> 2 <= depth) break;
    if (flags >>> 2 === depth + 1) count++;
  }
  const headerLength = writeMapHead(header, 0, count);
  const at = table[nodeRow * ENTRY_FIELDS + 4]!;
  if (equalBytes(bytes, at, at + headerLength, header, 0, headerLength)) run.add(segmentIndex, at, at + headerLength);
  else run.addBytes(header.subarray(0, headerLength));
  let row = nodeRow + 1;
  for (let n = 0; n < count; n++) {
    const entryAt = row * ENTRY_FIELDS;
    if ((table[entryAt]! & 1) === 0) {
      run.add(segmentIndex, table[entryAt + 3]!, table[entryAt + 5]!);
      row++;
    } else {
      run.add(segmentIndex, table[entryAt + 3]!, table[entryAt + 4]!);
      row = addPlainMsgpack(segmentIndex, segment, row, run);
    }
  }
  return row;
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

  /** Adds segment `segment`'s bytes [start, end) (the batch's `isReady` then says when to flush). */
  add(segment: number, start: number, end: number): void {
    if (segment === this.segment && start === this.end_) {
      this.end_ = end;
      return;
    }
    this.end();
    this.segment = segment;
    this.start = start;
    this.end_ = end;
  }

  /** Adds bytes of no segment (copied now, after the pending range). */
  addBytes(bytes: Uint8Array): void {
    this.end();
    this.batch.add(bytes);
  }

  /** Hands the pending range to the batch. */
  end(): void {
    if (this.segment < 0) return;
    this.batch.addRange(this.segments[this.segment]!.bytes, this.start, this.end_);
    this.segment = -1;
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
    if (slot > 0) batch.addByte(COMMA_BYTE);
    addKey(tree, node, slot, batch);
    const child = addJsonValue(tree, node, slot, batch);
    if (batch.isReady) await batch.flush();
    if (child !== null) await emitJson(tree, child, batch);
  }
  if (batch.addByte(CLOSE)) await batch.flush();
}

/** One `{"key":value}` line per top-level entry. */
async function emitNdjson(tree: MergeTree, batch: ByteBatch): Promise<void> {
  const root = tree.root;
  for (let slot = 0; slot < root.size; slot++) {
    batch.addByte(OPEN);
    addKey(tree, root, slot, batch);
    const child = addJsonValue(tree, root, slot, batch);
    if (child !== null) {
      if (batch.isReady) await batch.flush();
      await emitJson(tree, child, batch);
    }
    batch.addByte(CLOSE);
    if (batch.addByte(NEWLINE_BYTE)) await batch.flush();
  }
}

/** `"key":` of one slot. */
function addKey(tree: MergeTree, node: MergeNode, slot: number, batch: ByteBatch): void {
  const { bytes, table } = tree.segments[node.keySegment(slot)]!;
  const at = node.keyRow(slot) * ENTRY_FIELDS;
  batch.addRange(bytes, table[at + 3]!, table[at + 4]!);
  batch.addByte(COLON_BYTE);
}

/**
 * The value of one slot, or the node the caller must write as it (a child, or the MergeNode of a
 * dict kept as rows that is not plain).
 */
function addJsonValue(tree: MergeTree, node: MergeNode, slot: number, batch: ByteBatch): MergeNode | null {
  const child = node.childAt(slot);
  if (child !== undefined) return child;
  const valueSegment = node.valueSegment(slot);
  const valueRow = node.valueRow(slot);
  const segment = tree.segments[valueSegment]!;
  const at = valueRow * ENTRY_FIELDS;
  if (!isRowsNode(segment.table, at)) batch.addRange(segment.bytes, segment.table[at + 4]!, segment.table[at + 5]!);
  else if (plainEnd(segment, valueRow) >= 0) addPlainJson(segment, valueRow, batch);
  else return tree.nodeOf(valueSegment, valueRow);
  return null;
}

/** The JSON object of the dict of node row `nodeRow` (plain: see `plainEnd`); returns the row past it. */
function addPlainJson(segment: StoredSegment, nodeRow: number, batch: ByteBatch): number {
  const { bytes, table } = segment;
  const rowCount = table.length / ENTRY_FIELDS;
  const depth = table[nodeRow * ENTRY_FIELDS]! >>> 2;
  batch.addByte(OPEN);
  let row = nodeRow + 1;
  for (let n = 0; row < rowCount && table[row * ENTRY_FIELDS]! >>> 2 > depth; n++) {
    if (n > 0) batch.addByte(COMMA_BYTE);
    const at = row * ENTRY_FIELDS;
    batch.addRange(bytes, table[at + 3]!, table[at + 4]!);
    batch.addByte(COLON_BYTE);
    if ((table[at]! & 1) === 0) {
      batch.addRange(bytes, table[at + 4]!, table[at + 5]!);
      row++;
    } else {
      row = addPlainJson(segment, row, batch);
    }
  }
  batch.addByte(CLOSE);
  return row;
}
