import * as OP from "../opcodes/codes.js";
import { OPCODES } from "../opcodes/table.js";
import { PyGlobal } from "../values/placeholders.js";
import { DICT_PROTOTYPE, isFrozenSet, isTuple, PyByteArray, type PyDict, PyFloat, type PyValue } from "../values/py-types.js";
import { ByteWriter } from "./byte-writer.js";
import { isReducible, type PyReduction } from "./reduction.js";
import { encodeUtf8 } from "./utf8.js";

export interface PicklerOptions {
  /** Pickle protocol, 2 to 5. Default 5. */
  readonly protocol?: 2 | 3 | 4 | 5;
  /** Write every JS number as a Python float, even integral ones. Default false (integral numbers are ints). */
  readonly numbersAsFloats?: boolean;
  /**
   * Receives the pickle in pieces as frames complete (protocol 4+: about 64 KiB each), so a large
   * dump need not sit in memory whole. Without it, `dump` returns the whole pickle.
   */
  readonly sink?: (bytes: Uint8Array) => void;
  /** Deepest nesting written (the Pickler recurses, as CPython's does). Default 5,000. */
  readonly maxDepth?: number;
  /**
   * Protocol 5: bytes-like values of at least this many bytes are handed to `bufferCallback`
   * and written as NEXT_BUFFER (out-of-band), as `pickle.dumps(..., buffer_callback=...)`.
   */
  readonly bufferCallback?: (buffer: Uint8Array) => void;
  /** See bufferCallback. Default 1 MiB. */
  readonly outOfBandMinBytes?: number;
}

/** CPython's frame target: frames close at the first object boundary past 64 KiB. */
const FRAME_SIZE_TARGET = 64 * 1024;
const BATCH_SIZE = 1000;

/** The protocol that introduced each opcode byte: the encoder refuses newer ones. */
const OPCODE_PROTOCOL: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(255);
  for (const info of OPCODES) table[info.code] = info.proto;
  return table;
})();

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Writes Python pickles from JavaScript values: the inverse of the Unpickler's value model.
 * Shared references and cycles are written with the memo; only values reached more than once are
 * memoized (a first pass counts them), so `pickletools.optimize` has nothing to remove.
 */
export class Pickler {
  private readonly protocol: number;
  private readonly numbersAsFloats: boolean;
  private readonly sink: ((bytes: Uint8Array) => void) | undefined;
  private readonly maxDepth: number;
  private readonly bufferCallback: ((buffer: Uint8Array) => void) | undefined;
  private readonly outOfBandMinBytes: number;
  private readonly out = new ByteWriter();
  /** Start of the open frame's 9-byte header in `out`, or -1. */
  private frameStart = -1;
  private memo = new Map<unknown, number>();
  private memoCount = 0;
  private referenceCounts = new Map<unknown, number>();
  private hasCycles = false;
  private depth = 0;

