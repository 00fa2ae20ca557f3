import { stateIsoText } from "../classes/datetime.js";
import { canonicalDecimalOrUndefined, isOwnDecimalBytes } from "../classes/decimal.js";
import { formatUtcOffset, formatUtcOffsetSeconds, PyTimedelta, PyTimezone, timedeltaClasses, totalSecondsOf } from "../classes/timedelta.js";
import { wallSecondsOf, zoneWallOffset } from "../classes/zones.js";
import { uuidText, uuidTextOfLong } from "../classes/uuid.js";
import { STANDALONE_CONTEXT } from "../classes/registry.js";
import type { PyValue } from "../values/py-types.js";
import { asciiText } from "./island-parts.js";
import { isSameAsModel, wordsOf, writeLearned } from "./shape-bytes.js";
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

/** What a value hole takes: any str (SHORT_BINUNICODE, BINUNICODE), int (BININT1, BININT2, BININT, LONG1), float, or None/True/False. */
const H_STR = 1;
const H_INT = 2;
const H_FLOAT = 3;
const H_CONST = 4;
/**
 * A `datetime.datetime` or a `datetime.date`: the SHORT_BINBYTES of its state (10 or 4 bytes),
 * written as its isoformat str. A datetime whose timezone the record builds, compared as learned
 * (`timezone(timedelta(...))`, pytz's `_p(...)`, zoneinfo's `ZoneInfo._unpickle(key, 1)`), has
 * H_DATETIME | (k + 1) << TIMEZONE_SHIFT: its isoformat ends with the shape's k-th timezone's
 * offset (ShapeTimezone: a fixed text, or a zone's offset at the datetime's wall time).
 */
const H_DATETIME = 5;
const H_DATE = 6;
/** A `decimal.Decimal`'s str (SHORT_BINUNICODE, BINUNICODE), written as `str(Decimal(text))`. */
const H_DECIMAL = 7;
/** Any bytes (SHORT_BINBYTES, BINBYTES): base64 in JSON, bin in msgpack. */
const H_BYTES = 8;
/**
 * A `datetime.timedelta(days, seconds, microseconds)`: its first two ints (BININT1, BININT2,
 * BININT) are read and kept (silent holes: nothing written, no piece before them), the third
 * writes `total_seconds()` as a float.
 */
const H_TD_DAYS = 9;
const H_TD_SECONDS = 10;
const H_TIMEDELTA = 11;
/** A `uuid.UUID`'s int (its BUILD state `{"int": n}`), written as `str(uuid)`. */
const H_UUID = 12;
/**
 * A list of scalars of any length, from right after its EMPTY_LIST: its optional put, then
 * nothing, `x APPEND` or `MARK x... APPENDS` (each item a str, int, float or constant, with its
 * optional put). Learned only when nothing after the list reads the memo: the items' puts move
 * the memo's later indices, and a replay then meets other bytes where the learned record had a
 * memo read (a miss), never a read of another value.
 */
const H_LIST = 13;
/** Items a replayed list may have (CPython's batch: more go in another MARK ... APPENDS, a miss). */
const MAX_LIST_ITEMS = 1000;
/**
 * A set of strs of any length, from right after its EMPTY_SET: its optional put, then nothing or
 * `MARK (str [put])... ADDITEMS`, written as an array in the pickle's order. Its strs must differ
 * (the value path's set keeps one of equal ones: the driver's to judge), so a replay takes up to
 * MAX_SET_ITEMS and compares their bytes.
 */
const H_SET = 14;
const MAX_SET_ITEMS = 32;
const HOLE_CLASS_BITS = 0xf;
const TIMEZONE_SHIFT = 4;
/** Timezones a shape keeps (a record with datetimes in a few of them). */
const MAX_TIMEZONES = 8;
/** Longest Decimal str a replay reads (longer ones are the driver's). */
const MAX_DECIMAL_BYTES = 255;

// The replay's program: triples [op, a, b].
/** The input's next `b` bytes equal the model's from `a`. */
const P_EXACT = 0;
/** A FRAME whose end must be the record's end (its size differs from record to record). */
const P_FRAME = 1;
/** A step inside a list hole (H_LIST), or the empty place after an EMPTY_LIST no hole took: not compiled. */
const P_SKIP = 4;
/** Piece `b` of the learned output, then a value of class `a` (H_*). */
const P_HOLE = 2;
/** STOP, then piece `a`: the record is complete. */
const P_STOP = 3;

/** LONG1 payloads past this many bytes are the driver's to judge (tape-driver.ts declines them). */
const MAX_LONG_BYTES = 64;
/** Records longer than this are not learned from (a shape is for many small records). */
const MAX_LEARNED_BYTES = 1 << 13;
/** Shapes kept: a stream that mixes a few shapes (an optional key, two kinds of event) replays each. */
const MAX_SHAPES = 4;
// Learning costs many replays' gain (5-20 us against ~0.5 us a record): a stream whose records
// seldom repeat a shape must stop learning. Each replay earns a credit, each learning costs
// LEARN_COST and each miss MISS_COST; without the credit to learn, shapes rest for a number of
// records that doubles from FIRST_REST to LAST_REST with each rest in a row, then start again. A
// stream that earns CREDIT_MAX has its rests start at FIRST_REST again.
const CREDIT_START = 64;
const CREDIT_MAX = 128;
const LEARN_COST = 8;
const MISS_COST = 1;
const FIRST_REST = 1024;
const LAST_REST = 1 << 17;

