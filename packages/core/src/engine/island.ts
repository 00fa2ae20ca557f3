/**
 * Islands: a class inside plain data (a datetime in every record of a stream, a Decimal in a
 * dict) read by the value decoder's own machine and opcode families, and written by the value
 * path's writer, while the one-pass writers go on writing the plain data around it. The island
 * is the value a global starts (GLOBAL, STACK_GLOBAL, or a memo read of a global): its
 * arguments, its call (REDUCE, NEWOBJ, NEWOBJ_EX), its BUILD and its memo puts, up to the first
 * opcode that takes it into the plain data around it. So the island's value is exactly the one
 * the Unpickler builds for those bytes; whatever an island cannot hold (a memo entry of the
 * plain data around it, an opcode outside the subset below, an error) declines, and the value
 * path writes the whole record, as before islands.
 */
import { builtinClasses } from "../classes/builtin-registry.js";
import { stateIsoText, stateTimeText } from "../classes/datetime.js";
import { canonicalDecimalText } from "../classes/decimal.js";
import { NumpyDtype } from "../classes/numpy-dtype.js";
import { NumpyScalar, numberScalarPlain } from "../classes/numpy-scalar.js";
import type { PyTimezone } from "../classes/timedelta.js";
import { uuidText, uuidTextOfLong } from "../classes/uuid.js";
import { hasRawPayload } from "../classes/joblib.js";
import { claimedLength } from "../decoder/claimed-length.js";
import { ClassResolver } from "../decoder/class-resolver.js";
import { Machine } from "../decoder/machine.js";
import { buildOp, newObjExOp, newObjOp, reduceOp, stackGlobalOp } from "../decoder/ops/calls.js";
import { addItemsOp, appendOp, appendsOp, fromMarkOp, setItemOp, setItemsOp } from "../decoder/ops/containers.js";
import { rareArgumentEnd, runRareOp } from "../decoder/ops/rare.js";
import type { UnpicklerOptions } from "../decoder/options.js";
import { resolveSettings, type UnpicklerSettings } from "../decoder/settings.js";
import { ARG_HEADER } from "../opcodes/arg-header.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE } from "../opcodes/table.js";
import { PyGlobal } from "../values/placeholders.js";
import { createDict, markTuple, PyFloat, type PyValue } from "../values/py-types.js";
import { asciiText, DTYPE_PART, GLOBAL_CUT, globalIndex, NOT_GLOBAL, PartReader, type PartSource, STR_CUT, shortStrEnd, strStart, TIMEZONE_PART } from "./island-parts.js";
import { SCAN_LEAVES, SCAN_RAN_OUT, SCAN_TOO_LONG, scanIslandEnd } from "./island-scan.js";
import { decline } from "./tape-driver.js";

/** `read`'s answer when the island goes on past the input there is. */
export const ISLAND_RAN_OUT = -1;
/** `readStateText`'s answer when the bytes are not the island it reads (`read` reads them). */
export const NOT_STATE_TEXT = -2;
/** A frame claiming more is left to the value decoder (CPython's are ~64 KiB). */
const MAX_FRAME_BYTES = 2 ** 30;
/**
 * A longer island (a big numpy array) declines its record: the value path writes such a value
 * straight into its output (or a file's spill), where an island's is encoded apart and copied
 * (numeric.pkl -> NDJSON: 24.8-28.2 s through the value path, 31 s through islands), and it
 * keeps a view of a payload from 1 MiB up (VIEW_MIN_BYTES) that the window's next shift would
 * move (an island's value may be read again by a later island).
 */
const MAX_ISLAND_BYTES = 1 << 20;

/** The values of memo entries set before the island (the driver's), by index: undefined declines. */
export interface IslandMemo {
  islandMemoValue(index: number): PyValue | undefined;
}

/**
 * Reads islands, one at a time, with a Machine of its own (the engine's decoder settings and a
 * class resolver like the Unpickler's), and encodes their values as the value path does. Not for options whose hooks run user code (registered
 * classes, persistentLoad): an island read and then thrown away (its record declined later)
 * would run them twice; `isAllowed` says whether the options are such.
 */
export class IslandReader implements PartSource {
  private readonly m: Machine;
  private readonly settings: UnpicklerSettings;
  /** The island's value, after a `read` that did not run out. */
  value: PyValue = null;
  /** The memo entries the island set, in order: index, value. */
  readonly putIndices: number[] = [];
  readonly putValues: (PyValue | undefined)[] = [];
  /** The deepest the island's stack and marks went (for the decoder's maxDepth). */
  depth = 0;
  /** After a `read` that ran out: the first byte of the opcode that waits for input. */
  reached = 0;
  /** After a `read` that did not run out: where the frame the island ends in ends (window-relative). */
  frameEnd = -1;
  /** After a `readStateText` that took its bytes: the value's text (a datetime's or a date's isoformat, a Decimal's str). */
  text = "";
  /** After a `readStateText` that took its bytes: the memo index the value was put at, or -1 (its other puts are putIndices). */
  textPut = -1;
  /** After a `readStateText` that took its bytes: the memo index its class (read by GLOBAL or STACK_GLOBAL) was put at, or -1. */
  classPut = -1;
  /** The class `classPut` holds. */
  classGlobal: PyGlobal | null = null;
  /** After a `readStateText` that took its bytes: the value to write when it is not text (a numpy scalar), else undefined. */
  madeValue: PyValue | undefined = undefined;
  /** readStateText's scratch for the arguments of a call of ints (a timedelta, pandas' Timestamp and Timedelta). */
  private readonly callArgs: PyValue[] = [];
  /** After a `readIntArg` that read one: the int. */
  private intArg: number | bigint = 0;
  /** readStateText's timezones and dtypes. */
  private readonly parts: PartReader;

