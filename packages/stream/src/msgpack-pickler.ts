import { BATCH_SIZE, DECLINE, PickleBytes, utf8SequenceLength } from "@pkl-stream/core/internal";
import { OP } from "@pkl-stream/core/opcodes";
import { readMsgpackValue } from "./msgpack-values.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TUPLE_OPS = [OP.EMPTY_TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3] as const;
/** What `key` answers for a key that cannot equal another (a str is checked by the memo, an object never equals). */
const NO_PRIMITIVE = Symbol("no primitive");

/**
 * Writes pickles straight from msgpack bytes, one pickle per msgpack value, without building JS
 * values: the bytes `dumps` writes for what `decodeMsgpackValues` reads (maps as dicts with their
 * own key types, array keys as tuples, integral floats kept floats, bin as bytes). Strs are copied
 * from the input, memoized by value as the Pickler does.
 *
 * A value the transcoder does not take (a map with a repeated key, nesting past maxDepth, a str
 * that is not UTF-8, bytes at protocol 2, an extension type) is decoded and pickled by the value
 * path instead, so output and errors are the value path's (MsgpackShapeError for what is no
 * msgpack).
 */
export class MsgpackPickler extends PickleBytes {
  private input: Uint8Array = new Uint8Array(0);
  private inputView = new DataView(this.input.buffer);
  private at = 0;

  /** The pickle of the msgpack value at `input[start]`, by the transcoder or the value path; returns where the value ends. */
  pickleNext(input: Uint8Array, start: number): number {
    const after = this.tryRecord(input, start);
    if (after >= 0) return after;
    const { value, end } = readMsgpackValue(input, start);
    this.pickleValue(value);
    return end;
  }

  /** The pickle of the msgpack value at `input[start]` when the transcoder takes it: returns where the value ends, else DECLINED (nothing written). */
  tryRecord(input: Uint8Array, start: number): number {
    if (input !== this.input) {
      this.input = input;
      this.inputView = new DataView(input.buffer, input.byteOffset, input.byteLength);
    }
    this.at = start;
    const mark = this.pos;
    try {
      this.beginRecord();
      this.value(0, false);
      this.endRecord();
      return this.at;
    } catch (error) {
      if (error !== DECLINE) throw error;
      return this.decline(mark);
    } finally {
      this.endMemo();
    }
  }

  /** `size` bytes of input from `at` on, or the value path (cut short). */
  private advance(size: number): number {
    const at = this.at;
    if (at + size > this.input.length) throw DECLINE;
    this.at = at + size;
    return at;
  }

