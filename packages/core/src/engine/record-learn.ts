// How a record is learned (record-shape.ts says why): its opcodes read once into steps (bytes
// compared as learned, holes that take any value of their class) and a tree of what they make
// (dicts, lists, the holes' leaves). The byte writers compile that into a replay of their output
// (record-shape.ts); the value path into a replay that builds the record's values
// (decoder/record-values.ts). Nothing here writes or builds anything.

import { STANDALONE_CONTEXT } from "../classes/registry.js";
import { formatUtcOffset, PyTimedelta, PyTimezone, timedeltaClasses, totalSecondsOf } from "../classes/timedelta.js";
import type { PyValue } from "../values/py-types.js";

/** What a value hole takes: any str (SHORT_BINUNICODE, BINUNICODE), int (BININT1, BININT2, BININT, LONG1), float, or None/True/False. */
export const H_STR = 1;
export const H_INT = 2;
export const H_FLOAT = 3;
export const H_CONST = 4;
/**
 * A `datetime.datetime` or a `datetime.date`: the SHORT_BINBYTES of its state (10 or 4 bytes),
 * written as its isoformat str. A datetime whose timezone the record builds, compared as learned
 * (`timezone(timedelta(...))`, pytz's `_p(...)`, zoneinfo's `ZoneInfo._unpickle(key, 1)`), has
 * H_DATETIME | (k + 1) << TIMEZONE_SHIFT: its isoformat ends with the shape's k-th timezone's
 * offset (ShapeTimezone: a fixed text, or a zone's offset at the datetime's wall time).
 */
export const H_DATETIME = 5;
export const H_DATE = 6;
/** A `decimal.Decimal`'s str (SHORT_BINUNICODE, BINUNICODE), written as `str(Decimal(text))`. */
export const H_DECIMAL = 7;
/** Any bytes (SHORT_BINBYTES, BINBYTES): base64 in JSON, bin in msgpack. */
export const H_BYTES = 8;
/**
 * A `datetime.timedelta(days, seconds, microseconds)`: its first two ints (BININT1, BININT2,
 * BININT) are read and kept (silent holes: nothing written, no piece before them), the third
 * writes `total_seconds()` as a float.
 */
export const H_TD_DAYS = 9;
export const H_TD_SECONDS = 10;
export const H_TIMEDELTA = 11;
/** A `uuid.UUID`'s int (its BUILD state `{"int": n}`), written as `str(uuid)`. */
export const H_UUID = 12;
/**
 * A list of scalars of any length, from right after its EMPTY_LIST: its optional put, then
 * nothing, `x APPEND` or `MARK x... APPENDS` (each item a str, int, float or constant, with its
 * optional put). Learned only when nothing after the list reads the memo: the items' puts move
 * the memo's later indices, and a replay then meets other bytes where the learned record had a
 * memo read (a miss), never a read of another value.
 */
export const H_LIST = 13;
/** Items a replayed list may have (CPython's batch: more go in another MARK ... APPENDS, a miss). */
export const MAX_LIST_ITEMS = 1000;
/**
 * A set of strs of any length, from right after its EMPTY_SET: its optional put, then nothing or
 * `MARK (str [put])... ADDITEMS`, written as an array in the pickle's order. Its strs must differ
 * (the value path's set keeps one of equal ones: the driver's to judge), so a replay takes up to
 * MAX_SET_ITEMS and compares their bytes.
 */
export const H_SET = 14;
/**
 * Any scalar (a str, an int, a float, None, True, False) and its optional MEMOIZE, counted: a
 * hole of a list of dicts' later items (record-loops.ts), where a value None in one item and a
 * str in the next makes one shape. The first item's holes keep their class: the later items'
 * memo reads of its keys need its puts where they were.
 */
