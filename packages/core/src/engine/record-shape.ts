import { writeStateIso } from "../classes/datetime.js";
import { canonicalDecimalOrUndefined, isOwnDecimalBytes } from "../classes/decimal.js";
import { formatUtcOffsetSeconds } from "../classes/timedelta.js";
import { wallSecondsOf, zoneWallOffset } from "../classes/zones.js";
import { uuidText, writeUuidOfLong } from "../classes/uuid.js";
import { asciiText } from "./island-parts.js";
import {
  H_BYTES, H_CONST, H_DATE, H_DECIMAL, H_FLOAT, H_INT, H_LIST, H_SCALAR, H_SET, H_STR, H_TD_DAYS, H_TD_SECONDS, H_TIMEDELTA, H_UUID,
  HOLE_CLASS_BITS, isSilent, learnRecord, MAX_DECIMAL_BYTES, MAX_LIST_ITEMS, MAX_LONG_BYTES, MAX_SET_ITEMS, NOT_LEARNABLE,
  P_EXACT, P_FRAME, P_HOLE, P_SKIP, P_STOP, type PlainClassTest, pushExact, putEnd, reject, type ShapeNode, type ShapeTimezone, type Step,
  TIMEZONE_SHIFT, timedeltaSeconds,
} from "./record-learn.js";
import { LEARN, LearningCredit, REST_BEGINS } from "./learning-credit.js";
import { type DictsNode, findDictLoops } from "./record-loops.js";
import { isSameAsModel, isSameSpan, SmallInts, wordsOf, writeLearned } from "./shape-bytes.js";
import type { TapeOutput } from "./tape-output.js";

// A file of appended `pickle.dump` records is most often one shape over and over: the same
// opcodes, the same dict keys, only the values differ. A one-pass writer (JSON, msgpack) learns
// that shape from a record it has written (learnShape) and writes the next records of that shape
// by comparing their bytes with the learned record's and writing only their values between the
// learned output (`{"seq":` ... `,"ts":` ... in JSON; map heads and keys in msgpack). What the
// shape does not cover (another opcode, another key, a list of another length, a str that needs
// the general path, a record cut by the window's end) is a miss: the driver forgets what the
// replay wrote and reads the record the usual way. Nothing here decides what a record means; a
// shape is kept only when its replay of the record it was learned from writes exactly the bytes
// the driver wrote for it (ShapeCache.learn). json-record-shape.ts and msgpack-record-shape.ts
// write the values and the text between them in their formats.

/** Shapes kept: a stream that mixes a few shapes (an optional key, two kinds of event) replays each. */
const MAX_SHAPES = 4;

// Program triples of the byte writers' own (record-learn.ts has the others): a list of dicts
// replayed for any number of items (an order's lines). Its first item's steps follow P_DICTS,
// then P_DICTS_NEXT, the steps of every later item, P_DICTS_NEXT again.
/**
 * Piece `b`, then a list of dicts from its MARK (an EMPTY_DICT: one item and APPEND; another
 * opcode: no items, the replay goes on after the list): loop `a`'s (see LOOP_INTS).
 */
const P_DICTS = 5;
/** Piece `b` (an item's end), then another item (the replay goes back to loop `a`'s second item) or the list's end. */
const P_DICTS_NEXT = 6;
/**
 * A loop's ints in RecordShape.loops: the program index of its second item's first triple, the
 * index after its last P_DICTS_NEXT, the memo puts of its first item and of each later one (but
 * their H_SCALAR holes'), the learned record's item count and its later items' H_SCALAR puts (a
 * record with another count has another memo length).
 */
const LOOP_INTS = 6;
/** Marker tokens of a "dicts" node's render (renderDicts): where the list's head goes, where an item ends. */
const LIST_OPEN_TOKEN = -1;
const ITEM_END_TOKEN = -2;

