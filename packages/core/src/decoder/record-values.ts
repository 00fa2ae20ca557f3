// The value path's record shapes. A file of appended `pickle.dump` records is most often one
// shape over and over: the same opcodes, the same dict keys, only the values differ (the byte
// writers use that too: engine/record-shape.ts). The Unpickler learns the shape of a record it
// decoded (engine/record-learn.ts reads its opcodes once into steps and a tree of what they make)
// and decodes the next records of that shape by comparing their bytes with the learned record's
// and reading only their values: no opcode dispatch, no stack, no memo, and the dicts' keys are
// the learned strs. A shape is kept only when its replay of the record it was learned from builds
// a value equal to the one the Unpickler built (the same types, prototypes and key order). What a
// shape does not cover (another opcode, another key, a value a hole does not take, a record cut
// by the chunk's end) is a miss: nothing is kept of the replay and the record goes the usual way,
// which also words any error. Dicts, lists, tuples, scalars and lists and sets of them are built
// here, and lists of dicts of any length (engine/record-loops.ts: each item by an item shape); a
// value of a class (a datetime and its timezone, a date, a timedelta, a Decimal, a UUID, a
// placeholder) is made by the class the Unpickler calls, with the record's arguments. A class the
// user rebuilds is left to the usual path, which calls it once per value.

import { LEARN, LearningCredit, REST_BEGINS } from "../engine/learning-credit.js";
import { H_BYTES, H_CONST, H_DATE, H_DATETIME, H_DECIMAL, H_FLOAT, H_INT, H_LIST, H_SCALAR, H_SET, H_STR, H_TD_DAYS, H_TD_SECONDS, H_TIMEDELTA, H_UUID, HOLE_CLASS_BITS, type LearnedRecord, learnRecord, MadeGlobal, type MadeTimezone, TIMEZONE_SHIFT, MAX_LIST_ITEMS, MAX_LONG_BYTES, P_EXACT, P_FRAME, P_HOLE, P_SKIP, pushExact, putEnd, type ShapeNode, type Step } from "../engine/record-learn.js";
import { type DictLoop, findDictLoops } from "../engine/record-loops.js";
import { isSameAsModel } from "../engine/shape-bytes.js";
import { grownInt32 } from "../engine/tape.js";
import { createDict, hashableKey, markTuple, type PyDict, PyFloat, type PyValue } from "../values/py-types.js";
import { decodeLongBytes } from "./numbers.js";
import { copyBytes, payloadBytes, VIEW_MIN_BYTES } from "./payload-values.js";
import { recentStrings } from "./recent-strings.js";
import { decodeUtf8 } from "./text.js";

/** What a replay builds by (the Unpickler's settings that bear on these values). */
export interface ReplaySettings {
  readonly isMapMode: boolean;
  readonly setsAsArrays: boolean;
  readonly wrapIntegralFloats: boolean;
  /** BINUNICODE and BINBYTES lengths past this are the usual path's to refuse. */
  readonly maxBytesLength: number;
  /** LONG1 lengths past this are the usual path's to refuse. */
  readonly maxIntBytes: number;
  readonly maxMemoSize: number;
  readonly maxDepth: number;
  /** The class `module.name` as the Unpickler's GLOBAL resolves it in a record of protocol `proto` (a reconstructor of the user's first). */
  readonly resolve: (module: string, name: string, proto?: number) => PyValue;
  /** Whether the Unpickler makes a placeholder of an object of `module.name` in a record of protocol `proto` (no reconstructor rebuilds it). */
  readonly isPlainClass: (module: string, name: string, proto: number) => boolean;
  /** `callee(*args)` as the Unpickler's REDUCE (`isNewObj`: NEWOBJ) calls it; throws where the callee refuses the arguments. */
  readonly call: (callee: PyValue, args: PyValue[], isNewObj: boolean) => PyValue;
  /** BUILD of `state` into `target` as the Unpickler applies it; throws where it is refused. */
  readonly build: (target: PyValue, state: PyValue) => void;
  /**
   * Whether the user gave a reconstructor of `qualifiedName` (UnpicklerOptions.classes): a shape
   * then leaves such values to the usual path, which calls it exactly as often as the pickle says
   * (a replay that misses, and the check of a new shape, would call it again).
   */
  readonly isUserClass: (qualifiedName: string) => boolean;
}

// The scan program: triples [op, a, b], in input order.
/** The input's next `b` bytes equal the model's from `a`: P_EXACT's value, which pushExact writes (a literal: the replay's switch is hot). */
const S_EXACT = 0;
/** A FRAME whose end must be the record's end (its size differs from record to record). */
const S_FRAME = 1;
/** A value of kind `a` (HOLE_*), kept as values[b]. */
const S_HOLE = 2;
/** STOP: the record is complete. */
const S_STOP = 3;
/** A list item's end (an item shape's last triple): its dict is complete. */
const S_END = 4;

