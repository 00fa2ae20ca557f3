// Both one-pass drivers keep a value's nesting height from bit 16 of its slot and memo info.
import { HEIGHT_SHIFT } from "./json-slots.js";
import { grownInt32, K_BYTES, K_DICT, K_FALSE, K_FLOAT, K_INT, K_LIST, K_LONG, K_NONE, K_STR, K_TRUE, K_TUPLE } from "./tape.js";
import { type ArgSize, lengthPrefixBytes } from "../opcodes/arg-kinds.js";
import { ARG_SIZE } from "../opcodes/table.js";
import { isSameAsModel, putBytes, SmallInts, wordsOf, writeLearned } from "./shape-bytes.js";
import { canonicalDecimalOrUndefined, isOwnDecimalBytes } from "../classes/decimal.js";
import { asciiText } from "./island-parts.js";
import { timedeltaSeconds } from "./record-learn.js";
import { uuidText, uuidTextOfLong } from "../classes/uuid.js";
import { PyTimedelta } from "../classes/timedelta.js";
import type { TapeOutput } from "./tape-output.js";

// A giant root is most often one shape of dict over and over: `{"user:1": {"id": 1, "name":
// ..., "tags": [...]}, ...}` or a list of such dicts. Record shapes (record-shape.ts) cover
// records of a stream; these cover the dicts inside one record. A one-pass writer learns a dict
// value's shape (its opcodes, its keys: memo reads of strs met before it) from its bytes, checks
// that replaying it writes exactly what the driver wrote for that dict (output, memo entries,
// stack slot), and then writes each next dict of that shape by comparing its opcodes with the
// learned ones and writing only its values between the learned output. Its values are holes:
// any scalar (str, bytes, int, float, None, True, False, or a memo read of one, each memoized or not),
// a list of scalars of any length (so a list of tags, or an optional None, makes no new shape),
// a tuple of scalars, a naive datetime or a date (written from its state bytes, as the driver's
// islands write it: its isoformat str), a Decimal (its str), a timedelta (its total_seconds()),
// a UUID (its str), a list of dicts. What the shape does not cover is a miss: nothing is kept of the replay, and the driver
// reads the dict opcode by opcode. json-value-shape.ts and msgpack-value-shape.ts write the
// values and the bytes between them in their formats, and say how their drivers' memo entries
// look (DirectDriver.dictValue checks and keeps the shapes).

// The replay's program: steps of STEP ints [action, a, b, exactFrom, exactLength, text]. Each
// step first compares the input's next exactLength bytes with the model's from exactFrom (the
// opcodes between holes: MARK, a key's memo read, SETITEMS), then writes texts[text] unless it
// is -1 (the output between holes: `,"name":`), then does its action.
const STEP = 6;
/** The dict of level `a` (a nested one) begins: its first byte (`{`, msgpack's reserved head) is the last written. */
const V_OPEN = 0;
/** The dict of level `a` is memoized (MEMOIZE, or BINPUT / LONG_BINPUT of the memo's next index). */
const V_PUT = 1;
/**
 * The dict of level `a` ends: its last byte is written; `b` is a head to write at its first byte
 * (msgpack's map head, once its items are counted) or 0.
 */
const V_CLOSE = 2;
/** A value of the dict of level `a`: a scalar, or a memo read of any value written before the dict; then its optional put. */
const V_SCALAR = 3;
/** A value of the dict of level `a`: a list of scalars (EMPTY_LIST, its optional put, then nothing, `x APPEND` or `MARK x... APPENDS`). */
const V_LIST = 4;
/**
 * A value of the dict of level `b >> 1`: a tuple of `a` scalars (each with its optional put):
 * after them TUPLE1-3, or (`b & 1`, its MARK compared before) TUPLE; then its optional put.
 */
const V_TUPLE = 5;
/**
 * A value of the dict of level `a`: a naive datetime (`b` STATE_DATETIME), a date (STATE_DATE) or
 * a Decimal (STATE_DECIMAL), its class's memo read compared before: the state's SHORT_BINBYTES
 * (a Decimal's str), TUPLE1, REDUCE, each with its optional put; written as the driver's island
 * writes it (stateTextIsland: its isoformat, the Decimal's str). A datetime with a fixed-offset
 * timezone read from the memo: `b` STATE_DATETIME | (k + 1) << TIMEZONE_SHIFT, the shape's k-th
 * read (its timezone's memo read, then TUPLE2 for TUPLE1). A timedelta (STATE_TIMEDELTA): three
 * ints, TUPLE3, REDUCE, written as the driver's island writes its `total_seconds()`. A UUID
 * (STATE_UUID | (k + 1) << TIMEZONE_SHIFT, the k-th read its key `int`): `()`, NEWOBJ, `{}`, the
 * key, its int, SETITEM, BUILD, written as `str(uuid)`.
 */
const V_STATE_TEXT = 6;
/**
 * A value of the dict of level `a - 1`: a list of dicts of one shape, the list itself level `a`
 * (EMPTY_LIST, its optional put, then nothing, one dict and APPEND, or MARK, dicts, APPENDS).
 * Its item's steps (a dict of level `a + 1`) follow, then V_DICTS_NEXT; with no items the replay
 * goes on at step `b` (that V_DICTS_NEXT).
 */
const V_DICTS = 7;
/**
 * After an item of the list of dicts of level `a`: another item (the replay goes back to step
 * `b`, the item's first), or the list's end.
 */
const V_DICTS_NEXT = 8;
/** ShapeMemo.stateClassOf: the memo entry is `datetime.datetime`. */
export const STATE_DATETIME = 1;
/** ShapeMemo.stateClassOf: the memo entry is `datetime.date`. */
export const STATE_DATE = 2;
/** ShapeMemo.stateClassOf: the memo entry is `decimal.Decimal`. */
export const STATE_DECIMAL = 3;
/** ShapeMemo.stateClassOf: the memo entry is `datetime.timedelta`. */
export const STATE_TIMEDELTA = 4;
/** ShapeMemo.stateClassOf: the memo entry is `uuid.UUID`. */
export const STATE_UUID = 5;
/** Memo reads a learned dict's class values make (timezones, a UUID's key). */
const MAX_READS = 8;
const STATE_CLASS_BITS = 0xf;
const TIMEZONE_SHIFT = 4;
/** Items a tuple from a MARK may have in a learned dict. */
const MAX_TUPLE_ITEMS = 64;
/** A dict higher than this is the driver's to decline (its MAX_HEIGHT). */
const MAX_HEIGHT = 200;

/** Levels of dicts in a learned one (level 0 is the learned dict itself, 1 a dict in it, ...). */
const MAX_LEVELS = 8;
/** LONG1 payloads past this many bytes are the driver's to judge (tape-driver.ts declines them). */
const MAX_LONG_BYTES = 64;
/** Dicts longer than this are not learned from (a shape is for many small dicts). */
const MAX_LEARNED_BYTES = 1 << 12;
/**
 * Dicts of scalars shorter than this are not learned from: the driver writes a dict of two or
 * three scalars as fast as a replay does, and a root of many such dicts of a few shapes each
 * (`{3: "a", 101: 5}`, keys of a few ints) would try every shape on each. One that holds a
 * container is (`{"id": 7, "hist": {}}`): without its shape, such dicts would try the shapes of
 * their siblings with other containers and miss each.
 */
const MIN_LEARNED_BYTES = 16;
/** Shapes kept: a root that mixes a few shapes of dict (an optional key, tuples of a few lengths) replays each. */
const MAX_SHAPES = 8;
/** Learning tried at most this many times per record (a root of dicts of no repeated shape stops trying). */
const LEARN_ATTEMPTS = 16;

/** What learning reads of the driver's memo entries set before the dict. */
export interface ShapeMemo {
  /** The output bytes of memo entry `index` when it is a str's (a key met again), else null. */
  keyText(index: number): Uint8Array | null;
  /** STATE_DATETIME, STATE_DATE, STATE_DECIMAL, STATE_TIMEDELTA or STATE_UUID when memo entry `index` is that class as the driver's islands read it, else 0. */
  stateClassOf(index: number): number;
  /** Whether memo entry `index` is the str `text` as the driver's islands read it (a UUID's key `int`). */
  isIslandStr(index: number, text: string): boolean;
  /** What a datetime's isoformat ends with when memo entry `index` is its timezone, a fixed offset (`+00:00`), else null. */
  timezoneSuffixOf(index: number): string | null;
}

/** A memo read inside a learned dict's class values: a datetime's timezone, a UUID's key `int`. */
interface ShapeRead {
  /** The memo read's bytes (BINGET or LONG_BINGET and its index). */
  readonly read: Uint8Array;
  /** What a datetime's isoformat ends with (its timezone's offset); "" for a UUID's key. */
  readonly suffix: string;
}

