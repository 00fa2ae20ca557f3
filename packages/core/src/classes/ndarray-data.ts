import type { PyValue } from "../values/py-types.js";
import { HOST_IS_LITTLE_ENDIAN, type NumpyDtype } from "./numpy-dtype.js";

/** The typed arrays numeric data sits in (an ndarray's elements, a DataFrame column's numbers). */
export type NumberArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** An ndarray's elements: a typed array for numeric dtypes, raw bytes otherwise, a list for object arrays. */
export type NdArrayData = NumberArray | PyValue[];

interface TypedArrayKind {
  /** Bytes per typed-array slot (complex: per component; U: per code point). */
  readonly width: number;
  readonly create: (buffer: ArrayBufferLike, byteOffset: number, length: number) => Exclude<NdArrayData, PyValue[]>;
}

const kind = (width: number, create: TypedArrayKind["create"]): TypedArrayKind => ({ width, create });
const BYTES = kind(1, (b, o, n) => new Uint8Array(b, o, n));

/** Which typed array holds a dtype's elements; float16 keeps its raw bits (Uint16Array). */
function typedArrayKind(dtype: NumpyDtype): TypedArrayKind {
  if (dtype.fields !== null || dtype.subarray !== null) return BYTES;
  const size = dtype.itemsize;
  switch (`${dtype.kind}${size}`) {
    case "i1":
      return kind(1, (b, o, n) => new Int8Array(b, o, n));
    case "i2":
      return kind(2, (b, o, n) => new Int16Array(b, o, n));
    case "u2":
    case "f2":
      return kind(2, (b, o, n) => new Uint16Array(b, o, n));
    case "i4":
      return kind(4, (b, o, n) => new Int32Array(b, o, n));
    case "u4":
      return kind(4, (b, o, n) => new Uint32Array(b, o, n));
    case "i8":
    case "M8":
    case "m8":
      return kind(8, (b, o, n) => new BigInt64Array(b, o, n));
    case "u8":
      return kind(8, (b, o, n) => new BigUint64Array(b, o, n));
    case "f4":
    case "c8":
      return kind(4, (b, o, n) => new Float32Array(b, o, n));
    case "f8":
    case "c16":
      return kind(8, (b, o, n) => new Float64Array(b, o, n));
  }
  if (dtype.kind === "U") return kind(4, (b, o, n) => new Uint32Array(b, o, n));
  return BYTES;
}

/** Reverses each `width`-byte group in place. */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start + width <= bytes.length; start += width) {
    for (let i = start, j = start + width - 1; i < j; i++, j--) {
      const byte = bytes[i]!;
      bytes[i] = bytes[j]!;
      bytes[j] = byte;
    }
  }
}

/**
 * The typed-array view of an array's bytes. A view shares memory (zero-copy) when the bytes sit at
 * an offset aligned for the element width; otherwise, or when the byte order differs from this
 * machine's, the bytes are copied once (and swapped). Bool, bytes, str-less structured and void
 * dtypes view the raw bytes; U gives code points (Uint32Array).
 */
export function typedView(dtype: NumpyDtype, bytes: Uint8Array): Exclude<NdArrayData, PyValue[]> {
  const { width, create } = typedArrayKind(dtype);
  const isSwapped = width > 1 && dtype.byteOrder !== "|" && dtype.isBigEndian === HOST_IS_LITTLE_ENDIAN;
  let source = bytes;
  if (isSwapped || bytes.byteOffset % width !== 0) {
    // A fresh, aligned copy. Not `bytes.slice()`: on a Node Buffer (a large payload is a view of
    // the input, which readFileSync makes a Buffer) that is another view at the same odd offset.
    source = new Uint8Array(bytes.length);
    source.set(bytes);
    if (isSwapped) swapBytes(source, width);
  }
  return create(source.buffer, source.byteOffset, source.length / width);
}