/** A learned record shape: replays records of that shape in its subclass's format. */
export abstract class RecordShape {
  /** The model's bytes, read 4 at a time. */
  private readonly modelView: DataView;
  /** The output array last viewed, and its DataView (the writer's array changes when it grows). */
  private viewed: Uint8Array | null = null;
  private outView: DataView | null = null;
  /** Each piece of 4 bytes or more as little-endian words: its whole words, then its last 4 bytes. */
  private readonly pieceWords: Int32Array[];
  /** The list of dicts being replayed (P_DICTS): where its head is, its items so far, whether a MARK began it. */
  private listHead = 0;
  private listCount = 0;
  private isListMarked = false;
  /** After a replay that hit: the record's memo length less the learned one's (its lists of dicts had other counts). */
  memoDelta = 0;
  /** An isoformat (with its offset) or a UUID's text, as ASCII bytes for writeAsciiBytes. */
  private readonly asciiScratch = new Uint8Array(64);
  /** A timedelta's days and seconds, kept by its silent holes for the third (H_TIMEDELTA). */
  private days = 0;
  private seconds = 0;
  /** A timedelta's and a small UUID's ints. */
  private readonly ints = new SmallInts();
  /** The length of the payload read last (payload). */
  private payloadLength = 0;
  /** zoneSuffix's texts by offset in seconds. */
  private readonly offsetTexts = new Map<number, string>();
  /** The spans of a set's strs so far (set), start and end each. */
  private readonly setSpans = new Int32Array(2 * MAX_SET_ITEMS);

  constructor(
    /** The learned record's bytes: what the exact steps compare with. */
    private readonly model: Uint8Array,
    private readonly program: Int32Array,
    /** The output between values. */
    private readonly pieces: readonly Uint8Array[],
    /** The record's memo length (CPython's len(memo) at its STOP). */
    readonly memoLength: number,
    /** The timezones of its datetimes (see H_DATETIME). */
    private readonly timezones: readonly ShapeTimezone[],
    /** Its lists of dicts of any length (LOOP_INTS each). */
    private readonly loops: Int32Array,
  ) {
    this.modelView = new DataView(model.buffer, model.byteOffset, model.byteLength);
    this.pieceWords = pieces.map(wordsOf);
  }

