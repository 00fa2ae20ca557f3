import { NdArray, PyFloat, type PyValue, isPyDict, isPyObject } from "@pkl-stream/core";

/** Pixels ready to draw: 8-bit, row-major, `channels` per pixel (1 gray, 3 RGB, 4 RGBA). */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
  readonly pixels: Uint8Array;
}

/** A value that cannot be shown as an image; the message says what would make it one. */
export class ImageError extends Error {
  override readonly name: string = "ImageError";
}

/** Numbers in row-major order and the shape their nesting gives. */
interface NumericArray {
  readonly values: Float64Array;
  readonly shape: readonly number[];
  /** Some value was a float or a bool (not an int): values in [0, 1] then mean 0..100% gray. */
  readonly isFractional: boolean;
}

/**
 * Turns a numeric array (numpy array, nested lists, bytes) into an image: 2-d is gray, 3-d with
 * 3 or 4 channels is color; `shape` reshapes a flat array (`28x28`). Gray levels as toBytes says.
 */
export function toImage(value: PyValue, shape: readonly number[] | undefined): Image {
  const array = flatten(value);
  const dims = shape ?? array.shape;
  if (shape !== undefined) {
    const count = shape.reduce((total, dim) => total * dim, 1);
    if (count !== array.values.length) {
      throw new ImageError(`the array has ${array.values.length} numbers; --shape ${shape.join("x")} needs ${count}`);
    }
  }
  const [height, width, channels = 1] = dims;
  if (dims.length === 1) throw new ImageError(`a flat array of ${array.values.length} numbers: give its --shape${suggestShape(array.values.length)}`);
  if (dims.length < 2 || dims.length > 3 || height === undefined || width === undefined) {
    throw new ImageError(`an array of shape (${dims.join(", ")}) is no image: expected HxW or HxWx3/HxWx4`);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ImageError(`the last axis has ${channels} values per pixel; expected 1, 3 (RGB) or 4 (RGBA)`);
  }
  if (width === 0 || height === 0) throw new ImageError(`an array of shape (${dims.join(", ")}) has no pixels`);
  return { width, height, channels, pixels: toBytes(array.values, array.isFractional) };
}

/** ` (28x28?)` when the count is a square, else nothing. */
function suggestShape(count: number): string {
  const side = Math.round(Math.sqrt(count));
  return side * side === count && side > 1 ? `, such as --shape ${side}x${side}` : " (such as --shape 28x28)";
}

/**
 * 8-bit pixel values (0 black, 255 white), by the first rule that fits:
 * - integers (ints, uint8 data, bytes) all in 0..255: as they are (a uint8 image stays exact);
 * - floats or bools all in 0..1 (an MNIST image saved as floats, a mask): v * 255, rounded, so
 *   0.0 is black, 1.0 white and 0.5 mid-gray whatever the image's own range;
 * - anything else: scaled min..max to 0..255 (the smallest value black, the largest white).
 * NaN is black; so is every pixel of a constant image that needs scaling.
 */
export function toBytes(values: Float64Array, isFractional = false): Uint8Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let isByteRange = !isFractional;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (isByteRange && !(Number.isInteger(v) && v >= 0 && v <= 255)) isByteRange = false;
  }
  const pixels = new Uint8Array(values.length);
  if (isByteRange) {
    for (let i = 0; i < values.length; i++) pixels[i] = Number.isNaN(values[i]!) ? 0 : values[i]!;
    return pixels;
  }
  if (isFractional && min >= 0 && max <= 1) {
    for (let i = 0; i < values.length; i++) pixels[i] = Number.isNaN(values[i]!) ? 0 : Math.round(values[i]! * 255);
    return pixels;
  }
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    pixels[i] = Number.isNaN(v) || !(span > 0) ? 0 : Math.round(((Math.min(Math.max(v, min), max) - min) / span) * 255);
  }
  return pixels;
}

/**
 * The most dimensions an array may have to be shown: an image is HxW or HxWxC (and `--shape`
 * reshapes, say, a 1x28x28x1 batch). Deeper nesting is refused before it is walked.
 */
export const MAX_IMAGE_DIMENSIONS = 8;

/**
 * The most numbers an array may have to be shown: 64 Mi, an 8K (7680x4320) gray image or a 4K
 * (3840x2160) RGBA one. A larger array is refused before its numbers are read, so a small pickle
 * that shares one list many times over (2^39 numbers in 321 bytes) cannot exhaust memory.
 */
export const MAX_IMAGE_NUMBERS = 64 * 1024 * 1024;

