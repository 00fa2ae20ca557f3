import { dictClassOf } from "../classes/dict-class.js";
import { reverseFixImports } from "../classes/fix-imports.js";
import * as OP from "../opcodes/codes.js";
import { PyGlobal, PyOutOfBandBuffer, PyPersistentId } from "../values/placeholders.js";
import { DICT_PROTOTYPE, isFrozenSet, isTuple, PyByteArray, PyFloat, type PyDict, type PyValue } from "../values/py-types.js";
import { encodeLong, latin1Text } from "./long.js";
import { MemoTable } from "./memo-table.js";
import { StrMemo } from "./str-memo.js";
import { isReducible, type PyPostCall, type PyReducible, type PyReduction } from "./reduction.js";
import { encodeUtf8, encodeUtf8Into } from "./utf8.js";
import { BYTES_FORM_CALLS, bytesForm, hasKwargs, kindOf, reductionOf } from "./value-kind.js";

export interface PicklerOptions {
  /** Pickle protocol, 2 to 5. Default 5. */
  readonly protocol?: 2 | 3 | 4 | 5;
  /** Write every JS number as a Python float, even integral ones (bigints stay ints). Default false. */
  readonly numbersAsFloats?: boolean;
  /**
   * Receives the pickle in pieces, in order: each time about 64 KiB are ready (at frame ends for
   * protocol 4+), at the end of each `dump`, and large str/bytes payloads as views of the value
   * itself. Each piece is a view the Pickler never writes again (copy it to let the Pickler's
   * buffer go). With a sink, `dump` returns an empty array. Without one, `dump` returns the
   * whole pickle.
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
/** Items per APPENDS / SETITEMS / ADDITEMS, as CPython's `BATCHSIZE`. */
const BATCH_SIZE = 1000;
const FRAME_HEADER_SIZE = 9;
/** Longest str whose UTF-8 form surely fits SHORT_BINUNICODE (3 bytes per UTF-16 unit at most). */
const SHORT_STR_MAX_UNITS = 85;
/** Longest str whose UTF-8 form surely stays under a frame's size, so it is written in place. */
const IN_PLACE_STR_MAX_UNITS = Math.floor((FRAME_SIZE_TARGET - 1) / 3);
const INITIAL_CAPACITY = 64 * 1024;
const EMPTY = new Uint8Array(0);
/**
 * A large container projects the output's size once this fraction (1/64) of its items is written:
 * early, so that the one large buffer is allocated before the full GC that the decoding of the
 * value usually left pending, and that GC covers it (one full GC of the heap instead of two).
 */
const PROJECT_AFTER = 64;
/** `projectSize` never reserves more than this at once (a projection from unrepresentative first items). */
const MAX_PROJECTED_CAPACITY = 2 ** 31;
/** Slots of the str cache (a power of two), and the longest str it holds. */
const STR_CACHE_SIZE = 4096;
const STR_CACHE_MASK = STR_CACHE_SIZE - 1;
const STR_CACHE_MAX_UNITS = 64;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Writes Python pickles from JavaScript values: the inverse of the Unpickler's value model, in
 * one pass the way CPython's C pickler works. Every container, str and bytes value is memoized
 * on first sight (MEMOIZE / BINPUT) and written again as a GET: objects by identity, str by
 * value (JS strings have no identity). For plain data this gives CPython's bytes: the same
 * opcodes, memo indices, batches and frames as `pickle.dumps(obj, protocol)`, when every
 * repeated str of the Python object was one object.
 * One `dump` is one complete pickle with a fresh memo, like each `pickle.dump` call.
 */
export class Pickler {
  private readonly protocol: number;
  private readonly framing: boolean;
  private readonly numbersAsFloats: boolean;
  private readonly sink: ((bytes: Uint8Array) => void) | undefined;
  private readonly maxDepth: number;
  private readonly bufferCallback: ((buffer: Uint8Array) => void) | undefined;
  /** Infinity without a bufferCallback: nothing goes out of band. */
  private readonly outOfBandMinBytes: number;

  private bytes = new Uint8Array(INITIAL_CAPACITY);
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  /** With a sink: where the bytes not handed over yet start (the sink's pieces are views before it). */
  private base = 0;
  /** Start of the open frame's 9-byte header (protocol 4+: a frame is always open while writing). */
  private frameStart = -1;
  /** `save` commits the frame (or hands bytes to the sink) once `pos` reaches this. */
  private boundaryAt = Number.POSITIVE_INFINITY;