// S_HOLE's kinds. The opcodes around a value of a class (its class's memo read, TUPLE1, REDUCE,
// the puts) are compared as learned; the value is made by the class as the Unpickler makes it.
/** A scalar. */
const HOLE_SCALAR = 0;
/** A list of scalars. */
const HOLE_LIST = 1;
/** A datetime's state; `kind >> TIMEZONE_SHIFT` is 1 + the index of the timezone the record makes for it, or 0 (naive). */
const HOLE_DATETIME = 2;
/** A date's state. */
const HOLE_DATE = 3;
/** A Decimal's str. */
const HOLE_DECIMAL = 4;
/** A timedelta's days or seconds: a scalar, kept for its microseconds' hole. */
const HOLE_TIMEDELTA_PART = 5;
/** A timedelta's microseconds: the timedelta made of the two holes before and this one. */
const HOLE_TIMEDELTA = 6;
/** A UUID's int (its BUILD state's `int`). */
const HOLE_UUID = 7;
/** A set of scalars (an array with `sets: "array"`). */
const HOLE_SET = 8;
/** A list of dicts of any length from its MARK (its EMPTY_LIST and put compared before): `kind >> TIMEZONE_SHIFT` is its loop's index (ValueRecordShape.loops). */
const HOLE_DICTS = 9;
/** A scalar and its optional MEMOIZE, counted (a list of dicts' later items: H_SCALAR). */
const HOLE_SCALAR_PUT = 10;
const KIND_BITS = 0xf;
// The classes made() calls (ValueRecordShape.madeClass), each with a tuple as REDUCE passes one
// (plain arrays measured slower: the reconstructors then see two kinds of array).
const C_DATETIME = 0;
const C_DATE = 1;
const C_DECIMAL = 2;
const C_TIMEDELTA = 3;
const C_UUID = 4;

/** The classes a hole of `kind` calls. */
function classesOf(kind: number): readonly string[] {
  switch (kind & KIND_BITS) {
    case HOLE_DATETIME:
      // (Its timezone's classes: MadeCall.classes.)
      return ["datetime.datetime"];
    case HOLE_DATE:
      return ["datetime.date"];
    case HOLE_DECIMAL:
      return ["decimal.Decimal"];
    case HOLE_TIMEDELTA:
      return ["datetime.timedelta"];
    case HOLE_UUID:
      return ["uuid.UUID"];
    default:
      return [];
  }
}

// The build program: triples [op, a, b], in the order the value is built (containers' items first).
/** A new dict onto the container stack. */
const B_DICT = 0;
/** The top dict takes texts[a] -> values[b]. */
const B_SET_HOLE = 1;
/** The top dict takes texts[a] -> texts[b] (a str met again). */
const B_SET_TEXT = 2;
/** The container on top is taken off and the dict under it takes texts[a] -> it. */
const B_SET_CHILD = 3;
/** A new list onto the container stack. */
const B_LIST = 4;
/** The top list takes values[a]. */
const B_ADD_HOLE = 5;
/** The top list takes texts[a]. */
const B_ADD_TEXT = 6;
/** The container on top is taken off and the list under it takes it. */
const B_ADD_CHILD = 7;
/** The top list is a tuple. */
const B_TUPLE = 8;
/** The tuple on top is taken off, and classes[a] called with it (`b` 1: NEWOBJ, else REDUCE) goes on: an object of a class we do not rebuild (a placeholder). */
const B_CALL = 9;
/** The container on top is taken off and BUILD applies it to the object under it. */
const B_BUILD = 10;
/** values[a] onto the container stack: the value of a record that is a list of dicts of any length. */
const B_VALUE = 11;

/** Scalar holes (a replay reads any scalar there: the opcodes after it are compared as learned). */
const SCALAR_HOLES: ReadonlySet<number> = new Set([H_STR, H_INT, H_FLOAT, H_CONST, H_BYTES]);
/** Shapes kept: a stream that mixes a few shapes (an optional key, two kinds of event) replays each. */
const MAX_SHAPES = 4;

/** A learned record shape: replays records of that shape into values. */
class ValueRecordShape {
  private readonly modelView: DataView;
  /** The values of the holes read last, by hole index. */
  private readonly values: PyValue[];
  /** The containers being built. */
  private readonly containers: PyValue[] = [];
  /** The value the last replay built. */
  value: PyValue = null;
  /** Memo entries the last replay's list holes' items put (the rest of the record's are the model's). */
  listPuts = 0;
  /** The scalar hole being read, whose str is decoded after the record's STOP; -1: decode at once. */
  private deferredHole = -1;
  /** The deferred strs: [hole, from, length] each. */
  private deferred = new Int32Array(48);
  private deferredCount = 0;
  /** The model's listPuts (set once its replay was checked). */
  modelListPuts = 0;
  /** An item shape (a list of dicts' item, ending at S_END): its replay leaves the record's recent strs as they are. */
  isItem = false;
  /** The shapes of its lists of dicts' first and later items, by HOLE_DICTS's index. */
  loops: readonly ItemShapes[] = [];
  /** madeClass's classes, by C_*. */
  private readonly madeClasses: (PyValue | undefined)[] = [undefined, undefined, undefined, undefined, undefined];

  constructor(
    private readonly model: Uint8Array,
    private readonly scan: Int32Array,
    private readonly build: Int32Array,
    /** Keys, and strs met again. */
    private readonly texts: readonly string[],
    holeCount: number,
    /** The record's memo length (the Unpickler's at its STOP). */
    private readonly memoLength: number,
    /** The puts compared as learned (outside list holes). */
    readonly exactPuts: number,
    /** The timezones the record makes for its datetimes (HOLE_DATETIME's index). */
    private readonly timezones: readonly MadeCall[],
    /** The classes of its objects (B_CALL's index), as the record's GLOBALs resolve them. */
    private readonly classes: readonly PyValue[],
    private readonly settings: ReplaySettings,
  ) {
    this.modelView = new DataView(model.buffer, model.byteOffset, model.byteLength);
    this.values = new Array<PyValue>(holeCount).fill(null);
  }

