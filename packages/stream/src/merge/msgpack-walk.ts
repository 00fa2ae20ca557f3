/**
 * Walking msgpack bytes without decoding them: where a value ends, how many entries a map
 * holds. The merge moves values between threads and files as bytes; this is all it needs to
 * know about their structure (msgpackr does the encoding and decoding of values).
 */
import { writeMapHead } from "@pkl-stream/core/engine";

/** Thrown for bytes that are not well-formed msgpack. */
export class MsgpackShapeError extends Error {
  override readonly name = "MsgpackShapeError";
}

/**
 * Whether `bytes` are whole msgpack values, back to back (walked, not decoded), each starting with
 * a byte `isStart` takes (any by default).
 */
export function isWholeValues(bytes: Uint8Array, isStart: (first: number) => boolean = () => true): boolean {
  try {
    for (let at = 0; at < bytes.length; ) {
      if (!isStart(bytes[at]!)) return false;
      at = skipValue(bytes, at);
    }
    return true;
  } catch (error) {
    if (error instanceof MsgpackShapeError) return false;
    throw error;
  }
}

/** A map's head byte: fixmap, map16 or map32. */
export function isMapHead(first: number): boolean {
  return first === 0xde || first === 0xdf || (first >= 0x80 && first <= 0x8f);
}

/** The offset just past the msgpack value that starts at `offset`. */
export function skipValue(bytes: Uint8Array, offset: number): number {
  // Containers add their element count to `pending` instead of recursing, so nesting depth
  // costs nothing.
  let pending = 1;
  while (pending > 0) {
    pending--;
    if (offset >= bytes.length) throw new MsgpackShapeError(`msgpack value cut short at offset ${offset}`);
    const head = bytes[offset]!;
    if (head <= 0x7f || head >= 0xe0) offset += 1;
    else if (head <= 0x8f) {
      pending += 2 * (head & 0x0f);
      offset += 1;
    } else if (head <= 0x9f) {
      pending += head & 0x0f;
      offset += 1;
    }
    else if (head <= 0xbf) offset += 1 + (head & 0x1f);
    else {
      offset = skipTagged(bytes, offset, head);
      pending += taggedCount;
      taggedCount = 0;
    }
  }
  if (offset > bytes.length) throw new MsgpackShapeError(`msgpack value runs past the end (${offset} > ${bytes.length})`);
  return offset;
}

/** Elements announced by the last array16/32 or map16/32 header skipTagged read (no closure per value). */
let taggedCount = 0;

function skipTagged(bytes: Uint8Array, offset: number, head: number): number {
  switch (head) {
    case 0xc0: // nil
    case 0xc2: // false
    case 0xc3: // true
      return offset + 1;
    case 0xcc: // uint8
    case 0xd0: // int8
      return offset + 2;
    case 0xcd:
    case 0xd1:
      return offset + 3;
    case 0xca: // float32
    case 0xce:
    case 0xd2:
      return offset + 5;
    case 0xcb: // float64
    case 0xcf:
    case 0xd3:
      return offset + 9;
    case 0xd4: // fixext 1..16: type byte + payload
      return offset + 3;
    case 0xd5:
      return offset + 4;
    case 0xd6:
      return offset + 6;
    case 0xd7:
      return offset + 10;
    case 0xd8:
      return offset + 18;
    case 0xc4: // bin8, str8
    case 0xd9:
      return offset + 2 + readUint(bytes, offset + 1, 1);
    case 0xc5:
    case 0xda:
      return offset + 3 + readUint(bytes, offset + 1, 2);
    case 0xc6:
    case 0xdb:
      return offset + 5 + readUint(bytes, offset + 1, 4);
    case 0xc7: // ext8/16/32: length, type byte, payload
      return offset + 3 + readUint(bytes, offset + 1, 1);
    case 0xc8:
      return offset + 4 + readUint(bytes, offset + 1, 2);
    case 0xc9:
      return offset + 6 + readUint(bytes, offset + 1, 4);
    case 0xdc: // array16/32
      taggedCount = readUint(bytes, offset + 1, 2);
      return offset + 3;
    case 0xdd:
      taggedCount = readUint(bytes, offset + 1, 4);
      return offset + 5;
    case 0xde: // map16/32
      taggedCount = 2 * readUint(bytes, offset + 1, 2);
      return offset + 3;
    case 0xdf:
      taggedCount = 2 * readUint(bytes, offset + 1, 4);
      return offset + 5;
    default:
      throw new MsgpackShapeError(`byte 0x${head.toString(16)} at offset ${offset} starts no msgpack value`);
  }
}

/** A map's entry count and the offset of its first key, or null when no map starts at `offset`. */
export function readMapHeader(bytes: Uint8Array, offset: number): { readonly count: number; readonly offset: number } | null {
  const head = bytes[offset];
  if (head === undefined) return null;
  if (head >= 0x80 && head <= 0x8f) return { count: head & 0x0f, offset: offset + 1 };
  if (head === 0xde && offset + 3 <= bytes.length) return { count: readUint(bytes, offset + 1, 2), offset: offset + 3 };
  if (head === 0xdf && offset + 5 <= bytes.length) return { count: readUint(bytes, offset + 1, 4), offset: offset + 5 };
  return null;
}

/** True when a msgpack str starts at `offset` (dict keys that need no canonical form). */
export function isStrAt(bytes: Uint8Array, offset: number): boolean {
  const head = bytes[offset]!;
  return (head >= 0xa0 && head <= 0xbf) || head === 0xd9 || head === 0xda || head === 0xdb;
}

/** The header of a map with `count` entries, smallest form. */
export function mapHeader(count: number): Uint8Array {
  const header = new Uint8Array(5);
  return header.subarray(0, writeMapHead(header, 0, count));
}

function readUint(bytes: Uint8Array, offset: number, size: 1 | 2 | 4): number {
  if (offset + size > bytes.length) throw new MsgpackShapeError(`msgpack length cut short at offset ${offset}`);
  if (size === 1) return bytes[offset]!;
  if (size === 2) return (bytes[offset]! << 8) | bytes[offset + 1]!;
  return bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
}
