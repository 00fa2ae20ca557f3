
import { isStrHead, long1Room, writeArrayHead, writeFloat64, writeInt32, writeLong1, writeMapHead, writeMsgpackText, writeStrHead } from "./msgpack-heads.js";
import { MSGPACK_SHAPES } from "./msgpack-record-shape.js";
import { ISLAND_MEMO, ISLAND_TEXT_SLOT, OPEN_MEMO, SLOT_BITS, SPAN_MEMO } from "./msgpack-slots.js";
import { MsgpackValueShapes } from "./msgpack-value-shape.js";
import type { MsgpackTapeWriter } from "./msgpack-tape-writer.js";
import { hasRepeatedKeySpan, keysMayRepeat, RootKeyTable } from "./root-keys.js";
import { grownInt32, grownUint8, K_BYTES, K_DICT, K_FALSE, K_FLOAT, K_INT, K_ISLAND, K_LIST, K_LONG, K_NONE, K_STR, K_TRUE, K_TUPLE, NODE_EMPTY_TUPLE, NODE_FALSE, NODE_NONE } from "./tape.js";
import { putBytes } from "./shape-bytes.js";
import type { PyGlobal } from "../values/placeholders.js";
import { decodeUtf8 } from "../decoder/text.js";
import { isPyObject, type PyValue } from "../values/py-types.js";
import { DirectDriver, K_OPEN_OBJECT, OPEN_OBJECT_SLOT } from "./direct-driver.js";
import type { ValueShapes } from "./value-shape.js";
import { decline } from "./tape-driver.js";


// A stack slot's info: the value's kind (K_*) in bits 0-7, OPEN_SLOT for a container whose head
// is not written yet (it may still grow), its nesting height from bit 16 on.
const KIND_BITS = 0xff;
const OPEN_SLOT = 0x100;
/**
 * A set (EMPTY_SET): a list that takes ADDITEMS and not APPENDS, whose elements (strs and ints)
 * are checked for a repeat when it closes (the value path's Set keeps one of them).
 */
const SET_SLOT = 0x1000;
const HEIGHT_SHIFT = 16;
/** Containers nested deeper than this are left to the value path (as the tape writers do at depth 200). */
const MAX_HEIGHT = 200;
/** What an object's head holds before and after its class's name (DirectDriver.writeObjectHead): a map of two, fixstr keys. */
const OBJECT_OPEN = Uint8Array.of(0x82, 0xa9, ...new TextEncoder().encode("__class__"));
const OBJECT_STATE_KEY = Uint8Array.of(0xa9, ...new TextEncoder().encode("__state__"));
const OBJECT_ARGS_KEY = Uint8Array.of(0xa8, ...new TextEncoder().encode("__args__"));
/** A dict's keys are compared pairwise up to this many; past it through a hash table (root-keys.ts). */
const PAIRWISE_KEYS = 16;
const KEY_STR = 1;
const KEY_INT = 2;
/** slotKeyBase of a dict whose keys were checked in their one batch so far and not kept. */
const UNKEPT = -1;
/** Output made room for at once when a giant root starts, as TapeOutput.rootItems does (msgpack ~1.35x its pickle). */
const PRESIZE_MIN_INPUT = 1 << 24;
const OUTPUT_PER_INPUT_BYTE = 1.4;
const PRESIZE_MAX = 2 ** 31 - 1;
/** Input bytes per memo entry made room for when a giant root starts. */
const MEMO_INPUT_BYTES = 16;
/** Input bytes per root entry made room for (records.pkl's are 83). */
const ROOT_ENTRY_INPUT_BYTES = 64;

/**
 * The msgpack writer's one pass: the driver's opcodes write msgpack straight into the writer's
 * output, with no tape nodes. The stack holds each value's output start (values on the stack
 * are contiguous in the output, in stack order, as pickle builds them); a container's head is
 * one reserved byte, written when it closes (when its parent takes it, it is recalled, or the
 * record ends), and the bytes after it move when the head needs more (16 items or more). The
 * root's head becomes 5 bytes once it passes 15 items (its content is still small then), so a
 * giant root never moves. A memoized value recalled copies its bytes (its UTF-8 checked once).
 * Anything the tape writers would decline, and whatever this pass does not handle (DICT/LIST
 * from a MARK, memo indices out of order, extending a closed container), declines: the value
 * path writes the record.
 */
