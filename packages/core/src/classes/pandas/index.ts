import { type ColumnAsciiWriter, ColumnValue, type ColumnNumbers, writeSmallInt } from "../../json/column-value.js";
import { writeIntDigits } from "../../json/int-digits.js";
import { markTuple, type PyValue } from "../../values/py-types.js";
import { describeValue, expectArgCount } from "../arg-checks.js";
import { NdArray } from "../ndarray.js";
import { plainFloat } from "../plain-float.js";
import type { ClassReconstructor } from "../registry.js";
import { PyInstance } from "../../values/placeholders.js";
import { DatetimeColumn, NumpyColumn, toColumn, UnknownValuesError } from "./columns.js";
import { callPlaceholder, className, shortName, stateGet, stateRequire } from "./state.js";
import { instantOffsets } from "../zones.js";

// pandas Index kinds pickle as `_new_Index(cls, attributes)` (`_new_DatetimeIndex` for
// DatetimeIndex): `{"data": values, "name": ...}`, RangeIndex `{"start", "stop", "step", "name"}`,
// MultiIndex `{"levels", "codes", "names", "sortorder"}`. JSON shows `index.tolist()`.

/** A pandas Index: its labels as a column, and its name(s). */
export class PdIndex extends ColumnValue {
  constructor(
    readonly pyClass: string,
    readonly labels: ColumnValue,
    /** `index.names`: one name, or one per level of a MultiIndex. */
    readonly names: readonly PyValue[],
  ) {
    super();
  }
  get length(): number {
    return this.labels.length;
  }
  at(index: number): PyValue {
    return this.labels.at(index);
  }
  override label(index: number): PyValue {
    return this.labels.label(index);
  }
  override numbers(): ColumnNumbers | null {
    return this.labels.numbers();
  }
  override asciiWriter(): ColumnAsciiWriter | null {
    return this.labels.asciiWriter();
  }
  /** True for `RangeIndex(start=0, step=1, name=None)`: the index pandas gives a frame by default. */
  get isDefaultRange(): boolean {
    return this.labels instanceof RangeColumn && this.labels.start === 0 && this.labels.step === 1 && this.names[0] === null;
  }
}

/** The longest RangeIndex accepted (the longest JavaScript array). */
const MAX_RANGE_LENGTH = 2 ** 32 - 1;

/** `range(start, stop, step)` as a column. */
export class RangeColumn extends ColumnValue {
  readonly pyClass = "builtins.range";
  readonly length: number;
  constructor(
    readonly start: number,
    stop: number,
    readonly step: number,
  ) {
    super();
    if (step === 0) throw new TypeError("pandas RangeIndex: step must not be zero");
    this.length = Math.max(0, Math.ceil((stop - start) / step));
    // A RangeIndex holds no data: a few pickle bytes could ask for any length. Past what a list
    // can hold, refuse it here (while decoding) rather than fail when it is written.
    if (!(this.length <= MAX_RANGE_LENGTH)) throw new TypeError(`pandas RangeIndex: ${this.length} labels is more than ${MAX_RANGE_LENGTH}`);
  }
  at(index: number): PyValue {
    return this.start + index * this.step;
  }
  override asciiWriter(): ColumnAsciiWriter {
    const { start, step } = this;
    return {
      maxBytes: 17,
      write: (index, out, pos) => writeIntDigits(out, pos, start + index * step),
      writeRun: (from, to, out, pos) => {
        for (let index = from; index < to; index++) {
          if (index > 0) out[pos++] = 0x2c;
          const label = start + index * step;
          pos = label > -2147483648 && label < 2147483648 ? writeSmallInt(out, pos, label) : writeIntDigits(out, pos, label);
        }
        return pos;
      },
    };
  }
}

/** A MultiIndex's rows: one tuple per row, of each level's label (null where a code is -1). */
export class MultiColumn extends ColumnValue {
  readonly pyClass = "pandas.core.indexes.multi.MultiIndex";
  readonly length: number;
  private readonly floatLevels: boolean[];
  constructor(
    private readonly levels: readonly ColumnValue[],
    private readonly codes: readonly NumpyColumn[],
  ) {
    super();
    if (levels.length !== codes.length) throw new TypeError(`pandas MultiIndex: ${levels.length} levels but ${codes.length} code arrays`);
    this.length = codes[0]?.length ?? 0;
    this.floatLevels = codes.map((level, k) => {
      if (level.length !== this.length) throw new TypeError("pandas MultiIndex: code arrays differ in length");
      let hasMissing = false;
      for (let i = 0; i < level.length; i++) {
        const code = level.at(i) as number;
        if (code < -1 || code >= levels[k]!.length) throw new TypeError(`pandas MultiIndex: code ${code} is not a label of level ${k}`);
        if (code === -1) hasMissing = true;
      }
      return hasMissing && levels[k]!.numbers()?.kind === "int";
    });
  }
  at(index: number): PyValue {
    return markTuple(
      this.levels.map((level, k) => {
        const code = this.codes[k]!.at(index) as number;
        if (code < 0) return null;
        const label = level.at(code);
        // pandas fills a missing code with NaN, so an int level that has one reads as floats.
        return this.floatLevels[k] && typeof label === "number" ? plainFloat(label) : label;
      }),
    );
  }
}

