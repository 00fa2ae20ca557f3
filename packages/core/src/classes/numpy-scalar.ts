import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import type { NumpyDtype } from "./numpy-dtype.js";
import { elementReader } from "./numpy-elements.js";

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
    // when the value is written.
    this.item();
  }

  /** `item()`: the Python value (int, float, bool, PyComplex, str, bytes, tuple, datetime...). */
  item(options: { readonly wrapFloats?: boolean; readonly recordsAsObjects?: boolean } = {}): PyValue {
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
