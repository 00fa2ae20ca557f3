import { PyGlobal, PyInstance } from "../values/placeholders.js";
import { isPyObject, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readBytes, readString, readText } from "./arg-checks.js";
import { type ArrayOrder, NdArray } from "./ndarray.js";
import { NumpyDtype, readShape } from "./numpy-dtype.js";
import { maskedArrayClassNames, maskedConstantReconstructor, mareconstructReconstructor } from "./numpy-masked.js";
import { NumpyScalar } from "./numpy-scalar.js";
import { STRING_DTYPE_CALLABLE } from "./numpy-stringdtype.js";
import type { ClassReconstructor } from "./registry.js";

// numpy 2 pickles name `numpy._core`, numpy 1 (and Python 2) `numpy.core`: both are registered.
const CORE_MODULES = ["numpy.core", "numpy._core"] as const;

function readDtype(qualname: string, value: PyValue | undefined): NumpyDtype {
  if (value instanceof NumpyDtype) return value;
  throw new TypeError(`${qualname}: expected a numpy.dtype, got ${describeValue(value)}`);
}

/** Where pickles name `numpy.record` (numpy 2 and 1 say `numpy`; the class lives in `numpy.rec`). */
const RECORD_MODULES: ReadonlySet<string> = new Set(["numpy", "numpy.rec", "numpy.core.records", "numpy._core.records"]);

/**
 * numpy globals the decoder reads by name and never calls: `numpy.record` (a record dtype's
 * type) and `recarray` (the array subclass `_reconstruct` is given for `np.rec.array`), where
 * numpy 1 and 2 name them; and the masked array class.
 */
export const numpyNamesRead: readonly string[] = [
  ...[...RECORD_MODULES].flatMap((module) => [`${module}.record`, `${module}.recarray`]),
  ...maskedArrayClassNames,
];

/**
 * `dtype(typestr, align, copy)`; BUILD then sets byte order, fields, sizes. A record dtype
 * (`np.rec.array`, `df.to_records()`) is `dtype(numpy.record, align, copy)`: a structured (void)
 * dtype whose scalar type is `numpy.record`.
 */
const dtypeReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("numpy.dtype", args, 1, 3);
    const type = args[0];
    if (type instanceof PyGlobal && type.name === "record" && RECORD_MODULES.has(type.module)) return NumpyDtype.record();
    return new NumpyDtype(readText("numpy.dtype", type));
  },
};

/** `_reconstruct(ndarray_subclass, (0,), b"b")`: an empty array that BUILD fills. */
const reconstructReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("numpy.core.multiarray._reconstruct", args, 3, 3);
    const cls = args[0];
    return new NdArray(isPyObject(cls) ? cls.pyClass : "numpy.ndarray", context);
  },
};

/**
 * `ndarray(shape, dtype, buffer, offset)` called directly (NEWOBJ/REDUCE): over the buffer when one
 * is given, else an empty array waiting for BUILD, like `_reconstruct`.
 */
const ndarrayReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "numpy.ndarray";
    if (args.length < 3 || args[2] === null) return new NdArray(qualname, context);
    expectArgCount(qualname, args, 3, 4);
    const buffer = readBytes(qualname, args[2], context);
    const offset = typeof args[3] === "number" ? args[3] : 0;
    const dtype = readDtype(qualname, args[1]);
    const shape = readShape(qualname, args[0]);
    const length = shape.reduce((total, dim) => total * dim, dtype.itemsize);
    if (offset < 0 || offset + length > buffer.length) throw new TypeError(`${qualname}: buffer is too small`);
    return NdArray.fromBuffer(dtype, shape, "C", buffer.subarray(offset, offset + length));
  },
};

/**
 * `_frombuffer(buf, dtype, shape, order[, axis_order])`, how protocol 5 writes an array whose
 * memory is one block: `buf` is the in-band bytearray, or an out-of-band buffer. numpy 2 writes an
 * array that is neither C- nor F-ordered but a permutation of one (a transposed 3-D array) with
 * order 'K' and `axis_order`: `frombuffer(buf).reshape(shape, order='C').transpose(axis_order)`,
 * rebuilt here as a C-ordered copy. Without the out-of-band bytes (no `buffers` given) the call
 * stays a placeholder holding its arguments.
 */
