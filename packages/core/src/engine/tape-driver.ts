import {
  FIRST_DYNAMIC,
  grownInt32,
  grownUint8,
  K_BYTES,
  K_COPY,
  K_DICT,
  K_FLOAT,
  K_INT,
  K_LIST,
  K_LONG,
  K_STR,
  K_TUPLE,
  MEMOIZED,
  NODE_EMPTY_TUPLE,
  NODE_FALSE,
  NODE_NONE,
  NODE_TRUE,
  SEALED,
  Tape,
} from "./tape.js";
import type { Py2StringEncoding } from "../decoder/options.js";
import { hasEncodedSurrogate } from "../decoder/text.js";
import type { IslandReader } from "./island.js";

/**
 * Thrown (as this one object) when the tape cannot hold the record exactly: an opcode outside
 * the plain-data subset (a class where no island can be read, protocol 0/1 text opcodes, ...), or input the value decoder must judge
 * (malformed, a frame rule broken, a limit reached). The engine then decodes the record with the
 * Unpickler, which gives the same output, or the exact PickleError.
 */
export const DECLINE: { readonly reason: "decline" } = Object.freeze({ reason: "decline" });

export function decline(): never {
  throw DECLINE;
}

/** What the driver hands finished parts of a record to. */
export interface TapeConsumer {
  /** A record starts at absolute byte `offset`. */
  beginRecord(recordIndex: number, offset: number): void;
  /**
   * New children of the record's root container (dict pairs or list items, as node ids or memo
   * copies, see TapeDriver.memoCopy) while nothing else is open: the consumer writes them now,
   * turning every MEMOIZED node it writes into K_COPY (its output span), so the nodes can go.
   */
  rootItems(tape: Tape, driver: TapeDriver, root: number, items: Int32Array, from: number, to: number, inputBytes: number): void;
  /** The record's value is `top` (a node id, a memo copy, or `root` when root items were streamed). */
  endRecord(tape: Tape, driver: TapeDriver, top: number, isStreamedRoot: boolean, inputBytes: number): void;
  /** Drops what the current record wrote (it declined). */
  abortRecord(): void;
  /** Makes a work buffer: `length` zeroed bytes, [`from`, `to`) written next (TapeEngineOptions.newWorkBytes). */
  newWorkBytes(length: number, from: number, to: number): Uint8Array;
}

const MAX_STACK = 1 << 24;
/** A BINPUT index this far past the memo's end is left to the value decoder (sparse memo). */
export const MAX_MEMO_GAP = 1024;
/** LONG1 payloads longer than this are left to the value decoder. */
const MAX_LONG_BYTES = 64;
/**
 * A root's batch is written (and its nodes freed) only once the record holds this many nodes:
 * a small record is written whole at its STOP, which spares it the memo bookkeeping.
 */
const STREAM_MIN_NODES = 1 << 14;
/** A window this large shrinks when a record needs a quarter of it. */
const SHRINK_WINDOW_BYTES = 1 << 24;
/** With `mayBorrowInput`, chunks this large become the window instead of being copied into it. */
const BORROW_MIN_BYTES = 1 << 20;
/** Windows past this size are left to the value decoder (positions are int32). */
const MAX_WINDOW = 2 ** 31 - 1;

// Memo entry kinds.
const M_HOLE = 0;
/** memoA: node id. */
const M_NODE = 1;
/** memoA, memoB: the consumer's output span; memoOrigin: the value's kind. */
const M_SPAN = 2;

/** Result of `run`. */
export const RAN_OUT = 0;
export const RECORD_DONE = 1;

/**
 * Reads the plain-data opcodes of protocols 2-5 (None, bools, ints, floats, str, bytes, lists,
 * tuples, dicts, the memo, frames) from a window of input that grows chunk by chunk, and records
 * each record as a tape. An opcode whose argument has not fully arrived waits at its first byte:
 * nothing before it is read again. Everything else declines (see DECLINE).
 */
