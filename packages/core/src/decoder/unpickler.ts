import { builtinClasses } from "../classes/builtin-registry.js";
import { hasRawPayload, type PyRawPayload, type RawPayload } from "../classes/joblib.js";
import { PickleError, TruncatedError } from "../errors.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE } from "../opcodes/table.js";
import { createDict, markTuple, PyFloat, type PyValue } from "../values/py-types.js";
import { ARG_HEADER } from "../opcodes/arg-header.js";
import { knownEnd, OpcodeCarry } from "./carry.js";
import { claimedLength } from "./claimed-length.js";
import { applyState, callValue } from "./calls.js";
import { ClassResolver } from "./class-resolver.js";
import { pushRemainingEntries } from "./containers.js";
import { crossingReason, nestedFrameReason, rawBytesInFrameReason, stopInsideFrameReason } from "./frame-rule.js";
import { Machine } from "./machine.js";
import { buildOp, newObjExOp, newObjOp, objOp, reduceOp, stackGlobalOp } from "./ops/calls.js";
import { addItemsOp, appendOp, appendsOp, fromMarkOp, setItemOp, setItemsOp } from "./ops/containers.js";
import { frameOp, protoOp } from "./ops/control.js";
import { rareArgumentEnd, runRareOp } from "./ops/rare.js";
import { popMarkOp, popOp } from "./ops/stack.js";
import type { UnpicklerOptions } from "./options.js";
import { PayloadFill } from "./payload-fill.js";
import { alignPayloadInPlace, py2StringValue, VIEW_MIN_BYTES } from "./payload-values.js";
import { RawRead } from "./raw-read.js";
import { recentStrings } from "./recent-strings.js";
import { RecordValueShapes } from "./record-values.js";
import { resolveSettings, type UnpicklerSettings } from "./settings.js";

const EMPTY = new Uint8Array(0);

/**
 * A resumable pickle decoder. Push bytes in chunks of any size; each `push` returns the records
 * (pickles) its bytes completed. The state (stack, marks, memo, a partial argument) carries over
 * between chunks and nothing is ever re-parsed: only an opcode's argument can straddle chunks, and
 * it is copied once. One Unpickler per stream; it is not re-entrant.
 */