  /** Memo index per object (identity). */
  private readonly memo = new MemoTable<object>();
  /** Memo index per str (value). */
  private readonly strMemo = new StrMemo();
  /** The str cache (see saveStr): key, memo index and the dump it belongs to, per slot. */
  private strCacheKeys: string[] | null = null;
  private strCacheIndexes = new Uint32Array(0);
  /** Allocated with the keys, on the first str met twice (small dumps need no cache). */
  private strCacheStamps: Uint32Array | null = null;
  /** Numbers the dumps, so that one `dump` never reads the str cache of an earlier one. */
  private stamp = 0;
  /** Memo index per global, keyed `module\nname`. */
  private readonly globalMemo = new Map<string, number>();
  private memoCount = 0;
  private depth = 0;
  /** The containers being written, `path[1..depth]`: read only to explain a refusal past maxDepth. */
  private readonly path: object[] = [];
  /**
   * Tuples and frozensets that checkHashable has walked to the end in this dump: nothing
   * unhashable is inside, so a later check (of the items of a frozenset inside a frozenset, a
   * key inside a key) skips them. Each value is then checked at most once per dump, not once per
   * enclosing set. Cleared after each dump: values may change between dumps.
   */
  private readonly hashable = new Set<object>();
  /** Frozensets being written as calls (below protocol 4), their items not all written yet. */
  private readonly frozenSetsOpen = new Set<object>();
  /** Reductions being written (see flushPostCalls), and the calls waiting for the outermost to end. */
  private reductionDepth = 0;
  private readonly pendingPostCalls: PyPostCall[] = [];
  /** The batch state of the Map `saveMap` is writing (see saveMapEntry). */
  private mapInBatch = 0;
  private mapDone = 0;
  private mapSize = 0;
  private mapStartPos = 0;

  constructor(options: PicklerOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError(`options must be an object, got ${String(options)}`);
    const protocol: unknown = options.protocol ?? 5;
    if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
      throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
    }
    this.protocol = protocol;
    this.framing = protocol >= 4;
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
   * (`undefined`, a function, a class instance that is not a PyReducible, a value that contains
   * itself only through tuples or constructor arguments), `RangeError` past `maxDepth`; then
   * nothing is returned, though a sink may have received the first pieces.
   */
  dump(value: PyValue | PyReducible): Uint8Array {
    try {
      this.pos = this.base;
      this.stamp = (this.stamp + 1) >>> 0;
      if (this.stamp === 0) {
        this.strCacheStamps?.fill(0);
        this.stamp = 1;
      }
      this.ensure(2);
      this.bytes[this.pos] = OP.PROTO;
      this.bytes[this.pos + 1] = this.protocol;
      this.pos += 2;
      if (this.framing) this.openFrame();
      else this.boundaryAt = this.sink === undefined ? Number.POSITIVE_INFINITY : this.pos + FRAME_SIZE_TARGET;
      try {
        // save() meets a PyReducible anywhere (inside containers too) and checks every value.
        this.save(value as PyValue);
      } catch (error) {
        // A maxDepth past what the JS stack holds (Maps recurse through forEach): said as the
        // limit it is, not as the engine's own RangeError.
        if (error instanceof RangeError && /call stack/i.test(error.message)) {
          throw new RangeError(`value nested deeper than the JS stack holds (depth ${this.depth}); lower maxDepth (${this.maxDepth})`);
        }
        throw error;
      }
      this.op(OP.STOP);
      if (this.framing) this.commitFrame();
      return this.finish();
    } finally {
      this.memo.clear();
      this.strMemo.clear();
      this.globalMemo.clear();
      this.memoCount = 0;
      this.depth = 0;
      this.path.length = 0;
      this.hashable.clear();
      // Left open by a dump that failed inside one.
      this.frozenSetsOpen.clear();
      this.reductionDepth = 0;
      this.pendingPostCalls.length = 0;
      this.frameStart = -1;
      this.pos = this.base; // after a refusal: the bytes not handed over are dropped
    }
  }

  // ------------------------------------------------------------ output buffer and frames

  private ensure(extra: number): void {
    if (this.pos + extra > this.bytes.length) this.grow(extra);
  }

  private grow(extra: number): void {
    const needed = this.pos - this.base + extra;
    // With a sink, most of a full buffer was handed over already: start a fresh one.
    let capacity = this.base > 0 ? INITIAL_CAPACITY : this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    this.resize(capacity);
  }

