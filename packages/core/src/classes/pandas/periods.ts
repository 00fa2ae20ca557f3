import { ColumnValue } from "../../json/column-value.js";
import type { PyValue } from "../../values/py-types.js";
import { PyInstance } from "../../values/placeholders.js";
import { describeValue, expectArgCount } from "../arg-checks.js";
import type { NdArray } from "../ndarray.js";
import type { ClassReconstructor, PyStateful } from "../registry.js";
import { NumpyColumn, toColumn, UnknownValuesError } from "./columns.js";
import { PdIndex } from "./index.js";
import { type BlockValues, callPlaceholder, className, stateGet, stateRequire, unbuilt } from "./state.js";

// pandas' Period and Interval arrays. The JSON mapping shows a column as `tolist()`, each element
// mapped by the mapping's rules: a Period or an Interval is a class the decoder does not rebuild, so
// each element is the placeholder its own pickle gives, `Period(None, freq, ordinal)` and
// `Interval(left, right, closed)`, with null for NaT and NaN for a missing interval (null in JSON), as `tolist()`
// gives them. The arrays themselves are read so that a DataFrame, Series or Index holding them is
// rebuilt like any other.

const PERIOD_MODULE = "pandas._libs.tslibs.period";
const INTERVAL_MODULE = "pandas._libs.interval";
/** int64's minimum: pandas' NaT ordinal. */
const NAT_ORDINAL = -(2n ** 63n);

/**
 * The date offset a PeriodArray's dtype holds, `PeriodDtype(offset)` being kept as the placeholder
 * of its call: the freq each element's own pickle, `Period(None, offset, ordinal)`, would hold.
 * Null for any other dtype (a PeriodDtype named by a string such as `"period[M]"`, whose offset the
 * decoder would have to make up): that array stays the placeholder of its state.
 */
export function periodFreq(dtype: PyValue): PyInstance | null {
  if (!(dtype instanceof PyInstance) || dtype.pyClass !== "pandas.core.dtypes.dtypes.PeriodDtype" || dtype.args.length !== 1) return null;
  const offset = dtype.args[0];
  return offset instanceof PyInstance ? offset : null;
}

/** A PeriodArray (or one row of a 2-D one): its int64 ordinals, each shown as the Period it stands for. */
export class PeriodColumn extends ColumnValue {
  readonly pyClass = "pandas.core.arrays.period.PeriodArray";
  private readonly ordinals: NumpyColumn;

  constructor(
    array: NdArray,
    private readonly freq: PyValue,
    row: number | null = null,
  ) {
    super();
    if (array.dtype.kind !== "i" || array.dtype.itemsize !== 8) throw new TypeError(`${this.pyClass}: ordinals must be int64, got ${array.dtype.str}`);
    this.ordinals = new NumpyColumn(array, row);
  }

  get length(): number {
    return this.ordinals.length;
  }

  at(index: number): PyValue {
    const ordinal = this.ordinals.at(index);
    if (ordinal === NAT_ORDINAL) return null;
    return new PyInstance(PERIOD_MODULE, "Period", [null, this.freq, ordinal]);
  }
}

/** True where `tolist()` gives NaN for an interval: its left bound is NaN or NaT. */
function isMissingBound(value: PyValue): boolean {
  return value === null || (typeof value === "number" && Number.isNaN(value));
}

/** Intervals from their bounds' columns: `Interval(left[i], right[i], closed)`, NaN where missing. */
export class IntervalColumn extends ColumnValue {
  readonly pyClass = "pandas.core.arrays.interval.IntervalArray";

  constructor(
    private readonly left: ColumnValue,
    private readonly right: ColumnValue,
    private readonly closed: PyValue,
  ) {
    super();
    if (left.length !== right.length) throw new TypeError(`${this.pyClass}: ${left.length} left bounds but ${right.length} right ones`);
    if (closed !== "right" && closed !== "left" && closed !== "both" && closed !== "neither") {
      throw new TypeError(`${this.pyClass}: closed must be "right", "left", "both" or "neither", got ${describeValue(closed)}`);
    }
  }

  get length(): number {
    return this.left.length;
  }

  at(index: number): PyValue {
    const left = this.left.at(index);
    if (isMissingBound(left)) return Number.NaN;
    return new PyInstance(INTERVAL_MODULE, "Interval", [left, this.right.at(index), this.closed]);
  }
}

/**
 * The left and right bounds `state[leftKey]` and `state[rightKey]` as columns: numpy arrays,
 * DatetimeArrays/TimedeltaArrays, or (an IntervalIndex's) Indexes. Bounds of a class the decoder
 * does not read throw UnknownValuesError (the caller keeps a placeholder); others a TypeError.
 */