/**
 * A timedelta a value shape wrote, as the driver's island memo keeps it: by its ints, made a
 * PyTimedelta (as the island's call makes it) only when an island reads it from the memo
 * (DirectDriver.islandMemoAt), which CPython's pickles hardly do: a giant root's timedeltas are
 * written once each, and bigint arithmetic per value would cost more than the rest of its replay.
 */
export class TimedeltaInts {
  constructor(
    readonly days: number,
    readonly seconds: number,
    readonly microseconds: number,
  ) {}

  /** The value the island's call makes of these ints. */
  made(): PyTimedelta {
    return new PyTimedelta(BigInt(this.days), BigInt(this.seconds), BigInt(this.microseconds));
  }
}

/** A learned dict shape. */
export class ValueShape {
  constructor(
    /** The learned dict's bytes: what the exact steps compare with. */
    readonly model: Uint8Array,
    readonly program: Int32Array,
    /** The output between values. */
    readonly texts: readonly Uint8Array[],
    /** The dict's items. */
    readonly pairs: number,
    /** The memo reads its class values make (V_STATE_TEXT): timezones, a UUID's key. */
    readonly reads: readonly ShapeRead[],
  ) {
    this.modelView = new DataView(model.buffer, model.byteOffset, model.byteLength);
    this.textWords = texts.map(wordsOf);
    // The first exact step: only a put can come before it (a dict's first key is exact).
    for (let k = 0; k < program.length; k += STEP) {
      if (program[k + 4]! === 0) continue;
      this.probeFrom = program[k + 3]!;
      this.probeLength = program[k + 4]!;
      break;
    }
  }

  readonly modelView: DataView;
  /**
   * The model's first exact bytes (its MARK and first key, say), at the same offset from the
   * dict's EMPTY_DICT in a dict that has the same put opcode: `replay` compares them before it
   * tries the shape, so a dict with other keys passes the shapes it does not have at the cost
   * of one compare (dicts keyed by a few ints, or by strs of a few sets, each have several).
   */
  readonly probeFrom: number = 0;
  readonly probeLength: number = 0;

  /** Each text of 4 bytes or more as little-endian words: its whole words, then its last 4 bytes. */
  readonly textWords: readonly Int32Array[];
}

/** A shape learned from a dict the driver is writing, to be checked against its output once written. */
export interface PendingShape {
  readonly shape: ValueShape;
  /** The stack slot and output start of the dict it was learned from. */
  readonly slot: number;
  readonly start: number;
  /** The memo's next index when the dict began. */
  readonly memoFrom: number;
  /** Absolute input offset past the dict: a dict that begins there or later may check it. */
  readonly inputEnd: number;
}

/**
 * The shapes of the dicts of one record, those replayed most often first, and the state a replay
 * reads and leaves for the driver: the memo entries it set (putInfo, putStart, putEnd for
 * entries memoBase, memoBase + 1, ...), the dict's pairs and height, its own memo entry. A
 * subclass writes its format.
 */
export abstract class ValueShapes {
  private shapes: ValueShape[] = [];
  pending: PendingShape | null = null;
  private attemptsLeft = LEARN_ATTEMPTS;

  // Set by the driver before a replay.
  memoInfo: Int32Array = new Int32Array(0);
  memoStart: Int32Array = new Int32Array(0);
  memoEnd: Int32Array = new Int32Array(0);
  /** The memo's next index when the dict begins (its length: no holes past it). */
  memoBase = 0;
  /** The stack slot the dict takes. */
  slot = 0;
  /** Whether the driver writes a datetime's or a date's isoformat from its state here (it reads islands, far from maxDepth). */
  takesStateText = false;
  /** What the driver writes for a memo read of entry `index` when it is a str an island kept (recallIsland), else null. */
  islandStrBytes: (index: number) => Uint8Array | null = () => null;

  // What the last replay left.
  putCount = 0;
  putInfo: Int32Array = new Int32Array(64);
  putStart: Int32Array = new Int32Array(64);
  putEnd: Int32Array = new Int32Array(64);
  pairs = 0;
  height = 0;
  /** The dict's own memo entry, or -1. */
  topMemo = -1;
  /** Entries (of putInfo's) whose value the driver keeps in its island memo: a Decimal's str, a timedelta, as its islands keep them. */
  readonly islandPuts: number[] = [];
  readonly islandValues: (string | TimedeltaInts)[] = [];

  private readonly levelStart = new Int32Array(MAX_LEVELS);
  /** Each open level's height so far: 1 + the highest of its values (a memo read may copy a container). */
  private readonly levelHeight = new Int32Array(MAX_LEVELS);
  /** After openDicts: whether the list has items. */
  private hasItems = false;
  /** The height of the last value `scalar` wrote (0 unless a memo read copied a container). */
  private lastHeight = 0;
  private readonly levelPut = new Int32Array(MAX_LEVELS);
  /** A list of dicts' items so far (at its level). */
  private readonly levelCount = new Int32Array(MAX_LEVELS);
  /** Whether a list of dicts began with MARK (its items end at APPENDS, else at APPEND). */
  private readonly levelMarked = new Uint8Array(MAX_LEVELS);
  /** The put count when a list of dicts began: its items' entries follow. */
  private readonly levelPutsFrom = new Int32Array(MAX_LEVELS);
  private viewed: Uint8Array | null = null;
  private outView: DataView | null = null;

  constructor(
    protected readonly writer: TapeOutput,
    private readonly maxStrBytes: number,
  ) {}

  // What the format says of its driver's memo (see DirectDriver).
  /** Memo info bit: the entry's span is the value's output. */
  abstract readonly spanBit: number;
  /** Memo info bit: a container still open at stack slot memoEnd. */
  abstract readonly openBit: number;
  /** The memo info of the dict itself memoized (open on the stack). */
  protected abstract readonly topPutInfo: number;
  /** The bits of a memo entry's info that a memo read pushes (and a put of that value keeps). */
  protected abstract readonly valueBits: number;

  // The format's output.
  /** A str's UTF-8 bytes as the driver's push of it writes them; false where the driver must judge it. */
  protected abstract writeStr(input: Uint8Array, view: DataView, at: number, length: number): boolean;
  /** A bytes value's input[at, at + length) as the driver's push of it writes it. */
  protected abstract writeBytes(input: Uint8Array, view: DataView, at: number, length: number): void;
  protected abstract writeInt(value: number): void;
  /** LONG1's payload input[at, at + length). */
  protected abstract writeLong(input: Uint8Array, at: number, length: number): void;
  /** BINFLOAT's 8 big-endian bytes at input[at]. */
  protected abstract writeFloat(input: Uint8Array, view: DataView, at: number): void;
  /** NONE, NEWTRUE, NEWFALSE or EMPTY_TUPLE. */
  protected abstract writeConst(op: number): void;
  /** A list begins (its bracket or reserved head written). */
  protected abstract openList(): void;
  /** Before a list's item after `count` others. */
  protected abstract separateItem(count: number): void;
  /**
   * The list begun at `start` ends after `count` items: how far its items moved (a head that
   * grew), or -1 where the driver would write it otherwise.
   */
  protected abstract closeList(start: number, count: number): number;
  /** A tuple of `count` items begins (its bracket, or its head: the count is known). */
  protected abstract openTuple(count: number): void;
  /** A tuple ends. */
  protected abstract closeTuple(): void;
  /**
   * The isoformat of the datetime's (`isDate`: the date's) state at input[at], then `suffix` (its
   * timezone's offset, or ""), as the driver's pushIslandText writes stateIsoText's text
   * (writeStateIso); false where that has none, or the driver writes it otherwise.
   */
  protected abstract writeStateText(input: Uint8Array, at: number, isDate: boolean, suffix: string): boolean;
  /** The memo info of a value pushIslandText wrote. */
  protected abstract readonly stateTextInfo: number;
  /** Memo info bit: the driver's island memo holds the entry's value. */
  protected abstract readonly islandBit: number;
  /** An ASCII text (a Decimal's str), as the driver's pushIslandText writes it; false where it writes it otherwise. */
  protected abstract writeIslandText(text: string): boolean;
  /** A float made here (a timedelta's `total_seconds()`), as the driver's pushIslandValue writes it. */
  protected abstract writeMadeFloat(value: number): void;
  /** The memo info of a float pushIslandValue wrote (a timedelta's value: its span, no value kept). */
  protected abstract readonly madeFloatInfo: number;

