import { defaultOutputBudget, MIN_DEFAULT_OUTPUT_BYTES } from "../json/output-budget.js";
import { long1Room, writeArrayHead, writeBinHead, writeFloat64, writeInt32, writeLong1, writeMapHead, writeStrHead } from "./msgpack-heads.js";
import type { MsgpackTapeWriter } from "./msgpack-tape-writer.js";
import { RootKeyTable } from "./root-keys.js";
import { grownInt32, K_BYTES, K_DICT, K_FALSE, K_FLOAT, K_INT, K_LIST, K_LONG, K_NONE, K_STR, K_TRUE, K_TUPLE, NODE_EMPTY_TUPLE, NODE_FALSE, NODE_NONE } from "./tape.js";
import { decline, MAX_MEMO_GAP, TapeDriver } from "./tape-driver.js";
import { isWellFormedUtf8 } from "./utf8.js";

const SPAN_MEMO = 0x200;
const OPEN_MEMO = 0x400;
const SLOT_BITS = ~(SPAN_MEMO | OPEN_MEMO);

// A stack slot's info: the value's kind (K_*) in bits 0-7, OPEN_SLOT for a container whose head
// is not written yet (it may still grow), its nesting height from bit 16 on.
const KIND_BITS = 0xff;
const OPEN_SLOT = 0x100;
const HEIGHT_SHIFT = 16;
/** Containers nested deeper than this are left to the value path (as the tape writers do at depth 200). */
const MAX_HEIGHT = 200;
/** A dict's keys are compared pairwise up to this many; past it through a hash table (root-keys.ts). */
const PAIRWISE_KEYS = 16;
const KEY_STR = 1;
const KEY_INT = 2;
/** Output made room for at once when a giant root starts, as TapeOutput.rootItems does (msgpack ~1.35x its pickle). */
const PRESIZE_MIN_INPUT = 1 << 24;
const OUTPUT_PER_INPUT_BYTE = 1.4;
const PRESIZE_MAX = 2 ** 31 - 1;
/** Input bytes per memo entry made room for when a giant root starts. */
const MEMO_INPUT_BYTES = 16;

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
export class MsgpackDirectDriver extends TapeDriver {
  // Parallel to the stack (which holds output starts).
  private slotInfo = new Int32Array(1 << 10);
  /** Containers: items (lists, tuples) or pairs (dicts) so far. */
  private slotCounts = new Int32Array(1 << 10);
  /** Containers: head bytes reserved at the start. */
  private slotHeads = new Uint8Array(1 << 10);
  /** Open containers: their memo index, or -1. */
  private slotMemo = new Int32Array(1 << 10);
  /** The memo's length when the value started (entries from there on lie inside it or after it). */
  private slotMemoBase = new Int32Array(1 << 10);
  /** Dicts: where their keys start in keySpans. */
  private slotKeyBase = new Int32Array(1 << 10);
  // The memo (its own, not the tape's): info 0 for a hole, else the value's slot info with
  // SPAN_MEMO (memoStart, memoEnd: its output) or OPEN_MEMO (a container still open at memoStart).
  private memoInfo = new Int32Array(1 << 10);
  private memoStart = new Int32Array(1 << 10);
  private memoEnd = new Int32Array(1 << 10);
  /** Past this output position a memo copy checks the budget (the record's start plus the budget's floor). */
  private outputLimit = 0;
  private outView: DataView = new DataView(new ArrayBuffer(0));
  private viewed: Uint8Array = new Uint8Array(0);
  /** Keys of the open dicts but the root, in stack order: start, end, kind per key. */
  private keySpans = new Int32Array(3 * 256);
  private keyTop = 0;
  /** The root dict's keys (millions, for a giant root). */
  private readonly rootKeys = new RootKeyTable();
  /** For nested dicts past PAIRWISE_KEYS keys. */
  private readonly bigKeys = new RootKeyTable();
  private readonly writer: MsgpackTapeWriter;

  constructor(
    writer: MsgpackTapeWriter,
    maxBytesLength: number,
    private readonly fixedBudget: number | undefined,
  ) {
    super(writer, maxBytesLength);
    this.writer = writer;
  }

  protected override beginRecord(at: number): void {
    this.memoInfo.fill(0, 0, this.memoHigh);
    super.beginRecord(at);
    this.keyTop = 0;
    this.rootKeys.reset();
    this.checkBudget(0);
  }

  protected override finishRecord(): void {
    this.lastRecordMemoLength = this.memoHigh;
    if ((this.slotInfo[0]! & OPEN_SLOT) !== 0) this.close(0, this.writer.pos);
    this.checkBudget(0);
    this.writer.endDirectRecord();
    this.leaveRecord();
  }