export class TapeDriver {
  readonly tape = new Tape();
  /** The input window: bytes [0, windowLength) are input from absolute offset windowBase. */
  window: Uint8Array = new Uint8Array(1 << 16);
  windowLength = 0;
  windowBase = 0;
  protected view = new DataView(this.window.buffer);
  /**
   * Set by the engine when the caller never reuses a chunk's memory (TapeEngineOptions
   * .transientChunks off): a big chunk that comes when the window holds nothing becomes the window
   * itself, a view, instead of being copied into it (`convert` of a 150 MB file pushes it whole).
   */
  mayBorrowInput = false;
  /** The window is a view of the caller's chunk (mayBorrowInput): never written, replaced before it would be. */
  private isWindowBorrowed = false;
  /** Read position (window-relative). */
  pos = 0;
  /** First byte of the current record (window-relative). */
  recordStart = 0;
  isInRecord = false;
  recordIndex = 0;
  /** Records written by replaying a learned record shape (record-shape.ts), not opcode by opcode. */
  shapeRecords = 0;
  /** Dicts inside records written by replaying a learned value shape (value-shape.ts). */
  shapeValues = 0;
  /** Set by a writer whose `dictValue` may write a dict whole: EMPTY_DICT asks it first. */
  protected takesValueShapes = false;
  /**
   * Entries mode: every batch into the root is handed to the consumer as it completes (not only
   * in records past STREAM_MIN_NODES), and a root batch that cannot be (a MARK below the root)
   * declines.
   */
  streamsEveryRootBatch = false;
  /** The memo length of the last record (the Unpickler's hint for a missing memo key needs it). */
  lastRecordMemoLength = 0;
  /**
   * Set by the engine when its input can be pushed again from an earlier offset: a record that
   * has read this many bytes drops from the window, as more input comes, the bytes nothing points
   * at any more (see `firstHeldByte`), so a giant record is not held whole (`recordStart` then
   * goes below 0, and a record that declines is read again from its first byte: see
   * `isRecordStartDropped`). Smaller records keep theirs, so one that declines goes to the value
   * path from the window.
   */
  dropReadInputAfter = Number.POSITIVE_INFINITY;
  /**
   * Where the last root batch written and freed ended (window-relative, after its SETITEMS or
   * APPENDS), or -1: the tape's nodes point at the input after it only (they are made for the
   * next batch), and the memo at output spans.
   */
  private rootBatchEnd = -1;
  /** Set by `extend` when it wrote and freed a root batch: the opcode's end becomes `rootBatchEnd`. */
  private isRootBatchFreed = false;

  // The unpickler's stack and marks.
  protected stack = new Int32Array(1 << 10);
  protected sp = 0;
  protected marks = new Int32Array(64);
  protected mp = 0;
  /** The record's root container (streamed by batches) or -1. */
  private root = -1;
  private isRootStreamed = false;
  /** Where the current frame ends (window-relative), or -1. */
  protected frameEnd = -1;
  /** The current record's protocol (its PROTO opcode's; 0 before one), for the classes islands resolve. */
  protected proto = 0;
  /** Reads islands (island.ts) for a driver that writes them; null: a class declines the record. */
  islands: IslandReader | null = null;
  /**
   * How the decoder reads a Python 2 str (SHORT_BINSTRING, BINSTRING; its `encoding` option), set
   * by the engine; null: such a str declines the record.
   */
  py2Encoding: Py2StringEncoding | null = null;

  // The memo (per record).
  memoKinds = new Uint8Array(1 << 10);
  memoA = new Int32Array(1 << 10);
  memoB = new Int32Array(1 << 10);
  memoOrigins = new Uint8Array(1 << 10);
  protected memoHigh = 0;
  /** Entries set (MEMOIZE's next index, as CPython's len(memo)). */
  protected memoSize = 0;
  /** Memo indices below this were settled by a root batch (CPython sets indices in order). */
  private settledHigh = 0;

  constructor(
    protected readonly consumer: TapeConsumer,
    private readonly maxBytesLength: number,
  ) {}

  /** Absolute offset of the current record's first byte. */
  get recordOffset(): number {
    return this.windowBase + this.recordStart;
  }

  /** Absolute offset of the read position. */
  get offset(): number {
    return this.windowBase + this.pos;
  }

  /**
   * The input's size, when known: a record that outgrows 1 MiB of window gets room for the rest
   * of the input at once (no doubling copies of a giant record); small records never do.
   */
  inputSizeHint = 0;