export class MsgpackDirectDriver extends DirectDriver {
  // Parallel to the stack, beside DirectDriver's slot arrays. Containers: head bytes reserved at the start.
  private slotHeads = new Uint8Array(1 << 10);
  /** Dicts: where their keys start in keySpans. */
  private slotKeyBase = new Int32Array(1 << 10);
  // The memo (DirectDriver's): memoInfo is the value's slot info with SPAN_MEMO (memoStart,
  // memoEnd: its output) or OPEN_MEMO (a container still open at memoStart).
  /** Keys of the open dicts but the root, in stack order: start, end, kind per key. */
  private keySpans = new Int32Array(3 * 256);
  private keyTop = 0;
  /** The root dict's keys (millions, for a giant root). */
  private readonly rootKeys = new RootKeyTable();
  /** For nested dicts past PAIRWISE_KEYS keys. */
  private readonly bigKeys = new RootKeyTable();
  private readonly writer: MsgpackTapeWriter;
  /**
   * Kinds besides str and int a dict key may have (bits 1 << K_*): the merge's rows take None
   * and bytes keys (msgpackr writes them as they are), the CLI's writer none.
   */
  protected otherKeyKinds = 0;
  /**
   * A class whose msgpack is a str (a datetime) may be a dict key, written as that str: true for
   * msgpack output (the value path writes it so); false where a str key and such a key must stay
   * apart, or the key's JSON says more (a merge's JSON rows and deep merges): such a key declines.
   */
  protected islandTextKeys = true;

  constructor(writer: MsgpackTapeWriter, maxBytesLength: number, fixedBudget: number | undefined) {
    super(writer, maxBytesLength, fixedBudget);
    this.writer = writer;
    // (The merge's rows take a root's items their own way: no shapes there.)
    if (new.target === MsgpackDirectDriver) {
      this.learnsShapes(MSGPACK_SHAPES);
      this.learnsValueShapes(new MsgpackValueShapes(writer, maxBytesLength));
    }
  }

  protected override beginRecord(at: number): void {
    super.beginRecord(at);
    this.keyTop = 0;
    this.rootKeys.reset();
    this.checkBudget(0);
  }

  protected override finishRecord(): void {
    this.lastRecordMemoLength = this.memoSize;
    if ((this.slotInfo[0]! & OPEN_SLOT) !== 0) this.close(0, this.writer.pos, true);
    this.checkBudget(0, true);
    this.learnShapeOfRecord();
    this.writer.endDirectRecord();
    this.leaveRecord();
  }

  // ---- dicts by value shapes (value-shape.ts, msgpack-value-shape.ts)

  /** The dict at `at` written by a shape and pushed open, as the driver leaves a dict after its one batch: the input position after it, or -1 with nothing changed. */
  protected override writeShapeValue(shapes: ValueShapes, at: number, end: number): number {
    const writer = this.writer;
    const sp = this.sp;
    const start = writer.pos;
    const after = this.replayShapes(shapes, at, end);
    if (after < 0) {
      writer.pos = start;
      return -1;
    }
    if (sp === this.stack.length) this.growStack();
    this.stack[sp] = start;
    this.slotInfo[sp] = K_DICT | OPEN_SLOT | (shapes.height << HEIGHT_SHIFT);
    this.slotCounts[sp] = shapes.pairs;
    this.slotHeads[sp] = 1;
    this.slotMemo[sp] = shapes.topMemo;
    // Its one batch of keys was checked (the learned keys differ) and not kept.
    this.slotKeyBase[sp] = UNKEPT;
    this.sp = sp + 1;
    return after;
  }

  protected override isShapeSlot(slot: number, shapes: ValueShapes): boolean {
    return (
      this.slotInfo[slot] === (K_DICT | OPEN_SLOT | (shapes.height << HEIGHT_SHIFT)) &&
      this.slotCounts[slot] === shapes.pairs &&
      this.slotHeads[slot] === 1 &&
      this.slotMemo[slot] === shapes.topMemo &&
      this.slotKeyBase[slot] === UNKEPT
    );
  }

  // ---- values

  private pushSlot(start: number, info: number): void {
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    this.stack[sp] = start;
    this.slotInfo[sp] = info;
    this.sp = sp + 1;
  }

  protected override growStack(): void {
    super.growStack();
    const size = this.stack.length;
    this.slotKeyBase = grownInt32(this.slotKeyBase, size);
    this.slotHeads = grownUint8(this.slotHeads, size);
  }

  protected override pushEmpty(kind: number): void {
    const writer = this.writer;
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    const start = writer.pos;
    const out = writer.room(1);
    out[start] = kind === K_DICT ? 0x80 : 0x90;
    writer.pos = start + 1;
    this.stack[sp] = start;
    this.slotInfo[sp] = kind | OPEN_SLOT | (1 << HEIGHT_SHIFT);
    this.slotCounts[sp] = 0;
    this.slotHeads[sp] = 1;
    this.slotMemo[sp] = -1;
    this.slotKeyBase[sp] = this.keyTop;
    this.sp = sp + 1;
  }