  /** Whether islands may be read under these options (see the class comment). */
  static isAllowed(options: UnpicklerOptions): boolean {
    return resolveSettings(options).userClasses.size === 0 && options.persistentLoad === undefined && options.buffers === undefined;
  }

  /**
   * @param encode the value path's encoder of one value (the engine's), for the island's value:
   *   it throws when it cannot write it (then the record declines and the value path says why).
   */
  constructor(
    options: UnpicklerOptions,
    readonly encode: (value: PyValue) => Uint8Array,
  ) {
    this.settings = resolveSettings(options);
    this.m = new Machine(this.settings, new ClassResolver(this.settings.userClasses, builtinClasses, this.settings.fixImports));
    this.parts = new PartReader(this.m);
  }

  get maxDepth(): number {
    return this.settings.maxDepth;
  }

  /** Whether NEWOBJ of `global` makes a placeholder (PyInstance): no reconstructor of ours rebuilds it. */
  isPlainClass(global: PyGlobal): boolean {
    return this.m.classes.reconstructorOf(global) === undefined;
  }

  /** isPlainClass of the class a record of protocol `proto` names `module.name` (Python 2 names mapped as the decoder maps them). */
  isPlainName(module: string, name: string, proto: number): boolean {
    return this.isPlainClass(this.m.classes.resolve(module, name, proto));
  }