  /**
   * Appends input. Bytes before the current record are dropped first (nothing refers to them);
   * past `dropReadInputAfter`, the record's own bytes it reads no more too (`firstHeldByte`).
   */
  append(chunk: Uint8Array): void {
    const keepFrom = this.isInRecord && this.pos - this.recordStart >= this.dropReadInputAfter ? this.firstHeldByte() : this.recordStart;
    if (keepFrom > 0) this.shift(keepFrom);
    const needed = this.windowLength + chunk.length;
    if (needed > MAX_WINDOW) decline();
    if (this.windowLength === 0 && this.mayBorrowInput && chunk.length >= BORROW_MIN_BYTES) {
      this.useWindow(chunk, true);
      this.windowLength = needed;
      return;
    }
    if (needed > this.window.length || this.isWindowBorrowed) {
      // A window that drops read input holds at most about twice the bytes a record reads before
      // it does: it is sized for that, not for the rest of a giant record.
      const rest = Math.min(this.inputSizeHint - this.windowBase, 2 * this.dropReadInputAfter);
      const size = needed > 1 << 20 && rest > needed && rest <= MAX_WINDOW ? rest : Math.max(needed, this.window.length * 2);
      // Only a window sized from the input's known length is sure to be filled (touched ahead).
      const grown = this.consumer.newWorkBytes(size, this.windowLength, size === rest ? size : needed);
      grown.set(this.window.subarray(0, this.windowLength));
      this.useWindow(grown, false);
    } else if (this.window.length > SHRINK_WINDOW_BYTES && needed < 1 << 20) {
      // A giant record went by: do not keep its window for the small ones after it (a record
      // past 1 MiB keeps what it has, so a giant one is never shrunk while it arrives).
      const smaller = new Uint8Array(Math.max(needed * 2, 1 << 16));
      smaller.set(this.window.subarray(0, this.windowLength));
      this.useWindow(smaller, false);
    }
    this.window.set(chunk, this.windowLength);
    this.windowLength = needed;
  }

  private useWindow(window: Uint8Array, isBorrowed: boolean): void {
    this.window = window;
    this.view = new DataView(window.buffer, window.byteOffset, window.byteLength);
    this.isWindowBorrowed = isBorrowed;
  }

  /** After the opcode whose `extend` freed a root batch: the input before `end` is read no more. */
  private noteRootBatchEnd(end: number): void {
    this.isRootBatchFreed = false;
    this.rootBatchEnd = end;
  }

  /**
   * The first window byte the record in progress may still read (between runs): the tape's nodes
   * point into the input until their batch is written, so the bytes after the last root batch
   * freed (or the record's first byte). A writer with no nodes (DirectDriver) needs from `pos` on.
   */
  protected firstHeldByte(): number {
    return Math.max(this.recordStart, this.rootBatchEnd);
  }

  /** Moves the window's bytes from `by` on to its start, moving every position that points into it. */
  private shift(by: number): void {
    // A borrowed window is the caller's memory: it is viewed from `by` on, not written; once all
    // of it was read it is let go untouched (a worker's batch input is transferred back, its
    // memory detached, before the next batch comes: parallel/batch-encoder.ts).
    if (!this.isWindowBorrowed) this.window.copyWithin(0, by, this.windowLength);
    else if (by < this.windowLength) this.useWindow(this.window.subarray(by, this.windowLength), true);
    else this.useWindow(new Uint8Array(1 << 16), false);
    this.windowLength -= by;
    this.windowBase += by;
    this.pos -= by;
    this.recordStart -= by;
    if (this.rootBatchEnd >= 0) this.rootBatchEnd = Math.max(this.rootBatchEnd - by, 0);
    if (this.frameEnd >= 0) this.frameEnd -= by;
    if (!this.isInRecord) return;
    const tape = this.tape;
    const kinds = tape.kinds;
    const nodeA = tape.nodeA;
    for (let id = FIRST_DYNAMIC; id < tape.nodeCount; id++) {
      const kind = kinds[id]!;
      if (kind === K_LONG || kind === K_FLOAT || kind === K_STR || kind === K_BYTES) nodeA[id] = nodeA[id]! - by;
    }
  }

  /** True when the current record's first bytes have left the window (`dropReadInputAfter`): the value path needs them pushed again. */
  get isRecordStartDropped(): boolean {
    return this.recordStart < 0;
  }

  /** Forgets the current record and all input: the engine took the record elsewhere. */
  skipTo(absoluteOffset: number, recordIndex: number): void {
    this.windowBase = absoluteOffset;
    this.windowLength = 0;
    this.pos = 0;
    this.recordStart = 0;
    this.recordIndex = recordIndex;
    this.isInRecord = false;
    this.frameEnd = -1;
  }

