import { DICT_PROTOTYPE, type NumberGrid, OutputError, PyFloat, type PyValue, RepeatedKey, isPyObject, toJson } from "@pkl-stream/core";
import { numberGridOf } from "@pkl-stream/core/internal";
import { badTypeError, describeContainer, type PathStep, formatPath, scalarKeyText } from "@pkl-stream/core/json";
import { Float64 } from "./float64.js";
import { PackedMsgpack, packedGrid } from "./msgpack-grid.js";

/** What msgpackr is given: only shapes it writes the way the spec's binary rules want. */
export type MsgpackPlain =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Float64
  | PackedMsgpack
  | MsgpackPlain[]
  | Map<MsgpackPlain, MsgpackPlain>;

export interface MsgpackPlainLimits {
  readonly maxDepth: number;
  readonly maxOutputBytes: number;
  readonly recordIndex: number;
  /**
   * Where the value sits in its record, for error paths (a merge packs each entry's value on
   * its own: `$["a"]`, not `$`); called only when an error is made. The record itself if absent.
   */
  readonly stepsToRoot?: () => readonly PathStep[];
}

const ARRAY = 0;
const DICT = 1;
const MAP = 2;
const SET = 3;

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** `toPlain()` returning another PyObjectValue: follow at most this many. */
const MAX_PLAIN_HOPS = 8;

/** A container met again while open. */
const OPEN = Symbol("open");

/** A finished value: its plain form and the least number of bytes msgpack needs for it. */
export interface Converted {
  readonly value: MsgpackPlain;
  readonly minBytes: number;
}

/** One open container. */
class PlainFrame {
  /** Children taken so far (MAP: keys and values both count). */
  index = 0;
  /** Bytes of the children delivered so far (a lower bound: strings counted one byte per UTF-16 unit). */
  minBytes = 0;
  items: readonly PyValue[] | null = null;
  dict: Readonly<Record<string, PyValue>> | null = null;
  keys: readonly string[] | null = null;
  members: Iterator<PyValue> | null = null;
  entries: Iterator<[PyValue, PyValue]> | null = null;
  /** MAP: the entry being converted (source key and value) and its converted key. */
  sourceKey: PyValue = null;
  sourceValue: PyValue = null;
  pendingKey: MsgpackPlain = null;
  /** MAP: the text (`objectKeyText`) of each key converted to an array, bytes or a map so far. */
  objectKeys: Set<string> | null = null;

  constructor(
    readonly kind: number,
    /** The object whose reappearance while open is a cycle (the container or its PyObjectValue). */
    readonly identity: object,
    /** The container itself (the identity, unless a PyObjectValue gave it). */
    readonly container: object,
    readonly out: MsgpackPlain[] | Map<MsgpackPlain, MsgpackPlain>,
    /** Elements (ARRAY, SET) or entries (DICT, MAP). */
    readonly length: number,
  ) {}

  /** PyObjectValues whose `toPlain()` gave this container, or null. */
  aliases: object[] | null = null;

  /** Records the finished container under itself and its aliases. */
  remember(converted: Map<object, Converted | typeof OPEN>, done: Converted): void {
    converted.set(this.container, done);
    if (this.aliases !== null) for (const alias of this.aliases) converted.set(alias, done);
  }

  /** Children to convert: MAP converts each key and each value. */
  get childCount(): number {
    return this.kind === MAP ? this.length * 2 : this.length;
  }
}

/**
 * Converts a decoded value into the plain shapes msgpackr writes as the spec's binary rules say:
 * bytes stay Uint8Array (bin), NaN and infinities stay numbers (float64), integral floats
 * (PyFloat, -0) become Float64 (float64, never an int), ints outside int32 become bigint
 * (msgpackr would write an integral number past int32 as a float) and ints outside the 64-bit
 * range decimal strings, dicts become Maps whose keys keep their type, tuples and sets arrays,
 * PyObjectValues their `toPlain()`.
 *
 * Iterative, and each distinct object is converted once (shared objects share their plain
 * form; msgpackr writes it each time it is reached). Sizes are computed per object too, so a
 * memo bomb is refused by size before msgpackr expands it. Also refused: cycles, nesting deeper
 * than `maxDepth` (msgpackr encodes recursively), and dicts whose keys collide once converted.
 */
export function toMsgpackPlain(root: PyValue, limits: MsgpackPlainLimits): MsgpackPlain {
  return toSizedMsgpackPlain(root, limits).value;
}