/**
 * A timezone a learned record's datetimes have (H_DATETIME's index): a fixed offset's text,
 * written after the isoformat, or a zoneinfo zone, whose offset at each datetime's wall time
 * (and fold) is found as the value path finds it (zones.ts zoneWallOffset).
 */
export type ShapeTimezone = { readonly suffix: string } | { readonly zone: string };

/** A learned record shape: replays records of that shape in its subclass's format. */
export abstract class RecordShape {
  /** The model's bytes, read 4 at a time. */
  private readonly modelView: DataView;
  /** The output array last viewed, and its DataView (the writer's array changes when it grows). */
  private viewed: Uint8Array | null = null;
  private outView: DataView | null = null;
  /** Each piece of 4 bytes or more as little-endian words: its whole words, then its last 4 bytes. */
  private readonly pieceWords: Int32Array[];
  /** A timedelta's days and seconds, kept by its silent holes for the third (H_TIMEDELTA). */
  private days = 0;
  private seconds = 0;
  /** Where the int read last (smallInt) ends. */
  private intEnd = 0;
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
    for (let k = 0; k < program.length; k += 3) {
      switch (program[k]) {
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
              const value = this.smallInt(input, view, p, end);
              if (value === undefined) return -1;
              p = this.intEnd;
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
              const text = stateIsoText(input, p + 2, isDate);
              if (text === undefined) return -1;
              const timezone = hole >>> TIMEZONE_SHIFT;
              if (timezone === 0) this.writeAscii(text, writer);
              else {
                const tz = this.timezones[timezone - 1]!;
                this.writeAscii(text + ("suffix" in tz ? tz.suffix : this.zoneSuffix(tz.zone, input, p + 2)), writer);
              }
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
      for (let i = 0; i < count; i++) if (spans[2 * i + 1]! - spans[2 * i]! === length && sameBytes(input, spans[2 * i]!, from, length)) return -1;
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

  /** The int of a BININT1, BININT2 or BININT at input[p] (its end in `intEnd`), or undefined. */
  private smallInt(input: Uint8Array, view: DataView, p: number, end: number): number | undefined {
    const op = input[p];
    const size = op === 0x4b /* BININT1 */ ? 1 : op === 0x4d /* BININT2 */ ? 2 : op === 0x4a /* BININT */ ? 4 : 0;
    if (size === 0 || p + 1 + size > end) return undefined;
    this.intEnd = p + 1 + size;
    return size === 1 ? input[p + 1]! : size === 2 ? view.getUint16(p + 1, true) : view.getInt32(p + 1, true);
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
      const text = uuidTextOfLong(input, p + 2, length);
      if (text === undefined) return -1;
      this.writeAscii(text, writer);
      return p + 2 + length;
    }
    const value = this.smallInt(input, view, p, end);
    if (value === undefined || value < 0) return -1;
    this.writeAscii(uuidText(BigInt(value)), writer);
    return this.intEnd;
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
}

/** input[a, a + length) equals input[b, b + length). */
function sameBytes(input: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (input[a + i] !== input[b + i]) return false;
  return true;
}

/** Past the optional put (MEMOIZE, BINPUT, LONG_BINPUT) at input[p]; -1 when one is cut by `end`. */
function putEnd(input: Uint8Array, p: number, end: number): number {
  if (p >= end) return p;
  const op = input[p];
  const after = op === 0x94 /* MEMOIZE */ ? p + 1 : op === 0x71 /* BINPUT */ ? p + 2 : op === 0x72 /* LONG_BINPUT */ ? p + 5 : p;
  return after <= end ? after : -1;
}

/** The shapes of the last records, most recently replayed first, and when to learn another (see the constants above). */
export class ShapeCache {
  private shapes: RecordShape[] = [];
  private credit = CREDIT_START;
  private restUntil = 0;
  private restRecords = FIRST_REST;
  /** The memo length of the record the last hit replayed. */
  memoLength = 0;

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
        if (this.credit < CREDIT_MAX) this.credit++;
        else this.restRecords = FIRST_REST;
        this.memoLength = shape.memoLength;
        return after;
      }
      writer.pos = bodyStart;
    }
    this.credit -= MISS_COST;
    return -1;
  }

  /** Whether a record that missed is to be learned from (false while shapes rest). */
  isLearning(recordIndex: number): boolean {
    if (recordIndex < this.restUntil) return false;
    if (this.credit >= LEARN_COST) return true;
    this.shapes = [];
    this.credit = CREDIT_START;
    this.restUntil = recordIndex + this.restRecords;
    this.restRecords = Math.min(this.restRecords * 2, LAST_REST);
    return false;
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
    this.credit -= LEARN_COST;
    const shape = learnShape(this.format, input, start, end, memoLength, isPlainClass);
    if (shape === null) return;
    // Replayed past the output, then compared with it.
    const length = bodyEnd - bodyStart;
    const after = shape.replay(input, view, start, end, writer, maxStrBytes);
    const isSame = after === end && writer.pos - bodyEnd === length && sameBytesAt(writer.out, bodyStart, bodyEnd, length);
    writer.pos = bodyEnd;
    if (!isSame) return;
    this.shapes.unshift(shape);
    if (this.shapes.length > MAX_SHAPES) this.shapes.pop();
  }
}