  /**
   * Forgets the current record: the engine took the input up to `absoluteOffset` elsewhere. What
   * the window holds past that offset stays, to be read next (the engine appends only the input
   * after `windowEnd`): a stream of records the tape declines one after another (each holding a
   * datetime, say) would otherwise copy the rest of the chunk into the window again per record.
   */
  resumeAt(absoluteOffset: number, recordIndex: number): void {
    if (absoluteOffset < this.windowBase || absoluteOffset > this.windowEnd) {
      this.skipTo(absoluteOffset, recordIndex);
      return;
    }
    this.pos = absoluteOffset - this.windowBase;
    this.recordStart = this.pos;
    this.recordIndex = recordIndex;
    this.isInRecord = false;
    this.frameEnd = -1;
  }

  /** Absolute offset just past the input the window holds. */
  get windowEnd(): number {
    return this.windowBase + this.windowLength;
  }

  /** Decodes from `pos` until the window runs out or a record completes. Throws DECLINE. */
  run(): number {
    const input = this.window;
    const end = this.windowLength;
    const view = this.view;
    let pos = this.pos;
    // A record ends only at STOP, which returns: so only the first opcode here may begin one.
    if (!this.isInRecord && pos < end) this.beginRecord(pos);
    let frameEnd = this.frameEnd;
    while (pos < end) {
      const start = pos;
      const op = input[pos]!;
      // Opcode bytes as literals, named in comments (checked against opcodes/codes.ts by
      // test/core/engine/tape-driver-opcodes.test.ts): V8 makes a jump table of a switch over
      // number literals, while cases that are imported constants are compared one by one
      // (records.pkl -> msgpack: 12% less CPU).
      switch (op) {
        case 0x7d: // EMPTY_DICT
        case 0x5d: /* EMPTY_LIST */ {
          if (op === 0x7d /* EMPTY_DICT */ && this.takesValueShapes) {
            // The whole dict by a learned value shape, within the frame it starts in.
            const after = this.dictValue(pos, frameEnd > pos && frameEnd < end ? frameEnd : end);
            if (after > pos) {
              pos = after;
              break;
            }
          }
          this.pushEmpty(op === 0x7d /* EMPTY_DICT */ ? K_DICT : K_LIST);
          pos += 1;
          break;
        }
        case 0x29: // EMPTY_TUPLE
          this.pushConstant(NODE_EMPTY_TUPLE);
          pos += 1;
          break;
        case 0x28: // MARK
          if (this.mp === this.marks.length) this.marks = grownInt32(this.marks, this.mp + 1);
          this.marks[this.mp++] = this.sp;
          pos += 1;
          break;
        case 0x8c: // SHORT_BINUNICODE
        case 0x43: /* SHORT_BINBYTES */ {
          if (pos + 2 > end) break;
          const length = input[pos + 1]!;
          if (pos + 2 + length > end) break;
          this.pushText(op === 0x8c /* SHORT_BINUNICODE */, pos + 2, length);
          pos += 2 + length;
          break;
        }
        case 0x58: // BINUNICODE
        case 0x42: /* BINBYTES */ {
          if (pos + 5 > end) break;
          const length = view.getUint32(pos + 1, true);
          if (length > this.maxBytesLength) decline();
          if (pos + 5 + length > end) break;
          this.pushText(op === 0x58 /* BINUNICODE */, pos + 5, length);
          pos += 5 + length;
          break;
        }
        case 0x55: /* SHORT_BINSTRING */ {
          if (pos + 2 > end) break;
          const length = input[pos + 1]!;
          if (pos + 2 + length > end) break;
          this.pushPy2Str(pos + 2, length);
          pos += 2 + length;
          break;
        }
        case 0x54: /* BINSTRING */ {
          if (pos + 5 > end) break;
          const length = view.getInt32(pos + 1, true);
          if (length < 0 || length > this.maxBytesLength) decline();
          if (pos + 5 + length > end) break;
          this.pushPy2Str(pos + 5, length);
          pos += 5 + length;
          break;
        }
        case 0x8d: // BINUNICODE8
        case 0x8e: /* BINBYTES8 */ {
          if (pos + 9 > end) break;
          if (view.getUint32(pos + 5, true) !== 0) decline();
          const length = view.getUint32(pos + 1, true);
          if (length > this.maxBytesLength) decline();
          if (pos + 9 + length > end) break;
          this.pushText(op === 0x8d /* BINUNICODE8 */, pos + 9, length);
          pos += 9 + length;
          break;
        }
        case 0x94: // MEMOIZE
          if (this.sp <= this.fence()) decline(); // nothing above the last MARK: an underflow
          this.memoize(this.memoSize);
          pos += 1;
          break;
        case 0x71: // BINPUT
          if (pos + 2 > end) break;
          if (this.sp <= this.fence()) decline(); // nothing above the last MARK: an underflow
          this.memoize(input[pos + 1]!);
          pos += 2;
          break;
        case 0x72: // LONG_BINPUT
          if (pos + 5 > end) break;
          if (this.sp <= this.fence()) decline(); // nothing above the last MARK: an underflow
          this.memoize(view.getUint32(pos + 1, true));
          pos += 5;
          break;
        case 0x68: // BINGET
          if (pos + 2 > end) break;
          if (this.recall(input[pos + 1]!)) {
            pos += 2;
            break;
          }
          // A global from the memo starts an island (as GLOBAL does below).
          pos = this.island(start, frameEnd);
          frameEnd = this.frameEnd;
          break;
        case 0x6a: // LONG_BINGET
          if (pos + 5 > end) break;
          if (this.recall(view.getUint32(pos + 1, true))) {
            pos += 5;
            break;
          }
          pos = this.island(start, frameEnd);
          frameEnd = this.frameEnd;
          break;
        case 0x93: // STACK_GLOBAL
        case 0x63: // GLOBAL
          // An island reads its own opcodes, frames included (it may end in a later frame); -1
          // when it runs out of input (it is read again from here).
          pos = this.island(start, frameEnd);
          frameEnd = this.frameEnd;
          break;
        case 0x4b: // BININT1
          if (pos + 2 > end) break;
          this.pushInt(input[pos + 1]!);
          pos += 2;
          break;
        case 0x4d: // BININT2
          if (pos + 3 > end) break;
          this.pushInt(view.getUint16(pos + 1, true));
          pos += 3;
          break;
        case 0x4a: // BININT
          if (pos + 5 > end) break;
          this.pushInt(view.getInt32(pos + 1, true));
          pos += 5;
          break;
        case 0x8a: /* LONG1 */ {
          if (pos + 2 > end) break;
          const length = input[pos + 1]!;
          if (length > MAX_LONG_BYTES) decline();
          if (pos + 2 + length > end) break;
          this.pushLong(pos + 2, length);
          pos += 2 + length;
          break;
        }
        case 0x47: // BINFLOAT
          if (pos + 9 > end) break;
          this.pushFloat(pos + 1);
          pos += 9;
          break;
        case 0x4e: // NONE
          this.pushConstant(NODE_NONE);
          pos += 1;
          break;
        case 0x88: // NEWTRUE
          this.pushConstant(NODE_TRUE);
          pos += 1;
          break;
        case 0x89: // NEWFALSE
          this.pushConstant(NODE_FALSE);
          pos += 1;
          break;
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: /* TUPLE3 */ {
          const from = this.sp - (op - 0x85 /* TUPLE1 */ + 1);
          if (from < this.fence()) decline();
          this.pushContainer(K_TUPLE, from);
          pos += 1;
          break;
        }
        case 0x74: // TUPLE
          this.pushContainer(K_TUPLE, this.popMark());
          pos += 1;
          break;
        case 0x6c: // LIST
          this.pushContainer(K_LIST, this.popMark());
          pos += 1;
          break;
        case 0x64: /* DICT */ {
          const from = this.popMark();
          if (((this.sp - from) & 1) === 1) decline();
          this.pushContainer(K_DICT, from);
          pos += 1;
          break;
        }
        case 0x65: // APPENDS
        case 0x75: /* SETITEMS */ {
          const from = this.popMark();
          // The container is the value below the MARK, above any MARK under it (`( ( K1 e`
          // underflows in the value path).
          if (from - 1 < this.fence()) decline();
          this.extend(from - 1, from, op === 0x75 /* SETITEMS */);
          pos += 1;
          if (this.isRootBatchFreed) this.noteRootBatchEnd(pos);
          break;
        }
        case 0x8f: // EMPTY_SET
          this.pushEmptySet();
          pos += 1;
          break;
        case 0x90: /* ADDITEMS */ {
          const from = this.popMark();
          if (from - 1 < this.fence()) decline();
          this.addItems(from - 1, from);
          pos += 1;
          break;
        }
        case 0x91: // FROZENSET
          this.pushFrozenSet(this.popMark());
          pos += 1;
          break;
        case 0x61: // APPEND
          if (this.sp - 2 < this.fence()) decline();
          this.extend(this.sp - 2, this.sp - 1, false);
          pos += 1;
          if (this.isRootBatchFreed) this.noteRootBatchEnd(pos);
          break;
        case 0x73: // SETITEM
          if (this.sp - 3 < this.fence()) decline();
          this.extend(this.sp - 3, this.sp - 2, true);
          pos += 1;
          if (this.isRootBatchFreed) this.noteRootBatchEnd(pos);
          break;
        case 0x62: // BUILD
          this.build();
          pos += 1;
          break;
        case 0x81: // NEWOBJ
        case 0x52: // REDUCE
          this.callClass();
          pos += 1;
          break;
        case 0x80: // PROTO
          if (pos + 2 > end) break;
          if (input[pos + 1]! < 2 || input[pos + 1]! > 5) decline();
          this.proto = input[pos + 1]!;
          pos += 2;
          break;
        case 0x95: /* FRAME */ {
          if (pos + 9 > end) break;
          // A FRAME inside a frame, or one whose size needs more than 31 bits: the value decoder judges.
          if (frameEnd > pos || view.getUint32(pos + 5, true) !== 0) decline();
          const size = view.getUint32(pos + 1, true);
          if (size > MAX_WINDOW - (this.windowBase + pos + 9)) decline();
          frameEnd = pos + 9 + size;
          this.frameEnd = frameEnd;
          pos += 9;
          break;
        }
        case 0x2e: // STOP
          if (this.sp !== 1 || this.mp !== 0) decline();
          // A frame that goes on after STOP: left to the value decoder.
          if (frameEnd > pos + 1) decline();
          pos += 1;
          this.pos = pos;
          this.finishRecord();
          return RECORD_DONE;
        default:
          decline();
      }
      if (pos <= start) {
        // The opcode's argument has not fully arrived (or an island's input, -1: the island
        // judged its frames itself): wait at its first byte.
        if (pos === start && start < frameEnd && frameEnd < end) decline();
        this.pos = start;
        return RAN_OUT;
      }
      // No opcode may run over the end of the frame it starts in (PEP 3154).
      if (pos > frameEnd && start < frameEnd) decline();
    }
    this.pos = pos;
    return RAN_OUT;
  }