export const H_SCALAR = 15;
export const MAX_SET_ITEMS = 32;
export const HOLE_CLASS_BITS = 0xf;
export const TIMEZONE_SHIFT = 4;
/** Timezones a shape keeps (a record with datetimes in a few of them). */
const MAX_TIMEZONES = 8;
/** Longest Decimal str a replay reads (longer ones are the driver's). */
export const MAX_DECIMAL_BYTES = 255;

// The replay's program: triples [op, a, b].
/** The input's next `b` bytes equal the model's from `a`. */
export const P_EXACT = 0;
/** A FRAME whose end must be the record's end (its size differs from record to record). */
export const P_FRAME = 1;
/** A step inside a list hole (H_LIST), or the empty place after an EMPTY_LIST no hole took: not compiled. */
export const P_SKIP = 4;
/** Piece `b` of the learned output, then a value of class `a` (H_*). */
export const P_HOLE = 2;
/** STOP, then piece `a`: the record is complete. */
export const P_STOP = 3;

/** LONG1 payloads past this many bytes are the driver's to judge (tape-driver.ts declines them). */
export const MAX_LONG_BYTES = 64;
/** Records longer than this are not learned from (a shape is for many small records). */
export const MAX_LEARNED_BYTES = 1 << 13;

/**
 * A timezone a learned record's datetimes have (H_DATETIME's index): a fixed offset's text,
 * written after the isoformat, or a zoneinfo zone, whose offset at each datetime's wall time
 * (and fold) is found as the value path finds it (zones.ts zoneWallOffset).
 */
export type ShapeTimezone = ({ readonly suffix: string } | { readonly zone: string }) & {
  /** How the record made it (the value path makes it again so). */
  readonly made: MadeTimezone;
};

/**
 * How the record made a timezone, where the value path makes it again: a class (`datetime.timezone`,
 * `pytz._p`, `pytz._UTC`, `pytz.FixedOffset`) or a value made before it (`getattr(ZoneInfo,
 * "_unpickle")`) called with arguments, among them calls made first (`datetime.timedelta(...)`, a
 * timezone's offset) and classes (MadeGlobal).
 */
export type MadeTimezone =
  | { readonly cls: string; readonly args: readonly MadeArgument[] }
  | { readonly callee: MadeTimezone; readonly args: readonly MadeArgument[] };

/** An argument of a MadeTimezone's call. */
export type MadeArgument = number | string | MadeTimezone | MadeGlobal;

/** A class as an argument (`zoneinfo.ZoneInfo`, of getattr). */
export class MadeGlobal {
  constructor(readonly name: string) {}
}

/**
 * Appends the exact `step` to a program of triples as [P_EXACT, from, length] (`from` counted from
 * the record's `start`), merged into the program's last triple when that one is exact and ends
 * where the step begins: a replay compares the bytes between two holes at once.
 */
export function pushExact(program: number[], step: Step, start: number): void {
  const last = program.length - 3;
  if (last >= 0 && program[last] === P_EXACT && program[last + 1]! + program[last + 2]! === step.from - start) program[last + 2] = program[last + 2]! + step.to - step.from;
  else program.push(P_EXACT, step.from - start, step.to - step.from);
}

/** Past the optional put (MEMOIZE, BINPUT, LONG_BINPUT) at input[p]; -1 when one is cut by `end`. */
export function putEnd(input: Uint8Array, p: number, end: number): number {
  if (p >= end) return p;
  const op = input[p];
  const after = op === 0x94 /* MEMOIZE */ ? p + 1 : op === 0x71 /* BINPUT */ ? p + 2 : op === 0x72 /* LONG_BINPUT */ ? p + 5 : p;
  return after <= end ? after : -1;
}

