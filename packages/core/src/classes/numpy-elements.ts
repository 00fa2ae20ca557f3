import { createDict, markTuple, type PyValue } from "../values/py-types.js";
import { PyComplex } from "./complex.js";
import { datetimeElement, timedeltaElement } from "./numpy-datetime.js";
import type { NumpyDtype } from "./numpy-dtype.js";
import { plainFloat } from "./plain-float.js";

/** Reads the element at a byte offset, as `tolist()` / `item()` gives it. */
export type ElementReader = (view: DataView, offset: number) => PyValue;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const toInt = (value: bigint): number | bigint => (value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value);

/** IEEE 754 binary16 bits to a number (exact: every half fits a double). */
export function decodeFloat16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * x87 80-bit extended precision (numpy's `longdouble` on x86, stored in 12 or 16 bytes,
 * little-endian), rounded to the nearest double: JSON has nothing wider.
 */
function decodeLongDouble(view: DataView, offset: number): number {
  const mantissa = view.getBigUint64(offset, true);
  const signExponent = view.getUint16(offset + 8, true);
  const sign = signExponent & 0x8000 ? -1 : 1;
  const exponent = signExponent & 0x7fff;
  if (exponent === 0x7fff) return (mantissa & 0x7fff_ffff_ffff_ffffn) === 0n ? sign * Infinity : Number.NaN;
  // value = mantissa * 2**(exponent - 16383 - 63); scale in steps so no partial product under/overflows.
  let value = Number(mantissa);
  let power = (exponent === 0 ? 1 : exponent) - 16383 - 63;
  while (power > 1000) [value, power] = [value * 2 ** 1000, power - 1000];
  while (power < -1000) [value, power] = [value * 2 ** -1000, power + 1000];
  return sign * value * 2 ** power;
}

function floatReader(size: number, little: boolean): (view: DataView, offset: number) => number {
  switch (size) {
    case 2:
      return (view, offset) => decodeFloat16(view.getUint16(offset, little));
    case 4:
      return (view, offset) => view.getFloat32(offset, little);
    case 8:
      return (view, offset) => view.getFloat64(offset, little);
    case 10:
    case 12:
    case 16:
      if (little) return decodeLongDouble;
      break;
  }
  throw new TypeError(`numpy: float of ${size} bytes (${little ? "little" : "big"}-endian) is not supported`);
}

function intReader(kind: "i" | "u", size: number, little: boolean): ElementReader {
  const signed = kind === "i";
  switch (size) {
    case 1:
      return signed ? (view, offset) => view.getInt8(offset) : (view, offset) => view.getUint8(offset);
    case 2:
      return signed ? (view, offset) => view.getInt16(offset, little) : (view, offset) => view.getUint16(offset, little);
    case 4:
      return signed ? (view, offset) => view.getInt32(offset, little) : (view, offset) => view.getUint32(offset, little);
    case 8:
      return signed
        ? (view, offset) => toInt(view.getBigInt64(offset, little))
        : (view, offset) => toInt(view.getBigUint64(offset, little));
  }
  throw new TypeError(`numpy: ${signed ? "int" : "uint"} of ${size} bytes is not supported`);
}

const readBool: ElementReader = (view, offset) => view.getUint8(offset) !== 0;
/** numberReader's readers, by kind, size and byte order (see numberReaderIndex). */
const numberReaders: (ElementReader | undefined)[] = [];

/**
 * The reader of a bool, int or float element (floats unwrapped), made once per kind, size and
 * byte order: a scalar reads one element, and making its reader cost more than the read.
 */
export function numberReader(kind: "b" | "i" | "u" | "f", size: number, little: boolean): ElementReader {
  const index = (("biuf".indexOf(kind) * 17 + size) << 1) | (little ? 1 : 0);
  let read = numberReaders[index];
  if (read === undefined) read = numberReaders[index] = kind === "b" ? readBool : kind === "f" ? floatReader(size, little) : intReader(kind, size, little);
  return read;
}

/** Bytes with numpy's trailing-NUL stripping for `S` (never for `V`), copied out of the array. */
function bytesReader(size: number, stripNuls: boolean): ElementReader {
  return (view, offset) => {
    let end = size;
    if (stripNuls) while (end > 0 && view.getUint8(offset + end - 1) === 0) end--;
    return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + end));
  };
}

