import type { PyValue } from "../values/py-types.js";
import { PyDate, PyDateTime } from "./datetime.js";
import type { NumpyDtype } from "./numpy-dtype.js";
import { PyTimedelta } from "./timedelta.js";

// datetime64 / timedelta64 elements as `tolist()` gives them: datetime.date for calendar units,
// datetime.datetime / timedelta down to microseconds, plain ints for finer units, for the generic
// unit and when the value leaves Python's range; NaT is None.

const NAT = -(2n ** 63n);
const MICROS_PER_DAY = 86_400_000_000n;

/** Microseconds per unit for the units Python's datetime can hold. */
const MICROS_PER_UNIT: Readonly<Record<string, bigint>> = {
  W: 7n * MICROS_PER_DAY,
  D: MICROS_PER_DAY,
  h: 3_600_000_000n,
  m: 60_000_000n,
  s: 1_000_000n,
  ms: 1_000n,
  us: 1n,
  μs: 1n,
};

const toInt = (value: bigint): number | bigint =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;

/** Howard Hinnant's civil_from_days: days since 1970-01-01 to [year, month, day]. */
function civilFromDays(days: bigint): [bigint, number, number] {
  const z = days + 719_468n;
  const era = (z >= 0n ? z : z - 146_096n) / 146_097n;
  const doe = z - era * 146_097n;
  const yoe = (doe - doe / 1_460n + doe / 36_524n - doe / 146_096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  return [yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day];
}

const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function inPythonRange(year: bigint): boolean {
  return year >= 1n && year <= 9999n;
}

/** One datetime64 element (`count` units since the epoch) as `tolist()` converts it. */
export function datetimeElement(dtype: NumpyDtype, raw: bigint): PyValue {
  if (raw === NAT) return null;
  const unit = dtype.unit ?? "generic";
  const value = raw * BigInt(dtype.unitCount);
  if (unit === "Y" || unit === "M") {
    const months = unit === "Y" ? value * 12n : value;
    const year = 1970n + floorDiv(months, 12n);
    if (!inPythonRange(year)) return toInt(raw);
    return new PyDate({ year: Number(year), month: Number(months - floorDiv(months, 12n) * 12n) + 1, day: 1 });
  }
  const perUnit = MICROS_PER_UNIT[unit];
  if (perUnit === undefined) return toInt(raw);
  const micros = value * perUnit;
  const days = floorDiv(micros, MICROS_PER_DAY);
  const [year, month, day] = civilFromDays(days);
  if (!inPythonRange(year)) return toInt(raw);
  const date = { year: Number(year), month, day };
  if (unit === "W" || unit === "D") return new PyDate(date);
  const inDay = micros - days * MICROS_PER_DAY;
  const seconds = Number(inDay / 1_000_000n);
  const time = {
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    microsecond: Number(inDay % 1_000_000n),
    fold: 0,
  };
  return new PyDateTime(date, time);
}

/** One timedelta64 element as `tolist()` converts it. */
export function timedeltaElement(dtype: NumpyDtype, raw: bigint): PyValue {
  if (raw === NAT) return null;
  const perUnit = MICROS_PER_UNIT[dtype.unit ?? "generic"];
  if (perUnit === undefined) return toInt(raw);
  try {
    return new PyTimedelta(0n, 0n, raw * BigInt(dtype.unitCount) * perUnit);
  } catch {
    // Beyond timedelta's +-999999999 days numpy hands back the int.
    return toInt(raw);
  }
}