  // ---- values

  private pushSlot(start: number, info: number): void {
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    this.stack[sp] = start;
    this.slotInfo[sp] = info;
    this.slotMemoBase[sp] = this.memoHigh;
    this.sp = sp + 1;
  }

  protected override growStack(): void {
    super.growStack();
    const size = this.stack.length;
    this.slotInfo = grownInt32(this.slotInfo, size);
    this.slotCounts = grownInt32(this.slotCounts, size);
    this.slotMemo = grownInt32(this.slotMemo, size);
    this.slotMemoBase = grownInt32(this.slotMemoBase, size);
    this.slotKeyBase = grownInt32(this.slotKeyBase, size);
    const heads = new Uint8Array(size);
    heads.set(this.slotHeads);
    this.slotHeads = heads;
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
    this.slotMemoBase[sp] = this.memoHigh;
    this.slotKeyBase[sp] = this.keyTop;
    this.sp = sp + 1;
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
    const writer = this.writer;
    const start = writer.pos;
    const view = this.outputView(length + 5);
    const out = writer.out;
    const input = this.window;
    let p = isStr ? writeStrHead(out, start, length) : writeBinHead(out, start, length);
    if (length < 64) {
      // Copied 4 bytes at a time (the last 4 overlapping), the UTF-8 checked on the way: a str
      // is copied as it is only when well formed (a lone surrogate is the value path's to write).
      let high = 0;
      if (length < 4) {
        for (let i = 0; i < length; i++) {
          const byte = input[at + i]!;
          high |= byte;
          out[p + i] = byte;
        }
      } else {
        const inView = this.view;
        let i = 0;
        for (; i + 4 <= length; i += 4) {
          const word = inView.getInt32(at + i, true);
          high |= word;
          view.setInt32(p + i, word, true);
        }
        if (i < length) {
          const word = inView.getInt32(at + length - 4, true);
          high |= word;
          view.setInt32(p + length - 4, word, true);
        }
      }
      p += length;
      if ((high & 0x80808080) !== 0 && isStr && !isWellFormedUtf8(input, at, at + length)) decline();
    } else {
      if (isStr && !isAscii(input, at, at + length) && !isWellFormedUtf8(input, at, at + length)) decline();
      out.set(input.subarray(at, at + length), p);
      p += length;
    }
    writer.pos = p;
    this.pushSlot(start, isStr ? K_STR : K_BYTES);
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
    const memoBase = this.slotMemoBase[from]!;
    const size = headSize(count);
    this.moveTail(from - 1, start, size, memoBase);
    writeArrayHead(writer.out, start, count);
    this.sp = from;
    this.pushSlot(start, K_TUPLE | ((height + 1) << HEIGHT_SHIFT));
    this.slotMemoBase[from] = memoBase;
    if (height + 1 > MAX_HEIGHT) decline();
  }

  protected override extend(slot: number, from: number, isDict: boolean): void {
    const info = this.slotInfo[slot]!;
    if ((info & (KIND_BITS | OPEN_SLOT)) !== ((isDict ? K_DICT : K_LIST) | OPEN_SLOT)) decline();
    const to = this.sp;
    if (isDict && ((to - from) & 1) === 1) decline();
    const added = isDict ? (to - from) >> 1 : to - from;
    if (added === 0) return;
    const count = this.slotCounts[slot]! + added;
    if (slot === 0 && count >= 16 && this.slotHeads[0] === 1) this.growRootHead();
    const height = this.closeItems(from, to);
    if (isDict) this.addKeys(slot, from, to);
    this.slotCounts[slot] = count;
    if (height + 1 > info >>> HEIGHT_SHIFT) {
      if (height + 1 > MAX_HEIGHT) decline();
      this.slotInfo[slot] = (info & 0xffff) | ((height + 1) << HEIGHT_SHIFT);
    }
    this.sp = from;
    this.checkBudget(0);
  }

  /** Closes the open containers among slots [from, to), last first; returns their greatest height. */
  private closeItems(from: number, to: number): number {
    let height = 0;
    const slotInfo = this.slotInfo;
    for (let i = to - 1; i >= from; i--) {
      const info = slotInfo[i]!;
      if ((info & OPEN_SLOT) !== 0) this.close(i, i + 1 < this.sp ? this.stack[i + 1]! : this.writer.pos);
      const h = info >>> HEIGHT_SHIFT;
      if (h > height) height = h;
    }
    return height;
  }

