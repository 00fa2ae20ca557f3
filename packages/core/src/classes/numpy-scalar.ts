import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import type { NumpyDtype } from "./numpy-dtype.js";
import { elementReader, numberReader } from "./numpy-elements.js";
import { plainFloat } from "./plain-float.js";

/** numpy's scalar type name for a dtype, as `type(np.float32(0)).__name__` (numpy 2). */
function scalarTypeName(dtype: NumpyDtype): string {
  switch (dtype.kind) {
    case "U":
      return "str_";
    case "S":
      return "bytes_";
    case "V":
      return "void";
    case "M":
      return "datetime64";
    case "m":
      return "timedelta64";
    case "f":
      return dtype.itemsize > 8 ? "longdouble" : dtype.name;
    case "c":
      return dtype.itemsize > 16 ? "clongdouble" : dtype.name;
    default:
      return dtype.name;
  }
}

/** A numpy scalar (`np.float32(1.5)`, `np.int64(3)`): its dtype and bytes; JSON shows `item()`. */
export class NumpyScalar implements PyObjectValue, PyReducible {
  readonly pyClass: string;
  constructor(
    readonly dtype: NumpyDtype,
    /** The element's bytes, in the dtype's byte order. */
    readonly bytes: Uint8Array,
  ) {
    if (bytes.length !== dtype.itemsize) {
      throw new TypeError(`numpy scalar: ${bytes.length} bytes for a ${dtype.itemsize}-byte ${dtype}`);
    }
    this.pyClass = `numpy.${scalarTypeName(dtype)}`;
    // Read once now: a dtype no element reader takes (a float of 3 bytes) or bytes it refuses (a
    // code point past 0x10ffff) fail here, where the decoder reports a PickleError, not later
    // when the value is written. A bool, int or float is kept as read now, as numpy's scalar
    // keeps its value: a state a pickle sets on its dtype later (a BUILD) does not change it.
    this.isFloat = dtype.kind === "f";
    if (isNumberDtype(dtype)) {
      this.number = numberItem(dtype, bytes);
    } else {
      this.number = undefined;
      this.item();
    }
  }

  /** A bool, int or float scalar's value, read when it was made; undefined for other dtypes. */
  private readonly number: number | bigint | boolean | undefined;
  private readonly isFloat: boolean;

  /** `item()`: the Python value (int, float, bool, PyComplex, str, bytes, tuple, datetime...). */
  item(options: { readonly wrapFloats?: boolean; readonly recordsAsObjects?: boolean } = {}): PyValue {
    const number = this.number;
    if (number !== undefined) return options.wrapFloats === true && this.isFloat ? plainFloat(number as number) : number;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return elementReader(this.dtype, options.wrapFloats ?? false, options.recordsAsObjects ?? false)(view, 0);
  }

  /** `item()`; an element of a structured dtype (`arr[0]`) keyed by field name, as in an array. */
  toPlain(): PyValue {
    return this.item({ wrapFloats: true, recordsAsObjects: true });
  }

  /** `numpy._core.multiarray.scalar(dtype, bytes)`, as numpy 2 writes every scalar. */
  reduceForPickle(): PyReduction {
    return { callable: ["numpy._core.multiarray", "scalar"], args: [this.dtype, this.bytes] };
  }
}

/**
 * The plain form (`toPlain()`) of `numpy._core.multiarray.scalar(dtype, bytes)` for a bool, int
 * or float dtype, read straight from `bytes` (not kept); undefined for any other dtype or a
 * length that is not the dtype's (the value path then makes the scalar, and says why). Where
 * the scalar object itself is not needed (the one-pass writers' islands, which write and
 * memoize only its value), this spares it and its bytes' copy: a list of 1M np.float64 kept
 * 1M of each alive in the island memo, and the scavenger took 1.6 of 3.8 s.
 */
export function numberScalarPlain(dtype: NumpyDtype, bytes: Uint8Array): PyValue | undefined {
  if (!isNumberDtype(dtype) || bytes.length !== dtype.itemsize) return undefined;
  const number = numberItem(dtype, bytes);
  return dtype.kind === "f" ? plainFloat(number as number) : number;
}

/** Whether a dtype is a bool, an int of 1, 2, 4 or 8 bytes or a float of 2, 4 or 8 (numberItem reads those). */
function isNumberDtype(dtype: NumpyDtype): boolean {
  if (dtype.fields !== null || dtype.subarray !== null) return false;
  const size = dtype.itemsize;
  switch (dtype.kind) {
    case "b":
      return true;
    case "i":
    case "u":
      return size === 1 || size === 2 || size === 4 || size === 8;
    case "f":
      return size === 2 || size === 4 || size === 8;
    default:
      return false;
  }
}

// The element's bytes are copied here to be read: a DataView per scalar cost more than the read
// (a stream of records holding numpy floats: a third of the time in item()).
const SCRATCH = new Uint8Array(8);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

/** `item()` of a scalar of a dtype isNumberDtype takes (floats unwrapped). */
function numberItem(dtype: NumpyDtype, bytes: Uint8Array): number | bigint | boolean {
  for (let i = 0; i < bytes.length; i++) SCRATCH[i] = bytes[i]!;
  return numberReader(dtype.kind as "b" | "i" | "u" | "f", dtype.itemsize, !dtype.isBigEndian)(SCRATCH_VIEW, 0) as number | bigint | boolean;
}