  constructor(options: PicklerOptions = {}) {
    const protocol = options.protocol ?? 5;
    if (![2, 3, 4, 5].includes(protocol)) throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
    this.protocol = protocol;
    this.numbersAsFloats = options.numbersAsFloats === true;
    if (options.sink !== undefined && typeof options.sink !== "function") throw new TypeError("sink must be a function");
    this.sink = options.sink;
    this.maxDepth = options.maxDepth ?? 5000;
    if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) throw new RangeError("maxDepth must be a positive integer");
    this.bufferCallback = options.bufferCallback;
    if (this.bufferCallback !== undefined && protocol < 5) throw new RangeError("bufferCallback needs protocol 5");
    this.outOfBandMinBytes = options.outOfBandMinBytes ?? 1 << 20;
  }

  /**
   * Writes one complete pickle of `value` (a fresh memo, as each `pickle.dump` call). Returns the
   * bytes, or, with a `sink`, an empty array after handing every byte to the sink.
   */
  dump(value: PyValue): Uint8Array {
    this.memo = new Map();
    this.memoCount = 0;
    ({ counts: this.referenceCounts, hasCycles: this.hasCycles } = countReferences(value));
    this.depth = 0;
    this.out.byte2(OP.PROTO, this.protocol);
    this.save(value);
    this.op(OP.STOP);
    this.closeFrame();
    const bytes = this.out.take();
    this.referenceCounts = new Map();
    this.memo = new Map();
    if (this.sink !== undefined) {
      if (bytes.length > 0) this.sink(bytes);
      return new Uint8Array(0);
    }
    return bytes;
  }

  // ------------------------------------------------------------ framing

  /** Writes an opcode byte, opening a frame first (protocol 4+). */
  private op(code: number): void {
    if (OPCODE_PROTOCOL[code]! > this.protocol) {
      throw new Error(`internal: opcode 0x${code.toString(16)} is newer than protocol ${this.protocol}`);
    }
    if (this.protocol >= 4 && this.frameStart < 0) {
      this.frameStart = this.out.length;
      this.out.ensure(9);
      this.out.length += 9;
    }
    this.out.byte(code);
  }

  private closeFrame(): void {
    if (this.frameStart < 0) return;
    const length = this.out.length - this.frameStart - 9;
    const { view, bytes } = this.out;
    bytes[this.frameStart] = OP.FRAME;
    view.setUint32(this.frameStart + 1, length, true);
    view.setUint32(this.frameStart + 5, 0, true);
    this.frameStart = -1;
    if (this.sink !== undefined && this.out.length >= FRAME_SIZE_TARGET) this.sink(this.out.take());
  }

  /** Called between objects: CPython commits a frame once it reaches the target size. */
  private boundary(): void {
    if (this.frameStart >= 0 && this.out.length - this.frameStart - 9 >= FRAME_SIZE_TARGET) this.closeFrame();
  }

  // ------------------------------------------------------------ values

  private save(value: PyValue): void {
    switch (typeof value) {
      case "boolean":
        this.op(value ? OP.NEWTRUE : OP.NEWFALSE);
        return;
      case "number":
        if (!this.numbersAsFloats && Number.isInteger(value) && !Object.is(value, -0)) this.saveInt(value);
        else this.saveFloat(value);
        return;
      case "bigint":
        if (value <= MAX_SAFE && value >= -MAX_SAFE) this.saveInt(Number(value));
        else this.saveLong(value);
        return;
      case "string":
        if (this.getMemoized(value)) return;
        this.saveString(value);
        this.memoize(value);
        return;
      case "object":
        break;
      default:
        throw new TypeError(`cannot pickle a JavaScript ${typeof value}`);
    }
    if (value === null) {
      this.op(OP.NONE);
      return;
    }
    if (value instanceof PyFloat) {
      this.saveFloat(value.value);
      return;
    }
    if (this.getMemoized(value)) return;
    if (++this.depth > this.maxDepth) throw new RangeError(`value nested deeper than maxDepth (${this.maxDepth})`);
    if (value instanceof Uint8Array) this.saveBytes(value);
    else if (Array.isArray(value)) {
      if (isTuple(value)) this.saveTuple(value);
      else this.saveList(value);
    } else if (value instanceof Map) this.saveDict(value, value.entries(), value.size);
    else if (Object.getPrototypeOf(value) === DICT_PROTOTYPE || Object.getPrototypeOf(value) === Object.prototype) {
      const dict = value as PyDict;
      const keys = Object.keys(dict);
      this.saveDict(value, keyValuePairs(dict, keys), keys.length);
    } else if (value instanceof Set) this.saveSet(value);
    else if (value instanceof PyGlobal) {
      this.saveGlobal(value.module, value.name);
      this.memoize(value);
    } else if (isReducible(value)) this.saveReduction(value, value.reduceForPickle(this.protocol));
    else throw new TypeError(`cannot pickle ${Object.prototype.toString.call(value)}`);
    this.depth--;
    this.boundary();
  }

  /** True (and GET written) when the value is already in the memo. */
  private getMemoized(value: unknown): boolean {
    const index = this.memo.get(value);
    if (index === undefined) return false;
    if (index < 256) {
      this.op(OP.BINGET);
      this.out.byte(index);
    } else {
      this.op(OP.LONG_BINGET);
      this.out.uint32(index);
    }
    return true;
  }

  /** Memoizes `value` (just written, on top of the stack) when it is reached more than once. */
  private memoize(value: unknown): void {
    const count = this.referenceCounts.get(value) ?? 0;
    // With a cycle anywhere, every container is memoized, as CPython does: a cycle through a
    // tuple terminates only because the mutable containers on it are in the memo.
    if (count < 2 && !(this.hasCycles && count === 1 && typeof value === "object")) return;
    const index = this.memoCount++;
    this.memo.set(value, index);
    if (this.protocol >= 4) this.op(OP.MEMOIZE);
    else if (index < 256) {
      this.op(OP.BINPUT);
      this.out.byte(index);
    } else {
      this.op(OP.LONG_BINPUT);
      this.out.uint32(index);
    }
  }

  private saveInt(value: number): void {
    if (value >= 0 && value < 256) {
      this.op(OP.BININT1);
      this.out.byte(value);
    } else if (value >= 0 && value < 65536) {
      this.op(OP.BININT2);
      this.out.byte2(value & 0xff, value >> 8);
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      this.op(OP.BININT);
      this.out.int32(value);
    } else {
      this.saveLong(BigInt(value));
    }
  }

  /** LONG1/LONG4: little-endian two's complement, as few bytes as Python's encode_long. */
  private saveLong(value: bigint): void {
    const bytes = longBytes(value);
    if (bytes.length < 256) {
      this.op(OP.LONG1);
      this.out.byte(bytes.length);
    } else {
      this.op(OP.LONG4);
      this.out.int32(bytes.length);
    }
    this.out.raw(bytes);
  }

  private saveFloat(value: number): void {
    this.op(OP.BINFLOAT);
    this.out.float64BigEndian(value);
  }

  private saveString(value: string): void {
    const encoded = encodeUtf8(value);
    const length = encoded.length;
    if (length < 256 && this.protocol >= 4) {
      this.op(OP.SHORT_BINUNICODE);
      this.out.byte(length);
      this.out.raw(encoded);
    } else if (length >= 2 ** 32) {
      this.writeLarge(OP.BINUNICODE8, encoded, 8);
    } else {
      this.writeLarge(OP.BINUNICODE, encoded, 4);
    }
  }

  /** Header + payload; payloads of a frame's size or more go outside any frame, as CPython does. */
  private writeLarge(code: number, payload: Uint8Array, lengthBytes: 4 | 8): void {
    if (this.protocol >= 4 && payload.length >= FRAME_SIZE_TARGET) {
      this.closeFrame();
      this.out.byte(code);
    } else {
      this.op(code);
    }
    if (lengthBytes === 8) this.out.uint64(payload.length);
    else this.out.uint32(payload.length);
    this.out.raw(payload);
  }

  private saveBytes(value: Uint8Array): void {
    const isByteArray = value instanceof PyByteArray;
    if (this.bufferCallback !== undefined && value.length >= this.outOfBandMinBytes) {
      this.bufferCallback(value);
      this.op(OP.NEXT_BUFFER);
      if (!isByteArray) this.op(OP.READONLY_BUFFER);
      this.memoize(value);
      return;
    }
    if (isByteArray) {
      if (this.protocol >= 5) this.writeLarge(OP.BYTEARRAY8, value, 8);
      else if (this.protocol >= 3) this.saveReduction(value, { callable: ["builtins", "bytearray"], args: [plainBytes(value)] });
      else this.saveReduction(value, { callable: ["builtins", "bytearray"], args: [latin1(value), "latin-1"] });
      this.memoize(value);
      return;
    }
    if (this.protocol < 3) {
      // Protocol 2 has no bytes opcode: CPython writes _codecs.encode(latin1 text, "latin1").
      if (value.length === 0) this.saveReduction(value, { callable: ["builtins", "bytes"], args: [] });
      else this.saveReduction(value, { callable: ["_codecs", "encode"], args: [latin1(value), "latin1"] });
      return;
    }
    if (value.length < 256) {
      this.op(OP.SHORT_BINBYTES);
      this.out.byte(value.length);
      this.out.raw(value);
    } else if (value.length >= 2 ** 32) {
      this.writeLarge(OP.BINBYTES8, value, 8);
    } else {
      this.writeLarge(OP.BINBYTES, value, 4);
    }
    this.memoize(value);
  }

  private saveTuple(items: PyValue[]): void {
    if (items.length === 0) {
      this.op(OP.EMPTY_TUPLE);
      return;
    }
    const small = items.length <= 3;
    if (!small) this.op(OP.MARK);
    for (const item of items) this.save(item);
    // A tuple reached again through its own items was memoized meanwhile (CPython's recursive case).
    const index = this.memo.get(items);
    if (index !== undefined) {
      if (small) for (let i = 0; i < items.length; i++) this.op(OP.POP);
      else this.op(OP.POP_MARK);
      this.getMemoized(items);
      return;
    }
    if (small) this.op(items.length === 1 ? OP.TUPLE1 : items.length === 2 ? OP.TUPLE2 : OP.TUPLE3);
    else this.op(OP.TUPLE);
    this.memoize(items);
  }

  private saveList(items: PyValue[]): void {
    this.op(OP.EMPTY_LIST);
    this.memoize(items);
    this.saveBatches(items, false);
  }

  private saveBatches(items: readonly PyValue[], isPairs: boolean): void {
    const step = isPairs ? 2 : 1;
    const total = items.length / step;
    for (let start = 0; start < total; start += BATCH_SIZE) {
      const count = Math.min(BATCH_SIZE, total - start);
      if (count === 1) {
        for (let k = 0; k < step; k++) this.save(items[start * step + k]!);
        this.op(isPairs ? OP.SETITEM : OP.APPEND);
      } else {
        this.op(OP.MARK);
        for (let i = start * step; i < (start + count) * step; i++) this.save(items[i]!);
        this.op(isPairs ? OP.SETITEMS : OP.APPENDS);
      }
    }
  }

  private saveDict(dict: object, entries: Iterable<[PyValue, PyValue]>, size: number): void {
    this.op(OP.EMPTY_DICT);
    this.memoize(dict);
    const flat: PyValue[] = new Array(size * 2);
    let i = 0;
    for (const [key, value] of entries) {
      flat[i++] = key;
      flat[i++] = value;
    }
    this.saveBatches(flat, true);
  }

  private saveSet(set: Set<PyValue>): void {
    if (isFrozenSet(set)) {
      if (this.protocol < 4) this.saveReduction(set, { callable: ["builtins", "frozenset"], args: [[...set]] });
      else {
        this.op(OP.MARK);
        for (const item of set) this.save(item);
        this.op(OP.FROZENSET);
        this.memoize(set);
      }
      return;
    }
    if (this.protocol < 4) {
      this.saveReduction(set, { callable: ["builtins", "set"], args: [[...set]] });
      return;
    }
    this.op(OP.EMPTY_SET);
    this.memoize(set);
    const items = [...set];
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      this.op(OP.MARK);
      for (const item of items.slice(start, start + BATCH_SIZE)) this.save(item);
      this.op(OP.ADDITEMS);
    }
  }

  private saveGlobal(module: string, name: string): void {
    if (this.protocol >= 4) {
      this.save(module);
      this.save(name);
      this.op(OP.STACK_GLOBAL);
    } else {
      this.op(OP.GLOBAL);
      this.out.raw(encodeUtf8(`${module}\n${name}\n`));
    }
  }

  /** A value written as `callable(*args)` (or `cls.__new__`), then state and items. */
  private saveReduction(value: object, reduction: PyReduction): void {
    const [module, name] = reduction.callable;
    const hasKwargs = reduction.kwargs != null && Object.keys(reduction.kwargs).length > 0;
    if (hasKwargs && this.protocol < 4) throw new TypeError(`${module}.${name}: keyword arguments need protocol 4 or more`);
    this.saveGlobal(module, name);
    this.saveTuple(tupleOf(reduction.args));
    if (hasKwargs) {
      this.save(reduction.kwargs as PyDict);
      this.op(OP.NEWOBJ_EX);
    } else {
      this.op(reduction.isNewObj === true ? OP.NEWOBJ : OP.REDUCE);
    }
    this.memoize(value);
    if (reduction.listItems != null && reduction.listItems.length > 0) this.saveBatches(reduction.listItems, false);
    if (reduction.dictItems != null && reduction.dictItems.length > 0) this.saveBatches(reduction.dictItems.flat(), true);
    if (reduction.state !== undefined) {
      this.save(reduction.state);
      this.op(OP.BUILD);
    }
  }
}

