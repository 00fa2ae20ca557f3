import { markTuple, PyFloat, type PyValue } from "@pkl-stream/core";
import { isWholeValues, MsgpackShapeError } from "./merge/msgpack-walk.js";

/**
 * Every msgpack value in `bytes` (a stream of values, as the msgpack writer and merges write),
 * as PyValues that keep what Python needs: maps become Maps with their own key types (array keys
 * become tuples: a list cannot be a dict key), float64/float32 stay floats (integral ones as
 * PyFloat: msgpackr reads `2.0` back as the int 2), bin is bytes, 64-bit ints beyond 2**53 are
 * bigints. Extension types have no Python value and are refused.
 */
export function decodeMsgpackValues(bytes: Uint8Array): PyValue[] {
  const reader = new MsgpackReader(bytes);
  const values: PyValue[] = [];
  while (reader.offset < bytes.length) values.push(reader.read());
  return values;
}

/** Whether `bytes` are whole msgpack values, back to back (walked, not decoded: an extension type passes). */
export function isWholeMsgpack(bytes: Uint8Array): boolean {
  return isWholeValues(bytes);
}

/** The msgpack value at `offset` and where it ends (MsgpackShapeError for bytes that are no msgpack value). */
export function readMsgpackValue(bytes: Uint8Array, offset: number): { value: PyValue; end: number } {
  const reader = new MsgpackReader(bytes);
  reader.offset = offset;
  const value = reader.read();
  return { value, end: reader.offset };
}

const text = new TextDecoder("utf-8", { fatal: false });
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A minimal msgpack reader that keeps Python's float/int distinction (msgpackr reads 2.0 as 2). */
class MsgpackReader {
  offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(): PyValue {
    const head = this.uint(1);
    if (head <= 0x7f) return head;
    if (head >= 0xe0) return head - 0x100;
    if (head <= 0x8f) return this.map(head & 0x0f);
    if (head <= 0x9f) return this.array(head & 0x0f);
    if (head <= 0xbf) return this.str(head & 0x1f);
    switch (head) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6:
        return this.take(this.uint(1 << (head - 0xc4))).slice();
      case 0xca:
        return this.float(this.view.getFloat32(this.advance(4)));
      case 0xcb:
        return this.float(this.view.getFloat64(this.advance(8)));
      case 0xcc:
      case 0xcd:
      case 0xce:
        return this.uint(1 << (head - 0xcc));
      case 0xcf:
        return this.int(this.view.getBigUint64(this.advance(8)));
      case 0xd0:
        return this.view.getInt8(this.advance(1));
      case 0xd1:
        return this.view.getInt16(this.advance(2));
      case 0xd2:
        return this.view.getInt32(this.advance(4));
      case 0xd3:
        return this.int(this.view.getBigInt64(this.advance(8)));
      case 0xd9:
      case 0xda:
      case 0xdb:
        return this.str(this.uint(1 << (head - 0xd9)));
      case 0xdc:
      case 0xdd:
        return this.array(this.uint(head === 0xdc ? 2 : 4));
      case 0xde:
      case 0xdf:
        return this.map(this.uint(head === 0xde ? 2 : 4));
      default:
        throw new MsgpackShapeError(`msgpack type 0x${head.toString(16)} at offset ${this.offset - 1} has no Python value`);
    }
  }

  private advance(size: number): number {
    const at = this.offset;
    if (at + size > this.bytes.length) throw new MsgpackShapeError(`msgpack value cut short at offset ${at}`);
    this.offset += size;
    return at;
  }

  private uint(size: number): number {
    const at = this.advance(size);
    return size === 1 ? this.view.getUint8(at) : size === 2 ? this.view.getUint16(at) : this.view.getUint32(at);
  }

  private take(size: number): Uint8Array {
    const at = this.advance(size);
    return this.bytes.subarray(at, at + size);
  }

  private str(size: number): string {
    return text.decode(this.take(size));
  }

  private float(value: number): number | PyFloat {
    return Number.isInteger(value) || Object.is(value, -0) ? new PyFloat(value) : value;
  }

  private int(value: bigint): number | bigint {
    return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
  }

  /** Arrays and maps open around the value being read. */
  private depth = 0;

  /** One more level of nesting, refused past MAX_MSGPACK_NESTING: the reader recurses per level. */
  private enter(): void {
    if (++this.depth > MAX_MSGPACK_NESTING) {
      throw new MsgpackShapeError(`msgpack value at offset ${this.offset - 1} nested deeper than ${MAX_MSGPACK_NESTING} levels (no pickle of it could be loaded: the Pickler's maxDepth)`);
    }
  }

  private array(count: number): PyValue[] {
    this.enter();
    const items: PyValue[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = this.read();
    this.depth--;
    return items;
  }

  private map(count: number): Map<PyValue, PyValue> {
    this.enter();
    const map = new Map<PyValue, PyValue>();
    for (let i = 0; i < count; i++) {
      const at = this.offset;
      const key = this.read();
      map.set(keyOf(key, at), this.read());
    }
    this.depth--;
    return map;
  }
}

/** Deepest msgpack nesting read: the Pickler's default maxDepth, so nothing deeper could be written anyway. */
const MAX_MSGPACK_NESTING = 1000;

/**
 * A map key as Python would have it: an array is a tuple (a list cannot be a dict key), nested
 * ones too; a map in it has no hashable Python value (msgpack.unpackb refuses it too).
 */
function keyOf(key: PyValue, at: number): PyValue {
  if (key instanceof Map) throw new MsgpackShapeError(`a msgpack map key at offset ${at} is a map, which has no hashable Python value`);
  return Array.isArray(key) ? markTuple(key.map((item) => keyOf(item, at))) : key;
}