  // What the learned dict's output holds between values.
  /** A dict's first bytes. */
  abstract readonly openText: readonly number[];
  /** A key's bytes as the driver copies them, the `index`-th of its dict: what goes around it. */
  abstract keyText(key: Uint8Array, index: number): number[];
  /** An int key's bytes as the driver's pushInt writes a key (JSON: its digits in quotes). */
  abstract intKeyText(value: number): Uint8Array;
  /** A dict's last bytes. */
  abstract readonly closeText: readonly number[];
  /** The head written at a nested dict's first byte once it has `pairs` items (0: none), or -1 where no shape takes it. */
  abstract closeHead(pairs: number, isNested: boolean): number;

  get isEmpty(): boolean {
    return this.shapes.length === 0;
  }

  /** A new record: its memo indices are its own, so are its shapes. */
  reset(): void {
    this.shapes = [];
    this.pending = null;
    this.attemptsLeft = LEARN_ATTEMPTS;
  }

  /**
   * Whether one of the shapes may have the dict at input[at]: its first exact bytes (probeFrom)
   * are the dict's, or past `end`. The first such shape is where `replay` begins.
   */
  mayReplay(input: Uint8Array, view: DataView, at: number, end: number): boolean {
    const shapes = this.shapes;
    // One shape is tried as it is (its replay compares the same bytes first).
    if (shapes.length === 1) {
      this.firstProbed = 0;
      return true;
    }
    for (let i = 0; i < shapes.length; i++) {
      if (this.isProbed(shapes[i]!, input, view, at, end)) {
        this.firstProbed = i;
        return true;
      }
    }
    return false;
  }

  /** The first shape mayReplay found for the dict it was asked about. */
  private firstProbed = 0;

  private isProbed(shape: ValueShape, input: Uint8Array, view: DataView, at: number, end: number): boolean {
    const probe = at + shape.probeFrom;
    return probe + shape.probeLength > end || isSameAsModel(input, view, probe, shape.model, shape.modelView, shape.probeFrom, shape.probeLength);
  }

  /**
   * The dict at input[at] (its EMPTY_DICT; mayReplay said true of it) written at the writer's
   * position by the first shape it has, ending by `end`: the input position after it, or -1
   * when it has none of them (the writer's position then back where it was).
   */
  replay(input: Uint8Array, view: DataView, at: number, end: number): number {
    const shapes = this.shapes;
    const start = this.writer.pos;
    const first = this.firstProbed;
    for (let i = first; i < shapes.length; i++) {
      const shape = shapes[i]!;
      if (i > first && !this.isProbed(shape, input, view, at, end)) continue;
      const after = this.replayShape(shape, input, view, at, end);
      if (after >= 0) {
        if (i > 0) {
          // One place up (a shape that keeps hitting climbs to the front): moved to the front,
          // a few shapes taken in turn (dicts of 0-4 int keys, round the clock) would each be
          // found last.
          shapes[i] = shapes[i - 1]!;
          shapes[i - 1] = shape;
        }
        return after;
      }
      this.writer.pos = start;
    }
    return -1;
  }

  /** Whether a dict that missed is to be learned from. */
  get isLearning(): boolean {
    return this.pending === null && this.attemptsLeft > 0;
  }

  /**
   * The shape of the dict at input[at] (its EMPTY_DICT, before `end`), or null when it holds what
   * a replay does not cover. `memo` says what the entries set before the dict hold.
   */
  learn(input: Uint8Array, view: DataView, at: number, end: number, memo: ShapeMemo): ValueShape | null {
    const learner = new ShapeLearner(this, input, view, at, Math.min(end, at + MAX_LEARNED_BYTES), this.memoBase, memo);
    try {
      const shape = learner.learn();
      this.attemptsLeft--;
      return shape.model.length < MIN_LEARNED_BYTES && !hasContainer(shape.program) ? null : shape;
    } catch (error) {
      if (error !== NOT_LEARNABLE) throw error;
      // A dict cut by the end of the input there is (a chunk's, a frame's) costs no attempt: the
      // next one may well be whole.
      if (!learner.isCut || end >= at + MAX_LEARNED_BYTES) this.attemptsLeft--;
      return null;
    }
  }

  /** Keeps `shape` (it passed the driver's check), first (the last one goes when there are too many). */
  keep(shape: ValueShape): void {
    this.shapes.unshift(shape);
    if (this.shapes.length > MAX_SHAPES) this.shapes.pop();
  }

  /** Replays `shape` over its own model at the writer's position (the driver's check): true when it reads all of it. */
  replayModel(shape: ValueShape): boolean {
    const model = shape.model;
    return this.replayShape(shape, model, new DataView(model.buffer, model.byteOffset, model.byteLength), 0, model.length) === model.length;
  }

  private replayShape(shape: ValueShape, input: Uint8Array, view: DataView, at: number, end: number): number {
    const program = shape.program;
    const model = shape.model;
    const modelView = shape.modelView;
    const writer = this.writer;
    this.putCount = 0;
    this.topMemo = -1;
    if (this.islandPuts.length > 0) {
      this.islandPuts.length = 0;
      this.islandValues.length = 0;
    }
    // The `{` of the dict itself is the first step's text; its EMPTY_DICT was read by the driver.
    this.levelStart[0] = writer.pos;
    this.levelHeight[0] = 1;
    let p = at + 1;
    for (let k = 0; k < program.length; k += STEP) {
      const length = program[k + 4]!;
      if (length !== 0) {
        if (p + length > end) return -1;
        if (!isSameAsModel(input, view, p, model, modelView, program[k + 3]!, length)) return -1;
        p += length;
      }
      const text = program[k + 5]!;
      if (text >= 0) this.writeText(shape, text);
      switch (program[k]) {
        case V_SCALAR: {
          p = this.scalar(input, view, p, end, true);
          if (p < 0) return -1;
          this.addHeight(program[k + 1]!, this.lastHeight);
          break;
        }
        case V_LIST: {
          p = this.list(input, view, p, end);
          if (p < 0) return -1;
          this.addHeight(program[k + 1]!, 1);
          break;
        }
        case V_STATE_TEXT: {
          // A str or a float: height 0, its dict's height unchanged.
          const form = program[k + 2]!;
          const stateClass = form & STATE_CLASS_BITS;
          p =
            stateClass === STATE_DECIMAL
              ? this.decimalText(input, view, p, end)
              : stateClass === STATE_TIMEDELTA
                ? this.timedelta(input, view, p, end)
                : stateClass === STATE_UUID
                  ? this.uuid(shape, input, view, p, end, form)
                  : this.stateText(shape, input, view, p, end, form);
          if (p < 0) return -1;
          break;
        }
        case V_DICTS: {
          const level = program[k + 1]!;
          p = this.openDicts(input, view, p, end, level);
          if (p < 0) return -1;
          if (!this.hasItems) {
            // An empty list: closed, and the replay goes on past its item's steps.
            if (!this.closeDicts(level)) return -1;
            k = program[k + 2]!;
          }
          break;
        }
        case V_DICTS_NEXT: {
          const level = program[k + 1]!;
          if (p >= end) return -1;
          const count = ++this.levelCount[level]!;
          const isMarked = this.levelMarked[level] === 1;
          if (isMarked && input[p] === 0x7d /* EMPTY_DICT */) {
            // Another item: its separator, then its steps again.
            this.separateItem(count);
            k = program[k + 2]! - STEP;
            break;
          }
          if (input[p] !== (isMarked ? 0x65 /* APPENDS */ : 0x61) /* APPEND */) return -1;
          p++;
          if (!this.closeDicts(level)) return -1;
          break;
        }
        case V_TUPLE: {
          const form = program[k + 2]!;
          p = this.tuple(input, view, p, end, program[k + 1]!, (form & 1) === 1);
          if (p < 0) return -1;
          this.addHeight(form >> 1, 1);
          break;
        }
        case V_OPEN: {
          const level = program[k + 1]!;
          this.levelStart[level] = writer.pos - 1;
          this.levelPut[level] = -1;
          this.levelHeight[level] = 1;
          break;
        }
        case V_PUT: {
          const level = program[k + 1]!;
          const after = this.takePut(input, view, p, end);
          if (after <= p) return -1;
          p = after;
          const put = this.putCount - 1;
          this.levelPut[level] = put;
          if (level === 0) {
            // The dict itself is still open on the stack, as the driver's memoize leaves it.
            this.putInfo[put] = this.topPutInfo;
            this.putStart[put] = this.levelStart[0]!;
            this.putEnd[put] = this.slot;
            this.topMemo = this.memoBase + put;
          } else {
            // A hole until the dict closes (a memo read of it inside itself misses).
            this.putInfo[put] = 0;
          }
          break;
        }
        default: {
          // V_CLOSE
          const level = program[k + 1]!;
          const height = this.levelHeight[level]!;
          if (height > MAX_HEIGHT) return -1;
          if (level === 0) {
            this.height = height;
            break;
          }
          this.addHeight(level - 1, height);
          const head = program[k + 2]!;
          if (head !== 0) writer.out[this.levelStart[level]!] = head;
          const put = this.levelPut[level]!;
          if (put >= 0) {
            this.putInfo[put] = K_DICT | (height << HEIGHT_SHIFT) | this.spanBit;
            this.putStart[put] = this.levelStart[level]!;
            this.putEnd[put] = writer.pos;
          }
        }
      }
    }
    this.pairs = shape.pairs;
    return p;
  }

