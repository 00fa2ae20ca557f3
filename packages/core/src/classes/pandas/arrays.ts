import { type ColumnAsciiWriter, ColumnValue, type ColumnNumbers } from "../../json/column-value.js";
import type { PyValue } from "../../values/py-types.js";
import { describeValue, expectArgCount } from "../arg-checks.js";
import { NdArray } from "../ndarray.js";
import { NumpyDtype } from "../numpy-dtype.js";
import type { ClassReconstructor, PyStateful } from "../registry.js";
import { CategoricalColumn } from "./categorical.js";
import { DatetimeColumn, NumpyColumn, UnknownValuesError } from "./columns.js";
import { PeriodColumn, periodFreq } from "./periods.js";
import { type BlockValues, callPlaceholder, className, shortName, stateGet, stateRequire, unbuilt } from "./state.js";
import { instantOffsets, zoneRule } from "../zones.js";

// pandas' extension arrays and dtypes. Arrays backed by one ndarray (DatetimeArray, TimedeltaArray,
// Categorical, StringArray, PandasArray) pickle through Cython's `__pyx_unpickle_NDArrayBacked(cls,
// checksum, None)` and BUILD `(dtype, ndarray, attributes)`; the nullable arrays (IntegerArray,
// FloatingArray, BooleanArray) as `cls.__new__(cls)` and BUILD `{"_data": values, "_mask": mask}`.


/**
 * NDArrayBacked classes whose ndarray we read, as pickles name them when they pass one to
 * `__pyx_unpickle_NDArrayBacked` (pandas 1.x and 2.x). Others (a subclass of a user's) stay the
 * placeholders of their pickled state.
 */
export const pandasBackedArrayClassNames: readonly string[] = [
  "pandas.core.arrays.datetimes.DatetimeArray",
  "pandas.core.arrays.timedeltas.TimedeltaArray",
  "pandas.core.arrays.categorical.Categorical",
  "pandas.core.arrays.period.PeriodArray",
  "pandas.core.arrays.string_.StringArray",
  "pandas.core.arrays.numpy_.PandasArray",
  "pandas.core.arrays.numpy_.NumpyExtensionArray",
];
const KNOWN_BACKED: ReadonlySet<string> = new Set(pandasBackedArrayClassNames.map(shortName));

/** A pandas dtype object (CategoricalDtype, DatetimeTZDtype, Int64Dtype, ...): its attributes, shown as `str(dtype)`. */
export class PdDtype implements PyStateful {
  state: PyValue = null;
  constructor(readonly pyClass: string) {}
  setState(state: PyValue): void {
    this.state = state;
  }
  get(key: string): PyValue | undefined {
    return stateGet(this.state, key);
  }
  /** `str(dtype)`: `"category"`, `"datetime64[ns, UTC]"`, `"Int64"`, `"boolean"`, `"string"`. */
  toString(): string {
    const name = shortName(this.pyClass);
    if (name === "CategoricalDtype") return "category";
    if (name === "DatetimeTZDtype") return `datetime64[${String(this.get("unit") ?? "ns")}, ${zoneName(this.get("tz"))}]`;
    if (name === "BooleanDtype") return "boolean";
    if (name === "StringDtype") return "string";
    return name.endsWith("Dtype") ? name.slice(0, -"Dtype".length) : name;
  }
  toPlain(): PyValue {
    return this.toString();
  }
}

function zoneName(tz: PyValue | undefined): string {
  const rule = zoneRule(tz);
  if (rule === null) return "?";
  return "zone" in rule ? rule.zone : rule.fixed === 0 ? "UTC" : `${rule.fixed}s`;
}


/**
 * An NDArrayBacked extension array, after BUILD. pandas 1.x keeps datetime64 blocks as 2-D
 * DatetimeArrays (one row per column): `column(row)` reads one of them.
 */
export class PdBackedArray extends ColumnValue implements PyStateful, BlockValues {
  dtype: PyValue = null;
  ndarray: NdArray | null = null;
  /** A backed array of a class we do not read: shown as its pickled state. */
  isUnknown = false;
  private whole: ColumnValue | null = null;