  /**
   * The value at `at`; `depth` containers enclose it. `isTupleItem`: an array is a tuple (a map
   * key that is an array, and arrays directly inside it, as the value path's hashableKey).
   */
  private value(depth: number, isTupleItem: boolean): void {
    this.beforeValue();
    const input = this.input;
    const head = input[this.advance(1)]!;
    if (head <= 0x7f) {
      this.writeInt(head);
      return;
    }
    if (head >= 0xe0) {
      this.writeInt(head - 0x100);
      return;
    }
    if (head <= 0x8f) {
      // A map in a key has no hashable Python value: the value path says so.
      if (isTupleItem) throw DECLINE;
      this.map(head & 0x0f, depth);
      return;
    }
    if (head <= 0x9f) {
      this.array(head & 0x0f, depth, isTupleItem);
      return;
    }
    if (head <= 0xbf) {
      this.str(head & 0x1f, 0);
      return;
    }
    const view = this.inputView;
    switch (head) {
      case 0xc0:
        this.op(OP.NONE);
        return;
      case 0xc2:
        this.op(OP.NEWFALSE);
        return;
      case 0xc3:
        this.op(OP.NEWTRUE);
        return;
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        if (depth >= this.maxDepth) throw DECLINE;
        const length = this.length(1 << (head - 0xc4));
        this.bytesValue(input, this.advance(length), length);
        return;
      }
      case 0xca:
        this.writeFloat(view.getFloat32(this.advance(4)));
        return;
      case 0xcb:
        this.writeFloat(view.getFloat64(this.advance(8)));
        return;
      case 0xcc:
      case 0xcd:
      case 0xce:
        this.writeInt(this.length(1 << (head - 0xcc)));
        return;
      case 0xcf:
        this.writeBigInt(view.getBigUint64(this.advance(8)));
        return;
      case 0xd0:
        this.writeInt(view.getInt8(this.advance(1)));
        return;
      case 0xd1:
        this.writeInt(view.getInt16(this.advance(2)));
        return;
      case 0xd2:
        this.writeInt(view.getInt32(this.advance(4)));
        return;
      case 0xd3:
        this.writeBigInt(view.getBigInt64(this.advance(8)));
        return;
      case 0xd9:
      case 0xda:
      case 0xdb:
        this.str(this.length(1 << (head - 0xd9)), 0);
        return;
      case 0xdc:
      case 0xdd:
        this.array(this.length(head === 0xdc ? 2 : 4), depth, isTupleItem);
        return;
      case 0xde:
      case 0xdf:
        if (isTupleItem) throw DECLINE;
        this.map(this.length(head === 0xde ? 2 : 4), depth);
        return;
      default:
        throw DECLINE; // extension types and 0xc1: the value path refuses them
    }
  }

  /** A big-endian unsigned length (or int) of `size` bytes. */
  private length(size: number): number {
    const at = this.advance(size);
    const view = this.inputView;
    return size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : view.getUint32(at);
  }

  private writeBigInt(value: bigint): void {
    const int = asInt(value);
    if (typeof int === "number") this.writeInt(int);
    else this.writeLong(int);
  }

  /** A str of `length` bytes: copied when it is well-formed UTF-8 (the value path replaces what is not). */
  private str(length: number, keyOf: number): void {
    const input = this.input;
    const from = this.advance(length);
    const end = from + length;
    for (let i = from; i < end; ) {
      if (input[i]! < 0x80) i++;
      else i += utf8SequenceLength(input, i, end);
    }
    this.plainStr(input, from, length, keyOf);
  }

  /** The Pickler's saveList: APPEND for one item, else MARK ... APPENDS per 1000; or a tuple (saveTuple). */
  private array(count: number, depth: number, isTuple: boolean): void {
    if (depth >= this.maxDepth) throw DECLINE;
    if (isTuple) {
      this.tuple(count, depth);
      return;
    }
    this.op(OP.EMPTY_LIST);
    this.put();
    if (count === 1) {
      this.value(depth + 1, false);
      this.op(OP.APPEND);
      return;
    }
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(start + BATCH_SIZE, count);
      this.op(OP.MARK);
      for (let i = start; i < end; i++) this.value(depth + 1, false);
      this.op(OP.APPENDS);
    }
  }

  /** saveTuple: EMPTY_TUPLE, TUPLE1-3 after the items, else MARK ... TUPLE; memoized after its items. */
  private tuple(count: number, depth: number): void {
    if (count === 0) {
      this.op(OP.EMPTY_TUPLE);
      return;
    }
    if (count > 3) this.op(OP.MARK);
    for (let i = 0; i < count; i++) this.value(depth + 1, true);
    this.op(count <= 3 ? TUPLE_OPS[count]! : OP.TUPLE);
    this.put();
  }

  /** saveMap: SETITEM for one pair, else MARK ... SETITEMS per 1000 pairs and an empty batch after a full last one. */
  private map(count: number, depth: number): void {
    if (depth >= this.maxDepth) throw DECLINE;
    this.op(OP.EMPTY_DICT);
    this.put();
    if (count === 0) return;
    const serial = ++this.dictSerial;
    /** Keys other than strs that a Map would find equal (numbers, bigints, booleans, None), once one is met. */
    let primitives: Set<unknown> | undefined;
    if (count > 1) this.op(OP.MARK);
    let inBatch = 0;
    for (let i = 0; i < count; i++) {
      const primitive = this.key(depth, serial);
      if (primitive !== NO_PRIMITIVE) {
        primitives ??= new Set();
        if (primitives.has(primitive)) throw DECLINE; // a repeated key: the value path keeps the last value
        primitives.add(primitive);
      }
      this.value(depth + 1, false);
      if (++inBatch === BATCH_SIZE) {
        this.op(OP.SETITEMS);
        this.op(OP.MARK);
        inBatch = 0;
      }
    }
    this.op(count > 1 ? OP.SETITEMS : OP.SETITEM);
  }

  /**
   * A map key: a str (its repeats found by the memo), an array as a tuple, anything else as a
   * value. Returns the JS value a Map would compare it by when that is a primitive.
   */
  private key(depth: number, serial: number): unknown {
    const head = this.input[this.at];
    if (head !== undefined && ((head >= 0xa0 && head <= 0xbf) || (head >= 0xd9 && head <= 0xdb))) {
      this.beforeValue();
      this.at++;
      this.str(head <= 0xbf ? head & 0x1f : this.length(1 << (head - 0xd9)), serial);
      return NO_PRIMITIVE;
    }
    const primitive = head === undefined ? NO_PRIMITIVE : this.primitiveAt(this.at, head);
    this.value(depth + 1, true);
    return primitive;
  }

  /**
   * The JS primitive the value path makes of the value at `at` when it is one a Map compares by
   * value: an int (number or bigint), a float that is not integral (integral ones are PyFloat
   * objects), a boolean, None. Else NO_PRIMITIVE. Reads within bounds only (value() checks).
   */
  private primitiveAt(at: number, head: number): unknown {
    const view = this.inputView;
    const size = this.input.length;
    if (head <= 0x7f) return head;
    if (head >= 0xe0) return head - 0x100;
    if (head === 0xc0) return null;
    if (head === 0xc2 || head === 0xc3) return head === 0xc3;
    const width = head === 0xca ? 4 : head === 0xcb ? 8 : head >= 0xcc && head <= 0xd3 ? 1 << (head & 0x03) : 0;
    if (width === 0 || at + 1 + width > size) return NO_PRIMITIVE;
    switch (head) {
      case 0xca:
      case 0xcb: {
        const float = head === 0xca ? view.getFloat32(at + 1) : view.getFloat64(at + 1);
        return Number.isInteger(float) || Object.is(float, -0) ? NO_PRIMITIVE : float;
      }
      case 0xcc:
        return view.getUint8(at + 1);
      case 0xcd:
        return view.getUint16(at + 1);
      case 0xce:
        return view.getUint32(at + 1);
      case 0xcf:
        return asInt(view.getBigUint64(at + 1));
      case 0xd0:
        return view.getInt8(at + 1);
      case 0xd1:
        return view.getInt16(at + 1);
      case 0xd2:
        return view.getInt32(at + 1);
      default:
        return asInt(view.getBigInt64(at + 1));
    }
  }
}

/** A 64-bit int as the value path reads it: a number within 2**53, else a bigint. */
function asInt(value: bigint): number | bigint {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
}