  /** A value of height `height` in the dict of `level`. */
  private addHeight(level: number, height: number): void {
    if (height + 1 > this.levelHeight[level]!) this.levelHeight[level] = height + 1;
  }

  /** Writes the shape's text `index`. */
  private writeText(shape: ValueShape, index: number): void {
    const text = shape.texts[index]!;
    writeLearned(this.writer, text, shape.textWords[index]!, this.outputView(text.length));
  }

  /** A put at input[p] of the memo's next index: the position after it (its entry reserved), p when there is none, -1 for another index or a cut one. */
  private takePut(input: Uint8Array, view: DataView, p: number, end: number): number {
    if (p >= end) return -1;
    const op = input[p]!;
    let after: number;
    if (op === 0x94 /* MEMOIZE */) {
      after = p + 1;
    } else if (op === 0x71 /* BINPUT */) {
      if (p + 2 > end || input[p + 1] !== this.memoBase + this.putCount) return -1;
      after = p + 2;
    } else if (op === 0x72 /* LONG_BINPUT */) {
      if (p + 5 > end || view.getUint32(p + 1, true) !== this.memoBase + this.putCount) return -1;
      after = p + 5;
    } else {
      return p;
    }
    if (this.putCount === this.putInfo.length) this.growPuts();
    this.putCount++;
    return after;
  }

  private growPuts(): void {
    const size = this.putInfo.length * 2;
    this.putInfo = grownInt32(this.putInfo, size);
    this.putStart = grownInt32(this.putStart, size);
    this.putEnd = grownInt32(this.putEnd, size);
  }