/** out[a, a + length) equals out[b, b + length). */
function sameBytesAt(out: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (out[a + i] !== out[b + i]) return false;
  return true;
}

// ---- learning

/** A value of the learned record, as its output is to be written. */
export type ShapeNode =
  /** A str, int, float or constant: a hole, or (a key, a str met again) written as learned. */
  | { readonly type: "leaf"; readonly step: number; readonly text: string | null }
  | { readonly type: "dict"; readonly items: ShapeNode[] }
  /**
   * A list (it takes APPENDS) or a tuple. A list knows the step after its EMPTY_LIST (`opened`: a
   * list hole starts there), how many APPEND or APPENDS filled it and the last one's step.
   */
  | { readonly type: "array"; readonly items: ShapeNode[]; readonly isList: boolean; readonly isSet?: boolean; opened?: number; fills?: number; lastFill?: number }
  /** A class (GLOBAL, STACK_GLOBAL), for REDUCE or NEWOBJ: `module.name`, and the two. */
  | { readonly type: "global"; readonly name: string; readonly module: string; readonly local: string }
  /**
   * An object of a class we do not rebuild (NEWOBJ, REDUCE), written as the value path writes
   * its placeholder: its class's name, its arguments (a tuple, none when empty), its BUILD state.
   */
  | { readonly type: "object"; readonly name: string; readonly args: ShapeNode | null; state: ShapeNode | null }
  /** SHORT_BINBYTES: a datetime's or a date's state, for REDUCE. */
  | { readonly type: "state"; readonly step: number; readonly length: number }
  /** A fixed-offset timezone made of bytes compared as learned: a datetime's tzinfo, for REDUCE. */
  | { readonly type: "constant"; readonly value: PyTimezone }
  /** `datetime.timedelta(days, seconds, microseconds)` of three int holes: a timezone's offset (made exact), else a value (settleValues). */
  | { readonly type: "timedelta"; readonly steps: readonly number[] }
  /** `uuid.UUID.__new__(UUID)`, for its BUILD. */
  | { readonly type: "uuid" }
  /** `getattr(zoneinfo.ZoneInfo, "_unpickle")`, and what it made of a zone's key: a datetime's tzinfo. */
  | { readonly type: "zoneUnpickle" }
  | { readonly type: "zone"; readonly zone: string };

/** Whether `module.name` is a class we do not rebuild (its NEWOBJ or REDUCE makes a placeholder). */
export type PlainClassTest = (module: string, name: string) => boolean;

/** One piece of a learned record's output, in output order: bytes written as they are, or a hole (its step's index). */
export type ShapeToken = Uint8Array | number;

/** What a format adds to learning: its output of a learned record, and its shapes. */
export interface ShapeFormat {
  /**
   * Appends the tokens of `node`'s output: containers, and the strs written as learned (a key, a
   * str met again: `exactStr(node)` gives their UTF-8), as bytes; the other leaves as their step.
   */
  render(node: ShapeNode, tokens: ShapeToken[], exactStr: (node: ShapeNode) => Uint8Array | null): void;
  make(model: Uint8Array, program: Int32Array, pieces: readonly Uint8Array[], memoLength: number, timezones: readonly ShapeTimezone[]): RecordShape;
}

/** A step: one opcode of the learned record. */
interface Step {
  readonly from: number;
  readonly to: number;
  /** P_EXACT, P_FRAME or P_HOLE (made exact when the value turns out to be a key or is met again). */
  kind: number;
  /** For a hole: its H_* class (a datetime's state gets its class at REDUCE). */
  holeClass: number;
}

/** Thrown inside learning: the record is not of a shape a replay covers. */
const NOT_LEARNABLE = Symbol("not learnable");

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The shape of the record input[start, end) (STOP included), which the driver wrote without
 * declining; null when it holds what a replay does not cover: classes but naive datetimes and
 * dates and objects of classes we do not rebuild (`isPlainClass`), memo references to anything
 * but a str, keys other than strs, a key repeated in a dict, Python 2 strs, bytes, big ints,
 * frames other than one around the whole record, protocol 0's text opcodes. An object is written
 * as the value path writes its placeholder; the replay of the record learned from is checked
 * against what the driver wrote (ShapeCache.learn), as every shape is.
 */
function learnShape(format: ShapeFormat, input: Uint8Array, start: number, end: number, memoLength: number, isPlainClass: PlainClassTest): RecordShape | null {
  if (end - start > MAX_LEARNED_BYTES) return null;
  try {
    return learn(format, input, start, end, memoLength, isPlainClass);
  } catch (error) {
    if (error === NOT_LEARNABLE) return null;
    throw error;
  }
}

function reject(): never {
  throw NOT_LEARNABLE;
}

