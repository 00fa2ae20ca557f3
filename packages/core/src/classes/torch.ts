import { loadLegacyTorch } from "../containers/torch-file.js";
import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { type ColumnNumbers, ColumnValue, type NumberArray, type NumberKind } from "../json/column-value.js";
import { isTuple, PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { PyGlobal } from "../values/placeholders.js";
import { describeValue, expectArgCount, readSafeInt, readString } from "./arg-checks.js";
import { NdArray } from "./ndarray.js";
import { NumpyDtype } from "./numpy-dtype.js";
import { decodeFloat16 } from "./numpy-elements.js";
import type { ClassReconstructor } from "./registry.js";

// torch tensors rebuilt by our own code (torch is never imported): the storage's bytes, the
// tensor's offset, size and stride give a contiguous copy (or a view when already contiguous),
// read through NdArray so `tolist()` and JSON output follow the numpy rules.

/** A torch dtype: its `str()` name, element size, and the numpy type string that reads it (bfloat16 has none). */
interface TorchDtypeInfo {
  readonly name: string;
  readonly itemsize: number;
  readonly numpy: string | null;
}

const dtypeInfo = (name: string, itemsize: number, numpy: string | null): TorchDtypeInfo => ({ name: `torch.${name}`, itemsize, numpy });

const DTYPES: ReadonlyMap<string, TorchDtypeInfo> = new Map(
  [
    dtypeInfo("float32", 4, "<f4"),
    dtypeInfo("float64", 8, "<f8"),
    dtypeInfo("float16", 2, "<f2"),
    dtypeInfo("bfloat16", 2, null),
    dtypeInfo("int8", 1, "|i1"),
    dtypeInfo("int16", 2, "<i2"),
    dtypeInfo("int32", 4, "<i4"),
    dtypeInfo("int64", 8, "<i8"),
    dtypeInfo("uint8", 1, "|u1"),
    dtypeInfo("bool", 1, "|b1"),
    dtypeInfo("complex64", 8, "<c8"),
    dtypeInfo("complex128", 16, "<c16"),
  ].map((info) => [info.name.slice(6), info]),
);

/** Other names torch gives the same dtypes (`torch.float` is `torch.float32`). */
const DTYPE_ALIASES: Readonly<Record<string, string>> = {
  float: "float32",
  double: "float64",
  half: "float16",
  short: "int16",
  int: "int32",
  long: "int64",
  cfloat: "complex64",
  cdouble: "complex128",
};

/** Storage classes (`torch.FloatStorage`, and `torch.cuda.*` of old CUDA saves) by the dtype they hold. */
const STORAGE_DTYPES: Readonly<Record<string, string>> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  CharStorage: "int8",
  ShortStorage: "int16",
  IntStorage: "int32",
  LongStorage: "int64",
  ByteStorage: "uint8",
  BoolStorage: "bool",
  ComplexFloatStorage: "complex64",
  ComplexDoubleStorage: "complex128",
  UntypedStorage: "uint8",
};

/** Where the decoder finds storage classes (`storageDtypeOf`). */
const STORAGE_MODULES: ReadonlySet<string> = new Set(["torch", "torch.cuda", "torch.storage"]);

/** The storage classes (`torch.FloatStorage`, ...), as `storageDtypeOf` accepts them. */
export const torchStorageClassNames: readonly string[] = [...STORAGE_MODULES].flatMap((module) =>
  Object.keys(STORAGE_DTYPES).map((name) => `${module}.${name}`),
);

/**
 * torch globals the decoder reads by name and never calls: the storage classes of persistent
 * ids, the dtypes (`torch.float32`, and aliases such as `torch.float`) and the quantization
 * schemes.
 */