  /** The memo length of the record the last replay read. */
  get replayedMemoLength(): number {
    return this.memoLength - this.modelListPuts + this.listPuts;
  }

  /**
   * The record at input[at] when it has this shape and ends by `end`: the input position after
   * its STOP (its value in `value`), or -1 for a miss.
   */
  replay(input: Uint8Array, view: DataView, at: number, end: number, defersStrs = false): number {
    const scan = this.scan;
    const values = this.values;
    let p = at;
    let frameEnd = -1;
    this.listPuts = 0;
    this.deferredCount = 0;
    // The k-th short str of a record is looked for where the k-th of the record before was kept.
    if (!this.isItem) recentStrings.restart();
    for (let k = 0; k < scan.length; k += 3) {
      switch (scan[k]) {
        case S_EXACT: {
          const length = scan[k + 2]!;
          if (p + length > end || !isSameAsModel(input, view, p, this.model, this.modelView, scan[k + 1]!, length)) return -1;
          p += length;
          break;
        }
        case S_FRAME:
          if (p + 9 > end || input[p] !== 0x95 /* FRAME */ || view.getUint32(p + 5, true) !== 0) return -1;
          frameEnd = p + 9 + view.getUint32(p + 1, true);
          p += 9;
          break;
        case S_HOLE: {
          const kind = scan[k + 1]!;
          // Where other shapes are tried too, a str of a scalar hole is decoded once the record
          // is known to have this one (a stream of a few shapes in turn: its misses cost no str).
          this.deferredHole = defersStrs && kind === HOLE_SCALAR ? scan[k + 2]! : -1;
          p =
            kind === HOLE_SCALAR || kind === HOLE_TIMEDELTA_PART
              ? this.scalar(input, view, p, end)
              : kind === HOLE_LIST
                ? this.list(input, view, p, end)
                : kind === HOLE_SET
                  ? this.set(input, view, p, end)
                  : kind === HOLE_SCALAR_PUT
                    ? this.scalarPut(input, view, p, end)
                    : (kind & KIND_BITS) === HOLE_DICTS
                      ? this.dicts(this.loops[kind >>> TIMEZONE_SHIFT]!, input, view, p, end)
                      : this.made(kind, scan[k + 2]!, input, view, p, end);
          if (p < 0) return -1;
          values[scan[k + 2]!] = this.value;
          break;
        }
        case S_END:
          // An item's dict: its puts are counted by the list's record (S_STOP checks them).
          return this.buildValue() ? p : -1;
        default:
          // S_STOP; the record's frame ends with it (CPython frames each small record whole).
          if (p >= end || input[p] !== 0x2e /* STOP */) return -1;
          p += 1;
          if (frameEnd >= 0 && frameEnd !== p) return -1;
          // The usual path refuses a memo of more than maxMemoSize entries (every put index is below it).
          if (this.exactPuts + this.listPuts > this.settings.maxMemoSize) return -1;
          if (this.deferredCount > 0 && !this.decodeDeferred(input)) return -1;
          return this.buildValue() ? p : -1;
      }
    }
    return -1;
  }

  /** The value built into `value`: false where a call or a BUILD refused it (the usual path words the error). */
  private buildValue(): boolean {
    try {
      this.value = this.built();
      return true;
    } catch {
      this.containers.length = 0;
      return false;
    }
  }

  /** The record's value from the holes' values. */
  private built(): PyValue {
    const build = this.build;
    const values = this.values;
    const texts = this.texts;
    const containers = this.containers;
    const isMapMode = this.settings.isMapMode;
    for (let k = 0; k < build.length; k += 3) {
      const a = build[k + 1]!;
      switch (build[k]) {
        case B_DICT:
          containers.push(isMapMode ? new Map<PyValue, PyValue>() : createDict());
          break;
        case B_SET_HOLE:
          setItem(containers[containers.length - 1]!, texts[a]!, values[build[k + 2]!]!, isMapMode);
          break;
        case B_SET_TEXT:
          setItem(containers[containers.length - 1]!, texts[a]!, texts[build[k + 2]!]!, isMapMode);
          break;
        case B_SET_CHILD: {
          const child = containers.pop()!;
          setItem(containers[containers.length - 1]!, texts[a]!, child, isMapMode);
          break;
        }
        case B_LIST:
          containers.push([]);
          break;
        case B_ADD_HOLE:
          (containers[containers.length - 1] as PyValue[]).push(values[a]!);
          break;
        case B_ADD_TEXT:
          (containers[containers.length - 1] as PyValue[]).push(texts[a]!);
          break;
        case B_ADD_CHILD: {
          const child = containers.pop()!;
          (containers[containers.length - 1] as PyValue[]).push(child);
          break;
        }
        case B_TUPLE:
          markTuple(containers[containers.length - 1] as PyValue[]);
          break;
        case B_VALUE:
          containers.push(values[a]!);
          break;
        case B_CALL: {
          const args = containers.pop() as PyValue[];
          containers.push(this.settings.call(this.classes[a]!, args, build[k + 2] === 1));
          break;
        }
        default: {
          // B_BUILD
          const state = containers.pop()!;
          this.settings.build(containers[containers.length - 1]!, state);
        }
      }
    }
    return containers.pop()!;
  }