/** As toMsgpackPlain, with the least number of bytes msgpack needs for the value (strings counted one byte per UTF-16 unit). */
export function toSizedMsgpackPlain(root: PyValue, limits: MsgpackPlainLimits): Converted {
  const converted = new Map<object, Converted | typeof OPEN>();
  const frames: PlainFrame[] = [];
  let value: PyValue = root;
  for (;;) {
    // Convert `value`: a leaf at once (result, minBytes), a container by opening a frame.
    let result: MsgpackPlain = null;
    let minBytes = 0;
    /** The PyObjectValues whose `toPlain()` led to `value`, outermost first. */
    let aliases: object[] | null = null;
    let isOpened = false;
    let grid: NumberGrid | null;
    for (let hops = 0; ; hops++) {
      if (value === null) {
        minBytes = 1;
      } else if (typeof value === "boolean") {
        result = value;
        minBytes = 1;
      } else if (typeof value === "number") {
        result = plainNumber(value);
        minBytes = typeof result === "number" && (result | 0) === result ? 1 : 9;
      } else if (typeof value === "bigint") {
        result = value >= INT64_MIN && value <= UINT64_MAX ? value : value.toString();
        minBytes = typeof result === "bigint" ? 9 : stringBytes(result as string);
      } else if (typeof value === "string") {
        result = value;
        minBytes = stringBytes(value);
      } else if (typeof value !== "object") {
        throw badType(value, frames, limits);
      } else if (value instanceof PyFloat) {
        result = new Float64(value.value);
        minBytes = 9;
      } else if (value instanceof Uint8Array) {
        result = value;
        minBytes = binHeaderBytes(value.length) + value.length;
      } else {
        const known = converted.get(value);
        if (known === OPEN) throw cycleError(value, frames, limits);
        if (known !== undefined) {
          result = known.value;
          minBytes = known.minBytes;
        } else if (isContainer(value)) {
          const frame = openFrame(value, aliases === null ? value : aliases[0]!, frames, limits);
          frame.aliases = aliases;
          frames.push(frame);
          converted.set(value, OPEN);
          isOpened = true;
        } else if (isPyObject(value) && (grid = numberGridOf(value)) !== null) {
          // An ndarray of numbers: its msgpack straight from its typed array.
          const packed = packedGrid(grid);
          result = packed;
          minBytes = packed.bytes.length;
        } else if (isPyObject(value) && hops < MAX_PLAIN_HOPS) {
          // Convert the plain form; the object itself is what a cycle would reach again.
          (aliases ??= []).push(value);
          converted.set(value, OPEN);
          value = value.toPlain();
          continue;
        } else {
          throw badType(value, frames, limits);
        }
      }
      break;
    }
    // PyObjectValues whose plain form is finished (a leaf, or a container converted before).
    if (aliases !== null && !isOpened) for (const alias of aliases) converted.set(alias, { value: result, minBytes });
    if (isOpened && frames[frames.length - 1]!.childCount > 0) {
      value = nextChild(frames[frames.length - 1]!, frames, limits);
      continue;
    }
    if (isOpened) {
      // An empty container: close it right away.
      const frame = frames.pop()!;
      result = frame.out;
      minBytes = containerHeaderBytes(frame.length);
      frame.remember(converted, { value: result, minBytes });
    }

    // Deliver the finished value to its parent, closing every container that is complete.
    for (;;) {
      const parent = frames[frames.length - 1];
      if (parent === undefined) {
        if (minBytes > limits.maxOutputBytes) throw overBudget(minBytes, frames, limits);
        return { value: result, minBytes };
      }
      deliver(parent, result, minBytes, limits, frames);
      if (parent.index < parent.childCount) break;
      frames.pop();
      result = parent.out;
      minBytes = parent.minBytes + containerHeaderBytes(parent.length);
      parent.remember(converted, { value: result, minBytes });
    }
    value = nextChild(frames[frames.length - 1]!, frames, limits);
  }
}

function isContainer(value: object): boolean {
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  // A plain object is a dict too, unless it is a PyObjectValue literal.
  return proto === DICT_PROTOTYPE || ((proto === Object.prototype || proto === null) && !isPyObject(value));
}

/** An int stays a number only within int32 (msgpackr writes those as ints); floats as msgpackr does. */
function plainNumber(value: number): MsgpackPlain {
  if ((value | 0) === value) return value === 0 && 1 / value < 0 ? new Float64(-0) : value;
  if (!Number.isInteger(value)) return value;
  if (value >= 0 && value <= 0xffffffff) return value;
  const big = BigInt(value);
  return big >= INT64_MIN && big <= UINT64_MAX ? big : big.toString();
}

/** Least msgpack bytes of a string: header plus one byte per UTF-16 unit (UTF-8 is never shorter). */
function stringBytes(text: string): number {
  const length = text.length;
  return (length < 32 ? 1 : length < 256 ? 2 : length < 0x10000 ? 3 : 5) + length;
}