export const torchNamesRead: readonly string[] = [
  ...torchStorageClassNames,
  ...[...DTYPES.keys(), ...Object.keys(DTYPE_ALIASES)].map((name) => `torch.${name}`),
  // The quantization schemes a quantized tensor's pickle passes (torch.qscheme values, no functions).
  ...["per_tensor_affine", "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric", "per_channel_affine_float_qparams"].map((name) => `torch.${name}`),
];

/** The dtype of a torch dtype name (`float32`, or an alias), or undefined. */
function dtypeNamed(name: string): TorchDtypeInfo | undefined {
  return DTYPES.get(DTYPE_ALIASES[name] ?? name);
}

/**
 * Quantized storage classes (`torch.quantize_per_tensor` and quantized models' state dicts), by
 * their element size. The decoder rebuilds no quantized tensor: `loadTorch` keeps such a storage
 * as the placeholder of its persistent id, and the `_rebuild_qtensor` call over it stays a
 * placeholder, so the rest of the file decodes (a legacy file's bytes for it are skipped).
 */
const QUANTIZED_STORAGE_ITEMSIZES: Readonly<Record<string, number>> = {
  QInt8Storage: 1,
  QUInt8Storage: 1,
  QInt32Storage: 4,
  QUInt4x2Storage: 1,
  QUInt2x4Storage: 1,
};

/** The element size of a quantized storage class (`torch.QInt8Storage`), or undefined for any other value. */
export function quantizedStorageItemsize(storageType: PyValue | undefined): number | undefined {
  if (!(storageType instanceof PyGlobal) || !STORAGE_MODULES.has(storageType.module)) return undefined;
  return Object.hasOwn(QUANTIZED_STORAGE_ITEMSIZES, storageType.name) ? QUANTIZED_STORAGE_ITEMSIZES[storageType.name] : undefined;
}

/** The dtype a storage class holds: `storageType` is the global the pickle named (`torch.FloatStorage`). */
export function storageDtypeOf(storageType: PyValue | undefined): TorchDtypeInfo {
  if (storageType instanceof PyGlobal && STORAGE_MODULES.has(storageType.module)) {
    const dtype = STORAGE_DTYPES[storageType.name];
    if (dtype !== undefined) return DTYPES.get(dtype)!;
  }
  const name = storageType instanceof PyGlobal ? storageType.pyClass : describeValue(storageType);
  throw new TypeError(`torch storage: ${name} is not a storage type pkl-stream reads`);
}

/**
 * `torch.float32` and the other dtype globals: a global whose JSON form is its `str()`. Still a
 * `PyGlobal` (the value a GLOBAL pushes), so it works wherever a global is expected.
 */
export class TorchDtype extends PyGlobal {
  readonly info: TorchDtypeInfo;
  constructor(module: string, name: string, info: TorchDtypeInfo) {
    super(module, name);
    this.info = info;
  }
  /** `str(dtype)`: `torch.float32` (for `torch.float` too). */
  override toString(): string {
    return this.info.name;
  }
  override toPlain(): PyValue {
    return this.info.name;
  }
}

/** The global for `torch.<name>` when it names a dtype, else undefined (see ClassReconstructor.global). */
export function torchDtypeGlobal(module: string, name: string): TorchDtype | undefined {
  if (module !== "torch") return undefined;
  const info = dtypeNamed(name);
  return info === undefined ? undefined : new TorchDtype(module, name, info);
}

/**
 * A torch storage: a dtype and a number of elements, with bytes that may arrive later (a legacy
 * `torch.save` file writes them after the pickle that uses them). Tensors over it are checked
 * against its size once both are known.
 */
export class TorchStorage implements PyObjectValue {
  readonly pyClass: string;
  private data: Uint8Array | null = null;
  private littleEndian = true;
  private readonly waiting: TorchTensor[] = [];

  constructor(
    readonly dtype: TorchDtypeInfo,
    /** Number of elements. */
    readonly numel: number,
    pyClass?: string,
  ) {
    this.pyClass = pyClass ?? "torch.storage.TypedStorage";
  }