  /** The scalar at input[p] into `value`: the position after it, or -1. */
  private scalar(input: Uint8Array, view: DataView, p: number, end: number): number {
    if (p >= end) return -1;
    switch (input[p]) {
      case 0x8c: // SHORT_BINUNICODE
        return p + 2 <= end ? this.str(input, p + 2, input[p + 1]!, end) : -1;
      case 0x58: {
        // BINUNICODE
        if (p + 5 > end) return -1;
        const length = view.getUint32(p + 1, true);
        return length <= this.settings.maxBytesLength ? this.str(input, p + 5, length, end) : -1;
      }
      case 0x4b: // BININT1
        if (p + 2 > end) return -1;
        this.value = input[p + 1]!;
        return p + 2;
      case 0x4d: // BININT2
        if (p + 3 > end) return -1;
        this.value = view.getUint16(p + 1, true);
        return p + 3;
      case 0x4a: // BININT
        if (p + 5 > end) return -1;
        this.value = view.getInt32(p + 1, true);
        return p + 5;
      case 0x8a: {
        // LONG1
        if (p + 2 > end) return -1;
        const length = input[p + 1]!;
        if (length > MAX_LONG_BYTES || length > this.settings.maxIntBytes || p + 2 + length > end) return -1;
        this.value = decodeLongBytes(input, p + 2, length);
        return p + 2 + length;
      }
      case 0x47: {
        // BINFLOAT
        if (p + 9 > end) return -1;
        const value = view.getFloat64(p + 1, false);
        this.value = this.settings.wrapIntegralFloats && Number.isInteger(value) ? new PyFloat(value) : value;
        return p + 9;
      }
      case 0x4e: // NONE
        this.value = null;
        return p + 1;
      case 0x88: // NEWTRUE
        this.value = true;
        return p + 1;
      case 0x89: // NEWFALSE
        this.value = false;
        return p + 1;
      case 0x43: // SHORT_BINBYTES
        return p + 2 <= end ? this.bytes(input, p + 2, input[p + 1]!, end) : -1;
      case 0x42: // BINBYTES
        return p + 5 <= end ? this.bytes(input, p + 5, view.getUint32(p + 1, true), end) : -1;
      default:
        return -1;
    }
  }

  private str(input: Uint8Array, from: number, length: number, end: number): number {
    if (from + length > end) return -1;
    if (this.deferredHole >= 0) {
      const at = 3 * this.deferredCount++;
      if (at === this.deferred.length) this.deferred = grownInt32(this.deferred, at + 3);
      this.deferred[at] = this.deferredHole;
      this.deferred[at + 1] = from;
      this.deferred[at + 2] = length;
      return from + length;
    }
    try {
      this.value = decodeUtf8(input, from, length);
    } catch {
      // Not UTF-8: the usual path words the error.
      return -1;
    }
    return from + length;
  }

  /** The deferred strs into their holes' values; false when one is not UTF-8 (the usual path words the error). */
  private decodeDeferred(input: Uint8Array): boolean {
    const deferred = this.deferred;
    const values = this.values;
    try {
      for (let i = 0; i < 3 * this.deferredCount; i += 3) values[deferred[i]!] = decodeUtf8(input, deferred[i + 1]!, deferred[i + 2]!);
    } catch {
      return false;
    }
    return true;
  }

  private bytes(input: Uint8Array, from: number, length: number, end: number): number {
    // A payload as large as a view is the usual path's (reuseInput may move it in place).
    if (length > this.settings.maxBytesLength || from + length > end || length >= VIEW_MIN_BYTES) return -1;
    this.value = payloadBytes(input, from, length, false);
    return from + length;
  }

  /**
   * The value of a class (`kind`, HOLE_DATETIME and on) whose hole is at input[p], made into
   * `value` as the Unpickler makes it: the position after the hole, or -1 (a value the class
   * refuses too: the usual path words the error).
   */
  private made(kind: number, hole: number, input: Uint8Array, view: DataView, p: number, end: number): number {
    const settings = this.settings;
    try {
      switch (kind & KIND_BITS) {
        case HOLE_DATETIME:
        case HOLE_DATE: {
          const isDate = (kind & KIND_BITS) === HOLE_DATE;
          const size = isDate ? 4 : 10;
          if (p + 2 + size > end || input[p] !== 0x43 /* SHORT_BINBYTES */ || input[p + 1] !== size) return -1;
          const state = copyBytes(input, p + 2, size);
          const timezone = kind >>> TIMEZONE_SHIFT;
          const args = timezone === 0 ? markTuple([state]) : markTuple([state, this.timezone(this.timezones[timezone - 1]!)]);
          this.value = settings.call(isDate ? this.madeClass(C_DATE, "datetime", "date") : this.madeClass(C_DATETIME, "datetime", "datetime"), args, false);
          return p + 2 + size;
        }
        case HOLE_DECIMAL: {
          const op = input[p];
          if (op !== 0x8c /* SHORT_BINUNICODE */ && op !== 0x58 /* BINUNICODE */) return -1;
          const after = this.scalar(input, view, p, end);
          if (after >= 0) this.value = settings.call(this.madeClass(C_DECIMAL, "decimal", "Decimal"), markTuple([this.value]), false);
          return after;
        }
        case HOLE_TIMEDELTA: {
          const after = this.scalar(input, view, p, end);
          if (after >= 0) this.value = settings.call(this.madeClass(C_TIMEDELTA, "datetime", "timedelta"), markTuple([this.values[hole - 2]!, this.values[hole - 1]!, this.value]), false);
          return after;
        }
        default: {
          // HOLE_UUID: `UUID.__new__(UUID)`, then BUILD of `{"int": n}`.
          const after = this.scalar(input, view, p, end);
          if (after < 0) return -1;
          const state = settings.isMapMode ? new Map<PyValue, PyValue>([["int", this.value]]) : createDict();
          if (!settings.isMapMode) (state as PyDict).int = this.value;
          const uuid = settings.call(this.madeClass(C_UUID, "uuid", "UUID"), markTuple([]), true);
          settings.build(uuid, state);
          this.value = uuid;
          return after;
        }
      }
    } catch {
      return -1;
    }
  }