  /**
   * Writes the record at input[at] from the writer's position when it has this shape and ends by
   * `end`; returns the input position after its STOP, or -1 for a miss (the writer's position is
   * then wherever the replay stopped: the caller sets it back).
   */
  replay(input: Uint8Array, view: DataView, at: number, end: number, writer: TapeOutput, maxStrBytes: number): number {
    const program = this.program;
    const model = this.model;
    const modelView = this.modelView;
    let p = at;
    let frameEnd = -1;
    this.memoDelta = 0;
    for (let k = 0; k < program.length; k += 3) {
      switch (program[k]) {
        case P_DICTS: {
          this.writePiece(writer, program[k + 2]!);
          const loop = program[k + 1]! * LOOP_INTS;
          this.listHead = this.openArray(writer);
          this.listCount = 0;
          if (p >= end) return -1;
          const op = input[p];
          if (op === 0x28 /* MARK */) {
            this.isListMarked = true;
            p++;
          } else if (op === 0x7d /* EMPTY_DICT */) {
            // One item, then APPEND.
            this.isListMarked = false;
          } else {
            // No items: what follows is the next value's.
            this.closeArray(writer, this.listHead, 0);
            this.memoDelta -= loopPuts(this.loops, loop, this.loops[loop + 4]!) + this.loops[loop + 5]!;
            k = this.loops[loop + 1]! - 3;
          }
          break;
        }
        case P_DICTS_NEXT: {
          this.writePiece(writer, program[k + 2]!);
          const loop = program[k + 1]! * LOOP_INTS;
          const count = ++this.listCount;
          if (p >= end) return -1;
          if (this.isListMarked && input[p] === 0x7d /* EMPTY_DICT */) {
            // Another item (CPython's batch ends at MAX_LIST_ITEMS: more go in another MARK, a miss).
            if (count >= MAX_LIST_ITEMS) return -1;
            this.arraySeparator(writer);
            k = this.loops[loop]! - 3;
            break;
          }
          if (input[p] !== (this.isListMarked ? 0x65 /* APPENDS */ : 0x61) /* APPEND */) return -1;
          p++;
          this.closeArray(writer, this.listHead, count);
          this.memoDelta += loopPuts(this.loops, loop, count) - loopPuts(this.loops, loop, this.loops[loop + 4]!) - this.loops[loop + 5]!;
          k = this.loops[loop + 1]! - 3;
          break;
        }
        case P_EXACT: {
          const from = program[k + 1]!;
          const length = program[k + 2]!;
          if (p + length > end || !isSameAsModel(input, view, p, model, modelView, from, length)) return -1;
          p += length;
          break;
        }
        case P_FRAME: {
          if (p + 9 > end || input[p] !== 0x95 /* FRAME */ || view.getUint32(p + 5, true) !== 0) return -1;
          frameEnd = p + 9 + view.getUint32(p + 1, true);
          p += 9;
          break;
        }
        case P_HOLE: {
          // A silent hole has no piece (-1): it writes nothing.
          if (program[k + 2]! >= 0) this.writePiece(writer, program[k + 2]!);
          if (p >= end) return -1;
          const op = input[p]!;
          switch (program[k + 1]) {
            case H_STR: {
              const from = this.payload(input, view, p, end, 0x8c /* SHORT_BINUNICODE */, 0x58 /* BINUNICODE */, maxStrBytes);
              if (from < 0 || !this.writeStr(input, view, from, this.payloadLength, writer)) return -1;
              p = from + this.payloadLength;
              break;
            }
            case H_INT: {
              if (op === 0x4b /* BININT1 */) {
                if (p + 2 > end) return -1;
                this.writeInt(input[p + 1]!, writer);
                p += 2;
              } else if (op === 0x4d /* BININT2 */) {
                if (p + 3 > end) return -1;
                this.writeInt(view.getUint16(p + 1, true), writer);
                p += 3;
              } else if (op === 0x4a /* BININT */) {
                if (p + 5 > end) return -1;
                this.writeInt(view.getInt32(p + 1, true), writer);
                p += 5;
              } else if (op === 0x8a /* LONG1 */) {
                if (p + 2 > end) return -1;
                const length = input[p + 1]!;
                if (length > MAX_LONG_BYTES || p + 2 + length > end) return -1;
                this.writeLong(input, p + 2, length, writer);
                p += 2 + length;
              } else {
                return -1;
              }
              break;
            }
            case H_FLOAT: {
              if (op !== 0x47 /* BINFLOAT */ || p + 9 > end) return -1;
              this.writeFloat(input, view, p + 1, writer);
              p += 9;
              break;
            }
            case H_CONST: {
              if (op !== 0x4e /* NONE */ && op !== 0x88 /* NEWTRUE */ && op !== 0x89 /* NEWFALSE */) return -1;
              this.writeConst(op, writer);
              p += 1;
              break;
            }
            case H_DECIMAL: {
              p = this.decimal(input, view, p, end, writer);
              if (p < 0) return -1;
              break;
            }
            case H_TD_DAYS:
            case H_TD_SECONDS:
            case H_TIMEDELTA: {
              const value = this.ints.read(input, view, p, end);
              if (value === undefined) return -1;
              p = this.ints.end;
              const hole = program[k + 1];
              if (hole === H_TD_DAYS) this.days = value;
              else if (hole === H_TD_SECONDS) this.seconds = value;
              else {
                const seconds = timedeltaSeconds(this.days, this.seconds, value);
                if (seconds === undefined) return -1;
                this.writeFloatValue(seconds, writer);
              }
              break;
            }
            case H_LIST: {
              p = this.list(input, view, p, end, writer, maxStrBytes);
              if (p < 0) return -1;
              break;
            }
            case H_SET: {
              p = this.set(input, view, p, end, writer, maxStrBytes);
              if (p < 0) return -1;
              break;
            }
            case H_UUID: {
              p = this.uuid(input, view, p, end, writer);
              if (p < 0) return -1;
              break;
            }
            case H_SCALAR: {
              p = this.scalar(input, view, p, end, writer, maxStrBytes);
              if (p < 0) return -1;
              if (p < end && input[p] === 0x94 /* MEMOIZE */) {
                p++;
                this.memoDelta++;
              }
              break;
            }
            case H_BYTES: {
              const from = this.payload(input, view, p, end, 0x43 /* SHORT_BINBYTES */, 0x42 /* BINBYTES */, maxStrBytes);
              if (from < 0) return -1;
              this.writeBytes(input, view, from, this.payloadLength, writer);
              p = from + this.payloadLength;
              break;
            }
            default: {
              // H_DATETIME, H_DATE: the state's checks and isoformat as the islands read them (island.ts readStateText).
              const hole = program[k + 1]!;
              const isDate = (hole & HOLE_CLASS_BITS) === H_DATE;
              const size = isDate ? 4 : 10;
              if (op !== 0x43 /* SHORT_BINBYTES */ || p + 2 + size > end || input[p + 1] !== size) return -1;
              // The isoformat as bytes (writeStateIso: stateIsoText's checks and text), no str made.
              const text = this.asciiScratch;
              let length = writeStateIso(text, 0, input, p + 2, isDate);
              if (length < 0) return -1;
              const timezone = hole >>> TIMEZONE_SHIFT;
              if (timezone !== 0) {
                const tz = this.timezones[timezone - 1]!;
                const suffix = "suffix" in tz ? tz.suffix : this.zoneSuffix(tz.zone, input, p + 2);
                for (let i = 0; i < suffix.length; i++) text[length++] = suffix.charCodeAt(i);
              }
              this.writeAsciiBytes(text, length, writer);
              p += 2 + size;
            }
          }
          break;
        }
        default: {
          // P_STOP
          if (p >= end || input[p] !== 0x2e /* STOP */) return -1;
          p += 1;
          // The record's frame ends with it (CPython frames each small record whole).
          if (frameEnd >= 0 && frameEnd !== p) return -1;
          this.writePiece(writer, program[k + 1]!);
          return p;
        }
      }
    }
    return -1;
  }