function binHeaderBytes(length: number): number {
  return length < 256 ? 2 : length < 0x10000 ? 3 : 5;
}

/** Header of an array or map of `length` elements or entries. */
function containerHeaderBytes(length: number): number {
  return length < 16 ? 1 : length < 0x10000 ? 3 : 5;
}

function openFrame(value: object, identity: object, frames: PlainFrame[], limits: MsgpackPlainLimits): PlainFrame {
  if (frames.length >= limits.maxDepth) {
    const path = pathOf(frames, limits);
    throw new OutputError(
      `nesting deeper than maxDepth (${limits.maxDepth}) at ${path}: msgpackr encodes recursively, so deeper values ` +
        "could overflow the stack. Raise the maxDepth option (about 1,000 is safe), or write JSON, which has no depth limit",
      { code: "LIMIT_EXCEEDED", recordIndex: limits.recordIndex, path, limit: "maxDepth" },
    );
  }
  if (Array.isArray(value)) {
    const frame = new PlainFrame(ARRAY, identity, value, [], value.length);
    frame.items = value;
    return frame;
  }
  if (value instanceof Map) {
    const frame = new PlainFrame(MAP, identity, value, new Map(), value.size);
    frame.entries = value.entries();
    return frame;
  }
  if (value instanceof Set) {
    const frame = new PlainFrame(SET, identity, value, [], value.size);
    frame.members = value.values();
    return frame;
  }
  const keys = Object.keys(value);
  const frame = new PlainFrame(DICT, identity, value, new Map(), keys.length);
  frame.dict = value as Record<string, PyValue>;
  frame.keys = keys;
  return frame;
}

/** The next child to convert (the frame is known to have one). */
function nextChild(frame: PlainFrame, frames: PlainFrame[], limits: MsgpackPlainLimits): PyValue {
  const index = frame.index;
  switch (frame.kind) {
    case ARRAY:
      return frame.items![index]!;
    case DICT:
      return frame.dict![frame.keys![index]!]!;
    case SET:
      return frame.members!.next().value as PyValue;
    default: {
      if (index % 2 === 1) return frame.sourceValue;
      const [key, value] = frame.entries!.next().value as [PyValue, PyValue];
      frame.sourceKey = key;
      frame.sourceValue = value;
      // A key equal to an earlier one of this mapping (a DataFrame's repeated column name, 2 and
      // 2.0 alike): msgpack's readers would keep one. Refused here, whatever its converted form.
      if (key instanceof RepeatedKey) throw keyCollision(frame, frames, limits);
      return key;
    }
  }
}

function deliver(frame: PlainFrame, result: MsgpackPlain, minBytes: number, limits: MsgpackPlainLimits, frames: PlainFrame[]): void {
  const index = frame.index++;
  frame.minBytes += minBytes;
  switch (frame.kind) {
    case ARRAY:
    case SET:
      (frame.out as MsgpackPlain[]).push(result);
      break;
    case DICT: {
      const key = frame.keys![index]!;
      (frame.out as Map<MsgpackPlain, MsgpackPlain>).set(key, result);
      frame.minBytes += stringBytes(key);
      break;
    }
    default: {
      const out = frame.out as Map<MsgpackPlain, MsgpackPlain>;
      if (index % 2 === 0) {
        if (out.has(result) || (typeof result === "object" && result !== null && isRepeatedObjectKey(frame, result))) {
          throw keyCollision(frame, frames, limits);
        }
        frame.pendingKey = result;
      } else {
        out.set(frame.pendingKey, result);
        frame.sourceValue = null;
      }
    }
  }
  if (frame.minBytes > limits.maxOutputBytes) throw overBudget(frame.minBytes, frames, limits);
}

/**
 * True when a key converted to an object (a tuple's or frozenset's array, bytes, a class's map)
 * is written as an earlier key of the map was: the Map compares such keys by identity, so a
 * frozenset and the tuple of its members (two keys in Python, one msgpack array) got past it.
 */
function isRepeatedObjectKey(frame: PlainFrame, key: object): boolean {
  // A key holding a NaN (`nan`, `(nan,)`) equals no other key, as in Python (NaN equals nothing;
  // CPython's pickler never shares a float, so two such keys of one dict hold two NaN objects).
  if (holdsNaN(key as MsgpackPlain)) return false;
  const text = objectKeyText(key as MsgpackPlain);
  frame.objectKeys ??= new Set();
  if (frame.objectKeys.has(text)) return true;
  frame.objectKeys.add(text);
  return false;
}