  /**
   * A list of dicts from its MARK (the list's EMPTY_LIST and put compared before): MARK, dicts,
   * APPENDS; one dict and APPEND; or none (the next opcodes are another value's). The first dict
   * is read by `loop.first`, the others by `loop.next`, their puts counted; into `value`. The
   * position after it, or -1.
   */
  private dicts(loop: ItemShapes, input: Uint8Array, view: DataView, p: number, end: number): number {
    const items: PyValue[] = [];
    this.value = items;
    if (p >= end) return -1;
    const isMarked = input[p] === 0x28; /* MARK */
    if (isMarked) p++;
    else if (input[p] !== 0x7d /* EMPTY_DICT */) return p;
    let item = loop.first;
    for (;;) {
      p = item.replay(input, view, p, end);
      if (p < 0 || p >= end) return -1;
      items.push(item.value);
      this.listPuts += item.exactPuts + item.listPuts;
      if (isMarked && input[p] === 0x7d /* EMPTY_DICT */) {
        // CPython's batch ends at MAX_LIST_ITEMS: more go in another MARK (a miss).
        if (items.length >= MAX_LIST_ITEMS) return -1;
        item = loop.next;
        continue;
      }
      if (input[p] !== (isMarked ? 0x65 /* APPENDS */ : 0x61) /* APPEND */) return -1;
      this.value = items;
      return p + 1;
    }
  }

  /** A scalar and its optional MEMOIZE (counted), into `value`: the position after them, or -1. */
  private scalarPut(input: Uint8Array, view: DataView, p: number, end: number): number {
    p = this.scalar(input, view, p, end);
    if (p >= 0 && p < end && input[p] === 0x94 /* MEMOIZE */) {
      this.listPuts++;
      p++;
    }
    return p;
  }

  /**
   * The class `module.name` that made() calls (C_*), resolved once: the resolver's answer does not
   * change within a decode.
   */
  private madeClass(which: number, module: string, name: string): PyValue {
    let cls = this.madeClasses[which];
    if (cls === undefined) cls = this.madeClasses[which] = this.settings.resolve(module, name);
    return cls;
  }

  /** A timezone made as the record makes it (a fresh one per datetime, as there): its callee called with its arguments, the calls among them first. */
  private timezone(made: MadeCall): PyValue {
    const settings = this.settings;
    const args = made.args.map((arg) => (arg instanceof MadeCall ? this.timezone(arg) : arg instanceof ClassName ? settings.resolve(arg.module, arg.name) : arg));
    const callee = made.callee instanceof MadeCall ? this.timezone(made.callee) : settings.resolve(made.callee.module, made.callee.name);
    return settings.call(callee, markTuple(args), false);
  }

  /**
   * A list of scalars from right after its EMPTY_LIST: its optional put, then nothing, `x [put]
   * APPEND` or `MARK (x [put])... APPENDS`, into `value`. An empty list's next opcodes are another
   * value's. The position after it, or -1.
   */
  private list(input: Uint8Array, view: DataView, p: number, end: number): number {
    p = this.put(input, view, p, end);
    if (p < 0) return -1;
    const items: PyValue[] = [];
    if (p < end && input[p] === 0x28 /* MARK */) {
      const after = this.markedItems(input, view, p + 1, end, 0x65 /* APPENDS */, items);
      this.value = items;
      return after;
    }
    // One item and APPEND, or an empty list (the item read is then taken back).
    const puts = this.listPuts;
    const itemEnd = this.scalar(input, view, p, end);
    const after = itemEnd < 0 ? -1 : this.put(input, view, itemEnd, end);
    if (after >= 0 && after < end && input[after] === 0x61 /* APPEND */) {
      items.push(this.value);
      this.value = items;
      return after + 1;
    }
    this.listPuts = puts;
    this.value = items;
    return p;
  }

  /**
   * A set from right after its EMPTY_SET: its optional put, then nothing or `MARK (x [put])...
   * ADDITEMS`, into `value` as the usual path's ADDITEMS makes it (equal items kept once). An
   * empty set's next opcodes are another value's. The position after it, or -1.
   */
  private set(input: Uint8Array, view: DataView, p: number, end: number): number {
    p = this.put(input, view, p, end);
    if (p < 0) return -1;
    const items: PyValue[] = [];
    if (p < end && input[p] === 0x28 /* MARK */) p = this.markedItems(input, view, p + 1, end, 0x90 /* ADDITEMS */, items);
    this.value = this.settings.setsAsArrays ? items : new Set(items.map((item) => hashableKey(item, false)));
    return p;
  }