/** UTF-32 text with trailing NULs stripped, as numpy's `str_` gives it. */
function unicodeReader(size: number, little: boolean): ElementReader {
  const count = size / 4;
  return (view, offset) => {
    let end = count;
    while (end > 0 && view.getUint32(offset + (end - 1) * 4, little) === 0) end--;
    let text = "";
    for (let i = 0; i < end; i++) {
      const code = view.getUint32(offset + i * 4, little);
      if (code > 0x10ffff) throw new TypeError(`numpy: code point 0x${code.toString(16)} is out of range`);
      text += String.fromCodePoint(code);
    }
    return text;
  };
}

/** Reads a sub-array field as nested lists in C order (numpy's `tolist()` of the field's array). */
function subarrayReader(base: NumpyDtype, shape: readonly number[], wrapFloats: boolean, recordsAsObjects: boolean): ElementReader {
  const read = elementReader(base, wrapFloats, recordsAsObjects);
  const size = base.itemsize;
  const strides = shape.map((_, dim) => shape.slice(dim + 1).reduce((product, n) => product * n, size));
  const build = (view: DataView, offset: number, dim: number): PyValue => {
    if (dim === shape.length) return read(view, offset);
    const items: PyValue[] = new Array(shape[dim]!);
    for (let i = 0; i < items.length; i++) items[i] = build(view, offset + i * strides[dim]!, dim + 1);
    return items;
  };
  return (view, offset) => build(view, offset, 0);
}

/** A field name an object would put first (integer-like): records with one are Maps. */
const INTEGER_NAME = /^(0|[1-9]\d*)$/;

/** A structured element's fields as the mapping shows them: a dict in dtype order (a Map when a name is integer-like). */
export function recordOf(entries: readonly (readonly [string, PyValue])[]): PyValue {
  if (entries.some(([name]) => INTEGER_NAME.test(name))) return new Map(entries);
  const record = createDict();
  for (const [name, value] of entries) record[name] = value;
  return record;
}

/**
 * The reader for one dtype, chosen once per conversion. `wrapFloats` wraps integral floats in
 * PyFloat (for JSON, which must print `1.0`); without it floats are plain numbers.
 * `recordsAsObjects`: a structured element is a dict keyed by field name in dtype order (the JSON
 * mapping), not `tolist()`'s tuple; a Map when a name is integer-like (an object would put it first).
 */
export function elementReader(dtype: NumpyDtype, wrapFloats: boolean, recordsAsObjects = false): ElementReader {
  if (dtype.subarray !== null) return subarrayReader(dtype.subarray.base, dtype.subarray.shape, wrapFloats, recordsAsObjects);
  if (dtype.fields !== null) {
    const fieldReaders = [...dtype.fields.entries()].map(([name, field]) => ({
      name,
      offset: field.offset,
      read: elementReader(field.dtype, wrapFloats, recordsAsObjects),
    }));
    if (!recordsAsObjects) return (view, offset) => markTuple(fieldReaders.map((field) => field.read(view, offset + field.offset)));
    if (fieldReaders.some((field) => INTEGER_NAME.test(field.name))) {
      return (view, offset) => new Map(fieldReaders.map((field) => [field.name, field.read(view, offset + field.offset)]));
    }
    return (view, offset) => {
      const record = createDict();
      for (const field of fieldReaders) record[field.name] = field.read(view, offset + field.offset);
      return record;
    };
  }
  const little = !dtype.isBigEndian;
  switch (dtype.kind) {
    case "b":
    case "i":
    case "u":
      return numberReader(dtype.kind, dtype.itemsize, little);
    case "f": {
      const read = numberReader("f", dtype.itemsize, little) as (view: DataView, offset: number) => number;
      return wrapFloats ? (view, offset) => plainFloat(read(view, offset)) : read;
    }
    case "c": {
      const half = dtype.itemsize / 2;
      const read = floatReader(half, little);
      return (view, offset) => new PyComplex(read(view, offset), read(view, offset + half));
    }
    case "U":
      return unicodeReader(dtype.itemsize, little);
    case "S":
      return bytesReader(dtype.itemsize, true);
    case "V":
      return bytesReader(dtype.itemsize, false);
    case "M":
      return (view, offset) => datetimeElement(dtype, view.getBigInt64(offset, little));
    case "m":
      return (view, offset) => timedeltaElement(dtype, view.getBigInt64(offset, little));
    case "O":
      throw new TypeError("numpy: object elements are not stored as bytes");
  }
}