export class Unpickler {
  private readonly settings: UnpicklerSettings;
  /** Stack, marks, memo and the record being built: what the opcode families act on. */
  private readonly m: Machine;
  // Input: the chunk being decoded (its absolute offset is the machine's `base`), and the read position.
  private buf: Uint8Array = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer);
  private pos = 0;
  private totalPushed = 0;
  /** Bytes of an opcode that straddles chunks (a fixed argument, a length header, text lines). */
  private readonly carry = new OpcodeCarry();
  private fill: PayloadFill | null = null;
  private raw: RawRead | null = null;
  /**
   * When true, `push` returns right after the first record it completes and reads nothing past
   * its STOP (`recordSpans` says where the record ended); call `resetAt` before pushing again.
   * For a caller that reads on elsewhere after one record: the tape engine after a declined
   * record, the decoder of a pickle nested in raw bytes (see RawRead). Default false.
   */
  stopsAfterRecord = false;
  /** As given, for the decoder of a nested pickle. */
  private readonly options: UnpicklerOptions;
  /**
   * The shapes of the records decoded last (record-values.ts): a record of a learned shape is
   * read by comparing its bytes with the learned record's. Null where the settings make a record's
   * value depend on more than its bytes (a memo shared across records, entries mode).
   */
  private readonly shapes: RecordValueShapes | null;

  // Records.
  private recordStart = 0;
  private failure: PickleError | null = null;
  /** `end()` was called: pushing more is refused until `reset()`. */
  private isEnded = false;
  private spans: number[] = [];
  private memoLengths: number[] = [];

  constructor(options: UnpicklerOptions = {}) {
    this.options = options;
    this.settings = resolveSettings(options);
    this.m = new Machine(this.settings, new ClassResolver(this.settings.userClasses, builtinClasses, this.settings.fixImports));
    const settings = this.settings;
    this.shapes =
      settings.isMemoShared || settings.emitEntries || settings.memoIndicesRead !== undefined
        ? null
        : new RecordValueShapes({
            isMapMode: settings.dictMode === "map",
            setsAsArrays: settings.setsAsArrays,
            wrapIntegralFloats: settings.wrapIntegralFloats,
            maxBytesLength: settings.maxBytesLength,
            maxIntBytes: settings.maxIntBytes,
            maxMemoSize: settings.maxMemoSize,
            maxDepth: settings.maxDepth,
            resolve: (module, name, proto = 3) => this.m.classes.resolve(module, name, proto),
            isPlainClass: (module, name, proto) => this.m.classes.reconstructorOf(this.m.classes.resolve(module, name, proto)) === undefined,
            call: (callee, args, isNewObj) => callValue(callee, args, null, isNewObj, this.m.classes, this.m.context),
            build: (target, state) => applyState(target, state, this.m.context),
            isUserClass: (qualifiedName) => settings.userClasses.has(qualifiedName),
          });
  }

  /**
   * Whether records are read by the shapes learned from the records before them (the same
   * values, faster; see record-values.ts). Default true; false reads every record opcode by
   * opcode (the tests compare the two).
   */
  replaysRecordShapes = true;
  private replayedRecords = 0;

  /** Records read by a learned shape so far (a statistic: the tests and benchmarks check that the shapes hit). */
  get shapeRecords(): number {
    return this.replayedRecords;
  }

  /** Absolute number of bytes consumed so far. */
  get offset(): number {
    return this.totalPushed;
  }

  /** 0-based index of the record being decoded next. */
  get recordIndex(): number {
    return this.m.recordCount;
  }

  /** `[start, end)` absolute byte offsets of the records returned by the last `push`, two numbers per record. */
  get recordSpans(): readonly number[] {
    return this.spans;
  }

  /** True when the input so far ends exactly between records. */
  get isAtRecordBoundary(): boolean {
    return this.fill === null && this.raw === null && this.carry.length === 0 && this.totalPushed === this.recordStart;
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
    if (this.isEnded) throw new Error("push() after end(): the input was declared ended; call reset() first to decode a new one");
    if (this.failure !== null) throw this.failure;
    this.m.output = records;
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
      if (this.carry.length > 0) {
        start = this.continueCarry(chunk, chunkOffset);
        if (this.carry.length > 0) return;
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

  /**
   * For a caller that reads its input itself (`readPickles` on a file): while the decoder is
   * inside a length-prefixed argument (bytes, bytearray, str) that is still arriving, of which at least
   * `minBytes` are missing and all of them within the `available` bytes the caller has yet to
   * read (so a claimed length alone never allocates), the memory those bytes go to; else null.
   * Read them straight into it and push the part filled (a view starting where this one does):
   * the decoder takes them without copying, so each byte of a 200 MB numpy array is written
   * once, by the read, instead of into a chunk and then again into the array.
   */
  payloadTarget(available: number, minBytes = 1 << 16): Uint8Array | null {
    const fill = this.fill;
    if (fill === null || this.isEnded || this.failure !== null || this.raw !== null || this.carry.length > 0) return null;
    const missing = fill.length - fill.filled;
    if (missing < minBytes || missing > available) return null;
    return fill.rest();
  }

  /**
   * Declares the end of input. Throws `TruncatedError` when it came inside a record. `push` after
   * it throws until `reset()`; calling `end()` again is harmless.
   */
  end(): void {
    this.isEnded = true;
    if (this.failure !== null) throw this.failure;
    if (!this.isAtRecordBoundary) {
      const pending = this.fill?.opcode ?? this.carry.opcode;
      const at = this.fill?.opcodeOffset ?? this.raw?.opcodeOffset ?? (this.carry.length > 0 ? this.carry.offset : this.totalPushed);
      this.failure = new TruncatedError(
        this.fill !== null || this.carry.length > 0
          ? "input ended inside an opcode's argument"
          : this.raw !== null
            ? this.raw.nested !== null
              ? "input ended inside the pickle of an object array that follows this BUILD (a joblib file cut short)"
              : `input ended inside the ${this.raw.length} raw bytes of an array that follow this BUILD (a joblib file cut short)`
            : "input ended before the record's STOP opcode",
        { offset: at, opcode: pending, recordIndex: this.m.recordCount },
      );
      throw this.failure;
    }
  }

  /**
   * Forgets everything as `reset()` does and goes on as if `offset` bytes and `recordIndex` records
   * came before: the tape engine hands a record it declined to a fresh Unpickler this way, so
   * errors name the same offsets and records.
   */
  resetAt(offset: number, recordIndex: number, previousMemoLength = 0, outOfBandCount = 0): void {
    this.reset();
    this.totalPushed = offset;
    this.recordStart = offset;
    this.m.recordCount = recordIndex;
    // For the "an earlier record's memo had it" hint of a missing memo key.
    this.m.previousMemoLength = previousMemoLength;
    // NEXT_BUFFER placeholders are numbered across records.
    this.m.outOfBandIndex = outOfBandCount;
  }

  /** NEXT_BUFFER placeholders made so far (what `resetAt` takes to go on numbering them). */
  get outOfBandCount(): number {
    return this.m.outOfBandIndex;
  }

  /** Memo length of each record returned by the last `push` (what `resetAt` takes for the next). */
  get recordMemoLengths(): readonly number[] {
    return this.memoLengths;
  }

  /** Forgets everything (stack, memo, failure) and starts afresh at offset 0. */
  reset(): void {
    this.buf = EMPTY;
    this.m.base = 0;
    this.pos = 0;
    this.totalPushed = 0;
    this.carry.clear();
    this.fill = null;
    this.raw = null;
    this.failure = null;
    this.isEnded = false;
    this.recordStart = 0;
    this.m.recordCount = 0;
    this.m.memo.clear();
    this.m.previousMemoLength = 0;
    this.m.py2Raw.clear();
    this.m.startRecord();
    if (this.settings.buffers !== undefined) this.m.bufferIterator = this.settings.buffers[Symbol.iterator]();
    this.m.outOfBandIndex = 0;
  }

  // ---------------------------------------------------------------- input handling

  private setInput(chunk: Uint8Array, chunkOffset: number, start: number): void {
    this.buf = chunk;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.m.base = chunkOffset;
    this.pos = start;
  }

  /**
   * Called by the loop when the opcode at `opStart` needs bytes beyond `end`: the chunk's end, or
   * the end of the frame it starts in (then it breaks the frame rule, whatever the chunking).
   */
  private suspend(opStart: number): void {
    const frameEnd = this.m.frameEnd;
    if (this.m.base + opStart < frameEnd && frameEnd <= this.m.base + this.buf.length) {
      const op = this.buf[opStart]!;
      throw this.m.error("FRAME_OVERRUN", op === OP.FRAME ? nestedFrameReason(this.m.base + opStart, frameEnd) : crossingReason(this.m.base + opStart, knownEnd(op, this.m.base + opStart), frameEnd), op, opStart);
    }
    this.carry.hold(this.buf, opStart, this.m.base + opStart);
    this.pos = this.buf.length;
  }

  /**
   * Moves just enough bytes from `chunk` into the carry to complete the straddling opcode, runs
   * that one opcode, and returns where decoding of `chunk` resumes.
   */
  private continueCarry(chunk: Uint8Array, chunkOffset: number): number {
    const carry = this.carry;
    const taken = carry.takeFrom(chunk, this.settings.maxLineLength);
    if (taken < 0) {
      throw new PickleError(`text argument longer than maxLineLength (${this.settings.maxLineLength})`, {
        code: "LIMIT_EXCEEDED",
        offset: carry.offset,
        opcode: carry.opcode,
        recordIndex: this.m.recordCount,
      });
    }
    const violation = carry.frameViolation(this.m.frameEnd);
    if (violation !== null) {
      throw new PickleError(violation, { code: "FRAME_OVERRUN", offset: carry.offset, opcode: carry.opcode, recordIndex: this.m.recordCount });
    }
    if (!carry.isComplete) return taken;
    // The carry now holds exactly one whole opcode (for length-prefixed ones: the header); run it.
    const offset = carry.offset;
    this.setInput(carry.take(), offset, 0);
    this.run();
    // The carried opcode may have started a payload fill, or completed a record; both are fine.
    this.setInput(chunk, chunkOffset, taken);
    return taken;
  }

  /** After a BUILD at `opStart` made a value followed by raw bytes (classes/joblib.ts): starts reading them. */
  private beginRaw(opStart: number): number {
    const target = this.m.stack[this.m.stack.length - 1] as unknown as PyRawPayload;
    const at = this.m.base + opStart;
    let payload: RawPayload;
    this.m.flushPending();
    try {
      payload = target.rawPayload();
    } catch (error) {
      throw this.m.error("BAD_ARGUMENT", (error as Error).message, OP.BUILD, opStart, error);
    }
    if (at + 1 < this.m.frameEnd) {
      throw this.m.error("FRAME_OVERRUN", rawBytesInFrameReason(at, this.m.frameEnd), OP.BUILD, opStart);
    }
    if (payload.length > this.settings.maxBytesLength) {
      throw this.m.error("LIMIT_EXCEEDED", `an array of ${payload.length} raw bytes is over maxBytesLength (${this.settings.maxBytesLength})`, OP.BUILD, opStart);
    }
    let nested: Unpickler | null = null;
    if (payload.isPickle) {
      // A whole pickle follows, read by a fresh decoder (its own memo, as joblib's inner Unpickler)
      // that counts offsets from here and stops at its STOP.
      const { emit: _emit, memoIndicesRead: _read, buffers: _buffers, memo: _memo, ...options } = this.options as UnpicklerOptions & { emit?: unknown; memoIndicesRead?: unknown };
      nested = new Unpickler(options);
      nested.resetAt(at + 1, this.m.recordCount);
      nested.stopsAfterRecord = true;
    }
    this.raw = new RawRead(target, at, payload, nested);
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
      this.m.stack[this.m.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePickled(records[0]!));
      return raw.nested.recordSpans[1]! - this.m.base;
    }
    pos = raw.readFrom(buf, pos);
    if (!raw.isComplete) return pos;
    this.raw = null;
    const bytes = raw.bytes();
    this.m.stack[this.m.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePayload(bytes));
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
        recordIndex: this.m.recordCount,
        cause: error,
      });
    }
  }

  /** Starts filling a payload that extends beyond this chunk. */
  private beginFill(opcode: number, opStart: number, payloadStart: number, length: number): void {
    const isLatin1Text = opcode === OP.BINSTRING && this.settings.encoding === "latin1";
    const fill = new PayloadFill(opcode, this.m.base + opStart, length, isLatin1Text);
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
    try {
      if (text !== undefined) this.m.stack.push(py2StringValue("latin1", this.m.py2Raw, payload, 0, fill.length, true, text));
      else this.m.pushPayload(fill.opcode, payload, 0, fill.length, 0, true);
    } catch (error) {
      // The input is the payload here: the error names the fill's opcode, not the payload's
      // first byte (a py2 str that is not UTF-8 under encoding "utf-8", arrived in pieces).
      throw error instanceof PickleError ? error : this.m.wrapAt(error, fill.opcode, 0);
    }
    this.setInput(chunk, chunkOffset, start + take);
    return start + take;
  }

  // ---------------------------------------------------------------- the loop

  /**
   * Decodes opcodes from `this.buf` starting at `this.pos` until the chunk ends. One switch on the
   * opcode byte; each case checks it has its whole argument, else suspends (a state, not an
   * exception) and returns. The cases are number literals, each named in a comment: V8 makes a
   * jump table of those and a chain of compares of imported constants (~6% of the CPU of a
   * records.pkl decode; test/core/unpickler-opcodes.test.ts checks every name against its byte).
   */
  private run(): void {
    const m = this.m;
    const buf = this.buf;
    const bufLength = buf.length;
    // Inside a frame the loop's `end` is the frame's end (when it lies in this chunk): an opcode
    // that needs bytes past it goes to suspend(), which refuses it (the frame rule, frame-rule.ts).
    let end = m.base + this.pos < m.frameEnd ? Math.min(bufLength, m.frameEnd - m.base) : bufLength;
    const stack = m.stack;
    const marks = m.marks;
    const memo = m.memo;
    const view = this.view;
    // Settings the hot cases read, as locals (chosen once per run, not per opcode).
    const wrapFloats = this.settings.wrapIntegralFloats;
    const isMapMode = this.settings.dictMode === "map";
    const maxMemoSize = this.settings.maxMemoSize;
    let pos = this.pos;
    if (m.base + pos === this.recordStart && this.replaysShapes()) pos = this.replayRecords(pos);
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
        // Every opcode's fixed argument, or a length-prefixed one's prefix, must be here first:
        // each case with one checks its size (`if (pos + 2 > end) return this.suspend(pos);`, the
        // sizes of the one opcode table, test/core/unpickler-opcodes.test.ts), the rare ones in
        // `default` by ARG_HEADER; text arguments are checked by their cases.
        switch (op) {
          // ---- containers (the hot cases of real pickles come first)
          case 0x7d: // EMPTY_DICT
            m.checkDepth(op, pos);
            stack.push(isMapMode ? new Map() : createDict());
            pos += 1;
            continue;
          case 0x5d: /* EMPTY_LIST */ {
            m.checkDepth(op, pos);
            const list: PyValue[] = [];
            stack.push(list);
            m.freshList = list;
            m.freshListNext = m.base + pos + 1;
            m.freshListMemo = -1;
            m.freshListMark = -1;
            pos += 1;
            continue;
          }
          case 0x29: // EMPTY_TUPLE
            stack.push(markTuple([]));
            pos += 1;
            continue;
          case 0x94: /* MEMOIZE */ {
            if (stack.length <= fence) throw m.underflow(op, pos);
            if (memo.isPlain) {
              const dense = memo.dense;
              if (dense.length >= maxMemoSize) throw m.memoLimit(op, pos);
              dense.push(stack[stack.length - 1]!);
            } else {
              m.memoPut(memo.length, stack[stack.length - 1]!, op, pos);
            }
            if (m.base + pos === m.freshListNext) m.freshListPut(memo.length - 1, 1);
            pos += 1;
            continue;
          }
          case 0x71: // BINPUT
            if (pos + 2 > end) return this.suspend(pos);
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.memoPut(buf[pos + 1]!, stack[stack.length - 1]!, op, pos);
            if (m.base + pos === m.freshListNext) m.freshListPut(buf[pos + 1]!, 2);
            pos += 2;
            continue;
          case 0x72: // LONG_BINPUT
            if (pos + 5 > end) return this.suspend(pos);
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.memoPut(view.getUint32(pos + 1, true), stack[stack.length - 1]!, op, pos);
            if (m.base + pos === m.freshListNext) m.freshListPut(view.getUint32(pos + 1, true), 5);
            pos += 5;
            continue;
          case 0x68: // BINGET
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(m.memoGet(buf[pos + 1]!, op, pos));
            pos += 2;
            continue;
          case 0x6a: // LONG_BINGET
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(m.memoGet(view.getUint32(pos + 1, true), op, pos));
            pos += 5;
            continue;
          case 0x28: // MARK
            m.checkDepth(op, pos);
            if (m.base + pos === m.freshListNext && stack[stack.length - 1] === m.freshList) m.freshListMark = stack.length;
            marks.push(stack.length);
            fence = stack.length;
            pos += 1;
            continue;
          case 0x75: // SETITEMS
            setItemsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          case 0x65: // APPENDS
            appendsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          case 0x73: // SETITEM
            setItemOp(m, op, pos);
            pos += 1;
            continue;
          case 0x61: // APPEND
            appendOp(m, op, pos);
            pos += 1;
            continue;
          // ---- strings and bytes
          case 0x8c: /* SHORT_BINUNICODE */ {
            if (pos + 2 > end) return this.suspend(pos);
            const length = buf[pos + 1]!;
            const start = pos + 2;
            if (start + length > end) {
              m.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            stack.push(m.utf8(buf, start, length, op, pos));
            pos = start + length;
            continue;
          }
          case 0x58: // BINUNICODE
          case 0x42: // BINBYTES
          case 0x54: // BINSTRING
          case 0x8d: // BINUNICODE8
          case 0x8e: // BINBYTES8
          case 0x96: // BYTEARRAY8
          case 0x43: // SHORT_BINBYTES
          case 0x55: // SHORT_BINSTRING
          case 0x8a: // LONG1
          case 0x8b: /* LONG4 */ {
            const header = ARG_HEADER[op]!;
            if (pos + 1 + header > end) return this.suspend(pos);
            const length = this.readLength(op, pos, ARG_SIZE[op]!);
            const start = pos + 1 + header;
            if (start + length > end) {
              m.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            if (length >= VIEW_MIN_BYTES && this.settings.reuseInput) {
              m.pushPayload(op, buf, alignPayloadInPlace(op, buf, pos, start, length), length, pos);
            } else {
              m.pushPayload(op, buf, start, length, pos);
            }
            pos = start + length;
            continue;
          }
          // ---- numbers and constants
          case 0x4b: // BININT1
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(buf[pos + 1]!);
            pos += 2;
            continue;
          case 0x4d: // BININT2
            if (pos + 3 > end) return this.suspend(pos);
            stack.push(buf[pos + 1]! | (buf[pos + 2]! << 8));
            pos += 3;
            continue;
          case 0x4a: // BININT
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(view.getInt32(pos + 1, true));
            pos += 5;
            continue;
          case 0x47: /* BINFLOAT */ {
            if (pos + 9 > end) return this.suspend(pos);
            const value = view.getFloat64(pos + 1, false);
            stack.push(wrapFloats && Number.isInteger(value) ? new PyFloat(value) : value);
            pos += 9;
            continue;
          }
          case 0x4e: // NONE
            stack.push(null);
            pos += 1;
            continue;
          case 0x88: // NEWTRUE
            stack.push(true);
            pos += 1;
            continue;
          case 0x89: // NEWFALSE
            stack.push(false);
            pos += 1;
            continue;
          // ---- tuples
          case 0x85: // TUPLE1
            if (stack.length - 1 < fence) throw m.underflow(op, pos);
            stack.push(markTuple([stack.pop()!]));
            pos += 1;
            continue;
          case 0x86: /* TUPLE2 */ {
            if (stack.length - 2 < fence) throw m.underflow(op, pos);
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second]));
            pos += 1;
            continue;
          }
          case 0x87: /* TUPLE3 */ {
            if (stack.length - 3 < fence) throw m.underflow(op, pos);
            const third = stack.pop()!;
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second, third]));
            pos += 1;
            continue;
          }
          case 0x74: // TUPLE
          case 0x6c: // LIST
          case 0x91: // FROZENSET
          case 0x64: // DICT
            fromMarkOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          case 0x8f: // EMPTY_SET
            m.checkDepth(op, pos);
            stack.push(m.settings.setsAsArrays ? [] : new Set());
            pos += 1;
            continue;
          case 0x90: // ADDITEMS
            addItemsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          // ---- stack manipulation
          case 0x30: // POP
            popOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          case 0x32: // DUP
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.lastCall = null;
            stack.push(stack[stack.length - 1]!);
            pos += 1;
            continue;
          case 0x31: // POP_MARK
            popMarkOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          // ---- objects
          case 0x93: // STACK_GLOBAL
            stackGlobalOp(m, op, pos);
            pos += 1;
            continue;
          case 0x52: // REDUCE
            reduceOp(m, op, pos);
            pos += 1;
            continue;
          case 0x81: // NEWOBJ
            newObjOp(m, op, pos);
            pos += 1;
            continue;
          case 0x92: // NEWOBJ_EX
            newObjExOp(m, op, pos);
            pos += 1;
            continue;
          case 0x62: // BUILD
            buildOp(m, op, pos);
            pos += 1;
            // A joblib array wrapper: its raw bytes follow, outside any opcode.
            if (hasRawPayload(stack[stack.length - 1])) {
              pos = this.beginRaw(pos - 1);
              end = bufLength;
            }
            continue;
          case 0x6f: // OBJ
            objOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
            pos += 1;
            continue;
          // ---- machine control
          case 0x80: // PROTO
            if (pos + 2 > end) return this.suspend(pos);
            protoOp(m, buf[pos + 1]!, op, pos);
            pos += 2;
            continue;
          case 0x95: // FRAME
            if (pos + 9 > end) return this.suspend(pos);
            frameOp(m, view, op, pos);
            pos += 9;
            end = Math.min(bufLength, m.frameEnd - m.base);
            continue;
          case 0x2e: /* STOP */ {
            if (stack.length <= fence) throw m.underflow(op, pos);
            const stopEnd = m.base + pos + 1;
            if (stopEnd < m.frameEnd) throw m.error("FRAME_OVERRUN", stopInsideFrameReason(stopEnd, m.frameEnd), op, pos);
            const value = stack.pop()!;
            const recordStart = this.recordStart;
            this.finishRecord(value, stopEnd);
            fence = 0;
            pos += 1;
            if (this.stopsAfterRecord) {
              this.pos = pos;
              return;
            }
            if (this.replaysShapes()) {
              // A record read whole from this chunk may teach its shape to the next ones: where
              // another record may follow (not a lone pickle, as `loads` reads, whose learning
              // would cost as much as its decoding).
              if (recordStart >= m.base && (pos < bufLength || m.recordCount > 1)) this.shapes!.learn(buf, recordStart - m.base, pos, value, m.previousMemoLength, m.recordCount - 1);
              pos = this.replayRecords(pos);
            }
            continue;
          }
          // ---- everything rarer goes through one call
          default: {
            if (pos + 1 + ARG_HEADER[op]! > end) return this.suspend(pos);
            const argEnd = rareArgumentEnd(m, buf, op, pos, end);
            if (argEnd < 0) return this.suspend(pos);
            runRareOp(m, buf, view, op, pos, argEnd);
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
      throw m.wrapAt(error, buf[pos] ?? -1, pos);
    }
  }

  // ---------------------------------------------------------------- helpers of the loop

  private readLength(op: number, pos: number, size: number): number {
    // One reading and one set of limits with the audit (decoder/claimed-length.ts).
    const length = claimedLength(this.buf, this.view, pos, op, size, this.settings);
    if (typeof length !== "number") throw this.m.error(length.code, length.reason, op, pos);
    return length;
  }

  private replaysShapes(): boolean {
    return this.shapes !== null && this.replaysRecordShapes && !this.stopsAfterRecord;
  }

  /**
   * Reads the records from buf[pos] (a record's first byte) by the shapes while they have them:
   * where the first record they do not have begins.
   */
  private replayRecords(pos: number): number {
    const shapes = this.shapes!;
    if (shapes.isEmpty) return pos;
    const buf = this.buf;
    const view = this.view;
    const m = this.m;
    while (pos < buf.length) {
      const after = shapes.replay(buf, view, pos, buf.length);
      if (after < 0) {
        // The usual path reads this record: its short strs are looked for from the first slot.
        recentStrings.restart();
        break;
      }
      m.output.push(shapes.value);
      this.spans.push(this.recordStart, m.base + after);
      this.recordStart = m.base + after;
      m.recordCount++;
      m.startRecord();
      m.previousMemoLength = shapes.memoLength;
      this.memoLengths.push(shapes.memoLength);
      this.replayedRecords++;
      pos = after;
    }
    return pos;
  }

  private finishRecord(value: PyValue, endOffset: number): void {
    this.m.flushPending();
    if (!this.settings.emitEntries) this.m.output.push(value);
    else pushRemainingEntries(value, this.m.output);
    this.spans.push(this.recordStart, endOffset);
    this.recordStart = endOffset;
    this.m.recordCount++;
    this.m.startRecord();
    this.memoLengths.push(this.m.previousMemoLength);
  }

  private wrap(error: unknown): PickleError {
    return this.m.wrapAt(error, this.buf[this.pos] ?? -1, this.pos);
  }
}