/** A value of the learned record, as its output is to be written. */
export type ShapeNode =
  /** A str, int, float or constant: a hole, or (a key, a str met again) written as learned. */
  | { readonly type: "leaf"; readonly step: number; readonly text: string | null }
  /** A dict; `opened` is its EMPTY_DICT's step. */
  | { readonly type: "dict"; readonly items: ShapeNode[]; readonly opened?: number }
  /**
   * A list of dicts of any length (record-shape.ts makes it of a learned list of two dicts or
   * more): its first dict as learned (its keys spelled), and the dict every later item is (its
   * keys memo reads of the first's).
   */
  | { readonly type: "dicts"; readonly first: ShapeNode; readonly next: ShapeNode }
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
  | {
      readonly type: "object";
      readonly name: string;
      /** Its class as the pickle names it, and whether NEWOBJ (else REDUCE) made it. */
      readonly module: string;
      readonly local: string;
      readonly isNewObj: boolean;
      readonly args: ShapeNode | null;
      state: ShapeNode | null;
    }
  /** SHORT_BINBYTES: a datetime's or a date's state, for REDUCE. */
  | { readonly type: "state"; readonly step: number; readonly length: number }
  /** A fixed-offset timezone made of bytes compared as learned: a datetime's tzinfo, for REDUCE. */
  | { readonly type: "constant"; readonly value: PyTimezone; readonly made: MadeTimezone }
  /** `datetime.timedelta(days, seconds, microseconds)` of three int holes: a timezone's offset (made exact), else a value (settleValues). */
  | { readonly type: "timedelta"; readonly steps: readonly number[] }
  /** `uuid.UUID.__new__(UUID)`, for its BUILD. */
  | { readonly type: "uuid" }
  /** `getattr(zoneinfo.ZoneInfo, "_unpickle")`, and what it made of a zone's key: a datetime's tzinfo. */
  | { readonly type: "zoneUnpickle" }
  | { readonly type: "zone"; readonly zone: string; readonly made: MadeTimezone };

/** Whether `module.name` is a class we do not rebuild (its NEWOBJ or REDUCE makes a placeholder). */
export type PlainClassTest = (module: string, name: string) => boolean;

/** A step: one opcode of the learned record. */
export interface Step {
  readonly from: number;
  readonly to: number;
  /** P_EXACT, P_FRAME or P_HOLE (made exact when the value turns out to be a key or is met again). */
  kind: number;
  /** For a hole: its H_* class (a datetime's state gets its class at REDUCE). */
  holeClass: number;
}

/** Thrown inside learning: the record is not of a shape a replay covers. */
export const NOT_LEARNABLE = Symbol("not learnable");

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** A record read for learning: its steps in input order, the tree of its value, its datetimes' timezones. */
export interface LearnedRecord {
  readonly steps: readonly Step[];
  readonly root: ShapeNode;
  readonly timezones: readonly ShapeTimezone[];
}

/**
 * The steps and tree of the record input[start, end) (STOP included), which the driver read
 * without error; null when it holds what a replay does not cover: classes but naive datetimes and
 * dates and objects of classes we do not rebuild (`isPlainClass`), memo references to anything
 * but a str, keys other than strs, a key repeated in a dict, Python 2 strs, big ints,
 * frames other than one around the whole record, protocol 0's text opcodes.
 */
export function learnRecord(input: Uint8Array, start: number, end: number, isPlainClass: PlainClassTest): LearnedRecord | null {
  if (end - start > MAX_LEARNED_BYTES) return null;
  try {
    return learn(input, start, end, isPlainClass);
  } catch (error) {
    if (error === NOT_LEARNABLE) return null;
    throw error;
  }
}

export function reject(): never {
  throw NOT_LEARNABLE;
}