function frombufferReconstructor(qualname: string): ClassReconstructor {
  const [module, name] = [qualname.slice(0, qualname.lastIndexOf(".")), qualname.slice(qualname.lastIndexOf(".") + 1)];
  return {
    construct(args, kwargs) {
      expectArgCount(qualname, args, 4, 5);
      const [buffer, dtype, shape, order, axisOrder] = args;
      if (!(buffer instanceof Uint8Array)) {
        const placeholder = new PyInstance(module, name, args);
        placeholder.kwargs = kwargs;
        return placeholder;
      }
      const memoryOrder = readString(qualname, order);
      const arrayDtype = readDtype(qualname, dtype);
      const arrayShape = readShape(qualname, shape);
      // As numpy: axis_order counts only with order 'K' (reshape takes no 'K' without it).
      if (memoryOrder === "K" && axisOrder !== undefined && axisOrder !== null) {
        const permuted = transposedCopy(qualname, buffer, arrayShape, readShape(qualname, axisOrder), arrayDtype.itemsize);
        return NdArray.fromBuffer(arrayDtype, permuted.shape, "C", permuted.bytes);
      }
      if (memoryOrder !== "C" && memoryOrder !== "F") throw new TypeError(`${qualname}: order must be 'C' or 'F' (or 'K' with an axis order), got '${memoryOrder}'`);
      return NdArray.fromBuffer(arrayDtype, arrayShape, memoryOrder as ArrayOrder, buffer);
    },
  };
}

/**
 * `buffer` read as a C-ordered array of `shape`, transposed by `axisOrder` (a permutation of its
 * axes, as numpy's transpose takes), copied into C order: the new shape and bytes.
 */
function transposedCopy(qualname: string, buffer: Uint8Array, shape: readonly number[], axisOrder: readonly number[], itemsize: number): { shape: number[]; bytes: Uint8Array } {
  const ndim = shape.length;
  const seen = new Set(axisOrder);
  if (axisOrder.length !== ndim || seen.size !== ndim || axisOrder.some((axis) => axis >= ndim)) {
    throw new TypeError(`${qualname}: axis_order (${axisOrder.join(", ")}) is not a permutation of the ${ndim} axes`);
  }
  let count = 1;
  for (const length of shape) count *= length;
  if (buffer.length !== count * itemsize) {
    throw new TypeError(`${qualname}: a buffer of ${buffer.length} bytes cannot be reshaped to (${shape.join(", ")}) of ${itemsize}-byte items`);
  }
  // The C-order strides of `shape`, in bytes, taken in the transposed axes' order.
  const strides = new Array<number>(ndim);
  for (let axis = ndim - 1, stride = itemsize; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  const outShape = axisOrder.map((axis) => shape[axis]!);
  const outStrides = axisOrder.map((axis) => strides[axis]!);
  const bytes = new Uint8Array(buffer.length);
  const index = new Array<number>(ndim).fill(0);
  let from = 0;
  for (let at = 0; at < bytes.length; at += itemsize) {
    for (let i = 0; i < itemsize; i++) bytes[at + i] = buffer[from + i]!;
    // The next index in C order (the last axis fastest), `from` following it.
    for (let axis = ndim - 1; axis >= 0; axis--) {
      from += outStrides[axis]!;
      if (++index[axis]! < outShape[axis]!) break;
      from -= outStrides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  return { shape: outShape, bytes };
}

/** `scalar(dtype, bytes)`; for object dtype numpy passes (and returns) the object itself. */
const scalarReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "numpy.core.multiarray.scalar";
    expectArgCount(qualname, args, 1, 2);
    const dtype = readDtype(qualname, args[0]);
    if (dtype.kind === "O") return args[1] ?? null;
    return new NumpyScalar(dtype, readBytes(qualname, args[1], context));
  },
};

/**
 * numpy 2's `StringDType(coerce=..., na_object=...)` as its pickle makes it:
 * `_convert_to_stringdtype_kwargs(coerce, na_object=_NoValue)` (numpy-stringdtype.ts).
 */
const stringDtypeReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount(STRING_DTYPE_CALLABLE.join("."), args, 1, 2);
    const dtype = new NumpyDtype("O");
    // numpy writes `coerce` as the int 0 or 1.
    dtype.stringOptions = { coerce: args[0] !== 0 && args[0] !== false && args[0] !== 0n, naObject: args[1] };
    return dtype;
  },
};

/** Reconstructors for numpy arrays, dtypes and scalars, by `module.qualname`. */
export const numpyClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["numpy.dtype", dtypeReconstructor],
  ["numpy.ndarray", ndarrayReconstructor],
  ["numpy.ma.core._mareconstruct", mareconstructReconstructor],
  ["numpy.ma.core.MaskedConstant", maskedConstantReconstructor],
  ...CORE_MODULES.flatMap((core): [string, ClassReconstructor][] => [
    [`${core}.multiarray._reconstruct`, reconstructReconstructor],
    [`${core}.multiarray.scalar`, scalarReconstructor],
    [`${core}.numeric._frombuffer`, frombufferReconstructor(`${core}.numeric._frombuffer`)],
    [`${core}._internal.${STRING_DTYPE_CALLABLE[1]}`, stringDtypeReconstructor],
  ]),
]);