/** Row-major numbers and the shape of a rectangular nesting; anything else is an ImageError. */
function flatten(value: PyValue): NumericArray {
  // A numpy array too large is refused by its shape, before toPlain builds its nested lists.
  if (value instanceof NdArray) checkCount(value.shape);
  const plain = value instanceof Uint8Array ? value : isPyObject(value) ? value.toPlain() : value;
  if (!Array.isArray(plain) && !(plain instanceof Uint8Array)) {
    throw new ImageError(`not an array but ${describeKind(value)}: select a numeric array (a numpy array, nested lists of numbers, bytes)`);
  }
  if (plain instanceof Uint8Array) {
    checkCount([plain.length]);
    return { values: Float64Array.from(plain), shape: [plain.length], isFractional: false };
  }
  const shape = shapeOf(plain);
  const values = new Float64Array(checkCount(shape));
  const kinds = { isFractional: false };
  collect(plain, shape, values, kinds);
  return { values, shape, isFractional: kinds.isFractional };
}

/** How many numbers `shape` holds; an ImageError past MAX_IMAGE_NUMBERS (no product overflows). */
function checkCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) {
    if (dim === 0) return 0;
    if (dim > MAX_IMAGE_NUMBERS / count) {
      const limit = withCommas(MAX_IMAGE_NUMBERS);
      if (shape.length === 1) throw new ImageError(`a flat array of ${shape[0]} numbers: more than ${limit}, the most an image may have`);
      throw new ImageError(`an array of shape (${shape.join(", ")}) has more than ${limit} numbers, the most an image may have`);
    }
    count *= dim;
  }
  return count;
}

/** 67108864 as `67,108,864`. */
function withCommas(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** What a value is, in Python's words: `a dict`, `a str`, `None`, `a datetime.date object`. */
function describeKind(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "string") return "a str";
  if (typeof value === "boolean") return "a bool";
  if (typeof value === "number") return Number.isInteger(value) ? "an int" : "a float";
  if (typeof value === "bigint") return "an int";
  if (value instanceof PyFloat) return "a float";
  if (value instanceof Map || isPyDict(value)) return "a dict";
  if (value instanceof Set) return "a set";
  if (isPyObject(value)) return `a ${value.pyClass} object`;
  return "a value of another kind";
}

/**
 * The shape along the first item at each level; collect checks that the other items agree.
 * Nesting deeper than MAX_IMAGE_DIMENSIONS is an ImageError (it is no image, and is not walked).
 */
function shapeOf(value: PyValue): number[] {
  const shape: number[] = [];
  let current: PyValue = value;
  while (Array.isArray(current) || current instanceof Uint8Array) {
    if (shape.length === MAX_IMAGE_DIMENSIONS) {
      throw new ImageError(`lists nested more than ${MAX_IMAGE_DIMENSIONS} deep: too many dimensions for an image`);
    }
    shape.push(current.length);
    if (current.length === 0) break;
    current = current[0]! as PyValue;
  }
  return shape;
}

/**
 * Writes the numbers of a nesting of `shape` into `out` (whose length is their count), row-major.
 * Iterative, with one index per dimension: every array along the way must have its dimension's
 * length, so no more than `out.length` numbers are ever read.
 */
function collect(value: PyValue, shape: readonly number[], out: Float64Array, kinds: { isFractional: boolean }): void {
  if (out.length === 0) return;
  const rank = shape.length;
  // arrays[d] is the array at depth d now walked, indexes[d] the position in it.
  const arrays: (readonly PyValue[] | Uint8Array)[] = [];
  const indexes: number[] = [];
  let next = 0;
  const enter = (item: PyValue, depth: number): void => {
    if (!(Array.isArray(item) || item instanceof Uint8Array) || item.length !== shape[depth]) {
      throw new ImageError(`not a rectangular array: rows of different lengths at depth ${depth + 1}`);
    }
    arrays[depth] = item as readonly PyValue[] | Uint8Array;
    indexes[depth] = 0;
  };
  enter(value, 0);
  let depth = 0;
  while (depth >= 0) {
    const array = arrays[depth]!;
    const index = indexes[depth]!;
    if (index === array.length) {
      depth--;
      continue;
    }
    indexes[depth] = index + 1;
    const item = array[index] as PyValue;
    if (depth === rank - 1) out[next++] = toNumber(item, kinds);
    else enter(item, ++depth);
  }
}

function toNumber(value: PyValue, kinds: { isFractional: boolean }): number {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) kinds.isFractional = true;
    return value;
  }
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") {
    kinds.isFractional = true;
    return value ? 1 : 0;
  }
  if (value instanceof PyFloat) {
    kinds.isFractional = true;
    return value.value;
  }
  if (isPyObject(value)) {
    // A numpy scalar and the like: its plain value decides.
    const plain = value.toPlain();
    if (plain !== value && (typeof plain === "number" || typeof plain === "bigint" || typeof plain === "boolean" || plain instanceof PyFloat)) {
      return toNumber(plain, kinds);
    }
  }
  throw new ImageError(`not a numeric array: found ${describeKind(value)}`);
}
