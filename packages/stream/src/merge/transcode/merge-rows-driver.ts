import type { PyValue } from "@pkl-stream/core";
import { decline, IslandReader, K_BYTES, K_DICT, K_ISLAND, K_LIST, K_LONG, K_NONE, K_STR, K_TUPLE, MsgpackDirectDriver, type MsgpackTapeWriter, RootKeyTable, writeMapHead } from "@pkl-stream/core/engine";
import { type Options, Packr, Unpackr } from "msgpackr";
import { canonicalKey } from "../key-identity.js";
import { packMergeValue } from "../shard-encoder.js";
import { registerPyFloat } from "../direct-pack.js";
import { registerFloat64 } from "../../writers/float64.js";
import { isStrAt, readMapHeader, skipValue } from "../msgpack-walk.js";
import { type Segment, SegmentBuilder } from "../segment.js";

const INT64_MIN = -(2n ** 63n);
/** Where a map head of the smallest form is written to learn its length (writeMapHead returns it). */
const HEAD_SCRATCH = new Uint8Array(5);
const UINT64_LIMIT = 2n ** 64n;

/**
 * Core's one-pass msgpack driver (the one reader of opcodes, writing msgpack as it reads) with
 * each record's root dict cut into merge segment rows: every batch of root entries (SETITEM(S)
 * into the root) becomes one row per entry, [key, value) spans of the output just written, the
 * root's own head never written. What the driver declines, and the few things the merge must
 * leave to the general path besides (a record that does not start with PROTO or is not a dict,
 * the root inside itself, a top-level key whose identity is not its bytes and is no scalar, an
 * int past 64 bits when JSON is wanted), throw core's DECLINE.
 */
export class MergeRowsDriver extends MsgpackDirectDriver {
  private packr: Packr | null = null;
  private unpackr: Unpackr | null = null;

  /** The rows of the file being read. */
  private rows = new SegmentBuilder(0, 16);
  /** Decline ints past 64 bits (JSON output: their msgpack str could not say it was an int). */
  private declinesBigInts = false;
  /**
   * Deep merge: a dict value is a node row. Kept whole when it and every dict in it have only str
   * keys (its bytes the row's value, its entries left for the main thread to read if its key is
   * met again: segment.ts); else its entries follow as rows one level down.
   */
  private isDeep = false;
  /** A deep merge: the identities of the record's root keys (see finishRecord). */
  private readonly recordKeys = new RootKeyTable();
  /** Reads classes inside values (islands) for msgpack output; made once per driver. */
  private islandReader: IslandReader | null = null;

  constructor(
    private readonly output: MsgpackTapeWriter,
    readonly maxOutputBytes: number,
  ) {
    super(output, 2 ** 31 - 1, maxOutputBytes);
    // msgpackr (the general path) writes None and bytes keys as they are: equal bytes, equal keys.
    this.otherKeyKinds = (1 << K_NONE) | (1 << K_BYTES);
  }

  /**
   * Starts on a file, read in place (no window copy): `run` reads up to `windowLength`, which
   * the caller moves on. A driver may read one file after another (its memo, grown to millions
   * of entries by a giant root, is then not grown again).
   */
  start(input: Uint8Array, declinesBigInts: boolean, isDeep: boolean): void {
    this.skipTo(0, 0);
    this.window = input;
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    this.declinesBigInts = declinesBigInts;
    this.isDeep = isDeep;
    // A class inside a value is read as an island and packed as the general path packs it. For
    // JSON output (its rows are converted from msgpack, which says less than some values) and a
    // deep merge (an OrderedDict's entries are rows there, as a dict's), only datetimes
    // and dates written from their state bytes (their JSON is their msgpack str's, and they are
    // not dicts), and not as dict keys (a str key with the same text is another key there, and
    // JSON writes a datetime key as its JSON text).
    this.islands = this.islandReader ??= this.newIslandReader();
    this.onlyStateText = declinesBigInts || isDeep;
    this.islandTextKeys = !this.onlyStateText;
    // msgpack of plain data is about 1.35x its pickle (the bench's records): room for that up
    // front spares the doublings, and keeps the bytes tight enough to hand over uncopied.
    this.output.out = new Uint8Array(Math.ceil(input.length * 1.5) + 4096);
    this.output.pos = 0;
    // Rows: one per top-level entry, about 80 pickle bytes each in the bench's records shape;
    // room for one per 32 bytes spares a 59 MB shard's table (17 MB) its doublings and copies.
    // A deep merge may have a row per nested entry too (dicts with keys other
    // than strs: one per 12 bytes in the bench's shards, 121 MB): room for one per 8 (untouched
    // room costs address space, not memory).
    this.rows = new SegmentBuilder(0, Math.ceil(input.length / (isDeep ? 8 : 32)));
  }