  /**
   * Moves the bytes not handed over yet to a new buffer of `capacity`. The old buffer is never
   * written again: the sink's pieces are views of it.
   */
  private resize(capacity: number): void {
    const grown = new Uint8Array(capacity);
    const base = this.base;
    grown.set(this.bytes.subarray(base, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
    if (base > 0) {
      this.pos -= base;
      this.boundaryAt -= base;
      if (this.frameStart >= 0) this.frameStart -= base;
      this.base = 0;
    }
  }

  /**
   * A large container past 1/64 of its items (once per container): grow the buffer at once to
   * the size its items so far project (+1/8), instead of doubling through every size on the way
   * (past the projection, doubling resumes: re-projecting would allocate again and again). Each doubling leaves
   * a dead buffer behind, and external memory is what makes V8 run a full GC of the (large) heap
   * the value lives in during the dump. Without a sink only (a sink takes the bytes as they come).
   */
  private projectSize(startPos: number, done: number, total: number): void {
    if (this.sink !== undefined || done >= total) return;
    const written = this.pos - startPos;
    const projected = Math.ceil(this.pos + (written / done) * (total - done) * 1.125);
    // The str memo's tables too, now (see StrMemo.reserve): strs so far, scaled as the bytes.
    this.strMemo.reserve(Math.ceil(this.strMemo.size * (1 + ((total - done) / done) * 1.125)));
    if (projected <= this.bytes.length || projected > MAX_PROJECTED_CAPACITY) return;
    this.resize(projected);
  }

  private op(code: number): void {
    if (this.pos >= this.bytes.length) this.grow(1);
    this.bytes[this.pos++] = code;
  }

  private op2(code: number, argument: number): void {
    this.ensure(2);
    this.bytes[this.pos++] = code;
    this.bytes[this.pos++] = argument;
  }

  /** Little-endian uint32 at `at` (room already ensured). */
  private putUint32(at: number, value: number): void {
    const bytes = this.bytes;
    bytes[at] = value & 0xff;
    bytes[at + 1] = (value >>> 8) & 0xff;
    bytes[at + 2] = (value >>> 16) & 0xff;
    bytes[at + 3] = value >>> 24;
  }

  private raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.pos);
    this.pos += data.length;
  }

  /** The pickle written, handed over without a copy when it fills most of the buffer. */
  private finish(): Uint8Array {
    const length = this.pos;
    if (this.sink !== undefined) {
      this.flush();
      return EMPTY;
    }
    if (length < (this.bytes.length >>> 2) * 3) {
      const copy = this.bytes.slice(0, length);
      // A reused Pickler does not keep a large buffer for the small dumps that may follow.
      if (this.bytes.length > INITIAL_CAPACITY * 16) this.replaceBuffer();
      return copy;
    }
    const out = this.bytes.subarray(0, length);
    this.replaceBuffer();
    return out;
  }