  /**
   * The scalars from input[at] (past a MARK), each with its optional put, into `items`, up to the
   * `close` opcode (APPENDS, ADDITEMS): the position after it, or -1.
   */
  private markedItems(input: Uint8Array, view: DataView, at: number, end: number, close: number, items: PyValue[]): number {
    while (at < end && input[at] !== close) {
      at = this.scalar(input, view, at, end);
      if (at < 0 || items.push(this.value) > MAX_LIST_ITEMS) return -1;
      at = this.put(input, view, at, end);
      if (at < 0) return -1;
    }
    return at < end ? at + 1 : -1;
  }

  /**
   * Past the optional put at input[p], counted; -1 when it is cut by `end` or names an index the
   * usual path's memo may refuse (maxMemoSize): nothing reads what a list hole's puts store (a
   * list hole is learned only when no memo read follows it), but the usual path's limits hold.
   */
  private put(input: Uint8Array, view: DataView, p: number, end: number): number {
    const after = putEnd(input, p, end);
    if (after <= p) return after;
    const op = input[p];
    const index = op === 0x71 /* BINPUT */ ? input[p + 1]! : op === 0x72 /* LONG_BINPUT */ ? view.getUint32(p + 1, true) : 0;
    if (index >= this.settings.maxMemoSize) return -1;
    this.listPuts++;
    return after;
  }
}

/** `dict[key] = value` as SETITEMS does it (decoder/containers.ts setItemsFrom) for a str key. */
function setItem(dict: PyValue, key: string, value: PyValue, isMapMode: boolean): void {
  if (isMapMode) (dict as Map<PyValue, PyValue>).set(key, value);
  else (dict as PyDict)[key] = value;
}

/** The shapes of the last records, most recently replayed first, and when to learn another. */
export class RecordValueShapes {
  private shapes: ValueRecordShape[] = [];
  private readonly credit = new LearningCredit();
  /** The shape learned last (on trial: LearningCredit). */
  private learnedLast: ValueRecordShape | null = null;
  /** The value the last hit built. */
  value: PyValue = null;
  /** The memo length of the record the last hit read. */
  memoLength = 0;

  constructor(private readonly settings: ReplaySettings) {}

  get isEmpty(): boolean {
    return this.shapes.length === 0;
  }

  /** The record at input[at] by the first shape it has: the input position after its STOP, or -1. */
  replay(input: Uint8Array, view: DataView, at: number, end: number): number {
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i]!;
      const after = shape.replay(input, view, at, end, shapes.length > 1);
      if (after < 0) continue;
      if (i > 0) {
        shapes.splice(i, 1);
        shapes.unshift(shape);
      }
      this.credit.hit(shape === this.learnedLast);
      this.value = shape.value;
      this.memoLength = shape.replayedMemoLength;
      return after;
    }
    this.credit.miss();
    return -1;
  }

  /**
   * Learns the shape of the record input[start, end) (STOP included) the usual path decoded to
   * `value`, its memo `memoLength` long: kept when its replay of the record builds an equal value.
   */
  learn(input: Uint8Array, start: number, end: number, value: PyValue, memoLength: number, recordIndex: number): void {
    const verdict = this.credit.mayLearn(recordIndex);
    if (verdict === REST_BEGINS) this.shapes = [];
    if (verdict !== LEARN || this.shapes.length > 0 && this.isKnown(input, start, end)) return;
    this.credit.spend();
    const proto = input[start] === 0x80 /* PROTO */ && start + 1 < end ? input[start + 1]! : 0;
    const learned = learnRecord(input, start, end, (module, name) => this.settings.isPlainClass(module, name, proto));
    const shape = learned === null ? null : compile(input, start, end, learned, memoLength, proto, this.settings);
    if (shape === null) return;
    const model = input.subarray(start, end);
    const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
    if (shape.replay(model, view, 0, model.length) !== model.length || !isSameValue(shape.value, value)) return;
    shape.modelListPuts = shape.listPuts;
    this.shapes.unshift(shape);
    if (this.shapes.length > MAX_SHAPES) this.shapes.pop();
    this.learnedLast = shape;
    this.credit.kept(recordIndex);
  }

  /** Whether a known shape replays the record (it went the usual way only because it was cut). */
  private isKnown(input: Uint8Array, start: number, end: number): boolean {
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    return this.shapes.some((shape) => shape.replay(input, view, start, end) === end);
  }
}

/**
 * A MadeTimezone ready to call: its callee a class (module and name apart, as the resolver takes
 * them) or a call made first; its arguments values, calls made first, or classes.
 */
class MadeCall {
  constructor(
    readonly callee: MadeCall | ClassName,
    readonly args: readonly (PyValue | MadeCall | ClassName)[],
  ) {}

  static of(made: MadeTimezone): MadeCall {
    const args = made.args.map((arg) => (arg instanceof MadeGlobal ? ClassName.of(arg.name) : typeof arg === "object" ? MadeCall.of(arg) : arg));
    return new MadeCall("cls" in made ? ClassName.of(made.cls) : MadeCall.of(made.callee), args);
  }