  /** Islands decode as the general path does (`dict: "map"`, integral floats kept floats) and pack as ShardEncoder does. */
  private newIslandReader(): IslandReader {
    registerFloat64();
    registerPyFloat();
    return new IslandReader({ dict: "map", wrapIntegralFloats: true }, (value) => {
      this.packr ??= new Packr({ useRecords: false, encodeUndefinedAsNil: false });
      return packMergeValue(this.packr, value, this.maxOutputBytes, this.recordIndex);
    });
  }

  /** The file's rows, with the output as their bytes (handed over uncopied when they fill most of their array). */
  finish(): Segment {
    const { table, entryCount } = this.rows.finish();
    const out = this.output.out;
    const length = this.output.pos;
    const isTight = length >= out.length - (out.length >>> 3);
    return { bytes: isTight ? out.subarray(0, length) : out.slice(0, length), table, entryCount };
  }

  /** Lets go of the file's input and output (the driver stays, for the next file). */
  release(): void {
    this.window = new Uint8Array(0);
    this.view = new DataView(this.window.buffer);
    this.output.out = new Uint8Array(0);
    this.output.pos = 0;
    this.rows = new SegmentBuilder(0, 16);
  }

  protected override beginRecord(at: number): void {
    // Protocols 0 and 1 (no PROTO) are the general path's.
    if (this.window[at] !== 0x80 /* PROTO */) decline();
    super.beginRecord(at);
    this.rows.beginRecord();
    if (this.isDeep) this.recordKeys.reset();
  }

  /**
   * The root must still be open: recalled through the memo (inside itself, or a key or value of
   * its own), the driver closes it, and then it takes no entries and ends no record here.
   */
  protected override finishRecord(): void {
    if (this.slotKind(0) !== K_DICT || !this.isOpenSlot(0)) decline();
    // A deep merge: a record giving a root key twice (a pickle CPython would not write) holds the
    // later dict alone, where the tree would merge the two into the key's earlier value.
    if (this.isDeep && this.recordKeys.hasRepeated(this.output.out)) decline();
    this.checkBudget(0, true);
    this.output.endDirectRecord();
    this.leaveRecord();
  }

  /** SETITEM(S) into the root: its new entries become rows; anything else is the driver's. */
  protected override extend(slot: number, from: number, isDict: boolean): void {
    if (slot !== 0) {
      super.extend(slot, from, isDict);
      return;
    }
    if (!isDict || this.slotKind(0) !== K_DICT || !this.isOpenSlot(0)) decline();
    const to = this.sp;
    if (((to - from) & 1) === 1) decline();
    this.closeSlots(from, to);
    const stack = this.stack;
    const rows = this.rows;
    const end = this.output.pos;
    for (let i = from; i < to; i += 2) {
      const keyStart = stack[i]!;
      const keyEnd = stack[i + 1]!;
      const kind = this.slotKind(i);
      const isNode = this.isDeep && this.slotKind(i + 1) === K_DICT;
      // A dict kept whole ends where any value does; one laid out as rows is its key alone.
      const isWhole = isNode && this.strKeyedDictEnd(keyEnd) >= 0;
      const valueEnd = isNode && !isWhole ? keyEnd : i + 2 < to ? stack[i + 2]! : end;
      if (kind === K_STR) {
        rows.addEntry(0, isNode, keyStart, keyEnd, keyStart, keyEnd, valueEnd);
        if (this.isDeep) this.recordKeys.add(this.output.out, keyStart, keyEnd, 0);
      } else {
        // A str here is an int past 64 bits written as its digits: its identity is not a str's.
        // An island key's identity is its value's, which its msgpack does not say.
        if (kind === K_TUPLE || kind === K_LIST || kind === K_DICT || kind === K_ISLAND || (kind === K_LONG && isStrAt(this.output.out, keyStart))) decline();
        this.addKeyedRow(0, isNode, keyStart, keyEnd, valueEnd);
      }
      if (isNode && !isWhole) this.addChildRows(keyEnd, 1);
    }
    this.sp = from;
    this.checkBudget(0);
  }

