import * as OP from "../opcodes/codes.js";
import type { PyValue } from "../values/py-types.js";
import { encodeLong } from "./long.js";
import { Pickler } from "./pickler.js";

export interface PickleBytesOptions {
  /** Pickle protocol, 2 to 5. Default 5. */
  readonly protocol?: 2 | 3 | 4 | 5;
  /** Deepest nesting written per record, as the Pickler's option. Default 1,000. */
  readonly maxDepth?: number;
}

/** A transcoder's answer for a record it leaves to the value path (nothing written). */
export const DECLINED = -1;
/** Thrown inside a transcoder when a record needs the value path; never escapes `tryRecord`. */
export const DECLINE: unique symbol = Symbol("decline");

/** The Pickler's frame rules (see pickler.ts): a frame closes at the first value past 64 KiB. */
export const FRAME_SIZE_TARGET = 64 * 1024;
const FRAME_SIZE_MIN = 4;
const FRAME_HEADER_SIZE = 9;
/** Items per APPENDS / SETITEMS, as the Pickler's (CPython's) batches. */
export const BATCH_SIZE = 1000;
/**
 * A fresh output buffer's size: twice the 1 MiB pieces callers take, so that a piece is taken
 * before the buffer has to grow (growing copies what it holds).
 */
const CHUNK_CAPACITY = 2 << 20;
/** Payloads of at least this many bytes leave the frame (the Pickler's writeLarge). */
const LARGE_PAYLOAD = FRAME_SIZE_TARGET;

/**
 * The output side of the transcoders that write pickles straight from other formats' bytes
 * (JsonPickler, the stream package's MsgpackPickler): the bytes the Pickler writes for the values
 * those bytes stand for, without the values. It holds the output, frames, the memo and the
 * writers of str, bytes and numbers; a subclass reads its format and says which to write.
 *
 * Strs are memoized by value as the Pickler does (each distinct str once, then a GET): the memo
 * is a hash table of spans of the output. A str that is a dict key records the dict (`keyOf`),
 * so a key repeated in one dict (which the value path collapses) declines the record.
 * Records are gathered in one buffer; `take` hands them over.
 */
export abstract class PickleBytes {
  protected readonly protocol: 2 | 3 | 4 | 5;
  protected readonly framing: boolean;
  protected readonly maxDepth: number;
  private valuePickler: Pickler | undefined;

  protected out = new Uint8Array(CHUNK_CAPACITY);
  protected view = new DataView(this.out.buffer);
  protected pos = 0;
  protected frameStart = -1;
  protected boundaryAt = Number.POSITIVE_INFINITY;

  protected memoCount = 0;
  /**
   * The record's str memo: an open-addressed table whose slots hold an entry's number + 1 (0:
   * empty) beside its hash, so a probe reads one place; each entry a span of the output.
   */
  private slots = new Int32Array(2 * 1024);
  protected entryStarts = new Int32Array(256);
  private entryLengths = new Int32Array(256);
  private entryHashes = new Int32Array(256);
  /** Where each entry sits in `slots`, to empty them at the end of the record. */
  private entrySlots = new Int32Array(256);
  protected entryMemos = new Int32Array(256);
  protected entryCount = 0;
  /** Hash of the last str looked up, for the entry `addStr` makes of it. */
  private lastHash = 0;
  /** Per memo index: the dict whose key it last was (0: none). */
  private keyOwners = new Int32Array(256);
  /** Numbers the dicts written (never reused, so an old owner never matches). */
  protected dictSerial = 0;