  /** The classes it calls or passes, as `module.name`. */
  get classes(): string[] {
    const parts = [this.callee, ...this.args];
    return parts.flatMap((part) => (part instanceof MadeCall ? part.classes : part instanceof ClassName ? [`${part.module}.${part.name}`] : []));
  }
}

/** A class's module and name. */
class ClassName {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  static of(qualifiedName: string): ClassName {
    const dot = qualifiedName.lastIndexOf(".");
    return new ClassName(qualifiedName.slice(0, dot), qualifiedName.slice(dot + 1));
  }
}

/** The S_HOLE kind of a learned hole's class, or -1 where a value replay does not make it. */
function holeKind(holeClass: number): number {
  if (SCALAR_HOLES.has(holeClass)) return HOLE_SCALAR;
  switch (holeClass & HOLE_CLASS_BITS) {
    case H_LIST:
      return HOLE_LIST;
    case H_DATETIME:
      // Its timezone's index, if it has one, goes along.
      return HOLE_DATETIME | (holeClass & ~HOLE_CLASS_BITS);
    case H_DATE:
      return HOLE_DATE;
    case H_DECIMAL:
      return HOLE_DECIMAL;
    case H_TD_DAYS:
    case H_TD_SECONDS:
      return HOLE_TIMEDELTA_PART;
    case H_TIMEDELTA:
      return HOLE_TIMEDELTA;
    case H_UUID:
      return HOLE_UUID;
    case H_SET:
      return HOLE_SET;
    case H_SCALAR:
      return HOLE_SCALAR_PUT;
    default:
      return -1;
  }
}

/** The shapes of a list of dicts' first item and of its later ones (HOLE_DICTS). */
interface ItemShapes {
  readonly first: ValueRecordShape;
  readonly next: ValueRecordShape;
}

/** The shape of a learned record, or null when it holds what a value replay does not build. */
function compile(input: Uint8Array, start: number, end: number, learned: LearnedRecord, memoLength: number, proto: number, settings: ReplaySettings): ValueRecordShape | null {
  const { steps } = learned;
  // The usual path's stack and marks never hold more than the record's opcodes (and a list
  // hole's MARK where the learned list had one APPEND): far within maxDepth, or no shape.
  if (steps.length + 2 >= settings.maxDepth) return null;
  // Lists of dicts of any length: each item read by an item shape of its own (compiled below).
  const { root, loops } = findDictLoops(learned.root, steps, input);
  const part: RecordPart = {
    input,
    start,
    model: input.slice(start, end),
    steps,
    loops,
    timezones: learned.timezones.map((timezone) => MadeCall.of(timezone.made)),
    proto,
    settings,
  };
  return compilePart(part, root, 0, steps.length, memoLength);
}

/** What compilePart reads: the learned record, its lists of dicts, how the Unpickler builds its values. */
interface RecordPart {
  readonly input: Uint8Array;
  readonly start: number;
  readonly model: Uint8Array;
  readonly steps: readonly Step[];
  readonly loops: readonly DictLoop[];
  readonly timezones: readonly MadeCall[];
  readonly proto: number;
  readonly settings: ReplaySettings;
}

/**
 * The shape of the value `node` that the steps [from, to) make: the whole record (to STOP, its
 * memo `memoLength` long) or, where `memoLength` is -1, a list of dicts' item (to S_END). Null
 * when it holds what a value replay does not build.
 */