function learn(input: Uint8Array, start: number, end: number, isPlainClass: PlainClassTest): LearnedRecord {
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
  const object = (cls: ShapeNode, args: ShapeNode, isNewObj: boolean): ShapeNode => {
    if (cls.type !== "global" || args.type !== "array" || args.isList || !isPlainClass(cls.module, cls.local)) reject();
    return { type: "object", name: cls.name, module: cls.module, local: cls.local, isNewObj, args: args.items.length > 0 ? args : null, state: null };
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
        stack.push({ type: "dict", items: [], opened: steps.length });
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
          const unpickle: MadeTimezone = { cls: "builtins.getattr", args: [new MadeGlobal("zoneinfo.ZoneInfo"), "_unpickle"] };
          stack.push({ type: "zone", zone: key.text, made: { callee: unpickle, args: [key.text, smallIntAt(input, view, steps[flag.step]!.from)] } });
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
          stack.push(object(callable, args, false));
          exact(1);
          break;
        }
        let holeClass = callable.name === "datetime.datetime" && state.length === 10 ? H_DATETIME : callable.name === "datetime.date" && state.length === 4 && !hasTimezone ? H_DATE : reject();
        if (hasTimezone) {
          const key = tz!.type === "zone" ? `zone ${tz!.zone}` : formatUtcOffset((tz as { value: PyTimezone }).value.offset);
          let index = timezones.findIndex((known) => ("zone" in known ? `zone ${known.zone}` : known.suffix) === key);
          if (index < 0) {
            if (timezones.length >= MAX_TIMEZONES) reject();
            index = timezones.push(tz!.type === "zone" ? { zone: tz!.zone, made: tz!.made } : { suffix: key, made: (tz as { made: MadeTimezone }).made }) - 1;
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
        stack.push(isUuid ? { type: "uuid" } : object(cls, args, true));
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
  return { steps, root, timezones };
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
  const exactText = (item: ShapeNode | undefined): string => {
    if (item?.type !== "leaf" || item.text === null) reject();
    steps[item.step]!.kind = P_EXACT;
    return item.text;
  };
  let seconds: number;
  let args: MadeArgument[];
  if (name === "pytz._UTC") {
    if (items.length !== 0) reject();
    seconds = 0;
    args = [];
  } else if (name === "pytz.FixedOffset") {
    if (items.length !== 1) reject();
    const minutes = exactInt(items[0]);
    seconds = minutes * 60;
    args = [minutes];
  } else {
    if (items.length !== 4) reject();
    const zone = exactText(items[0]);
    seconds = exactInt(items[1]);
    args = [zone, seconds, exactInt(items[2]), exactText(items[3])];
  }
  // Made by datetime.timezone's own reconstructor: an offset of a day or more is refused there too.
  let value: PyValue;
  try {
    value = timedeltaClasses.get("datetime.timezone")!.construct([new PyTimedelta(0n, BigInt(seconds), 0n)], null, STANDALONE_CONTEXT) as PyValue;
  } catch {
    reject();
  }
  if (!(value instanceof PyTimezone)) reject();
  return { type: "constant", value, made: { cls: name, args } };
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
  let ints: number[] = [];
  try {
    ints = offset.steps.map((index) => {
      const step = steps[index]!;
      step.kind = P_EXACT;
      return smallIntAt(input, view, step.from);
    });
    args.push(timedeltaClasses.get("datetime.timedelta")!.construct(ints, null, STANDALONE_CONTEXT) as PyValue);
  } catch {
    reject();
  }
  if (name !== undefined) {
    if (name.type !== "leaf" || name.text === null) reject();
    steps[name.step]!.kind = P_EXACT;
    args.push(name.text);
  }
  const offsetCall: MadeTimezone = { cls: "datetime.timedelta", args: ints };
  const made: MadeTimezone = { cls: "datetime.timezone", args: name === undefined ? [offsetCall] : [offsetCall, (name as { text: string }).text] };
  let value: PyValue;
  try {
    value = timedeltaClasses.get("datetime.timezone")!.construct(args, null, STANDALONE_CONTEXT) as PyValue;
  } catch {
    reject();
  }
  if (!(value instanceof PyTimezone)) reject();
  return { type: "constant", value, made };
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
export function timedeltaSeconds(days: number, seconds: number, microseconds: number): number | undefined {
  try {
    return totalSecondsOf(days, seconds, microseconds);
  } catch {
    return undefined;
  }
}

/** A hole that writes nothing (a timedelta's days and seconds): no piece before it, no place in the output. */
export function isSilent(holeClass: number): boolean {
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
