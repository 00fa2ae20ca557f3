import { type ColumnAsciiWriter, ColumnValue, type ColumnNumbers, type NumberArray, type NumberKind, writeFloat } from "../../json/column-value.js";
import { writeSixDigits, writeTwoDigits } from "../../json/digit-pairs.js";
import { type PyValue, TextLabel } from "../../values/py-types.js";
import { PyInstance } from "../../values/placeholders.js";
import { describeValue } from "../arg-checks.js";
import { NdArray } from "../ndarray.js";
import { elementReader, type ElementReader } from "../numpy-elements.js";
import { plainFloat } from "../plain-float.js";
import type { ZoneOffsets } from "../zones.js";
import { civilFromDays, NANOS_PER_UNIT, NAT, formatTimestamp, isMissing, TIMESTAMP_CLASS, timedeltaMicrosSeconds, timedeltaSeconds } from "./timestamps.js";

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
  // An object array's elements are a list in C (logical) order whatever its is_fortran flag
  // (numpy pickles and unpickles them by iterating the array): only bytes are laid out in F order.
  // A Fortran-ordered object block (a frame of a 2-D str or object array, `df.T` of mixed
  // columns) read with F strides mixed up its cells across columns.
  const isRowMajor = array.order === "C" || Array.isArray(array.data);
  return isRowMajor ? { data: array.data, start: row * columns, step: 1, length: columns } : { data: array.data, start: row, step: rows, length: columns };
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
  private datetimes: DatetimeColumn | null = null;

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
      const column = new DatetimeColumn(array, dtype.kind === "M", null, row);
      this.read = (index) => column.at(index);
      this.datetimes = column;
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

  override asciiWriter(): ColumnAsciiWriter | null {
    return this.datetimes?.asciiWriter() ?? null;
  }

  override label(index: number): PyValue {
    return this.datetimes === null ? this.at(index) : this.datetimes.label(index);
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

const QUOTE = 0x22;
const COMMA = 0x2c;
const ZERO = 0x30;
const NULL_TEXT = "null";

/**
 * A datetime64 column shown as Timestamps (`isoformat()`, with the zone's offset when `offsets`
 * is given: the stored values are UTC then) or a timedelta64 one as Timedeltas (`total_seconds()`).
 * Reads the int64s as two 32-bit halves (no BigInt for nanosecond data) and writes JSON text
 * straight into the writer's buffer.
 */
export class DatetimeColumn extends ColumnValue {
  readonly pyClass: string;
  readonly length: number;
  private readonly view: DataView;
  private readonly little: boolean;
  private readonly start: number;
  private readonly step: number;
  /** Nanoseconds per stored unit, and whether that is 1 (a BigInt compared once, not per element). */
  private readonly scale: bigint;
  private readonly isNanos: boolean;
  private seconds = 0;
  private nanos = 0;
  /** The last date written (`YYYY-MM-DD`) and its day number. */
  private dateDays = Number.NaN;
  private dateOk = false;
  private readonly dateBytes = Uint8Array.from("0000-00-00", (c) => c.charCodeAt(0));

  constructor(
    array: NdArray,
    private readonly isDatetime: boolean,
    private readonly offsets: ZoneOffsets | null,
    row: number | null = null,
  ) {
    super();
    this.pyClass = isDatetime ? "pandas.core.arrays.datetimes.DatetimeArray" : "pandas.core.arrays.timedeltas.TimedeltaArray";
    const dtype = array.dtype;
    const perUnit = NANOS_PER_UNIT[dtype.unit ?? "generic"];
    if (perUnit === undefined) throw new TypeError(`pandas: datetime64 unit ${dtype.unit} is not supported`);
    this.scale = perUnit * BigInt(dtype.unitCount);
    this.isNanos = this.scale === 1n;
    const slice = arraySlice(array, row);
    this.length = slice.length;
    this.start = slice.start;
    this.step = slice.step;
    const bytes = array.bytes!;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = !dtype.isBigEndian;
  }

  /** Splits element `index` into `this.seconds` / `this.nanos` (floor); false for NaT. */
  private split(index: number): boolean {
    const at = (this.start + index * this.step) * 8;
    const little = this.little;
    const lo = this.view.getUint32(at + (little ? 0 : 4), little);
    const hi = this.view.getInt32(at + (little ? 4 : 0), little);
    if (hi === NAT_BITS && lo === 0) return false;
    if (this.isNanos) {
      // splitNanos, inlined: the rounded double gives the seconds to within one, the exact
      // remainder comes from arithmetic modulo 2**32.
      let seconds = Math.floor((hi * 4294967296 + lo) / 1e9);
      let nanos = (lo - Math.imul(seconds, 1e9)) | 0;
      while (nanos < 0) {
        seconds -= 1;
        nanos += 1e9;
      }
      while (nanos >= 1e9) {
        seconds += 1;
        nanos -= 1e9;
      }
      this.seconds = seconds;
      this.nanos = nanos;
    } else {
      const total = this.view.getBigInt64(at, little) * this.scale;
      const whole = total >= 0n ? total / 1_000_000_000n : -((-total + 999_999_999n) / 1_000_000_000n);
      this.seconds = Number(whole);
      this.nanos = Number(total - whole * 1_000_000_000n);
    }
    return true;
  }

  /** Seconds of a timedelta element, as `Timedelta.total_seconds()` gives them (see timedeltaSeconds). */
  private deltaSeconds(): number {
    const micros = this.seconds * 1_000_000 + Math.floor(this.nanos / 1000);
    if (Math.abs(micros) <= Number.MAX_SAFE_INTEGER) return timedeltaMicrosSeconds(micros);
    return timedeltaSeconds(BigInt(this.seconds) * 1_000_000_000n + BigInt(this.nanos));
  }

  at(index: number): PyValue {
    if (!this.split(index)) return null;
    if (!this.isDatetime) return plainFloat(this.deltaSeconds());
    const offset = this.offsets === null ? null : this.offsets.at(this.seconds);
    return formatTimestamp(offset === null ? this.seconds : this.seconds + offset, this.nanos, offset);
  }

  /** A Timestamp as a label: keyed by its JSON text, as a datetime dict key is. */
  override label(index: number): PyValue {
    const value = this.at(index);
    return this.isDatetime && typeof value === "string" ? new TextLabel(TIMESTAMP_CLASS, value) : value;
  }

  override asciiWriter(): ColumnAsciiWriter {
    return {
      maxBytes: 48,
      write: (index, out, pos) => this.writeAscii(index, out, pos),
      writeRun: (from, to, out, pos) => {
        for (let i = from; i < to; i++) {
          if (i > 0) out[pos++] = COMMA;
          pos = this.writeAscii(i, out, pos);
        }
        return pos;
      },
    };
  }

  private writeAscii(index: number, out: Uint8Array, pos: number): number {
    if (!this.split(index)) return writeText(out, pos, NULL_TEXT);
    if (!this.isDatetime) return writeFloat(out, pos, this.deltaSeconds());
    const offset = this.offsets === null ? null : this.offsets.at(this.seconds);
    const wall = offset === null ? this.seconds : this.seconds + offset;
    const days = Math.floor(wall / 86_400);
    if (days !== this.dateDays) {
      // Rows of a day share its date: spelled once, then copied.
      const [year, month, day] = civilFromDays(days);
      this.dateDays = days;
      this.dateOk = year >= 1000 && year <= 9999;
      writeDigits(this.dateBytes, 0, year, 4);
      writeDigits(this.dateBytes, 5, month, 2);
      writeDigits(this.dateBytes, 8, day, 2);
    }
    if (!this.dateOk || offset !== null) {
      // Rare shapes (far years, zone offsets) take the string path.
      out[pos++] = QUOTE;
      pos = writeText(out, pos, formatTimestamp(wall, this.nanos, offset));
      out[pos++] = QUOTE;
      return pos;
    }
    // Seconds of the day, hours, minutes and nanoseconds in int32 arithmetic (no fmod).
    const inDay = (wall - days * 86_400) | 0;
    out[pos++] = QUOTE;
    const date = this.dateBytes;
    for (let i = 0; i < 10; i++) out[pos++] = date[i]!;
    out[pos++] = 0x54;
    const minutes = (inDay / 60) | 0;
    const hours = (minutes / 60) | 0;
    pos = writeTwoDigits(out, pos, hours);
    out[pos++] = 0x3a;
    pos = writeTwoDigits(out, pos, minutes - hours * 60);
    out[pos++] = 0x3a;
    pos = writeTwoDigits(out, pos, inDay - minutes * 60);
    const nanos = this.nanos | 0;
    if (nanos !== 0) {
      out[pos++] = 0x2e;
      const micros = (nanos / 1000) | 0;
      pos = nanos === micros * 1000 ? writeSixDigits(out, pos, micros) : writeDigits(out, pos, nanos, 9);
    }
    out[pos++] = QUOTE;
    return pos;
  }
}

/**
 * `value` (0 to 2^31 - 1) as exactly `width` decimal digits (zero-padded), in int32 arithmetic:
 * a double's `%` is a call into fmod, and a timestamp has up to 12 digits written here.
 */
function writeDigits(out: Uint8Array, pos: number, value: number, width: number): number {
  let rest = value | 0;
  for (let i = width - 1; i >= 0; i--) {
    const next = (rest / 10) | 0;
    out[pos + i] = ZERO + rest - next * 10;
    rest = next;
  }
  return pos + width;
}

function writeText(out: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

/** A column of `length` missing values (an all-NaT placeholder). */
export function missingColumn(length: number): ColumnValue {
  return new ListColumn(new Array<PyValue>(length).fill(NAT));
}

/** Anything pandas stores values in, as a column: a ColumnValue already, a 1-D (or one block row of a 2-D) numpy array, or a list. */
export function toColumn(values: PyValue, row: number | null = null): ColumnValue {
  if (values instanceof ColumnValue && row === null) {
    // Checked here, while decoding: a column must have its values (BUILD ran) and be 1-D.
    if (!values.isReady) {
      if ((values as { isUnknown?: boolean }).isUnknown === true) throw new UnknownValuesError(values.pyClass);
      throw new TypeError(`pandas: ${values.pyClass} is not a one-dimensional array with values`);
    }
    return values;
  }
  if (values instanceof RowsSource) return values.row(row ?? 0);
  if (values instanceof NdArray) return new NumpyColumn(values, row);
  if (Array.isArray(values) && row === null) return new ListColumn(values);
  if (values instanceof PyInstance) throw new UnknownValuesError(values.pyClass);
  throw new TypeError(`pandas: cannot read column values from ${describeValue(values)}`);
}

/**
 * Column values of a class we do not rebuild (an extension array such as SparseArray or an Arrow
 * array, a placeholder here): the DataFrame or Series holding them stays the placeholder of its
 * pickled state, as any unknown object, rather than failing to decode.
 */
export class UnknownValuesError extends TypeError {
  constructor(readonly valuesClass: string) {
    super(`pandas: column values of ${valuesClass} are not rebuilt`);
  }
}

/** Extension arrays that can stand for several columns (a 2-D DatetimeArray block of pandas 1.x). */
export abstract class RowsSource extends ColumnValue {
  abstract row(row: number): ColumnValue;
  abstract readonly rowCount: number;
}
