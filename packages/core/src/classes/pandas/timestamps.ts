import type { PyObjectValue, PyValue } from "../../values/py-types.js";
import { expectArgCount, readInt } from "../arg-checks.js";
import { plainFloat } from "../plain-float.js";
import type { ClassReconstructor } from "../registry.js";
import { PyGlobal } from "../../values/placeholders.js";
import { instantOffsets, type ZoneOffsets } from "../zones.js";

// pandas' Timestamp, Timedelta, NaT and NA, and the time zones their pickles name. A Timestamp is
// an int64 count of `reso` units since the epoch (UTC when it has a zone); JSON shows
// `Timestamp.isoformat()` (nanoseconds as 9 digits when there are any), a Timedelta its
// `total_seconds()`, NaT and NA `null`.

/** numpy's NPY_DATETIMEUNIT codes pandas pickles as `reso`: seconds to nanoseconds. */
const RESO_DIGITS: Readonly<Record<number, number>> = { 7: 0, 8: 3, 9: 6, 10: 9 };
const NS_RESO = 10;

/** Nanoseconds per unit of a numpy datetime64/timedelta64 unit pandas uses, or undefined. */
export const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  D: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  μs: 1_000n,
  ns: 1n,
};

function nanosPerReso(qualname: string, reso: number): bigint {
  const digits = RESO_DIGITS[reso];
  if (digits === undefined) throw new TypeError(`${qualname}: unknown resolution ${reso}`);
  return 10n ** BigInt(9 - digits);
}

// ---- formatting

const pad2 = (value: number): string => (value < 10 ? `0${value}` : `${value}`);

/** Howard Hinnant's civil_from_days on doubles (exact for pandas' +-292 years). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function formatYear(year: number): string {
  if (year >= 1000 && year <= 9999) return `${year}`;
  return year < 0 ? `-${String(-year).padStart(4, "0")}` : String(year).padStart(4, "0");
}

/**
 * `Timestamp.isoformat()`: `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` when the microseconds are not
 * zero, or `.fffffffff` when the nanoseconds are not (pandas appends three digits to datetime's
 * six), then the UTC offset when there is one. `seconds` and `nanos` are the wall time.
 */
export function formatTimestamp(seconds: number, nanos: number, offsetSeconds: number | null): string {
  const days = Math.floor(seconds / 86_400);
  const inDay = seconds - days * 86_400;
  const [year, month, day] = civilFromDays(days);
  let text = `${formatYear(year)}-${pad2(month)}-${pad2(day)}T${pad2(Math.floor(inDay / 3600))}:${pad2(Math.floor(inDay / 60) % 60)}:${pad2(inDay % 60)}`;
  if (nanos !== 0) {
    text += nanos % 1000 === 0 ? `.${String(nanos / 1000).padStart(6, "0")}` : `.${String(nanos).padStart(9, "0")}`;
  }
  if (offsetSeconds !== null) text += formatOffset(offsetSeconds);
  return text;
}

/** A whole-second UTC offset as datetime writes it: `+01:00`, `-03:30`, `+00:09:21`. */
function formatOffset(offsetSeconds: number): string {
  const magnitude = Math.abs(offsetSeconds);
  let text = `${offsetSeconds < 0 ? "-" : "+"}${pad2(Math.floor(magnitude / 3600))}:${pad2(Math.floor(magnitude / 60) % 60)}`;
  if (magnitude % 60 !== 0) text += `:${pad2(magnitude % 60)}`;
  return text;
}

/** isoformat of an instant given in nanoseconds (UTC when `offsets` has a zone, else wall time). */
export function formatNanos(totalNanos: bigint, offsets: ZoneOffsets | null): string {
  const seconds = Number(totalNanos >= 0n ? totalNanos / 1_000_000_000n : -((-totalNanos + 999_999_999n) / 1_000_000_000n));
  const nanos = Number(totalNanos - BigInt(seconds) * 1_000_000_000n);
  const offset = offsets === null ? null : offsets.at(seconds);
  return formatTimestamp(offset === null ? seconds : seconds + offset, nanos, offset);
}

// ---- values

/** `pandas.Timestamp`'s `module.qualname`. */
export const TIMESTAMP_CLASS = "pandas._libs.tslibs.timestamps.Timestamp";

/** `pandas.Timestamp`: `value` nanoseconds since the epoch (UTC when `tz` is set). */
export class PdTimestamp implements PyObjectValue {
  readonly pyClass = TIMESTAMP_CLASS;
  constructor(
    readonly nanos: bigint,
    readonly tz: PyValue,
  ) {}

  isoformat(): string {
    return formatNanos(this.nanos, instantOffsets(this.tz));
  }

  toPlain(): PyValue {
    return this.isoformat();
  }
}