function compilePart(part: RecordPart, node: ShapeNode, from: number, to: number, memoLength: number): ValueRecordShape | null {
  const { input, start, steps, timezones, settings } = part;
  const isItem = memoLength < 0;
  const scan: number[] = [];
  /** Each hole's index among the holes, by its step (a list of dicts: by its node). */
  const holes = new Map<number | ShapeNode, number>();
  const loops: ItemShapes[] = [];
  // The puts compared as learned, each an index within maxMemoSize (else the record had failed);
  // the items' puts are counted as their replays read them.
  let exactPuts = 0;
  for (let i = from; i < to; i++) {
    const step = steps[i]!;
    // (An item holds no list of dicts of any length: record-loops.ts takes none inside another.)
    const loop = isItem ? undefined : part.loops.find((candidate) => candidate.first === i);
    if (loop !== undefined) {
      const first = compilePart(part, loop.node.first, loop.first, loop.second, -1);
      const next = first === null ? null : compilePart(part, loop.node.next, loop.second, loop.secondEnd, -1);
      if (first === null || next === null) return null;
      holes.set(loop.node, holes.size);
      scan.push(S_HOLE, HOLE_DICTS | (loops.push({ first, next }) - 1) << TIMEZONE_SHIFT, holes.size - 1);
      i = loop.secondEnd - 1;
      continue;
    }
    if (step.kind === P_SKIP) continue;
    if (step.kind === P_EXACT) {
      pushExact(scan, step, start);
      const op = input[step.from];
      if (op === 0x94 /* MEMOIZE */ || op === 0x71 /* BINPUT */ || op === 0x72 /* LONG_BINPUT */) exactPuts++;
      const index = op === 0x71 ? input[step.from + 1]! : op === 0x72 ? new DataView(input.buffer, input.byteOffset).getUint32(step.from + 1, true) : 0;
      if (index >= settings.maxMemoSize) return null;
    } else if (step.kind === P_FRAME) {
      scan.push(S_FRAME, 0, 0);
    } else if (step.kind === P_HOLE && holeKind(step.holeClass) >= 0) {
      const kind = holeKind(step.holeClass);
      const timezone = kind >>> TIMEZONE_SHIFT === 0 ? undefined : timezones[(kind >>> TIMEZONE_SHIFT) - 1]!;
      if ([...classesOf(kind), ...(timezone?.classes ?? [])].some(settings.isUserClass)) return null;
      // Each datetime makes its own timezone (a second one reading it from the memo shares it: no shape).
      if (kind >>> TIMEZONE_SHIFT !== 0 && scan.some((op, at) => at % 3 === 1 && scan[at - 1] === S_HOLE && op === kind)) return null;
      holes.set(i, holes.size);
      scan.push(S_HOLE, kind, holes.size - 1);
    } else {
      return null;
    }
  }
  // STOP's byte is not a step: S_STOP reads it.
  scan.push(isItem ? S_END : S_STOP, 0, 0);
  const build: number[] = [];
  const texts: string[] = [];
  const classes: PyValue[] = [];
  const textIndex = (text: string): number => {
    const known = texts.indexOf(text);
    return known >= 0 ? known : texts.push(text) - 1;
  };
  /** What a leaf is: [isHole, its hole's or its text's index], or null for another node. */
  const leafOf = (node: ShapeNode): [boolean, number] | null => {
    if (node.type === "dicts") return [true, holes.get(node)!];
    if (node.type !== "leaf") return null;
    const hole = holes.get(node.step);
    if (hole !== undefined) return [true, hole];
    return steps[node.step]!.kind === P_EXACT && node.text !== null ? [false, textIndex(node.text)] : null;
  };
  const emit = (node: ShapeNode): boolean => {
    if (node.type === "dict") {
      build.push(B_DICT, 0, 0);
      for (let i = 0; i < node.items.length; i += 2) {
        const key = node.items[i]!;
        const item = node.items[i + 1]!;
        if (key.type !== "leaf" || key.text === null) return false;
        const keyIndex = textIndex(key.text);
        const leaf = leafOf(item);
        if (leaf !== null) build.push(leaf[0] ? B_SET_HOLE : B_SET_TEXT, keyIndex, leaf[1]);
        else if (emit(item)) build.push(B_SET_CHILD, keyIndex, 0);
        else return false;
      }
      return true;
    }
    if (node.type === "object") {
      // Its arguments' tuple (an empty one: EMPTY_TUPLE's), the call, then its BUILD's state.
      if (node.args === null) build.push(B_LIST, 0, 0, B_TUPLE, 0, 0);
      else if (!emit(node.args)) return false;
      build.push(B_CALL, classes.push(settings.resolve(node.module, node.local, part.proto)) - 1, node.isNewObj ? 1 : 0);
      if (node.state === null) return true;
      if (!emit(node.state)) return false;
      build.push(B_BUILD, 0, 0);
      return true;
    }
    if (node.type === "array" && node.isSet !== true) {
      build.push(B_LIST, 0, 0);
      for (const item of node.items) {
        const leaf = leafOf(item);
        if (leaf !== null) build.push(leaf[0] ? B_ADD_HOLE : B_ADD_TEXT, leaf[1], 0);
        else if (emit(item)) build.push(B_ADD_CHILD, 0, 0);
        else return false;
      }
      if (!node.isList) build.push(B_TUPLE, 0, 0);
      return true;
    }
    return false;
  };
  // A record of one scalar has nothing to build: the usual path reads it as fast. A record that
  // is a list of dicts is its hole's value.
  if (node.type === "dicts") {
    build.push(B_VALUE, holes.get(node)!, 0);
  } else if (!emit(node)) {
    return null;
  }
  const shape = new ValueRecordShape(part.model, Int32Array.from(scan), Int32Array.from(build), texts, holes.size, Math.max(memoLength, 0), exactPuts, timezones, classes, settings);
  shape.isItem = isItem;
  shape.loops = loops;
  return shape;
}

/**
 * Whether `a` and `b` are the same value as the Unpickler hands them out: the same types and
 * prototypes (a tuple is not a list), dicts with the same keys in the same order, numbers by
 * Object.is (-0 is not 0), bytes by their bytes. Only what a replay builds is compared; anything
 * else is not the same.
 */
export function isSameValue(a: PyValue, b: PyValue): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (a instanceof PyFloat) return b instanceof PyFloat && Object.is(a.value, b.value);
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const items = b as PyValue[];
    if (a.length !== items.length) return false;
    for (let i = 0; i < a.length; i++) if (!isSameValue(a[i]!, items[i]!)) return false;
    return true;
  }
  if (a instanceof Map) {
    const other = b as Map<PyValue, PyValue>;
    if (a.size !== other.size) return false;
    const keys = [...other.keys()];
    let i = 0;
    for (const [key, value] of a) {
      if (typeof key !== "string" || key !== keys[i++] || !isSameValue(value, other.get(key)!)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    const items = [...(b as Set<PyValue>)];
    if (a.size !== items.length) return false;
    let i = 0;
    for (const item of a) if (!isSameValue(item, items[i++]!)) return false;
    return true;
  }
  // A dict, or an object a class made (a datetime): its own fields in order.
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== otherKeys[i] || !isSameValue((a as PyDict)[keys[i]!]!, (b as PyDict)[keys[i]!]!)) return false;
  }
  return true;
}
