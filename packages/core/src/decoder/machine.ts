/**
 * The decoder's machine: the value stack, the marks, the memo, the record being built and the
 * settings the opcode families read. The Unpickler owns the input (chunks, carried arguments,
 * payload fills) and the loop; the family modules (ops/*.ts) act on this state, and every error
 * they raise is made here, at the opcode's absolute offset and the current record.
 */
import type { ReconstructContext } from "../classes/registry.js";
import { PickleError, type PickleErrorCode } from "../errors.js";
import * as OP from "../opcodes/codes.js";
import { PyGlobal, type PyInstance, PyOutOfBandBuffer, PyPersistentId } from "../values/placeholders.js";
import { createDict, DICT_PROTOTYPE, hashableKey, markFrozenSet, markTuple, type PyDict, type PyValue } from "../values/py-types.js";
import { applyState, callValue, kwargsDict, recordDiscardedCall, StateRefused } from "./calls.js";
import type { ClassResolver } from "./class-resolver.js";
import { appendItem, exactList, pushEntries, setItemsFrom } from "./containers.js";
import { describeValue } from "./describe-value.js";
import { crossingReason } from "./frame-rule.js";
import { DROPPED, HOLE, MemoTable, memoMissingReason } from "./memo-table.js";
import { decodeLongBytes } from "./numbers.js";
import { byteArrayValue, payloadBytes, py2StringValue } from "./payload-values.js";
import { Py2RawBytes } from "./py2-raw-bytes.js";
import type { UnpicklerSettings } from "./settings.js";
import { recentStrings } from "./recent-strings.js";
import { decodeUtf8, encodeLatin1 } from "./text.js";

/** A SETITEMS batch of at least this many key, value pairs into a Map waits in `pendingPairs` (see setItems). */
const DEFERRED_BATCH_PAIRS = 64;
/**
 * Waiting pairs are kept in arrays of about this many slots: one array of millions would be
 * copied each time it grows by half, every copy a large object kept until the next full GC
 * (+120 MB peak RSS on records.pkl against +30 MB in chunks).
 */
const PENDING_CHUNK = 1 << 16;

export class Machine {
  readonly settings: UnpicklerSettings;
  readonly classes: ClassResolver;
  readonly context: ReconstructContext;
  /** Absolute offset of the first byte of the input being decoded (errors add their position to it). */
  base = 0;
  /** 0-based index of the record being decoded. */
  recordCount = 0;
  /** Where completed records (or entries mode's entries) go. */
  output: PyValue[] = [];
  readonly stack: PyValue[] = [];
  /** Stack heights at each MARK. */
  readonly marks: number[] = [];
  readonly memo: MemoTable;
  /**
   * Entries mode: one past the highest memo index when entries were last handed out (0 before
   * any, and always outside entries mode); values read back from below it are `settledReads`.
   */
  settledHigh = 0;
  readonly settledReads = new WeakSet<object>();
  previousMemoLength = 0;
  proto = 0;
  frameEnd = -1;
  bufferIterator: Iterator<Uint8Array> | null = null;
  outOfBandIndex = 0;
  /** Raw bytes of long Python 2 strs (ReconstructContext.py2Bytes), so numpy data need not be re-encoded. */
  readonly py2Raw: Py2RawBytes;
  /**
   * The list the last EMPTY_LIST pushed, while its first APPENDS may swap it for an exact-size copy
   * (see appendsToFreshList): null once anything else could have reached it.
   */
  freshList: PyValue[] | null = null;
  /** Absolute offset where the fresh list's MARK must stand: right after EMPTY_LIST and one memo put. */
  freshListNext = -1;
  /** Dense memo index holding the fresh list, or -1. */
  freshListMemo = -1;
  /** The stack height that MARK recorded (stack[mark - 1] is the list while that mark stands), or -1. */
  freshListMark = -1;
  /**
   * The placeholder the last REDUCE pushed, while it may still be discarded unused (POP right
   * after it, memo puts allowed): such a call acted on its arguments (`__effects__`). A memo read
   * or DUP clears it: then the pickle uses the result.
   */
  lastCall: PyInstance | null = null;
  /**
   * The Map whose big SETITEMS batches wait in `pendingPairs` (key, value, key, value, ...), in
   * order, until the record's STOP or until code outside the decoder could look at the Map
   * (a reconstructor, a BUILD, persistentLoad, a user container's setItem/append) or another
   * batch targets it or another big Map: see setItems. Inserting a record's 1.8M root entries
   * into its Map in one loop at STOP, when keys and values are old objects, costs less than
   * batch by batch while they are young (records.pkl: -11% CPU; bench/micro/map-root-insert).
   */
  pendingMap: Map<PyValue, PyValue> | null = null;
  /** The waiting pairs: full chunks, then `pendingPairs` (see PENDING_CHUNK). */
  private readonly pendingChunks: PyValue[][] = [];
  private pendingPairs: PyValue[] = [];