  /** The `count` elements of the set whose reserved head starts at `start` (strs and ints) are all different, else decline. */
  private checkElementsWritten(start: number, count: number, reserved: number): void {
    const out = this.writer.out;
    const keys = this.elementKeys;
    keys.reset();
    let p = start + reserved;
    for (let i = 0; i < count; i++) {
      const end = skipMsgpack(out, p, 1);
      const head = out[p]!;
      keys.add(out, p, end, isStrHead(head) ? KEY_STR : KEY_INT);
      p = end;
    }
    if (keys.hasRepeated(out)) decline();
  }

  protected override pushConstant(node: number): void {
    const writer = this.writer;
    const start = writer.pos;
    const out = writer.room(1);
    let info: number;
    if (node === NODE_NONE) {
      out[start] = 0xc0;
      info = K_NONE;
    } else if (node === NODE_EMPTY_TUPLE) {
      out[start] = 0x90;
      info = K_TUPLE | (1 << HEIGHT_SHIFT);
    } else if (node === NODE_FALSE) {
      out[start] = 0xc2;
      info = K_FALSE;
    } else {
      out[start] = 0xc3;
      info = K_TRUE;
    }
    writer.pos = start + 1;
    this.pushSlot(start, info);
  }

  protected override pushInt(value: number): void {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeInt32(writer.room(5), start, value);
    this.pushSlot(start, K_INT);
  }

  protected override pushLong(at: number, length: number): void {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeLong1(writer.room(long1Room(length)), start, this.window, at, length);
    this.pushSlot(start, K_LONG);
  }

  protected override pushFloat(at: number): void {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeFloat64(writer.room(9), start, this.window, at);
    this.pushSlot(start, K_FLOAT);
  }

  protected override pushText(isStr: boolean, at: number, length: number): void {
    const start = this.writer.pos;
    if (!writeMsgpackText(this.window, this.view, at, length, isStr, this.writer, this.outputView(length + 5))) decline();
    this.pushSlot(start, isStr ? K_STR : K_BYTES);
  }

  /** A str of Latin-1 code points (input bytes): each byte past 0x7f as its 2 bytes of UTF-8. */
  protected override pushLatin1(at: number, length: number): void {
    const input = this.window;
    let size = length;
    for (let i = at; i < at + length; i++) if (input[i]! >= 0x80) size++;
    const writer = this.writer;
    const start = writer.pos;
    const out = writer.room(size + 5);
    let p = writeStrHead(out, start, size);
    for (let i = at; i < at + length; i++) {
      const code = input[i]!;
      if (code < 0x80) {
        out[p++] = code;
      } else {
        out[p++] = 0xc0 | (code >> 6);
        out[p++] = 0x80 | (code & 0x3f);
      }
    }
    writer.pos = p;
    this.pushSlot(start, K_STR);
  }

  /** TUPLE, TUPLE1-3: the items get their head in front (LIST and DICT from a MARK are protocol 0's: the value path's). */
  protected override pushContainer(kind: number, from: number): void {
    if (kind !== K_TUPLE) decline();
    const to = this.sp;
    const count = to - from;
    if (count === 0) {
      this.pushConstant(NODE_EMPTY_TUPLE);
      return;
    }
    const height = this.closeItems(from, to);
    const writer = this.writer;
    const start = this.stack[from]!;
    const size = headSize(count);
    this.moveTail(from - 1, start, size);
    writeArrayHead(writer.out, start, count);
    this.sp = from;
    this.pushSlot(start, K_TUPLE | ((height + 1) << HEIGHT_SHIFT));
    if (height + 1 > MAX_HEIGHT) decline();
  }