  /**
   * EMPTY_DICT at `at` (takesValueShapes): a writer that wrote the dict whole, reading no input
   * past `end`, returns the position after it; else -1, and the dict is read opcode by opcode.
   */
  protected dictValue(_at: number, _end: number): number {
    return -1;
  }

  /** Memo copy ids: a stack entry or child -(i + 1) is memo entry i, already written by the consumer. */
  memoSpanStart(copy: number): number {
    return this.memoA[-copy - 1]!;
  }

  memoSpanEnd(copy: number): number {
    return this.memoB[-copy - 1]!;
  }

  memoOrigin(copy: number): number {
    return this.memoOrigins[-copy - 1]!;
  }

  protected beginRecord(at: number): void {
    this.isInRecord = true;
    this.recordStart = at;
    this.rootBatchEnd = -1;
    this.clearMemo();
    this.memoHigh = 0;
    this.memoSize = 0;
    this.settledHigh = 0;
    this.sp = 0;
    this.mp = 0;
    this.proto = 0;
    this.root = -1;
    this.isRootStreamed = false;
    this.tape.truncate(FIRST_DYNAMIC);
    this.consumer.beginRecord(this.recordIndex, this.recordOffset);
  }

  /** Forgets the last record's memo entries (before memoHigh is reset). */
  protected clearMemo(): void {
    this.memoKinds.fill(M_HOLE, 0, this.memoHigh);
  }