function learn(format: ShapeFormat, input: Uint8Array, start: number, end: number, memoLength: number, isPlainClass: PlainClassTest): RecordShape {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const steps: Step[] = [];
  const stack: ShapeNode[] = [];
  const marks: number[] = [];
  const memo = new Map<number, ShapeNode>();
  /** The step of the last memo read (a list before it cannot be a list hole). */
  let lastGet = -1;
  /** The timezones of the record's datetimes, by H_DATETIME's index. */
  const timezones: ShapeTimezone[] = [];
  let root: ShapeNode | null = null;
  let p = start;
  const exact = (length: number): void => {
    if (p + length > end) reject();
    steps.push({ from: p, to: p + length, kind: P_EXACT, holeClass: 0 });
    p += length;
  };
  const leaf = (length: number, holeClass: number, text: string | null): void => {
    if (p + length > end) reject();
    stack.push({ type: "leaf", step: steps.length, text });
    steps.push({ from: p, to: p + length, kind: P_HOLE, holeClass });
    p += length;
  };
  const fence = (): number => (marks.length > 0 ? marks[marks.length - 1]! : 0);
  /** NEWOBJ's or REDUCE's object of a class we do not rebuild, its arguments a tuple. */
  const object = (cls: ShapeNode, args: ShapeNode): ShapeNode => {
    if (cls.type !== "global" || args.type !== "array" || args.isList || !isPlainClass(cls.module, cls.local)) reject();
    return { type: "object", name: cls.name, args: args.items.length > 0 ? args : null, state: null };
  };
  const popMark = (): ShapeNode[] => {
    const mark = marks.pop();
    if (mark === undefined) reject();
    return stack.splice(mark);
  };
  /** The items of the dict or list under `items`, which take them (keys made exact). */
  const container = (items: ShapeNode[], isDict: boolean, isSet = false): ShapeNode[] => {
    const target = stack[stack.length - 1];
    if (target === undefined || (target.type !== "dict" && target.type !== "array")) reject();
    if (isDict ? target.type !== "dict" : target.type !== "array" || (isSet ? target.isSet !== true : !target.isList)) reject();
    if (isDict) {
      if (items.length % 2 !== 0) reject();
      for (let i = 0; i < items.length; i += 2) {
        const key = items[i]!;
        if (key.type !== "leaf" || key.text === null) reject();
        steps[key.step]!.kind = P_EXACT;
      }
    }
    if (target.type === "array") {
      target.fills = (target.fills ?? 0) + 1;
      target.lastFill = steps.length;
    }
    return target.items;
  };
  while (p < end) {
    const op = input[p]!;
    switch (op) {
      case 0x80: // PROTO
        if (p !== start) reject();
        exact(2);
        break;
      case 0x95: // FRAME: only the one CPython writes around a small record, right after PROTO
        if (steps.length !== 1 || p + 9 > end || view.getUint32(p + 5, true) !== 0 || p + 9 + view.getUint32(p + 1, true) !== end) reject();
        steps.push({ from: p, to: p + 9, kind: P_FRAME, holeClass: 0 });
        p += 9;
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({ type: "dict", items: [] });
        exact(1);
        break;
      case 0x5d: // EMPTY_LIST: and an empty step after it, where a list hole would start
        exact(1);
        stack.push({ type: "array", items: [], isList: true, opened: steps.length, fills: 0, lastFill: -1 });
        steps.push({ from: p, to: p, kind: P_SKIP, holeClass: 0 });
        break;
      case 0x8f: // EMPTY_SET: as EMPTY_LIST, for a set hole (settleValues)
        exact(1);
        stack.push({ type: "array", items: [], isList: false, isSet: true, opened: steps.length, fills: 0, lastFill: -1 });
        steps.push({ from: p, to: p, kind: P_SKIP, holeClass: 0 });
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ type: "array", items: [], isList: false });
        exact(1);
        break;
      case 0x28: // MARK
        marks.push(stack.length);
        exact(1);
        break;
      case 0x94: // MEMOIZE
        if (stack.length === 0) reject();
        memo.set(memo.size, stack[stack.length - 1]!);
        exact(1);
        break;
      case 0x71: // BINPUT
      case 0x72: {
        // LONG_BINPUT
        const isLong = op === 0x72;
        if (stack.length === 0 || p + (isLong ? 5 : 2) > end) reject();
        memo.set(isLong ? view.getUint32(p + 1, true) : input[p + 1]!, stack[stack.length - 1]!);
        exact(isLong ? 5 : 2);
        break;
      }
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET: a str met again is written as the learned one (its step made exact).
        const isLong = op === 0x6a;
        if (p + (isLong ? 5 : 2) > end) reject();
        // A class or a timezone met again (a second datetime in the record) writes nothing.
        const node = memo.get(isLong ? view.getUint32(p + 1, true) : input[p + 1]!);
        if (node === undefined || (node.type !== "global" && node.type !== "constant" && node.type !== "zone" && (node.type !== "leaf" || node.text === null))) reject();
        if (node.type === "leaf") steps[node.step]!.kind = P_EXACT;
        lastGet = steps.length;
        stack.push(node);
        exact(isLong ? 5 : 2);
        break;
      }
      case 0x8c: // SHORT_BINUNICODE
      case 0x58: {
        // BINUNICODE
        const head = op === 0x8c ? 2 : 5;
        if (p + head > end) reject();
        const length = op === 0x8c ? input[p + 1]! : view.getUint32(p + 1, true);
        if (p + head + length > end) reject();
        let text: string;
        try {
          text = utf8Decoder.decode(input.subarray(p + head, p + head + length));
        } catch {
          reject();
        }
        leaf(head + length, H_STR, text);
        break;
      }
      case 0x63: {
        // GLOBAL: `module\nname\n`
        const moduleEnd = input.indexOf(0x0a, p + 1);
        const nameEnd = moduleEnd < 0 ? -1 : input.indexOf(0x0a, moduleEnd + 1);
        if (nameEnd < 0 || nameEnd >= end) reject();
        const module = latin1(input, p + 1, moduleEnd);
        const local = latin1(input, moduleEnd + 1, nameEnd);
        exact(nameEnd + 1 - p);
        stack.push({ type: "global", name: `${module}.${local}`, module, local });
        break;
      }
      case 0x93: {
        // STACK_GLOBAL: its module and name strs are compared as learned
        if (stack.length - 2 < fence()) reject();
        const [module, name] = stack.splice(stack.length - 2) as [ShapeNode, ShapeNode];
        if (module.type !== "leaf" || module.text === null || name.type !== "leaf" || name.text === null) reject();
        steps[module.step]!.kind = P_EXACT;
        steps[name.step]!.kind = P_EXACT;
        stack.push({ type: "global", name: `${module.text}.${name.text}`, module: module.text, local: name.text });
        exact(1);
        break;
      }
      case 0x42: {
        // BINBYTES: bytes (CPython writes a datetime's state by SHORT_BINBYTES)
        if (p + 5 > end) reject();
        leaf(5 + view.getUint32(p + 1, true), H_BYTES, null);
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES: a datetime's or a date's state (REDUCE below), else bytes (settleBytes)
        if (p + 2 > end || p + 2 + input[p + 1]! > end) reject();
        stack.push({ type: "state", step: steps.length, length: input[p + 1]! });
        steps.push({ from: p, to: p + 2 + input[p + 1]!, kind: P_HOLE, holeClass: 0 });
        p += 2 + input[p + 1]!;
        break;
      }
      case 0x52: {
        // REDUCE: datetime.datetime(state[, tz]) or datetime.date(state), the timezone a fixed
        // offset made here; Decimal(str); else an object
        if (stack.length - 2 < fence()) reject();
        const [callable, args] = stack.splice(stack.length - 2) as [ShapeNode, ShapeNode];
        if (args.type !== "array" || args.isList) reject();
        if (callable.type === "zoneUnpickle") {
          // ZoneInfo._unpickle(key, 1): a zoneinfo zone, its key and flag compared as learned.
          const [key, flag] = args.items;
          if (args.items.length !== 2 || key?.type !== "leaf" || key.text === null || flag?.type !== "leaf" || !isSmallIntHole(flag, steps, input)) reject();
          steps[key.step]!.kind = P_EXACT;
          steps[flag.step]!.kind = P_EXACT;
          stack.push({ type: "zone", zone: key.text });
          exact(1);
          break;
        }
        if (callable.type !== "global") reject();
        if (callable.name === "builtins.getattr") {
          const [owner, name] = args.items;
          if (args.items.length !== 2 || owner?.type !== "global" || owner.name !== "zoneinfo.ZoneInfo" || name?.type !== "leaf" || name.text !== "_unpickle") reject();
          steps[name.step]!.kind = P_EXACT;
          stack.push({ type: "zoneUnpickle" });
          exact(1);
          break;
        }
        if (callable.name === "datetime.timedelta" && args.items.length === 3 && args.items.every((item) => isSmallIntHole(item, steps, input))) {
          stack.push({ type: "timedelta", steps: args.items.map((item) => (item as { step: number }).step) });
          exact(1);
          break;
        }
        if (callable.name === "datetime.timezone") {
          stack.push(timezoneOf(args.items, steps, input, view));
          exact(1);
          break;
        }
        if (callable.name === "pytz._p" || callable.name === "pytz._UTC" || callable.name === "pytz.FixedOffset") {
          stack.push(pytzTimezoneOf(callable.name, args.items, steps, input, view));
          exact(1);
          break;
        }
        const state = args.items[0];
        if (callable.name === "decimal.Decimal" && args.items.length === 1 && state?.type === "leaf" && state.text !== null && steps[state.step]!.kind === P_HOLE) {
          // Its str is a hole of its own class; a memo read of that str later makes it exact, and compile then refuses the shape.
          steps[state.step]!.holeClass = H_DECIMAL;
          stack.push({ type: "leaf", step: state.step, text: null });
          exact(1);
          break;
        }
        const tz = args.items[1];
        const hasTimezone = args.items.length === 2 && ((tz?.type === "constant" && tz.value instanceof PyTimezone) || tz?.type === "zone");
        if (state?.type !== "state" || (args.items.length !== 1 && !hasTimezone)) {
          stack.push(object(callable, args));
          exact(1);
          break;
        }
        let holeClass = callable.name === "datetime.datetime" && state.length === 10 ? H_DATETIME : callable.name === "datetime.date" && state.length === 4 && !hasTimezone ? H_DATE : reject();
        if (hasTimezone) {
          const key = tz!.type === "zone" ? `zone ${tz!.zone}` : formatUtcOffset((tz as { value: PyTimezone }).value.offset);
          let index = timezones.findIndex((known) => ("zone" in known ? `zone ${known.zone}` : known.suffix) === key);
          if (index < 0) {
            if (timezones.length >= MAX_TIMEZONES) reject();
            index = timezones.push(tz!.type === "zone" ? { zone: tz!.zone } : { suffix: key }) - 1;
          }
          holeClass |= (index + 1) << TIMEZONE_SHIFT;
        }
        steps[state.step]!.holeClass = holeClass;
        stack.push({ type: "leaf", step: state.step, text: null });
        exact(1);
        break;
      }
      case 0x81: {
        // NEWOBJ: an object, its arguments a tuple (`()`: a class with a `__dict__`; a namedtuple's
        // fields); a UUID (`UUID.__new__(UUID)`, its int in its BUILD's state)
        if (stack.length - 2 < fence()) reject();
        const [cls, args] = stack.splice(stack.length - 2) as [ShapeNode, ShapeNode];
        const isUuid = cls.type === "global" && cls.name === "uuid.UUID" && args.type === "array" && !args.isList && args.items.length === 0;
        stack.push(isUuid ? { type: "uuid" } : object(cls, args));
        exact(1);
        break;
      }
      case 0x62: {
        // BUILD: an object's state, once; a UUID's `{"int": n}`
        if (stack.length - 2 < fence()) reject();
        const state = stack.pop()!;
        const target = stack[stack.length - 1]!;
        if (target.type === "uuid") {
          const int = state.type === "dict" && state.items.length === 2 && state.items[0]!.type === "leaf" && state.items[0]!.text === "int" ? state.items[1]! : null;
          if (int?.type !== "leaf" || steps[int.step]!.kind !== P_HOLE || steps[int.step]!.holeClass !== H_INT) reject();
          steps[int.step]!.holeClass = H_UUID;
          stack[stack.length - 1] = { type: "leaf", step: int.step, text: null };
          exact(1);
          break;
        }
        if (target.type !== "object" || target.state !== null) reject();
        target.state = state;
        exact(1);
        break;
      }
      case 0x4b: // BININT1
        leaf(2, H_INT, null);
        break;
      case 0x4d: // BININT2
        leaf(3, H_INT, null);
        break;
      case 0x4a: // BININT
        leaf(5, H_INT, null);
        break;
      case 0x8a: // LONG1 (an int past 32 bits: a timestamp in ms, an id)
        if (p + 2 > end) reject();
        leaf(2 + input[p + 1]!, H_INT, null);
        break;
      case 0x47: // BINFLOAT
        leaf(9, H_FLOAT, null);
        break;
      case 0x4e: // NONE
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        leaf(1, H_CONST, null);
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const from = stack.length - (op - 0x85 + 1);
        if (from < fence()) reject();
        stack.push({ type: "array", items: stack.splice(from), isList: false });
        exact(1);
        break;
      }
      case 0x74: // TUPLE
        stack.push({ type: "array", items: popMark(), isList: false });
        exact(1);
        break;
      case 0x75: // SETITEMS
      case 0x65: {
        // APPENDS
        const items = popMark();
        container(items, op === 0x75).push(...items);
        exact(1);
        break;
      }
      case 0x90: {
        // ADDITEMS: a set's strs (a set hole, or no shape)
        const items = popMark();
        container(items, false, true).push(...items);
        exact(1);
        break;
      }
      case 0x73: // SETITEM
      case 0x61: {
        // APPEND
        const count = op === 0x73 ? 2 : 1;
        if (stack.length - count < fence() + 1) reject();
        const items = stack.splice(stack.length - count);
        container(items, op === 0x73).push(...items);
        exact(1);
        break;
      }
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0 || p + 1 !== end) reject();
        root = stack[0]!;
        p += 1;
        break;
      default:
        reject();
    }
  }
  if (root === null) reject();
  root = settleValues(root, steps, input, lastGet);
  checkKeys(root);
  return compile(format, input, start, end, steps, root, memoLength, timezones);
}