  protected override extend(slot: number, from: number, isDict: boolean): void {
    const info = this.slotInfo[slot]!;
    if ((info & (KIND_BITS | OPEN_SLOT | SET_SLOT)) !== ((isDict ? K_DICT : K_LIST) | OPEN_SLOT)) decline();
    const to = this.sp;
    if (isDict && ((to - from) & 1) === 1) decline();
    const added = isDict ? (to - from) >> 1 : to - from;
    if (added === 0) return;
    const count = this.slotCounts[slot]! + added;
    if (slot === 0 && count >= 16 && this.slotHeads[0] === 1) this.growRootHead();
    const height = this.closeItems(from, to);
    if (isDict) this.addKeys(slot, from, to, count - added);
    this.slotCounts[slot] = count;
    if (height + 1 > info >>> HEIGHT_SHIFT) {
      if (height + 1 > MAX_HEIGHT) decline();
      this.slotInfo[slot] = (info & 0xffff) | ((height + 1) << HEIGHT_SHIFT);
    }
    this.sp = from;
    if (this.writer.pos > this.outputLimit) this.checkBudget(0);
    // A root past 65,535 entries keeps its 5-byte head: its output may go to the spill now.
    if (slot === 0 && count > 0xffff) this.writer.spillOpenRootIfDue(this.stack[0]!, 5);
  }

  /** The kind (K_*) of the value at stack slot `slot`. */
  protected slotKind(slot: number): number {
    return this.slotInfo[slot]! & KIND_BITS;
  }

  /** True when the value at `slot` is a container that may still grow. */
  protected isOpenSlot(slot: number): boolean {
    return (this.slotInfo[slot]! & OPEN_SLOT) !== 0;
  }

  /** Closes the values at slots [from, to), for a subclass that takes a root's items itself (the merge's rows). */
  protected closeSlots(from: number, to: number): void {
    if (this.closeItems(from, to) + 1 > MAX_HEIGHT) decline();
  }

  /** Closes the open containers among slots [from, to), last first; returns their greatest height. */
  private closeItems(from: number, to: number): number {
    let height = 0;
    const slotInfo = this.slotInfo;
    for (let i = to - 1; i >= from; i--) {
      const info = slotInfo[i]!;
      if ((info & OPEN_SLOT) !== 0) this.close(i, i + 1 < this.sp ? this.stack[i + 1]! : this.writer.pos, true);
      const h = info >>> HEIGHT_SHIFT;
      if (h > height) height = h;
    }
    return height;
  }

  /**
   * The dict keys at slots from, from + 2, ... before `to` (the dict at `slot` had `before`
   * pairs): str or int only (their bytes are equal exactly when the keys are). A small dict's
   * first batch, most often its only one, is checked for a repeated key here, from the stack;
   * other keys are kept (keySpans, or rootKeys for the root) and checked when the dict closes.
   */
  private addKeys(slot: number, from: number, to: number, before: number): void {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    if (slot === 0) {
      const keys = this.rootKeys;
      const out = this.writer.out;
      for (let i = from; i < to; i += 2) keys.add(out, stack[i]!, stack[i + 1]!, keyKind(slotInfo[i]!, this.otherKeyKinds, this.islandTextKeys));
      return;
    }
    if (before === 0 && to - from <= 2 * PAIRWISE_KEYS) {
      this.checkFirstKeys(from, to);
      this.slotKeyBase[slot] = UNKEPT;
      return;
    }
    if (this.slotKeyBase[slot] === UNKEPT) this.keepKeysWritten(slot, before);
    let top = this.keyTop;
    if (top + 3 * ((to - from) >> 1) > this.keySpans.length) this.keySpans = grownInt32(this.keySpans, top + 3 * ((to - from) >> 1));
    const spans = this.keySpans;
    for (let i = from; i < to; i += 2) {
      spans[top] = stack[i]!;
      spans[top + 1] = stack[i + 1]!;
      spans[top + 2] = keyKind(slotInfo[i]!, this.otherKeyKinds, this.islandTextKeys);
      top += 3;
    }
    this.keyTop = top;
  }

  /**
   * The keys at slots from, from + 2, ... before `to` are all different (else the value path's).
   * A 128-bit filter (keysMayRepeat) lets most batches through; when two keys share a bit (a
   * repeated key, or about one small dict in ten) every pair is compared.
   */
  private checkFirstKeys(from: number, to: number): void {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    const out = this.writer.out;
    for (let a = from; a < to; a += 2) keyKind(slotInfo[a]!, this.otherKeyKinds, this.islandTextKeys);
    // A key's bytes (its msgpack head included) end where its value starts.
    if (!keysMayRepeat(out, stack, from, to, 0)) return;
    for (let a = from; a < to; a += 2) {
      const aStart = stack[a]!;
      const aLength = stack[a + 1]! - aStart;
      for (let b = a + 2; b < to; b += 2) {
        const bStart = stack[b]!;
        if (stack[b + 1]! - bStart !== aLength) continue;
        let k = 0;
        while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
        // The same bytes: the same key to msgpack (an int past 64 bits is kind KEY_STR: keyKind).
        if (k === aLength && keyKind(slotInfo[a]!, this.otherKeyKinds, this.islandTextKeys) === keyKind(slotInfo[b]!, this.otherKeyKinds, this.islandTextKeys)) decline();
      }
    }
  }

