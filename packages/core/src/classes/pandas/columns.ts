import { ColumnValue, type ColumnNumbers, type NumberArray, type NumberKind } from "../../json/column-value.js";
import type { PyValue } from "../../values/py-types.js";
import { describeValue } from "../arg-checks.js";
import { NdArray } from "../ndarray.js";
import { elementReader, type ElementReader } from "../numpy-elements.js";
import { plainFloat } from "../plain-float.js";
import { NANOS_PER_UNIT, NAT, formatTimestamp, isMissing, splitNanos, timedeltaMicrosSeconds, timedeltaSeconds, type ZoneOffsets } from "./timestamps.js";

// The columns of pandas objects (a DataFrame's columns, a Series' values, an Index's labels): one
// dimension of values as `Series.tolist()` gives them, mapped by the JSON mapping. Numeric columns
// are views of the pickled numpy bytes and print from them; nothing is converted up front.

/** A column of plain values already decoded (an object column, a list of labels). */
export class ListColumn extends ColumnValue {
  readonly pyClass = "builtins.list";
  constructor(readonly items: readonly PyValue[]) {
    super();
  }
  get length(): number {
    return this.items.length;
  }
  at(index: number): PyValue {
    const item = this.items[index]!;
    // NaT/NA in an object column print as null (their own toPlain says so too, but a bare NA is a global).
    return isMissing(item) ? null : item;
  }
}

/** The kind a numpy dtype prints as from its typed array, or null (not numeric, or float16/longdouble). */
function numberKind(array: NdArray): NumberKind | null {
  const { kind, itemsize } = array.dtype;
  if (array.dtype.fields !== null || array.dtype.subarray !== null) return null;
  if (kind === "b") return "bool";
  if (kind === "i" || kind === "u") return "int";
  if (kind === "f" && (itemsize === 4 || itemsize === 8)) return "float";
  return null;
}

/**
 * One row of a 2-D numpy block (pandas stores a frame's columns as the rows of `(columns, rows)`
 * blocks) or a whole 1-D array: the same memory when the block is C-ordered, a strided copy of
 * the typed values otherwise.
 */
export function arraySlice(array: NdArray, row: number | null): { data: NdArray["data"]; start: number; step: number; length: number } {
  if (row === null) {
    if (array.ndim !== 1) throw new TypeError(`pandas: expected a 1-D array, got shape (${array.shape.join(", ")})`);
    return { data: array.data, start: 0, step: 1, length: array.shape[0]! };
  }
  if (array.ndim !== 2) throw new TypeError(`pandas: expected a 2-D block, got shape (${array.shape.join(", ")})`);
  const [rows, columns] = array.shape as [number, number];
  if (row < 0 || row >= rows) throw new TypeError(`pandas: block row ${row} is outside its ${rows} rows`);
  return array.order === "C" ? { data: array.data, start: row * columns, step: 1, length: columns } : { data: array.data, start: row, step: rows, length: columns };
}

/** A numpy-backed column: bool, int, float, str, bytes, object, datetime64 (naive) or timedelta64. */
export class NumpyColumn extends ColumnValue {
  readonly pyClass = "numpy.ndarray";
  readonly length: number;
  private readonly start: number;
  private readonly step: number;
  private readonly kind: NumberKind | null;
  private readonly read: ((index: number) => PyValue) | null = null;
  private cachedNumbers: ColumnNumbers | null = null;

  constructor(
    readonly array: NdArray,
    row: number | null = null,
  ) {
    super();
    const slice = arraySlice(array, row);
    this.length = slice.length;
    this.start = slice.start;
    this.step = slice.step;
    this.kind = numberKind(array);
    const dtype = array.dtype;
    if (Array.isArray(slice.data)) {
      const items = slice.data;
      this.read = (index) => {
        const item = items[this.start + index * this.step]!;
        return isMissing(item) ? null : item;
      };
    } else if (dtype.kind === "M" || dtype.kind === "m") {
      this.read = datetimeReader(array, dtype.kind === "M", null);
    } else if (this.kind === null) {
      const reader: ElementReader = elementReader(dtype, true);
      const bytes = array.bytes!;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const size = dtype.itemsize;
      this.read = (index) => reader(view, (this.start + index * this.step) * size);
    }
  }

