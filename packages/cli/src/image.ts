import { type PyValue, isPyObject } from "@pkl-stream/core";

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
}

/**
 * Turns a numeric array (numpy array, nested lists, bytes) into an image: 2-d is gray, 3-d with
 * 3 or 4 channels is color; `shape` reshapes a flat array (`28x28`). Values that are all integers
 * in 0..255 are kept (a uint8 image stays exact); others are scaled min..max to 0..255.
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
  return { width, height, channels, pixels: toBytes(array.values) };
}

/** ` (28x28?)` when the count is a square, else nothing. */
function suggestShape(count: number): string {
  const side = Math.round(Math.sqrt(count));
  return side * side === count && side > 1 ? `, such as --shape ${side}x${side}` : " (such as --shape 28x28)";
}

/** 8-bit pixel values: as they are when all are integers in 0..255, else scaled min..max. NaN is black. */
export function toBytes(values: Float64Array): Uint8Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let isByteRange = true;
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
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    pixels[i] = Number.isNaN(v) || !(span > 0) ? 0 : Math.round(((Math.min(Math.max(v, min), max) - min) / span) * 255);
  }
  return pixels;
}

/** Row-major numbers and the shape of a rectangular nesting; anything else is an ImageError. */
function flatten(value: PyValue): NumericArray {
  if (value instanceof Uint8Array) return { values: Float64Array.from(value), shape: [value.length] };
  const plain = isPyObject(value) ? value.toPlain() : value;
  const shape = shapeOf(plain);
  const values: number[] = [];
  collect(plain, 0, shape, values);
  return { values: Float64Array.from(values), shape };
}

/** The shape along the first item at each level. */
function shapeOf(value: PyValue): number[] {
  const shape: number[] = [];
  let current: PyValue = value;
  while (Array.isArray(current) || current instanceof Uint8Array) {
    shape.push(current.length);
    if (current.length === 0) break;
    current = current[0]! as PyValue;
  }
  return shape;
}

function collect(value: PyValue, depth: number, shape: readonly number[], out: number[]): void {
  if (depth === shape.length) {
    out.push(toNumber(value));
    return;
  }
  if (!(Array.isArray(value) || value instanceof Uint8Array) || value.length !== shape[depth]) {
    throw new ImageError(`not a rectangular array: rows of different lengths at depth ${depth + 1}`);
  }
  for (let i = 0; i < value.length; i++) collect(value[i] as PyValue, depth + 1, shape, out);
}

function toNumber(value: PyValue): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  if (isPyObject(value)) return toNumber(value.toPlain());
  if (typeof value === "object" && value !== null && typeof (value as { valueOf: () => unknown }).valueOf() === "number") {
    return (value as { valueOf: () => number }).valueOf();
  }
  throw new ImageError(`not a numeric array: found ${value === null ? "None" : typeof value === "string" ? "a str" : "a non-number"}`);
}