  /**
   * A scalar at input[p] written at the writer's position as the driver's push of it writes it,
   * or a memo read of one (of any value written before the dict, `mayCopyContainer`: its bytes,
   * its height in lastHeight), then its optional put (the driver's memoize of it: its kind and
   * height, its span): the position after them, or -1.
   */
  private scalar(input: Uint8Array, view: DataView, p: number, end: number, mayCopyContainer: boolean): number {
    if (p >= end) return -1;
    const writer = this.writer;
    const start = writer.pos;
    this.lastHeight = 0;
    let kind: number;
    switch (input[p]) {
      case 0x8c: /* SHORT_BINUNICODE */ {
        if (p + 2 > end) return -1;
        const length = input[p + 1]!;
        if (p + 2 + length > end || !this.writeStr(input, view, p + 2, length)) return -1;
        p += 2 + length;
        kind = K_STR;
        break;
      }
      case 0x58: /* BINUNICODE */ {
        if (p + 5 > end) return -1;
        const length = view.getUint32(p + 1, true);
        if (length > this.maxStrBytes || p + 5 + length > end || !this.writeStr(input, view, p + 5, length)) return -1;
        p += 5 + length;
        kind = K_STR;
        break;
      }
      case 0x43: /* SHORT_BINBYTES */ {
        if (p + 2 > end) return -1;
        const length = input[p + 1]!;
        if (p + 2 + length > end) return -1;
        this.writeBytes(input, view, p + 2, length);
        p += 2 + length;
        kind = K_BYTES;
        break;
      }
      case 0x42: /* BINBYTES */ {
        if (p + 5 > end) return -1;
        const length = view.getUint32(p + 1, true);
        if (length > this.maxStrBytes || p + 5 + length > end) return -1;
        this.writeBytes(input, view, p + 5, length);
        p += 5 + length;
        kind = K_BYTES;
        break;
      }
      case 0x4b: // BININT1
        if (p + 2 > end) return -1;
        this.writeInt(input[p + 1]!);
        p += 2;
        kind = K_INT;
        break;
      case 0x4d: // BININT2
        if (p + 3 > end) return -1;
        this.writeInt(view.getUint16(p + 1, true));
        p += 3;
        kind = K_INT;
        break;
      case 0x4a: // BININT
        if (p + 5 > end) return -1;
        this.writeInt(view.getInt32(p + 1, true));
        p += 5;
        kind = K_INT;
        break;
      case 0x8a: /* LONG1 */ {
        if (p + 2 > end) return -1;
        const length = input[p + 1]!;
        if (length > MAX_LONG_BYTES || p + 2 + length > end) return -1;
        this.writeLong(input, p + 2, length);
        p += 2 + length;
        kind = K_LONG;
        break;
      }
      case 0x47: // BINFLOAT
        if (p + 9 > end) return -1;
        this.writeFloat(input, view, p + 1);
        p += 9;
        kind = K_FLOAT;
        break;
      case 0x29: // EMPTY_TUPLE: a container, so only as a dict's value
        if (!mayCopyContainer) return -1;
        this.writeConst(0x29);
        p += 1;
        kind = K_TUPLE | (1 << HEIGHT_SHIFT);
        this.lastHeight = 1;
        break;
      case 0x4e: // NONE
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        this.writeConst(input[p]!);
        kind = input[p] === 0x4e ? K_NONE : input[p] === 0x88 ? K_TRUE : K_FALSE;
        p += 1;
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET: a scalar memoized before the dict, copied as the driver's recall copies it.
        const isLong = input[p] === 0x6a;
        if (p + (isLong ? 5 : 2) > end) return -1;
        const index = isLong ? view.getUint32(p + 1, true) : input[p + 1]!;
        if (index >= this.memoBase) return -1;
        const info = this.memoInfo[index]!;
        if ((info & this.spanBit) === 0) {
          // A str an island kept (a label first met inside the first of many objects): its bytes as recallIsland writes them.
          const bytes = (info & this.islandBit) === 0 ? null : this.islandStrBytes(index);
          if (bytes === null) return -1;
          putBytes(writer.room(bytes.length), start, bytes);
          writer.pos = start + bytes.length;
          p += isLong ? 5 : 2;
          kind = K_STR;
          break;
        }
        // Its own bytes (a span); a container (it has a height) only as a dict's value.
        const height = (info >>> HEIGHT_SHIFT) & 0xff;
        if (height !== 0 && !mayCopyContainer) return -1;
        this.lastHeight = height;
        const from = this.memoStart[index]!;
        const length = this.memoEnd[index]! - from;
        if (length < 4) {
          const out = writer.room(length);
          for (let i = 0; i < length; i++) out[start + i] = out[from + i]!;
        } else if (length < 64) {
          // A str's few bytes, 4 at a time (the last 4 overlapping; the span ends before `start`):
          // a call into copyWithin costs more than copying them.
          const outView = this.outputView(length);
          for (let i = 0; i + 4 <= length; i += 4) outView.setInt32(start + i, outView.getInt32(from + i, true), true);
          outView.setInt32(start + length - 4, outView.getInt32(from + length - 4, true), true);
        } else {
          writer.room(length).copyWithin(start, from, from + length);
        }
        writer.pos = start + length;
        p += isLong ? 5 : 2;
        kind = info & this.valueBits;
        break;
      }
      default:
        return -1;
    }
    // Most scalars are not memoized (ints, floats, a str met again): no call for them.
    if (p < end) {
      const next = input[p]!;
      if (next !== 0x94 /* MEMOIZE */ && next !== 0x71 /* BINPUT */ && next !== 0x72 /* LONG_BINPUT */) return p;
    }
    const after = this.takePut(input, view, p, end);
    if (after > p) {
      const put = this.putCount - 1;
      this.putInfo[put] = kind | this.spanBit;
      this.putStart[put] = start;
      this.putEnd[put] = writer.pos;
    }
    return after;
  }

  /** A list of scalars at input[p] (its EMPTY_LIST), written as the driver writes it once its dict closes: the position after it, or -1. */
  private list(input: Uint8Array, view: DataView, p: number, end: number): number {
    if (p >= end || input[p] !== 0x5d /* EMPTY_LIST */) return -1;
    const writer = this.writer;
    const start = writer.pos;
    this.openList();
    const putsBefore = this.putCount;
    p = this.takePut(input, view, p + 1, end);
    if (p < 0) return -1;
    const listPut = this.putCount > putsBefore ? putsBefore : -1;
    if (listPut >= 0) this.putInfo[listPut] = 0;
    if (p >= end) return -1;
    let count = 0;
    if (input[p] === 0x28 /* MARK */) {
      p++;
      for (;;) {
        if (p >= end) return -1;
        if (input[p] === 0x65 /* APPENDS */) break;
        this.separateItem(count);
        p = this.scalar(input, view, p, end, false);
        if (p < 0) return -1;
        count++;
      }
      // A MARK with no items leaves the list open in the driver: its own.
      if (count === 0) return -1;
      p++;
    } else {
      // One item and APPEND, or none (what follows is the dict's: its next key, its SETITEMS).
      const itemEnd = skipScalar(input, view, p, end);
      if (itemEnd === CUT || (itemEnd >= 0 && itemEnd >= end)) return -1;
      if (itemEnd >= 0 && input[itemEnd] === 0x61 /* APPEND */) {
        p = this.scalar(input, view, p, end, false);
        if (p !== itemEnd) return -1;
        p++;
        count = 1;
      }
    }
    const moved = this.closeList(start, count);
    if (moved < 0) return -1;
    if (moved > 0) {
      // The items' memo entries (set after the list's own) move with them.
      for (let put = putsBefore; put < this.putCount; put++) {
        if (put === listPut) continue;
        this.putStart[put] = this.putStart[put]! + moved;
        this.putEnd[put] = this.putEnd[put]! + moved;
      }
    }
    if (listPut >= 0) {
      this.putInfo[listPut] = K_LIST | (1 << HEIGHT_SHIFT) | this.spanBit;
      this.putStart[listPut] = start;
      this.putEnd[listPut] = writer.pos;
    }
    return p;
  }

  /**
   * A list of dicts at input[p] (its EMPTY_LIST) begun as level `level`: its bracket or reserved
   * head written, its optional put a hole until it closes. The position of its first item (past
   * its MARK), or where it ends when it has none (hasItems false); -1 when it is none of the forms.
   */
  private openDicts(input: Uint8Array, view: DataView, p: number, end: number, level: number): number {
    if (p >= end || input[p] !== 0x5d /* EMPTY_LIST */) return -1;
    this.levelStart[level] = this.writer.pos;
    this.levelHeight[level] = 1;
    this.levelCount[level] = 0;
    this.levelPutsFrom[level] = this.putCount;
    this.openList();
    const putsBefore = this.putCount;
    p = this.takePut(input, view, p + 1, end);
    if (p < 0 || p >= end) return -1;
    const listPut = this.putCount > putsBefore ? putsBefore : -1;
    if (listPut >= 0) this.putInfo[listPut] = 0;
    this.levelPut[level] = listPut;
    const op = input[p];
    if (op === 0x28 /* MARK */) {
      // A MARK with no items leaves the list open in the driver: its own.
      if (p + 1 >= end || input[p + 1] !== 0x7d /* EMPTY_DICT */) return -1;
      this.levelMarked[level] = 1;
      this.hasItems = true;
      return p + 1;
    }
    this.levelMarked[level] = 0;
    this.hasItems = op === 0x7d; /* EMPTY_DICT: one item, then APPEND */
    return p;
  }

  /** The list of dicts of `level` ends: its head or bracket, its items' entries moved with them, its own entry; false where the driver writes it otherwise. */
  private closeDicts(level: number): boolean {
    const start = this.levelStart[level]!;
    const moved = this.closeList(start, this.levelCount[level]!);
    if (moved < 0) return false;
    const listPut = this.levelPut[level]!;
    if (moved > 0) {
      for (let put = this.levelPutsFrom[level]!; put < this.putCount; put++) {
        if (put === listPut) continue;
        this.putStart[put] = this.putStart[put]! + moved;
        this.putEnd[put] = this.putEnd[put]! + moved;
      }
    }
    const height = this.levelHeight[level]!;
    if (listPut >= 0) {
      this.putInfo[listPut] = K_LIST | (height << HEIGHT_SHIFT) | this.spanBit;
      this.putStart[listPut] = start;
      this.putEnd[listPut] = this.writer.pos;
    }
    this.addHeight(level - 1, height);
    return true;
  }

  /**
   * A tuple of `count` scalars at input[p] (after its MARK when `isMarked`), written as the
   * driver writes it once its TUPLE comes: its closing opcode checked, its optional put (the
   * driver's memoize of a tuple of scalars: height 1, its span). The position after them, or -1.
   */
  private tuple(input: Uint8Array, view: DataView, p: number, end: number, count: number, isMarked: boolean): number {
    const writer = this.writer;
    const start = writer.pos;
    this.openTuple(count);
    for (let i = 0; i < count; i++) {
      this.separateItem(i);
      p = this.scalar(input, view, p, end, false);
      if (p < 0) return -1;
    }
    if (p >= end || input[p] !== (isMarked ? 0x74 /* TUPLE */ : 0x84 + count /* TUPLE1-3 */)) return -1;
    this.closeTuple();
    const putsBefore = this.putCount;
    const after = this.takePut(input, view, p + 1, end);
    if (after > p + 1) {
      this.putInfo[putsBefore] = K_TUPLE | (1 << HEIGHT_SHIFT) | this.spanBit;
      this.putStart[putsBefore] = start;
      this.putEnd[putsBefore] = writer.pos;
    }
    return after;
  }

  /**
   * A datetime's or a date's state at input[p] and what makes it the value, its class's memo read
   * compared before: SHORT_BINBYTES, TUPLE1, REDUCE, each with its optional put; with a timezone
   * (`form`'s, see V_STATE_TEXT), its memo read as learned, then TUPLE2. Written as the driver's
   * stateTextIsland writes it: its isoformat (stateIsoText, with the reconstructor's checks), the
   * state's and the tuple's entries holes at the value's start, the value's its span. The
   * position after them, or -1.
   */
  private stateText(shape: ValueShape, input: Uint8Array, view: DataView, p: number, end: number, form: number): number {
    const isDate = (form & STATE_CLASS_BITS) === STATE_DATE;
    const timezone = form >>> TIMEZONE_SHIFT === 0 ? null : shape.reads[(form >>> TIMEZONE_SHIFT) - 1]!;
    const length = isDate ? 4 : 10;
    if (!this.takesStateText || p + 2 + length > end || input[p] !== 0x43 /* SHORT_BINBYTES */ || input[p + 1] !== length) return -1;
    const start = this.writer.pos;
    if (!this.writeStateText(input, p + 2, isDate, timezone === null ? "" : timezone.suffix)) return -1;
    p = this.takeHole(input, view, p + 2 + length, end, start);
    if (timezone !== null) {
      const read = timezone.read;
      if (p < 0 || p + read.length > end) return -1;
      for (let i = 0; i < read.length; i++) if (input[p + i] !== read[i]) return -1;
      p += read.length;
    }
    if (p < 0 || p >= end || input[p] !== (timezone === null ? 0x85 /* TUPLE1 */ : 0x86) /* TUPLE2 */) return -1;
    p = this.takeHole(input, view, p + 1, end, start);
    return this.textCall(input, view, p, end, start);
  }

  /**
   * A Decimal's str at input[p] (SHORT_BINUNICODE or BINUNICODE, ASCII, at most 255 bytes) and
   * what makes it the value, its class's memo read compared before: the str's optional put (the
   * driver's island memo keeps the str), TUPLE1, REDUCE, each with their optional put. Written as
   * the driver's stateTextIsland writes it: `str(Decimal(text))` (canonicalDecimalText, with the
   * reconstructor's checks). The position after them, or -1.
   */
  private decimalText(input: Uint8Array, view: DataView, p: number, end: number): number {
    if (!this.takesStateText || p + 2 > end) return -1;
    const op = input[p];
    const header = op === 0x8c /* SHORT_BINUNICODE */ ? 2 : op === 0x58 /* BINUNICODE */ ? 5 : 0;
    if (header === 0 || p + header > end) return -1;
    const length = header === 2 ? input[p + 1]! : view.getUint32(p + 1, true);
    if (length > 255 || p + header + length > end) return -1;
    const from = p + header;
    if (length > 0 && isOwnDecimalBytes(input, from, from + length)) {
      // `str(self)`, as CPython pickles a Decimal: written as the str it is, its put a str's span
      // (as the driver's stateTextIsland sets it), no str made.
      const start = this.writer.pos;
      if (!this.writeStr(input, view, from, length)) return -1;
      p = from + length;
      const putsBefore = this.putCount;
      const after = this.takePut(input, view, p, end);
      if (after > p) {
        this.putInfo[putsBefore] = K_STR | this.spanBit;
        this.putStart[putsBefore] = start;
        this.putEnd[putsBefore] = this.writer.pos;
      }
      return this.decimalCall(input, view, after, end, start);
    }
    const pickled = asciiText(input, p + header, p + header + length);
    const text = pickled === undefined ? undefined : canonicalDecimalOrUndefined(pickled);
    if (pickled === undefined || text === undefined) return -1;
    const start = this.writer.pos;
    if (!this.writeIslandText(text)) return -1;
    p += header + length;
    const putsBefore = this.putCount;
    const after = this.takePut(input, view, p, end);
    if (after > p) {
      this.putInfo[putsBefore] = this.islandBit;
      this.putStart[putsBefore] = start;
      this.putEnd[putsBefore] = start;
      this.islandPuts.push(putsBefore);
      this.islandValues.push(pickled);
    }
    return this.decimalCall(input, view, after, end, start);
  }

  /** A Decimal's TUPLE1 at input[p] (-1: none), its optional put, then its REDUCE (textCall). */
  private decimalCall(input: Uint8Array, view: DataView, p: number, end: number, start: number): number {
    if (p < 0 || p >= end || input[p] !== 0x85 /* TUPLE1 */) return -1;
    return this.textCall(input, view, this.takeHole(input, view, p + 1, end, start), end, start);
  }

  /** The REDUCE at input[p] (-1: none) that made the text written from `start`, and its optional put (the text's span): the position after them, or -1. */
  private textCall(input: Uint8Array, view: DataView, p: number, end: number, start: number): number {
    if (p < 0 || p >= end || input[p] !== 0x52 /* REDUCE */) return -1;
    const putsBefore = this.putCount;
    const after = this.takePut(input, view, p + 1, end);
    if (after > p + 1) {
      this.putInfo[putsBefore] = this.stateTextInfo;
      this.putStart[putsBefore] = start;
      this.putEnd[putsBefore] = this.writer.pos;
    }
    return after;
  }

  /**
   * A timedelta's three ints at input[p] (BININT1, BININT2, BININT, as CPython writes days,
   * seconds and microseconds), its class's memo read compared before, then TUPLE3 and REDUCE,
   * each with its optional put. Written as the driver's stateTextIsland writes the value its
   * island made: `total_seconds()` (timedeltaSeconds, with the reconstructor's checks), the
   * tuple's entry a hole, the value's its span. The position after them, or -1.
   */
  private timedelta(input: Uint8Array, view: DataView, p: number, end: number): number {
    if (!this.takesStateText) return -1;
    const days = this.ints.read(input, view, p, end);
    const seconds = days === undefined ? undefined : this.ints.read(input, view, (p = this.ints.end), end);
    const microseconds = seconds === undefined ? undefined : this.ints.read(input, view, (p = this.ints.end), end);
    if (microseconds === undefined) return -1;
    p = this.ints.end;
    const total = timedeltaSeconds(days!, seconds!, microseconds);
    if (total === undefined || p >= end || input[p] !== 0x87 /* TUPLE3 */) return -1;
    const start = this.writer.pos;
    this.writeMadeFloat(total);
    p = this.takeHole(input, view, p + 1, end, start);
    if (p < 0 || p >= end || input[p] !== 0x52 /* REDUCE */) return -1;
    const putsBefore = this.putCount;
    const after = this.takePut(input, view, p + 1, end);
    if (after > p + 1) {
      // The driver's island keeps the value it made: kept here by its ints.
      this.putInfo[putsBefore] = this.madeFloatInfo | this.islandBit;
      this.putStart[putsBefore] = start;
      this.putEnd[putsBefore] = this.writer.pos;
      this.islandPuts.push(putsBefore);
      this.islandValues.push(new TimedeltaInts(days!, seconds!, microseconds));
    }
    return after;
  }

  /** A timedelta's and a small UUID's ints. */
  private readonly ints = new SmallInts();

  /**
   * A UUID at input[p], its class's memo read compared before: `()`, NEWOBJ, the object's
   * optional put, `{}`, the state's optional put, the key `int` (the shape's read `form` names,
   * compared as learned), its int (LONG1 of up to 17 bytes, BININT1, BININT2, BININT), SETITEM,
   * BUILD. Written as the driver's stateTextIsland writes it: `str(uuid)`, the object's entry its
   * span (BUILD fills the object put), the state's a hole. The position after them, or -1.
   */
  private uuid(shape: ValueShape, input: Uint8Array, view: DataView, p: number, end: number, form: number): number {
    if (!this.takesStateText || p + 2 > end || input[p] !== 0x29 /* EMPTY_TUPLE */ || input[p + 1] !== 0x81 /* NEWOBJ */) return -1;
    const valuePut = this.putCount;
    p = this.takePut(input, view, p + 2, end);
    const isPut = this.putCount > valuePut;
    if (p < 0 || p >= end || input[p] !== 0x7d /* EMPTY_DICT */) return -1;
    const start = this.writer.pos;
    p = this.takeHole(input, view, p + 1, end, start);
    const read = shape.reads[(form >>> TIMEZONE_SHIFT) - 1]!.read;
    if (p < 0 || p + read.length + 2 > end) return -1;
    for (let i = 0; i < read.length; i++) if (input[p + i] !== read[i]) return -1;
    p += read.length;
    let text: string | undefined;
    if (input[p] === 0x8a /* LONG1 */) {
      const length = input[p + 1]!;
      if (p + 2 + length > end) return -1;
      text = uuidTextOfLong(input, p + 2, length);
      p += 2 + length;
    } else {
      const value = this.ints.read(input, view, p, end);
      if (value !== undefined && value >= 0) text = uuidText(BigInt(value));
      p = this.ints.end;
    }
    if (text === undefined || p + 2 > end || input[p] !== 0x73 /* SETITEM */ || input[p + 1] !== 0x62 /* BUILD */) return -1;
    if (!this.writeIslandText(text)) return -1;
    if (isPut) {
      this.putInfo[valuePut] = this.stateTextInfo;
      this.putStart[valuePut] = start;
      this.putEnd[valuePut] = this.writer.pos;
    }
    return p + 2;
  }

  /** An optional put at input[p] of a value the driver's island leaves a hole (info 0, span [at, at)): the position after it, or -1. */
  private takeHole(input: Uint8Array, view: DataView, p: number, end: number, at: number): number {
    const putsBefore = this.putCount;
    const after = this.takePut(input, view, p, end);
    if (after > p) {
      this.putInfo[putsBefore] = 0;
      this.putStart[putsBefore] = at;
      this.putEnd[putsBefore] = at;
    }
    return after;
  }

  /** Room for `count` more output bytes; a DataView of the writer's output. */
  protected outputView(count: number): DataView {
    const out = this.writer.room(count);
    if (out !== this.viewed) {
      this.viewed = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    return this.outView!;
  }
}