  protected finishRecord(): void {
    this.lastRecordMemoLength = this.memoSize;
    const top = this.stack[0]!;
    const isStreamed = this.isRootStreamed && top === this.root;
    this.consumer.endRecord(this.tape, this, top, isStreamed, this.pos - this.recordStart);
    this.leaveRecord();
  }

  /** After STOP: the next record starts after it. */
  protected leaveRecord(): void {
    this.isInRecord = false;
    this.recordStart = this.pos;
    this.frameEnd = this.frameEnd > this.pos ? this.frameEnd : -1;
    this.sp = 0;
    this.recordIndex++;
  }

  /** The value decoder takes over the record: its nodes are dropped. */
  abandonRecord(): void {
    if (this.isInRecord) this.consumer.abortRecord();
    this.isInRecord = false;
  }

  protected fence(): number {
    return this.mp === 0 ? 0 : this.marks[this.mp - 1]!;
  }

  private popMark(): number {
    if (this.mp === 0) decline();
    return this.marks[--this.mp]!;
  }

  protected push(id: number): void {
    if (this.sp === this.stack.length) this.growStack();
    this.stack[this.sp++] = id;
  }

  protected growStack(): void {
    if (this.sp >= MAX_STACK) decline();
    this.stack = grownInt32(this.stack, this.sp + 1);
  }