function readBounds(qualname: string, state: PyValue | undefined, leftKey: string, rightKey: string): [ColumnValue, ColumnValue] {
  const column = (key: string): ColumnValue => {
    const value = stateRequire(qualname, state, key);
    try {
      return toColumn(value);
    } catch (error) {
      if (error instanceof UnknownValuesError) throw error;
      throw new TypeError(`${qualname}: ${(error as Error).message}`);
    }
  };
  return [column(leftKey), column(rightKey)];
}

/**
 * `__pyx_unpickle_IntervalMixin(IntervalArray, checksum, state)` then BUILD
 * `{"_dtype": IntervalDtype, "_left": ..., "_right": ...}`: `closed` lives in the dtype's state
 * (pandas 1.3+), or in the array's own `_closed` before that.
 */
export class PdIntervalArray extends ColumnValue implements PyStateful, BlockValues {
  readonly pyClass = "pandas.core.arrays.interval.IntervalArray";
  readonly columnCount = 1;
  private intervals: IntervalColumn | null = null;
  /** Bounds of a class we do not read (a sparse array): the array shows its pickled state. */
  isUnknown = false;
  private state: PyValue | undefined = undefined;

  setState(state: PyValue): void {
    const qualname = this.pyClass;
    this.state = state;
    const dict = Array.isArray(state) && state.length === 1 ? state[0]! : state;
    let left: ColumnValue;
    let right: ColumnValue;
    try {
      [left, right] = readBounds(qualname, dict, "_left", "_right");
    } catch (error) {
      if (!(error instanceof UnknownValuesError)) throw error;
      this.isUnknown = true;
      return;
    }
    const dtype = stateGet(dict, "_dtype");
    const dtypeState = dtype instanceof PyInstance ? dtype.state : undefined;
    const closed = stateGet(dict, "_closed") ?? stateGet(dtypeState, "closed") ?? "right";
    this.intervals = new IntervalColumn(left, right, closed);
  }

  column(row: number): ColumnValue {
    if (row !== 0) throw new TypeError(`${this.pyClass}: an IntervalArray is one column`);
    return this;
  }

  override get isReady(): boolean {
    return this.intervals !== null;
  }

  override toPlain(): PyValue {
    return this.intervals === null ? unbuilt(this.pyClass, this.state) : super.toPlain();
  }

  private require(): IntervalColumn {
    if (this.intervals === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return this.intervals;
  }

  get length(): number {
    return this.require().length;
  }

  at(index: number): PyValue {
    return this.require().at(index);
  }
}

const intervalArrayReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.interval.__pyx_unpickle_IntervalMixin";
    expectArgCount(qualname, args, 2, 3);
    const cls = className(qualname, args[0]);
    if (cls !== "pandas.core.arrays.interval.IntervalArray") return callPlaceholder(qualname, args);
    const array = new PdIntervalArray();
    if (args[2] !== undefined && args[2] !== null) array.setState(args[2]);
    return array;
  },
};

/** `_new_IntervalIndex(IntervalIndex, {"left": Index, "right": Index, "closed", "name"})`. */
const intervalIndexReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas.core.indexes.interval._new_IntervalIndex";
    expectArgCount(qualname, args, 2, 2);
    const cls = className(qualname, args[0]);
    const d = args[1];
    let left: ColumnValue;
    let right: ColumnValue;
    try {
      [left, right] = readBounds(qualname, d, "left", "right");
    } catch (error) {
      // Bounds of a class we do not read: the call stays its placeholder, as in `_new_Index`.
      if (error instanceof UnknownValuesError) return callPlaceholder(qualname, args);
      throw error;
    }
    const intervals = new IntervalColumn(left, right, stateGet(d, "closed") ?? "right");
    return new PdIndex(cls, intervals, [stateGet(d, "name") ?? null]);
  },
};

/** Reconstructors of IntervalArray and IntervalIndex (PeriodArray is an NDArrayBacked array, in arrays.ts). */
export const pandasIntervalClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["pandas._libs.interval.__pyx_unpickle_IntervalMixin", intervalArrayReconstructor],
  ["pandas.core.indexes.interval._new_IntervalIndex", intervalIndexReconstructor],
]);

/** Classes the Period and Interval reconstructors are given by name. */
export const pandasIntervalNamesRead: readonly string[] = ["pandas.core.arrays.interval.IntervalArray", "pandas.core.indexes.interval.IntervalIndex"];

/** Dtypes kept as placeholders of their calls inside the arrays rebuilt here (read for freq and closed). */
export const pandasPeriodDtypeCalls: readonly string[] = ["pandas.core.dtypes.dtypes.PeriodDtype", "pandas.core.dtypes.dtypes.IntervalDtype"];