  /**
   * A later batch into a dict whose first keys were checked and not kept: they are found again
   * in its output (its `count` pairs after the reserved head), and kept from now on. A key
   * written as a str counts as one (an int past 64 bits is written as its digits): two keys
   * that only look the same decline, which is safe.
   */
  private keepKeysWritten(slot: number, count: number): void {
    const out = this.writer.out;
    const base = this.keyTop;
    if (base + 3 * count > this.keySpans.length) this.keySpans = grownInt32(this.keySpans, base + 3 * count);
    const spans = this.keySpans;
    let p = this.stack[slot]! + this.slotHeads[slot]!;
    for (let i = 0; i < count; i++) {
      const end = skipMsgpack(out, p, 1);
      const head = out[p]!;
      spans[base + 3 * i] = p;
      spans[base + 3 * i + 1] = end;
      spans[base + 3 * i + 2] = isStrHead(head) ? KEY_STR : KEY_INT;
      p = skipMsgpack(out, end, 1);
    }
    this.slotKeyBase[slot] = base;
    this.keyTop = base + 3 * count;
  }

  /**
   * The container at `slot` (ending at `end`) is complete: its keys are checked, its head
   * written (the bytes after it moved when the head needs more than its reserved byte), and its
   * memo entry becomes its output span.
   */
  private close(slot: number, end: number, isOpenOnlyBelow: boolean): void {
    const info = this.slotInfo[slot]!;
    const kind = info & KIND_BITS;
    const count = this.slotCounts[slot]!;
    const start = this.stack[slot]!;
    if (kind === K_DICT) {
      if (slot === 0) {
        if (this.rootKeys.hasRepeated(this.writer.out)) decline();
      } else {
        const base = this.slotKeyBase[slot]!;
        if (base !== UNKEPT) {
          const next = isOpenOnlyBelow ? this.keyTop : this.keysAbove(slot);
          if (count > 1 && this.hasRepeatedKey(base, next)) decline();
          // Closed by its parent, nothing above it keeps keys; recalled, dicts above it may.
          if (isOpenOnlyBelow) this.keyTop = base;
          else this.dropKeys(slot, base, next);
        }
      }
    }
    const reserved = this.slotHeads[slot]!;
    if ((info & SET_SLOT) !== 0) this.checkElementsWritten(start, count, reserved);
    const size = headSize(count);
    if (size !== reserved) {
      this.moveTail(slot, start + reserved, size - reserved);
      end += size - reserved;
    }
    const out = this.writer.out;
    if (kind === K_DICT) writeMapHead(out, start, count);
    else writeArrayHead(out, start, count);
    this.slotInfo[slot] = info & ~OPEN_SLOT;
    const memo = this.slotMemo[slot]!;
    if (memo >= 0) {
      this.memoInfo[memo] = (info & ~OPEN_SLOT) | SPAN_MEMO;
      this.memoStart[memo] = start;
      this.memoEnd[memo] = end;
    }
  }

