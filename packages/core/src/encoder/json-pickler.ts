import { parseJsonValue } from "./json-values.js";
import { BATCH_SIZE, DECLINE, FRAME_SIZE_TARGET, PickleBytes, type PickleBytesOptions, utf8SequenceLength } from "./pickle-bytes.js";
import * as OP from "../opcodes/codes.js";

export type JsonPicklerOptions = PickleBytesOptions;

/** `tryRecord`'s answer for text that is only whitespace. */
export const BLANK = -2;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Integers below this are exact doubles: a decimal mantissa under it, scaled by an exact power of ten, rounds once. */
const EXACT_MANTISSA = 2 ** 53;
/** Literals, each exact (10 ** n goes through Math.pow). */
const POWERS_OF_TEN = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Writes pickles straight from JSON text (UTF-8 bytes), without building JS values: the bytes
 * the Pickler writes for `parseJsonValue` of the same text, the same opcodes, memo indices,
 * batches and frames. A string's UTF-8 is copied from the input (escapes undone in place);
 * numbers are read from their digits.
 *
 * A record the transcoder does not take (a dict with a repeated key, nesting past maxDepth, a
 * one-item container whose item crosses a frame boundary, text that is not JSON) goes through
 * `parseJsonValue` and the Pickler instead, so the output and the errors are the value path's.
 */
export class JsonPickler extends PickleBytes {
  private input: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  /** Bytes moved by one-item containers losing their MARK, and the most the record may move. */
  private shifted = 0;
  private shiftBudget = 0;
  /** Where a str of 64 KiB or more with escapes is decoded first. */
  private scratch = new Uint8Array(0);


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
    this.beforeValue();
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
      this.beforeValue();
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

  /**
   * A str at `at` (its opening quote): a plain one is copied, one with escapes or non-ASCII text
   * checked and decoded into the output. `keyOf` is the dict it is a key of (0 for a value).
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
    if (isPlain) {
      this.plainStr(input, from, rawLength, keyOf);
    } else if (rawLength >= FRAME_SIZE_TARGET) {
      if (this.scratch.length < rawLength) this.scratch = new Uint8Array(rawLength);
      this.largeStr(this.scratch, 0, decodeJsonString(input, from, close, this.scratch, 0), keyOf);
    } else {
      // Decoded text is never longer than its escaped form: room for the raw length serves.
      const headerLength = this.strHeaderLength(rawLength);
      const opAt = this.pos;
      this.ensure(headerLength + rawLength + 5);
      const payloadAt = opAt + headerLength;
      this.strWritten(opAt, headerLength, decodeJsonString(input, from, close, this.out, payloadAt) - payloadAt, keyOf);
    }
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
    this.writeFloat(float);
  }

}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** ASCII bytes (a number's) as a string. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
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