/** Scalar holes a list hole's items may be. */
const LIST_ITEM_HOLES: ReadonlySet<number> = new Set([H_STR, H_INT, H_FLOAT, H_CONST]);
/** Opcodes between a list's EMPTY_LIST and its APPEND or APPENDS besides its items: puts, the MARK, the APPEND(S). */
const LIST_FRAME_OPS: ReadonlySet<number> = new Set([0x94, 0x71, 0x72, 0x28, 0x61, 0x65]);

/**
 * A list of scalars as one hole of any length (H_LIST), its steps from after its EMPTY_LIST
 * through its APPEND or APPENDS taken into the hole's: when its items are scalar holes, one
 * APPEND or APPENDS at most filled it, and no memo read follows it. Else null.
 */
function listHole(node: Extract<ShapeNode, { type: "array" }>, steps: Step[], input: Uint8Array, lastGet: number): ShapeNode | null {
  const opened = node.opened;
  const isSet = node.isSet === true;
  // A set is a set hole or no shape: written item by item, it would not compare its strs.
  if ((!node.isList && !isSet) || opened === undefined || (node.fills ?? 0) > 1 || lastGet > opened) return isSet ? reject() : null;
  const itemSteps = new Set<number>();
  for (const item of node.items) {
    if (item.type !== "leaf") return isSet ? reject() : null;
    const step = steps[item.step]!;
    if (step.kind !== P_HOLE || (isSet ? step.holeClass !== H_STR || node.items.length > MAX_SET_ITEMS : !LIST_ITEM_HOLES.has(step.holeClass))) return isSet ? reject() : null;
    itemSteps.add(item.step);
  }
  // Through the APPEND(S), or for an empty list through its put (the step right after, if one).
  let last = node.fills === 1 ? node.lastFill! : opened;
  if (node.fills === 0 && opened + 1 < steps.length && putEnd(input, steps[opened + 1]!.from, steps[opened + 1]!.to) > steps[opened + 1]!.from) last = opened + 1;
  for (let i = opened + 1; i <= last; i++) {
    const step = steps[i]!;
    if (!itemSteps.has(i) && (step.to - step.from > 5 || !(LIST_FRAME_OPS.has(input[step.from]!) || (isSet && input[step.from] === 0x90)))) return isSet ? reject() : null;
  }
  steps[opened] = { from: steps[opened]!.from, to: steps[last]!.to, kind: P_HOLE, holeClass: isSet ? H_SET : H_LIST };
  for (let i = opened + 1; i <= last; i++) steps[i]!.kind = P_SKIP;
  return { type: "leaf", step: opened, text: null };
}