  /** Where the keys kept for the open dicts above `slot` start (keySpans is in stack order). */
  private keysAbove(slot: number): number {
    for (let i = slot + 1; i < this.sp; i++) {
      if ((this.slotInfo[i]! & (KIND_BITS | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) return this.slotKeyBase[i]!;
    }
    return this.keyTop;
  }

  /** Removes keySpans[base, next) (a dict closed below others that keep keys). */
  private dropKeys(slot: number, base: number, next: number): void {
    const length = next - base;
    this.keySpans.copyWithin(base, next, this.keyTop);
    this.keyTop -= length;
    for (let i = slot + 1; i < this.sp; i++) {
      if ((this.slotInfo[i]! & (KIND_BITS | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) this.slotKeyBase[i] = this.slotKeyBase[i]! - length;
    }
  }

  /** The root passes 15 items: its head gets its largest size while what follows is small. */
  private growRootHead(): void {
    const writer = this.writer;
    const rest = this.inputSizeHint - this.recordOffset;
    if (rest > PRESIZE_MIN_INPUT) {
      writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE), PRESIZE_MAX - writer.pos));
      // And the memo (a value per 16 bytes of input covers records.pkl's 7.4M in 149 MB).
      const entries = Math.ceil(rest / MEMO_INPUT_BYTES);
      if (entries > this.memoInfo.length) this.growMemoTo(entries);
      if ((this.slotInfo[0]! & KIND_BITS) === K_DICT) this.rootKeys.reserve(Math.ceil(rest / ROOT_ENTRY_INPUT_BYTES));
    }
    const pivot = this.stack[0]! + 1;
    this.moveTail(0, pivot, 4);
    this.rootKeys.shiftFrom(pivot, 4);
    this.slotHeads[0] = 5;
  }

  /**
   * Moves the output from `pivot` on by `delta` bytes (a head grows or shrinks), and every
   * position that points there: stack slots above `slot`, kept keys, and memo entries. The entries that
   * point at or past `pivot` are the last ones set: a value's bytes follow those of every value
   * memoized before it began (CPython sets indices in order, and so must a pickle here).
   */
  private moveTail(slot: number, pivot: number, delta: number): void {
    const writer = this.writer;
    const end = writer.pos;
    const out = writer.room(Math.max(delta, 0));
    out.copyWithin(pivot + delta, pivot, end);
    writer.pos = end + delta;
    const stack = this.stack;
    for (let i = slot + 1; i < this.sp; i++) if (stack[i]! >= pivot) stack[i] = stack[i]! + delta;
    const spans = this.keySpans;
    for (let k = 0; k < this.keyTop; k += 3) {
      if (spans[k]! >= pivot) {
        spans[k] = spans[k]! + delta;
        spans[k + 1] = spans[k + 1]! + delta;
      }
    }
    this.shiftMemo(pivot, delta, SPAN_MEMO);
  }

  /** True when two of the keys in keySpans[base, top) are the same key. */
  private hasRepeatedKey(base: number, top: number): boolean {
    return hasRepeatedKeySpan(this.writer.out, this.keySpans, base, top, this.bigKeys);
  }

  // ---- the memo

  protected override memoize(index: number): void {
    this.claimMemo(index);
    const top = this.sp - 1;
    const info = this.slotInfo[top]!;
    if ((info & KIND_BITS) === K_OPEN_OBJECT || (info & OPEN_SLOT) !== 0) this.checkOpenMemoOrder(this.stack[top]!);
    this.memoStart[index] = this.stack[top]!;
    if ((info & KIND_BITS) === K_OPEN_OBJECT) {
      // A hole until its BUILD (a memo read of it inside its own state declines), then its span.
      if (this.slotMemo[top]! >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = 0;
      this.memoEnd[index] = this.stack[top]!;
    } else if ((info & OPEN_SLOT) !== 0) {
      if (this.slotMemo[top]! >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = (info & KIND_BITS) | OPEN_MEMO;
      // Its slot, while it is open (an open container leaves the stack only closed).
      this.memoEnd[index] = top;
    } else {
      this.memoEnd[index] = this.writer.pos;
      this.memoInfo[index] = info | SPAN_MEMO;
    }
    this.closeMemoClaim(index);
  }

  /**
   * A memoized value again: its bytes copied. A container still open on the stack is closed
   * first (its head written as it is now): it may not grow after, so a container inside itself,
   * or one changed after it was copied, declines when it would grow.
   */
  protected override recall(index: number): boolean {
    let info = this.memoInfoAt(index);
    if ((info & SPAN_MEMO) === 0) {
      if ((info & ISLAND_MEMO) !== 0) return this.recallIsland(index);
      if ((info & OPEN_MEMO) === 0) decline();
      const slot = this.memoEnd[index]!;
      this.close(slot, slot + 1 < this.sp ? this.stack[slot + 1]! : this.writer.pos, false);
      info = this.memoInfo[index]!;
    }
    const from = this.memoStart[index]!;
    const length = this.memoEnd[index]! - from;
    const writer = this.writer;
    const start = writer.pos;
    if (start + length > this.outputLimit) this.checkBudget(length);
    this.copyOutput(this.outputView(length), from, start, length);
    writer.pos = start + length;
    this.pushSlot(start, info & SLOT_BITS);
    return true;
  }

  // ---- islands (island.ts)

  protected override readonly spanBit = SPAN_MEMO;
  protected override readonly setBit = SET_SLOT;
  protected override readonly islandBit = ISLAND_MEMO;

  protected override strText(start: number, end: number): string | undefined {
    const out = this.writer.out;
    const head = out[start]!;
    const at = head < 0xc0 ? start + 1 : head === 0xd9 ? start + 2 : head === 0xda ? start + 3 : start + 5;
    return decodeUtf8(out, at, end - at);
  }

  protected override slotEnd(slot: number): number {
    return slot + 1 < this.sp ? this.stack[slot + 1]! : this.writer.pos;
  }

  protected override slotCut(slot: number): number {
    return this.stack[slot]!;
  }

  protected override pushIslandValue(value: PyValue): number {
    const bytes = this.encodeIsland(value);
    const height = msgpackHeight(bytes);
    if (height > MAX_HEIGHT) decline();
    const isText = isPyObject(value) && isStrHead(bytes[0]!);
    const info = K_ISLAND | (isText ? ISLAND_TEXT_SLOT : 0) | (height << HEIGHT_SHIFT);
    this.pushSlot(this.writeBytes(bytes), info);
    return info | SPAN_MEMO;
  }

  protected override pushIslandText(text: string): number {
    const info = K_ISLAND | ISLAND_TEXT_SLOT;
    const length = text.length;
    if (length >= 32) {
      this.pushSlot(this.writeBytes(this.encodeIsland(text)), info);
      return info | SPAN_MEMO;
    }
    // A fixstr, as the value path's msgpack of a str (and of a class whose plain form it is).
    const writer = this.writer;
    const start = writer.pos;
    const out = writer.room(length + 1);
    out[start] = 0xa0 | length;
    for (let i = 0; i < length; i++) out[start + 1 + i] = text.charCodeAt(i);
    writer.pos = start + 1 + length;
    this.pushSlot(start, info);
    return info | SPAN_MEMO;
  }

  /**
   * A placeholder object (DirectDriver.plainObject): a map of two, `__class__` and its class's
   * name, `__state__` or `__args__`, as the value path packs a PyInstance made with no arguments
   * and given a state, or made with arguments; its state or its arguments are written next, and
   * `build` or `callClass` closes it.
   */
  protected override openObject(cls: PyGlobal, withArgs: boolean): boolean {
    const start = this.writeObjectHead(cls, withArgs);
    const sp = this.sp;
    this.pushSlot(start, OPEN_OBJECT_SLOT);
    this.slotMemo[sp] = -1;
    return true;
  }

  protected override readonly objectOpen = OBJECT_OPEN;
  protected override readonly objectStateKey = OBJECT_STATE_KEY;
  protected override readonly objectArgsKey = OBJECT_ARGS_KEY;

  /** A dict (not a set) or a tuple: the value right after the head, as nothing else can be (the open object's height declines any other use). */
  protected override isStateValue(slot: number): boolean {
    const kind = this.slotInfo[slot]! & (KIND_BITS | SET_SLOT);
    return kind === K_DICT || kind === K_TUPLE;
  }

  /** A tuple of one item or more (0x90: the empty one). */
  protected override isArgsTuple(slot: number): boolean {
    return (this.slotInfo[slot]! & (KIND_BITS | SET_SLOT)) === K_TUPLE && this.writer.out[this.stack[slot]!] !== 0x90;
  }

  /** A dict's head written (close), its keys checked, its memo entry its span (a tuple is closed); the object's map head was written first. */
  protected override closeObjectState(slot: number): void {
    if ((this.slotInfo[slot]! & OPEN_SLOT) !== 0) this.close(slot, this.writer.pos, true);
  }

  /** As pushIslandText: the ASCII text `bytes[0, length)` as the value path packs a str. */
  protected override pushIslandAscii(bytes: Uint8Array, length: number): number {
    const info = K_ISLAND | ISLAND_TEXT_SLOT;
    const writer = this.writer;
    const start = writer.pos;
    const out = writer.room(length + 2);
    const p = writeStrHead(out, start, length);
    putBytes(out, p, bytes, length);
    writer.pos = p + length;
    this.pushSlot(start, info);
    return info | SPAN_MEMO;
  }

  protected override strBytes(text: string): Uint8Array {
    return this.encodeIsland(text);
  }

  protected override pushStrBytes(bytes: Uint8Array): void {
    this.pushSlot(this.writeBytes(bytes), K_STR);
  }

  protected override pushStrValue(text: string): void {
    this.pushSlot(this.writeBytes(this.encodeIsland(text)), K_STR);
  }

  /** Appends `bytes` to the output; returns where they start. */
  private writeBytes(bytes: Uint8Array): number {
    const writer = this.writer;
    const start = writer.pos;
    const length = bytes.length;
    putBytes(writer.room(length), start, bytes);
    writer.pos = start + length;
    return start;
  }
}

/**
 * The position after `count` msgpack values from `p` (values this driver wrote, or the value
 * path's encoder for an island: containers closed).
 */
function skipMsgpack(out: Uint8Array, p: number, count: number): number {
  let remaining = count;
  while (remaining > 0) {
    remaining--;
    p += msgpackHead(out, p);
    remaining += headItems;
  }
  return p;
}

/** How deep maps and arrays nest in the one msgpack value `bytes` (0 for a scalar). */
function msgpackHeight(bytes: Uint8Array): number {
  // Per open container, the values it still holds.
  const left: number[] = [];
  let height = 0;
  let p = 0;
  while (p < bytes.length) {
    p += msgpackHead(bytes, p);
    // The value just passed is one of its container's; a container's own values come next.
    if (left.length > 0) left[left.length - 1]!--;
    if (isContainerHead) {
      if (left.length + 1 > height) height = left.length + 1;
      if (headItems > 0) left.push(headItems);
    }
    while (left.length > 0 && left[left.length - 1] === 0) left.pop();
  }
  return height;
}

/** Set by msgpackHead: the values a map or array head says follow it (keys and values), else 0. */
let headItems = 0;
/** Set by msgpackHead: the value is a map or an array. */
let isContainerHead = false;

/**
 * The bytes of the msgpack value at `p` that are not other values: a scalar whole, a map's or
 * array's head (its values, counted into `headItems`, follow). 0xc1 (never used) declines.
 */
function msgpackHead(out: Uint8Array, p: number): number {
  const b = out[p]!;
  headItems = 0;
  isContainerHead = false;
  let length: number;
  if (b < 0x80 || b >= 0xe0) length = 1;
  else if (b < 0xa0) {
    // fixmap, fixarray
    headItems = b < 0x90 ? 2 * (b & 0x0f) : b & 0x0f;
    isContainerHead = true;
    length = 1;
  } else if (b < 0xc0) length = 1 + (b & 0x1f);
  else {
    switch (b) {
      case 0xc0:
      case 0xc2:
      case 0xc3:
        length = 1;
        break;
      case 0xc4:
      case 0xd9:
        length = 2 + out[p + 1]!;
        break;
      case 0xc5:
      case 0xda:
        length = 3 + readUint16(out, p + 1);
        break;
      case 0xc6:
      case 0xdb:
        length = 5 + readUint32(out, p + 1);
        break;
      case 0xc7:
        length = 3 + out[p + 1]!;
        break;
      case 0xc8:
        length = 4 + readUint16(out, p + 1);
        break;
      case 0xc9:
        length = 6 + readUint32(out, p + 1);
        break;
      case 0xcc:
      case 0xd0:
        length = 2;
        break;
      case 0xcd:
      case 0xd1:
        length = 3;
        break;
      case 0xd4:
        length = 3;
        break;
      case 0xd5:
        length = 4;
        break;
      case 0xca:
      case 0xce:
      case 0xd2:
        length = 5;
        break;
      case 0xd6:
        length = 6;
        break;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        length = 9;
        break;
      case 0xd7:
        length = 10;
        break;
      case 0xd8:
        length = 18;
        break;
      case 0xdc:
        headItems = readUint16(out, p + 1);
        isContainerHead = true;
        length = 3;
        break;
      case 0xdd:
        headItems = readUint32(out, p + 1);
        isContainerHead = true;
        length = 5;
        break;
      case 0xde:
        headItems = 2 * readUint16(out, p + 1);
        isContainerHead = true;
        length = 3;
        break;
      case 0xdf:
        headItems = 2 * readUint32(out, p + 1);
        isContainerHead = true;
        length = 5;
        break;
      default:
        return decline();
    }
  }
  return length;
}

function readUint16(out: Uint8Array, p: number): number {
  return (out[p]! << 8) | out[p + 1]!;
}

function readUint32(out: Uint8Array, p: number): number {
  return ((out[p]! << 24) | (out[p + 1]! << 16) | (out[p + 2]! << 8) | out[p + 3]!) >>> 0;
}

function headSize(count: number): number {
  return count < 16 ? 1 : count < 0x10000 ? 3 : 5;
}

/** The repeated-key kind of the key whose slot info is `info` (other keys decline). */
function keyKind(info: number, otherKinds: number, islandTextKeys: boolean): number {
  const kind = info & KIND_BITS;
  if (kind === K_STR) return KEY_STR;
  // An int past 64 bits is written as the str of its digits: to a msgpack map the same key as
  // that str, so equal bytes decline (the value path refuses such a dict; both were written).
  if (kind === K_LONG) return KEY_STR;
  if (kind === K_INT) return KEY_INT;
  if ((info & ISLAND_TEXT_SLOT) !== 0) return islandTextKeys ? KEY_STR : decline();
  // Written as neither a str nor an int: its bytes equal no str's or int's.
  if (((otherKinds >>> kind) & 1) !== 0) return KEY_INT;
  return decline();
}



