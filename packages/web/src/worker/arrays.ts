import { NdArray, PyFloat, type PyValue } from "@pkl-stream/core";
import { type ArrayInfo, type PictureGuess, pictureStep } from "../protocol.js";
import { shorten } from "./text.js";

/** Elements sampled for a histogram: enough for its shape, cheap on a 40-million-element array. */
const HISTOGRAM_SAMPLE = 100_000;
const HISTOGRAM_BINS = 24;

/** Reads element `i` (C order) of an array as a number. */
type Reader = (i: number) => number;

const readers = new WeakMap<NdArray, Reader | null>();
const lists = new WeakMap<NdArray, PyValue>();

/** A C-order reader over a numeric array (bool, int, uint, float dtypes), or null for others. */
export function readerOf(array: NdArray): Reader | null {
  let reader = readers.get(array);
  if (reader === undefined) {
    reader = makeReader(array);
    readers.set(array, reader);
  }
  return reader;
}

function makeReader(array: NdArray): Reader | null {
  const { dtype, data } = array;
  if (Array.isArray(data) || dtype.fields !== null || dtype.subarray !== null) return null;
  if (!"biuf".includes(dtype.kind)) return null;
  let read: Reader;
  if (dtype.kind === "f" && dtype.itemsize === 2) read = (i) => halfToNumber(data[i] as number);
  else if (data instanceof BigInt64Array || data instanceof BigUint64Array) read = (i) => Number(data[i]!);
  else read = (i) => data[i] as number;
  if (array.order === "C" || array.shape.length < 2) return read;
  // Fortran order: C index -> F index through the strides of both orders.
  const shape = array.shape;
  return (i) => {
    let rest = i;
    let fIndex = 0;
    let fStride = 1;
    const digits: number[] = new Array(shape.length);
    for (let d = shape.length - 1; d >= 0; d--) {
      digits[d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    for (let d = 0; d < shape.length; d++) {
      fIndex += digits[d]! * fStride;
      fStride *= shape[d]!;
    }
    return read(fIndex);
  };
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function product(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * A part of a numpy array along its first axes (`a[3]`, `a[3][1]`) without copying or expanding it:
 * a 50000x784 array opens as 50000 rows made on demand.
 */
export class NdView {
  constructor(
    readonly array: NdArray,
    /** C-order index of the view's first element. */
    readonly offset: number,
    readonly shape: readonly number[],
    /** Indices along the array's first axes that lead here. */
    readonly prefix: readonly number[],
  ) {}

  static of(array: NdArray): NdView {
    return new NdView(array, 0, array.shape, []);
  }

  get dtypeName(): string {
    return this.array.dtype.name;
  }

  get size(): number {
    return product(this.shape);
  }

  get reader(): Reader | null {
    return readerOf(this.array);
  }

  childCount(): number {
    return this.shape.length === 0 ? 0 : this.shape[0]!;
  }

  childAt(index: number): { label: string; step: string; node: PyValue | NdView } | undefined {
    if (this.shape.length === 0 || index >= this.shape[0]!) return undefined;
    const label = String(index);
    const step = `[${index}]`;
    const reader = this.reader;
    if (reader === null) {
      // Strings, records, objects: walk the array's nested list form (made once).
      let list = lists.get(this.array);
      if (list === undefined) {
        list = this.array.toList();
        lists.set(this.array, list);
      }
      let node: PyValue = list;
      for (const at of [...this.prefix, index]) node = (node as PyValue[])[at]!;
      return { label, step, node };
    }
    if (this.shape.length === 1) {
      const data = this.array.data;
      // int64 stays exact (a bigint), as the decoder gives it.
      const value = (data instanceof BigInt64Array || data instanceof BigUint64Array) && this.array.order === "C" ? data[this.offset + index]! : reader(this.offset + index);
      return { label, step, node: elementValue(this.array.dtype.kind, value) };
    }
    const inner = this.shape.slice(1);
    return { label, step, node: new NdView(this.array, this.offset + index * product(inner), inner, [...this.prefix, index]) };
  }
}

/** An element as the decoder would give it: a bool, an int, a float (an integral one as a PyFloat, so it shows as 2.0). */
function elementValue(kind: string, value: number | bigint): PyValue {
  if (kind === "b") return value !== 0;
  if (kind === "f" && typeof value === "number" && Number.isInteger(value)) return new PyFloat(value);
  return value;
}

/** What the page shows about an array: dtype, shape, the picture guess, a histogram. */
export function arrayInfo(view: NdView): ArrayInfo {
  const isNumeric = view.reader !== null;
  return {
    dtype: shorten(view.dtypeName),
    shape: view.shape,
    isNumeric,
    guess: isNumeric ? guessPictures(view.shape) : null,
    histogram: isNumeric ? histogram(view.size, (i) => view.reader!(view.offset + i)) : null,
  };
}

/**
 * A histogram of a list's numbers, when the items it looks at (all of a short list, a sample of a
 * long one) are all numbers: a None, a str or anything else among them means no histogram.
 */
export function histogramOf(items: readonly PyValue[]): ArrayInfo["histogram"] {
  if (items.length < 2) return null;
  return histogram(items.length, (i) => numberOf(items[i]));
}

/** An item as a number (int, float, bool), or null for anything else. */
function numberOf(item: PyValue | undefined): number | null {
  switch (typeof item) {
    case "number":
      return item;
    case "bigint":
      return Number(item);
    case "boolean":
      return item ? 1 : 0;
  }
  return item instanceof PyFloat ? item.value : null;
}

/** Counts per bin of (a sample of) `size` numbers; null when `read` finds something that is not a number. */
function histogram(size: number, read: (i: number) => number | null): ArrayInfo["histogram"] {
  if (size === 0) return null;
  // Every element of a small array; a seeded random sample of a big one (a fixed stride would
  // alias with the rows of a stack of images and see the same few pixels of each).
  const count = Math.min(size, HISTOGRAM_SAMPLE);
  const sample = new Float64Array(count);
  let seed = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    let at = i;
    if (size > HISTOGRAM_SAMPLE) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      at = (seed >>> 0) % size;
    }
    const value = read(at);
    if (value === null) return null;
    sample[i] = value;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of sample) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = max - min;
  for (const value of sample) {
    if (!(value >= min && value <= max)) continue;
    const bin = width === 0 ? 0 : Math.min(HISTOGRAM_BINS - 1, Math.floor(((value - min) / width) * HISTOGRAM_BINS));
    bins[bin]!++;
  }
  return { min, max, bins };
}

function isSquare(n: number): number | null {
  const root = Math.round(Math.sqrt(n));
  return root >= 4 && root * root === n ? root : null;
}

/**
 * Pictures an array's shape suggests: HxW gray, HxWx3/4 colour, NxHxW(x3) stacks, and rows whose
 * length is a square (MNIST's 50000x784 is 50000 28x28 digits). A square 2-D array is one picture.
 */
export function guessPictures(shape: readonly number[]): PictureGuess | null {
  const [a, b, c, d] = shape;
  switch (shape.length) {
    case 1: {
      const side = isSquare(a!);
      return side === null ? null : { shape: [side, side], count: 1 };
    }
    case 2: {
      const side = isSquare(b!);
      if (side !== null && a! > b!) return { shape: [side, side], count: a! };
      return a! > 0 && b! > 0 ? { shape: [a!, b!], count: 1 } : null;
    }
    case 3:
      if (c === 3 || c === 4) return { shape: [a!, b!, c], count: 1 };
      return { shape: [b!, c!], count: a! };
    case 4:
      return d === 3 || d === 4 ? { shape: [b!, c!, d], count: a! } : null;
  }
  return null;
}

/** How values become gray levels, as `pkl-stream show` does it (see its --help). */
interface LevelRule {
  readonly kind: "bytes" | "unit" | "scaled";
  readonly min: number;
  readonly max: number;
}

const rules = new WeakMap<NdArray, Map<string, LevelRule>>();

function levelRule(view: NdView): LevelRule {
  let byView = rules.get(view.array);
  if (byView === undefined) rules.set(view.array, (byView = new Map()));
  const key = `${view.offset}:${view.shape.join("x")}`;
  const known = byView.get(key);
  if (known !== undefined) return known;
  const read = view.reader!;
  let min = Infinity;
  let max = -Infinity;
  const isIntegral = "iu".includes(view.array.dtype.kind);
  const end = view.offset + view.size;
  for (let i = view.offset; i < end; i++) {
    const value = read(i);
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min)) min = max = 0;
  let kind: LevelRule["kind"] = "scaled";
  if (isIntegral && min >= 0 && max <= 255) kind = "bytes";
  else if (!isIntegral && min >= 0 && max <= 1) kind = "unit";
  const rule = { kind, min, max };
  byView.set(key, rule);
  return rule;
}

function level(rule: LevelRule, value: number): number {
  if (Number.isNaN(value)) return 0;
  if (rule.kind === "bytes") return value;
  if (rule.kind === "unit") return Math.round(value * 255);
  return rule.max === rule.min ? 0 : Math.round(((value - rule.min) / (rule.max - rule.min)) * 255);
}

/**
 * RGBA pixels of pictures `start..start+count` when the view is cut into pictures of `shape`. A
 * picture bigger than the caps (`maxSide`, pictureStep's) is shrunk: every `step`-th pixel of
 * every `step`-th row (nearest neighbour), so a 10000x10000 array is never a 400 MB canvas.
 */
export function picturePixels(
  view: NdView,
  shape: readonly number[],
  start: number,
  count: number,
  maxSide: number,
): { width: number; height: number; step: number; images: Uint8ClampedArray[] } {
  const read = view.reader;
  if (read === null) throw new Error(`a ${view.dtypeName} array has no numbers to draw`);
  const [height, width, channels = 1] = shape;
  if (height === undefined || width === undefined || shape.length > 3 || !(channels === 1 || channels === 3 || channels === 4)) {
    throw new Error("a picture's shape is HxW, HxWx3 or HxWx4");
  }
  const per = height * width * channels;
  if (per === 0 || view.size % per !== 0) throw new Error(`${view.size} values do not make pictures of ${shape.join("x")} (${per} values each)`);
  const total = view.size / per;
  const rule = levelRule(view);
  const step = pictureStep(height, width, maxSide);
  const size = { width: Math.ceil(width / step), height: Math.ceil(height / step) };
  const images: Uint8ClampedArray[] = [];
  for (let picture = start; picture < Math.min(total, start + count); picture++) {
    images.push(drawPicture(read, rule, view.offset + picture * per, width, channels, step, size));
  }
  return { ...size, step, images };
}

/** One picture's RGBA, every `step`-th pixel of every `step`-th row of the picture at `base`. */
function drawPicture(
  read: Reader,
  rule: LevelRule,
  base: number,
  width: number,
  channels: number,
  step: number,
  size: { readonly width: number; readonly height: number },
): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(size.width * size.height * 4);
  let out = 0;
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++, out += 4) {
      const at = base + (y * step * width + x * step) * channels;
      if (channels === 1) {
        const gray = level(rule, read(at));
        rgba[out] = rgba[out + 1] = rgba[out + 2] = gray;
        rgba[out + 3] = 255;
      } else {
        rgba[out] = level(rule, read(at));
        rgba[out + 1] = level(rule, read(at + 1));
        rgba[out + 2] = level(rule, read(at + 2));
        rgba[out + 3] = channels === 4 ? level(rule, read(at + 3)) : 255;
      }
    }
  }
  return rgba;
}

export function isNdArray(value: unknown): value is NdArray {
  return value instanceof NdArray;
}