/** Whether a learned program holds a container (a nested dict, a list, a tuple). */
function hasContainer(program: Int32Array): boolean {
  for (let k = 0; k < program.length; k += STEP) {
    const step = program[k]!;
    if (step === V_OPEN || step === V_LIST || step === V_DICTS || step === V_TUPLE) return true;
  }
  return false;
}

/** The bytes of a dict key a shape learns, by its opcode (a memo read of a str, an int); 0 for any other. */
const KEY_BYTES: Uint8Array = (() => {
  const bytes = new Uint8Array(256);
  bytes[0x68 /* BINGET */] = 2;
  bytes[0x6a /* LONG_BINGET */] = 5;
  bytes[0x4b /* BININT1 */] = 2;
  bytes[0x4d /* BININT2 */] = 3;
  bytes[0x4a /* BININT */] = 5;
  return bytes;
})();

/** skipScalar: the opcode is no scalar's. */
const NOT_SCALAR = -1;
/** skipScalar: the scalar or its put goes past the end. */
const CUT = -2;

/** The opcodes a value hole reads: scalars, memo reads, EMPTY_TUPLE (their argument sizes are the opcode table's). */
const IS_SCALAR_OP: Uint8Array = (() => {
  const ops = new Uint8Array(256);
  for (const op of [0x8c, 0x58, 0x43, 0x42, 0x4b, 0x4d, 0x4a, 0x8a, 0x47, 0x4e, 0x88, 0x89, 0x29, 0x68, 0x6a]) ops[op] = 1;
  return ops;
})();

/** The bytes of the put (MEMOIZE, BINPUT, LONG_BINPUT) whose opcode is `op`, with its argument; 0 for any other opcode. */
export function putLength(op: number): number {
  return op === 0x94 /* MEMOIZE */ || op === 0x71 /* BINPUT */ || op === 0x72 /* LONG_BINPUT */ ? 1 + ARG_SIZE[op]! : 0;
}

