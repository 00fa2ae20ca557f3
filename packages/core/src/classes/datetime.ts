import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readBytes, readSafeInt } from "./arg-checks.js";
import type { ClassReconstructor, ReconstructContext } from "./registry.js";
import { formatUtcOffset, formatUtcOffsetSeconds, type PyTimezone, timedeltaClasses, utcOffsetOf } from "./timedelta.js";
import { constantUtcOffset, wallSecondsOf, wallUtcOffset } from "./zones.js";

// datetime.date / time / datetime pickle as `cls(state_bytes[, tzinfo])`: the compact byte form
// CPython's `_getstate` writes (Python 2 writes the same bytes as a str). Hand-written pickles may
// use the field form `cls(year, month, ...)`; both are accepted.

const pad = (value: number, width: number): string => value.toString().padStart(width, "0");
/** "00" to "99": a datetime's five two-digit fields come from here (a log of events writes one per record). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => pad(n, 2));
const pad2 = (value: number): string => TWO_DIGITS[value] ?? pad(value, 2);

/** `field value is out of range` when value is outside [min, max], else null. */
function rangeProblem(field: string, value: number, min: number, max: number): string | null {
  // Not an integer (a JS user's 1999.5): as out of range, Python's fields are ints.
  return !Number.isInteger(value) || value < min || value > max ? `${field} ${value} is out of range` : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

interface DateFields {
  year: number;
  month: number;
  day: number;
}

interface TimeFields {
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  fold: number;
}

/** What is out of range in a date (the first such field), or null: one place for the ranges. */
function dateProblem(fields: DateFields): string | null {
  return (
    rangeProblem("year", fields.year, 1, 9999) ??
    rangeProblem("month", fields.month, 1, 12) ??
    rangeProblem("day", fields.day, 1, daysInMonth(fields.year, fields.month))
  );
}

/** What is out of range in a time (the first such field), or null. */
function timeProblem(fields: TimeFields): string | null {
  return (
    rangeProblem("hour", fields.hour, 0, 23) ??
    rangeProblem("minute", fields.minute, 0, 59) ??
    rangeProblem("second", fields.second, 0, 59) ??
    rangeProblem("microsecond", fields.microsecond, 0, 999_999) ??
    rangeProblem("fold", fields.fold, 0, 1)
  );
}

function checkDate(qualname: string, fields: DateFields): DateFields {
  const problem = dateProblem(fields);
  if (problem !== null) throw new TypeError(`${qualname}: ${problem}`);
  return fields;
}

function checkTime(qualname: string, fields: TimeFields): TimeFields {
  const problem = timeProblem(fields);
  if (problem !== null) throw new TypeError(`${qualname}: ${problem}`);
  return fields;
}

/** CPython's `_getstate` bytes: yhi, ylo, month, day (the fold bit rides on month, see datetimeState). */
function dateBytes(fields: DateFields): number[] {
  return [fields.year >> 8, fields.year & 0xff, fields.month, fields.day];
}

/** h, m, s, us (3 bytes, big-endian); protocol 4+ sets the fold flag on the hour byte's top bit. */
function timeBytes(fields: TimeFields, foldOnHour: boolean): number[] {
  const us = fields.microsecond;
  return [fields.hour | (foldOnHour ? 0x80 : 0), fields.minute, fields.second, us >> 16, (us >> 8) & 0xff, us & 0xff];
}

/** `cls(state_bytes[, tzinfo])`, as `__reduce_ex__` writes it; CPython keeps fold only from protocol 4. */
function stateReduction(qualname: string, state: number[], tzinfo: PyValue): PyReduction {
  const args: PyValue[] = [Uint8Array.from(state)];
  if (tzinfo !== null) args.push(tzinfo);
  return { callable: ["datetime", qualname], args };
}

function formatDate(fields: DateFields): string {
  return `${fields.year >= 1000 ? String(fields.year) : pad(fields.year, 4)}-${pad2(fields.month)}-${pad2(fields.day)}`;
}

/** `time.isoformat()` with the default timespec: microseconds only when non-zero. */
function formatTime(fields: TimeFields, tzinfo: PyValue): string {
  let text = `${pad2(fields.hour)}:${pad2(fields.minute)}:${pad2(fields.second)}`;
  // 1,000,000 + microseconds has the six digits after its leading 1.
  if (fields.microsecond !== 0) text += `.${String(1_000_000 + fields.microsecond).slice(1)}`;
  const offset = utcOffsetOf(tzinfo);
  if (offset !== null) text += formatUtcOffset(offset);
  return text;
}

/** `datetime.date`; JSON shows `isoformat()`. */
export class PyDate implements PyObjectValue, PyReducible, DateFields {
  readonly pyClass: string = "datetime.date";
  readonly year: number;
  readonly month: number;
  readonly day: number;
  constructor(fields: DateFields) {
    ({ year: this.year, month: this.month, day: this.day } = fields);
  }
  isoformat(): string {
    return formatDate(this);
  }
  toPlain(): PyValue {
    return this.isoformat();
  }
  reduceForPickle(): PyReduction {
    // Fields a JS user set by hand are checked here, as date() would: the state's bytes would wrap them.
    return stateReduction("date", dateBytes(checkDate("datetime.date", this)), null);
  }
}

/**
 * `datetime.time`. `tzinfo` is None (null), a `PyTimezone`, or whatever else the pickle named
 * (a placeholder): offsets that need no date print (zones.ts constantUtcOffset); a zone with
 * history needs a date (its `utcoffset(None)` is None, so `time.isoformat()` prints none).
 */
export class PyTime implements PyObjectValue, PyReducible, TimeFields {
  readonly pyClass: string = "datetime.time";
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly fold: number;
  constructor(
    fields: TimeFields,
    readonly tzinfo: PyValue = null,
  ) {
    ({ hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, fold: this.fold } = fields);
  }
  isoformat(): string {
    return `${formatTime(this, null)}${offsetText(this.tzinfo, constantUtcOffset(this.tzinfo))}`;
  }
  toPlain(): PyValue {
    return this.isoformat();
  }
  reduceForPickle(protocol: number): PyReduction {
    return stateReduction("time", timeBytes(checkTime("datetime.time", this), this.fold === 1 && protocol > 3), this.tzinfo);
  }
}

/** `datetime.datetime`: naive when `tzinfo` is null. JSON shows `isoformat()`. */
export class PyDateTime implements PyObjectValue, PyReducible, DateFields, TimeFields {
  readonly pyClass: string = "datetime.datetime";
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly fold: number;
  constructor(
    date: DateFields,
    time: TimeFields,
    readonly tzinfo: PyValue = null,
  ) {
    ({ year: this.year, month: this.month, day: this.day } = date);
    ({ hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, fold: this.fold } = time);
  }
  isoformat(sep = "T"): string {
    return `${formatDate(this)}${sep}${formatTime(this, null)}${datetimeOffsetText(this)}`;
  }
  toPlain(): PyValue {
    return this.isoformat();
  }
  reduceForPickle(protocol: number): PyReduction {
    const state = [...dateBytes(checkDate("datetime.datetime", this)), ...timeBytes(checkTime("datetime.datetime", this), false)];
    if (this.fold === 1 && protocol > 3) state[2] = (state[2] as number) | 0x80;
    return stateReduction("datetime", state, this.tzinfo);
  }
}

/**
 * `isoformat()`'s UTC offset of a datetime: a fixed offset's (`datetime.timezone`), a pytz,
 * zoneinfo or dateutil zone's at its wall time (zones.ts wallUtcOffset), or "" for a naive one
 * and for a tzinfo we cannot evaluate.
 */
function datetimeOffsetText(dt: PyDateTime): string {
  const tzinfo = dt.tzinfo;
  if (tzinfo === null || utcOffsetOf(tzinfo) !== null) return offsetText(tzinfo, null);
  return offsetText(tzinfo, wallUtcOffset(tzinfo, wallSecondsOf(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second), dt.fold));
}

/** The offset `isoformat()` prints: a `datetime.timezone`'s, else `seconds` when not null (a zone's, found by the caller), else "". */
function offsetText(tzinfo: PyValue, seconds: number | null): string {
  const fixed = utcOffsetOf(tzinfo);
  if (fixed !== null) return formatUtcOffset(fixed);
  return seconds === null || !Number.isFinite(seconds) ? "" : formatUtcOffsetSeconds(seconds);
}

/** The bytes form of the state, when the first argument is bytes (or a Python 2 str) of `length`. */
function stateBytes(qualname: string, args: PyValue[], length: number, context: ReconstructContext): Uint8Array | null {
  const first = args[0];
  if (!(first instanceof Uint8Array) && typeof first !== "string") return null;
  const bytes = readBytes(qualname, first, context);
  if (bytes.length !== length) throw new TypeError(`${qualname}: state must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}

function readTzinfo(qualname: string, value: PyValue | undefined): PyValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError(`${qualname}: bad tzinfo: ${describeValue(value)}`);
  }
  return value;
}

/** Integer fields from `args[start...]`, missing ones default to `defaults`. */
function intFields(qualname: string, args: PyValue[], start: number, defaults: number[]): number[] {
  return defaults.map((fallback, i) => (args[start + i] === undefined ? fallback : readSafeInt(qualname, args[start + i])));
}

const dateReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.date";
    expectArgCount(qualname, args, 1, 3);
    const b = stateBytes(qualname, args, 4, context);
    if (b !== null) {
      return new PyDate(checkDate(qualname, { year: b[0]! * 256 + b[1]!, month: b[2]!, day: b[3]! }));
    }
    const [year, month, day] = intFields(qualname, args, 0, [0, 0, 0]) as [number, number, number];
    return new PyDate(checkDate(qualname, { year, month, day }));
  },
};

/** Bytes h, m, s, us(3, big-endian); the fold flag rides on the hour byte's top bit. */
function timeFromBytes(b: Uint8Array, at: number): TimeFields {
  return {
    hour: b[at]! & 0x7f,
    minute: b[at + 1]!,
    second: b[at + 2]!,
    microsecond: (b[at + 3]! << 16) | (b[at + 4]! << 8) | b[at + 5]!,
    fold: b[at]! >> 7,
  };
}

const timeReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.time";
    expectArgCount(qualname, args, 0, 6);
    const b = stateBytes(qualname, args, 6, context);
    if (b !== null) {
      expectArgCount(qualname, args, 1, 2);
      return new PyTime(checkTime(qualname, timeFromBytes(b, 0)), readTzinfo(qualname, args[1]));
    }
    const [hour, minute, second, microsecond] = intFields(qualname, args, 0, [0, 0, 0, 0]) as [number, number, number, number];
    return new PyTime(checkTime(qualname, { hour, minute, second, microsecond, fold: 0 }), readTzinfo(qualname, args[4]));
  },
};

const datetimeReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.datetime";
    expectArgCount(qualname, args, 1, 8);
    const b = stateBytes(qualname, args, 10, context);
    if (b !== null) {
      expectArgCount(qualname, args, 1, 2);
      // Bytes yhi, ylo, month (fold in its top bit), day, then the time bytes.
      const date = checkDate(qualname, { year: b[0]! * 256 + b[1]!, month: b[2]! & 0x7f, day: b[3]! });
      const time = { ...timeFromBytes(b, 4), fold: b[2]! >> 7 };
      return new PyDateTime(date, checkTime(qualname, time), readTzinfo(qualname, args[1]));
    }
    const [year, month, day, hour, minute, second, microsecond] = intFields(qualname, args, 0, [0, 0, 0, 0, 0, 0, 0]) as [
      number, number, number, number, number, number, number,
    ];
    const date = checkDate(qualname, { year, month, day });
    const time = checkTime(qualname, { hour, minute, second, microsecond, fold: 0 });
    return new PyDateTime(date, time, readTzinfo(qualname, args[7]));
  },
};

/**
 * What `datetime.datetime(state[, tzinfo])` (`isDate` false, 10 bytes) or
 * `datetime.date(state)` (`isDate` true, 4 bytes) of the state bytes at `bytes[at...]` writes as
 * JSON, its `isoformat()`, the reconstructors' checks and fields exactly; undefined when a check
 * fails (the reconstructor then says why). For the engine's writers, which write a datetime's
 * text without making its object (engine/island.ts `readStateText`).
 */
export function stateIsoText(bytes: Uint8Array, at: number, isDate: boolean, tzinfo: PyTimezone | null = null): string | undefined {
  const fields = { year: bytes[at]! * 256 + bytes[at + 1]!, month: isDate ? bytes[at + 2]! : bytes[at + 2]! & 0x7f, day: bytes[at + 3]! };
  if (dateProblem(fields) !== null) return undefined;
  const date = formatDate(fields);
  if (isDate) return date;
  const time = timeFromBytes(bytes, at + 4);
  if (timeProblem(time) !== null) return undefined;
  return `${date}T${formatTime(time, tzinfo)}`;
}

/**
 * stateIsoText's text of a naive datetime or a date written as ASCII at `out[p...]` (room for 26
 * bytes), without making a str: the end of the text, or -1 where stateIsoText gives undefined.
 * For the engine's value shapes, which write a datetime in every dict of a giant record.
 */
export function writeStateIso(out: Uint8Array, p: number, bytes: Uint8Array, at: number, isDate: boolean): number {
  const year = bytes[at]! * 256 + bytes[at + 1]!;
  const month = isDate ? bytes[at + 2]! : bytes[at + 2]! & 0x7f;
  const day = bytes[at + 3]!;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  p = writeDigits(out, p, year, 4);
  out[p++] = 0x2d; // -
  p = writeDigits(out, p, month, 2);
  out[p++] = 0x2d;
  p = writeDigits(out, p, day, 2);
  if (isDate) return p;
  // timeFromBytes's fields (the fold bit on the hour byte is 0 or 1: always in range).
  const hour = bytes[at + 4]! & 0x7f;
  const minute = bytes[at + 5]!;
  const second = bytes[at + 6]!;
  const microsecond = (bytes[at + 7]! << 16) | (bytes[at + 8]! << 8) | bytes[at + 9]!;
  if (hour > 23 || minute > 59 || second > 59 || microsecond > 999_999) return -1;
  out[p++] = 0x54; // T
  p = writeDigits(out, p, hour, 2);
  out[p++] = 0x3a; // :
  p = writeDigits(out, p, minute, 2);
  out[p++] = 0x3a;
  p = writeDigits(out, p, second, 2);
  if (microsecond !== 0) {
    out[p++] = 0x2e; // .
    p = writeDigits(out, p, microsecond, 6);
  }
  return p;
}

/** `value`'s `width` decimal digits (zero-padded) at `out[p...]`; the position after them. */
function writeDigits(out: Uint8Array, p: number, value: number, width: number): number {
  for (let i = p + width - 1; i >= p; i--) {
    out[i] = 0x30 + (value % 10);
    value = (value / 10) | 0;
  }
  return p + width;
}

/**
 * What `datetime.time(state[, tzinfo])` of the 6 state bytes at `bytes[at...]` writes as JSON,
 * its `isoformat()`, with the reconstructor's checks; undefined when one fails. For the
 * engine's writers, as `stateIsoText`.
 */
export function stateTimeText(bytes: Uint8Array, at: number, tzinfo: PyTimezone | null = null): string | undefined {
  const time = timeFromBytes(bytes, at);
  if (timeProblem(time) !== null) return undefined;
  return formatTime(time, tzinfo);
}

/** Reconstructors for the `datetime` module, by `module.qualname`. */
export const datetimeClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["datetime.date", dateReconstructor],
  ["datetime.time", timeReconstructor],
  ["datetime.datetime", datetimeReconstructor],
  ...timedeltaClasses,
]);