  get isFilled(): boolean {
    return this.data !== null;
  }

  /** The storage's bytes; throws when they have not arrived. */
  get bytes(): Uint8Array {
    if (this.data === null) throw new TypeError("torch storage: its bytes never arrived");
    return this.data;
  }

  get isLittleEndian(): boolean {
    return this.littleEndian;
  }

  /** Gives the storage its bytes (at least `numel` elements) and checks the tensors waiting for them. */
  fill(bytes: Uint8Array, littleEndian = true): void {
    const length = this.numel * this.dtype.itemsize;
    if (bytes.length < length) {
      throw new TypeError(`torch storage: ${bytes.length} bytes cannot hold ${this.numel} elements of ${this.dtype.name}`);
    }
    this.data = bytes.subarray(0, length);
    this.littleEndian = littleEndian;
    for (const tensor of this.waiting.splice(0)) tensor.checkBounds();
  }

  /** A tensor over this storage: checked now when the bytes are here, else when they come. */
  attach(tensor: TorchTensor): void {
    if (this.data !== null) tensor.checkBounds();
    else this.waiting.push(tensor);
  }

  /** `storage.tolist()`. */
  toPlain(): PyValue {
    return new TorchTensor(this, 0, [this.numel], [1]).toPlain();
  }
}

/** More elements than this from a smaller storage (stride 0: an expanded tensor) are refused. */
const MAX_BROADCAST_ELEMENTS = 1 << 24;
/** Lists an empty tensor's `tolist()` may make (as NdArray allows). */
const MAX_LISTS_WITHOUT_DATA = 1 << 20;

/** Typed arrays a tensor's `data` can be. */
export type TorchTensorData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;

/**
 * `torch.Tensor` (or `torch.nn.Parameter`): `dtype` (its `str()`, `torch.float32`), `shape`, and
 * `data`, the elements in C order as a typed array (float16 and bfloat16 as Float32Array, exact;
 * complex as interleaved real/imaginary floats; bool as 0/1 bytes). JSON output is `tensor.tolist()`.
 */
export class TorchTensor implements PyObjectValue, PyReducible {
  pyClass = "torch.Tensor";
  requiresGrad = false;
  private array: NdArray | null = null;