/** Writes one pickle of `value`. */
export function dumps(value: PyValue, options?: PicklerOptions): Uint8Array {
  if (options?.sink !== undefined) throw new TypeError("dumps returns the bytes; use a Pickler for a sink");
  return new Pickler(options).dump(value);
}

// ------------------------------------------------------------ helpers

function* keyValuePairs(dict: PyDict, keys: string[]): Iterable<[PyValue, PyValue]> {
  for (const key of keys) yield [key, dict[key]!];
}

const tupleCache = new WeakMap<readonly PyValue[], PyValue[]>();

/** Reduction args as a tuple array (marked so saveTuple's memo logic sees one identity). */
function tupleOf(args: readonly PyValue[]): PyValue[] {
  let tuple = tupleCache.get(args);
  if (tuple === undefined) {
    tuple = [...args];
    tupleCache.set(args, tuple);
  }
  return tuple;
}

function plainBytes(value: Uint8Array): Uint8Array {
  const copy = new Uint8Array(value.length);
  copy.set(value);
  return copy;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}

/** Python's encode_long: minimal little-endian two's complement. */
function longBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const negative = value < 0n;
  // Bits needed including the sign bit.
  const magnitude = negative ? -value - 1n : value;
  const bits = magnitude.toString(2).length + 1;
  const length = Math.ceil(bits / 8);
  let twos = negative ? (1n << BigInt(length * 8)) + value : value;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(twos & 0xffn);
    twos >>= 8n;
  }
  return out;
}