  at(index: number): PyValue {
    if (this.read !== null) return this.read(index);
    const numbers = this.numbers()!;
    const value = numbers.values[index]!;
    if (typeof value === "bigint") {
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    if (numbers.kind === "bool") return value !== 0;
    return numbers.kind === "float" ? plainFloat(value) : value;
  }

  override numbers(): ColumnNumbers | null {
    if (this.kind === null) return null;
    if (this.cachedNumbers === null) {
      const data = this.array.data as NumberArray;
      let values: NumberArray;
      if (this.step === 1) {
        values = data.subarray(this.start, this.start + this.length);
      } else {
        const copy = new (data.constructor as new (length: number) => NumberArray)(this.length);
        for (let i = 0; i < this.length; i++) copy[i] = data[this.start + i * this.step]!;
        values = copy;
      }
      this.cachedNumbers = { values, kind: this.kind, missing: null };
    }
    return this.cachedNumbers;
  }
}

const NAT_BITS = -(2 ** 31); // high half of int64's minimum, NaT; its low half is 0

/**
 * Reads element `index` of a datetime64 (as `Timestamp.isoformat()`, with the zone's offset when
 * `offsets` is given: the stored values are UTC then) or timedelta64 (as `total_seconds()`) array.
 */
export function datetimeReader(array: NdArray, isDatetime: boolean, offsets: ZoneOffsets | null, row: number | null = null): (index: number) => PyValue {
  const dtype = array.dtype;
  const perUnit = NANOS_PER_UNIT[dtype.unit ?? "generic"];
  if (perUnit === undefined) throw new TypeError(`pandas: datetime64 unit ${dtype.unit} is not supported`);
  const scale = perUnit * BigInt(dtype.unitCount);
  const slice = arraySlice(array, row);
  const bytes = array.bytes!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = !dtype.isBigEndian;
  return (index) => {
    const at = (slice.start + index * slice.step) * 8;
    const lo = view.getUint32(at + (little ? 0 : 4), little);
    const hi = view.getInt32(at + (little ? 4 : 0), little);
    if (hi === NAT_BITS && lo === 0) return null;
    if (!isDatetime) {
      const raw = hi * 4294967296 + lo;
      if (scale === 1n && Math.abs(raw) < 2 ** 53) {
        const rest = raw % 1000; // exact, so the floor division below is too
        return plainFloat(timedeltaMicrosSeconds((raw - rest) / 1000 - (rest < 0 ? 1 : 0)));
      }
      return plainFloat(timedeltaSeconds(view.getBigInt64(at, little) * scale));
    }
    let seconds: number;
    let nanos: number;
    if (scale === 1n) {
      [seconds, nanos] = splitNanos(lo, hi);
    } else {
      const total = view.getBigInt64(at, little) * scale;
      const whole = total >= 0n ? total / 1_000_000_000n : -((-total + 999_999_999n) / 1_000_000_000n);
      seconds = Number(whole);
      nanos = Number(total - whole * 1_000_000_000n);
    }
    const offset = offsets === null ? null : offsets.at(seconds);
    return formatTimestamp(offset === null ? seconds : seconds + offset, nanos, offset);
  };
}

/** A datetime64 column shown as Timestamps (naive, or in a zone), or a timedelta64 one as Timedeltas. */
export class DatetimeColumn extends ColumnValue {
  readonly pyClass: string;
  readonly length: number;
  private readonly read: (index: number) => PyValue;
  constructor(array: NdArray, isDatetime: boolean, offsets: ZoneOffsets | null, row: number | null = null) {
    super();
    this.pyClass = isDatetime ? "pandas.core.arrays.datetimes.DatetimeArray" : "pandas.core.arrays.timedeltas.TimedeltaArray";
    this.length = arraySlice(array, row).length;
    this.read = datetimeReader(array, isDatetime, offsets, row);
  }
  at(index: number): PyValue {
    return this.read(index);
  }
}

/** A column of `length` missing values (an all-NaT placeholder). */
export function missingColumn(length: number): ColumnValue {
  return new ListColumn(new Array<PyValue>(length).fill(NAT));
}

/** Anything pandas stores values in, as a column: a ColumnValue already, a 1-D (or one block row of a 2-D) numpy array, or a list. */
export function toColumn(values: PyValue, row: number | null = null): ColumnValue {
  if (values instanceof ColumnValue && row === null) return values;
  if (values instanceof RowsSource) return values.row(row ?? 0);
  if (values instanceof NdArray) return new NumpyColumn(values, row);
  if (Array.isArray(values) && row === null) return new ListColumn(values);
  throw new TypeError(`pandas: cannot read column values from ${describeValue(values)}`);
}

/** Extension arrays that can stand for several columns (a 2-D DatetimeArray block of pandas 1.x). */
export abstract class RowsSource extends ColumnValue {
  abstract row(row: number): ColumnValue;
  abstract readonly rowCount: number;
}