  /**
   * A list of scalars from right after its EMPTY_LIST (H_LIST): its optional put, then nothing,
   * `x [put] APPEND` or `MARK (x [put])... APPENDS`, written as the driver writes a list. What
   * follows the put belongs to the list only as the pickle's own semantics say: APPEND and
   * APPENDS act on the list below the item or the MARK. The position after it, or -1.
   */
  private list(input: Uint8Array, view: DataView, p: number, end: number, writer: TapeOutput, maxStrBytes: number): number {
    p = putEnd(input, p, end);
    if (p < 0) return -1;
    if (p < end && input[p] === 0x28 /* MARK */) {
      // One pass: the items written as read, the count put in the list's head at its end.
      const head = this.openArray(writer);
      let at = p + 1;
      let count = 0;
      while (at < end && input[at] !== 0x65 /* APPENDS */) {
        if (count > 0) this.arraySeparator(writer);
        at = this.scalar(input, view, at, end, writer, maxStrBytes);
        if (at < 0 || ++count > MAX_LIST_ITEMS) return -1;
        at = putEnd(input, at, end);
        if (at < 0) return -1;
      }
      if (at >= end) return -1;
      this.closeArray(writer, head, count);
      return at + 1;
    }
    // One item and APPEND, or an empty list whose next opcodes are another value's: the item is
    // written, then taken back unless APPEND follows it.
    const head = this.openArray(writer);
    const itemStart = writer.pos;
    const itemEnd = this.scalar(input, view, p, end, writer, maxStrBytes);
    const after = itemEnd < 0 ? -1 : putEnd(input, itemEnd, end);
    if (after >= 0 && after < end && input[after] === 0x61 /* APPEND */) {
      this.closeArray(writer, head, 1);
      return after + 1;
    }
    writer.pos = itemStart;
    this.closeArray(writer, head, 0);
    return p;
  }

  /**
   * A set of strs from right after its EMPTY_SET (H_SET): its optional put, then nothing or
   * `MARK (str [put])... ADDITEMS`, its strs all different, written as an array in their order.
   * The position after it, or -1.
   */
  private set(input: Uint8Array, view: DataView, p: number, end: number, writer: TapeOutput, maxStrBytes: number): number {
    p = putEnd(input, p, end);
    if (p < 0) return -1;
    const head = this.openArray(writer);
    if (p >= end || input[p] !== 0x28 /* MARK */) {
      // An empty set: what follows is another value's.
      this.closeArray(writer, head, 0);
      return p;
    }
    // Each str's span, to compare with the ones before it.
    const spans = this.setSpans;
    let at = p + 1;
    let count = 0;
    while (at < end && input[at] !== 0x90 /* ADDITEMS */) {
      const from = count === MAX_SET_ITEMS ? -1 : this.payload(input, view, at, end, 0x8c /* SHORT_BINUNICODE */, 0x58 /* BINUNICODE */, maxStrBytes);
      const length = this.payloadLength;
      if (from < 0) return -1;
      for (let i = 0; i < count; i++) if (spans[2 * i + 1]! - spans[2 * i]! === length && isSameSpan(input, spans[2 * i]!, from, length)) return -1;
      spans[2 * count] = from;
      spans[2 * count + 1] = from + length;
      if (count > 0) this.arraySeparator(writer);
      if (!this.writeStr(input, view, from, length, writer)) return -1;
      count++;
      at = putEnd(input, from + length, end);
      if (at < 0) return -1;
    }
    if (at >= end) return -1;
    this.closeArray(writer, head, count);
    return at + 1;
  }