/**
 * How many times each container, object and string is reached (identity for objects, value for
 * strings): the Pickler memoizes only those reached twice or more. Iterative, so deep values
 * cannot overflow here.
 */
const EXIT: unique symbol = Symbol("exit");

function countReferences(root: PyValue): { counts: Map<unknown, number>; hasCycles: boolean } {
  const counts = new Map<unknown, number>();
  /** Containers whose children are being walked: meeting one again is a cycle. */
  const open = new Set<unknown>();
  let hasCycles = false;
  const pending: (PyValue | typeof EXIT)[] = [root];
  const exits: unknown[] = [];
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (value === EXIT) {
      open.delete(exits.pop());
      continue;
    }
    if (typeof value === "string") {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      continue;
    }
    if (typeof value !== "object" || value === null || value instanceof PyFloat) continue;
    const seen = counts.get(value);
    counts.set(value, (seen ?? 0) + 1);
    if (seen !== undefined) {
      if (open.has(value)) hasCycles = true;
      continue; // children already counted
    }
    if (value instanceof Uint8Array) continue;
    open.add(value);
    exits.push(value);
    pending.push(EXIT);
    if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) pending.push(value[i]!);
    else if (value instanceof Map) for (const [key, item] of value) pending.push(key, item);
    else if (value instanceof Set) for (const item of value) pending.push(item);
    else if (value instanceof PyGlobal) pending.push(value.module, value.name);
    else if (Object.getPrototypeOf(value) === DICT_PROTOTYPE || Object.getPrototypeOf(value) === Object.prototype) {
      for (const key of Object.keys(value)) pending.push(key, (value as PyDict)[key]!);
    } else if (isReducible(value)) {
      const reduction = value.reduceForPickle(5);
      pending.push(reduction.callable[0], reduction.callable[1], ...reduction.args);
      if (reduction.kwargs != null) pending.push(reduction.kwargs);
      if (reduction.state !== undefined) pending.push(reduction.state);
      if (reduction.listItems != null) pending.push(...reduction.listItems);
      if (reduction.dictItems != null) for (const [key, item] of reduction.dictItems) pending.push(key, item);
    }
  }
  return { counts, hasCycles };
}
