import * as OP from "../opcodes/codes.js";
import type { PyValue } from "../values/py-types.js";
import { parseJsonValue } from "./json-values.js";
import { encodeLong } from "./long.js";
import { Pickler } from "./pickler.js";

export interface JsonPicklerOptions {
  /** Pickle protocol, 2 to 5. Default 5. */
  readonly protocol?: 2 | 3 | 4 | 5;
  /** Deepest nesting written per record, as the Pickler's option. Default 1,000. */
  readonly maxDepth?: number;
}

/** `tryRecord`'s answers besides the end of the value. */
export const DECLINED = -1;
export const BLANK = -2;

/** The Pickler's frame rules (see pickler.ts): a frame closes at the first value past 64 KiB. */
const FRAME_SIZE_TARGET = 64 * 1024;
const FRAME_SIZE_MIN = 4;
const FRAME_HEADER_SIZE = 9;
const BATCH_SIZE = 1000;
const CHUNK_CAPACITY = 1 << 20;
/** Strings with at least this many raw bytes are decoded aside: a frame may have to close before their header. */
const LARGE_STR_RAW_BYTES = FRAME_SIZE_TARGET;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Integers below this are exact doubles: a decimal mantissa under it, scaled by an exact power of ten, rounds once. */
const EXACT_MANTISSA = 2 ** 53;
/** Literals, each exact (10 ** n goes through Math.pow). */
const POWERS_OF_TEN = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/** Thrown inside the transcoder when a record needs the value path; never escapes it. */
const DECLINE = Symbol("decline");

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Writes pickles straight from JSON text (UTF-8 bytes), without building JS values: the bytes
 * the Pickler writes for `parseJsonValue` of the same text, the same opcodes, memo indices,
 * batches and frames (one str memoized per distinct value, as the Pickler does). A string's
 * UTF-8 is copied from the input; numbers are read from their digits.
 *
 * A record the transcoder does not take (a dict with a repeated key, nesting past maxDepth, text
 * that is not JSON) goes through `parseJsonValue` and the Pickler instead, so the output and the
 * errors are the value path's. Records are gathered in one buffer; `take` hands them over.
 */
export class JsonPickler {
  private readonly protocol: number;
  private readonly framing: boolean;
  private readonly maxDepth: number;
  private valuePickler: Pickler | undefined;

  private out = new Uint8Array(CHUNK_CAPACITY);
  private view = new DataView(this.out.buffer);
  private pos = 0;
  private frameStart = -1;
  private boundaryAt = Number.POSITIVE_INFINITY;

  private input: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;

  private memoCount = 0;
  /** The record's str memo: an open-addressed table of entries, each a span of the output. */
  private table = new Int32Array(1024);
  private tableStamps = new Uint32Array(1024);
  private stamp = 1;
  private entryStarts = new Int32Array(256);
  private entryLengths = new Int32Array(256);
  private entryHashes = new Int32Array(256);
  private entryMemos = new Int32Array(256);
  private entryCount = 0;
  /** Per memo index: the dict whose key it last was, to find a repeated key (which the value path collapses). */
  private keyOwners = new Int32Array(256);
  private dictSerial = 0;
  /** Bytes moved by single-item containers losing their MARK, and the most the record may move. */
  private shifted = 0;
  private shiftBudget = 0;
  /** Where a string too large for the output's spare room is decoded first. */
  private scratch = new Uint8Array(0);