/**
 * A pytz timezone as a datetime's tzinfo, its arguments made exact steps: `_p(zone, utcoffset,
 * dst, tzname)` (the offset it was localized to, which the value path prints: zones.ts
 * wallUtcOffset), `_UTC()`, `FixedOffset(minutes)`; as a fixed offset, its text written after
 * the isoformat. Rejects any other arguments (`_p(zone)` of a zone of one offset among them).
 */
function pytzTimezoneOf(name: string, items: readonly ShapeNode[], steps: Step[], input: Uint8Array, view: DataView): ShapeNode {
  const exactInt = (item: ShapeNode | undefined): number => {
    if (item === undefined || !isSmallIntHole(item, steps, input)) reject();
    const step = steps[(item as { step: number }).step]!;
    step.kind = P_EXACT;
    return smallIntAt(input, view, step.from);
  };
  const exactText = (item: ShapeNode | undefined): void => {
    if (item?.type !== "leaf" || item.text === null) reject();
    steps[item.step]!.kind = P_EXACT;
  };
  let seconds: number;
  if (name === "pytz._UTC") {
    if (items.length !== 0) reject();
    seconds = 0;
  } else if (name === "pytz.FixedOffset") {
    if (items.length !== 1) reject();
    seconds = exactInt(items[0]) * 60;
  } else {
    if (items.length !== 4) reject();
    exactText(items[0]);
    seconds = exactInt(items[1]);
    exactInt(items[2]);
    exactText(items[3]);
  }
  // Made by datetime.timezone's own reconstructor: an offset of a day or more is refused there too.
  let value: PyValue;
  try {
    value = timedeltaClasses.get("datetime.timezone")!.construct([new PyTimedelta(0n, BigInt(seconds), 0n)], null, STANDALONE_CONTEXT);
  } catch {
    reject();
  }
  if (!(value instanceof PyTimezone)) reject();
  return { type: "constant", value };
}