  constructor(readonly pyClass: string) {
    super();
  }

  /** `(dtype, ndarray, attributes)` (either order of the first two) or `{"_ndarray"|"_data", "_dtype", ...}`. */
  setState(state: PyValue): void {
    const qualname = this.pyClass;
    let data: PyValue | undefined;
    let dtype: PyValue | undefined;
    if (Array.isArray(state)) {
      if (state.length === 1) return this.setState(state[0]!);
      if (state.length !== 3) throw new TypeError(`${qualname}: state must be (dtype, ndarray, attributes), got ${state.length} items`);
      [dtype, data] = state[1] instanceof NdArray ? [state[0], state[1]] : [state[1], state[0]];
    } else {
      data = stateGet(state, "_ndarray") ?? stateGet(state, "_data");
      dtype = stateRequire(qualname, state, "_dtype");
    }
    if (!(data instanceof NdArray)) throw new TypeError(`${qualname}: backing data must be a numpy array, got ${describeValue(data)}`);
    this.ndarray = data;
    this.dtype = dtype ?? null;
    // Build (and so check) a 1-D array's column while decoding: errors then carry the pickle offset.
    this.isUnknown = !KNOWN_BACKED.has(shortName(this.pyClass)) || (shortName(this.pyClass) === "PeriodArray" && periodFreq(this.dtype) === null);
    if (data.ndim === 1 && !this.isUnknown) this.wholeColumn();
  }

  get columnCount(): number {
    return this.requireArray().ndim === 2 ? this.requireArray().shape[0]! : 1;
  }

  column(row: number): ColumnValue {
    const array = this.requireArray();
    if (array.ndim === 1) {
      if (row !== 0) throw new TypeError(`${this.pyClass}: a 1-D array holds one column, not ${row + 1}`);
      return this.wholeColumn();
    }
    return this.makeColumn(row);
  }

  /** A 1-D array with its state: one column (a 2-d block array is its rows, see `column`). */
  override get isReady(): boolean {
    return this.ndarray !== null && this.ndarray.ndim === 1 && !this.isUnknown;
  }

  get length(): number {
    return this.wholeColumn().length;
  }

  at(index: number): PyValue {
    return this.wholeColumn().at(index);
  }

  override label(index: number): PyValue {
    return this.wholeColumn().label(index);
  }

  override numbers(): ColumnNumbers | null {
    return this.wholeColumn().numbers();
  }

  override asciiWriter(): ColumnAsciiWriter | null {
    return this.wholeColumn().asciiWriter();
  }

  override toPlain(): PyValue {
    if (this.ndarray === null) return unbuilt(this.pyClass);
    if (this.isUnknown) return unbuilt(this.pyClass, [this.dtype, this.ndarray]);
    if (this.ndarray.ndim !== 1) return Array.from({ length: this.columnCount }, (_, row) => this.column(row).toPlain());
    return super.toPlain();
  }

  private wholeColumn(): ColumnValue {
    this.whole ??= this.makeColumn(null);
    return this.whole;
  }

  private requireArray(): NdArray {
    if (this.ndarray === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return this.ndarray;
  }

  private makeColumn(row: number | null): ColumnValue {
    const array = this.requireArray();
    switch (shortName(this.pyClass)) {
      case "DatetimeArray": {
        const tz = this.dtype instanceof PdDtype ? this.dtype.get("tz") : undefined;
        return new DatetimeColumn(array, true, instantOffsets(tz), row);
      }
      case "TimedeltaArray":
        return new DatetimeColumn(array, false, null, row);
      case "Categorical":
        if (row !== null) throw new TypeError(`${this.pyClass}: a Categorical is one column`);
        return new CategoricalColumn(array, this.dtype instanceof PdDtype ? this.dtype.get("categories") : undefined);
      case "PeriodArray":
        return new PeriodColumn(array, periodFreq(this.dtype) ?? unknownValues(this.pyClass), row);
      case "StringArray":
      case "PandasArray":
      case "NumpyExtensionArray":
        // An ndarray of the values themselves.
        return new NumpyColumn(array, row);
      default:
        throw new UnknownValuesError(this.pyClass);
    }
  }
}

function unknownValues(pyClass: string): never {
  throw new UnknownValuesError(pyClass);
}

/** IntegerArray, FloatingArray, BooleanArray: values and a mask (true where missing). */
export class PdMaskedArray extends ColumnValue implements PyStateful, BlockValues {
  private data: NumpyColumn | null = null;
  private mask: Uint8Array | null = null;
  readonly columnCount = 1;

