import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readInt, readString } from "./arg-checks.js";
import { plainFloat } from "./plain-float.js";
import type { ClassReconstructor } from "./registry.js";

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_DAY = 86_400n * MICROS_PER_SECOND;
const MAX_DAYS = 999_999_999n;

/** `datetime.timedelta`, normalized as Python keeps it: 0 <= seconds < 86400, 0 <= microseconds < 10**6. */
export class PyTimedelta implements PyObjectValue, PyReducible {
  readonly pyClass: string = "datetime.timedelta";
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  /** The whole duration in microseconds, exact. */
  readonly totalMicroseconds: bigint;

  constructor(days: bigint, seconds: bigint, microseconds: bigint) {
    const total = days * MICROS_PER_DAY + seconds * MICROS_PER_SECOND + microseconds;
    // Floor division, as Python's divmod, so negative durations keep non-negative seconds.
    const floorDays = total >= 0n ? total / MICROS_PER_DAY : -((-total + MICROS_PER_DAY - 1n) / MICROS_PER_DAY);
    if (floorDays > MAX_DAYS || floorDays < -MAX_DAYS) {
      throw new TypeError(`datetime.timedelta: days=${floorDays} is out of range`);
    }
    const rest = total - floorDays * MICROS_PER_DAY;
    this.days = Number(floorDays);
    this.seconds = Number(rest / MICROS_PER_SECOND);
    this.microseconds = Number(rest % MICROS_PER_SECOND);
    this.totalMicroseconds = total;
  }

  /** `total_seconds()`: microseconds / 10**6, correctly rounded as Python's int true division. */
  totalSeconds(): number {
    return divideCorrectlyRounded(this.totalMicroseconds, MICROS_PER_SECOND);
  }

  toPlain(): PyValue {
    return plainFloat(this.totalSeconds());
  }

  /** `timedelta(days, seconds, microseconds)`, normalized, as `__reduce__` writes it. */
  reduceForPickle(): PyReduction {
    return { callable: ["datetime", "timedelta"], args: [this.days, this.seconds, this.microseconds] };
  }
}

/** Below this many days, a timedelta's days in microseconds are an exact double. */
const EXACT_DAYS = 100_000;

/**
 * `timedelta(days, seconds, microseconds).total_seconds()` for int32 arguments, as PyTimedelta
 * gives it (normalized, correctly rounded), without bigints while the microseconds are an exact
 * double; throws the constructor's TypeError when days are out of range.
 */
export function totalSecondsOf(days: number, seconds: number, microseconds: number): number {
  if (days > -EXACT_DAYS && days < EXACT_DAYS) {
    // Each term is exact; a sum of integers is exact while it is a safe integer (past 2**53 the
    // rounded sum is past MAX_SAFE_INTEGER too). Then one rounding, as divideCorrectlyRounded's.
    const partial = days * 86_400_000_000 + seconds * 1_000_000;
    const total = partial + microseconds;
    if (Math.abs(partial) <= Number.MAX_SAFE_INTEGER && Math.abs(total) <= Number.MAX_SAFE_INTEGER) return total / 1_000_000;
  }
  return new PyTimedelta(BigInt(days), BigInt(seconds), BigInt(microseconds)).totalSeconds();
}

const TWO_53 = 2n ** 53n;

/**
 * `n / d` rounded once to the nearest double (ties to even), as Python divides ints. Below 2**53
 * both operands are exact doubles and IEEE division rounds once; above, the quotient is taken with
 * 64 extra bits plus a sticky bit and converted by Number(), which also rounds once.
 */
function divideCorrectlyRounded(n: bigint, d: bigint): number {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  if (magnitude <= TWO_53) return Number(n) / Number(d);
  const shift = 64n;
  const scaled = magnitude << shift;
  let quotient = scaled / d;
  if (scaled % d !== 0n) quotient |= 1n;
  const result = Number(quotient) / 2 ** Number(shift);
  return negative ? -result : result;
}

/** The microseconds in each of timedelta's positional arguments (days, seconds, microseconds, milliseconds, minutes, hours, weeks). */
const MICROS_PER_ARGUMENT: readonly bigint[] = [MICROS_PER_DAY, MICROS_PER_SECOND, 1n, 1000n, 60n * MICROS_PER_SECOND, 3600n * MICROS_PER_SECOND, 7n * MICROS_PER_DAY];
/** The order CPython's delta_new adds them in (microseconds first), which its float rounding depends on. */
const ACCUMULATION_ORDER: readonly number[] = [2, 3, 1, 4, 5, 0, 6];

/** C's round(): halves away from zero. */
function roundHalfAway(value: number): number {
  const magnitude = Math.abs(value);
  let whole = Math.floor(magnitude);
  if (magnitude - whole >= 0.5) whole += 1;
  return value < 0 ? -whole : whole;
}

/**
 * `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)` of ints and
 * floats, as CPython's delta_new computes it: each int times its unit exactly; each float split
 * into its integral part (exact) and its fraction times the unit in double arithmetic, whose
 * integral part is kept and whose rest is summed, then rounded half to even against the total.
 * (Pickles hold the normalized three ints; a class's own `__reduce__` may give any of these.)
 */