  constructor(settings: UnpicklerSettings, classes: ClassResolver) {
    this.settings = settings;
    this.classes = classes;
    this.py2Raw = new Py2RawBytes();
    this.context = {
      dictMode: settings.dictMode,
      setMode: settings.setsAsArrays ? "array" : "set",
      // A short str's bytes are its text encoded again in its encoding: decoding it was exact.
      py2Bytes: (text) => this.py2Raw.get(text) ?? reencodePy2(settings.encoding, text),
      instantiate: (cls, args, kwargs) => callValue(cls, args, kwargs, true, this.classes, this.context),
      limits: { maxBytesLength: settings.maxBytesLength, maxIntBytes: settings.maxIntBytes },
    };
    this.memo = new MemoTable(settings.memoIndicesRead, settings.maxMemoSize);
    if (settings.buffers !== undefined) this.bufferIterator = settings.buffers[Symbol.iterator]();
  }

  // ---------------------------------------------------------------- values and family helpers

  /**
   * Pushes the value of a length-prefixed opcode whose payload is `bytes[start, start+length)`.
   * `isOwned`: `bytes` was assembled by this decoder for this payload alone, so it is the value.
   */
  pushPayload(op: number, bytes: Uint8Array, start: number, length: number, pos: number, isOwned = false): void {
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

  utf8(bytes: Uint8Array, start: number, length: number, op: number, pos: number): string {
    try {
      return decodeUtf8(bytes, start, length);
    } catch (error) {
      throw this.error("BAD_ARGUMENT", `invalid UTF-8 in str: ${(error as Error).message}`, op, pos, error);
    }
  }

  /** `isOwned` as in pushPayload: `bytes` is this payload's own buffer. */
  py2String(bytes: Uint8Array, start: number, length: number, isOwned = false): PyValue {
    return py2StringValue(this.settings.encoding, this.py2Raw, bytes, start, length, isOwned);
  }

  checkFrame(op: number, pos: number, argEnd: number): void {
    const at = this.base + pos;
    if (at < this.frameEnd && this.base + argEnd > this.frameEnd) {
      throw this.error("FRAME_OVERRUN", crossingReason(at, this.base + argEnd, this.frameEnd), op, pos);
    }
  }

  checkDepth(op: number, pos: number): void {
    if (this.stack.length + this.marks.length >= this.settings.maxDepth) {
      throw this.limit(`nesting deeper than maxDepth (${this.settings.maxDepth})`, op, pos);
    }
  }

  memoPut(index: number, value: PyValue, op: number, pos: number): void {
    if (!this.memo.put(index, value)) throw this.memoLimit(op, pos);
  }

  memoGet(index: number, op: number, pos: number): PyValue {
    const value = this.memo.get(index);
    if (value === this.freshList) this.freshList = null; // a second reference: no longer swappable
    this.lastCall = null;
    if (value === undefined || value === DROPPED || value === HOLE) {
      const hadEarlier = !this.settings.isMemoShared && index < this.previousMemoLength;
      throw this.error("MEMO_MISSING", memoMissingReason(index, value, hadEarlier), op, pos);
    }
    if (index < this.settledHigh && typeof value === "object" && value !== null) this.settledReads.add(value);
    return value;
  }

  /**
   * Entries mode: refuses to change a value read back from the memo as it stood when entries were
   * last handed out. Such a value may be in (or be) an entry already handed out, which its later
   * change would not reach, or reach depending on when the caller wrote it out: the output would
   * hang on the chunking. CPython's pickler never changes an object after a memo read of it.
   */
  checkNotHandedOut(target: PyValue, op: number, pos: number): void {
    if (typeof target === "object" && target !== null && this.settledReads.has(target)) {
      throw this.error(
        "UNSUPPORTED",
        "entries mode: the pickle changes a value memoized before entries were handed out, which may be one of them (read it without entries mode)",
        op,
        pos,
      );
    }
  }

  /**
   * SETITEMS/SETITEM: the key, value pairs at `stack[from...]` into `target`. A big batch into a
   * Map waits in `pendingPairs` (see pendingMap); any other batch into that Map, or into a
   * container that runs code of its own (setItem), first applies the waiting pairs, so every
   * Map gets its entries in the pickle's order.
   */
  setItems(target: PyValue, from: number, op: number, pos: number): void {
    const stack = this.stack;
    const pending = this.pendingMap;
    const prototype = typeof target === "object" && target !== null ? Object.getPrototypeOf(target) : null;
    if (prototype === Map.prototype && stack.length - from >= 2 * DEFERRED_BATCH_PAIRS) {
      if (target !== pending) {
        if (pending !== null) this.flushPending();
        this.pendingMap = target as Map<PyValue, PyValue>;
      }
      let pairs = this.pendingPairs;
      if (pairs.length >= PENDING_CHUNK) {
        this.pendingChunks.push(pairs);
        pairs = this.pendingPairs = [];
      }
      for (let i = from; i < stack.length; i++) pairs.push(stack[i]!);
      return;
    }
    // A plain dict or another plain Map runs no code that could look at the waiting Map.
    if (pending !== null && (target === pending || (prototype !== Map.prototype && prototype !== DICT_PROTOTYPE))) this.flushPending();
    if (!setItemsFrom(target, stack, from, this.settings.setsAsArrays)) throw this.error("BAD_TYPE", `cannot set items on ${describeValue(target)}`, op, pos);
  }

  /** Inserts the waiting pairs into their Map (see pendingMap); called before anything may look at it. */
  flushPending(): void {
    const map = this.pendingMap;
    if (map === null) return;
    this.pendingMap = null;
    const chunks = this.pendingChunks;
    const listsMayBeSets = this.settings.setsAsArrays;
    for (let c = 0; c < chunks.length; c++) setPairs(map, chunks[c]!, listsMayBeSets);
    setPairs(map, this.pendingPairs, listsMayBeSets);
    chunks.length = 0;
    this.pendingPairs = [];
  }

  /**
   * A memo put (`size` bytes) right after the fresh list's EMPTY_LIST: remember where the list sits
   * in the memo, and that its MARK comes next. A put that did not land in the dense memo (entries
   * mode dropping it, a sparse index) ends the fast path.
   */
  freshListPut(index: number, size: number): void {
    if (this.freshListMemo < 0 && this.memo.dense.get(index) === this.freshList) {
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
  appendsToFreshList(mark: number): void {
    const stack = this.stack;
    const old = this.freshList;
    const list = exactList(stack, mark);
    stack[mark - 1] = list;
    const dense = this.memo.dense;
    if (this.freshListMemo >= 0 && dense.get(this.freshListMemo) === old) dense.set(this.freshListMemo, list);
    stack.length = mark;
    this.freshList = null;
  }

  appendTo(target: PyValue, item: PyValue, op: number, pos: number): void {
    if (this.pendingMap !== null && !Array.isArray(target)) this.flushPending(); // an append() of its own may look
    if (!appendItem(target, item)) throw this.error("BAD_TYPE", `cannot append to ${describeValue(target)}`, op, pos);
  }

  /** Entries mode: hand the root container's new entries out instead of storing them. */
  emitEntries(from: number, isDict: boolean): void {
    this.flushPending(); // the entries leave before STOP: every Map they reach must be whole
    pushEntries(this.stack, from, isDict, this.output);
    this.settledHigh = this.memo.highWater;
  }

  fromSlice(op: number, items: PyValue[], pos: number): PyValue {
    switch (op) {
      case OP.TUPLE:
        return markTuple(items);
      case OP.LIST:
        return items;
      case OP.FROZENSET:
        return this.settings.setsAsArrays ? items : markFrozenSet(new Set(items.map((item) => hashableKey(item, false))));
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

  kwargsOf(kwargs: PyValue, op: number, pos: number): PyDict {
    this.flushPending();
    const dict = kwargsDict(kwargs);
    if (dict === undefined) throw this.error("BAD_TYPE", `NEWOBJ_EX keyword arguments must be a dict, got ${describeValue(kwargs)}`, op, pos);
    return dict;
  }

  /** A call whose result the pickle discarded (see recordDiscardedCall). */
  discardCall(call: PyInstance): void {
    this.flushPending();
    this.lastCall = null;
    recordDiscardedCall(call);
  }

  callAt(callee: PyValue, args: PyValue[], kwargs: PyDict | null, op: number, pos: number): PyValue {
    this.flushPending(); // the callee may look at any Map its arguments reach
    try {
      return callValue(callee, args, kwargs, op === OP.NEWOBJ || op === OP.NEWOBJ_EX || op === OP.OBJ, this.classes, this.context);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      const name = callee instanceof PyGlobal ? callee.pyClass : describeValue(callee);
      throw this.error("BAD_ARGUMENT", `cannot rebuild ${name}: ${(error as Error)?.message ?? String(error)}`, op, pos, error);
    }
  }

  build(target: PyValue, state: PyValue, op: number, pos: number): void {
    this.flushPending();
    try {
      applyState(target, state, this.context);
    } catch (error) {
      if (error instanceof StateRefused) throw this.error(error.code, error.message, op, pos, error.cause);
      throw error;
    }
  }

  persistent(pid: PyValue): PyValue {
    this.flushPending();
    const load = this.settings.persistentLoad;
    return load === undefined ? new PyPersistentId(pid) : load(pid);
  }

  nextBuffer(op: number, pos: number): PyValue {
    const index = this.outOfBandIndex++;
    if (this.bufferIterator === null) return new PyOutOfBandBuffer(index);
    const next = this.bufferIterator.next();
    if (next.done === true) throw this.error("BAD_ARGUMENT", `not enough out-of-band buffers (needed #${index})`, op, pos);
    return next.value;
  }

  // ---------------------------------------------------------------- records

  startRecord(): void {
    this.pendingMap = null;
    // Setting an array's length is a runtime call (~6% of a stream of small records): only when needed.
    if (this.pendingChunks.length !== 0) this.pendingChunks.length = 0;
    if (this.pendingPairs.length !== 0) this.pendingPairs = [];
    this.freshList = null;
    this.lastCall = null;
    this.freshListMark = -1;
    if (this.stack.length !== 0) this.stack.length = 0;
    if (this.marks.length !== 0) this.marks.length = 0;
    this.proto = 0;
    this.frameEnd = -1;
    recentStrings.restart();
    if (!this.settings.isMemoShared) {
      this.previousMemoLength = this.memo.length;
      this.memo.clear();
      this.py2Raw.clear();
    }
    this.settledHigh = 0;
  }

  // ---------------------------------------------------------------- errors

  error(code: PickleErrorCode, reason: string, op: number, pos: number, cause?: unknown): PickleError {
    return new PickleError(reason, { code, offset: this.base + pos, opcode: op, recordIndex: this.recordCount, cause });
  }

  underflow(op: number, pos: number): PickleError {
    return this.error("STACK_UNDERFLOW", "stack underflow (fewer objects above the mark than the opcode takes)", op, pos);
  }

  /** The items above the topmost MARK, taken off the stack with the mark (OBJ, INST, TUPLE, LIST, DICT, FROZENSET). */
  takeMarked(op: number, pos: number): PyValue[] {
    if (this.marks.length === 0) throw this.noMark(op, pos);
    const mark = this.marks.pop()!;
    if (mark === this.freshListMark) this.freshList = null;
    return this.stack.splice(mark);
  }

  noMark(op: number, pos: number): PickleError {
    return this.error("NO_MARK", "could not find MARK", op, pos);
  }

  limit(reason: string, op: number, pos: number): PickleError {
    return this.error("LIMIT_EXCEEDED", reason, op, pos);
  }

  memoLimit(op: number, pos: number): PickleError {
    return this.limit(`memo larger than maxMemoSize (${this.settings.maxMemoSize})`, op, pos);
  }

  wrapAt(error: unknown, op: number, pos: number): PickleError {
    const message = error instanceof Error ? error.message : String(error);
    const code: PickleErrorCode = error instanceof RangeError ? "LIMIT_EXCEEDED" : "BAD_ARGUMENT";
    return this.error(code, message, op, pos, error);
  }
}

/** `pairs` (key, value, key, value, ...) into `map`, in order. */
function setPairs(map: Map<PyValue, PyValue>, pairs: readonly PyValue[], listsMayBeSets: boolean): void {
  for (let i = 0; i < pairs.length; i += 2) map.set(hashableKey(pairs[i]!, listsMayBeSets), pairs[i + 1]!);
}

/** The bytes a Python 2 str decoded as `encoding` had: latin-1 and ASCII one byte per char, UTF-8 as encoded. */
function reencodePy2(encoding: UnpicklerSettings["encoding"], text: string): Uint8Array | undefined {
  if (encoding === "latin1" || encoding === "ascii") return encodeLatin1(text);
  return encoding === "utf-8" ? encodeUtf8SurrogatePass(text) : undefined;
}

/**
 * UTF-8 with a lone surrogate as its own 3 bytes (`ED A0 80` for U+D800), the inverse of
 * decodeUtf8, which reads them so (Python's surrogatepass); TextEncoder writes U+FFFD instead,
 * which changed the bytes of numpy data that held such a sequence.
 */
function encodeUtf8SurrogatePass(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) out[at++] = code;
    else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6);
      out[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[at++] = 0xe0 | (code >> 12);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    } else {
      out[at++] = 0xf0 | (code >> 18);
      out[at++] = 0x80 | ((code >> 12) & 0x3f);
      out[at++] = 0x80 | ((code >> 6) & 0x3f);
      out[at++] = 0x80 | (code & 0x3f);
    }
  }
  return out.subarray(0, at);
}