  // What each value opcode makes. A subclass may write its output instead of tape nodes
  // (msgpack-direct-driver.ts); `run` is the one reader of opcodes for both.

  /** EMPTY_DICT, EMPTY_LIST. */
  protected pushEmpty(kind: number): void {
    const id = this.tape.newContainer(kind);
    if (this.sp === 0 && this.root < 0) this.root = id;
    this.push(id);
  }

  /** None, True, False, the empty tuple (NODE_* ids). */
  protected pushConstant(node: number): void {
    this.push(node);
  }

  protected pushInt(value: number): void {
    this.push(this.tape.newNode(K_INT, value, 0));
  }

  /** LONG1's payload input[at, at + length). */
  protected pushLong(at: number, length: number): void {
    this.push(this.tape.newNode(K_LONG, at, length));
  }

  /** BINFLOAT's 8 bytes at input[at]. */
  protected pushFloat(at: number): void {
    this.push(this.tape.newNode(K_FLOAT, at, 0));
  }

  /** A str's UTF-8 is checked by the writer that copies it (one pass over its bytes, not two). */
  protected pushText(isStr: boolean, start: number, length: number): void {
    this.push(this.tape.newNode(isStr ? K_STR : K_BYTES, start, length));
  }

  /**
   * A Python 2 str at window[at, at + length) as the decoder's `encoding` reads it: bytes for
   * "bytes"; text whose bytes are ASCII for "latin1" and "ascii" (the same text as UTF-8), any
   * UTF-8 for "utf-8", and Latin-1 letters under "latin1" (pushLatin1). Other bytes (an ASCII
   * error) are the value path's.
   */
  private pushPy2Str(at: number, length: number): void {
    const encoding = this.py2Encoding;
    if (encoding === "bytes") {
      this.pushText(false, at, length);
      return;
    }
    if (encoding === null) decline();
    // Python's strict codec refuses an encoded surrogate: the value path words that error.
    if (encoding === "utf-8" && hasEncodedSurrogate(this.window, at, length)) decline();
    if (encoding !== "utf-8") {
      const input = this.window;
      let high = 0;
      for (let i = at; i < at + length; i++) high |= input[i]!;
      if (high >= 0x80) {
        if (encoding !== "latin1") decline();
        this.pushLatin1(at, length);
        return;
      }
    }
    this.pushText(true, at, length);
  }

  /**
   * A str whose code points are the bytes window[at, at + length) (a Python 2 str read as
   * Latin-1, some of them past 0x7f). The tape holds UTF-8 only: a writer that converts overrides.
   */
  protected pushLatin1(_at: number, _length: number): void {
    decline();
  }

  /** TUPLE*, LIST, DICT: the stack's items from `from` on become one container. */
  protected pushContainer(kind: number, from: number): void {
    const tape = this.tape;
    const id = tape.newContainer(kind);
    if (!tape.addRun(id, this.stack, from, this.sp)) decline();
    this.sp = from;
    this.push(id);
  }

  /** APPEND(S)/SETITEM(S): the stack's items from `from` on go into the container at stack slot `slot`. */
  protected extend(slot: number, from: number, isDict: boolean): void {
    const tape = this.tape;
    const target = this.stack[slot]!;
    if (target < FIRST_DYNAMIC || tape.kinds[target] !== (isDict ? K_DICT : K_LIST)) decline();
    if ((tape.flags[target]! & SEALED) !== 0) decline();
    if (isDict && ((this.sp - from) & 1) === 1) decline();
    if (target === this.root && from === 1 && this.mp === 0 && (this.streamsEveryRootBatch || tape.nodeCount >= STREAM_MIN_NODES)) {
      // Only the root is open: its new items can be written now and their nodes freed.
      for (let i = from; i < this.sp; i++) if (this.stack[i] === target) decline();
      this.isRootStreamed = true;
      this.consumer.rootItems(tape, this, target, this.stack, from, this.sp, this.pos - this.recordStart);
      this.sp = from;
      this.settleMemo();
      tape.firstRun[target] = -1;
      tape.truncate(target + 1);
      this.isRootBatchFreed = true;
      return;
    }
    if (this.streamsEveryRootBatch && target === this.root) decline();
    if (!tape.addRun(target, this.stack, from, this.sp)) decline();
    this.sp = from;
  }