  constructor(options: JsonPicklerOptions = {}) {
    const protocol: unknown = options.protocol ?? 5;
    if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
      throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
    }
    this.protocol = protocol;
    this.framing = protocol >= 4;
    this.maxDepth = options.maxDepth ?? 1000;
    if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) {
      throw new RangeError(`maxDepth must be a positive integer, got ${String(options.maxDepth)}`);
    }
  }

  /** Bytes of pickles written and not taken yet. */
  get size(): number {
    return this.pos;
  }

  /** The pickles written since the last take; the next ones go to a fresh buffer. */
  take(): Uint8Array {
    const taken = this.out.subarray(0, this.pos);
    this.out = new Uint8Array(CHUNK_CAPACITY);
    this.view = new DataView(this.out.buffer);
    this.pos = 0;
    return taken;
  }

  /** Drops what was written after `size` was `mark`. */
  rollback(mark: number): void {
    this.pos = mark;
  }

  /**
   * One pickle of the JSON value at `input[start, end)` (JSON whitespace before it skipped), when
   * the transcoder takes it: returns the offset just after the value (what follows is not read).
   * `BLANK` when only whitespace is there; `DECLINED` (nothing written) when the value needs the
   * value path or is not JSON. A newline at `end` ends the text (the byte there is never taken).
   */
  tryRecord(input: Uint8Array, start: number, end: number): number {
    this.input = input;
    this.at = start;
    this.end = end;
    this.skipSpace();
    if (this.at >= end) return BLANK;
    const mark = this.pos;
    this.shifted = 0;
    this.shiftBudget = 4 * (end - start) + FRAME_SIZE_TARGET;
    try {
      this.beginRecord();
      this.value(0);
      this.endRecord();
      return this.at <= end ? this.at : this.decline(mark);
    } catch (error) {
      if (error !== DECLINE) throw error;
      return this.decline(mark);
    } finally {
      this.endMemo();
    }
  }

  /**
   * One NDJSON line, `input[start, end)`: its pickle, written by the transcoder or by the value
   * path. Returns false for a blank line (nothing written). Throws the value path's error for a
   * line that is not one JSON value (SyntaxError), is not UTF-8 (TypeError) or nests too deep.
   */
  pickleLine(input: Uint8Array, start: number, end: number): boolean {
    const mark = this.pos;
    const after = this.tryRecord(input, start, end);
    if (after === BLANK) return false;
    if (after >= 0) {
      let at = after;
      while (at < end && isJsonSpace(input[at]!)) at++;
      if (at === end) return true;
      this.pos = mark; // a value followed by more text: the value path says what is wrong
    }
    const text = utf8.decode(input.subarray(start, end));
    if (text.trim() === "") return false;
    this.pickleValue(parseJsonValue(text));
    return true;
  }

  /** One pickle of `value` by the Pickler, gathered with the others. */
  pickleValue(value: PyValue): void {
    this.valuePickler ??= new Pickler({ protocol: this.protocol as 2 | 3 | 4 | 5, maxDepth: this.maxDepth });
    const bytes = this.valuePickler.dump(value);
    this.ensure(bytes.length);
    this.out.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  // ------------------------------------------------------------ records, frames, memo

  private decline(mark: number): number {
    this.pos = mark;
    this.frameStart = -1;
    return DECLINED;
  }

  private beginRecord(): void {
    this.ensure(2 + FRAME_HEADER_SIZE);
    this.out[this.pos] = OP.PROTO;
    this.out[this.pos + 1] = this.protocol;
    this.pos += 2;
    if (this.framing) this.openFrame();
  }

  private endRecord(): void {
    this.op(OP.STOP);
    if (this.framing) this.commitFrame();
    this.frameStart = -1;
  }

  /** A fresh memo for the next record: the table is reset by its stamp, not cleared. */
  private endMemo(): void {
    this.memoCount = 0;
    this.entryCount = 0;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.tableStamps.fill(0);
      this.stamp = 1;
    }
  }

  private openFrame(): void {
    this.ensure(FRAME_HEADER_SIZE);
    this.frameStart = this.pos;
    this.pos += FRAME_HEADER_SIZE;
    this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
  }

  private commitFrame(): void {
    const start = this.frameStart;
    const length = this.pos - start - FRAME_HEADER_SIZE;
    if (length < FRAME_SIZE_MIN) {
      this.out.copyWithin(start, start + FRAME_HEADER_SIZE, this.pos);
      this.pos -= FRAME_HEADER_SIZE;
      // Memo spans in the moved bytes move with them (only an empty str fits in so short a frame).
      for (let entry = this.entryCount - 1; entry >= 0 && this.entryStarts[entry]! > start; entry--) {
        this.entryStarts[entry]! -= FRAME_HEADER_SIZE;
      }
    } else {
      const out = this.out;
      out[start] = OP.FRAME;
      putUint32(out, start + 1, length);
      putUint32(out, start + 5, 0);
    }
    this.frameStart = -1;
  }

  /** The Pickler commits a frame that reached 64 KiB before it writes the next value. */
  private boundary(): void {
    this.commitFrame();
    this.openFrame();
  }

  private ensure(extra: number): void {
    if (this.pos + extra > this.out.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.out.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.out.subarray(0, this.pos));
    this.out = grown;
    this.view = new DataView(grown.buffer);
  }

  private op(code: number): void {
    if (this.pos >= this.out.length) this.grow(1);
    this.out[this.pos++] = code;
  }

  /** Memoizes the value on top of the stack (MEMOIZE, or BINPUT before protocol 4). */
  private put(): number {
    const index = this.memoCount++;
    if (index >= this.keyOwners.length) this.keyOwners = growInt32(this.keyOwners, index + 1);
    this.keyOwners[index] = 0;
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (this.framing) {
      out[at] = OP.MEMOIZE;
      this.pos = at + 1;
    } else if (index < 256) {
      out[at] = OP.BINPUT;
      out[at + 1] = index;
      this.pos = at + 2;
    } else {
      out[at] = OP.LONG_BINPUT;
      putUint32(out, at + 1, index);
      this.pos = at + 5;
    }
    return index;
  }

  private writeGet(index: number): void {
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (index < 256) {
      out[at] = OP.BINGET;
      out[at + 1] = index;
      this.pos = at + 2;
    } else {
      out[at] = OP.LONG_BINGET;
      putUint32(out, at + 1, index);
      this.pos = at + 5;
    }
  }

  // ------------------------------------------------------------ values

  private skipSpace(): void {
    const input = this.input;
    const end = this.end;
    let at = this.at;
    while (at < end) {
      const code = input[at]!;
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      at++;
    }
    this.at = at;
  }

  /** The value at `at` (no whitespace before it); `depth` containers enclose it. */
  private value(depth: number): void {
    if (this.pos >= this.boundaryAt) this.boundary();
    const input = this.input;
    const at = this.at;
    switch (input[at]) {
      case 0x7b: // {
        this.dict(depth);
        return;
      case 0x5b: // [
        this.list(depth);
        return;
      case 0x22: // "
        this.str(0);
        return;
      case 0x74: // t
        if (input[at + 1] !== 0x72 || input[at + 2] !== 0x75 || input[at + 3] !== 0x65) throw DECLINE;
        this.at = at + 4;
        this.op(OP.NEWTRUE);
        return;
      case 0x66: // f
        if (input[at + 1] !== 0x61 || input[at + 2] !== 0x6c || input[at + 3] !== 0x73 || input[at + 4] !== 0x65) throw DECLINE;
        this.at = at + 5;
        this.op(OP.NEWFALSE);
        return;
      case 0x6e: // n
        if (input[at + 1] !== 0x75 || input[at + 2] !== 0x6c || input[at + 3] !== 0x6c) throw DECLINE;
        this.at = at + 4;
        this.op(OP.NONE);
        return;
      default:
        this.number();
    }
  }

  /** EMPTY_DICT, MEMOIZE, then SETITEM for one pair or MARK ... SETITEMS per 1000 (saveMap's batches). */
  private dict(depth: number): void {
    if (depth >= this.maxDepth) throw DECLINE;
    this.at++;
    this.op(OP.EMPTY_DICT);
    this.put();
    this.skipSpace();
    if (this.input[this.at] === 0x7d) {
      this.at++;
      return;
    }
    const serial = ++this.dictSerial;
    // The MARK is written before the first pair; a dict of one pair loses it at the end.
    const markAt = this.pos;
    this.op(OP.MARK);
    const frameAtMark = this.frameStart;
    const memoAtMark = this.memoCount;
    let count = 0;
    let inBatch = 0;
    for (;;) {
      if (this.input[this.at] !== 0x22) throw DECLINE;
      if (this.pos >= this.boundaryAt) this.boundary();
      this.str(serial);
      this.skipSpace();
      if (this.input[this.at] !== 0x3a) throw DECLINE;
      this.at++;
      this.skipSpace();
      this.value(depth + 1);
      count++;
      if (++inBatch === BATCH_SIZE) {
        this.op(OP.SETITEMS);
        this.op(OP.MARK);
        inBatch = 0;
      }
      this.skipSpace();
      const next = this.input[this.at++];
      if (next === 0x7d) break;
      if (next !== 0x2c) throw DECLINE;
      this.skipSpace();
    }
    if (count === 1) {
      this.dropMark(markAt, frameAtMark, memoAtMark);
      this.op(OP.SETITEM);
    } else {
      // A full last batch keeps its empty follower (MARK SETITEMS), as saveMap writes it.
      this.op(OP.SETITEMS);
    }
  }

  /** EMPTY_LIST, MEMOIZE, then APPEND for one item or MARK ... APPENDS per 1000 (saveList's batches). */
  private list(depth: number): void {
    if (depth >= this.maxDepth) throw DECLINE;
    this.at++;
    this.op(OP.EMPTY_LIST);
    this.put();
    this.skipSpace();
    if (this.input[this.at] === 0x5d) {
      this.at++;
      return;
    }
    const markAt = this.pos;
    this.op(OP.MARK);
    const frameAtMark = this.frameStart;
    const memoAtMark = this.memoCount;
    let count = 0;
    let inBatch = 0;
    for (;;) {
      this.value(depth + 1);
      count++;
      if (++inBatch === BATCH_SIZE) {
        this.op(OP.APPENDS);
        this.op(OP.MARK);
        inBatch = 0;
      }
      this.skipSpace();
      const next = this.input[this.at++];
      if (next === 0x5d) break;
      if (next !== 0x2c) throw DECLINE;
      this.skipSpace();
    }
    if (count === 1) {
      this.dropMark(markAt, frameAtMark, memoAtMark);
      this.op(OP.APPEND);
    } else if (inBatch === 0) {
      this.pos--; // the MARK opened after a full batch, with no item after it (the last byte)
    } else {
      this.op(OP.APPENDS);
    }
  }

  /**
   * A container of one item has no MARK: take it out and move the item's bytes (and its memo
   * spans) back by one. When a frame closed inside the item, the frames would change: decline.
   */
  private dropMark(markAt: number, frameAtMark: number, memoAtMark: number): void {
    if (this.frameStart !== frameAtMark) throw DECLINE;
    const length = this.pos - markAt - 1;
    this.shifted += length;
    // Deep single-item nesting moves the same bytes once per level: past a budget, the value path.
    if (this.shifted > this.shiftBudget) throw DECLINE;
    this.out.copyWithin(markAt, markAt + 1, this.pos);
    this.pos--;
    const starts = this.entryStarts;
    const memos = this.entryMemos;
    for (let entry = this.entryCount - 1; entry >= 0 && memos[entry]! >= memoAtMark; entry--) starts[entry]!--;
  }

  /**
   * A str at `at` (its opening quote): its UTF-8 written in place after room for its header,
   * then either the header and a memo entry, or, for a value already written, a GET instead.
   * `keyOf` is the dict it is a key of (0 for a value).
   */
  private str(keyOf: number): void {
    const input = this.input;
    const from = this.at + 1;
    const end = this.end;
    let close = from;
    let isPlain = true;
    for (; close < end; close++) {
      const code = input[close]!;
      if (code === 0x22) break;
      if (code === 0x5c || code < 0x20 || code >= 0x80) {
        isPlain = false;
        break;
      }
    }
    if (!isPlain) close = this.closingQuote(close);
    else if (close >= end) throw DECLINE;
    const rawLength = close - from;
    this.at = close + 1;
    if (rawLength >= LARGE_STR_RAW_BYTES) {
      this.largeStr(from, close, keyOf);
      return;
    }
    const headerLength = this.framing && rawLength < 256 ? 2 : 5;
    const opAt = this.pos;
    this.ensure(headerLength + rawLength + 5);
    const out = this.out;
    const payloadAt = opAt + headerLength;
    let length = rawLength;
    if (!isPlain) {
      length = decodeJsonString(input, from, close, out, payloadAt) - payloadAt;
    } else if (rawLength < 32) {
      for (let i = 0; i < rawLength; i++) out[payloadAt + i] = input[from + i]!;
    } else {
      out.set(input.subarray(from, close), payloadAt);
    }
    const found = this.findStr(out, payloadAt, length);
    if (found >= 0) {
      this.pos = opAt;
      this.writeGet(found);
      this.ownKey(found, keyOf);
      return;
    }
    let start = payloadAt;
    if (headerLength === 2) {
      out[opAt] = OP.SHORT_BINUNICODE;
      out[opAt + 1] = length;
    } else if (this.framing && length < 256) {
      // Escapes made it short: SHORT_BINUNICODE after all, the payload moved back.
      out.copyWithin(opAt + 2, payloadAt, payloadAt + length);
      start = opAt + 2;
      out[opAt] = OP.SHORT_BINUNICODE;
      out[opAt + 1] = length;
    } else {
      out[opAt] = OP.BINUNICODE;
      putUint32(out, opAt + 1, length);
    }
    this.pos = start + length;
    this.addStr(start, length, this.lastHash, this.put(), keyOf);
  }

  /** A str of 64 KiB or more of text: decoded aside, since a frame may close before its header. */
  private largeStr(from: number, close: number, keyOf: number): void {
    if (this.scratch.length < close - from) this.scratch = new Uint8Array(close - from);
    const length = decodeJsonString(this.input, from, close, this.scratch, 0);
    const found = this.findStr(this.scratch, 0, length);
    if (found >= 0) {
      this.writeGet(found);
      this.ownKey(found, keyOf);
      return;
    }
    const hash = this.lastHash;
    const isLarge = length >= FRAME_SIZE_TARGET;
    if (isLarge && this.framing) this.commitFrame();
    this.ensure(5 + length);
    this.out[this.pos] = OP.BINUNICODE;
    putUint32(this.out, this.pos + 1, length);
    const start = this.pos + 5;
    this.out.set(this.scratch.subarray(0, length), start);
    this.pos = start + length;
    if (isLarge && this.framing) this.openFrame();
    this.addStr(start, length, hash, this.put(), keyOf);
  }

  /** The closing quote of a str that has escapes or non-ASCII text, checking both; from `at` on. */
  private closingQuote(at: number): number {
    const input = this.input;
    const end = this.end;
    while (at < end) {
      const code = input[at]!;
      if (code === 0x22) return at;
      if (code === 0x5c) at += 2;
      else if (code < 0x20) throw DECLINE;
      else if (code < 0x80) at++;
      else at += utf8SequenceLength(input, at, end);
    }
    throw DECLINE;
  }

  /** Hash of the last str looked up, for the entry `addStr` makes of it. */
  private lastHash = 0;

  /** The memo index of a str whose UTF-8 is `bytes[at, at + length)`, or -1 (its hash kept). */
  private findStr(bytes: Uint8Array, at: number, length: number): number {
    let hash = length | 0;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ bytes[at + i]!, 0x01000193);
    hash ^= hash >>> 15;
    this.lastHash = hash;
    const mask = this.table.length - 1;
    const stamps = this.tableStamps;
    const out = this.out;
    for (let slot = hash & mask; stamps[slot] === this.stamp; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (this.entryHashes[entry] !== hash || this.entryLengths[entry] !== length) continue;
      const start = this.entryStarts[entry]!;
      let i = 0;
      while (i < length && out[start + i] === bytes[at + i]) i++;
      if (i === length) return this.entryMemos[entry]!;
    }
    return -1;
  }

  private addStr(start: number, length: number, hash: number, memo: number, keyOf: number): void {
    const entry = this.entryCount++;
    if (entry >= this.entryStarts.length) this.growEntries();
    this.entryStarts[entry] = start;
    this.entryLengths[entry] = length;
    this.entryHashes[entry] = hash;
    this.entryMemos[entry] = memo;
    this.keyOwners[memo] = keyOf;
    if (this.entryCount * 2 > this.table.length) this.growTable();
    else this.place(entry, hash);
  }

  private place(entry: number, hash: number): void {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    while (this.tableStamps[slot] === this.stamp) slot = (slot + 1) & mask;
    this.table[slot] = entry;
    this.tableStamps[slot] = this.stamp;
  }

  /** A str used as a key: a second use as a key of the same dict is a repeated key (value path). */
  private ownKey(memo: number, keyOf: number): void {
    if (keyOf === 0) return;
    if (this.keyOwners[memo] === keyOf) throw DECLINE;
    this.keyOwners[memo] = keyOf;
  }

  private growEntries(): void {
    const size = this.entryStarts.length * 2;
    this.entryStarts = growInt32(this.entryStarts, size);
    this.entryLengths = growInt32(this.entryLengths, size);
    this.entryHashes = growInt32(this.entryHashes, size);
    this.entryMemos = growInt32(this.entryMemos, size);
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.tableStamps = new Uint32Array(this.tableStamps.length * 2);
    this.stamp = 1;
    for (let entry = 0; entry < this.entryCount; entry++) this.place(entry, this.entryHashes[entry]!);
  }

  /** A JSON number: an int as the Pickler writes a JS number or bigint, anything else BINFLOAT. */
  private number(): void {
    const input = this.input;
    const start = this.at;
    let at = start;
    const isNegative = input[at] === 0x2d;
    if (isNegative) at++;
    let code = input[at]!;
    if (!(code >= 0x30 && code <= 0x39)) throw DECLINE;
    let mantissa = 0;
    let digits = 0;
    if (code === 0x30) {
      at++;
      code = input[at]!;
      if (code >= 0x30 && code <= 0x39) throw DECLINE; // a leading zero
    } else {
      while (code >= 0x30 && code <= 0x39) {
        mantissa = mantissa * 10 + (code - 0x30);
        digits++;
        code = input[++at]!;
      }
    }
    let fractionDigits = 0;
    let isFloat = false;
    if (code === 0x2e) {
      isFloat = true;
      code = input[++at]!;
      if (!(code >= 0x30 && code <= 0x39)) throw DECLINE;
      while (code >= 0x30 && code <= 0x39) {
        mantissa = mantissa * 10 + (code - 0x30);
        fractionDigits++;
        code = input[++at]!;
      }
    }
    let exponent = 0;
    if (code === 0x65 || code === 0x45) {
      isFloat = true;
      code = input[++at]!;
      const isNegativeExponent = code === 0x2d;
      if (code === 0x2d || code === 0x2b) code = input[++at]!;
      if (!(code >= 0x30 && code <= 0x39)) throw DECLINE;
      while (code >= 0x30 && code <= 0x39) {
        if (exponent < 100_000) exponent = exponent * 10 + (code - 0x30);
        code = input[++at]!;
      }
      if (isNegativeExponent) exponent = -exponent;
    }
    this.at = at;
    if (!isFloat) {
      if (digits < 16) {
        this.writeInt(isNegative ? -mantissa : mantissa);
      } else {
        // As parseJsonValue: a number past 2**53 keeps every digit as a bigint.
        const text = asciiText(input, start, at);
        const int = Number(text);
        if (Math.abs(int) <= MAX_SAFE) this.writeInt(int);
        else this.writeLong(BigInt(text));
      }
      return;
    }
    // Clinger's fast path: an exact mantissa times or over an exact power of ten rounds once,
    // as Number() does; anything else is read by Number().
    const scale = fractionDigits - exponent;
    let float: number;
    if (mantissa < EXACT_MANTISSA && scale >= -22 && scale <= 22) {
      float = scale >= 0 ? mantissa / POWERS_OF_TEN[scale]! : mantissa * POWERS_OF_TEN[-scale]!;
      if (isNegative) float = -float;
    } else {
      float = Number(asciiText(input, start, at));
    }
    this.ensure(9);
    this.out[this.pos] = OP.BINFLOAT;
    this.view.setFloat64(this.pos + 1, float, false);
    this.pos += 9;
  }

  /** The Pickler's writeInt (0 is never negative here: `-0` is the int 0, as json.loads reads it). */
  private writeInt(value: number): void {
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (value >= 0 && value < 256) {
      out[at] = OP.BININT1;
      out[at + 1] = value;
      this.pos = at + 2;
    } else if (value >= 0 && value < 65536) {
      out[at] = OP.BININT2;
      out[at + 1] = value & 0xff;
      out[at + 2] = value >>> 8;
      this.pos = at + 3;
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      out[at] = OP.BININT;
      putUint32(out, at + 1, value);
      this.pos = at + 5;
    } else {
      this.writeLong(BigInt(value));
    }
  }

  private writeLong(value: bigint): void {
    const payload = encodeLong(value);
    this.ensure(5 + payload.length);
    const out = this.out;
    if (payload.length < 256) {
      out[this.pos++] = OP.LONG1;
      out[this.pos++] = payload.length;
    } else {
      out[this.pos] = OP.LONG4;
      putUint32(out, this.pos + 1, payload.length);
      this.pos += 5;
    }
    out.set(payload, this.pos);
    this.pos += payload.length;
  }
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function putUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