  /** A fresh small buffer (between dumps: nothing in it is pending). */
  private replaceBuffer(): void {
    this.bytes = new Uint8Array(INITIAL_CAPACITY);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Reserves the header of a new frame where the next opcode goes (CPython opens it lazily: same place). */
  private openFrame(): void {
    this.ensure(FRAME_HEADER_SIZE);
    this.frameStart = this.pos;
    this.pos += FRAME_HEADER_SIZE;
    this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
  }

  private commitFrame(): void {
    const start = this.frameStart;
    const length = this.pos - start - FRAME_HEADER_SIZE;
    if (length < FRAME_SIZE_MIN) {
      this.bytes.copyWithin(start, start + FRAME_HEADER_SIZE, this.pos);
      this.pos -= FRAME_HEADER_SIZE;
    } else {
      this.bytes[start] = OP.FRAME;
      this.putUint32(start + 1, length);
      this.putUint32(start + 5, 0);
    }
    this.frameStart = -1;
  }

  /**
   * Hands what was written since the last flush to the sink (no open frame): a view, no copy.
   * The next bytes go after it, so a piece is never overwritten (one buffer serves many small
   * dumps: no allocation per record when a writer pickles records one by one).
   */
  private flush(): void {
    if (this.pos > this.base) this.sink!(this.bytes.subarray(this.base, this.pos));
    this.base = this.pos;
  }

  /**
   * Called by `save` once `boundaryAt` is reached: CPython commits a frame that reached 64 KiB
   * before writing the next object (`_Pickler_OpcodeBoundary` at the top of its `save`).
   */
  private boundary(): void {
    if (this.framing) {
      this.commitFrame();
      if (this.sink !== undefined) this.flush();
      this.openFrame();
    } else {
      this.flush();
      this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
    }
  }

  /** Header + payload; payloads of a frame's size or more go outside any frame, as CPython does. */
  private writeLarge(code: number, payload: Uint8Array, lengthBytes: 4 | 8): void {
    const isLarge = payload.length >= FRAME_SIZE_TARGET;
    if (isLarge && this.framing) this.commitFrame();
    this.ensure(9);
    const at = this.pos;
    this.bytes[at] = code;
    if (lengthBytes === 8) {
      this.putUint32(at + 1, payload.length % 2 ** 32);
      this.putUint32(at + 5, Math.floor(payload.length / 2 ** 32));
    } else {
      this.putUint32(at + 1, payload.length);
    }
    this.pos = at + 1 + lengthBytes;
    if (isLarge && this.sink !== undefined) {
      // Hand the payload over as it is: no copy of a large value into the output buffer.
      this.flush();
      this.sink(payload);
    } else {
      this.raw(payload);
    }
    if (isLarge) {
      if (this.framing) this.openFrame();
      else if (this.sink !== undefined) this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
    }
  }

  // ------------------------------------------------------------ memo

  private writeGet(index: number): void {
    this.ensure(5);
    const at = this.pos;
    if (index < 256) {
      this.bytes[at] = OP.BINGET;
      this.bytes[at + 1] = index;
      this.pos = at + 2;
    } else {
      this.bytes[at] = OP.LONG_BINGET;
      this.putUint32(at + 1, index);
      this.pos = at + 5;
    }
  }

  /** Memoizes what is on top of the stack; returns its memo index. */
  private writePut(): number {
    const index = this.memoCount++;
    this.ensure(5);
    const at = this.pos;
    if (this.framing) {
      this.bytes[at] = OP.MEMOIZE;
      this.pos = at + 1;
    } else if (index < 256) {
      this.bytes[at] = OP.BINPUT;
      this.bytes[at + 1] = index;
      this.pos = at + 2;
    } else {
      this.bytes[at] = OP.LONG_BINPUT;
      this.putUint32(at + 1, index);
      this.pos = at + 5;
    }
    return index;
  }

  // ------------------------------------------------------------ values

  private save(value: PyValue): void {
    if (this.pos >= this.boundaryAt) this.boundary();
    switch (typeof value) {
      case "string":
        this.saveStr(value);
        return;
      case "number":
        if (!this.numbersAsFloats && Number.isInteger(value) && (value !== 0 || 1 / value > 0)) this.writeInt(value);
        else this.writeFloat(value);
        return;
      case "boolean":
        this.op(value ? OP.NEWTRUE : OP.NEWFALSE);
        return;
      case "object":
        if (value === null) this.op(OP.NONE);
        else this.saveObject(value);
        return;
      case "bigint":
        if (value <= MAX_SAFE && value >= -MAX_SAFE) this.writeInt(Number(value));
        else this.writeLong(value);
        return;
      default:
        kindOf(value); // throws the TypeError that names what cannot be pickled
    }
  }

  /**
   * A str already written is a GET. Repeated short strings (dict keys, labels) are found in a
   * small direct-mapped cache keyed by a few of their characters before the memo Map: for the
   * common hit, a comparison instead of a hash probe into a Map of every str written so far.
   */
  private saveStr(text: string): void {
    const length = text.length;
    if (length > STR_CACHE_MAX_UNITS) {
      this.saveStrByMemo(text);
      return;
    }
    const slot =
      length === 0
        ? 0
        : (length + text.charCodeAt(0) * 31 + text.charCodeAt(length >> 1) * 131 + text.charCodeAt(length - 1) * 257 +
            text.charCodeAt(length > 1 ? length - 2 : 0) * 1031) &
          STR_CACHE_MASK;
    const keys = this.strCacheKeys;
    if (keys !== null && this.strCacheStamps![slot] === this.stamp && keys[slot] === text) {
      this.writeGet(this.strCacheIndexes[slot]!);
      return;
    }
    const index = this.strMemo.find(text);
    if (index < 0) {
      // First sight: not cached, so that a run of distinct strings (keys of a big dict) does not
      // evict the repeated ones. A str enters the cache when it is met again.
      this.writeNewStr(text);
      return;
    }
    this.writeGet(index);
    if (keys === null) this.allocateStrCache();
    this.strCacheKeys![slot] = text;
    this.strCacheIndexes[slot] = index;
    this.strCacheStamps![slot] = this.stamp;
  }

  private allocateStrCache(): void {
    this.strCacheKeys = new Array<string>(STR_CACHE_SIZE).fill("");
    this.strCacheIndexes = new Uint32Array(STR_CACHE_SIZE);
    this.strCacheStamps = new Uint32Array(STR_CACHE_SIZE);
  }

  private saveStrByMemo(text: string): void {
    const index = this.strMemo.find(text);
    if (index >= 0) this.writeGet(index);
    else this.writeNewStr(text);
  }

  /** Writes and memoizes a str that `strMemo.find` just missed. */
  private writeNewStr(text: string): void {
    this.writeStr(text);
    this.strMemo.add(text, this.writePut());
  }

  private saveObject(value: object): void {
    if (value instanceof PyFloat) {
      this.writeFloat(value.value);
      return;
    }
    const index = this.memo.get(value);
    if (index !== undefined) {
      this.writeGet(index);
      return;
    }
    const depth = ++this.depth;
    if (depth > this.maxDepth) this.refuseDepth(value);
    this.path[depth] = value;
    if (value instanceof Map) {
      if (dictClassOf(value) === undefined) this.saveMap(value as Map<PyValue, PyValue>);
      else this.saveReduction(value, reductionOf(value, "reduce", this.protocol)!);
    } else if (Array.isArray(value)) {
      if (isTuple(value)) this.saveTuple(value as PyValue[]);
      else this.saveList(value as PyValue[]);
    } else {
      this.saveOtherObject(value);
    }
    this.depth = depth - 1;
  }

  private saveOtherObject(value: object): void {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === DICT_PROTOTYPE || prototype === Object.prototype || prototype === null) {
      if (dictClassOf(value) === undefined) this.saveDict(value as PyDict);
      else this.saveReduction(value, reductionOf(value, "reduce", this.protocol)!);
    } else if (value instanceof Uint8Array) {
      this.saveBytes(value);
    } else if (value instanceof Set) {
      const kind = isFrozenSet(value) ? "frozenset" : "set";
      for (const item of value) if (typeof item === "object" && item !== null) checkHashable(item, `a ${kind} item`, this.hashable);
      const reduction = reductionOf(value, kind, this.protocol);
      if (reduction !== null && kind === "frozenset") {
        // Below protocol 4 a frozenset is a call on a list, memoized on the way in: one holding
        // itself would recurse to maxDepth past the list, where refuseDepth stops looking. Met
        // again while its own items are written, it is refused as such (Python cannot make one).
        // (Inline, no frame of its own: a deep chain of frozensets is as deep here as the stack.)
        if (this.frozenSetsOpen.has(value)) throw new TypeError(SELF_CONTAINED);
        this.frozenSetsOpen.add(value);
        this.saveReduction(value, reduction);
        this.frozenSetsOpen.delete(value);
      } else if (reduction !== null) this.saveReduction(value, reduction);
      else if (kind === "set") this.saveSet(value as Set<PyValue>);
      else this.saveFrozenSet(value as Set<PyValue>);
    } else if (value instanceof PyGlobal) {
      this.saveGlobal(value.module, value.name);
    } else if (value instanceof PyPersistentId) {
      this.save(value.pid);
      this.op(OP.BINPERSID);
    } else if (value instanceof PyOutOfBandBuffer) {
      this.saveBufferPlaceholder(value);
    } else if (isReducible(value)) {
      this.saveReduction(value, reductionOf(value, "reduce", this.protocol)!);
    } else {
      kindOf(value); // throws the TypeError that names what cannot be pickled
      throw new Error("internal: kindOf accepted a value the Pickler has no writer for");
    }
  }