/** The position after the scalar at input[p] and its optional put (NOT_SCALAR, CUT: both negative). */
export function skipScalar(input: Uint8Array, view: DataView, p: number, end: number): number {
  if (p >= end) return CUT;
  const op = input[p]!;
  if (IS_SCALAR_OP[op] === 0) return NOT_SCALAR;
  const size = ARG_SIZE[op]!;
  let after: number;
  if (size >= 0) {
    after = p + 1 + size;
  } else {
    // A str's or LONG1's length prefix: 1 or 4 bytes.
    const prefix = lengthPrefixBytes(size as ArgSize);
    if (p + 1 + prefix > end) return CUT;
    after = p + 1 + prefix + (prefix === 1 ? input[p + 1]! : view.getUint32(p + 1, true));
  }
  // What follows must be there: a put or not.
  if (after >= end) return CUT;
  const put = putLength(input[after]!);
  return after + put > end ? CUT : after + put;
}

// ---- learning

/** Thrown inside learning: the dict is not of a shape a replay covers. */
const NOT_LEARNABLE = Symbol("not learnable");

function reject(): never {
  throw NOT_LEARNABLE;
}

/** Reads a dict's opcodes into a program (see the V_* steps), its output between holes into texts. */
class ShapeLearner {
  private p: number;
  private program: number[] = [];
  private textList: Uint8Array[] = [];
  private readonly reads: ShapeRead[] = [];
  /** Output and exact input gathered for the next step. */
  private pendingText: number[] = [];
  private exactFrom = 0;
  private exactLength = 0;
  /** The learned dict's items. */
  private pairs = 0;
  /** Learning stopped at the end of the input it was given. */
  isCut = false;

  constructor(
    private readonly format: ValueShapes,
    private readonly input: Uint8Array,
    private readonly view: DataView,
    private readonly at: number,
    private readonly end: number,
    private readonly memoBase: number,
    private readonly memo: ShapeMemo,
  ) {
    this.p = at;
  }

  learn(): ValueShape {
    this.dict(0);
    return new ValueShape(this.input.slice(this.at, this.p), Int32Array.from(this.program), this.textList, this.pairs, this.reads);
  }

  /** The dict of `level` at p. */
  private dict(level: number): void {
    if (this.input[this.p] !== 0x7d /* EMPTY_DICT */) reject();
    // The learned dict's own EMPTY_DICT is the driver's to read (the replay starts past it).
    if (level === 0) this.skip(1);
    else this.exact(1);
    this.texts(this.format.openText);
    if (level > 0) this.step(V_OPEN, level, 0);
    const op = this.peek();
    if (op === 0x94 /* MEMOIZE */ || op === 0x71 /* BINPUT */ || op === 0x72 /* LONG_BINPUT */) {
      this.step(V_PUT, level, 0);
      this.skip(putLength(op));
    }
    const keys: Uint8Array[] = [];
    if (this.peek() === 0x28 /* MARK */) {
      this.exact(1);
      while (this.peek() !== 0x75 /* SETITEMS */) this.pair(keys, level);
      if (keys.length === 0) reject();
      this.exact(1);
    } else if (this.isSingleItem()) {
      this.pair(keys, level);
      this.exact(1);
    } else if (level === 0) {
      // The learned dict has items: an empty one is no shape worth replaying.
      reject();
    }
    if (level === 0) this.pairs = keys.length;
    const head = this.format.closeHead(keys.length, level > 0);
    if (head < 0) reject();
    this.texts(this.format.closeText);
    this.step(V_CLOSE, level, head);
  }

  /** After a dict and its put: a key (a memo read, an int), a value, then SETITEM (a dict of one item, as CPython writes one)? */
  private isSingleItem(): boolean {
    const { input, view, end } = this;
    const p = this.p;
    const keyBytes = KEY_BYTES[input[p]!]!;
    if (keyBytes === 0) return false;
    const value = p + keyBytes;
    if (value >= end) this.cut();
    const valueOp = input[value];
    // A nested container's length is not looked ahead: such a dict is not learned.
    if (valueOp === 0x7d || valueOp === 0x5d) reject();
    const after = skipScalar(input, view, value, end);
    if (after === CUT || after >= end) this.cut();
    if (after < 0) reject();
    return input[after] === 0x73 /* SETITEM */;
  }

  /**
   * A key and its value. The key is a memo read of a str written before the dict, or an int
   * (BININT1, BININT2, BININT: never memoized by CPython); its input bytes are compared as
   * learned, so a replay writes the same key.
   */
  private pair(keys: Uint8Array[], level: number): void {
    const { input, view } = this;
    const p = this.p;
    const op = this.peek();
    const keyBytes = KEY_BYTES[op]!;
    if (keyBytes === 0) reject();
    if (p + keyBytes > this.end) this.cut();
    let text: Uint8Array | null;
    if (op === 0x68 /* BINGET */ || op === 0x6a /* LONG_BINGET */) {
      const index = op === 0x6a ? view.getUint32(p + 1, true) : input[p + 1]!;
      if (index >= this.memoBase) reject();
      text = this.memo.keyText(index);
    } else {
      text = this.format.intKeyText(op === 0x4b /* BININT1 */ ? input[p + 1]! : op === 0x4d /* BININT2 */ ? view.getUint16(p + 1, true) : view.getInt32(p + 1, true));
    }
    if (text === null) reject();
    // A key repeated in a dict is the driver's to judge (in JSON an int key's text is a str's of its digits: judged so too).
    for (const key of keys) if (key.length === text.length && key.every((byte, i) => byte === text[i])) reject();
    this.texts(this.format.keyText(text, keys.length));
    keys.push(text);
    this.exact(keyBytes);
    this.value(level);
  }

  /** A value of the dict of `level`. */
  private value(level: number): void {
    const op = this.peek();
    if (op === 0x7d /* EMPTY_DICT */) {
      if (level + 1 >= MAX_LEVELS) reject();
      this.dict(level + 1);
      return;
    }
    if (op === 0x5d /* EMPTY_LIST */) {
      if (this.isListOfDicts()) {
        this.dicts(level + 1);
        return;
      }
      this.step(V_LIST, level, 0);
      this.skipList();
      return;
    }
    if (op === 0x28 /* MARK */) {
      // A tuple of 4 items or more (or none): MARK, scalars, TUPLE.
      this.exact(1);
      let count = 0;
      let q = this.p;
      while (this.peekAt(q) !== 0x74 /* TUPLE */) {
        q = this.scalarEnd(q);
        if (++count > MAX_TUPLE_ITEMS) reject();
      }
      this.step(V_TUPLE, count, 1 | (level << 1));
      this.skipTupleEnd(q + 1);
      return;
    }
    if (op === 0x68 /* BINGET */ || op === 0x6a /* LONG_BINGET */) {
      const stateClass = this.stateClassAt(op);
      if (stateClass !== 0) {
        this.stateValue(op, stateClass, level);
        return;
      }
    }
    const count = this.tupleAhead();
    if (count > 0) {
      this.step(V_TUPLE, count, level << 1);
      let q = this.p;
      for (let i = 0; i < count; i++) q = this.scalarEnd(q);
      this.skipTupleEnd(q + 1);
      return;
    }
    const after = skipScalar(this.input, this.view, this.p, this.end);
    if (after === CUT || after >= this.end) this.cut();
    if (after < 0) reject();
    this.step(V_SCALAR, level, 0);
    this.p = after;
  }

  /** Whether the list at p (its EMPTY_LIST) has dicts: past its optional put, MARK and EMPTY_DICT, or EMPTY_DICT. */
  private isListOfDicts(): boolean {
    let q = this.p + 1;
    q += putLength(this.peekAt(q));
    if (this.peekAt(q) === 0x28 /* MARK */) q++;
    return this.peekAt(q) === 0x7d /* EMPTY_DICT */;
  }

  /**
   * The list of dicts at p as level `level` (V_DICTS): its first item's steps (a dict of
   * `level + 1`), then V_DICTS_NEXT. The other items are read as the first is and their steps
   * dropped: one of another shape makes the shape fail its check against the driver.
   */
  private dicts(level: number): void {
    if (level + 1 >= MAX_LEVELS) reject();
    const open = this.program.length;
    this.step(V_DICTS, level, 0);
    this.skip(1);
    this.skipPut();
    const isMarked = this.peek() === 0x28; /* MARK */
    if (isMarked) this.skip(1);
    const itemStart = this.program.length;
    this.dict(level + 1);
    const programLength = this.program.length;
    const textCount = this.textList.length;
    while (isMarked && this.peek() === 0x7d /* EMPTY_DICT */) {
      this.dict(level + 1);
      this.program.length = programLength;
      this.textList.length = textCount;
    }
    if (this.peek() !== (isMarked ? 0x65 /* APPENDS */ : 0x61) /* APPEND */) reject();
    this.skip(1);
    this.program[open + 2] = this.program.length;
    this.step(V_DICTS_NEXT, level, itemStart);
  }