  /**
   * Reads the island whose first opcode is at `input[start]`, up to `windowEnd`, inside the frame
   * that ends at `frameEnd` (none when that is not past `start`), for a record of protocol
   * `proto` whose next MEMOIZE index is `nextMemo`. For STACK_GLOBAL, `module` and `name` are the
   * strs the driver holds below it. Returns the position after the island (`frameEnd` then the
   * frame it ends in), or ISLAND_RAN_OUT (`reached` says where). An opcode that runs past its
   * frame's end, or a FRAME inside a frame, declines (the value path's errors). Throws DECLINE.
   */
  read(input: Uint8Array, view: DataView, start: number, windowEnd: number, frameEnd: number, proto: number, nextMemo: number, memo: IslandMemo, module?: string, name?: string): number {
    const m = this.m;
    // The machine as a record's start finds it (Machine.startRecord, less what islands never use).
    m.flushPending();
    m.lastCall = null;
    m.proto = proto;
    const stack = m.stack;
    const marks = m.marks;
    // Most islands leave their one value: a pop, cheaper than setting the length.
    for (let n = stack.length; n > 0; n--) stack.pop();
    if (marks.length !== 0) marks.length = 0;
    this.putIndices.length = 0;
    this.putValues.length = 0;
    this.depth = 0;
    if (module !== undefined) stack.push(module, name!);
    let pos = start;
    let memoLength = nextMemo;
    // Opcodes are read up to `end`: the frame's end while inside one that ends in the window.
    let end = pos < frameEnd && frameEnd < windowEnd ? frameEnd : windowEnd;
    try {
      for (;;) {
        if (pos - start > MAX_ISLAND_BYTES) decline();
        if (pos >= end) {
          if (end === windowEnd) {
            this.reached = pos;
            return ISLAND_RAN_OUT;
          }
          // The frame ended: what follows is outside it (or a new FRAME).
          end = windowEnd;
          continue;
        }
        const op = input[pos]!;
        if (stack.length === 1 && marks.length === 0 && op !== 0x62 /* BUILD */ && op !== 0x94 /* MEMOIZE */ && op !== 0x71 /* BINPUT */ && op !== 0x72 /* LONG_BINPUT */) {
          // The value alone: it ends here unless what follows acts on it (a global's arguments
          // and call, an object's state, items set after its call).
          const scan: number = TAKES_VALUE[op] === 1 ? SCAN_LEAVES : scanIslandEnd(input, pos, windowEnd, start + MAX_ISLAND_BYTES);
          if (scan === SCAN_TOO_LONG) decline();
          if (scan === SCAN_RAN_OUT) {
            this.reached = pos;
            return ISLAND_RAN_OUT;
          }
          if (scan === SCAN_LEAVES) {
            this.value = stack[0]!;
            m.flushPending();
            this.frameEnd = frameEnd;
            return pos;
          }
        }
        const depth = stack.length + marks.length;
        if (depth > this.depth) this.depth = depth;
        const fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
        switch (op) {
          case 0x94: // MEMOIZE
            if (stack.length <= fence) decline();
            this.put(memoLength++, stack[stack.length - 1]!);
            pos += 1;
            continue;
          case 0x71: // BINPUT
            if (pos + 2 > end) break;
            if (stack.length <= fence) decline();
            this.put(input[pos + 1]!, stack[stack.length - 1]!);
            memoLength++;
            pos += 2;
            continue;
          case 0x72: // LONG_BINPUT
            if (pos + 5 > end) break;
            if (stack.length <= fence) decline();
            this.put(view.getUint32(pos + 1, true), stack[stack.length - 1]!);
            memoLength++;
            pos += 5;
            continue;
          case 0x68: // BINGET
            if (pos + 2 > end) break;
            stack.push(this.get(input[pos + 1]!, memo));
            pos += 2;
            continue;
          case 0x6a: // LONG_BINGET
            if (pos + 5 > end) break;
            stack.push(this.get(view.getUint32(pos + 1, true), memo));
            pos += 5;
            continue;
          case 0x28: // MARK
            m.checkDepth(op, pos);
            marks.push(stack.length);
            pos += 1;
            continue;
          case 0x7d: // EMPTY_DICT
            m.checkDepth(op, pos);
            stack.push(this.settings.dictMode === "map" ? new Map() : createDict());
            pos += 1;
            continue;
          case 0x5d: // EMPTY_LIST
            m.checkDepth(op, pos);
            stack.push([]);
            pos += 1;
            continue;
          case 0x29: // EMPTY_TUPLE
            stack.push(markTuple([]));
            pos += 1;
            continue;
          case 0x8f: // EMPTY_SET
            m.checkDepth(op, pos);
            stack.push(this.settings.setsAsArrays ? [] : new Set());
            pos += 1;
            continue;
          case 0x75: // SETITEMS
            setItemsOp(m, op, pos);
            pos += 1;
            continue;
          case 0x65: // APPENDS
            appendsOp(m, op, pos);
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
          case 0x90: // ADDITEMS
            addItemsOp(m, op, pos);
            pos += 1;
            continue;
          case 0x74: // TUPLE
          case 0x6c: // LIST
          case 0x91: // FROZENSET
          case 0x64: // DICT
            fromMarkOp(m, op, pos);
            pos += 1;
            continue;
          case 0x85: // TUPLE1
            if (stack.length - 1 < fence) decline();
            stack.push(markTuple([stack.pop()!]));
            pos += 1;
            continue;
          case 0x86: /* TUPLE2 */ {
            if (stack.length - 2 < fence) decline();
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second]));
            pos += 1;
            continue;
          }
          case 0x87: /* TUPLE3 */ {
            if (stack.length - 3 < fence) decline();
            const third = stack.pop()!;
            const second = stack.pop()!;
            stack.push(markTuple([stack.pop()!, second, third]));
            pos += 1;
            continue;
          }
          case 0x8c: // SHORT_BINUNICODE
          case 0x58: // BINUNICODE
          case 0x8d: // BINUNICODE8
          case 0x43: // SHORT_BINBYTES
          case 0x42: // BINBYTES
          case 0x8e: // BINBYTES8
          case 0x55: // SHORT_BINSTRING
          case 0x54: // BINSTRING
          case 0x96: // BYTEARRAY8
          case 0x8a: // LONG1
          case 0x8b: /* LONG4 */ {
            const header = ARG_HEADER[op]!;
            if (pos + 1 + header > end) break;
            const length = claimedLength(input, view, pos, op, ARG_SIZE[op]!, this.settings);
            if (typeof length !== "number") decline();
            const argStart = pos + 1 + header;
            if (argStart + length - start > MAX_ISLAND_BYTES) decline();
            if (argStart + length > end) break;
            // Shorter than VIEW_MIN_BYTES: a copy, never a view of the window.
            m.pushPayload(op, input, argStart, length, pos);
            pos = argStart + length;
            continue;
          }
          case 0x4b: // BININT1
            if (pos + 2 > end) break;
            stack.push(input[pos + 1]!);
            pos += 2;
            continue;
          case 0x4d: // BININT2
            if (pos + 3 > end) break;
            stack.push(view.getUint16(pos + 1, true));
            pos += 3;
            continue;
          case 0x4a: // BININT
            if (pos + 5 > end) break;
            stack.push(view.getInt32(pos + 1, true));
            pos += 5;
            continue;
          case 0x47: /* BINFLOAT */ {
            if (pos + 9 > end) break;
            const value = view.getFloat64(pos + 1, false);
            stack.push(this.settings.wrapIntegralFloats && Number.isInteger(value) ? new PyFloat(value) : value);
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
          case 0x93: // STACK_GLOBAL
            stackGlobalOp(m, op, pos);
            pos += 1;
            continue;
          case 0x63: /* GLOBAL */ {
            const argEnd = rareArgumentEnd(m, input, op, pos, end);
            if (argEnd < 0) break;
            runRareOp(m, input, view, op, pos, argEnd);
            pos = argEnd;
            continue;
          }
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
            // A joblib array wrapper's raw bytes follow, outside any opcode: the value path's.
            if (hasRawPayload(stack[stack.length - 1])) decline();
            pos += 1;
            continue;
          case 0x95: /* FRAME */ {
            // A FRAME inside a frame, or one of 2 GiB: the value decoder judges.
            if (pos < frameEnd) decline();
            if (pos + 9 > end) break;
            const size = view.getUint32(pos + 1, true);
            if (view.getUint32(pos + 5, true) !== 0 || size > MAX_FRAME_BYTES) decline();
            pos += 9;
            frameEnd = pos + size;
            end = Math.min(frameEnd, windowEnd);
            continue;
          }
          default:
            decline();
        }
        // An opcode whose argument runs past its frame's end (the value path's error), or has not fully arrived.
        if (end < windowEnd) decline();
        this.reached = pos;
        return ISLAND_RAN_OUT;
      }
    } catch {
      // Errors are the value path's to report, at its offsets.
      decline();
    }
  }

  /**
   * A `datetime.datetime`, a `datetime.date`, a `datetime.time`, a `decimal.Decimal`, a numpy
   * scalar, a `datetime.timedelta` or a naive pandas Timestamp or Timedelta as CPython pickles
   * one at protocols 3-5 (the calls of ints at 2-5; a `uuid.UUID` at 2-5 is readUuid's): its class (STACK_GLOBAL of the strs `module`
   * and `name` the driver holds, GLOBAL, or a memo read of the class), SHORT_BINBYTES of its
   * state (a Decimal: its str; a scalar: its dtype, then its bytes; a timedelta: its days,
   * seconds and microseconds as ints; pandas': their ints and Nones), TUPLE1 (or, for a datetime
   * and a time, a fixed-offset timezone and TUPLE2; a scalar's TUPLE2; a timedelta's TUPLE3; a
   * Timestamp's MARK ... TUPLE or TUPLE3; a Timedelta's TUPLE2), REDUCE, each maybe memoized,
   * then an opcode that takes the value into the data around it. A timezone or a dtype is read
   * by island-parts.ts. Read here without the Machine, the state's bytes, the tuple or the
   * value's object (a stream of timestamped records holds one in every record): `text` is what
   * the value path writes for it (`stateIsoText` and `stateTimeText`, the reconstructor's checks
   * and isoformat; a Decimal's `canonicalDecimalText`); a scalar or a call of ints is made
   * (`madeValue`, by the value path's reconstructor) and written by the value path's encoder.
   * Frames as `read` takes them: a FRAME may start where one ends, an
   * opcode cut by a frame's end is the value path's error. Returns the position after it
   * (`frameEnd` the frame it ends in), with the class's memo put in `classPut` (its value
   * `classGlobal`), the others in putIndices with their values in putValues (the state's and the
   * tuple's undefined: a memo read of them declines its record) and the value's in `textPut` (-1
   * for none); ISLAND_RAN_OUT when the window ends before it is known; NOT_STATE_TEXT when the
   * bytes are anything else, or malformed, or the state fails a check (then `read` reads them,
   * and the value path says why).
   */
  readStateText(input: Uint8Array, view: DataView, start: number, windowEnd: number, frameEnd: number, proto: number, nextMemo: number, memo: IslandMemo, module?: string, name?: string): number {
    this.textWindowEnd = windowEnd;
    this.textFrameEnd = frameEnd;
    this.textEnd = start < frameEnd && frameEnd < windowEnd ? frameEnd : windowEnd;
    this.textMemo = memo;
    let pos = start;
    let memoLength = nextMemo;
    let cls: PyValue | undefined;
    this.classPut = -1;
    const op = input[pos];
    if (op === 0x68 /* BINGET */ || op === 0x6a /* LONG_BINGET */) {
      const size = op === 0x68 ? 2 : 5;
      if (pos + size > this.textEnd) return this.cut();
      cls = memo.islandMemoValue(op === 0x68 ? input[pos + 1]! : view.getUint32(pos + 1, true));
      pos += size;
    } else if (op === 0x93 /* STACK_GLOBAL */ && classKind(module!, name!) !== NOT_TEXT_CLASS) {
      pos += 1;
      // The Machine's own global for the name (its reconstructor is found by identity).
      cls = this.classGlobal = this.m.classes.resolve(module!, name!, proto);
    } else if (op === 0x63 /* GLOBAL */) {
      const index = globalIndex(TEXT_GLOBALS, input, pos + 1, this.textEnd);
      if (index === GLOBAL_CUT) return this.cut();
      if (index === NOT_GLOBAL) return NOT_STATE_TEXT;
      const [globalModule, globalName] = TEXT_CLASSES[index]!;
      pos += 1 + TEXT_GLOBALS[index]!.length;
      cls = this.classGlobal = this.m.classes.resolve(globalModule, globalName, proto);
    } else {
      return NOT_STATE_TEXT;
    }
    if (!(cls instanceof PyGlobal)) return NOT_STATE_TEXT;
    const kind = classKind(cls.module, cls.name);
    if (kind === NOT_TEXT_CLASS) return NOT_STATE_TEXT;
    const puts = this.putIndices;
    puts.length = 0;
    this.putValues.length = 0;
    this.textPut = -1;
    this.madeValue = undefined;
    if (kind === K_UUID) return this.readUuid(input, view, pos, memoLength, op === 0x68 || op === 0x6a);
    let state = -1;
    let stateLength = 0;
    let decimalText: string | undefined;
    // A pandas Timestamp's arguments follow a MARK (four of them) rather than make a TUPLE3.
    let isMarked = false;
    // A datetime's timezone, a scalar's dtype: the part its tuple holds before the state.
    let part: PyValue | undefined;
    let partDepth = 0;
    // The class's put (a global read from the memo is not put again), the state (a scalar's dtype
    // before it), its put, TUPLE1 (or a datetime's timezone and TUPLE2; a scalar's TUPLE2), the
    // tuple's put, REDUCE, the value's put.
    for (let step = op === 0x68 || op === 0x6a ? 1 : 0; step < 7; step++) {
      pos = this.nextOpcode(input, view, pos);
      if (pos < 0) return pos;
      const code = input[pos]!;
      const isPartHere =
        kind === K_SCALAR ? step === 1 && part === undefined : (kind === K_DATETIME || kind === K_TIME) && step === 3 && part === undefined && code !== 0x85; /* TUPLE1 */
      if (isPartHere) {
        // A datetime's fixed-offset timezone, a scalar's dtype: read from the memo, or made here.
        pos = this.parts.read(kind === K_SCALAR ? DTYPE_PART : TIMEZONE_PART, this, input, view, pos, memoLength, NOT_STATE_TEXT);
        if (pos < 0) return pos;
        part = this.parts.value;
        partDepth = this.parts.depth;
        memoLength = this.parts.memoLength;
        step--;
        continue;
      }
      if (step === 1 && (kind === K_TIMEDELTA || kind === K_PD_TIMESTAMP || kind === K_PD_TIMEDELTA)) {
        // Calls of ints, as CPython writes them: timedelta(days, seconds, microseconds); pandas'
        // _unpickle_timestamp(value, None, None, reso) after a MARK, or pandas 1's (value, None,
        // None) for TUPLE3 (a timezone-aware one is `read`'s); _timedelta_unpickle(value, reso).
        const args = this.callArgs;
        args.length = 0;
        const isTimestamp = kind === K_PD_TIMESTAMP;
        isMarked = isTimestamp && code === 0x28; /* MARK */
        if (isMarked) pos += 1;
        for (let i = 0; i < (isMarked ? 4 : isTimestamp || kind === K_TIMEDELTA ? 3 : 2); i++) {
          if (i > 0 || isMarked) {
            pos = this.nextOpcode(input, view, pos);
            if (pos < 0) return pos;
          }
          const argOp = input[pos]!;
          if (isTimestamp && (i === 1 || i === 2)) {
            if (argOp !== 0x4e /* NONE */) return NOT_STATE_TEXT;
            args.push(null);
            pos += 1;
            continue;
          }
          // (value, freq, tz) after a MARK, without the resolution.
          if (isMarked && i === 3 && argOp === 0x74 /* TUPLE */) break;
          const end = this.readIntArg(input, view, pos);
          if (end < 0) return end;
          args.push(this.intArg);
          pos = end;
        }
        continue;
      }
      if (step === 1 && kind === K_DECIMAL) {
        // Decimal(str(self)): its str.
        const end = shortStrEnd(input, view, pos, this.textEnd);
        if (end === STR_CUT) return this.cut();
        if (end < 0) return NOT_STATE_TEXT;
        decimalText = asciiText(input, strStart(input, pos), end);
        if (decimalText === undefined) return NOT_STATE_TEXT;
        pos = end;
        continue;
      }
      if (step === 1) {
        if (code !== 0x43 /* SHORT_BINBYTES */) return NOT_STATE_TEXT;
        if (pos + 2 > this.textEnd || pos + 2 + input[pos + 1]! > this.textEnd) return this.cut();
        stateLength = input[pos + 1]!;
        if (kind !== K_SCALAR && stateLength !== (kind === K_DATE ? 4 : kind === K_TIME ? 6 : 10)) return NOT_STATE_TEXT;
        state = pos + 2;
        pos += 2 + stateLength;
        continue;
      }
      if (step === 3 || step === 5) {
        const expected =
          step === 5
            ? 0x52 /* REDUCE */
            : isMarked
              ? 0x74 /* TUPLE */
              : kind === K_TIMEDELTA || kind === K_PD_TIMESTAMP
                ? 0x87 /* TUPLE3 */
                : part === undefined && kind !== K_PD_TIMEDELTA
                  ? 0x85 /* TUPLE1 */
                  : 0x86; /* TUPLE2 */
        if (code !== expected) return NOT_STATE_TEXT;
        pos += 1;
        continue;
      }
      let index: number;
      if (code === 0x94 /* MEMOIZE */) {
        index = memoLength;
        pos += 1;
      } else if (code === 0x71 /* BINPUT */) {
        if (pos + 2 > this.textEnd) return this.cut();
        index = input[pos + 1]!;
        pos += 2;
      } else if (code === 0x72 /* LONG_BINPUT */) {
        if (pos + 5 > this.textEnd) return this.cut();
        index = view.getUint32(pos + 1, true);
        pos += 5;
      } else {
        continue;
      }
      memoLength++;
      if (step === 0) {
        this.classPut = index;
      } else if (step === 6) {
        this.textPut = index;
      } else {
        puts.push(index);
        // The state's bytes and the tuple are holes; a Decimal's str is itself.
        this.putValues.push(step === 2 && kind === K_DECIMAL ? decimalText : undefined);
      }
    }
    // The value ends here (a FRAME after it is not read: `read` ends an island before it too).
    // What follows is not scanned for an opcode acting on it, as `read` must: CPython never
    // writes one after these classes, and the driver declines the record at any such opcode (a
    // BUILD, a REDUCE, items set on it), where the value path answers. One right here is read.
    if (pos >= this.textWindowEnd) return ISLAND_RAN_OUT;
    const next = input[pos]!;
    if (next === 0x62 /* BUILD */ || next === 0x94 /* MEMOIZE */ || next === 0x71 /* BINPUT */ || next === 0x72 /* LONG_BINPUT */) return NOT_STATE_TEXT;
    if (kind === K_TIMEDELTA || kind === K_PD_TIMESTAMP || kind === K_PD_TIMEDELTA) {
      // The value path's call (its reconstructor and checks), without the tuple.
      const args = this.callArgs.slice();
      try {
        this.madeValue = this.m.callAt(cls, args, null, 0x52 /* REDUCE */, pos);
      } catch {
        return NOT_STATE_TEXT;
      }
      this.text = "";
    } else if (kind === K_SCALAR) {
      // numpy's scalar(dtype, bytes) as its reconstructor makes it (an object dtype's scalar is
      // its second argument: the value path's); written by the value path's encoder.
      if (!(part instanceof NumpyDtype) || part.kind === "O") return NOT_STATE_TEXT;
      try {
        // A bool, int or float: its plain value alone, which the encoder writes as the scalar's.
        this.madeValue = numberScalarPlain(part, input.subarray(state, state + stateLength)) ?? new NumpyScalar(part, input.slice(state, state + stateLength));
      } catch {
        return NOT_STATE_TEXT;
      }
      this.text = "";
    } else {
      const tzinfo = (part as PyTimezone | undefined) ?? null;
      const text = kind === K_DECIMAL ? decimalStr(decimalText!) : kind === K_TIME ? stateTimeText(input, state, tzinfo) : stateIsoText(input, state, kind === K_DATE, tzinfo);
      if (text === undefined) return NOT_STATE_TEXT;
      this.text = text;
    }
    // What the Machine's stack holds at most, as `read` counts it: the class and the state; a
    // datetime's class, state and timezone (or what made it); a scalar's class and dtype (or
    // what made it), then its class, dtype and bytes; a call of ints: its class, (a MARK) and ints.
    this.depth = kind === K_TIMEDELTA ? 4 : kind === K_PD_TIMESTAMP ? 6 : kind === K_PD_TIMEDELTA ? 3 : part === undefined ? 2 : kind === K_SCALAR ? 1 + Math.max(2, partDepth) : 2 + partDepth;
    this.frameEnd = this.textFrameEnd;
    return pos;
  }

  /**
   * A `uuid.UUID` as CPython pickles one, from past its class (`isClassRead`: a memo read of it,
   * else GLOBAL or STACK_GLOBAL and an optional put): EMPTY_TUPLE, NEWOBJ, the object's optional
   * put, EMPTY_DICT, the state's optional put, the str `int` (SHORT_BINUNICODE or BINUNICODE
   * and an optional put, or a memo read of it), the int (readUuidInt), SETITEM, BUILD. `text` is
   * `str(uuid)`, as the value path writes the UUID; the object's put is the value's (`textPut`:
   * BUILD fills the object it put), the state's a hole, the str's the str. A state with more keys
   * (`is_safe`, as `uuid1()` may give) is NOT_STATE_TEXT: `read` reads it.
   */
  private readUuid(input: Uint8Array, view: DataView, pos: number, memoLength: number, isClassRead: boolean): number {
    let text: string | undefined;
    for (let step = isClassRead ? 1 : 0; step < 10; step++) {
      pos = this.nextOpcode(input, view, pos);
      if (pos < 0) return pos;
      const code = input[pos]!;
      if (step === 0 || step === 3 || step === 5) {
        // The class's, the object's and the state's optional puts.
        const after = this.putAt(input, view, pos, memoLength);
        if (after < 0) return after;
        if (after === pos) continue;
        pos = after;
        memoLength++;
        if (step === 0) this.classPut = this.putIndex;
        else if (step === 3) this.textPut = this.putIndex;
        else {
          // The state dict: a hole (a memo read of it declines).
          this.putIndices.push(this.putIndex);
          this.putValues.push(undefined);
        }
        continue;
      }
      if (step === 6) {
        // The key: `int` made here (and maybe put), or read from the memo.
        if (code === 0x68 /* BINGET */ || code === 0x6a /* LONG_BINGET */) {
          const size = code === 0x68 ? 2 : 5;
          if (pos + size > this.textEnd) return this.cut();
          if (this.memoValue(code === 0x68 ? input[pos + 1]! : view.getUint32(pos + 1, true)) !== "int") return NOT_STATE_TEXT;
          pos += size;
          continue;
        }
        const end = shortStrEnd(input, view, pos, this.textEnd);
        if (end === STR_CUT) return this.cut();
        const from = end < 0 ? 0 : strStart(input, pos);
        if (end - from !== 3 || input[from] !== 0x69 || input[from + 1] !== 0x6e || input[from + 2] !== 0x74) return NOT_STATE_TEXT;
        pos = this.nextOpcode(input, view, end);
        if (pos < 0) return pos;
        const after = this.putAt(input, view, pos, memoLength);
        if (after < 0) return after;
        if (after > pos) {
          memoLength++;
          this.put(this.putIndex, "int");
          pos = after;
        }
        continue;
      }
      if (step === 7) {
        const end = this.readUuidInt(input, view, pos);
        if (end < 0) return end;
        text = this.text;
        pos = end;
        continue;
      }
      // EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, SETITEM, BUILD.
      if (code !== UUID_OPCODES[step]) return NOT_STATE_TEXT;
      pos += 1;
    }
    // As readStateText ends: a put or a BUILD after it is `read`'s.
    if (pos >= this.textWindowEnd) return ISLAND_RAN_OUT;
    const next = input[pos]!;
    if (next === 0x62 /* BUILD */ || next === 0x94 /* MEMOIZE */ || next === 0x71 /* BINPUT */ || next === 0x72 /* LONG_BINPUT */) return NOT_STATE_TEXT;
    this.text = text!;
    // The class and `()`, then the object, its state, the key and the int.
    this.depth = 4;
    this.frameEnd = this.textFrameEnd;
    return pos;
  }

  /** The index the last putAt read. */
  private putIndex = 0;

  /**
   * The optional put (MEMOIZE: the memo's next index `memoLength`, BINPUT, LONG_BINPUT) at `pos`:
   * the position after it, its index in `putIndex`; `pos` when there is none; the `cut()` answer
   * when the window ends in it.
   */
  private putAt(input: Uint8Array, view: DataView, pos: number, memoLength: number): number {
    const code = input[pos]!;
    if (code === 0x94 /* MEMOIZE */) {
      this.putIndex = memoLength;
      return pos + 1;
    }
    const size = code === 0x71 /* BINPUT */ ? 2 : code === 0x72 /* LONG_BINPUT */ ? 5 : 0;
    if (size === 0) return pos;
    if (pos + size > this.textEnd) return this.cut();
    this.putIndex = size === 2 ? input[pos + 1]! : view.getUint32(pos + 1, true);
    return pos + size;
  }

  /**
   * A UUID's int at `pos` (LONG1 of up to 17 bytes, BININT1, BININT2, BININT), its text
   * (`str(uuid)`) into `text`: the position after it, the `cut()` answer when the window ends in
   * it, NOT_STATE_TEXT for another opcode or an int that is no UUID's (negative, 2**128 and up).
   */
  private readUuidInt(input: Uint8Array, view: DataView, pos: number): number {
    const op = input[pos]!;
    if (op === 0x8a /* LONG1 */) {
      if (pos + 2 > this.textEnd) return this.cut();
      const size = input[pos + 1]!;
      if (pos + 2 + size > this.textEnd) return this.cut();
      const text = uuidTextOfLong(input, pos + 2, size);
      if (text === undefined) return NOT_STATE_TEXT;
      this.text = text;
      return pos + 2 + size;
    }
    const size = op === 0x4b /* BININT1 */ ? 1 : op === 0x4d /* BININT2 */ ? 2 : op === 0x4a /* BININT */ ? 4 : 0;
    if (size === 0) return NOT_STATE_TEXT;
    if (pos + 1 + size > this.textEnd) return this.cut();
    const value = size === 1 ? input[pos + 1]! : size === 2 ? view.getUint16(pos + 1, true) : view.getInt32(pos + 1, true);
    if (value < 0) return NOT_STATE_TEXT;
    this.text = uuidText(BigInt(value));
    return pos + 1 + size;
  }

  /**
   * The int argument at `pos` as CPython writes one (BININT1, BININT2, BININT, LONG1 of up to 8
   * bytes) into `intArg`: returns the position after it, the `cut()` answer when the window ends
   * in it, NOT_STATE_TEXT for another opcode.
   */
  private readIntArg(input: Uint8Array, view: DataView, pos: number): number {
    const op = input[pos]!;
    if (op === 0x8a /* LONG1 */) {
      if (pos + 2 > this.textEnd) return this.cut();
      const size = input[pos + 1]!;
      if (size > 8) return NOT_STATE_TEXT;
      if (pos + 2 + size > this.textEnd) return this.cut();
      if (size === 8) {
        // A pandas Timestamp in nanoseconds.
        this.intArg = view.getBigInt64(pos + 2, true);
      } else if (size <= 6) {
        let value = 0;
        for (let i = size - 1; i >= 0; i--) value = value * 256 + input[pos + 2 + i]!;
        this.intArg = size > 0 && input[pos + 1 + size]! >= 0x80 ? value - 2 ** (8 * size) : value;
      } else {
        let value = 0n;
        for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[pos + 2 + i]!);
        this.intArg = input[pos + 1 + size]! >= 0x80 ? value - (1n << 56n) : value;
      }
      return pos + 2 + size;
    }
    const size = op === 0x4b /* BININT1 */ ? 1 : op === 0x4d /* BININT2 */ ? 2 : op === 0x4a /* BININT */ ? 4 : 0;
    if (size === 0) return NOT_STATE_TEXT;
    if (pos + 1 + size > this.textEnd) return this.cut();
    this.intArg = size === 1 ? input[pos + 1]! : size === 2 ? view.getUint16(pos + 1, true) : view.getInt32(pos + 1, true);
    return pos + 1 + size;
  }

  /** PartSource: a memo read inside readStateText, the island's own puts first (a hole: undefined), then the driver's entries. */
  memoValue(index: number): PyValue | undefined {
    const indices = this.putIndices;
    for (let i = indices.length - 1; i >= 0; i--) if (indices[i] === index) return this.putValues[i];
    if (index === this.classPut) return this.classGlobal!;
    return this.textMemo!.islandMemoValue(index);
  }

  /** readStateText's window end, frame end and the end of what it may read now (the frame's, while inside one that ends in the window); PartSource's. */
  private textWindowEnd = 0;
  textFrameEnd = -1;
  textEnd = 0;
  /** The driver's memo, while readStateText runs. */
  private textMemo: IslandMemo | null = null;

  /** PartSource: an opcode's argument runs past `textEnd`, the window's end (more may come) or the frame's (the value path's error). */
  cut(): number {
    return this.textEnd === this.textWindowEnd ? ISLAND_RAN_OUT : NOT_STATE_TEXT;
  }

  /**
   * PartSource: the position of the opcode at `pos` or, where a frame ends there, after the
   * FRAME that may follow (as `read` reads frames); ISLAND_RAN_OUT or NOT_STATE_TEXT when it
   * cannot tell.
   */
  nextOpcode(input: Uint8Array, view: DataView, pos: number): number {
    if (pos >= this.textEnd) {
      if (this.textEnd === this.textWindowEnd) return ISLAND_RAN_OUT;
      // The frame ended: what follows is outside it, or a new FRAME.
      this.textEnd = this.textWindowEnd;
    }
    if (input[pos] !== 0x95 /* FRAME */) return pos;
    if (pos < this.textFrameEnd) return NOT_STATE_TEXT;
    if (pos + 9 > this.textEnd) return ISLAND_RAN_OUT;
    const size = view.getUint32(pos + 1, true);
    if (view.getUint32(pos + 5, true) !== 0 || size > MAX_FRAME_BYTES) return NOT_STATE_TEXT;
    pos += 9;
    this.textFrameEnd = pos + size;
    this.textEnd = Math.min(this.textFrameEnd, this.textWindowEnd);
    // An empty frame, or a FRAME right after it: `read` takes those; here they are something else.
    if (pos >= this.textEnd || input[pos] === 0x95) return pos >= this.textWindowEnd ? ISLAND_RAN_OUT : NOT_STATE_TEXT;
    return pos;
  }

  private put(index: number, value: PyValue): void {
    this.putIndices.push(index);
    this.putValues.push(value);
  }

  /** A memo read: the island's own puts first (the last with that index), then the driver's. */
  private get(index: number, memo: IslandMemo): PyValue {
    this.m.lastCall = null;
    const indices = this.putIndices;
    for (let i = indices.length - 1; i >= 0; i--) if (indices[i] === index) return this.putValues[i]!;
    const value = memo.islandMemoValue(index);
    if (value === undefined) decline();
    return value;
  }
}