  /** A str, int, float or constant at input[p] written as the driver writes it; the position after it, or -1 (another opcode, one cut by `end`, a str the general path must judge). */
  private scalar(input: Uint8Array, view: DataView, p: number, end: number, writer: TapeOutput, maxStrBytes: number): number {
    switch (input[p]) {
      case 0x8c: {
        // SHORT_BINUNICODE
        if (p + 2 > end) return -1;
        const after = p + 2 + input[p + 1]!;
        return after <= end && this.writeStr(input, view, p + 2, input[p + 1]!, writer) ? after : -1;
      }
      case 0x58: {
        // BINUNICODE
        if (p + 5 > end) return -1;
        const length = view.getUint32(p + 1, true);
        return length <= maxStrBytes && p + 5 + length <= end && this.writeStr(input, view, p + 5, length, writer) ? p + 5 + length : -1;
      }
      case 0x4b: // BININT1
        if (p + 2 > end) return -1;
        this.writeInt(input[p + 1]!, writer);
        return p + 2;
      case 0x4d: // BININT2
        if (p + 3 > end) return -1;
        this.writeInt(view.getUint16(p + 1, true), writer);
        return p + 3;
      case 0x4a: // BININT
        if (p + 5 > end) return -1;
        this.writeInt(view.getInt32(p + 1, true), writer);
        return p + 5;
      case 0x8a: {
        // LONG1
        if (p + 2 > end) return -1;
        const length = input[p + 1]!;
        if (length > MAX_LONG_BYTES || p + 2 + length > end) return -1;
        this.writeLong(input, p + 2, length, writer);
        return p + 2 + length;
      }
      case 0x47: // BINFLOAT
        if (p + 9 > end) return -1;
        this.writeFloat(input, view, p + 1, writer);
        return p + 9;
      case 0x4e: // NONE
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        this.writeConst(input[p]!, writer);
        return p + 1;
      default:
        return -1;
    }
  }

  /**
   * Where the payload of the str or bytes at input[p] starts (its length in `payloadLength`):
   * `shortOp` has a 1-byte length, `longOp` a 4-byte one of at most `maxBytes`; -1 for another
   * opcode, a longer payload, or one cut by `end`.
   */
  private payload(input: Uint8Array, view: DataView, p: number, end: number, shortOp: number, longOp: number, maxBytes: number): number {
    const op = input[p];
    let from: number;
    if (op === shortOp) {
      if (p + 2 > end) return -1;
      this.payloadLength = input[p + 1]!;
      from = p + 2;
    } else if (op === longOp) {
      if (p + 5 > end) return -1;
      this.payloadLength = view.getUint32(p + 1, true);
      from = p + 5;
    } else {
      return -1;
    }
    return this.payloadLength <= maxBytes && from + this.payloadLength <= end ? from : -1;
  }

  /**
   * A UUID's int at input[p] (LONG1 of up to 17 bytes, or BININT1, BININT2, BININT), written as
   * the value path writes the UUID: `str(uuid)`, when 0 <= int < 2**128. The position after it, or -1.
   */
  private uuid(input: Uint8Array, view: DataView, p: number, end: number, writer: TapeOutput): number {
    if (input[p] === 0x8a /* LONG1 */) {
      if (p + 2 > end) return -1;
      const length = input[p + 1]!;
      if (p + 2 + length > end) return -1;
      const textLength = writeUuidOfLong(this.asciiScratch, 0, input, p + 2, length);
      if (textLength < 0) return -1;
      this.writeAsciiBytes(this.asciiScratch, textLength, writer);
      return p + 2 + length;
    }
    const value = this.ints.read(input, view, p, end);
    if (value === undefined || value < 0) return -1;
    this.writeAscii(uuidText(BigInt(value)), writer);
    return this.ints.end;
  }

