import { createDict, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { PyGlobal } from "../values/placeholders.js";
import { describeValue } from "./arg-checks.js";
import { dictEntries, isDictValue } from "./dict-access.js";
import { NdArray } from "./ndarray.js";
import { NumpyDtype, readShape } from "./numpy-dtype.js";
import type { ClassReconstructor } from "./registry.js";

// joblib.dump pickles a `NumpyArrayWrapper` in place of each numpy array and writes the array's
// raw bytes straight after the wrapper's BUILD, outside any opcode (joblib/numpy_pickle.py,
// NumpyArrayWrapper.write_array): since joblib 1.2, first one byte holding a padding length and
// that many padding bytes (aligning the data to 16 bytes in the file), then the elements in the
// wrapper's memory order. The Unpickler reads those bytes (see PyRawPayload) and puts the array in
// the wrapper's place, as joblib's own load_build does.

/** What the decoder must read after BUILD made a value of this kind (see `Unpickler`). */
export interface RawPayload {
  /** Bytes of data. */
  readonly length: number;
  /** True when a padding-length byte and that much padding come first. */
  readonly padded: boolean;
  /** True when the payload is a whole pickle instead (its length unknown): `takePickled` gets its value. */
  readonly isPickle: boolean;
}

/**
 * A value that, once BUILD set its state, is followed in the stream by raw bytes the decoder must
 * read and hand over: the value returned by `takePayload` replaces it on the stack.
 */
export interface PyRawPayload {
  rawPayload(): RawPayload;
  takePayload(bytes: Uint8Array): PyValue;
  takePickled(value: PyValue): PyValue;
}

export function hasRawPayload(value: unknown): value is PyRawPayload {
  return value instanceof JoblibArrayWrapper && value.isBuilt;
}

/** `joblib.numpy_pickle.NumpyArrayWrapper`: the array's subclass, shape, order and dtype, until its bytes are read. */
export class JoblibArrayWrapper implements PyObjectValue, PyRawPayload {
  readonly pyClass = "joblib.numpy_pickle.NumpyArrayWrapper";
  isBuilt = false;
  private subclass = "numpy.ndarray";
  private shape: number[] = [];
  private order: "C" | "F" = "C";
  private dtype: NumpyDtype | null = null;
  private padded = false;

  /** BUILD: the wrapper's `__dict__` (subclass, shape, order, dtype, allow_mmap, numpy_array_alignment_bytes). */
  setState(state: PyValue): void {
    const qualname = this.pyClass;
    if (!isDictValue(state)) throw new TypeError(`${qualname}: state must be a dict, got ${describeValue(state)}`);
    const fields = new Map<string, PyValue>();
    for (const [key, value] of dictEntries(state)) if (typeof key === "string") fields.set(key, value);
    const dtype = fields.get("dtype");
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no numpy dtype (got ${describeValue(dtype)})`);
    const order = fields.get("order");
    if (order !== "C" && order !== "F") throw new TypeError(`${qualname}: order must be 'C' or 'F', got ${describeValue(order)}`);
    const subclass = fields.get("subclass");
    this.subclass = subclass instanceof PyGlobal ? subclass.pyClass : "numpy.ndarray";
    this.shape = readShape(qualname, fields.get("shape"));
    this.order = order;
    this.dtype = dtype;
    // Absent (joblib < 1.2) or None (a file that could not tell its position): no padding.
    const alignment = fields.get("numpy_array_alignment_bytes");
    this.padded = alignment !== undefined && alignment !== null;
    this.isBuilt = true;
  }

  rawPayload(): RawPayload {
    const dtype = this.dtype!;
    // An array of Python objects: joblib pickles it whole (pickle.dump(array, file, protocol=2)), unpadded.
    if (dtype.hasObject) return { length: 0, padded: false, isPickle: true };
    const length = this.shape.reduce((total, dim) => total * dim, dtype.itemsize);
    if (!Number.isSafeInteger(length)) throw new TypeError(`${this.pyClass}: shape (${this.shape.join(", ")}) is too large`);
    return { length, padded: this.padded, isPickle: false };
  }

  /** The array, over `bytes` (numpy subclasses keep their class name; `numpy.memmap` loads as a plain array, as joblib's does). */
  takePayload(bytes: Uint8Array): PyValue {
    const pyClass = this.subclass === "numpy.memmap" || this.subclass === "numpy.core.memmap.memmap" ? "numpy.ndarray" : this.subclass;
    return NdArray.fromBuffer(this.dtype!, this.shape, this.order, bytes, pyClass);
  }

  /** The value of the pickle that followed (an object array), as joblib uses it. */
  takePickled(value: PyValue): PyValue {
    if (!(value instanceof NdArray)) throw new TypeError(`${this.pyClass}: the pickle after it holds ${describeValue(value)}, not a numpy array`);
    return value;
  }

  /** Only seen for a wrapper whose bytes were never read (no BUILD): a placeholder of its class. */
  toPlain(): PyValue {
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    return plain;
  }
}

const wrapper: ClassReconstructor = {
  construct() {
    return new JoblibArrayWrapper();
  },
};

/** Reconstructors for joblib's array wrapper, by `module.qualname`. */
export const joblibClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["joblib.numpy_pickle.NumpyArrayWrapper", wrapper]]);
