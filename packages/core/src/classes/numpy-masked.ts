import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { PyGlobal } from "../values/placeholders.js";
import { isPyDict, isTuple, markTuple, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readBytes } from "./arg-checks.js";
import { NdArray, orderOfFlag } from "./ndarray.js";
import { NumpyDtype, readShape } from "./numpy-dtype.js";
import type { ClassReconstructor, PyStateful, ReconstructContext } from "./registry.js";

/**
 * numpy's `make_mask_descr(dtype)`: the dtype of a masked array's mask, a bool per element, or
 * for a structured dtype a bool per field (packed, fields in order, sub-arrays kept).
 */
function maskDtype(dtype: NumpyDtype): NumpyDtype {
  if (dtype.subarray !== null) {
    const base = maskDtype(dtype.subarray.base);
    const mask = new NumpyDtype("V");
    mask.subarray = { base, shape: dtype.subarray.shape };
    mask.itemsize = dtype.subarray.shape.reduce((total, dim) => total * dim, base.itemsize);
    return mask;
  }
  if (dtype.fields === null) return new NumpyDtype("b1");
  const mask = new NumpyDtype("V");
  mask.names = [...(dtype.names ?? dtype.fields.keys())];
  mask.fields = new Map();
  let offset = 0;
  for (const name of mask.names) {
    const field = maskDtype(dtype.fields.get(name)!.dtype);
    mask.fields.set(name, { dtype: field, offset, title: null });
    offset += field.itemsize;
  }
  mask.itemsize = offset;
  return mask;
}

/** Puts `null` wherever the mask says so: the mask's list has the data's shape, down to fields. */
function applyMask(data: PyValue, mask: PyValue): PyValue {
  if (mask === true) return null;
  if (mask === false || mask === null) return data;
  if (Array.isArray(mask) && Array.isArray(data)) {
    const out = data.map((item, index) => applyMask(item, mask[index] ?? false));
    return isTuple(data) ? markTuple(out) : out;
  }
  if (mask instanceof Map && data instanceof Map) {
    return new Map([...data].map(([key, value]) => [key, applyMask(value, mask.get(key) ?? false)]));
  }
  if (isPyDict(mask) && isPyDict(data)) {
    for (const key of Object.keys(data)) data[key] = applyMask(data[key]!, mask[key] ?? false);
    return data;
  }
  return data;
}

/** The masked array class as numpy 1 and 2 name it when they pass it to `_mareconstruct`. */
export const maskedArrayClassNames: readonly string[] = ["numpy.ma.core.MaskedArray", "numpy.ma.MaskedArray"];

/**
 * `numpy.ma.MaskedArray`, as `_mareconstruct(cls, baseclass, (0,), "b")` then BUILD
 * `(version, shape, dtype, is_fortran, data_bytes, mask_bytes, fill_value)` writes it. `data` and
 * `mask` are the two arrays (the mask of bools has `make_mask_descr(dtype)`); JSON is `tolist()`
 * with every masked element (or field) `null`, as `MaskedArray.tolist()` gives.
 */
export class NumpyMaskedArray implements PyObjectValue, PyStateful, PyReducible {
  data: NdArray = new NdArray();
  mask: NdArray = new NdArray();
  fillValue: PyValue = null;

  constructor(
    readonly pyClass: string = "numpy.ma.core.MaskedArray",
    private context: ReconstructContext | null = null,
  ) {}

  setState(state: PyValue): void {
    const qualname = "numpy.ma.core.MaskedArray";
    if (!Array.isArray(state) || state.length !== 7) {
      throw new TypeError(`${qualname}: state must be (version, shape, dtype, is_fortran, data, mask, fill_value), got ${describeValue(state)}`);
    }
    const [, shapeValue, dtype, isFortran, raw, mask, fillValue] = state;
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no dtype (got ${describeValue(dtype)})`);
    const context = this.context;
    if (context === null) throw new TypeError(`${qualname}: no decoder context`);
    const shape = readShape(qualname, shapeValue);
    const order = orderOfFlag(qualname, isFortran);
    // The data as ndarray.__setstate__ takes it: element bytes, or a list for an object array.
    const data = new NdArray("numpy.ndarray", context);
    data.setState(markTuple([1, shapeValue ?? null, dtype, isFortran ?? false, raw ?? null]));
    this.data = data;
    this.mask = NdArray.fromBuffer(maskDtype(dtype), shape, order, readBytes(qualname, mask, context));
    this.fillValue = fillValue ?? null;
    this.context = null;
  }

  /** `MaskedArray.tolist()`: nested lists with `null` for masked elements (and masked fields of records). */
  toList(options: { readonly wrapFloats?: boolean; readonly recordsAsObjects?: boolean } = {}): PyValue {
    return applyMask(this.data.toList(options), this.mask.toList({ recordsAsObjects: options.recordsAsObjects ?? false }));
  }

  toPlain(): PyValue {
    return this.toList({ wrapFloats: true, recordsAsObjects: true });
  }

  /** As numpy's `MaskedArray.__reduce__` writes it: `_mareconstruct(cls, ndarray, (0,), b"b")`, then the 7-tuple state. */
  reduceForPickle(): PyReduction {
    const dot = this.pyClass.lastIndexOf(".");
    const bytesOf = (array: NdArray): PyValue => array.bytes ?? (array.data as PyValue[]);
    return {
      callable: ["numpy.ma.core", "_mareconstruct"],
      args: [new PyGlobal(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1)), new PyGlobal("numpy", "ndarray"), markTuple([0]), Uint8Array.of(0x62)],
      state: markTuple([1, markTuple([...this.data.shape]), this.data.dtype, this.data.order === "F", bytesOf(this.data), bytesOf(this.mask), this.fillValue]),
    };
  }
}

/** `numpy.ma.core._mareconstruct(subtype, baseclass, baseshape, basetype)`: an empty masked array that BUILD fills. */
export const mareconstructReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("numpy.ma.core._mareconstruct", args, 4, 4);
    const cls = args[0];
    const name = typeof cls === "object" && cls !== null && "pyClass" in cls && typeof cls.pyClass === "string" ? cls.pyClass : undefined;
    return new NumpyMaskedArray(name, context);
  },
};

/**
 * `numpy.ma.masked`, the masked value (`MaskedConstant`, a 0-d masked array): what indexing a
 * masked element gives, so it turns up in lists and dicts. It pickles as `MaskedConstant()` and
 * loads as numpy's one instance; its `tolist()` is None, so its JSON is `null`, as a masked
 * element of an array is.
 */
export class NumpyMaskedConstant implements PyObjectValue, PyReducible {
  readonly pyClass = "numpy.ma.core.MaskedConstant";

  toPlain(): PyValue {
    return null;
  }

  reduceForPickle(): PyReduction {
    return { callable: ["numpy.ma.core", "MaskedConstant"], args: [] };
  }
}

/** The one `numpy.ma.masked` (numpy's MaskedConstant is a singleton too). */
export const MASKED = new NumpyMaskedConstant();

/** `numpy.ma.core.MaskedConstant()`, as `MaskedConstant.__reduce__` writes it (no arguments). */
export const maskedConstantReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("numpy.ma.core.MaskedConstant", args, 0, 0);
    return MASKED;
  },
};