export function timedeltaMicroseconds(qualname: string, args: readonly PyValue[]): bigint {
  let total = 0n;
  let leftover = 0;
  for (const index of ACCUMULATION_ORDER) {
    const arg = args[index];
    if (arg === undefined) continue;
    const unit = MICROS_PER_ARGUMENT[index]!;
    const isFloat = arg instanceof PyFloat || (typeof arg === "number" && !Number.isInteger(arg));
    if (!isFloat) {
      total += readInt(qualname, arg) * unit;
      continue;
    }
    const value = Number(arg);
    if (!Number.isFinite(value)) throw new TypeError(`${qualname}: cannot convert float ${Number.isNaN(value) ? "NaN" : "infinity"} to integer`);
    const whole = Math.trunc(value);
    total += BigInt(whole) * unit;
    const fraction = value - whole;
    if (fraction === 0) continue;
    const scaled = Number(unit) * fraction;
    const scaledWhole = Math.trunc(scaled);
    total += BigInt(scaledWhole);
    leftover += scaled - scaledWhole;
  }
  if (leftover !== 0) {
    let whole = roundHalfAway(leftover);
    if (Math.abs(whole - leftover) === 0.5) {
      // Exactly halfway: to even, counting the total's parity (CPython's x & 1).
      const isOdd = (total & 1n) === 1n ? 1 : 0;
      whole = 2 * roundHalfAway((leftover + isOdd) * 0.5) - isOdd;
    }
    total += BigInt(whole);
  }
  return total;
}

const timedeltaReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "datetime.timedelta";
    expectArgCount(qualname, args, 0, 7);
    return new PyTimedelta(0n, 0n, timedeltaMicroseconds(qualname, args));
  },
};

/** `datetime.timezone`: a fixed UTC offset with an optional name (`timezone.utc` is offset 0, no name). */
export class PyTimezone implements PyObjectValue, PyReducible {
  readonly pyClass: string = "datetime.timezone";
  constructor(
    readonly offset: PyTimedelta,
    readonly name: string | null = null,
  ) {}

  /** Not in the JSON mapping's list, so it shows as any other object: its class and arguments. */
  toPlain(): PyValue {
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    plain["__args__"] = this.name === null ? [this.offset] : [this.offset, this.name];
    return plain;
  }

  /** `timezone(offset[, name])`; `timezone(timedelta(0))` loads as the `timezone.utc` singleton. */
  reduceForPickle(): PyReduction {
    return { callable: ["datetime", "timezone"], args: this.name === null ? [this.offset] : [this.offset, this.name] };
  }
}

const timezoneReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "datetime.timezone";
    expectArgCount(qualname, args, 1, 2);
    const [offset, name] = args;
    if (!(offset instanceof PyTimedelta)) {
      throw new TypeError(`${qualname}: offset must be a timedelta, got ${describeValue(offset)}`);
    }
    if (offset.totalMicroseconds <= -MICROS_PER_DAY || offset.totalMicroseconds >= MICROS_PER_DAY) {
      throw new TypeError(`${qualname}: offset must be strictly between -24 and 24 hours`);
    }
    return new PyTimezone(offset, name === undefined || name === null ? null : readString(qualname, name));
  },
};

/** The UTC offset of a tzinfo we can evaluate (fixed offsets), else null. */
export function utcOffsetOf(tzinfo: PyValue): PyTimedelta | null {
  return tzinfo instanceof PyTimezone ? tzinfo.offset : null;
}

const pad2 = (value: number): string => value.toString().padStart(2, "0");

/** formatUtcOffset of an offset given in seconds (a zone's, pytz's, dateutil's). */
export function formatUtcOffsetSeconds(seconds: number): string {
  return formatUtcOffset(new PyTimedelta(0n, 0n, BigInt(Math.round(seconds * 1_000_000))));
}

/** Python's `_format_offset`: `+05:30`, `-01:00`, `+00:00:15`, `+00:00:00.000001`. */
export function formatUtcOffset(offset: PyTimedelta): string {
  const negative = offset.totalMicroseconds < 0n;
  const magnitude = negative ? -offset.totalMicroseconds : offset.totalMicroseconds;
  const totalSeconds = Number(magnitude / MICROS_PER_SECOND);
  const micros = Number(magnitude % MICROS_PER_SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const seconds = totalSeconds % 60;
  let text = `${negative ? "-" : "+"}${pad2(hours)}:${pad2(minutes)}`;
  if (seconds !== 0 || micros !== 0) {
    text += `:${pad2(seconds)}`;
    if (micros !== 0) text += `.${micros.toString().padStart(6, "0")}`;
  }
  return text;
}

/** Reconstructors for `datetime.timedelta` and `datetime.timezone`. */
export const timedeltaClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["datetime.timedelta", timedeltaReconstructor],
  ["datetime.timezone", timezoneReconstructor],
]);