  /**
   * A Decimal's str at input[p], written as the driver's stateTextIsland writes the Decimal:
   * `str(Decimal(text))` (canonicalDecimalText, with the reconstructor's checks), the str itself
   * when it already is that text. The position after it, or -1.
   */
  private decimal(input: Uint8Array, view: DataView, p: number, end: number, writer: TapeOutput): number {
    const from = this.payload(input, view, p, end, 0x8c /* SHORT_BINUNICODE */, 0x58 /* BINUNICODE */, MAX_DECIMAL_BYTES);
    const length = this.payloadLength;
    if (from < 0 || length === 0) return -1;
    if (isOwnDecimalBytes(input, from, from + length)) return this.writeStr(input, view, from, length, writer) ? from + length : -1;
    const pickled = asciiText(input, from, from + length);
    const text = pickled === undefined ? undefined : canonicalDecimalOrUndefined(pickled);
    if (text === undefined) return -1;
    this.writeAscii(text, writer);
    return from + length;
  }

  /**
   * What the isoformat of the datetime whose state is at input[at] ends with in zoneinfo's
   * `zone`: its offset at the wall time the state holds (fold from the month byte's top bit, as
   * protocol 4 writes it), as the value path's PyDateTime prints it; "" for a zone the runtime
   * does not know. The texts are kept by offset.
   */
  private zoneSuffix(zone: string, input: Uint8Array, at: number): string {
    const wall = wallSecondsOf(input[at]! * 256 + input[at + 1]!, input[at + 2]! & 0x7f, input[at + 3]!, input[at + 4]!, input[at + 5]!, input[at + 6]!);
    const offset = zoneWallOffset(zone, wall, input[at + 2]! >> 7);
    if (offset === null) return "";
    let text = this.offsetTexts.get(offset);
    if (text === undefined) {
      text = formatUtcOffsetSeconds(offset);
      this.offsetTexts.set(offset, text);
    }
    return text;
  }

  /** Room for `count` more output bytes; a DataView of the writer's output. */
  protected outputView(writer: TapeOutput, count: number): DataView {
    const out = writer.room(count);
    if (out !== this.viewed) {
      this.viewed = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    return this.outView!;
  }

  private writePiece(writer: TapeOutput, index: number): void {
    const piece = this.pieces[index]!;
    writeLearned(writer, piece, this.pieceWords[index]!, this.outputView(writer, piece.length));
  }

  /** A str's UTF-8 bytes input[at, at + length) as the driver writes a str; false where the driver's general path must judge it. */
  protected abstract writeStr(input: Uint8Array, view: DataView, at: number, length: number, writer: TapeOutput): boolean;
  /** Bytes input[at, at + length) as the driver writes bytes. */
  protected abstract writeBytes(input: Uint8Array, view: DataView, at: number, length: number, writer: TapeOutput): void;
  protected abstract writeInt(value: number, writer: TapeOutput): void;
  /** A float made here (a timedelta's seconds), as the driver writes a float. */
  protected abstract writeFloatValue(value: number, writer: TapeOutput): void;
  /** A list (H_LIST): its opening (returns where its head is, for `closeArray`), between two items, its end once its `count` items are written. */
  protected abstract openArray(writer: TapeOutput): number;
  protected abstract arraySeparator(writer: TapeOutput): void;
  protected abstract closeArray(writer: TapeOutput, head: number, count: number): void;
  /** LONG1's payload input[at, at + length). */
  protected abstract writeLong(input: Uint8Array, at: number, length: number, writer: TapeOutput): void;
  /** BINFLOAT's 8 big-endian bytes at input[at]. */
  protected abstract writeFloat(input: Uint8Array, view: DataView, at: number, writer: TapeOutput): void;
  /** NONE, NEWTRUE or NEWFALSE. */
  protected abstract writeConst(op: number, writer: TapeOutput): void;
  /** A str of ASCII text (a datetime's isoformat). */
  protected abstract writeAscii(text: string, writer: TapeOutput): void;
  /** A str of ASCII bytes[0, length) (an isoformat, a UUID's text), as writeAscii writes its text. */
  protected abstract writeAsciiBytes(bytes: Uint8Array, length: number, writer: TapeOutput): void;
}



/** The shapes of the last records, most recently replayed first, and when to learn another (see the constants above). */
export class ShapeCache {
  private shapes: RecordShape[] = [];
  private readonly credit = new LearningCredit();
  /** The memo length of the record the last hit replayed. */
  memoLength = 0;
  /** The shape learned last (on trial: LearningCredit), and the record isLearning was last asked about. */
  private learnedLast: RecordShape | null = null;
  private recordIndex = 0;

