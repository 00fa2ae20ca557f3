import type { PyObjectValue, PyValue } from "@pkl-stream/core";
import { SelectError } from "./select-errors.js";

/**
 * What the CLI needs of core's numpy array (classes/ndarray.ts): shape, memory order, the raw
 * element bytes, and the class's `fromBuffer` to make a sub-array over a byte range. Recognised
 * by shape, so a dataset of 50,000 images is indexed in place instead of becoming nested lists.
 */
export interface NdArrayLike extends PyObjectValue {
  readonly shape: readonly number[];
  readonly order: "C" | "F";
  /** Element bytes in memory order; null for object arrays. */
  readonly bytes: Uint8Array | null;
  readonly dtype: { readonly itemsize: number };
  readonly data: ArrayLike<unknown>;
}

type FromBuffer = (dtype: unknown, shape: number[], order: "C" | "F", buffer: Uint8Array, pyClass?: string) => NdArrayLike;

export function isNdArrayLike(value: unknown): value is NdArrayLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<NdArrayLike>;
  return (
    typeof candidate.pyClass === "string" &&
    typeof candidate.toPlain === "function" &&
    Array.isArray(candidate.shape) &&
    (candidate.order === "C" || candidate.order === "F") &&
    typeof candidate.dtype?.itemsize === "number"
  );
}

/** `array[index]` along the first axis: a sub-array, or the element of a 1-d array. */
export function indexNdArray(array: NdArrayLike, index: number, where: () => string): PyValue {
  const length = firstAxis(array, where);
  const at = index < 0 ? length + index : index;
  if (at < 0 || at >= length) {
    throw new SelectError(`${where()}: index ${index} is out of range for an array of shape (${array.shape.join(", ")})`);
  }
  const part = rows(array, at, at + 1, false);
  if (part === null) return plainIndex(array, at);
  // A 0-d result is an element: hand back the value itself (a number, as `.item()` gives).
  return part.shape.length === 0 ? part.toPlain() : part;
}

/** `array[start:end]` along the first axis, clamped like Python's slices. */
export function sliceNdArray(array: NdArrayLike, start: number | undefined, end: number | undefined): PyValue {
  const length = array.shape[0] ?? 0;
  const from = clampSliceBound(start ?? 0, length);
  const to = Math.max(from, clampSliceBound(end ?? length, length));
  const part = rows(array, from, to, true);
  if (part !== null) return part;
  const plain = array.toPlain();
  return Array.isArray(plain) ? plain.slice(from, to) : plain;
}

function clampSliceBound(bound: number, length: number): number {
  const at = bound < 0 ? length + bound : bound;
  return Math.min(Math.max(at, 0), length);
}

function firstAxis(array: NdArrayLike, where: () => string): number {
  const length = array.shape[0];
  if (length === undefined) throw new SelectError(`${where()}: cannot index a 0-d array`);
  return length;
}

/**
 * Rows `[from, to)` as an array over the same bytes (C order makes them contiguous); null when
 * the layout does not allow that (Fortran order, object arrays, an unknown class shape).
 */
function rows(array: NdArrayLike, from: number, to: number, keepAxis: boolean): NdArrayLike | null {
  const fromBuffer = (array.constructor as { fromBuffer?: FromBuffer }).fromBuffer;
  if (array.order !== "C" || array.bytes === null || typeof fromBuffer !== "function") return null;
  const rowShape = array.shape.slice(1);
  const rowBytes = rowShape.reduce((total, dim) => total * dim, 1) * array.dtype.itemsize;
  const bytes = array.bytes.subarray(from * rowBytes, to * rowBytes);
  const shape = keepAxis ? [to - from, ...rowShape] : rowShape;
  return fromBuffer.call(array.constructor, array.dtype, shape, "C", bytes, array.pyClass);
}

/** The slow path: expand to nested lists and index those. */
function plainIndex(array: NdArrayLike, at: number): PyValue {
  const plain = array.toPlain();
  return Array.isArray(plain) ? plain[at]! : plain;
}
