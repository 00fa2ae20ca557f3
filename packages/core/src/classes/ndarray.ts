import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { NumberGrid } from "../json/column-value.js";
import { markTuple, PyByteArray, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { PyGlobal } from "../values/placeholders.js";
import { describeValue, readBytes } from "./arg-checks.js";
import { type NdArrayData, typedView } from "./ndarray-data.js";
import { checkEntries, entriesOf, NumpyDtype, readShape } from "./numpy-dtype.js";
import { pyShapeRepr } from "./py-repr.js";
import { elementReader, recordOf } from "./numpy-elements.js";
import { type PyStateful, type ReconstructContext, STANDALONE_CONTEXT } from "./registry.js";

export type ArrayOrder = "C" | "F";

/** Options of `NdArray.toList`. */
export interface ToListOptions {
  /** Wrap integral floats in PyFloat (as JSON output needs). Default false. */
  readonly wrapFloats?: boolean;
  /** Structured elements as dicts keyed by field name (as JSON output needs), not tuples. Default false. */
  readonly recordsAsObjects?: boolean;
}

const product = (shape: readonly number[]): number => shape.reduce((total, dim) => total * dim, 1);

/**
 * `numpy.ndarray`: `dtype`, `shape`, memory `order`, the pickled bytes and a typed-array `data`
 * view of them (see typedView; object arrays hold a list instead). Protocols 0-4 write
 * `_reconstruct(ndarray, (0,), b"b")` and then BUILD `(version, shape, dtype, is_fortran, data)`,
 * so the value starts empty and `setState` fills it in place.
 */
export class NdArray implements PyObjectValue, PyStateful, PyReducible {
  dtype: NumpyDtype = new NumpyDtype("i1");
  shape: number[] = [0];
  order: ArrayOrder = "C";
  /** The element bytes as pickled (byte order of the dtype, memory order `order`); null for object arrays. */
  bytes: Uint8Array | null = new Uint8Array(0);
  data: NdArrayData = new Int8Array(0);
  /**
   * True when BUILD filled the array with a non-native byte order: numpy's `__setstate__` swaps
   * such data to native order on load, so the Python object is native and is written back so.
   */
  private isNativeInPython = false;

  constructor(
    /** The class the pickle named: `numpy.ndarray`, or a subclass such as `numpy.matrix`. */
    readonly pyClass: string = "numpy.ndarray",
    /**
     * Kept for `setState`, which must read Python 2 str data as raw bytes; dropped once the state
     * is set, so that an emitted array does not keep its decoder (stack, memo) alive.
     */
    private context: ReconstructContext | null = null,
  ) {}

  /** An array over `buffer` (numpy's `frombuffer(...).reshape(shape, order=order)`). */
  static fromBuffer(dtype: NumpyDtype, shape: number[], order: ArrayOrder, buffer: Uint8Array, pyClass?: string): NdArray {
    const array = new NdArray(pyClass);
    array.fill(dtype, shape, order, buffer);
    return array;
  }

  /** Number of elements. */
  get size(): number {
    return product(this.shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** BUILD: `(version, shape, dtype, is_fortran, data)`, or the versionless 4-tuple of old numpy. */
  setState(state: PyValue): void {
    const qualname = "numpy.ndarray";
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
      throw new TypeError(`${qualname}: state must be (version, shape, dtype, is_fortran, data), got ${describeValue(state)}`);
    }
    const [shape, dtype, isFortran, data] = state.length === 5 ? state.slice(1) : state;
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no dtype (got ${describeValue(dtype)})`);
    const order = orderOfFlag(qualname, isFortran);
    if (dtype.hasObject) {
      if (!Array.isArray(data)) throw new TypeError(`${qualname}: object array data must be a list, got ${describeValue(data)}`);
      this.fillObjects(dtype, readShape(qualname, shape), order, data);
      return;
    }
    // Without a decoder context (a hand-made array), a str is read as latin-1 char codes.
    const buffer = readBytes(qualname, data, this.context ?? STANDALONE_CONTEXT);
    this.context = null;
    this.fill(dtype, readShape(qualname, shape), order, buffer);
    this.isNativeInPython = !dtype.isNative;
  }

  private fill(dtype: NumpyDtype, shape: number[], order: ArrayOrder, buffer: Uint8Array): void {
    const expected = product(shape) * dtype.itemsize;
    if (buffer.length !== expected) {
      throw new TypeError(`numpy.ndarray: ${buffer.length} bytes of data do not fill shape (${shape.join(", ")}) of ${dtype}`);
    }
    checkEntries("numpy.ndarray", entriesOf(shape, dtype.entriesPerElement), buffer.length, `shape ${pyShapeRepr(shape)} of ${dtype}`);
    // Refuse here, while decoding (the decoder reports a PickleError), element types that
    // toList()/toPlain() could not read later, where writers would meet a bare TypeError.
    elementReader(dtype, false);
    this.dtype = dtype;
    this.shape = shape;
    this.order = order;
    this.bytes = buffer;
    this.data = typedView(dtype, buffer);
    if (holdsText(dtype)) this.toList();
  }

  /**
   * Object arrays pickle a list of their elements in C (logical) order, whatever `is_fortran`
   * says; a structured element holding objects is the tuple of its fields' values.
   */
  private fillObjects(dtype: NumpyDtype, shape: number[], order: ArrayOrder, items: PyValue[]): void {
    if (items.length !== product(shape)) {
      throw new TypeError(`numpy.ndarray: ${items.length} objects do not fill shape (${shape.join(", ")})`);
    }
    if (dtype.fields !== null) {
      // Checked here, while decoding, so that writing never meets an element of another shape.
      for (const item of items) checkRecordTuple(dtype, item);
    }
    // Each object came from at least one opcode byte: that is the data an object array's lists are paid for by.
    checkEntries("numpy.ndarray", entriesOf(shape, 1), items.length, `shape ${pyShapeRepr(shape)} of objects`);
    this.dtype = dtype;
    this.shape = shape;
    this.order = order;
    this.bytes = null;
    this.data = items;
  }

  /**
   * Nested lists in C index order, as `ndarray.tolist()`: Python ints (number, or bigint beyond
   * 2**53), floats (float16 decoded), bools, PyComplex, decoded str, stripped bytes, tuples for
   * structured records, datetime values or ints for datetime64. A 0-d array gives its element.
   */
  toList(options: ToListOptions = {}): PyValue {
    const shape = this.shape;
    if (Array.isArray(this.data)) {
      const items = this.data;
      if (this.dtype.fields !== null && options.recordsAsObjects === true) {
        const dtype = this.dtype;
        return nest(shape, cStrides(shape), (index) => recordOfTuple(dtype, items[index] as PyValue));
      }
      return nest(shape, cStrides(shape), (index) => items[index] as PyValue);
    }
    const read = elementReader(this.dtype, options.wrapFloats ?? false, options.recordsAsObjects ?? false);
    const bytes = this.bytes!;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const itemsize = this.dtype.itemsize;
    const strides = this.order === "F" ? fStrides(shape) : cStrides(shape);
    return nest(shape, strides, (index) => read(view, index * itemsize));
  }

  /**
   * One field of a structured array as its own array, `array[name]` in numpy: the field's dtype
   * over a C-order copy of its bytes, so a numeric field is a typed array (`nodes.field("threshold")
   * .data` is a Float64Array). A sub-array field adds its dimensions to the shape, as numpy does.
   */
  field(name: string): NdArray {
    const field = this.dtype.fields?.get(name);
    if (field === undefined) throw new TypeError(`numpy.ndarray: no field ${JSON.stringify(name)} in ${this.dtype.str}`);
    if (this.bytes === null) {
      throw new TypeError(`numpy.ndarray: field ${JSON.stringify(name)} of ${this.dtype.str}: an array whose fields hold Python objects has no field views (read its elements with toList())`);
    }
    const size = field.dtype.itemsize;
    const itemsize = this.dtype.itemsize;
    const count = this.size;
    const source = this.bytes;
    const out = new Uint8Array(count * size);
    const shape = this.shape;
    // Logical C-order index to the element's position in memory (F order walks the other way).
    const strides = this.order === "F" ? fStrides(shape) : cStrides(shape);
    const logical = cStrides(shape);
    for (let index = 0; index < count; index++) {
      let at = 0;
      let rest = index;
      for (let dim = 0; dim < shape.length; dim++) {
        const position = Math.floor(rest / logical[dim]!);
        rest -= position * logical[dim]!;
        at += position * strides[dim]!;
      }
      const start = at * itemsize + field.offset;
      out.set(source.subarray(start, start + size), index * size);
    }
    const sub = field.dtype.subarray;
    return sub === null
      ? NdArray.fromBuffer(field.dtype, [...shape], "C", out)
      : NdArray.fromBuffer(sub.base, [...shape, ...sub.shape], "C", out);
  }

  /**
   * As numpy 2 writes an array: protocol 5 and a plain `ndarray` with data bytes give
   * `_frombuffer(buffer, dtype, shape, order)` (the buffer a bytearray, in-band or out-of-band);
   * otherwise `_reconstruct(cls, (0,), b"b")` then BUILD `(1, shape, dtype, is_fortran, data)`.
   * The byte order written is the one the Python object has (see `isNativeInPython`).
   */
  reduceForPickle(protocol: number): PyReduction {
    const shape = markTuple([...this.shape]);
    const bytes = this.bytes;
    // Below protocol 5 numpy writes _reconstruct + BUILD, whose load swaps a non-native array to
    // native order; an array Python holds non-native (from protocol 5) keeps its order only
    // through _frombuffer, which loads at any protocol.
    const keepsByteOrder = !this.dtype.isNative && !this.isNativeInPython;
    if ((protocol >= 5 || keepsByteOrder) && bytes !== null && this.pyClass === "numpy.ndarray") {
      if (this.isNativeInPython) {
        const native = nativeOrder(this.dtype, bytes);
        return { callable: ["numpy._core.numeric", "_frombuffer"], args: [native.buffer, native.dtype, shape, this.order] };
      }
      // A view, not a copy: the Pickler writes it (or hands it to bufferCallback) right away.
      const buffer = new PyByteArray(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
      return { callable: ["numpy._core.numeric", "_frombuffer"], args: [buffer, this.dtype, shape, this.order] };
    }
    const dot = this.pyClass.lastIndexOf(".");
    const cls = new PyGlobal(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1));
    // numpy's __setstate__ wants bytes: a bytearray (protocol 5 data) is written as plain bytes.
    const data: PyValue = bytes === null ? (this.data as PyValue[]) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      callable: ["numpy._core.multiarray", "_reconstruct"],
      args: [cls, markTuple([0]), RECONSTRUCT_PLACEHOLDER],
      state: markTuple([1, shape, this.dtype, this.order === "F", data]),
    };
  }

  /**
   * The plain form's nested lists as a grid over the typed array (json/column-value.ts), for an
   * array of bools, ints or float32/float64 in C order (or of one dimension) with at least one
   * dimension; null for every other array (writers then take `toPlain()`).
   */
  numberGrid(): NumberGrid | null {
    const { dtype, data, shape } = this;
    if (Array.isArray(data) || this.bytes === null || dtype.fields !== null || dtype.subarray !== null) return null;
    if (shape.length === 0 || (this.order === "F" && shape.length > 1)) return null;
    const kind = dtype.kind;
    if (kind === "b" && dtype.itemsize === 1) return { shape, numbers: { values: data, kind: "bool", missing: null } };
    const size = dtype.itemsize;
    if ((kind === "i" || kind === "u") && (size === 1 || size === 2 || size === 4 || size === 8)) return { shape, numbers: { values: data, kind: "int", missing: null } };
    if (kind === "f" && (size === 4 || size === 8)) return { shape, numbers: { values: data, kind: "float", missing: null } };
    return null;
  }

  /** `tolist()` with integral floats kept as floats and structured elements keyed by field name, per the JSON mapping. */
  toPlain(): PyValue {
    return this.toList({ wrapFloats: true, recordsAsObjects: true });
  }
}

/** A native-order copy of a byte-swapped array's dtype and data (bytes swapped per scalar: complex per part, str per code point). */
function nativeOrder(dtype: NumpyDtype, bytes: Uint8Array): { dtype: NumpyDtype; buffer: PyByteArray } {
  const native = Object.assign(Object.create(NumpyDtype.prototype) as NumpyDtype, dtype);
  native.byteOrder = dtype.byteOrder === ">" ? "<" : ">";
  const width = dtype.kind === "c" ? dtype.itemsize / 2 : dtype.kind === "U" ? 4 : dtype.itemsize;
  const buffer = new PyByteArray(bytes.length);
  for (let start = 0; start < bytes.length; start += width) {
    for (let i = 0; i < width; i++) buffer[start + i] = bytes[start + width - 1 - i]!;
  }
  return { dtype: native, buffer };
}

/** The `b"b"` numpy passes to `_reconstruct`; BUILD replaces the array it makes. */
const RECONSTRUCT_PLACEHOLDER = Uint8Array.of(0x62);

/** Element strides of a C-order (row-major) layout. */
function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    strides[dim] = stride;
    stride *= shape[dim]!;
  }
  return strides;
}

/** Element strides of a Fortran-order (column-major) layout. */
function fStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let dim = 0; dim < shape.length; dim++) {
    strides[dim] = stride;
    stride *= shape[dim]!;
  }
  return strides;
}

/** Refuses a structured element holding objects that is no tuple of one value per field (nested records too). */
function checkRecordTuple(dtype: NumpyDtype, item: PyValue): void {
  const fields = dtype.fields!;
  if (!Array.isArray(item) || item.length !== fields.size) {
    throw new TypeError(`numpy.ndarray: an element of ${dtype} must be a tuple of ${fields.size} field values, got ${describeValue(item)}`);
  }
  let i = 0;
  for (const field of fields.values()) {
    if (field.dtype.fields !== null) checkRecordTuple(field.dtype, item[i]!);
    i++;
  }
}

/**
 * A structured element holding objects (the tuple numpy pickled) as the mapping shows it: keyed
 * by field name in dtype order, nested records too, as elementReader's records.
 */
function recordOfTuple(dtype: NumpyDtype, item: PyValue): PyValue {
  const values = item as PyValue[];
  const entries: [string, PyValue][] = [];
  let i = 0;
  for (const [name, field] of dtype.fields!) {
    const value = values[i++]!;
    entries.push([name, field.dtype.fields !== null && Array.isArray(value) ? recordOfTuple(field.dtype, value) : value]);
  }
  return recordOf(entries);
}

/** Builds nested lists over `shape`; recursion depth is the number of dimensions (numpy allows 64). */
function nest(shape: readonly number[], strides: readonly number[], read: (index: number) => PyValue): PyValue {
  const build = (dim: number, base: number): PyValue => {
    if (dim === shape.length) return read(base);
    const items: PyValue[] = new Array(shape[dim]!);
    const stride = strides[dim]!;
    for (let i = 0; i < items.length; i++) items[i] = build(dim + 1, base + i * stride);
    return items;
  };
  return build(0, 0);
}

/** True when reading elements decodes text (str dtypes can hold code points beyond U+10FFFF). */
function holdsText(dtype: NumpyDtype): boolean {
  if (dtype.kind === "U") return true;
  if (dtype.subarray !== null && holdsText(dtype.subarray.base)) return true;
  return dtype.fields !== null && [...dtype.fields.values()].some((field) => holdsText(field.dtype));
}



/**
 * The order `is_fortran` of an array's state asks for: numpy reads it as a C int, so any int but
 * 0 (or True) is Fortran order, and anything else (a float, a str) is its TypeError.
 */
export function orderOfFlag(qualname: string, isFortran: PyValue | undefined): "C" | "F" {
  if (typeof isFortran === "boolean") return isFortran ? "F" : "C";
  if (typeof isFortran === "number" && Number.isInteger(isFortran)) return isFortran !== 0 ? "F" : "C";
  if (typeof isFortran === "bigint") return isFortran !== 0n ? "F" : "C";
  throw new TypeError(`${qualname}: is_fortran must be an int, got ${describeValue(isFortran)}`);
}
