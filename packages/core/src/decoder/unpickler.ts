import { builtinClasses } from "../classes/builtin-registry.js";
import type { ReconstructContext } from "../classes/registry.js";
import { hasRawPayload, type PyRawPayload, type RawPayload } from "../classes/joblib.js";
import { PickleError, type PickleErrorCode, TruncatedError } from "../errors.js";
import {
  lengthPrefixBytes,
  TAKEN_FROM_ARGUMENT1,
  TAKEN_FROM_ARGUMENT8U,
  TWO_NEWLINES,
} from "../opcodes/arg-kinds.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE, NOT_AN_OPCODE } from "../opcodes/table.js";
import { PyGlobal, PyInstance, PyOutOfBandBuffer, PyPersistentId } from "../values/placeholders.js";
import {
  createDict,
  isTuple,
  markFrozenSet,
  markTuple,
  type PyDict,
  PyFloat,
  type PyValue,
} from "../values/py-types.js";
import { applyState, callValue, kwargsDict, recordDiscardedCall, StateRefused } from "./calls.js";
import { ClassResolver } from "./class-resolver.js";
import { appendItem, exactList, pushEntries, pushRemainingEntries, setItemsFrom } from "./containers.js";
import { describeValue } from "./describe-value.js";
import { claimedLength } from "./claimed-length.js";
import { crossingReason, frameEndOf, nestedFrameReason, stopInsideFrameReason } from "./frame-rule.js";
import {
  decodeLongBytes,
  parseFloatLine,
  parseIntLine,
  parseLongLine,
  parseMemoIndex,
} from "./numbers.js";
import type { UnpicklerOptions } from "./options.js";
import { DenseMemo } from "./dense-memo.js";
import { PayloadFill } from "./payload-fill.js";
import { Py2RawBytes } from "./py2-raw-bytes.js";
import { byteArrayValue, payloadBytes, py2StringValue, VIEW_MIN_BYTES } from "./payload-values.js";
import { resolveSettings, type UnpicklerSettings } from "./settings.js";
import {
  decodeAscii,
  decodeQuotedString,
  decodeRawUnicodeEscape,
  decodeUtf8,
  encodeLatin1,
} from "./text.js";

const EMPTY = new Uint8Array(0);
/** A memo slot that entries mode chose not to keep (no GET reads it). */
const DROPPED: unique symbol = Symbol("dropped memo entry");
/** A memo slot below the highest PUT index that no PUT filled (the dense memo has a hole there). */
const HOLE: unique symbol = Symbol("memo hole");
type MemoSlot = PyValue | typeof DROPPED | typeof HOLE;
/** A PUT this far past the dense memo's end still extends it (holes in between); further ones go to a Map. */
const MAX_MEMO_GAP = 1024;

/**
 * Raw bytes that follow a BUILD outside any opcode (joblib's arrays, see classes/joblib.ts),
 * while they arrive: an optional padding-length byte and padding, then `length` bytes.
 */
interface RawRead {
  readonly target: PyRawPayload;
  /** Absolute offset of the BUILD opcode, where errors are reported. */
  readonly opcodeOffset: number;
  /** -1 until the padding-length byte is read (when padded), then padding bytes left to skip. */
  skip: number;
  readonly length: number;
  filled: number;
  readonly parts: Uint8Array[];
  /** For a payload that is a whole pickle (joblib's object arrays): the decoder reading it, else null. */
  readonly nested: Unpickler | null;
}

/**
 * A resumable pickle decoder. Push bytes in chunks of any size; each `push` returns the records
 * (pickles) its bytes completed. The state (stack, marks, memo, a partial argument) carries over
 * between chunks and nothing is ever re-parsed: only an opcode's argument can straddle chunks, and
 * it is copied once. One Unpickler per stream; it is not re-entrant.
 */
export class Unpickler {
  private readonly settings: UnpicklerSettings;
  private readonly classes: ClassResolver;
  private readonly context: ReconstructContext;