/** The kinds of class readStateText reads (classKind's answers; TEXT_CLASS_KINDS maps TEXT_CLASSES to them). */
const K_DATETIME = 0;
const K_DATE = 1;
const K_DECIMAL = 2;
const K_SCALAR = 3;
const K_TIMEDELTA = 4;
const K_TIME = 5;
const K_PD_TIMESTAMP = 6;
const K_PD_TIMEDELTA = 7;
const K_UUID = 8;
const NOT_TEXT_CLASS = -1;
const TEXT_CLASSES: readonly (readonly [string, string])[] = [
  ["datetime", "datetime"],
  ["datetime", "date"],
  ["decimal", "Decimal"],
  ["numpy._core.multiarray", "scalar"],
  // numpy 1's name for it.
  ["numpy.core.multiarray", "scalar"],
  ["datetime", "timedelta"],
  ["datetime", "time"],
  ["pandas._libs.tslibs.timestamps", "_unpickle_timestamp"],
  ["pandas._libs.tslibs.timedeltas", "_timedelta_unpickle"],
  ["uuid", "UUID"],
];
/** The kind of each of TEXT_CLASSES. */
const TEXT_CLASS_KINDS: readonly number[] = [K_DATETIME, K_DATE, K_DECIMAL, K_SCALAR, K_SCALAR, K_TIMEDELTA, K_TIME, K_PD_TIMESTAMP, K_PD_TIMEDELTA, K_UUID];
/** readUuid's opcodes by step (its puts, key and int are read apart): EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, SETITEM, BUILD. */
const UUID_OPCODES: readonly number[] = [-1, 0x29, 0x81, -1, 0x7d, -1, -1, -1, 0x73, 0x62];
/** GLOBAL's argument for each of TEXT_CLASSES. */
const TEXT_GLOBALS = TEXT_CLASSES.map(([module, name]) => new TextEncoder().encode(`${module}\n${name}\n`));

/** Which of the classes readStateText reads `module.name` is, or NOT_TEXT_CLASS. */
function classKind(module: string, name: string): number {
  for (let i = 0; i < TEXT_CLASSES.length; i++) {
    const [m, n] = TEXT_CLASSES[i]!;
    if (m === module && n === name) return TEXT_CLASS_KINDS[i]!;
  }
  return NOT_TEXT_CLASS;
}

/** `str(Decimal(text))`, or undefined where the reconstructor refuses the text (the value path says why). */
function decimalStr(text: string): string | undefined {
  try {
    return canonicalDecimalText(text);
  } catch {
    return undefined;
  }
}

/** Opcodes that take the value alone on the island's stack into the data around it (or end the record): no scan needed. */
const TAKES_VALUE = (() => {
  const takes = new Uint8Array(256);
  for (const op of [OP.SETITEMS, OP.APPENDS, OP.SETITEM, OP.APPEND, OP.ADDITEMS, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3, OP.TUPLE, OP.LIST, OP.FROZENSET, OP.DICT, OP.STOP]) takes[op] = 1;
  return takes;
})();
