import * as OP from "../opcodes/codes.js";
import { OPCODES } from "../opcodes/table.js";
import type { PyGlobal, PyOutOfBandBuffer, PyPersistentId } from "../values/placeholders.js";
import { PyByteArray, type PyDict, type PyFloat, type PyValue } from "../values/py-types.js";
import { ByteWriter } from "./byte-writer.js";
import { encodeLong, latin1Text } from "./long.js";
import { planReferences, type ReferencePlan } from "./reference-plan.js";
import type { PyReduction } from "./reduction.js";
import { encodeUtf8 } from "./utf8.js";
import { BYTES_FORM_CALLS, bytesForm, hasKwargs, kindOf, reductionOf, type ValueKind } from "./value-kind.js";

export interface PicklerOptions {
  /** Pickle protocol, 2 to 5. Default 5. */
  readonly protocol?: 2 | 3 | 4 | 5;
  /** Write every JS number as a Python float, even integral ones (bigints stay ints). Default false. */
  readonly numbersAsFloats?: boolean;
  /**
   * Receives the pickle in pieces, in order: each time about 64 KiB are ready (at frame ends for
   * protocol 4+), and large str/bytes payloads as views of the value itself. With a sink, `dump`
   * returns an empty array. Without one, `dump` returns the whole pickle.
   */
  readonly sink?: (bytes: Uint8Array) => void;
  /** Deepest nesting written (the Pickler recurses, as CPython's does). Default 1,000. */
  readonly maxDepth?: number;
  /**
   * Protocol 5: bytes-like values (bytes, bytearray, numpy array data) of at least
   * `outOfBandMinBytes` go to this callback and are written as NEXT_BUFFER, as with
   * `pickle.dumps(..., buffer_callback=...)`; the reader passes them back as `buffers`, in order.
   */
  readonly bufferCallback?: (buffer: Uint8Array) => void;
  /** See `bufferCallback`. Default 0 (every bytes-like value, as CPython does for PickleBuffers); unit: bytes. */
  readonly outOfBandMinBytes?: number;
}

/** CPython's frame target: a frame closes at the first object boundary past 64 KiB. */
const FRAME_SIZE_TARGET = 64 * 1024;
/** Frames shorter than this are written without a FRAME header, as CPython does. */
const FRAME_SIZE_MIN = 4;
/** Items per APPENDS / SETITEMS / ADDITEMS, as CPython's `_BATCHSIZE`. */
const BATCH_SIZE = 1000;
const FRAME_HEADER_SIZE = 9;

/** The protocol that introduced each opcode byte: the Pickler refuses to write newer ones. */
const OPCODE_PROTOCOL: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(255);
  for (const info of OPCODES) table[info.code] = info.proto;
  return table;
})();

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const EMPTY_PLAN: ReferencePlan = { counts: new Map(), globalCounts: new Map(), onCycle: new Set(), reductions: new Map() };

/**
 * Writes Python pickles from JavaScript values: the inverse of the Unpickler's value model.
 * Shared references and cycles go through the memo; a first pass finds what is reached more than
 * once, so only those values get a memo entry (`pickletools.optimize` has nothing to remove).
 * One `dump` is one complete pickle with a fresh memo, like each `pickle.dump` call.
 */
export class Pickler {
  private readonly protocol: number;
  private readonly numbersAsFloats: boolean;
  private readonly sink: ((bytes: Uint8Array) => void) | undefined;
  private readonly maxDepth: number;
  private readonly bufferCallback: ((buffer: Uint8Array) => void) | undefined;
  /** Infinity without a bufferCallback: nothing goes out of band. */
  private readonly outOfBandMinBytes: number;
  private readonly out = new ByteWriter();
  /** Start of the open frame's 9-byte header in `out`, or -1. */
  private frameStart = -1;
  private plan: ReferencePlan = EMPTY_PLAN;
  /** Memo index per object (identity) and per str (value). */
  private memo = new Map<unknown, number>();
  /** Memo index per global, keyed `module\nname`. */
  private globalMemo = new Map<string, number>();
  private memoCount = 0;
  private depth = 0;