/** True when a float NaN is `value` or in it. */
function holdsNaN(value: MsgpackPlain): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (value instanceof Float64) return Number.isNaN(value.value);
  if (Array.isArray(value)) return value.some(holdsNaN);
  if (value instanceof Map) {
    for (const [key, item] of value) if (holdsNaN(key) || holdsNaN(item)) return true;
  }
  return false;
}

/** A plain value as text, equal exactly when msgpack writes the values alike (each kind tagged). */
function objectKeyText(value: MsgpackPlain): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? `i${value}` : `f${value}`;
  if (typeof value === "bigint") return `i${value}`;
  if (value === null || typeof value === "boolean") return String(value);
  if (value instanceof Float64) return `f${Object.is(value.value, -0) ? "-0" : value.value}`;
  if (value instanceof Uint8Array) return `b${Array.from(value, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  // (An ndarray is unhashable in Python: no key holds one; its bytes say what it is all the same.)
  if (value instanceof PackedMsgpack) return `p${Array.from(value.bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  if (Array.isArray(value)) return `[${value.map(objectKeyText).join(",")}]`;
  return `{${Array.from(value, ([k, v]) => `${objectKeyText(k)}:${objectKeyText(v)}`).join(",")}}`;
}

// ---- errors

function pathOf(frames: readonly PlainFrame[], limits: MsgpackPlainLimits): string {
  const steps: PathStep[] = [...(limits.stepsToRoot?.() ?? [])];
  for (const frame of frames) {
    const child = frame.index;
    if (frame.kind === DICT) steps.push({ key: frame.keys![child] ?? "" });
    else if (frame.kind === MAP) steps.push({ key: `${scalarKeyText(frame.sourceKey) ?? "<key>"}${child % 2 === 0 ? " (key)" : ""}` });
    else steps.push({ index: child });
  }
  return formatPath("$", steps);
}

function cycleError(identity: object, frames: PlainFrame[], limits: MsgpackPlainLimits): OutputError {
  const first = frames.findIndex(
    (frame) => frame.identity === identity || frame.container === identity || (frame.aliases?.includes(identity) ?? false),
  );
  const again = pathOf(frames, limits);
  const where = first < 0 ? "a container" : `the ${describeContainer(frames[first]!.identity)} at ${pathOf(frames.slice(0, first), limits)}`;
  return new OutputError(`cycle: ${where} contains itself at ${again}; msgpack cannot write a value that contains itself`, {
    code: "CYCLE",
    recordIndex: limits.recordIndex,
    path: again,
  });
}

function overBudget(minBytes: number, frames: PlainFrame[], limits: MsgpackPlainLimits): OutputError {
  const path = pathOf(frames, limits);
  return new OutputError(
    `output passed maxOutputBytes (${limits.maxOutputBytes} bytes; at least ${minBytes} needed, at ${path}). ` +
      "A small pickle whose shared objects expand without end (a memo bomb) stops here; " +
      "if this record really is that large, raise the maxOutputBytes option",
    { code: "LIMIT_EXCEEDED", recordIndex: limits.recordIndex, path, limit: "maxOutputBytes" },
  );
}

function keyCollision(frame: PlainFrame, frames: PlainFrame[], limits: MsgpackPlainLimits): OutputError {
  // The path of the dict itself: the key is named in the message.
  const path = pathOf(frames.slice(0, -1), limits);
  // A tuple or frozenset key by its JSON key text (`[1,2]`), as JSON output names it.
  const text = scalarKeyText(frame.sourceKey) ?? keyJsonText(frame.sourceKey);
  const why =
    frame.sourceKey instanceof RepeatedKey
      ? `has ${text === undefined ? "a key" : `the key ${text}`} twice (a DataFrame with two columns of that name; JSON output keeps both)`
      : // A key msgpack has no type for is written in its plain form: an int beyond 64 bits as its
        // decimal string, a date as its ISO text, a frozenset as an array. Python keeps such a key
        // apart from the str (or tuple) it is then written as; a msgpack map cannot.
        `has two keys that msgpack writes alike (${text ?? "a key"}): one of them has no msgpack type of its own (a date, an int past 64 bits, a frozenset) and is written in its plain form, the same as the other`;
  return new OutputError(`the dict at ${path} ${why}; msgpack output would lose one`, { code: "BAD_TYPE", recordIndex: limits.recordIndex, path });
}

/** A key's compact JSON, or undefined when it has none (a value the JSON writer refuses). */
function keyJsonText(key: PyValue): string | undefined {
  try {
    return toJson(key, { maxOutputBytes: 1 << 12 });
  } catch {
    return undefined;
  }
}

function badType(value: unknown, frames: PlainFrame[], limits: MsgpackPlainLimits): OutputError {
  return badTypeError(value, pathOf(frames, limits), limits.recordIndex);
}