  constructor(private readonly format: ShapeFormat) {}

  get isEmpty(): boolean {
    return this.shapes.length === 0;
  }

  /**
   * The record at input[at] written at the writer's position by the first shape it has: the
   * input position after its STOP, or -1 when it has none of them (the writer's position then back
   * where it was).
   */
  replay(input: Uint8Array, view: DataView, at: number, end: number, writer: TapeOutput, maxStrBytes: number): number {
    const shapes = this.shapes;
    const bodyStart = writer.pos;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i]!;
      const after = shape.replay(input, view, at, end, writer, maxStrBytes);
      if (after >= 0) {
        if (i > 0) {
          shapes.splice(i, 1);
          shapes.unshift(shape);
        }
        this.credit.hit(shape === this.learnedLast);
        this.memoLength = shape.memoLength + shape.memoDelta;
        return after;
      }
      writer.pos = bodyStart;
    }
    this.credit.miss();
    return -1;
  }

  /** Whether a record that missed is to be learned from (false while shapes rest). */
  isLearning(recordIndex: number): boolean {
    this.recordIndex = recordIndex;
    const verdict = this.credit.mayLearn(recordIndex);
    if (verdict === REST_BEGINS) this.shapes = [];
    return verdict === LEARN;
  }

  /**
   * Learns the shape of input[start, end), a record the driver wrote as out[bodyStart, writer.pos)
   * (without its framing): kept when its replay of the record writes those same bytes.
   */
  learn(input: Uint8Array, view: DataView, start: number, end: number, memoLength: number, writer: TapeOutput, bodyStart: number, maxStrBytes: number, isPlainClass: PlainClassTest): void {
    const bodyEnd = writer.pos;
    // A record of a known shape missed only because the window ended inside it.
    for (const known of this.shapes) {
      const after = known.replay(input, view, start, end, writer, maxStrBytes);
      writer.pos = bodyEnd;
      if (after === end) return;
    }
    this.credit.spend();
    const shape = learnShape(this.format, input, start, end, memoLength, isPlainClass);
    if (shape === null) return;
    // Replayed past the output, then compared with it.
    const length = bodyEnd - bodyStart;
    const after = shape.replay(input, view, start, end, writer, maxStrBytes);
    const isSame = after === end && writer.pos - bodyEnd === length && isSameSpan(writer.out, bodyStart, bodyEnd, length);
    writer.pos = bodyEnd;
    if (!isSame) return;
    this.shapes.unshift(shape);
    if (this.shapes.length > MAX_SHAPES) this.shapes.pop();
    this.learnedLast = shape;
    this.credit.kept(this.recordIndex);
  }
}

/** The memo puts of `count` items of loop `loop` (LOOP_INTS at `loops[loop]`): its first item's, then each later one's. */
function loopPuts(loops: Int32Array, loop: number, count: number): number {
  return count === 0 ? 0 : loops[loop + 2]! + (count - 1) * loops[loop + 3]!;
}


// ---- learning

/** One piece of a learned record's output, in output order: bytes written as they are, or a hole (its step's index). */
export type ShapeToken = Uint8Array | number;

/** What a format adds to learning: its output of a learned record, and its shapes. */
export interface ShapeFormat {
  /**
   * Appends the tokens of `node`'s output: containers, and the strs written as learned (a key, a
   * str met again: `exactStr(node)` gives their UTF-8), as bytes; the other leaves as their step.
   */
  render(node: ShapeNode, tokens: ShapeToken[], exactStr: (node: ShapeNode) => Uint8Array | null): void;
  make(model: Uint8Array, program: Int32Array, pieces: readonly Uint8Array[], memoLength: number, timezones: readonly ShapeTimezone[], loops: Int32Array): RecordShape;
}

/**
 * A list of dicts of any length as a format renders it: markers where its head goes and where each
 * of its two items ends (the replay writes the head, the separators and the count), its first and
 * later item by the format's `render`.
 */
export function renderDicts(node: DictsNode, tokens: ShapeToken[], exactStr: (node: ShapeNode) => Uint8Array | null, format: ShapeFormat): void {
  tokens.push(LIST_OPEN_TOKEN);
  format.render(node.first, tokens, exactStr);
  tokens.push(ITEM_END_TOKEN);
  format.render(node.next, tokens, exactStr);
  tokens.push(ITEM_END_TOKEN);
}