function readNumber(qualname: string, value: PyValue | undefined, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number") throw new TypeError(`${qualname}: expected an int, got ${describeValue(value)}`);
  return value;
}

function listOf(qualname: string, value: PyValue | undefined, what: string): PyValue[] {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: ${what} must be a list, got ${describeValue(value)}`);
  return value;
}

/** The labels of a `data` value; old DatetimeIndex pickles hold a datetime64 ndarray and a separate `tz`. */
function labelsOf(qualname: string, data: PyValue, tz: PyValue | undefined): ColumnValue {
  if (data instanceof NdArray && (data.dtype.kind === "M" || data.dtype.kind === "m")) {
    return new DatetimeColumn(data, data.dtype.kind === "M", data.dtype.kind === "M" ? instantOffsets(tz) : null);
  }
  try {
    return toColumn(data);
  } catch (error) {
    if (error instanceof UnknownValuesError) throw error;
    throw new TypeError(`${qualname}: ${(error as Error).message}`);
  }
}

/** Builds the index `_new_Index(cls, d)` describes. */
export function newIndex(qualname: string, cls: string, d: PyValue | undefined): PdIndex {
  switch (shortName(cls)) {
    case "RangeIndex": {
      const start = readNumber(qualname, stateGet(d, "start"), 0);
      const stop = readNumber(qualname, stateGet(d, "stop"), 0);
      const step = readNumber(qualname, stateGet(d, "step"), 1);
      return new PdIndex(cls, new RangeColumn(start, stop, step), [stateGet(d, "name") ?? null]);
    }
    case "MultiIndex": {
      const levels = listOf(qualname, stateRequire(qualname, d, "levels"), "levels").map((level) => {
        if (level instanceof PyInstance) throw new UnknownValuesError(level.pyClass);
        if (!(level instanceof ColumnValue)) throw new TypeError(`${qualname}: a level must be an Index, got ${describeValue(level)}`);
        return level;
      });
      const codes = listOf(qualname, stateRequire(qualname, d, "codes"), "codes").map((level) => {
        if (!(level instanceof NdArray) || level.ndim !== 1 || (level.dtype.kind !== "i" && level.dtype.kind !== "u")) {
          throw new TypeError(`${qualname}: codes must be 1-D integer arrays, got ${describeValue(level)}`);
        }
        return new NumpyColumn(level);
      });
      const names = stateGet(d, "names");
      return new PdIndex(cls, new MultiColumn(levels, codes), Array.isArray(names) ? names : levels.map(() => null));
    }
    default:
      return new PdIndex(cls, labelsOf(qualname, stateRequire(qualname, d, "data"), stateGet(d, "tz")), [stateGet(d, "name") ?? null]);
  }
}

function indexReconstructor(qualname: string): ClassReconstructor {
  return {
    construct(args) {
      expectArgCount(qualname, args, 1, 2);
      try {
        return newIndex(qualname, className(qualname, args[0]), args[1]);
      } catch (error) {
        // Labels of a class we do not rebuild (a sparse or Arrow array): the call stays the
        // placeholder the pickle describes, and a frame or series on this axis stays its state.
        if (error instanceof UnknownValuesError) return callPlaceholder(qualname, args);
        throw error;
      }
    },
  };
}

/**
 * The Index classes `_new_Index(cls, d)` is given whose labels the decoder reads (pandas 1.x's
 * numeric indexes included). IntervalIndex pickles through its own function (periods.ts).
 */
export const pandasIndexClassNames: readonly string[] = [
  "pandas.core.indexes.base.Index",
  "pandas.core.indexes.range.RangeIndex",
  "pandas.core.indexes.multi.MultiIndex",
  "pandas.core.indexes.datetimes.DatetimeIndex",
  "pandas.core.indexes.timedeltas.TimedeltaIndex",
  "pandas.core.indexes.category.CategoricalIndex",
  "pandas.core.indexes.period.PeriodIndex",
  ...["Int64Index", "UInt64Index", "Float64Index", "NumericIndex"].map((name) => `pandas.core.indexes.numeric.${name}`),
];

/** Reconstructors of every Index kind, by the functions their pickles call. */
export const pandasIndexClasses: ReadonlyMap<string, ClassReconstructor> = new Map(
  [
    "pandas.core.indexes.base._new_Index",
    "pandas.core.indexes.datetimes._new_DatetimeIndex",
    // Where pandas 0.19-0.20 (Python 2) kept them; pandas' read_pickle maps them to the above.
    "pandas.indexes.base._new_Index",
    "pandas.tseries.index._new_DatetimeIndex",
  ].map((qualname): [string, ClassReconstructor] => [qualname, indexReconstructor(qualname)]),
);