  /** STATE_DATETIME or STATE_DATE when the memo read `op` at p reads that class (written before the dict), else 0. */
  private stateClassAt(op: number): number {
    const p = this.p;
    const isLong = op === 0x6a;
    if (p + (isLong ? 5 : 2) > this.end) this.cut();
    const index = isLong ? this.view.getUint32(p + 1, true) : this.input[p + 1]!;
    return index < this.memoBase ? this.memo.stateClassOf(index) : 0;
  }

  /**
   * A datetime, a date or a Decimal at p, its class read by the memo read `op`: that read compared
   * as it is, then the state (10 or 4 bytes; a Decimal's str), TUPLE1 and REDUCE, each with its
   * optional put (V_STATE_TEXT).
   */
  private stateValue(op: number, stateClass: number, level: number): void {
    this.exact(op === 0x6a ? 5 : 2);
    const stepAt = this.program.length;
    this.step(V_STATE_TEXT, level, stateClass);
    if (stateClass === STATE_UUID) {
      this.uuidValue(stepAt);
      return;
    }
    let closings = [0x85 /* TUPLE1 */, 0x52 /* REDUCE */];
    if (stateClass === STATE_TIMEDELTA) {
      // Days, seconds, microseconds (the replay reads them as ints).
      for (let i = 0; i < 3; i++) {
        const op = this.peek();
        const size = op === 0x4b /* BININT1 */ ? 2 : op === 0x4d /* BININT2 */ ? 3 : op === 0x4a /* BININT */ ? 5 : 0;
        if (size === 0) reject();
        this.skip(size);
      }
      closings = [0x87 /* TUPLE3 */, 0x52 /* REDUCE */];
    } else if (stateClass === STATE_DECIMAL) {
      // Its str (the replay reads its length).
      const after = skipScalar(this.input, this.view, this.p, this.end);
      if (after === CUT) this.cut();
      const str = this.peek();
      if (after < 0 || (str !== 0x8c /* SHORT_BINUNICODE */ && str !== 0x58) /* BINUNICODE */) reject();
      this.p = after;
    } else {
      if (this.peek() !== 0x43 /* SHORT_BINBYTES */) reject();
      this.skip(1);
      if (this.peek() !== (stateClass === STATE_DATE ? 4 : 10)) reject();
      this.skip(1 + this.input[this.p]!);
      this.skipPut();
      const tz = this.peek();
      if (stateClass === STATE_DATETIME && (tz === 0x68 /* BINGET */ || tz === 0x6a) /* LONG_BINGET */) {
        // A timezone read from the memo (a fixed offset made before the dict): TUPLE2.
        const size = tz === 0x68 ? 2 : 5;
        if (this.p + size > this.end) this.cut();
        const index = size === 2 ? this.input[this.p + 1]! : this.view.getUint32(this.p + 1, true);
        const suffix = index < this.memoBase ? this.memo.timezoneSuffixOf(index) : null;
        if (suffix === null) reject();
        this.addRead(stepAt, stateClass, size, suffix);
        closings = [0x86 /* TUPLE2 */, 0x52 /* REDUCE */];
      }
    }
    for (const closing of closings) {
      this.skipPut();
      if (this.peek() !== closing) reject();
      this.skip(1);
    }
    this.skipPut();
  }

  /**
   * A UUID's bytes after its class's memo read: `()`, NEWOBJ, a put, `{}`, a put, the key `int`
   * read from the memo (the shape's read), its int (the replay reads it), SETITEM, BUILD.
   */
  private uuidValue(stepAt: number): void {
    if (this.peek() !== 0x29 /* EMPTY_TUPLE */) reject();
    this.skip(1);
    if (this.peek() !== 0x81 /* NEWOBJ */) reject();
    this.skip(1);
    this.skipPut();
    if (this.peek() !== 0x7d /* EMPTY_DICT */) reject();
    this.skip(1);
    this.skipPut();
    const key = this.peek();
    if (key !== 0x68 /* BINGET */ && key !== 0x6a /* LONG_BINGET */) reject();
    const size = key === 0x68 ? 2 : 5;
    if (this.p + size > this.end) this.cut();
    const index = size === 2 ? this.input[this.p + 1]! : this.view.getUint32(this.p + 1, true);
    if (index >= this.memoBase || !this.memo.isIslandStr(index, "int")) reject();
    this.addRead(stepAt, STATE_UUID, size, "");
    const op = this.peek();
    if (op === 0x8a /* LONG1 */) {
      this.skip(1);
      this.skip(1 + this.peek());
    } else {
      const intSize = op === 0x4b /* BININT1 */ ? 2 : op === 0x4d /* BININT2 */ ? 3 : op === 0x4a /* BININT */ ? 5 : 0;
      if (intSize === 0) reject();
      this.skip(intSize);
    }
    for (const closing of [0x73 /* SETITEM */, 0x62 /* BUILD */]) {
      if (this.peek() !== closing) reject();
      this.skip(1);
    }
  }

  /** The memo read of `size` bytes at p, the shape's next read (`suffix` a timezone's), named by the class value step at `stepAt`. */
  private addRead(stepAt: number, stateClass: number, size: number, suffix: string): void {
    if (this.reads.length >= MAX_READS) reject();
    this.reads.push({ read: this.input.slice(this.p, this.p + size), suffix });
    this.program[stepAt + 2] = stateClass | (this.reads.length << TIMEZONE_SHIFT);
    this.skip(size);
  }

  /** Past an optional put at p. */
  private skipPut(): void {
    const length = putLength(this.peek());
    if (length > 0) this.skip(length);
  }

  /** 1-3 when the scalars at p are a tuple's items (as many as the TUPLE1-3 right after them takes), else 0. */
  private tupleAhead(): number {
    let q = this.p;
    for (let count = 1; count <= 3; count++) {
      const after = skipScalar(this.input, this.view, q, this.end);
      if (after === CUT || after >= this.end) this.cut();
      if (after < 0) return 0;
      if (this.input[after] === 0x84 + count /* TUPLE1-3 */) return count;
      q = after;
    }
    return 0;
  }

  /** The position after the scalar at `q` and its optional put (not a scalar: not learnable). */
  private scalarEnd(q: number): number {
    const after = skipScalar(this.input, this.view, q, this.end);
    if (after === CUT) this.cut();
    if (after < 0) reject();
    return after;
  }

  private peekAt(q: number): number {
    if (q >= this.end) this.cut();
    return this.input[q]!;
  }

  /** Past a tuple's closing opcode (ending at `q`) and its optional put. */
  private skipTupleEnd(q: number): void {
    if (q > this.end) this.cut();
    this.p = q;
    this.skipPut();
  }

  /** Past a list of scalars in any of the forms V_LIST reads. */
  private skipList(): void {
    const { input, view, end } = this;
    this.skip(1);
    this.skipPut();
    if (this.peek() === 0x28 /* MARK */) {
      this.skip(1);
      while (this.peek() !== 0x65 /* APPENDS */) {
        const after = skipScalar(input, view, this.p, end);
        if (after === CUT) this.cut();
        if (after < 0) reject();
        this.p = after;
      }
      this.skip(1);
      return;
    }
    // One item and APPEND, or none: as V_LIST decides.
    const after = skipScalar(input, view, this.p, end);
    if (after === CUT || after >= end) this.cut();
    if (after >= 0 && input[after] === 0x61 /* APPEND */) this.p = after + 1;
  }

  private peek(): number {
    if (this.p >= this.end) this.cut();
    return this.input[this.p]!;
  }

  private skip(length: number): void {
    if (this.p + length > this.end) this.cut();
    this.p += length;
  }

  /** The dict goes on past the input given. */
  private cut(): never {
    this.isCut = true;
    reject();
  }

  /** The next `length` input bytes compared as they are (by the next step). */
  private exact(length: number): void {
    if (this.p + length > this.end) this.cut();
    if (this.exactLength === 0) this.exactFrom = this.p - this.at;
    this.exactLength += length;
    this.p += length;
  }

  private texts(bytes: readonly number[]): void {
    for (const byte of bytes) this.pendingText.push(byte);
  }

  /** A step: the exact input and the text gathered before it, then `action`. */
  private step(action: number, a: number, b: number): void {
    let text = -1;
    if (this.pendingText.length > 0) {
      this.textList.push(Uint8Array.from(this.pendingText));
      text = this.textList.length - 1;
      this.pendingText = [];
    }
    this.program.push(action, a, b, this.exactFrom, this.exactLength, text);
    this.exactLength = 0;
  }
}
