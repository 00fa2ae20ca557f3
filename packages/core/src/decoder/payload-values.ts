/**
 * The values of length-prefixed payloads (bytes, bytearray, Python 2 str) as the decoder builds
 * them from the input: small ones copied, large ones views, and the raw bytes of long Python 2
 * strs kept beside their text (numpy's data in Python 2 pickles).
 */
import * as OP from "../opcodes/codes.js";
import { PyByteArray, type PyValue } from "../values/py-types.js";
import type { Py2StringEncoding } from "./options.js";
import type { Py2RawBytes } from "./py2-raw-bytes.js";
import { decodeAscii, decodeLatin1, decodeUtf8Strict } from "./text.js";

/**
 * bytes/bytearray payloads of at least this size are views of the input instead of copies: a view
 * keeps its chunk alive, which only matters when the value is much smaller than the chunk.
 */
export const VIEW_MIN_BYTES = 1 << 20;
/** Latin-1 Python 2 strs this long keep their raw bytes beside the text (see py2StringValue). */
const PY2_RAW_LATIN1_BYTES = 1 << 16;

/**
 * A payload's bytes as a value: small ones copied (a view would keep the whole input chunk
 * alive), large ones a view of the input (no second copy of a 40 MB array: numpy copies it
 * once more only when it sits at an offset not aligned for its element type). `isOwned`: `bytes`
 * was assembled by the decoder for this payload alone, so it is the value. Always a plain
 * Uint8Array, whatever class the input chunk has: `subarray` of a Node Buffer is a Buffer, so a
 * value would have been a Buffer or not depending on how the input was chunked.
 */
export function payloadBytes(bytes: Uint8Array, start: number, length: number, isOwned: boolean): Uint8Array {
  return isOwned || length >= VIEW_MIN_BYTES ? new Uint8Array(bytes.buffer, bytes.byteOffset + start, length) : copyBytes(bytes, start, length);
}

/**
 * With `reuseInput`: moves a large bytes, bytearray or Python 2 str payload at
 * `bytes[start, start+length)` back over its own opcode and length field (`bytes[opStart, start)`,
 * read already and needed by nothing after) so that it starts at a multiple of 8 in its
 * ArrayBuffer, and returns where it starts now. A typed array may only start at a multiple of its
 * element width, so numpy data left at an odd offset is copied into fresh memory, and on a
 * machine where a page touched for the first time is slow that copy is most of a numeric
 * decode's time. A payload that would have to move further than its header (BINBYTES has 5
 * bytes, BINBYTES8 and BYTEARRAY8 9) stays where it is. The bytes after the payload, where
 * decoding goes on, are never touched.
 */
export function alignPayloadInPlace(op: number, bytes: Uint8Array, opStart: number, start: number, length: number): number {
  if (op !== OP.BINBYTES && op !== OP.BINBYTES8 && op !== OP.BYTEARRAY8 && op !== OP.BINSTRING) return start;
  const shift = (bytes.byteOffset + start) % 8;
  if (shift === 0 || start - shift < opStart) return start;
  bytes.copyWithin(start - shift, start, start + length);
  return start - shift;
}

/** BYTEARRAY8's value, over the payload's memory when owned or large. */
export function byteArrayValue(bytes: Uint8Array, start: number, length: number, isOwned: boolean): PyByteArray {
  if (isOwned || length >= VIEW_MIN_BYTES) return new PyByteArray(bytes.buffer as ArrayBuffer, bytes.byteOffset + start, length);
  const array = new PyByteArray(length);
  array.set(bytes.subarray(start, start + length));
  return array;
}

/**
 * A Python 2 str (STRING opcodes) in the chosen encoding; long ones leave their bytes in `py2Raw`.
 * `latin1Text`: the Latin-1 text of these bytes when the caller already has it (decoded while a
 * long payload arrived, see PayloadFill).
 */
export function py2StringValue(
  encoding: Py2StringEncoding,
  py2Raw: Py2RawBytes,
  bytes: Uint8Array,
  start: number,
  length: number,
  isOwned: boolean,
  latin1Text?: string,
): PyValue {
  switch (encoding) {
    case "latin1": {
      const text = latin1Text ?? decodeLatin1(bytes, start, length);
      // Long ones are likely numpy array data (MNIST): keep the bytes, so that reading them back
      // costs a Map probe, not a 39-million-character re-encoding.
      if (length >= PY2_RAW_LATIN1_BYTES) py2Raw.set(text, payloadBytes(bytes, start, length, isOwned));
      return text;
    }
    case "bytes":
      return payloadBytes(bytes, start, length, isOwned);
    default: {
      // Not text in the chosen encoding (numpy's binary data, say): an error, as Python's
      // pickle.load(encoding="utf-8") raises; latin1 (the default) and bytes read every str.
      const text = encoding === "ascii" ? decodeAscii(bytes, start, length) : decodeUtf8Strict(bytes, start, length);
      // Remember the bytes of long strings: they may be numpy array data (see ReconstructContext.py2Bytes);
      // a short one's are its text encoded again (machine.ts), exactly: UTF-8 decoding is one-to-one.
      if (length >= 64) py2Raw.set(text, payloadBytes(bytes, start, length, isOwned));
      return text;
    }
  }
}

/**
 * A copy of `bytes[start, start+length)` (all of `bytes` by default) as a plain Uint8Array. Not
 * `bytes.slice()`: on a Node Buffer that returns a view sharing the input's memory. The one way
 * pkl-stream copies input it keeps (a transient chunk, a payload under the view size).
 */
export function copyBytes(bytes: Uint8Array, start = 0, length: number = bytes.length - start): Uint8Array {
  const copy = new Uint8Array(length);
  // A short payload (a datetime's 10 bytes, a UUID's 16) byte by byte: `subarray` makes a view
  // object per copy, which cost more than the copy (a dict of 300k datetimes: 7% of the command).
  if (length <= SHORT_COPY_BYTES) {
    for (let i = 0; i < length; i++) copy[i] = bytes[start + i]!;
    return copy;
  }
  copy.set(bytes.subarray(start, start + length));
  return copy;
}

/** Payloads up to this long are copied byte by byte (see copyBytes). */
const SHORT_COPY_BYTES = 16;