  constructor(options: PicklerOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError(`options must be an object, got ${String(options)}`);
    const protocol: unknown = options.protocol ?? 5;
    if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
      throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
    }
    this.protocol = protocol;
    this.numbersAsFloats = readBoolean("numbersAsFloats", options.numbersAsFloats);
    if (options.sink !== undefined && typeof options.sink !== "function") throw new TypeError("sink must be a function");
    this.sink = options.sink;
    this.maxDepth = options.maxDepth ?? 1000;
    if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) {
      throw new RangeError(`maxDepth must be a positive integer, got ${String(options.maxDepth)}`);
    }
    if (options.bufferCallback !== undefined && typeof options.bufferCallback !== "function") {
      throw new TypeError("bufferCallback must be a function");
    }
    if (options.bufferCallback !== undefined && protocol < 5) throw new RangeError(`bufferCallback needs protocol 5, got ${protocol}`);
    this.bufferCallback = options.bufferCallback;
    const minBytes = options.outOfBandMinBytes ?? 0;
    if (!Number.isSafeInteger(minBytes) || minBytes < 0) {
      throw new RangeError(`outOfBandMinBytes must be a non-negative integer, got ${String(options.outOfBandMinBytes)}`);
    }
    this.outOfBandMinBytes = this.bufferCallback === undefined ? Number.POSITIVE_INFINITY : minBytes;
  }

  /**
   * Writes one complete pickle of `value`. Returns the bytes, or, with a `sink`, an empty array
   * after handing every byte to the sink. Throws `TypeError` for a value with no Python form
   * (`undefined`, a function, a class instance that is not a PyReducible), `RangeError` past
   * `maxDepth`; then nothing is returned, though a sink may have received the first pieces.
   */
  dump(value: PyValue): Uint8Array {
    try {
      this.plan = planReferences(value, this.protocol, this.outOfBandMinBytes);
      this.out.byte2(OP.PROTO, this.protocol);
      this.save(value);
      this.op(OP.STOP);
      this.closeFrame();
      const bytes = this.out.take();
      if (this.sink === undefined) return bytes;
      if (bytes.length > 0) this.sink(bytes);
      return new Uint8Array(0);
    } finally {
      this.plan = EMPTY_PLAN;
      this.memo = new Map();
      this.globalMemo = new Map();
      this.memoCount = 0;
      this.depth = 0;
      this.frameStart = -1;
      this.out.length = 0;
    }
  }

  // ------------------------------------------------------------ framing

  /** Writes an opcode byte, opening a frame first (protocol 4+). */
  private op(code: number): void {
    if (OPCODE_PROTOCOL[code]! > this.protocol) {
      throw new Error(`internal: opcode 0x${code.toString(16)} is newer than protocol ${this.protocol}`);
    }
    if (this.protocol >= 4 && this.frameStart < 0) {
      this.frameStart = this.out.length;
      this.out.ensure(FRAME_HEADER_SIZE);
      this.out.length += FRAME_HEADER_SIZE;
    }
    this.out.byte(code);
  }

  private closeFrame(): void {
    if (this.frameStart < 0) return;
    const start = this.frameStart;
    const length = this.out.length - start - FRAME_HEADER_SIZE;
    const { view, bytes } = this.out;
    if (length < FRAME_SIZE_MIN) {
      bytes.copyWithin(start, start + FRAME_HEADER_SIZE, this.out.length);
      this.out.length -= FRAME_HEADER_SIZE;
    } else {
      bytes[start] = OP.FRAME;
      view.setUint32(start + 1, length, true);
      view.setUint32(start + 5, 0, true);
    }
    this.frameStart = -1;
    this.flushIfFull();
  }

  private flushIfFull(): void {
    if (this.sink !== undefined && this.frameStart < 0 && this.out.length >= FRAME_SIZE_TARGET) this.sink(this.out.take());
  }

  /** Called after each object: CPython commits a frame once it reaches the target size. */
  private boundary(): void {
    if (this.frameStart >= 0) {
      if (this.out.length - this.frameStart - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET) this.closeFrame();
    } else {
      this.flushIfFull();
    }
  }

  /** Header + payload; payloads of a frame's size or more go outside any frame, as CPython does. */
  private writeLarge(code: number, payload: Uint8Array, lengthBytes: 4 | 8): void {
    const isUnframed = this.protocol >= 4 && payload.length >= FRAME_SIZE_TARGET;
    if (isUnframed) {
      this.closeFrame();
      this.out.byte(code);
    } else {
      this.op(code);
    }
    if (lengthBytes === 8) this.out.uint64(payload.length);
    else this.out.uint32(payload.length);
    if (this.sink !== undefined && payload.length >= FRAME_SIZE_TARGET && this.frameStart < 0) {
      // Hand the payload over as it is: no copy of a large value into the output buffer.
      this.sink(this.out.take());
      this.sink(payload);
      return;
    }
    this.out.raw(payload);
  }

  // ------------------------------------------------------------ memo

  /** True (and the GET written) when the value is already in the memo. */
  private getMemoized(value: unknown): boolean {
    const index = this.memo.get(value);
    if (index === undefined) return false;
    this.writeGet(index);
    return true;
  }

  private writeGet(index: number): void {
    if (index < 256) {
      this.op(OP.BINGET);
      this.out.byte(index);
    } else {
      this.op(OP.LONG_BINGET);
      this.out.uint32(index);
    }
  }

  /** Memoizes `value` (just written, on top of the stack) when the plan says it is needed. */
  private memoize(value: unknown): void {
    if ((this.plan.counts.get(value) ?? 0) < 2 && (this.plan.onCycle.size === 0 || !this.plan.onCycle.has(value))) return;
    this.memo.set(value, this.writePut());
  }

  private writePut(): number {
    const index = this.memoCount++;
    if (this.protocol >= 4) this.op(OP.MEMOIZE);
    else if (index < 256) {
      this.op(OP.BINPUT);
      this.out.byte(index);
    } else {
      this.op(OP.LONG_BINPUT);
      this.out.uint32(index);
    }
    return index;
  }

  // ------------------------------------------------------------ values

  private save(value: PyValue): void {
    const kind = kindOf(value);
    switch (kind) {
      case "none":
        this.op(OP.NONE);
        return;
      case "bool":
        this.op(value ? OP.NEWTRUE : OP.NEWFALSE);
        return;
      case "number": {
        const number = value as number;
        if (!this.numbersAsFloats && Number.isInteger(number) && !Object.is(number, -0)) this.saveInt(number);
        else this.saveFloat(number);
        return;
      }
      case "bigint": {
        const big = value as bigint;
        if (big <= MAX_SAFE && big >= -MAX_SAFE) this.saveInt(Number(big));
        else this.saveLong(big);
        return;
      }
      case "float":
        this.saveFloat((value as PyFloat).value);
        return;
      case "string":
        if (this.getMemoized(value)) return;
        this.saveString(value as string);
        this.memoize(value);
        return;
      case "global":
        this.saveGlobal((value as PyGlobal).module, (value as PyGlobal).name);
        return;
      default:
        this.saveObject(value as object, kind);
    }
  }

  private saveObject(value: object, kind: ValueKind): void {
    if (this.getMemoized(value)) return;
    if (++this.depth > this.maxDepth) throw new RangeError(`value nested deeper than maxDepth (${this.maxDepth})`);
    const reduction = this.plan.reductions.get(value) ?? reductionOf(value, kind, this.protocol);
    if (reduction !== null) this.saveReduction(value, reduction);
    else {
      switch (kind) {
        case "bytes":
          this.saveBytes(value as Uint8Array);
          break;
        case "tuple":
          this.saveTuple(value as PyValue[]);
          break;
        case "list":
          this.op(OP.EMPTY_LIST);
          this.memoize(value);
          this.saveListItems(value as PyValue[]);
          break;
        case "map":
          this.op(OP.EMPTY_DICT);
          this.memoize(value);
          this.saveBatches(mapPairs(value as Map<PyValue, PyValue>), (value as Map<PyValue, PyValue>).size, true);
          break;
        case "dict": {
          this.op(OP.EMPTY_DICT);
          this.memoize(value);
          this.saveDictItems(value as PyDict, Object.keys(value));
          break;
        }
        case "set":
          this.saveSet(value as Set<PyValue>);
          break;
        case "frozenset":
          this.saveFrozenSet(value as Set<PyValue>);
          break;
        case "persid":
          this.save((value as PyPersistentId).pid);
          this.op(OP.BINPERSID);
          break;
        case "buffer":
          this.saveBufferPlaceholder(value as PyOutOfBandBuffer);
          break;
        default:
          throw new Error(`internal: no writer for ${kind}`);
      }
    }
    this.depth--;
    this.boundary();
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

  /** LONG1 / LONG4: as few bytes as Python's encode_long. */
  private saveLong(value: bigint): void {
    const bytes = encodeLong(value);
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
    // Short ASCII text (most keys and labels) is written in place, without an encoded copy.
    if (value.length < 256) {
      const isShort = this.protocol >= 4;
      this.op(isShort ? OP.SHORT_BINUNICODE : OP.BINUNICODE);
      const lengthAt = this.out.length;
      this.out.length += isShort ? 1 : 4;
      if (this.out.asciiIfPossible(value)) {
        if (isShort) this.out.bytes[lengthAt] = value.length;
        else this.out.view.setUint32(lengthAt, value.length, true);
        return;
      }
      this.out.length = lengthAt - 1; // drop the opcode and length: encode below
    }
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

  private saveBytes(value: Uint8Array): void {
    const isByteArray = value instanceof PyByteArray;
    const form = bytesForm(value, isByteArray, this.protocol, this.outOfBandMinBytes);
    const call = BYTES_FORM_CALLS[form];
    if (form === "out-of-band") {
      this.bufferCallback!(value);
      this.op(OP.NEXT_BUFFER);
      if (!isByteArray) this.op(OP.READONLY_BUFFER);
    } else if (call === null) {
      if (isByteArray) this.writeLarge(OP.BYTEARRAY8, value, 8);
      else this.writeBytesOpcode(value);
    } else {
      this.saveGlobal(call[0], call[1]);
      if (form === "bytes-call") this.op(OP.EMPTY_TUPLE);
      else if (form === "bytearray-of-bytes") {
        this.writeBytesOpcode(value);
        this.op(OP.TUPLE1);
      } else {
        this.saveString(latin1Text(value));
        this.save(call[2]!);
        this.op(OP.TUPLE2);
      }
      this.op(OP.REDUCE);
    }
    this.memoize(value);
  }

  /** SHORT_BINBYTES / BINBYTES / BINBYTES8 (protocol 3+). */
  private writeBytesOpcode(value: Uint8Array): void {
    if (value.length < 256) {
      this.op(OP.SHORT_BINBYTES);
      this.out.byte(value.length);
      this.out.raw(value);
    } else if (value.length >= 2 ** 32) {
      this.writeLarge(OP.BINBYTES8, value, 8);
    } else {
      this.writeLarge(OP.BINBYTES, value, 4);
    }
  }

  /**
   * A tuple is built after its items, so it is memoized last; when an item leads back to it, the
   * inner write memoized it meanwhile: drop the items and fetch it (CPython's recursive-tuple case).
   */
  private saveTuple(items: readonly PyValue[]): void {
    const count = items.length;
    if (count === 0) {
      this.op(OP.EMPTY_TUPLE);
      return;
    }
    const isSmall = count <= 3;
    if (!isSmall) this.op(OP.MARK);
    for (const item of items) this.save(item);
    const index = this.memo.get(items);
    if (index !== undefined) {
      if (isSmall) for (let i = 0; i < count; i++) this.op(OP.POP);
      else this.op(OP.POP_MARK);
      this.writeGet(index);
      return;
    }
    this.op(isSmall ? TUPLE_OPS[count]! : OP.TUPLE);
    this.memoize(items);
  }

  /** Batches of APPENDS (a lone item: APPEND), as CPython's `_batch_appends`. Indexed: no iterator per list. */
  private saveListItems(items: readonly PyValue[]): void {
    const count = items.length;
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(start + BATCH_SIZE, count);
      if (end - start > 1) this.op(OP.MARK);
      for (let i = start; i < end; i++) this.save(items[i]!);
      this.op(end - start > 1 ? OP.APPENDS : OP.APPEND);
    }
  }

  /** Batches of SETITEMS (a lone pair: SETITEM) over an object-mode dict's keys. */
  private saveDictItems(dict: PyDict, keys: readonly string[]): void {
    const count = keys.length;
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(start + BATCH_SIZE, count);
      if (end - start > 1) this.op(OP.MARK);
      for (let i = start; i < end; i++) {
        const key = keys[i]!;
        this.save(key);
        this.save(dict[key]!);
      }
      this.op(end - start > 1 ? OP.SETITEMS : OP.SETITEM);
    }
  }

  /** Items (or key/value pairs) in batches of 1000: APPEND/SETITEM for a lone one, as CPython. */
  private saveBatches(items: Iterable<PyValue>, count: number, isPairs: boolean): void {
    const iterator = items[Symbol.iterator]();
    const perItem = isPairs ? 2 : 1;
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const batch = Math.min(BATCH_SIZE, count - start);
      if (batch > 1) this.op(OP.MARK);
      for (let i = 0; i < batch * perItem; i++) this.save(iterator.next().value as PyValue);
      this.op(batch > 1 ? (isPairs ? OP.SETITEMS : OP.APPENDS) : isPairs ? OP.SETITEM : OP.APPEND);
    }
  }

  private saveSet(set: Set<PyValue>): void {
    this.op(OP.EMPTY_SET);
    this.memoize(set);
    const iterator = set.values();
    for (let start = 0; start < set.size; start += BATCH_SIZE) {
      this.op(OP.MARK);
      const batch = Math.min(BATCH_SIZE, set.size - start);
      for (let i = 0; i < batch; i++) this.save(iterator.next().value as PyValue);
      this.op(OP.ADDITEMS);
    }
  }

  private saveFrozenSet(set: Set<PyValue>): void {
    this.op(OP.MARK);
    for (const item of set) this.save(item);
    const index = this.memo.get(set);
    if (index !== undefined) {
      this.op(OP.POP_MARK);
      this.writeGet(index);
      return;
    }
    this.op(OP.FROZENSET);
    this.memoize(set);
  }

  /** A NEXT_BUFFER the decoder met without buffers: written back as the same reference (protocol 5). */
  private saveBufferPlaceholder(buffer: PyOutOfBandBuffer): void {
    if (this.protocol < 5) throw new TypeError(`an out-of-band buffer placeholder needs protocol 5, got ${this.protocol}`);
    this.op(OP.NEXT_BUFFER);
    if (buffer.isReadonly) this.op(OP.READONLY_BUFFER);
  }

  private saveGlobal(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const index = this.globalMemo.get(key);
    if (index !== undefined) {
      this.writeGet(index);
      return;
    }
    if (this.protocol >= 4) {
      this.save(module);
      this.save(name);
      this.op(OP.STACK_GLOBAL);
    } else {
      if (module.includes("\n") || name.includes("\n")) throw new TypeError(`cannot write global ${JSON.stringify(key)}: newline in name`);
      this.op(OP.GLOBAL);
      this.out.raw(encodeUtf8(`${key}\n`));
    }
    if ((this.plan.globalCounts.get(key) ?? 0) >= 2) this.globalMemo.set(key, this.writePut());
  }

  /** `callable(*args)` (or `cls.__new__(cls, *args[, **kwargs])`), then items and state, as CPython's save_reduce. */
  private saveReduction(value: object, reduction: PyReduction): void {
    const [module, name] = reduction.callable;
    const withKwargs = hasKwargs(reduction);
    this.saveGlobal(module, name);
    if (!this.getMemoized(reduction.args)) this.saveTuple(reduction.args);
    if (withKwargs) {
      this.save(reduction.kwargs as PyDict);
      this.op(OP.NEWOBJ_EX);
    } else {
      this.op(reduction.isNewObj === true ? OP.NEWOBJ : OP.REDUCE);
    }
    const index = this.memo.get(value);
    if (index !== undefined) {
      // The arguments led back to the value, which the inner write memoized: use that one.
      this.op(OP.POP);
      this.writeGet(index);
      return;
    }
    this.memoize(value);
    const { listItems, dictItems } = reduction;
    if (listItems != null && listItems.length > 0) this.saveBatches(listItems, listItems.length, false);
    if (dictItems != null && dictItems.length > 0) this.saveBatches(flatPairs(dictItems), dictItems.length, true);
    if (reduction.state !== undefined) {
      this.save(reduction.state);
      this.op(OP.BUILD);
    }
  }
}

/** Writes one pickle of `value` (see `Pickler` and `PicklerOptions`). */
export function dumps(value: PyValue, options?: PicklerOptions): Uint8Array {
  if (options?.sink !== undefined) throw new TypeError("dumps returns the bytes; use a Pickler for a sink");
  return new Pickler(options).dump(value);
}

// ------------------------------------------------------------ helpers

const TUPLE_OPS: readonly number[] = [OP.EMPTY_TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3];

function readBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}

function* mapPairs(map: Map<PyValue, PyValue>): Iterable<PyValue> {
  for (const [key, value] of map) {
    yield key;
    yield value;
  }
}

function* flatPairs(pairs: readonly (readonly [PyValue, PyValue])[]): Iterable<PyValue> {
  for (const [key, value] of pairs) {
    yield key;
    yield value;
  }
}