  /** The dict keys at slots from, from + 2, ... before `to`: str or int only (their bytes are equal exactly when the keys are). */
  private addKeys(slot: number, from: number, to: number): void {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    if (slot === 0) {
      const keys = this.rootKeys;
      const out = this.writer.out;
      for (let i = from; i < to; i += 2) keys.add(out, stack[i]!, stack[i + 1]!, keyKind(slotInfo[i]! & KIND_BITS));
      return;
    }
    let top = this.keyTop;
    if (top + 3 * ((to - from) >> 1) > this.keySpans.length) this.keySpans = grownInt32(this.keySpans, top + 3 * ((to - from) >> 1));
    const spans = this.keySpans;
    for (let i = from; i < to; i += 2) {
      spans[top] = stack[i]!;
      spans[top + 1] = stack[i + 1]!;
      spans[top + 2] = keyKind(slotInfo[i]! & KIND_BITS);
      top += 3;
    }
    this.keyTop = top;
  }

  /**
   * The container at `slot` (ending at `end`) is complete: its keys are checked, its head
   * written (the bytes after it moved when the head needs more than its reserved byte), and its
   * memo entry becomes its output span.
   */
  private close(slot: number, end: number): void {
    const info = this.slotInfo[slot]!;
    const kind = info & KIND_BITS;
    const count = this.slotCounts[slot]!;
    const start = this.stack[slot]!;
    if (kind === K_DICT) {
      if (slot === 0) {
        if (this.rootKeys.hasRepeated(this.writer.out)) decline();
      } else {
        const base = this.slotKeyBase[slot]!;
        if (count > 1 && this.hasRepeatedKey(base, this.keyTop)) decline();
        this.keyTop = base;
      }
    }
    const reserved = this.slotHeads[slot]!;
    const size = headSize(count);
    if (size !== reserved) {
      this.moveTail(slot, start + reserved, size - reserved, this.slotMemoBase[slot]!);
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

  /** The root passes 15 items: its head gets its largest size while what follows is small. */
  private growRootHead(): void {
    const writer = this.writer;
    const rest = this.inputSizeHint - this.recordOffset;
    if (rest > PRESIZE_MIN_INPUT) {
      writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE), PRESIZE_MAX - writer.pos));
      // And the memo (a value per 16 bytes of input covers records.pkl's 7.4M in 149 MB).
      const entries = Math.ceil(rest / MEMO_INPUT_BYTES);
      if (entries > this.memoInfo.length) this.growMemoTo(entries);
    }
    const pivot = this.stack[0]! + 1;
    this.moveTail(0, pivot, 4, 0);
    this.rootKeys.shiftFrom(pivot, 4);
    const spans = this.keySpans;
    for (let k = 0; k < this.keyTop; k += 3) {
      if (spans[k]! >= pivot) {
        spans[k] = spans[k]! + 4;
        spans[k + 1] = spans[k + 1]! + 4;
      }
    }
    this.slotHeads[0] = 5;
  }

  /**
   * Moves the output from `pivot` on by `delta` bytes (a head grows or shrinks), and every
   * position that points there: stack slots above `slot`, memo entries from `memoBase` on.
   */
  private moveTail(slot: number, pivot: number, delta: number, memoBase: number): void {
    const writer = this.writer;
    const end = writer.pos;
    const out = writer.room(Math.max(delta, 0));
    out.copyWithin(pivot + delta, pivot, end);
    writer.pos = end + delta;
    const stack = this.stack;
    for (let i = slot + 1; i < this.sp; i++) if (stack[i]! >= pivot) stack[i] = stack[i]! + delta;
    const memoInfo = this.memoInfo;
    const memoStart = this.memoStart;
    for (let index = memoBase; index < this.memoHigh; index++) {
      const info = memoInfo[index]!;
      if (info === 0 || memoStart[index]! < pivot) continue;
      memoStart[index] = memoStart[index]! + delta;
      if ((info & SPAN_MEMO) !== 0) this.memoEnd[index] = this.memoEnd[index]! + delta;
    }
  }

  /** True when two of the keys in keySpans[base, top) are the same key. */
  private hasRepeatedKey(base: number, top: number): boolean {
    const spans = this.keySpans;
    const out = this.writer.out;
    if (top - base > 3 * PAIRWISE_KEYS) {
      const keys = this.bigKeys;
      keys.reset();
      for (let k = base; k < top; k += 3) keys.add(out, spans[k]!, spans[k + 1]!, spans[k + 2]!);
      return keys.hasRepeated(out);
    }
    for (let a = base; a < top; a += 3) {
      const aStart = spans[a]!;
      const aLength = spans[a + 1]! - aStart;
      for (let b = a + 3; b < top; b += 3) {
        const bStart = spans[b]!;
        if (spans[b + 1]! - bStart !== aLength || spans[b + 2] !== spans[a + 2]) continue;
        let k = 0;
        while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
        if (k === aLength) return true;
      }
    }
    return false;
  }

  // ---- the memo

  protected override memoize(index: number): void {
    // In order only (CPython's): then the entries set since a value started are those after its memo base.
    if (index < this.memoHigh || index > this.memoHigh + MAX_MEMO_GAP) decline();
    if (index >= this.memoInfo.length) this.growMemoTo(index + 1);
    const top = this.sp - 1;
    const info = this.slotInfo[top]!;
    this.memoStart[index] = this.stack[top]!;
    if ((info & OPEN_SLOT) !== 0) {
      if (this.slotMemo[top]! >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = (info & KIND_BITS) | OPEN_MEMO;
    } else {
      this.memoEnd[index] = this.writer.pos;
      this.memoInfo[index] = info | SPAN_MEMO;
    }
    this.memoHigh = index + 1;
    this.memoSize++;
  }

  private growMemoTo(size: number): void {
    const length = this.memoInfo.length;
    // By 4 past a million entries: a giant root memoizes millions of values.
    const grown = Math.max(size, length >= 1 << 20 ? length * 4 : length * 2);
    this.memoInfo = grownInt32(this.memoInfo, grown);
    this.memoStart = grownInt32(this.memoStart, grown);
    this.memoEnd = grownInt32(this.memoEnd, grown);
  }

  /**
   * A memoized value again: its bytes copied. A container still open is copied only when it is
   * the top of the stack (its items are all there; it is closed now, and may not grow after);
   * otherwise it is inside itself, or would change after being copied: the value path's.
   */
  protected override recall(index: number): void {
    let info = index < this.memoHigh ? this.memoInfo[index]! : 0;
    if ((info & SPAN_MEMO) === 0) {
      const top = this.sp - 1;
      if ((info & OPEN_MEMO) === 0 || top < 0 || this.stack[top] !== this.memoStart[index] || (this.slotInfo[top]! & OPEN_SLOT) === 0) decline();
      this.close(top, this.writer.pos);
      info = this.memoInfo[index]!;
    }
    const from = this.memoStart[index]!;
    const length = this.memoEnd[index]! - from;
    const writer = this.writer;
    const start = writer.pos;
    if (start + length > this.outputLimit) this.checkBudget(length);
    const view = this.outputView(length);
    if (length < 4) {
      for (let i = 0; i < length; i++) view.setUint8(start + i, view.getUint8(from + i));
    } else if (length < 64) {
      // 4 bytes at a time, the last 4 overlapping (the span is before `start`: no overlap).
      let i = 0;
      for (; i + 4 <= length; i += 4) view.setUint32(start + i, view.getUint32(from + i, true), true);
      if (i < length) view.setUint32(start + length - 4, view.getUint32(from + length - 4, true), true);
    } else {
      writer.out.copyWithin(start, from, from + length);
    }
    writer.pos = start + length;
    this.pushSlot(start, info & SLOT_BITS);
  }

  /** Room for `count` more output bytes; a DataView of the output. */
  private outputView(count: number): DataView {
    const out = this.writer.room(count);
    if (out !== this.viewed) {
      this.viewed = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    return this.outView;
  }

  /** Output past the record's budget (after `more` bytes) declines: the value path reports it. */
  private checkBudget(more: number): void {
    const writer = this.writer;
    const recordStart = writer.recordOutputStart;
    const floor = this.fixedBudget ?? MIN_DEFAULT_OUTPUT_BYTES;
    this.outputLimit = recordStart + floor;
    const written = writer.pos + more - recordStart;
    if (written <= floor) return;
    // The record's input read so far (a lower bound while run() is reading it).
    const budget = this.fixedBudget ?? defaultOutputBudget(Math.max(0, this.pos - this.recordStart));
    if (written > budget) decline();
  }
}

function headSize(count: number): number {
  return count < 16 ? 1 : count < 0x10000 ? 3 : 5;
}

function keyKind(kind: number): number {
  if (kind === K_STR) return KEY_STR;
  if (kind === K_INT || kind === K_LONG) return KEY_INT;
  return decline();
}

/** True when bytes[start, end) are all below 0x80 (8 at a time). */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  for (; i + 8 <= end; i += 8) {
    if (((bytes[i]! | bytes[i + 1]! | bytes[i + 2]! | bytes[i + 3]! | bytes[i + 4]! | bytes[i + 5]! | bytes[i + 6]! | bytes[i + 7]!) & 0x80) !== 0) return false;
  }
  let high = 0;
  for (; i < end; i++) high |= bytes[i]!;
  return high < 0x80;
}