/** A leaf of a BININT1, BININT2 or BININT hole (a timedelta's argument as CPython writes it). */
function isSmallIntHole(node: ShapeNode, steps: readonly Step[], input: Uint8Array): boolean {
  if (node.type !== "leaf") return false;
  const step = steps[node.step]!;
  const op = input[step.from];
  return step.kind === P_HOLE && step.holeClass === H_INT && (op === 0x4b || op === 0x4d || op === 0x4a);
}

/**
 * `datetime.timezone(timedelta[, name])` as a datetime's tzinfo: its arguments made exact steps
 * (so a replay meets the same offset), made by the classes' own reconstructors. Rejects any
 * other arguments, and those the reconstructors refuse.
 */
function timezoneOf(items: readonly ShapeNode[], steps: Step[], input: Uint8Array, view: DataView): ShapeNode {
  const [offset, name] = items;
  if (offset?.type !== "timedelta" || items.length > 2) reject();
  const args: PyValue[] = [];
  try {
    const ints = offset.steps.map((index) => {
      const step = steps[index]!;
      step.kind = P_EXACT;
      return smallIntAt(input, view, step.from);
    });
    args.push(timedeltaClasses.get("datetime.timedelta")!.construct(ints, null, STANDALONE_CONTEXT));
  } catch {
    reject();
  }
  if (name !== undefined) {
    if (name.type !== "leaf" || name.text === null) reject();
    steps[name.step]!.kind = P_EXACT;
    args.push(name.text);
  }
  let value: PyValue;
  try {
    value = timedeltaClasses.get("datetime.timezone")!.construct(args, null, STANDALONE_CONTEXT);
  } catch {
    reject();
  }
  if (!(value instanceof PyTimezone)) reject();
  return { type: "constant", value };
}