/**
 * `Timedelta.total_seconds()` as pandas 1.x computes it: datetime.timedelta's, on the value
 * floored to microseconds, `days * 86400 + seconds + microseconds / 1e6` in floats (so 1 ns is
 * 0.0 and -1 ns is -1.0000000000287557e-06, as pandas prints).
 */
export function timedeltaSeconds(nanos: bigint): number {
  const micros = nanos >= 0n ? nanos / 1000n : -((-nanos + 999n) / 1000n);
  if (micros >= -MAX_EXACT && micros <= MAX_EXACT) return timedeltaMicrosSeconds(Number(micros));
  const days = micros >= 0n ? micros / 86_400_000_000n : -((-micros + 86_399_999_999n) / 86_400_000_000n);
  const rest = Number(micros - days * 86_400_000_000n);
  const seconds = Math.floor(rest / 1e6);
  return Number(days) * 86_400 + seconds + (rest - seconds * 1e6) / 1e6;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** The same from a safe-integer count of microseconds. */
export function timedeltaMicrosSeconds(micros: number): number {
  const days = Math.floor(micros / 86_400_000_000);
  const rest = micros - days * 86_400_000_000;
  const seconds = Math.floor(rest / 1e6);
  return days * 86_400 + seconds + (rest - seconds * 1e6) / 1e6;
}

/** `pandas.Timedelta`: JSON shows `total_seconds()` (see timedeltaSeconds). */
export class PdTimedelta implements PyObjectValue {
  readonly pyClass = "pandas._libs.tslibs.timedeltas.Timedelta";
  constructor(readonly nanos: bigint) {}
  totalSeconds(): number {
    return timedeltaSeconds(this.nanos);
  }
  toPlain(): PyValue {
    return plainFloat(this.totalSeconds());
  }
}

/** A missing value of pandas (`NaT`, `NA`): JSON `null`. */
export class PdMissing implements PyObjectValue {
  constructor(readonly pyClass: string) {}
  toPlain(): PyValue {
    return null;
  }
}

export const NAT = new PdMissing("pandas._libs.tslibs.nattype.NaTType");

/** pandas' `NA`, which pickles as the bare global (its class pickles it by name). */
export const PANDAS_NA = "pandas._libs.missing.NA";

/** True for pandas' and numpy's missing markers an object column may hold: NaT, NA (a bare global), None. */
export function isMissing(value: PyValue): boolean {
  return value === null || value instanceof PdMissing || (value instanceof PyGlobal && value.pyClass === PANDAS_NA);
}

const MAX_SAFE_SECONDS = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Timestamp's or Timedelta's value: an int64 in its unit, as pandas holds it (past it, its OverflowError). */
function readInt64(qualname: string, value: PyValue | undefined): bigint {
  const int = readInt(qualname, value);
  if (int < INT64_MIN || int > INT64_MAX) throw new TypeError(`${qualname}: value ${int} is out of int64 range (OverflowError)`);
  return int;
}

/** `_unpickle_timestamp(value, freq, tz[, reso])`. */
const timestampReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.tslibs.timestamps._unpickle_timestamp";
    expectArgCount(qualname, args, 3, 4);
    const reso = args.length > 3 ? Number(readInt(qualname, args[3])) : NS_RESO;
    const nanos = readInt64(qualname, args[0]) * nanosPerReso(qualname, reso);
    // Past 2^53 seconds (seconds resolution near its int64 end, 285 million years on) a double
    // would round the second it prints: refused rather than printed wrong.
    if (nanos / 1_000_000_000n > MAX_SAFE_SECONDS || nanos / 1_000_000_000n < -MAX_SAFE_SECONDS) {
      throw new TypeError(`${qualname}: ${nanos / 1_000_000_000n} seconds from 1970 is past the instants pkl-stream prints (2^53 seconds)`);
    }
    return new PdTimestamp(nanos, args[2] ?? null);
  },
};

/** `_timedelta_unpickle(value, reso)`. */
const timedeltaReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.tslibs.timedeltas._timedelta_unpickle";
    expectArgCount(qualname, args, 1, 2);
    const reso = args.length > 1 ? Number(readInt(qualname, args[1])) : NS_RESO;
    return new PdTimedelta(readInt64(qualname, args[0]) * nanosPerReso(qualname, reso));
  },
};

/** `__nat_unpickle(None)`. */
const natReconstructor: ClassReconstructor = {
  construct() {
    return NAT;
  },
};

/** Timestamp, Timedelta and NaT, by the functions their pickles call. */
export const pandasTimeClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["pandas._libs.tslibs.timestamps._unpickle_timestamp", timestampReconstructor],
  ["pandas._libs.tslibs.timedeltas._timedelta_unpickle", timedeltaReconstructor],
  ["pandas._libs.tslibs.nattype.__nat_unpickle", natReconstructor],
]);