  /**
   * Past maxDepth: a value that re-enters itself with nothing memoized on the way (only tuples,
   * frozensets or constructor arguments, each memoized after its items) recurses forever in
   * CPython; say so. Anything else is just deep.
   */
  private refuseDepth(value: object): never {
    const path = this.path;
    for (let i = this.depth - 1; i >= 1; i--) {
      if (this.memo.get(path[i]!) !== undefined) break;
      if (path[i] === value) {
        throw new TypeError(SELF_CONTAINED);
      }
    }
    throw new RangeError(`value nested deeper than maxDepth (${this.maxDepth})`);
  }

  private writeInt(value: number): void {
    this.ensure(5);
    const bytes = this.bytes;
    const at = this.pos;
    if (value >= 0 && value < 256) {
      bytes[at] = OP.BININT1;
      bytes[at + 1] = value;
      this.pos = at + 2;
    } else if (value >= 0 && value < 65536) {
      bytes[at] = OP.BININT2;
      bytes[at + 1] = value & 0xff;
      bytes[at + 2] = value >>> 8;
      this.pos = at + 3;
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      bytes[at] = OP.BININT;
      this.putUint32(at + 1, value);
      this.pos = at + 5;
    } else {
      this.writeLong(BigInt(value));
    }
  }

  /** LONG1 / LONG4: as few bytes as Python's encode_long. */
  private writeLong(value: bigint): void {
    const payload = encodeLong(value);
    this.ensure(5);
    if (payload.length < 256) {
      this.bytes[this.pos++] = OP.LONG1;
      this.bytes[this.pos++] = payload.length;
    } else {
      this.bytes[this.pos] = OP.LONG4;
      this.putUint32(this.pos + 1, payload.length);
      this.pos += 5;
    }
    this.raw(payload);
  }

  private writeFloat(value: number): void {
    this.ensure(9);
    this.bytes[this.pos] = OP.BINFLOAT;
    this.view.setFloat64(this.pos + 1, value, false);
    this.pos += 9;
  }