  constructor(options: PickleBytesOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError(`options must be an object, got ${String(options)}`);
    const protocol: unknown = options.protocol ?? 5;
    if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
      throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
    }
    this.protocol = protocol;
    this.framing = protocol >= 4;
    this.maxDepth = options.maxDepth ?? 1000;
    if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) {
      throw new RangeError(`maxDepth must be a positive integer, got ${String(options.maxDepth)}`);
    }
  }

  /** Bytes of pickles written and not taken yet. */
  get size(): number {
    return this.pos;
  }

  /** The pickles written since the last take; the next ones go to a fresh buffer. */
  take(): Uint8Array {
    const taken = this.out.subarray(0, this.pos);
    this.out = new Uint8Array(CHUNK_CAPACITY);
    this.view = new DataView(this.out.buffer);
    this.pos = 0;
    return taken;
  }

  /** Drops what was written after `size` was `mark`. */
  rollback(mark: number): void {
    this.pos = mark;
  }

  /** Makes room for `bytes` more output at once (a large record whose size is about known). */
  reserve(bytes: number): void {
    this.ensure(bytes);
  }

  /** One pickle of `value` by the Pickler (the value path), gathered with the others. */
  pickleValue(value: PyValue): void {
    this.valuePickler ??= new Pickler({ protocol: this.protocol, maxDepth: this.maxDepth });
    const bytes = this.valuePickler.dump(value);
    this.ensure(bytes.length);
    this.out.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  // ------------------------------------------------------------ records and frames

  /** Drops a record begun at `mark`; returns DECLINED. */
  protected decline(mark: number): number {
    this.pos = mark;
    this.frameStart = -1;
    return DECLINED;
  }

  protected beginRecord(): void {
    this.ensure(2 + FRAME_HEADER_SIZE);
    this.out[this.pos] = OP.PROTO;
    this.out[this.pos + 1] = this.protocol;
    this.pos += 2;
    if (this.framing) this.openFrame();
  }

  protected endRecord(): void {
    this.op(OP.STOP);
    if (this.framing) this.commitFrame();
    this.frameStart = -1;
  }

  /** A fresh memo for the next record: the slots its entries took are emptied (not the whole table). */
  protected endMemo(): void {
    const slots = this.slots;
    const entrySlots = this.entrySlots;
    for (let entry = 0; entry < this.entryCount; entry++) slots[entrySlots[entry]!] = 0;
    this.memoCount = 0;
    this.entryCount = 0;
  }

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
      this.out.copyWithin(start, start + FRAME_HEADER_SIZE, this.pos);
      this.pos -= FRAME_HEADER_SIZE;
      // Memo spans in the moved bytes move with them (only an empty str fits in so short a frame).
      const starts = this.entryStarts;
      for (let entry = this.entryCount - 1; entry >= 0 && starts[entry]! > start; entry--) starts[entry] = starts[entry]! - FRAME_HEADER_SIZE;
    } else {
      const out = this.out;
      out[start] = OP.FRAME;
      putUint32(out, start + 1, length);
      putUint32(out, start + 5, 0);
    }
    this.frameStart = -1;
  }

  /** Called before each value: the Pickler commits a frame that reached 64 KiB before it writes the next one. */
  protected beforeValue(): void {
    if (this.pos >= this.boundaryAt) {
      this.commitFrame();
      this.openFrame();
    }
  }

  protected ensure(extra: number): void {
    if (this.pos + extra > this.out.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.out.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.out.subarray(0, this.pos));
    this.out = grown;
    this.view = new DataView(grown.buffer);
  }

  protected op(code: number): void {
    if (this.pos >= this.out.length) this.grow(1);
    this.out[this.pos++] = code;
  }

  /** Memoizes the value on top of the stack (MEMOIZE, or BINPUT before protocol 4). */
  protected put(): number {
    const index = this.memoCount++;
    if (index >= this.keyOwners.length) this.keyOwners = growInt32(this.keyOwners, index + 1);
    this.keyOwners[index] = 0;
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (this.framing) {
      out[at] = OP.MEMOIZE;
      this.pos = at + 1;
    } else if (index < 256) {
      out[at] = OP.BINPUT;
      out[at + 1] = index;
      this.pos = at + 2;
    } else {
      out[at] = OP.LONG_BINPUT;
      putUint32(out, at + 1, index);
      this.pos = at + 5;
    }
    return index;
  }

  private writeGet(index: number): void {
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (index < 256) {
      out[at] = OP.BINGET;
      out[at + 1] = index;
      this.pos = at + 2;
    } else {
      out[at] = OP.LONG_BINGET;
      putUint32(out, at + 1, index);
      this.pos = at + 5;
    }
  }

  // ------------------------------------------------------------ str

  /** A str's header length (SHORT_BINUNICODE from protocol 4 under 256 bytes, else BINUNICODE) for at most `rawLength` bytes. */
  protected strHeaderLength(rawLength: number): number {
    return this.framing && rawLength < 256 ? 2 : 5;
  }

  /**
   * A str whose UTF-8 is `source[from, from + length)` (well-formed: the caller checked): a GET
   * when it was written before (looked up in place, not copied), else copied, with its header.
   */
  protected plainStr(source: Uint8Array, from: number, length: number, keyOf: number): void {
    if (length >= LARGE_PAYLOAD) {
      this.largeStr(source, from, length, keyOf);
      return;
    }
    const found = this.findStr(source, from, length);
    if (found >= 0) {
      this.writeGet(found);
      this.ownKey(found, keyOf);
      return;
    }
    const hash = this.lastHash;
    const headerLength = this.strHeaderLength(length);
    this.ensure(headerLength + length + 5);
    const out = this.out;
    const opAt = this.pos;
    if (headerLength === 2) {
      out[opAt] = OP.SHORT_BINUNICODE;
      out[opAt + 1] = length;
    } else {
      out[opAt] = OP.BINUNICODE;
      putUint32(out, opAt + 1, length);
    }
    const start = opAt + headerLength;
    if (length < 32) {
      for (let i = 0; i < length; i++) out[start + i] = source[from + i]!;
    } else {
      out.set(source.subarray(from, from + length), start);
    }
    this.pos = start + length;
    this.addStr(start, length, hash, this.put(), keyOf);
  }

  /**
   * A str whose UTF-8 (`length` bytes, under 64 KiB) is in the output after `headerLength`
   * bytes left at `opAt` (with room for 5 more): a GET when that str was written before,
   * else its header and MEMOIZE.
   */
  protected strWritten(opAt: number, headerLength: number, length: number, keyOf: number): void {
    const out = this.out;
    const payloadAt = opAt + headerLength;
    const found = this.findStr(out, payloadAt, length);
    if (found >= 0) {
      this.pos = opAt;
      this.writeGet(found);
      this.ownKey(found, keyOf);
      return;
    }
    let start = payloadAt;
    if (headerLength === 2) {
      out[opAt] = OP.SHORT_BINUNICODE;
      out[opAt + 1] = length;
    } else if (this.framing && length < 256) {
      // Shorter than its raw text (escapes): SHORT_BINUNICODE after all, the payload moved back.
      out.copyWithin(opAt + 2, payloadAt, payloadAt + length);
      start = opAt + 2;
      out[opAt] = OP.SHORT_BINUNICODE;
      out[opAt + 1] = length;
    } else {
      out[opAt] = OP.BINUNICODE;
      putUint32(out, opAt + 1, length);
    }
    this.pos = start + length;
    this.addStr(start, length, this.lastHash, this.put(), keyOf);
  }

  /** A str of 64 KiB or more, `bytes[from, from + length)`: past a frame's size it goes outside any frame. */
  protected largeStr(bytes: Uint8Array, from: number, length: number, keyOf: number): void {
    const found = this.findStr(bytes, from, length);
    if (found >= 0) {
      this.writeGet(found);
      this.ownKey(found, keyOf);
      return;
    }
    const hash = this.lastHash;
    const start = this.writeLarge(length < 2 ** 32 ? OP.BINUNICODE : OP.BINUNICODE8, bytes, from, length);
    this.addStr(start, length, hash, this.put(), keyOf);
  }

  /** The memo index of a str whose UTF-8 is `bytes[at, at + length)`, or -1 (its hash kept). */
  private findStr(bytes: Uint8Array, at: number, length: number): number {
    let hash = length | 0;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ bytes[at + i]!, 0x01000193);
    // FNV-1a's low bits come from the low bits of the bytes only: mix the high ones down (the table is indexed by the low bits).
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    this.lastHash = hash;
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    const out = this.out;
    for (let slot = hash & mask; slots[2 * slot] !== 0; slot = (slot + 1) & mask) {
      if (slots[2 * slot + 1] !== hash) continue;
      const entry = slots[2 * slot]! - 1;
      if (this.entryLengths[entry] !== length) continue;
      const start = this.entryStarts[entry]!;
      let i = 0;
      while (i < length && out[start + i] === bytes[at + i]) i++;
      if (i === length) return this.entryMemos[entry]!;
    }
    return -1;
  }

  private addStr(start: number, length: number, hash: number, memo: number, keyOf: number): void {
    const entry = this.entryCount++;
    if (entry >= this.entryStarts.length) this.growEntries();
    this.entryStarts[entry] = start;
    this.entryLengths[entry] = length;
    this.entryHashes[entry] = hash;
    this.entryMemos[entry] = memo;
    this.keyOwners[memo] = keyOf;
    if (this.entryCount * 4 > this.slots.length) this.growTable();
    else this.place(entry, hash);
  }

  private place(entry: number, hash: number): void {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = entry + 1;
    slots[2 * slot + 1] = hash;
    this.entrySlots[entry] = 2 * slot;
  }

  /** A str used as a key: a second use as a key of the same dict is a repeated key (value path). */
  private ownKey(memo: number, keyOf: number): void {
    if (keyOf === 0) return;
    if (this.keyOwners[memo] === keyOf) throw DECLINE;
    this.keyOwners[memo] = keyOf;
  }

  private growEntries(): void {
    const size = this.entryStarts.length * 2;
    this.entryStarts = growInt32(this.entryStarts, size);
    this.entryLengths = growInt32(this.entryLengths, size);
    this.entryHashes = growInt32(this.entryHashes, size);
    this.entryMemos = growInt32(this.entryMemos, size);
    this.entrySlots = growInt32(this.entrySlots, size);
  }

  private growTable(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let entry = 0; entry < this.entryCount; entry++) this.place(entry, this.entryHashes[entry]!);
  }

  // ------------------------------------------------------------ bytes and numbers

  /** bytes (protocol 3+: SHORT_BINBYTES, BINBYTES, BINBYTES8), memoized as the Pickler memoizes every bytes object. */
  protected bytesValue(source: Uint8Array, from: number, length: number): void {
    if (this.protocol < 3) throw DECLINE; // protocol 2 writes bytes as a call: the value path's
    if (length < 256) {
      this.ensure(2 + length);
      this.out[this.pos++] = OP.SHORT_BINBYTES;
      this.out[this.pos++] = length;
      this.out.set(source.subarray(from, from + length), this.pos);
      this.pos += length;
    } else {
      this.writeLarge(length < 2 ** 32 ? OP.BINBYTES : OP.BINBYTES8, source, from, length);
    }
    this.put();
  }

  /**
   * Header and payload as the Pickler's writeLarge: a payload of a frame's size or more goes
   * outside any frame (the frame before it closes, a new one opens after it). Returns where the
   * payload starts in the output.
   */
  private writeLarge(code: number, source: Uint8Array, from: number, length: number): number {
    const isLarge = length >= FRAME_SIZE_TARGET && this.framing;
    if (isLarge) this.commitFrame();
    const headerLength = code === OP.BINUNICODE8 || code === OP.BINBYTES8 ? 9 : 5;
    this.ensure(headerLength + length);
    const out = this.out;
    out[this.pos] = code;
    putUint32(out, this.pos + 1, length % 2 ** 32);
    if (headerLength === 9) putUint32(out, this.pos + 5, Math.floor(length / 2 ** 32));
    const start = this.pos + headerLength;
    out.set(source.subarray(from, from + length), start);
    this.pos = start + length;
    if (isLarge) this.openFrame();
    return start;
  }

  /** The Pickler's writeInt: BININT1, BININT2, BININT, else LONG1. */
  protected writeInt(value: number): void {
    this.ensure(5);
    const out = this.out;
    const at = this.pos;
    if (value >= 0 && value < 256) {
      out[at] = OP.BININT1;
      out[at + 1] = value;
      this.pos = at + 2;
    } else if (value >= 0 && value < 65536) {
      out[at] = OP.BININT2;
      out[at + 1] = value & 0xff;
      out[at + 2] = value >>> 8;
      this.pos = at + 3;
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      out[at] = OP.BININT;
      putUint32(out, at + 1, value);
      this.pos = at + 5;
    } else {
      this.writeLong(BigInt(value));
    }
  }

  /** LONG1 / LONG4: as few bytes as Python's encode_long. */
  protected writeLong(value: bigint): void {
    const payload = encodeLong(value);
    this.ensure(5 + payload.length);
    const out = this.out;
    if (payload.length < 256) {
      out[this.pos++] = OP.LONG1;
      out[this.pos++] = payload.length;
    } else {
      out[this.pos] = OP.LONG4;
      putUint32(out, this.pos + 1, payload.length);
      this.pos += 5;
    }
    out.set(payload, this.pos);
    this.pos += payload.length;
  }

  protected writeFloat(value: number): void {
    this.ensure(9);
    this.out[this.pos] = OP.BINFLOAT;
    this.view.setFloat64(this.pos + 1, value, false);
    this.pos += 9;
  }
}

export function putUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

function growInt32(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * The length of the well-formed UTF-8 sequence at `at` (as the fatal TextDecoder accepts: no
 * overlong form, no surrogate, nothing past U+10FFFF); declines anything else.
 */
export function utf8SequenceLength(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else throw DECLINE;
  if (at + length > end) throw DECLINE;
  const second = bytes[at + 1]!;
  if (second < low || second > high) throw DECLINE;
  for (let i = 2; i < length; i++) {
    const next = bytes[at + i]!;
    if (next < 0x80 || next > 0xbf) throw DECLINE;
  }
  return length;
}