  /**
   * EMPTY_SET. The tape has no sets: a writer that writes them (as arrays, the value path's JSON
   * and msgpack of a set) overrides this, ADDITEMS and FROZENSET.
   */
  protected pushEmptySet(): void {
    decline();
  }

  /** ADDITEMS: the stack's items from `from` on go into the set at stack slot `slot`. */
  protected addItems(_slot: number, _from: number): void {
    decline();
  }

  /** FROZENSET: the stack's items from `from` on become one frozenset. */
  protected pushFrozenSet(_from: number): void {
    decline();
  }

  /** After a root batch: memo entries of written nodes become output spans; any other is left to the value decoder. */
  private settleMemo(): void {
    const tape = this.tape;
    for (let index = this.settledHigh; index < this.memoHigh; index++) {
      if (this.memoKinds[index] !== M_NODE) continue;
      const id = this.memoA[index]!;
      if (id === this.root || id < FIRST_DYNAMIC) continue;
      if (tape.kinds[id] !== K_COPY) decline();
      this.memoKinds[index] = M_SPAN;
      this.memoA[index] = tape.nodeA[id]!;
      this.memoB[index] = tape.nodeB[id]!;
      this.memoOrigins[index] = tape.origins[id]!;
    }
    this.settledHigh = this.memoHigh;
  }

  protected memoize(index: number): void {
    // Past the memo's end by far (sparse), or below what a root batch settled: the value decoder's.
    if (index > this.memoHigh + MAX_MEMO_GAP || index < this.settledHigh) decline();
    if (index >= this.memoKinds.length) this.growMemo(index + 1);
    // CPython's own pickles never set an entry twice; a pickle that does is left to the value decoder.
    if (this.memoKinds[index] !== M_HOLE) decline();
    const id = this.stack[this.sp - 1]!;
    if (id < FIRST_DYNAMIC) {
      if (id < 0) decline();
      // A constant: recalling it pushes the same constant.
    } else {
      const tape = this.tape;
      if ((tape.flags[id]! & MEMOIZED) !== 0) decline();
      tape.flags[id] = tape.flags[id]! | MEMOIZED;
      tape.memoSlots[id] = index;
    }
    if (index >= this.memoHigh) this.memoHigh = index + 1;
    // Entries, as CPython's len(memo): a BINPUT over a set index replaces it.
    if (this.memoKinds[index] === M_HOLE) this.memoSize++;
    this.memoKinds[index] = M_NODE;
    this.memoA[index] = id;
  }

  /** BINGET, LONG_BINGET: pushes the memo entry's value; false when it is a global that starts an island instead (see `island`). */
  protected recall(index: number): boolean {
    const kind = index < this.memoHigh ? this.memoKinds[index]! : M_HOLE;
    if (kind === M_HOLE) decline();
    this.push(kind === M_NODE ? this.memoA[index]! : -index - 1);
    return true;
  }

  /**
   * The island (island.ts) whose first opcode is at `start` (GLOBAL, STACK_GLOBAL, or a memo read
   * of a global), inside the frame ending at `frameEnd` (or none when it is not past `start`): a
   * writer that can write it does, and returns the position after it (with `this.frameEnd` the
   * frame it ends in), or -1 when it goes on past the input there is. The tape itself holds no
   * islands: the record declines.
   */
  protected island(_start: number, _frameEnd: number): number {
    decline();
  }

  /** BUILD: a writer that opened the object below its state (DirectDriver's plain objects) closes it; the tape has none. */
  protected build(): void {
    decline();
  }

  /** NEWOBJ or REDUCE: a writer that opened the object below its arguments (DirectDriver's plain objects) closes it; the tape has none. */
  protected callClass(): void {
    decline();
  }

  protected growMemo(size: number): void {
    const grown = Math.max(size, this.memoKinds.length * 2);
    this.memoKinds = grownUint8(this.memoKinds, grown);
    this.memoA = grownInt32(this.memoA, grown);
    this.memoB = grownInt32(this.memoB, grown);
    this.memoOrigins = grownUint8(this.memoOrigins, grown);
  }
}