  // Input: the chunk being decoded, its absolute offset, and the read position.
  private buf: Uint8Array = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer);
  private base = 0;
  private pos = 0;
  private totalPushed = 0;
  /** Bytes of an opcode that straddles chunks (a fixed argument, a length header, text lines). */
  private carry: Uint8Array = new Uint8Array(64);
  private carryLength = 0;
  private carryOffset = 0;
  private fill: PayloadFill | null = null;
  private raw: RawRead | null = null;
  /** Set on the decoder of a pickle nested in raw bytes (see RawRead): it stops right after its one record. */
  private isSingleRecord = false;
  /** As given, for the decoder of a nested pickle. */
  private readonly options: UnpicklerOptions;

  // The machine.
  private readonly stack: PyValue[] = [];
  /** Stack heights at each MARK. */
  private readonly marks: number[] = [];
  private readonly memo = new DenseMemo<MemoSlot>();
  /** Memo entries at indices beyond the dense array (LONG_BINPUT 4294967295 must not allocate). */
  private memoSparse: Map<number, MemoSlot> | null = null;
  /** HOLE slots in `memo`. */
  private memoHoles = 0;
  private previousMemoLength = 0;
  private proto = 0;
  private frameEnd = -1;
  private bufferIterator: Iterator<Uint8Array> | null = null;
  private outOfBandIndex = 0;
  /** Raw bytes of long Python 2 strs (ReconstructContext.py2Bytes), so numpy data need not be re-encoded. */
  private readonly py2Raw: Py2RawBytes;
  /**
   * The list the last EMPTY_LIST pushed, while its first APPENDS may swap it for an exact-size copy
   * (see appendsToFreshList): null once anything else could have reached it.
   */
  private freshList: PyValue[] | null = null;
  /** Absolute offset where the fresh list's MARK must stand: right after EMPTY_LIST and one memo put. */
  private freshListNext = -1;
  /** Dense memo index holding the fresh list, or -1. */
  private freshListMemo = -1;
  /** The stack height that MARK recorded (stack[mark - 1] is the list while that mark stands), or -1. */
  private freshListMark = -1;
  /**
   * The placeholder the last REDUCE pushed, while it may still be discarded unused (POP right
   * after it, memo puts allowed): such a call acted on its arguments (`__effects__`). A memo read
   * or DUP clears it: then the pickle uses the result.
   */
  private lastCall: PyInstance | null = null;

  // Records.
  private recordStart = 0;
  private recordCount = 0;
  private failure: PickleError | null = null;
  private output: PyValue[] = [];
  private spans: number[] = [];
  private memoLengths: number[] = [];

  constructor(options: UnpicklerOptions = {}) {
    this.options = options;
    this.settings = resolveSettings(options);
    this.classes = new ClassResolver(this.settings.userClasses, builtinClasses, this.settings.fixImports);
    const settings = this.settings;
    this.py2Raw = new Py2RawBytes();
    this.context = {
      dictMode: settings.dictMode,
      setMode: settings.setsAsArrays ? "array" : "set",
      py2Bytes: (text) => this.py2Raw.get(text) ?? (settings.encoding === "latin1" ? encodeLatin1(text) : undefined),
      instantiate: (cls, args, kwargs) => callValue(cls, args, kwargs, true, this.classes, this.context),
    };
    if (settings.buffers !== undefined) this.bufferIterator = settings.buffers[Symbol.iterator]();
  }

  /** Absolute number of bytes consumed so far. */
  get offset(): number {
    return this.totalPushed;
  }

  /** 0-based index of the record being decoded next. */
  get recordIndex(): number {
    return this.recordCount;
  }

  /** `[start, end)` absolute byte offsets of the records returned by the last `push`, two numbers per record. */
  get recordSpans(): readonly number[] {
    return this.spans;
  }

  /** True when the input so far ends exactly between records. */
  get isAtRecordBoundary(): boolean {
    return this.fill === null && this.raw === null && this.carryLength === 0 && this.totalPushed === this.recordStart;
  }

  /**
   * Decodes `chunk` and returns the records it completed (possibly none). Throws a `PickleError`
   * on bad input; records completed earlier in the same chunk are then lost to this call's
   * return value, so callers that must keep them use `pushTo`.
   */
  push(chunk: Uint8Array): PyValue[] {
    const records: PyValue[] = [];
    this.pushTo(chunk, records);
    return records;
  }

  /**
   * Like `push`, but appends completed records to `records` as they complete, so that they stay
   * delivered even when a later record in the same chunk throws.
   */
  pushTo(chunk: Uint8Array, records: PyValue[]): void {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(`push() takes a Uint8Array, got ${chunk === null ? "null" : typeof chunk}`);
    }
    if (this.failure !== null) throw this.failure;
    this.output = records;
    this.spans = [];
    this.memoLengths = [];
    const chunkOffset = this.totalPushed;
    this.totalPushed += chunk.length;
    let start = 0;
    try {
      if (this.raw !== null) {
        this.setInput(chunk, chunkOffset, 0);
        start = this.continueRaw(0);
        if (this.raw !== null) return;
      }
      if (this.carryLength > 0) {
        start = this.continueCarry(chunk, chunkOffset);
        if (this.carryLength > 0) return;
      }
      if (this.fill !== null) {
        start = this.continueFill(chunk, start, chunkOffset);
        if (this.fill !== null) return;
      }
      this.setInput(chunk, chunkOffset, start);
      this.run();
    } catch (error) {
      this.failure = error instanceof PickleError ? error : this.wrap(error);
      throw this.failure;
    } finally {
      this.buf = EMPTY;
    }
  }

  /** Declares the end of input. Throws `TruncatedError` when it came inside a record. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    if (!this.isAtRecordBoundary) {
      const pending = this.fill?.opcode ?? (this.carryLength > 0 ? this.carry[0]! : -1);
      const at = this.fill?.opcodeOffset ?? this.raw?.opcodeOffset ?? (this.carryLength > 0 ? this.carryOffset : this.totalPushed);
      this.failure = new TruncatedError(
        this.fill !== null || this.carryLength > 0
          ? "input ended inside an opcode's argument"
          : this.raw !== null
            ? this.raw.nested !== null
              ? "input ended inside the pickle of an object array that follows this BUILD (a joblib file cut short)"
              : `input ended inside the ${this.raw.length} raw bytes of an array that follow this BUILD (a joblib file cut short)`
            : "input ended before the record's STOP opcode",
        { offset: at, opcode: pending, recordIndex: this.recordCount },
      );
      throw this.failure;
    }
  }

  /**
   * Forgets everything as `reset()` does and goes on as if `offset` bytes and `recordIndex` records
   * came before: the tape engine hands a record it declined to a fresh Unpickler this way, so
   * errors name the same offsets and records.
   */
  resetAt(offset: number, recordIndex: number, previousMemoLength = 0): void {
    this.reset();
    this.totalPushed = offset;
    this.recordStart = offset;
    this.recordCount = recordIndex;
    // For the "an earlier record's memo had it" hint of a missing memo key.
    this.previousMemoLength = previousMemoLength;
  }

  /** Memo length of each record returned by the last `push` (what `resetAt` takes for the next). */
  get recordMemoLengths(): readonly number[] {
    return this.memoLengths;
  }

  /** Forgets everything (stack, memo, failure) and starts afresh at offset 0. */
  reset(): void {
    this.buf = EMPTY;
    this.base = 0;
    this.pos = 0;
    this.totalPushed = 0;
    this.carryLength = 0;
    this.fill = null;
    this.raw = null;
    this.failure = null;
    this.recordStart = 0;
    this.recordCount = 0;
    this.memo.clear();
    this.memoHoles = 0;
    this.memoSparse = null;
    this.previousMemoLength = 0;
    this.py2Raw.clear();
    this.startRecord();
    if (this.settings.buffers !== undefined) this.bufferIterator = this.settings.buffers[Symbol.iterator]();
    this.outOfBandIndex = 0;
  }

  // ---------------------------------------------------------------- input handling

  private setInput(chunk: Uint8Array, chunkOffset: number, start: number): void {
    this.buf = chunk;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.base = chunkOffset;
    this.pos = start;
  }

  /**
   * Called by the loop when the opcode at `opStart` needs bytes beyond `end`: the chunk's end, or
   * the end of the frame it starts in (then it breaks the frame rule, whatever the chunking).
   */
  private suspend(opStart: number): void {
    const frameEnd = this.frameEnd;
    if (this.base + opStart < frameEnd && frameEnd <= this.base + this.buf.length) {
      const op = this.buf[opStart]!;
      throw this.error("FRAME_OVERRUN", op === OP.FRAME ? nestedFrameReason(frameEnd) : crossingReason(knownEnd(op, this.base + opStart), frameEnd), op, opStart);
    }
    const tail = this.buf.length - opStart;
    if (tail > this.carry.length) this.carry = new Uint8Array(Math.max(tail, this.carry.length * 2));
    this.carry.set(this.buf.subarray(opStart), 0);
    this.carryLength = tail;
    this.carryOffset = this.base + opStart;
    this.pos = this.buf.length;
  }

  private appendCarry(source: Uint8Array, from: number, to: number): void {
    const needed = this.carryLength + (to - from);
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(source.subarray(from, to), this.carryLength);
    this.carryLength = needed;
  }

  /**
   * Moves just enough bytes from `chunk` into the carry to complete the straddling opcode, runs
   * that one opcode, and returns where decoding of `chunk` resumes.
   */
  private continueCarry(chunk: Uint8Array, chunkOffset: number): number {
    const opcode = this.carry[0]!;
    const size = ARG_SIZE[opcode]!;
    let taken: number;
    if (size >= 0 || size <= TAKEN_FROM_ARGUMENT1) {
      // A fixed argument, or the length header of a length-prefixed one.
      const need = 1 + (size >= 0 ? size : size === TAKEN_FROM_ARGUMENT1 ? 1 : size === TAKEN_FROM_ARGUMENT8U ? 8 : 4);
      taken = Math.min(need - this.carryLength, chunk.length);
      this.appendCarry(chunk, 0, taken);
      this.checkCarryInFrame(opcode, this.carryLength >= need);
      if (this.carryLength < need) return taken;
    } else {
      // Text: up to the first (UP_TO_NEWLINE) or second (TWO_NEWLINES) newline.
      let newlinesNeeded = size === TWO_NEWLINES ? 2 : 1;
      for (let i = 1; i < this.carryLength; i++) if (this.carry[i] === 0x0a) newlinesNeeded--;
      let end = 0;
      while (newlinesNeeded > 0) {
        const found = chunk.indexOf(0x0a, end);
        if (found < 0) {
          end = chunk.length;
          break;
        }
        end = found + 1;
        newlinesNeeded--;
      }
      taken = end;
      if (this.carryLength + taken > this.settings.maxLineLength + 3) {
        throw new PickleError(`text argument longer than maxLineLength (${this.settings.maxLineLength})`, {
          code: "LIMIT_EXCEEDED",
          offset: this.carryOffset,
          opcode,
          recordIndex: this.recordCount,
        });
      }
      this.appendCarry(chunk, 0, taken);
      this.checkCarryInFrame(opcode, newlinesNeeded === 0);
      if (newlinesNeeded > 0) return taken;
    }
    // The carry now holds exactly one whole opcode (for length-prefixed ones: the header); run it.
    const carried = this.carry.subarray(0, this.carryLength);
    this.carryLength = 0;
    this.setInput(carried, this.carryOffset, 0);
    this.run();
    // The carried opcode may have started a payload fill, or completed a record; both are fine.
    this.setInput(chunk, chunkOffset, taken);
    return taken;
  }

  /**
   * The carried opcode breaks the frame rule once its bytes reach past the end of the frame it
   * starts in, or reach that end while it still needs more (as one push of the same bytes finds:
   * whatever comes next is past the frame).
   */
  private checkCarryInFrame(opcode: number, isComplete: boolean): void {
    const frameEnd = this.frameEnd;
    const carryEnd = this.carryOffset + this.carryLength;
    if (this.carryOffset < frameEnd && (carryEnd > frameEnd || (!isComplete && carryEnd === frameEnd))) {
      const reason = opcode === OP.FRAME ? nestedFrameReason(frameEnd) : crossingReason(knownEnd(opcode, this.carryOffset), frameEnd);
      throw new PickleError(reason, { code: "FRAME_OVERRUN", offset: this.carryOffset, opcode, recordIndex: this.recordCount });
    }
  }

  /** After a BUILD at `opStart` made a value followed by raw bytes (classes/joblib.ts): starts reading them. */
  private beginRaw(opStart: number): number {
    const target = this.stack[this.stack.length - 1] as unknown as PyRawPayload;
    const at = this.base + opStart;
    let payload: RawPayload;
    try {
      payload = target.rawPayload();
    } catch (error) {
      throw this.error("BAD_ARGUMENT", (error as Error).message, OP.BUILD, opStart, error);
    }
    if (at + 1 < this.frameEnd) {
      throw this.error("FRAME_OVERRUN", `raw array bytes cannot start inside a frame (it ends at byte ${this.frameEnd})`, OP.BUILD, opStart);
    }
    if (payload.length > this.settings.maxBytesLength) {
      throw this.error("LIMIT_EXCEEDED", `an array of ${payload.length} raw bytes is over maxBytesLength (${this.settings.maxBytesLength})`, OP.BUILD, opStart);
    }
    let nested: Unpickler | null = null;
    if (payload.isPickle) {
      // A whole pickle follows, read by a fresh decoder (its own memo, as joblib's inner Unpickler)
      // that counts offsets from here and stops at its STOP.
      const { emit: _emit, memoIndicesRead: _read, buffers: _buffers, memo: _memo, ...options } = this.options as UnpicklerOptions & { emit?: unknown; memoIndicesRead?: unknown };
      nested = new Unpickler(options);
      nested.resetAt(at + 1, this.recordCount);
      nested.isSingleRecord = true;
    }
    this.raw = { target, opcodeOffset: at, skip: payload.padded ? -1 : 0, length: payload.length, filled: 0, parts: [], nested };
    return this.continueRaw(opStart + 1);
  }

  /** Reads raw bytes from `this.buf` at `pos`; when all came, the value they complete replaces the wrapper. Returns the new position. */
  private continueRaw(pos: number): number {
    const raw = this.raw!;
    const buf = this.buf;
    if (raw.nested !== null) {
      if (pos >= buf.length) return pos;
      const records: PyValue[] = [];
      raw.nested.pushTo(buf.subarray(pos), records);
      if (records.length === 0) return buf.length;
      this.raw = null;
      this.stack[this.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePickled(records[0]!));
      return raw.nested.recordSpans[1]! - this.base;
    }
    if (raw.skip === -1) {
      if (pos >= buf.length) return pos;
      raw.skip = buf[pos]!;
      pos++;
    }
    if (raw.skip > 0) {
      const skipped = Math.min(raw.skip, buf.length - pos);
      raw.skip -= skipped;
      pos += skipped;
      if (raw.skip > 0) return pos;
    }
    const take = Math.min(raw.length - raw.filled, buf.length - pos);
    if (take > 0) {
      raw.parts.push(buf.subarray(pos, pos + take));
      raw.filled += take;
      pos += take;
    }
    if (raw.filled < raw.length) return pos;
    this.raw = null;
    // One piece of at least VIEW_MIN_BYTES stays a view of the input, as large bytes payloads do.
    let bytes: Uint8Array;
    if (raw.parts.length === 1 && raw.length >= VIEW_MIN_BYTES) bytes = raw.parts[0]!;
    else {
      bytes = new Uint8Array(raw.length);
      let at = 0;
      for (const part of raw.parts) {
        bytes.set(part, at);
        at += part.length;
      }
    }
    this.stack[this.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePayload(bytes));
    return pos;
  }

  /** The value raw bytes complete; a refusal is a PickleError at the BUILD. */
  private takeRaw(raw: RawRead, take: () => PyValue): PyValue {
    try {
      return take();
    } catch (error) {
      throw new PickleError(`cannot rebuild the array after BUILD: ${(error as Error)?.message ?? String(error)}`, {
        code: "BAD_ARGUMENT",
        offset: raw.opcodeOffset,
        opcode: OP.BUILD,
        recordIndex: this.recordCount,
        cause: error,
      });
    }
  }

  /** Starts filling a payload that extends beyond this chunk. */
  private beginFill(opcode: number, opStart: number, payloadStart: number, length: number): void {
    const isLatin1Text = opcode === OP.BINSTRING && this.settings.encoding === "latin1";
    const fill = new PayloadFill(opcode, this.base + opStart, length, isLatin1Text);
    fill.add(this.buf.subarray(payloadStart));
    this.fill = fill;
    this.pos = this.buf.length;
  }

  private continueFill(chunk: Uint8Array, start: number, chunkOffset: number): number {
    const fill = this.fill!;
    const take = Math.min(fill.length - fill.filled, chunk.length - start);
    fill.add(chunk.subarray(start, start + take));
    if (!fill.isComplete) return start + take;
    const payload = fill.bytes();
    this.fill = null;
    // Errors from the payload are reported at the opcode's offset.
    this.setInput(payload, fill.opcodeOffset, 0);
    const text = fill.latin1Text();
    if (text !== undefined) this.stack.push(py2StringValue("latin1", this.py2Raw, payload, 0, fill.length, true, text));
    else this.pushPayload(fill.opcode, payload, 0, fill.length, 0, true);
    this.setInput(chunk, chunkOffset, start + take);
    return start + take;
  }

  // ---------------------------------------------------------------- the loop

  /**
   * Decodes opcodes from `this.buf` starting at `this.pos` until the chunk ends. One switch on the
   * opcode byte; each case checks it has its whole argument, else suspends (a state, not an
   * exception) and returns.
   */
  private run(): void {
    const buf = this.buf;
    const bufLength = buf.length;
    // Inside a frame the loop's `end` is the frame's end (when it lies in this chunk): an opcode
    // that needs bytes past it goes to suspend(), which refuses it (the frame rule, frame-rule.ts).
    let end = this.base + this.pos < this.frameEnd ? Math.min(bufLength, this.frameEnd - this.base) : bufLength;
    const stack = this.stack;
    const marks = this.marks;
    const memo = this.memo;
    const view = this.view;
    // Settings the hot cases read, as locals (chosen once per run, not per opcode).
    const wrapFloats = this.settings.wrapIntegralFloats;
    const isMapMode = this.settings.dictMode === "map";
    const isEmittingEntries = this.settings.emitEntries;
    const isMemoFiltered = this.settings.memoIndicesRead !== undefined;
    const maxMemoSize = this.settings.maxMemoSize;
    let pos = this.pos;
    // The top mark: no opcode may pop below it (CPython's "fence").
    let fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
    try {
      for (;;) {
        if (pos >= end) {
          if (end === bufLength) break;
          // The frame ended inside this chunk: what follows is outside it (or a new FRAME).
          end = bufLength;
          if (pos >= end) break;
        }
        const op = buf[pos]!;
        switch (op) {
          // ---- containers (the hot cases of real pickles come first)
          case OP.EMPTY_DICT:
            this.checkDepth(op, pos);
            stack.push(isMapMode ? new Map() : createDict());
            pos += 1;
            continue;
          case OP.EMPTY_LIST: {
            this.checkDepth(op, pos);
            const list: PyValue[] = [];
            stack.push(list);
            this.freshList = list;
            this.freshListNext = this.base + pos + 1;
            this.freshListMemo = -1;
            this.freshListMark = -1;
            pos += 1;
            continue;
          }
          case OP.EMPTY_TUPLE:
            stack.push(markTuple([]));
            pos += 1;
            continue;
          case OP.MEMOIZE: {
            if (stack.length <= fence) throw this.underflow(op, pos);
            if (!isMemoFiltered && this.memoSparse === null && this.memoHoles === 0) {
              if (memo.length >= maxMemoSize) throw this.memoLimit(op, pos);
              memo.push(stack[stack.length - 1]!);
            } else {
              this.memoPut(this.memoLength(), stack[stack.length - 1]!, op, pos);
            }
            if (this.base + pos === this.freshListNext) this.freshListPut(this.memoLength() - 1, 1);
            pos += 1;
            continue;
          }
          case OP.BINPUT:
            if (pos + 2 > end) return this.suspend(pos);
            if (stack.length <= fence) throw this.underflow(op, pos);
            this.memoPut(buf[pos + 1]!, stack[stack.length - 1]!, op, pos);
            if (this.base + pos === this.freshListNext) this.freshListPut(buf[pos + 1]!, 2);
            pos += 2;
            continue;
          case OP.LONG_BINPUT:
            if (pos + 5 > end) return this.suspend(pos);
            if (stack.length <= fence) throw this.underflow(op, pos);
            this.memoPut(view.getUint32(pos + 1, true), stack[stack.length - 1]!, op, pos);
            if (this.base + pos === this.freshListNext) this.freshListPut(view.getUint32(pos + 1, true), 5);
            pos += 5;
            continue;
          case OP.BINGET:
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(this.memoGet(buf[pos + 1]!, op, pos));
            pos += 2;
            continue;
          case OP.LONG_BINGET:
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(this.memoGet(view.getUint32(pos + 1, true), op, pos));
            pos += 5;
            continue;
          case OP.MARK:
            this.checkDepth(op, pos);
            if (this.base + pos === this.freshListNext && stack[stack.length - 1] === this.freshList) this.freshListMark = stack.length;
            marks.push(stack.length);
            fence = stack.length;
            pos += 1;
            continue;
          case OP.SETITEMS: {
            if (marks.length === 0) throw this.noMark(op, pos);
            const mark = marks.pop()!;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            if (mark - 1 < fence) throw this.underflow(op, pos);
            if ((stack.length - mark) & 1) throw this.error("BAD_ARGUMENT", "odd number of items for SETITEMS", op, pos);
            if (mark === this.freshListMark) this.freshList = null;
            if (isEmittingEntries && mark === 1) this.emitEntries(mark, true);
            else this.setItems(stack[mark - 1]!, mark, op, pos);
            stack.length = mark;
            pos += 1;
            continue;
          }
          case OP.APPENDS: {
            if (marks.length === 0) throw this.noMark(op, pos);
            const mark = marks.pop()!;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            if (mark - 1 < fence) throw this.underflow(op, pos);
            const target = stack[mark - 1]!;
            if (mark === this.freshListMark) {
              this.freshListMark = -1;
              if (target === this.freshList && target.length === 0 && !(isEmittingEntries && mark === 1)) {
                this.appendsToFreshList(mark);
                pos += 1;
                continue;
              }
              this.freshList = null;
            }
            if (isEmittingEntries && mark === 1) this.emitEntries(mark, false);
            else if (Array.isArray(target) && !isTuple(target)) {
              for (let i = mark; i < stack.length; i++) target.push(stack[i]!);
            } else {
              for (let i = mark; i < stack.length; i++) this.appendTo(target, stack[i]!, op, pos);
            }
            stack.length = mark;
            pos += 1;
            continue;
          }
          case OP.SETITEM: {
            if (stack.length - 3 < fence) throw this.underflow(op, pos);
            if (isEmittingEntries && stack.length === 3 && marks.length === 0) this.emitEntries(1, true);
            else this.setItems(stack[stack.length - 3]!, stack.length - 2, op, pos);
            stack.length -= 2;
            pos += 1;
            continue;
          }
          case OP.APPEND: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            if (isEmittingEntries && stack.length === 2 && marks.length === 0) this.emitEntries(1, false);
            else this.appendTo(stack[stack.length - 2]!, stack[stack.length - 1]!, op, pos);
            stack.length -= 1;
            pos += 1;
            continue;
          }
          // ---- strings and bytes
          case OP.SHORT_BINUNICODE: {
            if (pos + 2 > end) return this.suspend(pos);
            const length = buf[pos + 1]!;
            const start = pos + 2;
            if (start + length > end) {
              this.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            stack.push(this.utf8(buf, start, length, op, pos));
            pos = start + length;
            continue;
          }
          case OP.BINUNICODE:
          case OP.BINBYTES:
          case OP.BINSTRING:
          case OP.BINUNICODE8:
          case OP.BINBYTES8:
          case OP.BYTEARRAY8:
          case OP.SHORT_BINBYTES:
          case OP.SHORT_BINSTRING:
          case OP.LONG1:
          case OP.LONG4: {
            const size = ARG_SIZE[op]!;
            const prefix = size === TAKEN_FROM_ARGUMENT1 ? 1 : size === TAKEN_FROM_ARGUMENT8U ? 8 : 4;
            if (pos + 1 + prefix > end) return this.suspend(pos);
            const length = this.readLength(op, pos, size);
            const start = pos + 1 + prefix;
            if (start + length > end) {
              this.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            this.pushPayload(op, buf, start, length, pos);
            pos = start + length;
            continue;
          }
          // ---- numbers and constants
          case OP.BININT1:
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(buf[pos + 1]!);
            pos += 2;
            continue;
          case OP.BININT2:
            if (pos + 3 > end) return this.suspend(pos);
            stack.push(buf[pos + 1]! | (buf[pos + 2]! << 8));
            pos += 3;
            continue;
          case OP.BININT:
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(view.getInt32(pos + 1, true));
            pos += 5;
            continue;
          case OP.BINFLOAT: {
            if (pos + 9 > end) return this.suspend(pos);
            const value = view.getFloat64(pos + 1, false);
            stack.push(wrapFloats && Number.isInteger(value) ? new PyFloat(value) : value);
            pos += 9;
            continue;
          }
          case OP.NONE:
            stack.push(null);
            pos += 1;
            continue;
          case OP.NEWTRUE:
            stack.push(true);
            pos += 1;
            continue;
          case OP.NEWFALSE:
            stack.push(false);
            pos += 1;
            continue;
          // ---- tuples
          case OP.TUPLE1:
            if (stack.length - 1 < fence) throw this.underflow(op, pos);
            stack.push(markTuple([stack.pop()!]));
            pos += 1;
            continue;
          case OP.TUPLE2: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second]));
            pos += 1;
            continue;
          }
          case OP.TUPLE3: {
            if (stack.length - 3 < fence) throw this.underflow(op, pos);
            const third = stack.pop()!;
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second, third]));
            pos += 1;
            continue;
          }
          case OP.TUPLE:
          case OP.LIST:
          case OP.FROZENSET:
          case OP.DICT: {
            if (marks.length === 0) throw this.noMark(op, pos);
            const mark = marks.pop()!;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            if (mark === this.freshListMark) this.freshList = null;
            const items = stack.splice(mark);
            stack.push(this.fromSlice(op, items, pos));
            pos += 1;
            continue;
          }
          case OP.EMPTY_SET:
            this.checkDepth(op, pos);
            stack.push(this.settings.setsAsArrays ? [] : new Set());
            pos += 1;
            continue;
          case OP.ADDITEMS: {
            if (marks.length === 0) throw this.noMark(op, pos);
            const mark = marks.pop()!;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            if (mark - 1 < fence) throw this.underflow(op, pos);
            if (mark === this.freshListMark) this.freshList = null;
            const target = stack[mark - 1]!;
            if (target instanceof Set) for (let i = mark; i < stack.length; i++) target.add(stack[i]!);
            else if (Array.isArray(target) && this.settings.setsAsArrays && !isTuple(target)) {
              for (let i = mark; i < stack.length; i++) target.push(stack[i]!);
            } else throw this.error("BAD_TYPE", `ADDITEMS target is ${describeValue(target)}, not a set`, op, pos);
            stack.length = mark;
            pos += 1;
            continue;
          }
          // ---- stack manipulation
          case OP.POP:
            if (marks.length > 0 && marks[marks.length - 1] === stack.length) {
              // CPython pops the mark when it sits on top of the stack.
              if (marks.pop() === this.freshListMark) this.freshList = null;
              fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            } else {
              if (stack.length <= fence) throw this.underflow(op, pos);
              const popped = stack.pop();
              if (this.lastCall !== null && popped === this.lastCall) this.discardCall(this.lastCall);
            }
            pos += 1;
            continue;
          case OP.DUP:
            if (stack.length <= fence) throw this.underflow(op, pos);
            this.lastCall = null;
            stack.push(stack[stack.length - 1]!);
            pos += 1;
            continue;
          case OP.POP_MARK:
            if (marks.length === 0) throw this.noMark(op, pos);
            if (this.lastCall !== null && stack.length > marks[marks.length - 1]! && stack[stack.length - 1] === this.lastCall) {
              this.discardCall(this.lastCall);
            }
            stack.length = marks.pop()!;
            if (stack.length === this.freshListMark) this.freshList = null;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          // ---- objects
          case OP.STACK_GLOBAL: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            const name = stack.pop()!;
            const module = stack.pop()!;
            if (typeof module !== "string" || typeof name !== "string") {
              throw this.error("BAD_TYPE", "STACK_GLOBAL requires str module and name", op, pos);
            }
            stack.push(this.classes.resolve(module, name, this.proto));
            pos += 1;
            continue;
          }
          case OP.REDUCE: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            const args = stack.pop()!;
            const callee = stack.pop()!;
            if (!isTuple(args)) throw this.error("BAD_TYPE", `REDUCE arguments must be a tuple, got ${describeValue(args)}`, op, pos);
            const result = this.callAt(callee, args as PyValue[], null, op, pos);
            stack.push(result);
            this.lastCall = result instanceof PyInstance ? result : null;
            pos += 1;
            continue;
          }
          case OP.NEWOBJ: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            const args = stack.pop()!;
            const cls = stack.pop()!;
            if (!isTuple(args)) throw this.error("BAD_TYPE", `NEWOBJ arguments must be a tuple, got ${describeValue(args)}`, op, pos);
            stack.push(this.callAt(cls, args as PyValue[], null, op, pos));
            pos += 1;
            continue;
          }
          case OP.NEWOBJ_EX: {
            if (stack.length - 3 < fence) throw this.underflow(op, pos);
            const kwargs = stack.pop()!;
            const args = stack.pop()!;
            const cls = stack.pop()!;
            if (!isTuple(args)) throw this.error("BAD_TYPE", `NEWOBJ_EX arguments must be a tuple, got ${describeValue(args)}`, op, pos);
            stack.push(this.callAt(cls, args as PyValue[], this.kwargsOf(kwargs, op, pos), op, pos));
            pos += 1;
            continue;
          }
          case OP.BUILD: {
            if (stack.length - 2 < fence) throw this.underflow(op, pos);
            const state = stack.pop()!;
            this.build(stack[stack.length - 1]!, state, op, pos);
            pos += 1;
            // A joblib array wrapper: its raw bytes follow, outside any opcode.
            if (hasRawPayload(stack[stack.length - 1])) {
              pos = this.beginRaw(pos - 1);
              end = bufLength;
            }
            continue;
          }
          case OP.OBJ: {
            if (marks.length === 0) throw this.noMark(op, pos);
            const mark = marks.pop()!;
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            if (mark === this.freshListMark) this.freshList = null;
            const items = stack.splice(mark);
            if (items.length === 0) throw this.underflow(op, pos);
            const cls = items.shift()!;
            stack.push(this.callAt(cls, markTuple(items), null, op, pos));
            pos += 1;
            continue;
          }
          // ---- machine control
          case OP.PROTO: {
            if (pos + 2 > end) return this.suspend(pos);
            const proto = buf[pos + 1]!;
            if (proto > 5) throw this.error("UNSUPPORTED", `unsupported pickle protocol: ${proto}`, op, pos);
            this.proto = proto;
            pos += 2;
            continue;
          }
          case OP.FRAME: {
            if (pos + 9 > end) return this.suspend(pos);
            const at = this.base + pos;
            if (this.frameEnd > at) throw this.error("FRAME_OVERRUN", nestedFrameReason(this.frameEnd), op, pos);
            this.frameEnd = frameEndOf(at, view.getUint32(pos + 1, true), view.getUint32(pos + 5, true));
            pos += 9;
            end = Math.min(bufLength, this.frameEnd - this.base);
            continue;
          }
          case OP.STOP: {
            if (stack.length <= fence) throw this.underflow(op, pos);
            const stopEnd = this.base + pos + 1;
            if (stopEnd < this.frameEnd) throw this.error("FRAME_OVERRUN", stopInsideFrameReason(stopEnd, this.frameEnd), op, pos);
            const value = stack.pop()!;
            this.finishRecord(value, stopEnd);
            fence = 0;
            pos += 1;
            if (this.isSingleRecord) {
              this.pos = pos;
              return;
            }
            continue;
          }
          // ---- everything rarer goes through one call
          default: {
            const size = ARG_SIZE[op]!;
            if (size === NOT_AN_OPCODE) {
              throw this.error("UNKNOWN_OPCODE", "invalid load key: no opcode has this byte", op, pos);
            }
            let argEnd: number;
            if (size >= 0) {
              argEnd = pos + 1 + size;
              if (argEnd > end) return this.suspend(pos);
            } else {
              // UP_TO_NEWLINE or TWO_NEWLINES
              let newline = buf.indexOf(0x0a, pos + 1);
              if (newline >= 0 && size === TWO_NEWLINES) newline = buf.indexOf(0x0a, newline + 1);
              if (newline < 0 || newline >= end) {
                if (end - pos > this.settings.maxLineLength + 2) {
                  throw this.error("LIMIT_EXCEEDED", `text argument longer than maxLineLength (${this.settings.maxLineLength})`, op, pos);
                }
                return this.suspend(pos);
              }
              argEnd = newline + 1;
            }
            this.runRare(op, pos, argEnd);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos = argEnd;
            continue;
          }
        }
      }
      this.pos = pos;
    } catch (error) {
      this.pos = pos;
      if (error instanceof PickleError) throw error;
      throw this.wrapAt(error, buf[pos] ?? -1, pos);
    }
  }

  /** Opcodes rare in real data (protocol 0 text forms, EXT, PERSID, buffers...): out of the hot switch. */
  private runRare(op: number, pos: number, argEnd: number): void {
    const buf = this.buf;
    const stack = this.stack;
    const marks = this.marks;
    const fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
    const lineEnd = argEnd - 1; // the newline, for text arguments
    switch (op) {
      case OP.INT:
        stack.push(parseIntLine(buf, pos + 1, lineEnd));
        return;
      case OP.LONG:
        if (lineEnd - pos - 1 > this.settings.maxIntBytes) throw this.limit("LONG literal longer than maxIntBytes", op, pos);
        stack.push(parseLongLine(buf, pos + 1, lineEnd));
        return;
      case OP.FLOAT: {
        const value = parseFloatLine(buf, pos + 1, lineEnd);
        stack.push(this.settings.wrapIntegralFloats && Number.isInteger(value) ? new PyFloat(value) : value);
        return;
      }
      case OP.STRING: {
        let stop = lineEnd;
        if (stop > pos + 1 && buf[stop - 1] === 0x0d) stop--; // Python 2 on Windows wrote \r\n
        const raw = decodeQuotedString(buf, pos + 1, stop);
        stack.push(this.py2String(raw, 0, raw.length, true));
        return;
      }
      case OP.UNICODE:
        stack.push(decodeRawUnicodeEscape(buf, pos + 1, lineEnd));
        return;
      case OP.GET:
        stack.push(this.memoGet(parseMemoIndex(buf, pos + 1, lineEnd), op, pos));
        return;
      case OP.PUT:
        if (stack.length <= fence) throw this.underflow(op, pos);
        this.memoPut(parseMemoIndex(buf, pos + 1, lineEnd), stack[stack.length - 1]!, op, pos);
        return;
      case OP.GLOBAL: {
        const newline = buf.indexOf(0x0a, pos + 1);
        const module = decodeUtf8(buf, pos + 1, newline - pos - 1);
        const name = decodeUtf8(buf, newline + 1, lineEnd - newline - 1);
        stack.push(this.classes.resolve(module, name, this.proto));
        return;
      }
      case OP.INST: {
        const newline = buf.indexOf(0x0a, pos + 1);
        const module = decodeAscii(buf, pos + 1, newline - pos - 1);
        const name = decodeAscii(buf, newline + 1, lineEnd - newline - 1);
        if (marks.length === 0) throw this.noMark(op, pos);
        const mark = marks.pop()!;
        if (mark === this.freshListMark) this.freshList = null;
        const args = stack.splice(mark);
        stack.push(this.callAt(this.classes.resolve(module, name, this.proto), markTuple(args), null, op, pos));
        return;
      }
      case OP.EXT1:
      case OP.EXT2:
      case OP.EXT4: {
        const code = op === OP.EXT1 ? buf[pos + 1]! : op === OP.EXT2 ? buf[pos + 1]! | (buf[pos + 2]! << 8) : this.view.getInt32(pos + 1, true);
        const entry = this.settings.extensions?.get(code);
        if (entry === undefined) throw this.error("BAD_ARGUMENT", `unregistered extension code ${code} (pass it in the extensions option)`, op, pos);
        stack.push(this.classes.resolve(entry[0], entry[1], 3));
        return;
      }
      case OP.PERSID: {
        const pid = decodeAscii(buf, pos + 1, lineEnd - pos - 1);
        stack.push(this.persistent(pid));
        return;
      }
      case OP.BINPERSID:
        if (stack.length <= fence) throw this.underflow(op, pos);
        stack.push(this.persistent(stack.pop()!));
        return;
      case OP.NEXT_BUFFER:
        stack.push(this.nextBuffer(op, pos));
        return;
      case OP.READONLY_BUFFER: {
        if (stack.length <= fence) throw this.underflow(op, pos);
        const top = stack[stack.length - 1];
        if (top instanceof PyOutOfBandBuffer) top.isReadonly = true;
        return;
      }
      default:
        throw this.error("UNSUPPORTED", "opcode not handled", op, pos);
    }
  }

  // ---------------------------------------------------------------- opcode families

  private readLength(op: number, pos: number, size: number): number {
    // One reading and one set of limits with the audit (decoder/claimed-length.ts).
    const length = claimedLength(this.buf, this.view, pos, op, size, this.settings);
    if (typeof length !== "number") throw this.error(length.code, length.reason, op, pos);
    return length;
  }

  /**
   * Pushes the value of a length-prefixed opcode whose payload is `bytes[start, start+length)`.
   * `isOwned`: `bytes` was assembled by this decoder for this payload alone, so it is the value.
   */
  private pushPayload(op: number, bytes: Uint8Array, start: number, length: number, pos: number, isOwned = false): void {
    const stack = this.stack;
    switch (op) {
      case OP.SHORT_BINUNICODE:
      case OP.BINUNICODE:
      case OP.BINUNICODE8:
        stack.push(this.utf8(bytes, start, length, op, pos));
        return;
      case OP.SHORT_BINBYTES:
      case OP.BINBYTES:
      case OP.BINBYTES8:
        stack.push(payloadBytes(bytes, start, length, isOwned));
        return;
      case OP.BYTEARRAY8:
        stack.push(byteArrayValue(bytes, start, length, isOwned));
        return;
      case OP.SHORT_BINSTRING:
      case OP.BINSTRING:
        stack.push(this.py2String(bytes, start, length, isOwned));
        return;
      case OP.LONG1:
      case OP.LONG4:
        stack.push(decodeLongBytes(bytes, start, length));
        return;
      default:
        throw this.error("UNSUPPORTED", "not a length-prefixed opcode", op, pos);
    }
  }

  private utf8(bytes: Uint8Array, start: number, length: number, op: number, pos: number): string {
    try {
      return decodeUtf8(bytes, start, length);
    } catch (error) {
      throw this.error("BAD_ARGUMENT", `invalid UTF-8 in str: ${(error as Error).message}`, op, pos, error);
    }
  }

  /** `isOwned` as in pushPayload: `bytes` is this payload's own buffer. */
  private py2String(bytes: Uint8Array, start: number, length: number, isOwned = false): PyValue {
    return py2StringValue(this.settings.encoding, this.py2Raw, bytes, start, length, isOwned);
  }

  private checkFrame(op: number, pos: number, argEnd: number): void {
    const at = this.base + pos;
    if (at < this.frameEnd && this.base + argEnd > this.frameEnd) {
      throw this.error("FRAME_OVERRUN", crossingReason(this.base + argEnd, this.frameEnd), op, pos);
    }
  }

  private checkDepth(op: number, pos: number): void {
    if (this.stack.length + this.marks.length >= this.settings.maxDepth) {
      throw this.limit(`nesting deeper than maxDepth (${this.settings.maxDepth})`, op, pos);
    }
  }

  /** Entries in the memo (CPython's `len(memo)`, which MEMOIZE uses as the next index). */
  private memoLength(): number {
    return this.memo.length - this.memoHoles + (this.memoSparse?.size ?? 0);
  }

  private memoPut(index: number, value: PyValue, op: number, pos: number): void {
    const keep = this.settings.memoIndicesRead;
    const slot: MemoSlot = keep === undefined || keep.has(index) ? value : DROPPED;
    const memo = this.memo;
    if (index < memo.length) {
      if (memo.get(index) === HOLE) this.memoHoles--;
      memo.set(index, slot);
    } else if (index - memo.length <= MAX_MEMO_GAP && this.memoSparse === null) {
      // Python 2's pickler and hand-written pickles may skip indices (BINPUT 1 first): keep the
      // fast dense array, with holes, rather than a Map for every later entry.
      if (index >= this.settings.maxMemoSize) throw this.memoLimit(op, pos);
      while (memo.length < index) {
        memo.push(HOLE);
        this.memoHoles++;
      }
      memo.push(slot);
    } else {
      this.memoSparse ??= new Map();
      if (!this.memoSparse.has(index) && this.memoLength() >= this.settings.maxMemoSize) throw this.memoLimit(op, pos);
      this.memoSparse.set(index, slot);
    }
  }

  private memoGet(index: number, op: number, pos: number): PyValue {
    const value = index < this.memo.length ? this.memo.get(index) : this.memoSparse?.get(index);
    if (value === this.freshList) this.freshList = null; // a second reference: no longer swappable
    this.lastCall = null;
    if (value === undefined || value === DROPPED || value === HOLE) {
      let reason = `memo key ${index} is missing`;
      if (value === DROPPED) reason = `memo key ${index} was dropped by entries mode (memoIndicesRead did not list it)`;
      else if (!this.settings.isMemoShared && index < this.previousMemoLength) {
        reason += "; an earlier record's memo had it: this stream was written by one Pickler, decode it with memo: \"shared\"";
      }
      throw this.error("MEMO_MISSING", reason, op, pos);
    }
    return value;
  }

  /** SETITEMS/SETITEM: the key, value pairs at `stack[from...]` into `target`. */
  private setItems(target: PyValue, from: number, op: number, pos: number): void {
    if (!setItemsFrom(target, this.stack, from)) throw this.error("BAD_TYPE", `cannot set items on ${describeValue(target)}`, op, pos);
  }

  /**
   * A memo put (`size` bytes) right after the fresh list's EMPTY_LIST: remember where the list sits
   * in the memo, and that its MARK comes next. A put that did not land in the dense memo (entries
   * mode dropping it, a sparse index) ends the fast path.
   */
  private freshListPut(index: number, size: number): void {
    if (this.freshListMemo < 0 && this.memo.get(index) === this.freshList) {
      this.freshListMemo = index;
      this.freshListNext += size;
    } else {
      this.freshList = null;
    }
  }

  /**
   * The first APPENDS of the list that EMPTY_LIST pushed just before its MARK, while nothing but
   * its stack slot and its one memo slot refer to it (every other way to reach it clears
   * freshList: a memo read, a pop of its mark by another opcode). Pushing onto `[]` gives V8 a
   * backing store of 17 slots for a 2-item list; an exact-size copy of the items takes the list's
   * place in both slots instead: ~120 bytes less per small list kept, and less for the GC to copy
   * (bench/micro/small-lists.bench.mjs).
   */
  private appendsToFreshList(mark: number): void {
    const stack = this.stack;
    const old = this.freshList;
    const list = exactList(stack, mark);
    stack[mark - 1] = list;
    if (this.freshListMemo >= 0 && this.memo.get(this.freshListMemo) === old) this.memo.set(this.freshListMemo, list);
    stack.length = mark;
    this.freshList = null;
  }

  private appendTo(target: PyValue, item: PyValue, op: number, pos: number): void {
    if (!appendItem(target, item)) throw this.error("BAD_TYPE", `cannot append to ${describeValue(target)}`, op, pos);
  }

  /** Entries mode: hand the root container's new entries out instead of storing them. */
  private emitEntries(from: number, isDict: boolean): void {
    pushEntries(this.stack, from, isDict, this.output);
  }

  private fromSlice(op: number, items: PyValue[], pos: number): PyValue {
    switch (op) {
      case OP.TUPLE:
        return markTuple(items);
      case OP.LIST:
        return items;
      case OP.FROZENSET:
        return this.settings.setsAsArrays ? items : markFrozenSet(new Set(items));
      default: {
        if (items.length & 1) throw this.error("BAD_ARGUMENT", "odd number of items for DICT", op, pos);
        const dict = this.settings.dictMode === "map" ? new Map<PyValue, PyValue>() : createDict();
        this.stack.push(dict);
        const base = this.stack.length;
        for (const item of items) this.stack.push(item);
        this.setItems(dict, base, op, pos);
        this.stack.length = base - 1;
        return dict;
      }
    }
  }

  private kwargsOf(kwargs: PyValue, op: number, pos: number): PyDict {
    const dict = kwargsDict(kwargs);
    if (dict === undefined) throw this.error("BAD_TYPE", `NEWOBJ_EX keyword arguments must be a dict, got ${describeValue(kwargs)}`, op, pos);
    return dict;
  }

  /** A call whose result the pickle discarded (see recordDiscardedCall). */
  private discardCall(call: PyInstance): void {
    this.lastCall = null;
    recordDiscardedCall(call);
  }

  private callAt(callee: PyValue, args: PyValue[], kwargs: PyDict | null, op: number, pos: number): PyValue {
    try {
      return callValue(callee, args, kwargs, op === OP.NEWOBJ || op === OP.NEWOBJ_EX || op === OP.OBJ, this.classes, this.context);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      const name = callee instanceof PyGlobal ? callee.pyClass : describeValue(callee);
      throw this.error("BAD_ARGUMENT", `cannot rebuild ${name}: ${(error as Error)?.message ?? String(error)}`, op, pos, error);
    }
  }

  private build(target: PyValue, state: PyValue, op: number, pos: number): void {
    try {
      applyState(target, state, this.context);
    } catch (error) {
      if (error instanceof StateRefused) throw this.error(error.code, error.message, op, pos, error.cause);
      throw error;
    }
  }

  private persistent(pid: PyValue): PyValue {
    const load = this.settings.persistentLoad;
    return load === undefined ? new PyPersistentId(pid) : load(pid);
  }

  private nextBuffer(op: number, pos: number): PyValue {
    const index = this.outOfBandIndex++;
    if (this.bufferIterator === null) return new PyOutOfBandBuffer(index);
    const next = this.bufferIterator.next();
    if (next.done === true) throw this.error("BAD_ARGUMENT", `not enough out-of-band buffers (needed #${index})`, op, pos);
    return next.value;
  }

  // ---------------------------------------------------------------- records

  private finishRecord(value: PyValue, endOffset: number): void {
    if (!this.settings.emitEntries) this.output.push(value);
    else pushRemainingEntries(value, this.output);
    this.spans.push(this.recordStart, endOffset);
    this.recordStart = endOffset;
    this.recordCount++;
    this.startRecord();
    this.memoLengths.push(this.previousMemoLength);
  }

  private startRecord(): void {
    this.freshList = null;
    this.lastCall = null;
    this.freshListMark = -1;
    this.stack.length = 0;
    this.marks.length = 0;
    this.proto = 0;
    this.frameEnd = -1;
    if (!this.settings.isMemoShared) {
      this.previousMemoLength = this.memoLength();
      this.memo.clear();
      this.memoHoles = 0;
      this.memoSparse = null;
      this.py2Raw.clear();
    }
  }

  // ---------------------------------------------------------------- errors

  private error(code: PickleErrorCode, reason: string, op: number, pos: number, cause?: unknown): PickleError {
    return new PickleError(reason, { code, offset: this.base + pos, opcode: op, recordIndex: this.recordCount, cause });
  }

  private underflow(op: number, pos: number): PickleError {
    return this.error("STACK_UNDERFLOW", "stack underflow (fewer objects above the mark than the opcode takes)", op, pos);
  }

  private noMark(op: number, pos: number): PickleError {
    return this.error("NO_MARK", "could not find MARK", op, pos);
  }

  private limit(reason: string, op: number, pos: number): PickleError {
    return this.error("LIMIT_EXCEEDED", reason, op, pos);
  }

  private memoLimit(op: number, pos: number): PickleError {
    return this.limit(`memo larger than maxMemoSize (${this.settings.maxMemoSize})`, op, pos);
  }

  private wrapAt(error: unknown, op: number, pos: number): PickleError {
    const message = error instanceof Error ? error.message : String(error);
    const code: PickleErrorCode = error instanceof RangeError ? "LIMIT_EXCEEDED" : "BAD_ARGUMENT";
    return this.error(code, message, op, pos, error);
  }

  private wrap(error: unknown): PickleError {
    return this.wrapAt(error, this.buf[this.pos] ?? -1, this.pos);
  }
}

/** Where the opcode at `start` ends when its size is fixed (length-prefixed ones: where the header ends), else null (text). */
function knownEnd(op: number, start: number): number | null {
  const size = ARG_SIZE[op]!;
  if (size >= 0) return start + 1 + size;
  if (size <= TAKEN_FROM_ARGUMENT1) return start + 1 + lengthPrefixBytes(size);
  return null;
}