  constructor(readonly pyClass: string) {
    super();
  }

  setState(state: PyValue): void {
    const qualname = this.pyClass;
    const data = stateRequire(qualname, state, "_data");
    const mask = stateRequire(qualname, state, "_mask");
    if (!(data instanceof NdArray) || !(mask instanceof NdArray) || mask.dtype.kind !== "b" || data.ndim !== 1) {
      throw new TypeError(`${qualname}: _data and _mask must be 1-D numpy arrays (mask of bools)`);
    }
    if (mask.size !== data.size) throw new TypeError(`${qualname}: _mask has ${mask.size} elements for ${data.size} values`);
    this.data = new NumpyColumn(data);
    this.mask = mask.data as Uint8Array;
  }

  column(row: number): ColumnValue {
    if (row !== 0) throw new TypeError(`${this.pyClass}: a masked array is one column`);
    return this;
  }

  override get isReady(): boolean {
    return this.data !== null;
  }

  override toPlain(): PyValue {
    return this.isReady ? super.toPlain() : unbuilt(this.pyClass);
  }

  private requireData(): NumpyColumn {
    if (this.data === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return this.data;
  }

  get length(): number {
    return this.requireData().length;
  }

  at(index: number): PyValue {
    return this.mask![index] ? null : this.requireData().at(index);
  }

  override numbers(): ColumnNumbers | null {
    const numbers = this.requireData().numbers();
    return numbers === null ? null : { ...numbers, missing: this.mask };
  }
}

/** `__pyx_unpickle_NDArrayBacked(cls, checksum, state)`: an empty array of `cls` that BUILD fills. */
const ndarrayBackedReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked";
    expectArgCount(qualname, args, 2, 3);
    const array = new PdBackedArray(className(qualname, args[0]));
    if (args[2] !== undefined && args[2] !== null) array.setState(args[2]);
    return array;
  },
};

const stateful = (make: (qualname: string) => PyStateful & object) => (qualname: string): [string, ClassReconstructor] => [
  qualname,
  {
    construct(args) {
      if (args.length > 0) {
        // A constructor call with arguments is not how pandas pickles these: keep what the pickle said.
        return callPlaceholder(qualname, args);
      }
      return make(qualname) as unknown as PyValue;
    },
  },
];

const DTYPES = [
  "pandas.core.dtypes.dtypes.CategoricalDtype",
  "pandas.core.dtypes.dtypes.DatetimeTZDtype",
  "pandas.core.arrays.boolean.BooleanDtype",
  "pandas.core.arrays.string_.StringDtype",
  ...["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"].map((name) => `pandas.core.arrays.integer.${name}Dtype`),
  ...["Float32", "Float64"].map((name) => `pandas.core.arrays.floating.${name}Dtype`),
];

const MASKED_ARRAYS = ["pandas.core.arrays.integer.IntegerArray", "pandas.core.arrays.floating.FloatingArray", "pandas.core.arrays.boolean.BooleanArray"];

/** True for the numpy dtype of a plain numpy block (as opposed to a pandas extension dtype). */
export function isNumpyDtype(value: PyValue): value is NumpyDtype {
  return value instanceof NumpyDtype;
}

/** Reconstructors of pandas' extension arrays and dtypes. */
export const pandasArrayClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["pandas._libs.arrays.__pyx_unpickle_NDArrayBacked", ndarrayBackedReconstructor],
  ...DTYPES.map(stateful((qualname) => new PdDtype(qualname))),
  ...MASKED_ARRAYS.map(stateful((qualname) => new PdMaskedArray(qualname))),
]);