  constructor(
    readonly storage: TorchStorage,
    readonly storageOffset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {
    storage.attach(this);
  }

  /** `str(tensor.dtype)`. */
  get dtype(): string {
    return this.storage.dtype.name;
  }

  get numel(): number {
    return this.shape.reduce((total, dim) => total * dim, 1);
  }

  /** Refuses an offset, size and stride that reach outside the storage. */
  checkBounds(): void {
    if (this.numel === 0) {
      // No data, but `tolist()` still makes a list per leading index: refuse a few bytes asking for millions.
      let lists = 0;
      let count = 1;
      for (const dim of this.shape) {
        count *= dim;
        lists += count;
        if (count === 0) break;
      }
      if (lists > MAX_LISTS_WITHOUT_DATA) throw new TypeError(`torch tensor: size (${this.shape.join(", ")}) would expand to ${lists} lists from no data`);
      return;
    }
    let last = this.storageOffset;
    for (let dim = 0; dim < this.shape.length; dim++) last += (this.shape[dim]! - 1) * this.stride[dim]!;
    if (last >= this.storage.numel) {
      throw new TypeError(`torch tensor: size (${this.shape.join(", ")}), stride (${this.stride.join(", ")}) and offset ${this.storageOffset} reach element ${last} of a storage of ${this.storage.numel}`);
    }
    if (this.numel > this.storage.numel && this.numel > MAX_BROADCAST_ELEMENTS) {
      throw new TypeError(`torch tensor: ${this.numel} elements from a storage of ${this.storage.numel} (an expanded view) is over the limit of ${MAX_BROADCAST_ELEMENTS}`);
    }
  }

  /** The elements as an NdArray (C order, a copy unless the tensor is contiguous); bfloat16 as float32. */
  toNdArray(): NdArray {
    if (this.array !== null) return this.array;
    const info = this.storage.dtype;
    let bytes = this.contiguousBytes();
    let typestr = info.numpy;
    if (typestr === null) {
      // bfloat16 is the high half of a float32.
      const widened = new Uint8Array(bytes.length * 2);
      const little = this.storage.isLittleEndian;
      for (let i = 0, j = 0; i < bytes.length; i += 2, j += 4) {
        widened[j + 2] = little ? bytes[i]! : bytes[i + 1]!;
        widened[j + 3] = little ? bytes[i + 1]! : bytes[i]!;
      }
      bytes = widened;
      typestr = "<f4";
    }
    const dtype = new NumpyDtype(typestr);
    if (!this.storage.isLittleEndian && info.numpy !== null && dtype.byteOrder === "<") dtype.byteOrder = ">";
    else if (dtype.byteOrder !== "|") dtype.byteOrder = "<";
    this.array = NdArray.fromBuffer(dtype, [...this.shape], "C", bytes);
    return this.array;
  }

  /** The elements in C order as a typed array (see the class comment). */
  get data(): TorchTensorData {
    const array = this.toNdArray();
    if (this.storage.dtype.name === "torch.float16") {
      // numpy keeps float16 as its bits (Uint16Array, native order): widen each, exactly.
      return Float32Array.from(array.data as Uint16Array, decodeFloat16);
    }
    if (this.storage.dtype.name === "torch.bool") return array.bytes!;
    return array.data as TorchTensorData;
  }

  /** `tensor.tolist()`: nested arrays, a number for a 0-d tensor. */
  toList(): PyValue {
    return this.toNdArray().toList();
  }

  /**
   * `tensor.tolist()` as writers take it: nested lists whose innermost rows are views of `data`
   * (TensorRow), so JsonWriter prints the numbers straight from the typed array instead of
   * building a JS value per element. Complex tensors (and 0-d ones) take NdArray's lists.
   */
  toPlain(): PyValue {
    const name = this.storage.dtype.name;
    if (this.shape.length === 0 || name === "torch.complex64" || name === "torch.complex128") return this.toNdArray().toPlain();
    const values = this.data as NumberArray;
    const kind: NumberKind = name === "torch.bool" ? "bool" : name.startsWith("torch.float") || name === "torch.bfloat16" ? "float" : "int";
    const shape = this.shape;
    const rowLength = shape[shape.length - 1]!;
    let row = 0;
    const build = (dim: number): PyValue => {
      if (dim === shape.length - 1) return new TensorRow(values, kind, rowLength * row++, rowLength);
      const items: PyValue[] = new Array(shape[dim]!);
      for (let i = 0; i < items.length; i++) items[i] = build(dim + 1);
      return items;
    };
    return build(0);
  }

  /**
   * Pickled back (`pkl-stream convert -f pickle`) as the numpy array of its values: pkl-stream
   * writes no torch storages, and a numpy array loads without torch (bfloat16 as float32).
   */
  reduceForPickle(protocol: number): PyReduction {
    return this.toNdArray().reduceForPickle(protocol);
  }

  /** The tensor's bytes in C order: a view of the storage when they already are, else a copy. */
  private contiguousBytes(): Uint8Array {
    const itemsize = this.storage.dtype.itemsize;
    const source = this.storage.bytes;
    const count = this.numel;
    let expected = 1;
    let isContiguous = true;
    for (let dim = this.shape.length - 1; dim >= 0; dim--) {
      if (this.shape[dim] !== 1 && this.stride[dim] !== expected) isContiguous = false;
      expected *= this.shape[dim]!;
    }
    if (isContiguous || count === 0) {
      const start = this.storageOffset * itemsize;
      return source.subarray(start, start + count * itemsize);
    }
    const out = new Uint8Array(count * itemsize);
    const shape = this.shape;
    const stride = this.stride;
    const index = new Array<number>(shape.length).fill(0);
    let element = this.storageOffset;
    for (let i = 0; i < count; i++) {
      const from = element * itemsize;
      out.set(source.subarray(from, from + itemsize), i * itemsize);
      // Odometer over the indices, last dimension fastest.
      for (let dim = shape.length - 1; dim >= 0; dim--) {
        index[dim]!++;
        element += stride[dim]!;
        if (index[dim]! < shape[dim]!) break;
        element -= stride[dim]! * shape[dim]!;
        index[dim] = 0;
      }
    }
    return out;
  }
}

/** One innermost row of a tensor's `tolist()`: `length` elements of `values` from `start`. */
class TensorRow extends ColumnValue {
  readonly pyClass = "torch.Tensor";
  constructor(
    private readonly values: NumberArray,
    private readonly kind: NumberKind,
    private readonly start: number,
    readonly length: number,
  ) {
    super();
  }