  /**
   * Deep merge: the entries of the dict whose msgpack starts at `start`, as rows at `depth`
   * (dicts in it as nodes, their entries one level down), as ShardEncoder lays out a decoded
   * dict. Its keys are str, int, None or bytes (the driver declines others); an int past 64 bits
   * is written as its digits, so a str key that could be one declines (see isIntDigits).
   * Returns where the dict ends.
   */
  private addChildRows(start: number, depth: number): number {
    const header = readMapHeader(this.output.out, start);
    if (header === null) return decline();
    let offset = header.offset;
    for (let n = 0; n < header.count; n++) {
      // Read again each time: a non-str key's identity written at the end may grow the output.
      const out = this.output.out;
      const keyEnd = skipValue(out, offset);
      const isNode = readMapHeader(out, keyEnd) !== null;
      const valueEnd = isNode ? keyEnd : skipValue(out, keyEnd);
      if (!isStrAt(out, offset)) this.addKeyedRow(depth, isNode, offset, keyEnd, valueEnd);
      else if (isIntDigits(out, offset, keyEnd)) decline();
      else this.rows.addEntry(depth, isNode, offset, keyEnd, offset, keyEnd, valueEnd);
      offset = isNode ? this.addChildRows(keyEnd, depth + 1) : valueEnd;
    }
    return offset;
  }

  /**
   * Where the dict whose msgpack starts at `start` ends, when it can be a node row holding its
   * bytes: it and every dict in it have only str keys (whose identity is their bytes) and map
   * heads of the smallest form (as the main thread's MergeNode of it writes them); else -1, and
   * its entries become rows. A str key that could be an int past 64 bits declines, as in
   * addChildRows. (Every map the driver writes is a dict: classes decline, and a deep merge's
   * only islands are datetimes and dates, strs in msgpack, never dict keys.)
   */
  private strKeyedDictEnd(start: number): number {
    const out = this.output.out;
    const header = readMapHeader(out, start);
    if (header === null) return decline();
    if (header.offset - start !== writeMapHead(HEAD_SCRATCH, 0, header.count)) return -1;
    let offset = header.offset;
    for (let n = 0; n < header.count; n++) {
      if (!isStrAt(out, offset)) return -1;
      const keyEnd = skipValue(out, offset);
      if (isIntDigits(out, offset, keyEnd)) decline();
      offset = readMapHeader(out, keyEnd) !== null ? this.strKeyedDictEnd(keyEnd) : skipValue(out, keyEnd);
      if (offset < 0) return -1;
    }
    return offset;
  }

  /**
   * A row whose key is not a str: its identity (1, 1.0 and True are one key) is the msgpack of
   * its canonical key, written after the batch's values (nothing is open above the root then).
   */
  private addKeyedRow(depth: number, isNode: boolean, keyStart: number, keyEnd: number, valueEnd: number): void {
    const output = this.output;
    this.unpackr ??= new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" } as unknown as Options);
    this.packr ??= new Packr({ useRecords: false, encodeUndefinedAsNil: false });
    const key = this.unpackr.unpack(output.out.subarray(keyStart, keyEnd)) as PyValue;
    const identityStart = output.pos;
    output.appendBytes(this.packr.pack(canonicalKey(key)));
    this.rows.addEntry(depth, isNode, identityStart, output.pos, keyStart, keyEnd, valueEnd);
    if (depth === 0 && this.isDeep) this.recordKeys.add(output.out, identityStart, output.pos, 0);
  }

  /**
   * LIST from a MARK is written as a tuple is (both are msgpack arrays), closed: a later APPEND
   * to it declines. (DICT from a MARK stays the general path's.)
   */
  protected override pushContainer(kind: number, from: number): void {
    super.pushContainer(kind === K_LIST ? K_TUPLE : kind, from);
  }

  protected override pushLong(at: number, length: number): void {
    if (this.declinesBigInts && length > 8 && !fitsIn64Bits(this.window, at, length)) decline();
    super.pushLong(at, length);
  }
}

/**
 * True when the msgpack str [start, end) is what core's writeLong1 writes for an int past 64
 * bits: an optional minus sign and 19 digits or more.
 */
function isIntDigits(out: Uint8Array, start: number, end: number): boolean {
  const head = out[start]!;
  let p = head <= 0xbf ? start + 1 : head === 0xd9 ? start + 2 : head === 0xda ? start + 3 : start + 5;
  if (p < end && out[p] === 0x2d /* - */) p++;
  if (end - p < 19) return false;
  for (; p < end; p++) if (out[p]! < 0x30 || out[p]! > 0x39) return false;
  return true;
}

/** True when LONG1's two's complement input[at, at + length) fits int64 or uint64 (what msgpack holds as an int). */
function fitsIn64Bits(input: Uint8Array, at: number, length: number): boolean {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[at + i]!);
  if (input[at + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
  return value >= INT64_MIN && value < UINT64_LIMIT;
}
