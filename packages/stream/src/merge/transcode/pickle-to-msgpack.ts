import type { PyValue } from "@pkl-stream/core";
import { OP } from "@pkl-stream/core/opcodes";
import { crossesFrameEnd, FRAME_HEADER_BYTES, frameEndOf } from "@pkl-stream/core/internal";
import { isWellFormedUtf8, long1Room, writeArrayHead, writeBinHead, writeFloat64, writeInt32, writeLong1, writeMapHead, writeStrHead } from "@pkl-stream/core/engine";
import { type Options, Packr, Unpackr } from "msgpackr";
import { canonicalKey } from "../key-identity.js";
import { isStrAt } from "../msgpack-walk.js";
import { type Segment, SegmentBuilder } from "../segment.js";

/**
 * The input holds something this transcoder does not copy itself (a class, a set, text-mode
 * opcodes, a lone surrogate, a malformed or truncated pickle, ...): the caller then decodes the
 * file the general way, which also gives the exact error for bad input.
 */
export class NotTranscodable extends Error {
  override readonly name = "NotTranscodable";
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

// Node kinds. A node is one value the pickle built, kept as numbers in parallel typed arrays
// (no object per value): scalars point into the input, containers at runs of child nodes.
// On the stack and in runs, a negative number -(i + 1) stands for memo entry i once its value
// is written (a BINGET then costs no node: the bytes are copied when written).
const K_NONE = 1;
const K_TRUE = 2;
const K_FALSE = 3;
const K_INT = 4; // a: the int32 value
const K_LONG = 5; // a, b: LONG1 payload [start, start + length) in the input
const K_FLOAT = 6; // a: the 8 big-endian bytes' offset in the input
const K_STR = 7; // a, b: UTF-8 bytes [start, start + length) in the input
const K_BYTES = 8; // a, b: as K_STR
const K_LIST = 9;
const K_TUPLE = 10;
const K_DICT = 11;
const K_COPY = 12; // a, b: msgpack bytes [start, end) already in the output (a memoized value)
const K_ROOT = 13; // the record's top-level dict: its entries become segment rows

// Fixed node ids: constants are shared and never change; the root is reused per record.
const NODE_NONE = 0;
const NODE_TRUE = 1;
const NODE_FALSE = 2;
const NODE_EMPTY_TUPLE = 3;
const NODE_ROOT = 4;
const FIRST_DYNAMIC = 5;

// Node flags.
const SEALED = 1; // the node is inside a container: it may not change any more
const MEMOIZED = 2; // memoSlots holds the node's memo index

// Memo entry kinds.
const M_HOLE = 0;
const M_NODE = 1; // a: node id (its value is not written yet)
const M_SPAN = 2; // a, b: the value's msgpack bytes in the output; origin: its kind

/** Nesting this deep is left to the general path. */
const MAX_WRITE_DEPTH = 64;
/** A BINPUT index this far past the memo's end is left to the general path (sparse memo). */
const MAX_MEMO_GAP = 1024;
/** Nested dicts up to this size are checked for repeated keys pairwise; bigger ones with a Set. */
const PAIRWISE_KEY_CHECK = 16;
/** LONG1 payloads longer than this are left to the general path. */
const MAX_LONG_BYTES = 64;
const MAX_STACK = 1_000_000;

const INT64_MIN = -(2n ** 63n);
const UINT64_LIMIT = 2n ** 64n;

export interface TranscodeSettings {
  /** Output allowed per record (memo bombs stop here: the general path then reports them). */
  readonly maxOutputBytes: number;
  /** Called now and then with the input bytes consumed so far. */
  readonly onProgress?: (bytesDone: number) => void;
  /**
   * Decline ints past 64 bits instead of writing their digits as a msgpack str (as the general
   * path's msgpack does): JSON output writes them as numbers, and a str cannot say it was an int.
   */
  readonly declineBigInts?: boolean;
}

export interface TranscodeResult {
  readonly segment: Segment;
  readonly recordCount: number;
}

/**
 * Turns a whole file of appended dict pickles (protocols 2-5, plain data) straight into merge
 * segment rows, msgpack bytes included, without building a JS value per Python value: the
 * opcodes are read once, strings, bytes and floats are copied from the input as they are, and
 * containers are written when their top-level entry is complete. The output is byte for byte
 * what the general path (decode, then msgpackr) writes; anything that path would treat
 * specially makes this one throw NotTranscodable instead (see the opcode switch).
 *
 * Measured on the bench's 59 MB shards: see bench/RESULTS.md (merge suite).
 */
export function transcodeDictPickles(input: Uint8Array, settings: TranscodeSettings): TranscodeResult {
  const transcoder = new PickleTranscoder(input, settings, spareMemo);
  spareMemo = undefined;
  try {
    return transcoder.run();
  } finally {
    spareMemo = transcoder.releaseMemo();
  }
}

/** The memo's arrays, cleared (every kind M_HOLE). */
interface MemoArrays {
  readonly kinds: Uint8Array<ArrayBuffer>;
  readonly a: Int32Array<ArrayBuffer>;
  readonly b: Int32Array<ArrayBuffer>;
  readonly origins: Uint8Array<ArrayBuffer>;
}

/**
 * The last transcode's memo arrays, for the next one in this thread. A file that is one giant
 * dict memoizes millions of values in one record (5.8M entries per 59 MB shard of the bench,
 * 60 MB of arrays reached by doubling): a merge worker's next file starts with them grown.
 */
let spareMemo: MemoArrays | undefined;
/** Memo arrays up to this many entries are kept for the next transcode. */
const MAX_SPARE_MEMO = 1 << 24;

class PickleTranscoder {
  private readonly view: DataView;
  private readonly builder: SegmentBuilder;
  /** The builder's byte array and the write position in it (see `room`). */
  private out: Uint8Array;
  private pos = 0;
  private readonly packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });
  private unpackr: Unpackr | null = null;

  // Nodes.
  private kinds = new Uint8Array(1 << 12);
  private origins = new Uint8Array(1 << 12);
  private flags = new Uint8Array(1 << 12);
  private nodeA = new Int32Array(1 << 12);
  private nodeB = new Int32Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  private firstRun = new Int32Array(1 << 12);
  private lastRun = new Int32Array(1 << 12);
  private memoSlots = new Int32Array(1 << 12);
  private nodeCount = FIRST_DYNAMIC;

  // Runs of children (one per APPENDS/SETITEMS/...): [start, start + count) of `children`.
  private runStart = new Int32Array(1 << 10);
  private runCount = new Int32Array(1 << 10);
  private runNext = new Int32Array(1 << 10);
  private runTotal = 0;
  private children = new Int32Array(1 << 12);
  private childTotal = 0;

  // The unpickler's stack and marks.
  private stack = new Int32Array(1 << 10);
  private sp = 0;
  private marks = new Int32Array(64);
  private mp = 0;

  // The memo (per record, dense).
  private memoKinds = new Uint8Array(1 << 10);
  private memoA = new Int32Array(1 << 10);
  private memoB = new Int32Array(1 << 10);
  private memoOrigins = new Uint8Array(1 << 10);
  /** One past the highest index set. */
  private memoHigh = 0;
  /** Entries set (MEMOIZE's next index, as CPython's len(memo)). */
  private memoSize = 0;
  /** Memo entries naming a node whose value is not written yet. */
  private unwrittenMemo = 0;

  /** Key spans of the nested dicts being written (pairs of start, end). */
  private keySpans = new Int32Array(64);
  private keySpanTop = 0;

  private recordStart = 0;
  private isRootOpen = false;
  /** Offset where the current FRAME ends (-1: none yet). */
  private frameEnd = -1;

  constructor(
    private readonly input: Uint8Array,
    private readonly settings: TranscodeSettings,
    memo: MemoArrays | undefined,
  ) {
    if (memo !== undefined) {
      this.memoKinds = memo.kinds;
      this.memoA = memo.a;
      this.memoB = memo.b;
      this.memoOrigins = memo.origins;
    }
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    // msgpack of plain data is about 1.35x its pickle (the bench's records): room for that
    // up front spares the doublings.
    // Rows: one per top-level entry, about 80 pickle bytes each in the bench's records shape;
    // room for one per 32 bytes spares a 59 MB shard's table (17 MB) its doublings and copies.
    this.builder = new SegmentBuilder(Math.ceil(input.length * 1.5) + 4096, Math.ceil(input.length / 32));
    this.out = this.builder.buffer;
    this.kinds[NODE_NONE] = K_NONE;
    this.kinds[NODE_TRUE] = K_TRUE;
    this.kinds[NODE_FALSE] = K_FALSE;
    this.kinds[NODE_EMPTY_TUPLE] = K_TUPLE;
    this.firstRun[NODE_EMPTY_TUPLE] = -1;
    this.kinds[NODE_ROOT] = K_ROOT;

  }

  run(): TranscodeResult {
    const input = this.input;
    const end = input.length;
    const view = this.view;
    const progressStep = 8 * 1024 * 1024;
    let nextProgress = progressStep;
    let recordCount = 0;
    let pos = 0;
    let isInRecord = false;
    while (pos < end) {
      const start = pos;
      const op = input[pos]!;
      if (!isInRecord) {
        if (op !== OP.PROTO) this.fail("a record that does not start with PROTO (protocol 0 or 1)", pos);
        isInRecord = true;
        this.beginRecord();
      }
      switch (op) {
        case OP.PROTO:
          if (pos + 2 > end || input[pos + 1]! < 2 || input[pos + 1]! > 5) this.fail("protocol", pos);
          pos += 2;
          break;
        case OP.FRAME:
          // A FRAME inside a frame breaks the frame rule (core's decoder/frame-rule.ts).
          if (pos + FRAME_HEADER_BYTES > end || pos < this.frameEnd) this.fail("FRAME", pos);
          this.frameEnd = frameEndOf(pos, view.getUint32(pos + 1, true), view.getUint32(pos + 5, true));
          pos += FRAME_HEADER_BYTES;
          break;
        case OP.EMPTY_DICT:
          if (this.sp === 0 && !this.isRootOpen) {
            this.isRootOpen = true;
            this.push(NODE_ROOT);
          } else {
            this.push(this.newContainer(K_DICT));
          }
          pos += 1;
          break;
        case OP.EMPTY_LIST:
          this.push(this.newContainer(K_LIST));
          pos += 1;
          break;
        case OP.EMPTY_TUPLE:
          this.push(NODE_EMPTY_TUPLE);
          pos += 1;
          break;
        case OP.MARK:
          if (this.mp === this.marks.length) this.marks = grownInt32(this.marks, this.mp + 1);
          this.marks[this.mp++] = this.sp;
          pos += 1;
          break;
        case OP.SHORT_BINUNICODE: {
          if (pos + 2 > end) this.fail("truncated", pos);
          const length = input[pos + 1]!;
          pos = this.pushStr(pos + 2, length, pos);
          break;
        }
        case OP.BINUNICODE:
          if (pos + 5 > end) this.fail("truncated", pos);
          pos = this.pushStr(pos + 5, view.getUint32(pos + 1, true), pos);
          break;
        case OP.BINUNICODE8:
          if (pos + 9 > end) this.fail("truncated", pos);
          pos = this.pushStr(pos + 9, this.readLength8(pos + 1), pos);
          break;
        case OP.SHORT_BINBYTES:
          if (pos + 2 > end) this.fail("truncated", pos);
          pos = this.pushBytes(pos + 2, input[pos + 1]!, pos);
          break;
        case OP.BINBYTES:
          if (pos + 5 > end) this.fail("truncated", pos);
          pos = this.pushBytes(pos + 5, view.getUint32(pos + 1, true), pos);
          break;
        case OP.BINBYTES8:
          if (pos + 9 > end) this.fail("truncated", pos);
          pos = this.pushBytes(pos + 9, this.readLength8(pos + 1), pos);
          break;
        case OP.MEMOIZE:
          if (this.sp === 0) this.fail("MEMOIZE on an empty stack", pos);
          this.memoize(this.memoSize, pos);
          pos += 1;
          break;
        case OP.BINPUT:
          if (pos + 2 > end || this.sp === 0) this.fail("BINPUT", pos);
          this.memoize(input[pos + 1]!, pos);
          pos += 2;
          break;
        case OP.LONG_BINPUT:
          if (pos + 5 > end || this.sp === 0) this.fail("LONG_BINPUT", pos);
          this.memoize(view.getUint32(pos + 1, true), pos);
          pos += 5;
          break;
        case OP.BINGET:
          if (pos + 2 > end) this.fail("truncated", pos);
          this.recall(input[pos + 1]!, pos);
          pos += 2;
          break;
        case OP.LONG_BINGET:
          if (pos + 5 > end) this.fail("truncated", pos);
          this.recall(view.getUint32(pos + 1, true), pos);
          pos += 5;
          break;
        case OP.BININT1:
          if (pos + 2 > end) this.fail("truncated", pos);
          this.push(this.newNode(K_INT, input[pos + 1]!, 0));
          pos += 2;
          break;
        case OP.BININT2:
          if (pos + 3 > end) this.fail("truncated", pos);
          this.push(this.newNode(K_INT, view.getUint16(pos + 1, true), 0));
          pos += 3;
          break;
        case OP.BININT:
          if (pos + 5 > end) this.fail("truncated", pos);
          this.push(this.newNode(K_INT, view.getInt32(pos + 1, true), 0));
          pos += 5;
          break;
        case OP.LONG1: {
          if (pos + 2 > end) this.fail("truncated", pos);
          const length = input[pos + 1]!;
          if (pos + 2 + length > end || length > MAX_LONG_BYTES) this.fail("LONG1", pos);
          this.push(this.newNode(K_LONG, pos + 2, length));
          pos += 2 + length;
          break;
        }
        case OP.BINFLOAT:
          if (pos + 9 > end) this.fail("truncated", pos);
          this.push(this.newNode(K_FLOAT, pos + 1, 0));
          pos += 9;
          break;
        case OP.NONE:
          this.push(NODE_NONE);
          pos += 1;
          break;
        case OP.NEWTRUE:
          this.push(NODE_TRUE);
          pos += 1;
          break;
        case OP.NEWFALSE:
          this.push(NODE_FALSE);
          pos += 1;
          break;
        case OP.TUPLE1:
        case OP.TUPLE2:
        case OP.TUPLE3: {
          const count = op - OP.TUPLE1 + 1;
          if (this.sp - count < this.fence()) this.fail("stack underflow", pos);
          this.pushTuple(this.sp - count, pos);
          pos += 1;
          break;
        }
        case OP.TUPLE:
          this.pushTuple(this.popMark(pos), pos);
          pos += 1;
          break;
        case OP.LIST:
        case OP.DICT: {
          const from = this.popMark(pos);
          const kind = op === OP.LIST ? K_LIST : K_DICT;
          if (kind === K_DICT && ((this.sp - from) & 1) === 1) this.fail("DICT with an odd item count", pos);
          const id = this.newContainer(kind);
          this.addRun(id, from, pos);
          this.sp = from;
          this.push(id);
          pos += 1;
          break;
        }
        case OP.APPENDS:
        case OP.SETITEMS: {
          const from = this.popMark(pos);
          if (from === 0) this.fail("stack underflow", pos);
          this.extend(this.stack[from - 1]!, from, op === OP.SETITEMS, pos);
          pos += 1;
          break;
        }
        case OP.APPEND:
          if (this.sp - 2 < this.fence()) this.fail("stack underflow", pos);
          this.extend(this.stack[this.sp - 2]!, this.sp - 1, false, pos);
          pos += 1;
          break;
        case OP.SETITEM:
          if (this.sp - 3 < this.fence()) this.fail("stack underflow", pos);
          this.extend(this.stack[this.sp - 3]!, this.sp - 2, true, pos);
          pos += 1;
          break;
        case OP.STOP:
          if (this.sp !== 1 || this.mp !== 0 || this.stack[0] !== NODE_ROOT) this.fail("a record that is not a dict", pos);
          if (this.frameEnd > pos + 1) this.fail("a frame that goes on after STOP", pos);
          this.sp = 0;
          recordCount++;
          isInRecord = false;
          pos += 1;
          break;
        default:
          this.fail(`opcode 0x${op.toString(16).padStart(2, "0")}`, pos);
      }
      // The frame rule: an opcode may not run over the end of the frame it starts in.
      if (crossesFrameEnd(start, pos, this.frameEnd)) this.fail("an opcode that runs over the end of its frame", start);
      if (pos >= nextProgress) {
        nextProgress = pos + progressStep;
        this.settings.onProgress?.(pos);
      }
    }
    if (isInRecord) this.fail("truncated input", pos);
    this.settle();
    return { segment: this.builder.finish(), recordCount };
  }

  /** The memo's arrays, cleared, for another transcoder; undefined when too big to keep. */
  releaseMemo(): MemoArrays | undefined {
    if (this.memoKinds.length > MAX_SPARE_MEMO) return undefined;
    this.memoKinds.fill(M_HOLE, 0, this.memoHigh);
    this.memoHigh = 0;
    return { kinds: this.memoKinds, a: this.memoA, b: this.memoB, origins: this.memoOrigins };
  }

  private fail(reason: string, offset: number): never {
    throw new NotTranscodable(reason, offset);
  }

  private beginRecord(): void {
    this.memoKinds.fill(M_HOLE, 0, this.memoHigh);
    this.memoHigh = 0;
    this.memoSize = 0;
    this.unwrittenMemo = 0;
    this.flags[NODE_ROOT] = 0;
    this.isRootOpen = false;
    this.resetNodes();
    this.recordStart = this.pos;
    this.builder.beginRecord();
  }

  /** Drops every node but the constants and the root: called when nothing else is referenced. */
  private resetNodes(): void {
    this.nodeCount = FIRST_DYNAMIC;
    this.runTotal = 0;
    this.childTotal = 0;
    this.firstRun[NODE_ROOT] = -1;
  }

  private readLength8(at: number): number {
    const high = this.view.getUint32(at + 4, true);
    if (high !== 0) this.fail("an 8-byte length", at - 1);
    return this.view.getUint32(at, true);
  }

  /** The stack position below which the innermost MARK forbids popping. */
  private fence(): number {
    return this.mp === 0 ? 0 : this.marks[this.mp - 1]!;
  }

  private popMark(pos: number): number {
    if (this.mp === 0) this.fail("no MARK", pos);
    return this.marks[--this.mp]!;
  }

  private push(id: number): void {
    if (this.sp === this.stack.length) {
      if (this.sp >= MAX_STACK) this.fail("a stack this deep", 0);
      this.stack = grownInt32(this.stack, this.sp + 1);
    }
    this.stack[this.sp++] = id;
  }

  private newNode(kind: number, a: number, b: number): number {
    const id = this.nodeCount++;
    if (id === this.kinds.length) this.growNodes();
    this.kinds[id] = kind;
    this.flags[id] = 0;
    this.nodeA[id] = a;
    this.nodeB[id] = b;
    return id;
  }

  private newContainer(kind: number): number {
    const id = this.newNode(kind, 0, 0);
    this.counts[id] = 0;
    this.firstRun[id] = -1;
    return id;
  }

  /** What a stack entry was made from (a copied value keeps its first kind). */
  private originOf(id: number): number {
    if (id < 0) return this.memoOrigins[-id - 1]!;
    const kind = this.kinds[id]!;
    return kind === K_COPY ? this.origins[id]! : kind;
  }

  private pushStr(start: number, length: number, pos: number): number {
    const end = start + length;
    if (end > this.input.length) this.fail("truncated", pos);
    const input = this.input;
    let bits = 0;
    for (let i = start; i < end && bits < 0x80; i++) bits |= input[i]!;
    if (bits >= 0x80 && !isWellFormedUtf8(input, start, end)) this.fail("a str that is not well-formed UTF-8", pos);
    this.push(this.newNode(K_STR, start, length));
    return end;
  }

  private pushBytes(start: number, length: number, pos: number): number {
    if (start + length > this.input.length) this.fail("truncated", pos);
    this.push(this.newNode(K_BYTES, start, length));
    return start + length;
  }

  private pushTuple(from: number, pos: number): void {
    const id = this.newContainer(K_TUPLE);
    this.addRun(id, from, pos);
    this.sp = from;
    this.push(id);
  }

  /** APPEND(S)/SETITEM(S): the stack's items from `from` on go into `target`. */
  private extend(target: number, from: number, isDict: boolean, pos: number): void {
    const itemCount = this.sp - from;
    if (target === NODE_ROOT && isDict) {
      if ((itemCount & 1) === 1) this.fail("SETITEMS with an odd item count", pos);
      this.addRootEntries(from);
      this.sp = from;
      // Only the root is left: every node of this batch is written, so their slots are free.
      if (this.sp === 1 && this.mp === 0) {
        if (this.unwrittenMemo !== 0) this.fail("a memoized value that is never used", pos);
        this.resetNodes();
      }
      return;
    }
    const kind = this.kinds[target]!;
    if (kind !== (isDict ? K_DICT : K_LIST) || target < FIRST_DYNAMIC) this.fail("an item added to something that is not a dict or list", pos);
    if ((this.flags[target]! & SEALED) !== 0) this.fail("a container changed after it was used", pos);
    if (isDict && (itemCount & 1) === 1) this.fail("SETITEMS with an odd item count", pos);
    this.addRun(target, from, pos);
    this.sp = from;
  }

  /** Appends the stack's items from `from` on as a run of `target`'s children, sealing them. */
  private addRun(target: number, from: number, pos: number): void {
    const count = this.sp - from;
    if (count === 0) return;
    if (this.runTotal === this.runStart.length) {
      this.runStart = grownInt32(this.runStart, this.runTotal + 1);
      this.runCount = grownInt32(this.runCount, this.runTotal + 1);
      this.runNext = grownInt32(this.runNext, this.runTotal + 1);
    }
    if (this.childTotal + count > this.children.length) this.children = grownInt32(this.children, this.childTotal + count);
    const run = this.runTotal++;
    const children = this.children;
    const stack = this.stack;
    let at = this.childTotal;
    this.runStart[run] = at;
    this.runCount[run] = count;
    this.runNext[run] = -1;
    for (let i = from; i < this.sp; i++) {
      const child = stack[i]!;
      if (child === NODE_ROOT || child === target) this.fail("a container inside itself", pos);
      if (child >= 0) this.flags[child] = this.flags[child]! | SEALED;
      children[at++] = child;
    }
    this.childTotal = at;
    if (this.firstRun[target]! < 0) this.firstRun[target] = run;
    else this.runNext[this.lastRun[target]!] = run;
    this.lastRun[target] = run;
    this.counts[target] = this.counts[target]! + count;
  }

  private memoize(index: number, pos: number): void {
    if (index > this.memoHigh + MAX_MEMO_GAP) this.fail("a sparse memo index", pos);
    if (index >= this.memoKinds.length) this.growMemo(index + 1);
    const id = this.stack[this.sp - 1]!;
    // CPython never sets a memo entry twice; stack entries may name it (see the kinds above).
    if (this.memoKinds[index] !== M_HOLE) this.fail("a memo entry set twice", pos);
    this.memoSize++;
    if (index >= this.memoHigh) this.memoHigh = index + 1;
    if (id < 0) this.fail("a memoized memo copy", pos);
    if (id >= FIRST_DYNAMIC || id === NODE_ROOT) {
      if ((this.flags[id]! & MEMOIZED) !== 0) this.fail("a value memoized twice", pos);
      this.flags[id] = this.flags[id]! | MEMOIZED;
      this.memoSlots[id] = index;
      if (id !== NODE_ROOT) this.unwrittenMemo++;
    }
    this.memoKinds[index] = M_NODE;
    this.memoA[index] = id;
  }

  private recall(index: number, pos: number): void {
    const kind = index < this.memoHigh ? this.memoKinds[index]! : M_HOLE;
    if (kind === M_HOLE) this.fail("a memo key that is not there", pos);
    if (kind === M_NODE) {
      this.push(this.memoA[index]!);
      return;
    }
    this.push(-index - 1);
  }

  // ---- writing
  // Bytes go straight into the segment builder's array (`out`, up to `pos`); `room` makes space
  // and `settle` hands the position back to the builder before a row is added.

  private room(extra: number): void {
    if (this.pos + extra <= this.out.length) return;
    this.builder.commit(this.pos);
    this.out = this.builder.ensure(extra);
  }

  private settle(): void {
    this.builder.commit(this.pos);
  }

  /** One top-level entry per key/value pair on the stack from `from` on. */
  private addRootEntries(from: number): void {
    const builder = this.builder;
    const stack = this.stack;
    for (let i = from; i < this.sp; i += 2) {
      const key = stack[i]!;
      const value = stack[i + 1]!;
      if (key === NODE_ROOT || value === NODE_ROOT) this.fail("the record inside itself", 0);
      const keyStart = this.pos;
      this.write(key, 1);
      const keyEnd = this.pos;
      this.write(value, 1);
      const valueEnd = this.pos;
      this.settle();
      if (this.originOf(key) === K_STR) {
        builder.addEntry(0, false, keyStart, keyEnd, keyStart, keyEnd, valueEnd);
      } else {
        const identityStart = builder.append(this.packr.pack(canonicalKey(this.keyValue(key, keyStart, keyEnd))));
        this.out = builder.buffer;
        this.pos = builder.offset;
        builder.addEntry(0, false, identityStart, this.pos, keyStart, keyEnd, valueEnd);
      }
    }
  }

  /**
   * A non-str top-level key as the decoder would give it, for its canonical identity (1, 1.0
   * and True are one key). Read back from its msgpack bytes: only scalars get here.
   */
  private keyValue(key: number, start: number, end: number): PyValue {
    const origin = this.originOf(key);
    // A str here is an int past 64 bits written as its digits: its identity is not a str's.
    if (origin === K_TUPLE || origin === K_LIST || origin === K_DICT || isStrAt(this.out, start)) this.fail("a top-level key of this kind", 0);
    this.unpackr ??= new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" } as unknown as Options);
    return this.unpackr.unpack(this.out.subarray(start, end)) as PyValue;
  }

  private write(id: number, depth: number): void {
    const start = this.pos;
    if (id < 0) {
      this.copyOut(this.memoA[-id - 1]!, this.memoB[-id - 1]!);
      return;
    }
    const input = this.input;
    switch (this.kinds[id]) {
      case K_NONE:
        this.room(1);
        this.out[this.pos++] = 0xc0;
        return;
      case K_TRUE:
        this.room(1);
        this.out[this.pos++] = 0xc3;
        return;
      case K_FALSE:
        this.room(1);
        this.out[this.pos++] = 0xc2;
        return;
      case K_INT:
        this.room(5);
        this.pos = writeInt32(this.out, start, this.nodeA[id]!);
        break;
      case K_LONG:
        this.writeLong(this.nodeA[id]!, this.nodeB[id]!);
        break;
      case K_FLOAT:
        this.room(9);
        this.pos = writeFloat64(this.out, start, input, this.nodeA[id]!);
        break;
      case K_STR:
      case K_BYTES: {
        const at = this.nodeA[id]!;
        const length = this.nodeB[id]!;
        this.room(length + 5);
        const out = this.out;
        let p = this.kinds[id] === K_STR ? writeStrHead(out, start, length) : writeBinHead(out, start, length);
        if (length < 32) {
          for (let i = 0; i < length; i++) out[p++] = input[at + i]!;
        } else {
          out.set(input.subarray(at, at + length), p);
          p += length;
        }
        this.pos = p;
        break;
      }
      case K_COPY:
        this.copyOut(this.nodeA[id]!, this.nodeB[id]!);
        break;
      case K_LIST:
      case K_TUPLE:
        if (depth > MAX_WRITE_DEPTH) this.fail("nesting this deep", 0);
        this.checkBudget(start);
        this.room(5);
        this.pos = writeArrayHead(this.out, start, this.counts[id]!);
        for (let run = this.firstRun[id]!; run >= 0; run = this.runNext[run]!) {
          const first = this.runStart[run]!;
          const last = first + this.runCount[run]!;
          for (let i = first; i < last; i++) this.write(this.children[i]!, depth + 1);
        }
        break;
      case K_DICT:
        if (depth > MAX_WRITE_DEPTH) this.fail("nesting this deep", 0);
        this.checkBudget(start);
        this.writeDict(id, start, depth);
        break;
      default:
        this.fail("the record inside itself", 0);
    }
    // A memoized value is written once; later uses copy these bytes.
    if ((this.flags[id]! & MEMOIZED) !== 0 && id >= FIRST_DYNAMIC) this.remember(id, start);
  }

  /** Output bytes [from, end) written again at the end (a value met again through the memo). */
  private copyOut(from: number, end: number): void {
    const start = this.pos;
    const length = end - from;
    this.checkBudget(start + length);
    this.room(length);
    const out = this.out;
    if (length < 32) {
      for (let i = 0; i < length; i++) out[start + i] = out[from + i]!;
    } else {
      out.copyWithin(start, from, end);
    }
    this.pos = start + length;
  }

  private remember(id: number, start: number): void {
    const slot = this.memoSlots[id]!;
    const end = this.pos;
    const kind = this.kinds[id]!;
    this.memoKinds[slot] = M_SPAN;
    this.memoA[slot] = start;
    this.memoB[slot] = end;
    this.memoOrigins[slot] = kind;
    this.unwrittenMemo--;
    this.origins[id] = kind;
    this.kinds[id] = K_COPY;
    this.nodeA[id] = start;
    this.nodeB[id] = end;
    this.flags[id] = this.flags[id]! & ~MEMOIZED;
  }

  /**
   * A nested dict. Python keeps one entry per key; a pickle that repeats a key (never CPython's
   * own output) is left to the general path, so keys are compared: only str, int, bytes and
   * None keys are taken here, whose msgpack bytes are equal exactly when the keys are.
   */
  private writeDict(id: number, start: number, depth: number): void {
    const pairCount = this.counts[id]! >>> 1;
    this.room(5);
    this.pos = writeMapHead(this.out, start, pairCount);
    const spanBase = this.keySpanTop;
    if (spanBase + pairCount * 2 > this.keySpans.length) this.keySpans = grownInt32(this.keySpans, spanBase + pairCount * 2);
    for (let run = this.firstRun[id]!; run >= 0; run = this.runNext[run]!) {
      const first = this.runStart[run]!;
      const last = first + this.runCount[run]!;
      for (let i = first; i < last; i += 2) {
        const key = this.children[i]!;
        const origin = this.originOf(key);
        if (origin !== K_STR && origin !== K_INT && origin !== K_LONG && origin !== K_BYTES && origin !== K_NONE) {
          this.fail("a nested dict key of this kind", 0);
        }
        const keyStart = this.pos;
        this.write(key, depth + 1);
        this.keySpans[this.keySpanTop++] = keyStart;
        this.keySpans[this.keySpanTop++] = this.pos;
        this.write(this.children[i + 1]!, depth + 1);
      }
    }
    if (pairCount > 1 && this.hasRepeatedKey(spanBase, pairCount)) this.fail("a dict that repeats a key", 0);
    this.keySpanTop = spanBase;
  }

  private hasRepeatedKey(spanBase: number, pairCount: number): boolean {
    const spans = this.keySpans;
    const bytes = this.out;
    if (pairCount <= PAIRWISE_KEY_CHECK) {
      for (let i = 0; i < pairCount; i++) {
        const aStart = spans[spanBase + 2 * i]!;
        const aLength = spans[spanBase + 2 * i + 1]! - aStart;
        for (let j = i + 1; j < pairCount; j++) {
          const bStart = spans[spanBase + 2 * j]!;
          if (spans[spanBase + 2 * j + 1]! - bStart !== aLength) continue;
          let k = 0;
          while (k < aLength && bytes[aStart + k] === bytes[bStart + k]) k++;
          if (k === aLength) return true;
        }
      }
      return false;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const seen = new Set<string>();
    for (let i = 0; i < pairCount; i++) {
      const key = text.toString("latin1", spans[spanBase + 2 * i]!, spans[spanBase + 2 * i + 1]!);
      if (seen.has(key)) return true;
      seen.add(key);
    }
    return false;
  }

  /** LONG1's little-endian two's complement, written as the general path writes the int (core's writeLong1). */
  private writeLong(at: number, length: number): void {
    if (this.settings.declineBigInts === true && length > 8 && !fitsIn64Bits(this.input, at, length)) {
      this.fail("an int past 64 bits (JSON output)", at - 2);
    }
    this.room(long1Room(length));
    this.pos = writeLong1(this.out, this.pos, this.input, at, length);
  }

  private checkBudget(offset: number): void {
    if (offset - this.recordStart > this.settings.maxOutputBytes) this.fail("output past the record's budget", 0);
  }

  private growNodes(): void {
    const size = this.kinds.length * 2;
    this.kinds = grownUint8(this.kinds, size);
    this.origins = grownUint8(this.origins, size);
    this.flags = grownUint8(this.flags, size);
    this.nodeA = grownInt32(this.nodeA, size);
    this.nodeB = grownInt32(this.nodeB, size);
    this.counts = grownInt32(this.counts, size);
    this.firstRun = grownInt32(this.firstRun, size);
    this.lastRun = grownInt32(this.lastRun, size);
    this.memoSlots = grownInt32(this.memoSlots, size);
  }

  private growMemo(size: number): void {
    const grown = Math.max(size, this.memoKinds.length * 2);
    this.memoKinds = grownUint8(this.memoKinds, grown);
    this.memoA = grownInt32(this.memoA, grown);
    this.memoB = grownInt32(this.memoB, grown);
    this.memoOrigins = grownUint8(this.memoOrigins, grown);
  }
}

function grownInt32(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

function grownUint8(array: Uint8Array, needed: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

/** True when LONG1's two's complement input[at, at + length) fits int64 or uint64 (what msgpack holds as an int). */
function fitsIn64Bits(input: Uint8Array, at: number, length: number): boolean {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[at + i]!);
  if (input[at + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
  return value >= INT64_MIN && value < UINT64_LIMIT;
}