  at(index: number): PyValue {
    const value = this.values[this.start + index]!;
    if (this.kind === "bool") return value !== 0;
    if (typeof value === "bigint") return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
    // An integral float stays a float (2.0), as NdArray's plain form keeps it.
    return this.kind === "float" && Number.isInteger(value) ? new PyFloat(value) : value;
  }

  override numbers(): ColumnNumbers {
    return { values: this.values.subarray(this.start, this.start + this.length), kind: this.kind, missing: null };
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function readStorage(qualname: string, value: PyValue | undefined): TorchStorage {
  if (value instanceof TorchStorage) return value;
  throw new TypeError(`${qualname}: expected a torch storage, got ${describeValue(value)} (a storage is a persistent id: decode .pt files with loadTorch)`);
}

/** Dimensions of a tensor, at most (numpy's limit: torch's own tensors stay far below it). */
const MAX_TENSOR_DIMENSIONS = 64;

function readIntTuple(qualname: string, what: string, value: PyValue | undefined): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: ${what} must be a tuple of ints, got ${describeValue(value)}`);
  if (value.length > MAX_TENSOR_DIMENSIONS) throw new TypeError(`${qualname}: ${what} has ${value.length} dimensions (at most ${MAX_TENSOR_DIMENSIONS} are read)`);
  return value.map((item) => {
    const int = readSafeInt(qualname, item);
    if (int < 0) throw new TypeError(`${qualname}: ${what} holds a negative value ${int}`);
    return int;
  });
}

/** A tensor from `(storage, storage_offset, size, stride[, requires_grad, ...])`, checked. */
function makeTensor(qualname: string, args: readonly PyValue[]): TorchTensor {
  const storage = readStorage(qualname, args[0]);
  const offset = readSafeInt(qualname, args[1]);
  if (offset < 0) throw new TypeError(`${qualname}: negative storage offset ${offset}`);
  const size = readIntTuple(qualname, "size", args[2]);
  const stride = readIntTuple(qualname, "stride", args[3]);
  if (size.length !== stride.length) throw new TypeError(`${qualname}: size has ${size.length} dimensions and stride ${stride.length}`);
  const tensor = new TorchTensor(storage, offset, size, stride);
  tensor.requiresGrad = args[4] === true;
  return tensor;
}

/** `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])` and `_rebuild_tensor(storage, offset, size, stride)`. */
function rebuildTensor(qualname: string, min: number, max: number): ClassReconstructor {
  return {
    construct(args) {
      expectArgCount(qualname, args, min, max);
      return makeTensor(qualname, args);
    },
  };
}

/** `_rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype[, metadata])`: an untyped storage read as `dtype`. */
const rebuildTensorV3: ClassReconstructor = {
  construct(args) {
    const qualname = "torch._utils._rebuild_tensor_v3";
    expectArgCount(qualname, args, 7, 8);
    const dtype = args[6];
    if (!(dtype instanceof TorchDtype)) throw new TypeError(`${qualname}: expected a torch dtype, got ${describeValue(dtype)}`);
    const untyped = readStorage(qualname, args[0]);
    const itemsize = dtype.info.itemsize;
    const bytes = untyped.bytes;
    const typed = new TorchStorage(dtype.info, Math.floor(bytes.length / itemsize));
    typed.fill(bytes, untyped.isLittleEndian);
    return makeTensor(qualname, [typed, ...args.slice(1, 6)]);
  },
};

/** `_rebuild_parameter(data, requires_grad, backward_hooks[, state])`: the tensor, as a Parameter. */
const rebuildParameter: ClassReconstructor = {
  construct(args) {
    const qualname = "torch._utils._rebuild_parameter";
    expectArgCount(qualname, args, 3, 4);
    const tensor = args[0];
    if (!(tensor instanceof TorchTensor)) throw new TypeError(`${qualname}: expected a tensor, got ${describeValue(tensor)}`);
    tensor.pyClass = "torch.nn.parameter.Parameter";
    tensor.requiresGrad = args[1] === true;
    return tensor;
  },
};

/** `_rebuild_from_type_v2(func, new_type, args, state)` (torch 2): `func(*args)`, then the type is recorded. */
const rebuildFromType: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "torch._tensor._rebuild_from_type_v2";
    expectArgCount(qualname, args, 4, 4);
    const inner = args[2];
    if (!Array.isArray(inner)) throw new TypeError(`${qualname}: arguments must be a tuple, got ${describeValue(inner)}`);
    const value = context.instantiate(args[0]!, inner, null);
    const type = args[1];
    if (value instanceof TorchTensor && type instanceof PyGlobal && type.pyClass !== "torch.Tensor") value.pyClass = type.pyClass;
    return value;
  },
};

/** `torch.Size((2, 3))`: the tuple. */
const size: ClassReconstructor = {
  construct(args) {
    expectArgCount("torch.Size", args, 0, 1);
    const dims = args[0] ?? [];
    if (!isTuple(dims) && !Array.isArray(dims)) throw new TypeError(`torch.Size: expected a tuple, got ${describeValue(dims)}`);
    return dims;
  },
};

/** `torch.device("cuda", 0)`: its `str()`, `cuda:0`. */
const device: ClassReconstructor = {
  construct(args) {
    expectArgCount("torch.device", args, 1, 2);
    const type = readString("torch.device", args[0]);
    return args.length === 2 && args[1] !== null ? `${type}:${readSafeInt("torch.device", args[1])}` : type;
  },
};

/**
 * `_load_from_bytes(b)`: a whole legacy `torch.save` file inside a plain pickle (how a storage
 * pickles itself), decoded in the decoder's dict mode.
 */
const loadFromBytes: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "torch.storage._load_from_bytes";
    expectArgCount(qualname, args, 1, 1);
    const bytes = args[0];
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`${qualname}: expected bytes, got ${describeValue(bytes)}`);
    return loadLegacyTorch(bytes, { dict: context.dictMode });
  },
};

/** Reconstructors for torch tensors, storages, sizes and devices, by `module.qualname`. */
export const torchClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["torch._utils._rebuild_tensor", rebuildTensor("torch._utils._rebuild_tensor", 4, 4)],
  ["torch._utils._rebuild_tensor_v2", rebuildTensor("torch._utils._rebuild_tensor_v2", 6, 7)],
  ["torch._utils._rebuild_tensor_v3", rebuildTensorV3],
  ["torch._utils._rebuild_parameter", rebuildParameter],
  ["torch._utils._rebuild_parameter_with_state", rebuildParameter],
  ["torch._tensor._rebuild_from_type_v2", rebuildFromType],
  ["torch.Size", size],
  ["torch.device", device],
  ["torch.storage._load_from_bytes", loadFromBytes],
]);