/**
 * The shape of the record input[start, end) (STOP included), which the driver wrote without
 * declining, in `format`; null when it holds what a replay does not cover (learnRecord). An
 * object is written as the value path writes its placeholder; the replay of the record learned
 * from is checked against what the driver wrote (ShapeCache.learn), as every shape is.
 */
function learnShape(format: ShapeFormat, input: Uint8Array, start: number, end: number, memoLength: number, isPlainClass: PlainClassTest): RecordShape | null {
  const learned = learnRecord(input, start, end, isPlainClass);
  if (learned === null) return null;
  try {
    return compile(format, input, start, end, learned.steps, learned.root, memoLength, learned.timezones);
  } catch (error) {
    if (error === NOT_LEARNABLE) return null;
    throw error;
  }
}

function compile(format: ShapeFormat, input: Uint8Array, start: number, end: number, steps: readonly Step[], learnedRoot: ShapeNode, memoLength: number, timezones: readonly ShapeTimezone[]): RecordShape {
  const { root, loops } = findDictLoops(learnedRoot, steps, input);
  const tokens: ShapeToken[] = [];
  const exactStr = (node: ShapeNode): Uint8Array | null => {
    if (node.type !== "leaf" || steps[node.step]!.kind !== P_EXACT || node.text === null) return null;
    const step = steps[node.step]!;
    // The str's UTF-8: past its opcode and length (SHORT_BINUNICODE's 1 byte, BINUNICODE's 4).
    return input.subarray(step.from + (input[step.from] === 0x8c ? 2 : 5), step.to);
  };
  format.render(root, tokens, exactStr);
  // The output between events (holes, a list's head, an item's end), joined; the events in output order.
  const pieces: Uint8Array[] = [];
  const events: number[] = [];
  let run: Uint8Array[] = [];
  const flush = (): void => {
    const length = run.reduce((sum, bytes) => sum + bytes.length, 0);
    const piece = new Uint8Array(length);
    let at = 0;
    for (const bytes of run) {
      piece.set(bytes, at);
      at += bytes.length;
    }
    pieces.push(piece);
    run = [];
  };
  for (const token of tokens) {
    if (typeof token !== "number") {
      run.push(token);
      continue;
    }
    flush();
    events.push(token);
  }
  flush();
  // Each event once, in input order (the replay writes values as it reads them).
  const holes = steps.filter((step) => step.kind === P_HOLE && !isSilent(step.holeClass));
  if (holes.some((step) => step.holeClass === 0)) reject();
  const program: number[] = [];
  const loopInts: number[] = [];
  let event = 0;
  const pushEvent = (op: number, a: number, expected: number): void => {
    if (events[event] !== expected) reject();
    program.push(op, a, event++);
  };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    for (let l = 0; l < loops.length; l++) {
      const loop = loops[l]!;
      if (i === loop.first) {
        pushEvent(P_DICTS, l, LIST_OPEN_TOKEN);
        loopInts.push(0, 0, loop.firstPuts, loop.nextPuts, loop.count, loop.scalarPuts);
      } else if (i === loop.second) {
        pushEvent(P_DICTS_NEXT, l, ITEM_END_TOKEN);
        loopInts[l * LOOP_INTS] = program.length;
      } else if (i === loop.secondEnd) {
        pushEvent(P_DICTS_NEXT, l, ITEM_END_TOKEN);
        loopInts[l * LOOP_INTS + 1] = program.length;
      }
    }
    if (step.kind === P_SKIP) continue;
    if (step.kind === P_EXACT) {
      pushExact(program, step, start);
    } else if (step.kind === P_FRAME) {
      program.push(P_FRAME, 0, 0);
    } else if (isSilent(step.holeClass)) {
      program.push(P_HOLE, step.holeClass, -1);
    } else {
      pushEvent(P_HOLE, step.holeClass, i);
    }
  }
  if (event !== events.length || holes.length + 3 * loops.length !== events.length) reject();
  // STOP's byte is not a step: P_STOP reads it.
  program.push(P_STOP, event, 0);
  return format.make(input.slice(start, end), Int32Array.from(program), pieces, memoLength, timezones, Int32Array.from(loopInts));
}