/** The int of a BININT1, BININT2 or BININT at input[at] (a timedelta's days, seconds, microseconds). */
function smallIntAt(input: Uint8Array, view: DataView, at: number): number {
  switch (input[at]) {
    case 0x4b: // BININT1
      return input[at + 1]!;
    case 0x4d: // BININT2
      return view.getUint16(at + 1, true);
    case 0x4a: // BININT
      return view.getInt32(at + 1, true);
    default:
      return reject();
  }
}

/** `total_seconds()` of the timedelta, or undefined where its reconstructor refuses it (days out of range: the driver's error). */
function timedeltaSeconds(days: number, seconds: number, microseconds: number): number | undefined {
  try {
    return totalSecondsOf(days, seconds, microseconds);
  } catch {
    return undefined;
  }
}

/** A hole that writes nothing (a timedelta's days and seconds): no piece before it, no place in the output. */
function isSilent(holeClass: number): boolean {
  return holeClass === H_TD_DAYS || holeClass === H_TD_SECONDS;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * What no call took as its argument, settled as a value: a SHORT_BINBYTES is bytes (H_BYTES), a
 * timedelta its seconds (its ints silent holes but the last, H_TIMEDELTA).
 */
function settleValues(node: ShapeNode, steps: Step[], input: Uint8Array, lastGet: number): ShapeNode {
  switch (node.type) {
    case "state":
      steps[node.step]!.holeClass = H_BYTES;
      return { type: "leaf", step: node.step, text: null };
    case "timedelta": {
      const [days, seconds, microseconds] = node.steps as [number, number, number];
      steps[days]!.holeClass = H_TD_DAYS;
      steps[seconds]!.holeClass = H_TD_SECONDS;
      steps[microseconds]!.holeClass = H_TIMEDELTA;
      return { type: "leaf", step: microseconds, text: null };
    }
    case "dict":
    case "array":
      for (let i = 0; i < node.items.length; i++) node.items[i] = settleValues(node.items[i]!, steps, input, lastGet);
      return node.type === "array" ? (listHole(node, steps, input, lastGet) ?? node) : node;
    case "object":
      return {
        ...node,
        args: node.args === null ? null : settleValues(node.args, steps, input, lastGet),
        state: node.state === null ? null : settleValues(node.state, steps, input, lastGet),
      };
    default:
      return node;
  }
}

/** The keys of each dict differ (a repeated key is the driver's to judge); no class or state is left outside a REDUCE or NEWOBJ. */
function checkKeys(node: ShapeNode): void {
  if (node.type !== "leaf" && node.type !== "dict" && node.type !== "array" && node.type !== "object") reject();
  if (node.type === "leaf") return;
  if (node.type === "object") {
    if (node.args !== null) checkKeys(node.args);
    if (node.state !== null) checkKeys(node.state);
    return;
  }
  if (node.type === "dict") {
    const keys = new Set<string | null>();
    for (let i = 0; i < node.items.length; i += 2) {
      const key = node.items[i]!;
      if (key.type !== "leaf") reject();
      keys.add(key.text);
    }
    if (keys.size * 2 !== node.items.length) reject();
  }
  for (const item of node.items) checkKeys(item);
}

function compile(format: ShapeFormat, input: Uint8Array, start: number, end: number, steps: readonly Step[], root: ShapeNode, memoLength: number, timezones: readonly ShapeTimezone[]): RecordShape {
  const tokens: ShapeToken[] = [];
  const exactStr = (node: ShapeNode): Uint8Array | null => {
    if (node.type !== "leaf" || steps[node.step]!.kind !== P_EXACT || node.text === null) return null;
    const step = steps[node.step]!;
    // The str's UTF-8: past its opcode and length (SHORT_BINUNICODE's 1 byte, BINUNICODE's 4).
    return input.subarray(step.from + (input[step.from] === 0x8c ? 2 : 5), step.to);
  };
  format.render(root, tokens, exactStr);
  // The output between holes, joined; the holes in output order.
  const pieces: Uint8Array[] = [];
  const holeSteps: number[] = [];
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
    holeSteps.push(token);
  }
  flush();
  // Each hole once, in input order (the replay writes values as it reads them).
  const holes = steps.filter((step) => step.kind === P_HOLE && !isSilent(step.holeClass));
  if (holes.some((step) => step.holeClass === 0)) reject();
  if (holes.length !== holeSteps.length) reject();
  for (let i = 0; i < holeSteps.length; i++) if (steps[holeSteps[i]!] !== holes[i]) reject();
  const program: number[] = [];
  let hole = 0;
  for (const step of steps) {
    if (step.kind === P_SKIP) continue;
    if (step.kind === P_EXACT) {
      const last = program.length - 3;
      if (last >= 0 && program[last] === P_EXACT && program[last + 1]! + program[last + 2]! === step.from - start) program[last + 2] = program[last + 2]! + step.to - step.from;
      else program.push(P_EXACT, step.from - start, step.to - step.from);
    } else if (step.kind === P_FRAME) {
      program.push(P_FRAME, 0, 0);
    } else {
      program.push(P_HOLE, step.holeClass, isSilent(step.holeClass) ? -1 : hole++);
    }
  }
  // STOP's byte is not a step: P_STOP reads it.
  program.push(P_STOP, hole, 0);
  return format.make(input.slice(start, end), Int32Array.from(program), pieces, memoLength, timezones);
}