function growInt32(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/** ASCII bytes (a number's) as a string. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/**
 * The length of the well-formed UTF-8 sequence at `at` (as the fatal TextDecoder accepts: no
 * overlong form, no surrogate, nothing past U+10FFFF); declines anything else.
 */
function utf8SequenceLength(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else throw DECLINE;
  if (at + length > end) throw DECLINE;
  const second = bytes[at + 1]!;
  if (second < low || second > high) throw DECLINE;
  for (let i = 2; i < length; i++) {
    const next = bytes[at + i]!;
    if (next < 0x80 || next > 0xbf) throw DECLINE;
  }
  return length;
}

/**
 * A JSON string's text, `bytes[from, close)` (checked by closingQuote), as the UTF-8 the Pickler
 * writes for what JSON.parse makes of it: escapes undone, a surrogate pair of escapes joined, a
 * lone surrogate in its 3-byte form (surrogatepass). Writes at `at`; returns the end.
 */
function decodeJsonString(bytes: Uint8Array, from: number, close: number, out: Uint8Array, at: number): number {
  let i = from;
  while (i < close) {
    const code = bytes[i]!;
    if (code !== 0x5c) {
      out[at++] = code;
      i++;
      continue;
    }
    const escaped = bytes[i + 1];
    i += 2;
    switch (escaped) {
      case 0x22:
      case 0x5c:
      case 0x2f:
        out[at++] = escaped;
        continue;
      case 0x62:
        out[at++] = 0x08;
        continue;
      case 0x66:
        out[at++] = 0x0c;
        continue;
      case 0x6e:
        out[at++] = 0x0a;
        continue;
      case 0x72:
        out[at++] = 0x0d;
        continue;
      case 0x74:
        out[at++] = 0x09;
        continue;
      case 0x75: {
        let unit = hexUnit(bytes, i, close);
        i += 4;
        if (unit >= 0xd800 && unit < 0xdc00 && bytes[i] === 0x5c && bytes[i + 1] === 0x75 && i + 6 <= close) {
          const low = hexUnit(bytes, i + 2, close);
          if (low >= 0xdc00 && low < 0xe000) {
            unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
            i += 6;
            out[at++] = 0xf0 | (unit >> 18);
            out[at++] = 0x80 | ((unit >> 12) & 0x3f);
            out[at++] = 0x80 | ((unit >> 6) & 0x3f);
            out[at++] = 0x80 | (unit & 0x3f);
            continue;
          }
        }
        if (unit < 0x80) {
          out[at++] = unit;
        } else if (unit < 0x800) {
          out[at++] = 0xc0 | (unit >> 6);
          out[at++] = 0x80 | (unit & 0x3f);
        } else {
          out[at++] = 0xe0 | (unit >> 12);
          out[at++] = 0x80 | ((unit >> 6) & 0x3f);
          out[at++] = 0x80 | (unit & 0x3f);
        }
        continue;
      }
      default:
        throw DECLINE;
    }
  }
  return at;
}

/** Four hex digits at `at` as a UTF-16 code unit; declines anything else. */
function hexUnit(bytes: Uint8Array, at: number, close: number): number {
  if (at + 4 > close) throw DECLINE;
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const code = bytes[i]!;
    let digit: number;
    if (code >= 0x30 && code <= 0x39) digit = code - 0x30;
    else if (code >= 0x61 && code <= 0x66) digit = code - 0x57;
    else if (code >= 0x41 && code <= 0x46) digit = code - 0x37;
    else throw DECLINE;
    unit = unit * 16 + digit;
  }
  return unit;
}