  /** SHORT_BINUNICODE (protocol 4+, under 256 bytes) or BINUNICODE, encoded straight into the output. */
  private writeStr(text: string): void {
    const length = text.length;
    if (length <= SHORT_STR_MAX_UNITS && this.framing) {
      this.ensure(2 + 3 * length);
      const bytes = this.bytes;
      const start = this.pos;
      let at = start + 2;
      let i = 0;
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        bytes[at++] = code;
      }
      if (i < length) at = encodeUtf8Into(text, i, bytes, at);
      bytes[start] = OP.SHORT_BINUNICODE;
      bytes[start + 1] = at - start - 2;
      this.pos = at;
      return;
    }
    if (length <= IN_PLACE_STR_MAX_UNITS) {
      this.ensure(5 + 3 * length);
      const start = this.pos;
      const end = encodeUtf8Into(text, 0, this.bytes, start + 5);
      const size = end - start - 5;
      if (size < 256 && this.framing) {
        this.bytes.copyWithin(start + 2, start + 5, end);
        this.bytes[start] = OP.SHORT_BINUNICODE;
        this.bytes[start + 1] = size;
        this.pos = end - 3;
      } else {
        this.bytes[start] = OP.BINUNICODE;
        this.putUint32(start + 1, size);
        this.pos = end;
      }
      return;
    }
    const encoded = encodeUtf8(text);
    if (encoded.length >= 2 ** 32) this.writeLarge(OP.BINUNICODE8, encoded, 8);
    else this.writeLarge(OP.BINUNICODE, encoded, 4);
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
      // CPython's save_reduce(callable, args, obj=value): the args tuple is memoized too.
      this.saveGlobal(call[0], call[1]);
      if (form === "bytes-call" || form === "bytearray-call") this.op(OP.EMPTY_TUPLE);
      else {
        if (form === "bytearray-of-bytes") this.writeFreshBytes(value);
        else this.saveStr(latin1Text(value));
        if (call[2] !== null) this.save(call[2]);
        this.op(call[2] === null ? OP.TUPLE1 : OP.TUPLE2);
        this.writePut();
      }
      this.op(OP.REDUCE);
    }
    this.memo.set(value, this.writePut());
  }

  /**
   * The `bytes(obj)` a bytearray's reduction passes, a new object each time: an opcode at
   * protocol 3+, `_codecs.encode(text, "latin1")` below, then memoized as CPython memoizes it.
   */
  private writeFreshBytes(value: Uint8Array): void {
    if (this.protocol >= 3) {
      this.writeBytesOpcode(value);
    } else {
      const [module, name, encoding] = BYTES_FORM_CALLS["codecs-encode"]!;
      this.saveGlobal(module, name);
      this.saveStr(latin1Text(value));
      this.save(encoding!);
      this.op(OP.TUPLE2);
      this.writePut();
      this.op(OP.REDUCE);
    }
    this.writePut();
  }

  /** SHORT_BINBYTES / BINBYTES / BINBYTES8 (protocol 3+). */
  private writeBytesOpcode(value: Uint8Array): void {
    if (value.length < 256) {
      this.op2(OP.SHORT_BINBYTES, value.length);
      this.raw(value);
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
    for (let i = 0; i < count; i++) this.save(items[i]!);
    const index = this.memo.get(items);
    if (index !== undefined) {
      if (isSmall) for (let i = 0; i < count; i++) this.op(OP.POP);
      else this.op(OP.POP_MARK);
      this.writeGet(index);
      return;
    }
    this.op(isSmall ? TUPLE_OPS[count]! : OP.TUPLE);
    this.memo.set(items, this.writePut());
  }

  /** CPython's batch_list_exact: APPEND for a lone item, else MARK ... APPENDS per 1000 items. */
  private saveList(items: readonly PyValue[]): void {
    this.op(OP.EMPTY_LIST);
    this.memo.set(items, this.writePut());
    const count = items.length;
    if (count === 1) {
      this.save(items[0]!);
      this.op(OP.APPEND);
      return;
    }
    const startPos = this.pos;
    let isProjected = false;
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(start + BATCH_SIZE, count);
      this.op(OP.MARK);
      for (let i = start; i < end; i++) this.save(items[i]!);
      this.op(OP.APPENDS);
      if (!isProjected && end * PROJECT_AFTER >= count) {
        isProjected = true;
        this.projectSize(startPos, end, count);
      }
    }
  }

  /**
   * CPython's batch_dict_exact: SETITEM for a lone pair, else MARK ... SETITEMS per 1000 pairs,
   * and one more empty batch after a full last one (CPython's loop runs until a batch falls short).
   */
  private saveMap(map: Map<PyValue, PyValue>): void {
    this.op(OP.EMPTY_DICT);
    this.memo.set(map, this.writePut());
    const size = map.size;
    if (size === 0) return;
    // forEach with one callback per Pickler and the batch state in fields (saved here around
    // nested Maps): no entry array per pair (bench/micro/map-iteration.bench.mjs) and no closure
    // per Map (a dict of a million small dicts allocated a million closures).
    const outerInBatch = this.mapInBatch;
    const outerDone = this.mapDone;
    const outerSize = this.mapSize;
    const outerStartPos = this.mapStartPos;
    this.mapInBatch = 0;
    this.mapDone = 0;
    this.mapSize = size;
    this.mapStartPos = this.pos;
    if (size > 1) this.op(OP.MARK);
    map.forEach(this.saveMapEntry);
    // A getter run while writing a value may have added or deleted entries: the batches
    // written no longer match (CPython: "dictionary changed size during iteration").
    if (this.mapDone + this.mapInBatch !== size || map.size !== size) throw new TypeError("a Map changed size while it was being pickled");
    this.op(size > 1 ? OP.SETITEMS : OP.SETITEM);
    this.mapInBatch = outerInBatch;
    this.mapDone = outerDone;
    this.mapSize = outerSize;
    this.mapStartPos = outerStartPos;
  }

  /** One pair of the Map `saveMap` is writing; closes a batch every BATCH_SIZE pairs. */
  private readonly saveMapEntry = (value: PyValue, key: PyValue): void => {
    if (typeof key === "object" && key !== null) checkHashable(key, "a dict key", this.hashable);
    this.save(key);
    this.save(value);
    if (++this.mapInBatch === BATCH_SIZE) {
      this.op(OP.SETITEMS);
      this.op(OP.MARK);
      this.mapInBatch = 0;
      const done = (this.mapDone += BATCH_SIZE);
      // Once per Map: the first time past 1/64 (later batches are past it too, and done < size).
      if (done * PROJECT_AFTER >= this.mapSize && (done - BATCH_SIZE) * PROJECT_AFTER < this.mapSize) {
        this.projectSize(this.mapStartPos, done, this.mapSize);
      }
    }
  };

  /** The same batches as `saveMap`, over an object-mode dict's keys. */
  private saveDict(dict: PyDict): void {
    this.op(OP.EMPTY_DICT);
    this.memo.set(dict, this.writePut());
    const keys = Object.keys(dict);
    const count = keys.length;
    if (count === 0) return;
    if (count === 1) {
      this.save(keys[0]!);
      this.save(dict[keys[0]!]!);
      this.op(OP.SETITEM);
      return;
    }
    let start = 0;
    let isProjected = false;
    const startPos = this.pos;
    do {
      const end = Math.min(start + BATCH_SIZE, count);
      this.op(OP.MARK);
      for (let i = start; i < end; i++) {
        const key = keys[i]!;
        this.save(key);
        this.save(dict[key]!);
      }
      this.op(OP.SETITEMS);
      if (!isProjected && end * PROJECT_AFTER >= count) {
        isProjected = true;
        this.projectSize(startPos, end, count);
      }
      start += BATCH_SIZE;
    } while (start <= count);
  }

  /** Items (or key/value pairs) of a reduction, as CPython's batch_list / batch_dict over an iterator. */
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

  /** CPython's save_set (protocol 4+): MARK ... ADDITEMS per 1000 items, an empty batch after a full last one. */
  private saveSet(set: Set<PyValue>): void {
    this.op(OP.EMPTY_SET);
    this.memo.set(set, this.writePut());
    const size = set.size;
    if (size === 0) return;
    let inBatch = 0;
    this.op(OP.MARK);
    set.forEach((item) => {
      this.save(item);
      if (++inBatch === BATCH_SIZE) {
        this.op(OP.ADDITEMS);
        this.op(OP.MARK);
        inBatch = 0;
      }
    });
    this.op(OP.ADDITEMS);
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
    this.memo.set(set, this.writePut());
  }

  /** A NEXT_BUFFER the decoder met without buffers: written back as the same reference (protocol 5). */
  private saveBufferPlaceholder(buffer: PyOutOfBandBuffer): void {
    if (this.protocol < 5) throw new TypeError(`an out-of-band buffer placeholder needs protocol 5, got ${this.protocol}`);
    this.op(OP.NEXT_BUFFER);
    if (buffer.isReadonly) this.op(OP.READONLY_BUFFER);
  }

  /** CPython's save_global: STACK_GLOBAL (protocol 4+) or GLOBAL, then memoized (a repeat is a GET). */
  private saveGlobal(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const index = this.globalMemo.get(key);
    if (index !== undefined) {
      this.writeGet(index);
      return;
    }
    if (this.framing) {
      this.save(module);
      this.save(name);
      this.op(OP.STACK_GLOBAL);
    } else {
      if (module.includes("\n") || name.includes("\n")) throw new TypeError(`cannot write global ${JSON.stringify(key)}: newline in name`);
      // Protocols 2 and lower carry Python 2's names (builtins.set as __builtin__.set), as CPython writes them.
      const [written, writtenName] = this.protocol < 3 ? reverseFixImports(module, name) : [module, name];
      this.op(OP.GLOBAL);
      this.raw(encodeUtf8(`${written}\n${writtenName}\n`));
    }
    this.globalMemo.set(key, this.writePut());
  }

  /** `callable(*args)` (or `cls.__new__(cls, *args[, **kwargs])`), then items and state, as CPython's save_reduce. */
  private saveReduction(value: object, reduction: PyReduction): void {
    this.reductionDepth++;
    const [module, name] = reduction.callable;
    const withKwargs = hasKwargs(reduction);
    if (reduction.callableValue !== undefined) this.save(reduction.callableValue);
    else this.saveGlobal(module, name);
    const argsIndex = this.memo.get(reduction.args);
    if (argsIndex !== undefined) this.writeGet(argsIndex);
    else this.saveTuple(reduction.args);
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
      if (--this.reductionDepth === 0) this.flushPostCalls();
      return;
    }
    this.memo.set(value, this.writePut());
    const { listItems, dictItems } = reduction;
    if (listItems != null && listItems.length > 0) this.saveBatches(listItems, listItems.length, false);
    if (dictItems != null && dictItems.length > 0) this.saveBatches(flatPairs(dictItems), dictItems.length, true);
    if (reduction.state !== undefined) {
      this.save(reduction.state);
      this.op(OP.BUILD);
    }
    if (reduction.postCalls !== undefined && reduction.postCalls.length > 0) this.pendingPostCalls.push(...reduction.postCalls);
    if (--this.reductionDepth === 0) this.flushPostCalls();
  }

  /**
   * Writes the calls made on values once built (REDUCE then POP each) after the outermost
   * reduction in progress is memoized: a call may take an object whose construction is still
   * being written (dill fills a method's `__class__` cell with the class after creating it).
   */
  private flushPostCalls(): void {
    this.reductionDepth++;
    for (let i = 0; i < this.pendingPostCalls.length; i++) {
      const call = this.pendingPostCalls[i]!;
      this.save(call.callable);
      this.saveTuple(call.args);
      this.op(OP.REDUCE);
      this.op(OP.POP);
    }
    this.pendingPostCalls.length = 0;
    this.reductionDepth--;
  }
}

/** Writes one pickle of `value` (see `Pickler` and `PicklerOptions`). */
export function dumps(value: PyValue | PyReducible, options?: PicklerOptions): Uint8Array {
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

function* flatPairs(pairs: readonly (readonly [PyValue, PyValue])[]): Iterable<PyValue> {
  for (const [key, value] of pairs) {
    yield key;
    yield value;
  }
}

const SELF_CONTAINED = "cannot pickle a value that contains itself through tuples or constructor arguments only";

/**
 * Refuses a dict key or set item Python cannot hash, whose pickle CPython could not load ("unhashable
 * type"): a list, dict, Map, set or bytearray, also inside a tuple or frozenset. Other objects
 * (tuples, frozensets, bytes, floats, placeholders, rebuilt classes) pass: what a placeholder's
 * class hashes to is Python's business. Walked with a stack, not recursion: keys nest deep too.
 * `hashable` holds the tuples and frozensets found hashable by earlier checks of this dump: they
 * are skipped, and once this check passes, those it looked into join them. Skipping only
 * subtrees with nothing unhashable leaves the walk's order, so the error, as it was.
 */
function checkHashable(value: object, what: string, hashable: Set<object>): void {
  if (hashable.has(value)) return;
  const pending: unknown[] = [value];
  // Tuples and frozensets looked into, each once (one may contain itself, or be shared).
  const seen = new Set<object>();
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== "object" || item === null || seen.has(item) || hashable.has(item)) continue;
    let kind: string | undefined;
    if (Array.isArray(item)) {
      if (!isTuple(item)) kind = "list";
      else {
        seen.add(item);
        for (const inner of item) pending.push(inner);
      }
    } else if (item instanceof Set) {
      if (!isFrozenSet(item)) kind = "set";
      else {
        seen.add(item);
        for (const inner of item) pending.push(inner);
      }
    } else if (item instanceof Map) {
      kind = "dict";
    } else if (item instanceof PyByteArray) {
      kind = "bytearray";
    } else {
      const prototype: unknown = Object.getPrototypeOf(item);
      if (prototype === DICT_PROTOTYPE || prototype === Object.prototype || prototype === null) kind = "dict";
    }
    if (kind !== undefined) throw new TypeError(`${what} cannot be a ${kind}: Python cannot hash it (CPython would refuse the pickle: unhashable type '${kind}')`);
  }
  for (const item of seen) hashable.add(item);
}
