import type { PyValue } from "../values/py-types.js";
import { PyGlobal, PyInstance } from "../values/placeholders.js";
import { dictGet, isDictValue } from "./dict-access.js";
import { PyTimedelta, utcOffsetOf } from "./timedelta.js";

// The time zones pickles name (the stdlib's fixed offsets, pytz, zoneinfo, dateutil), as rules a
// UTC offset is found from: pandas' Timestamps (a UTC instant and a zone) and datetimes' wall times
// (datetime.ts, the engine's record shapes) read them. Zones are evaluated with the time zone data
// of the JavaScript runtime (`Intl`), so no zone database ships with pkl-stream.

/** A time zone as pickles name them: a fixed offset (seconds), or an IANA zone name. */
export type ZoneRule = { readonly fixed: number } | { readonly zone: string };

/**
 * What a tzinfo value says, or null when we cannot evaluate it (then no offset is printed, as for
 * datetime). pytz zones pickle as `pytz._p(zone, utcoffset, dst, tzname)` (or `pytz._UTC()`,
 * `pytz.FixedOffset(minutes)`), zoneinfo as `ZoneInfo._unpickle(key, flag)`, dateutil's UTC and
 * fixed offsets as `tzutc()` / `tzoffset(name, seconds)`, the stdlib as `datetime.timezone`.
 */
export function zoneRule(tzinfo: PyValue | undefined): ZoneRule | null {
  if (tzinfo === null || tzinfo === undefined) return null;
  const fixed = utcOffsetOf(tzinfo);
  if (fixed !== null) return { fixed: Number(fixed.totalMicroseconds) / 1e6 };
  if (!(tzinfo instanceof PyInstance)) return null;
  const args = tzinfo.args;
  if (isZoneInfoUnpickle(tzinfo.callee)) return typeof args[0] === "string" ? zoneOf(args[0]) : null;
  // A pytz zone as a zone (a Timestamp is a UTC instant: the zone's offset then, not the one pytz localized to).
  if (tzinfo.pyClass === "pytz._p") return typeof args[0] === "string" ? zoneOf(args[0]) : null;
  // dateutil's tz.gettz("America/Chicago") (pandas' "dateutil/..." zones): tzfile(None, path), the
  // path's part after zoneinfo/ an IANA key.
  const key = gettzKey(tzinfo);
  if (key !== null) return zoneOf(key);
  const constant = constantUtcOffset(tzinfo);
  return constant === null ? null : { fixed: constant };
}

const zoneOf = (name: string): ZoneRule => (name === "UTC" ? { fixed: 0 } : { zone: name });

/**
 * The IANA key of dateutil's `tz.gettz(name)` zone read from a system zoneinfo folder: it pickles
 * as `tzfile(None, path)` (its transition tables the state), the path's part after `zoneinfo/`
 * the key. Null for any other tzinfo.
 */
function gettzKey(tzinfo: PyInstance): string | null {
  const path = tzinfo.args[1];
  if (tzinfo.pyClass !== "dateutil.tz.tz.tzfile" || typeof path !== "string") return null;
  const key = /(?:^|\/)zoneinfo\/(.+)$/.exec(path)?.[1];
  return key !== undefined && /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(key) ? key : null;
}

/**
 * A dateutil `tzoffset`'s seconds: its state's `_offset` (a timedelta), as dateutil pickles it
 * (`copyreg._reconstructor`, NEWOBJ, then BUILD of its `__dict__`), or its second argument when
 * a pickle names it `tzoffset(name, seconds)`.
 */
function dateutilOffset(tzinfo: PyInstance): number | null {
  const state = tzinfo.state;
  const offset = isDictValue(state) ? dictGet(state, "_offset") : undefined;
  if (offset !== undefined) return offset instanceof PyTimedelta ? Number(offset.totalMicroseconds) / 1e6 : null;
  return typeof tzinfo.args[1] === "number" ? tzinfo.args[1] : null;
}

/**
 * The time zone makers whose calls the decoder keeps as placeholders and reads when a datetime or
 * Timestamp holds one (`zoneRule`, `wallUtcOffset`, `constantUtcOffset`).
 */
export const zoneMakerNames: readonly string[] = ["pytz._p", "pytz._UTC", "pytz.FixedOffset", "dateutil.tz.tz.tzutc", "dateutil.tz.tz.tzoffset"];

/** The class a ZoneInfo pickles through: `getattr(zoneinfo.ZoneInfo, "_unpickle")(key, flag)`. */
export const ZONEINFO_CLASS = "zoneinfo.ZoneInfo";

/** The one method the decoder reads as `getattr(owner, name)`: what `ZoneInfo.__reduce__` returns. */
export const ZONEINFO_UNPICKLE = "zoneinfo.ZoneInfo._unpickle";

/** `getattr(zoneinfo.ZoneInfo, "_unpickle")`, the callable a ZoneInfo pickles with. */
export function isZoneInfoUnpickle(callee: PyValue): boolean {
  return (
    callee instanceof PyInstance &&
    callee.pyClass === "builtins.getattr" &&
    callee.args[0] instanceof PyGlobal &&
    callee.args[0].pyClass === ZONEINFO_CLASS &&
    callee.args[1] === "_unpickle"
  );
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      format = null; // not a zone this runtime's time zone data knows
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

/** 0001-01-01T00:00:00Z in seconds since the epoch: the first instant a datetime can be. */
const YEAR_1_SECONDS = -62_135_596_800;
/**
 * The earliest instant Intl is asked about: two days into year 1, so that the local date is in
 * year 1 in every zone (at 0001-01-01T00:00Z New York's local date is in 1 BC, which en-US prints
 * as year 1: an offset of +8755 hours). Offsets that early are constant (local mean time).
 */
const EARLIEST_ASKED = YEAR_1_SECONDS + 2 * 86_400;

/** Offsets change on whole quarter hours of UTC: a Timestamp's zone is read at its quarter hour's start. */
const OFFSET_BUCKET_SECONDS = 900;

/**
 * The offsets of a pandas zone-aware value, whose stored times are UTC instants: a zone that
 * cannot be evaluated (no rule, or a zone the runtime does not know) is read as UTC, printed with
 * +00:00, so the instant stays right (printed as a naive wall time it was off by the zone's
 * offset). Null for a naive value (no tz).
 */
export function instantOffsets(tz: PyValue | undefined): ZoneOffsets | null {
  if (tz === null || tz === undefined) return null;
  const rule = zoneRule(tz);
  const isKnown = rule !== null && !("zone" in rule && zoneFormat(rule.zone) === null);
  return new ZoneOffsets(isKnown ? rule : { fixed: 0 });
}

/** Evaluates a zone's UTC offset at instants (zoneOffset's table keeps what Intl said). */
export class ZoneOffsets {
  constructor(readonly rule: ZoneRule | null) {}

  /** Offset in seconds at `utcSeconds`, or null when the zone is unknown. */
  at(utcSeconds: number): number | null {
    const rule = this.rule;
    if (rule === null) return null;
    if ("fixed" in rule) return rule.fixed;
    return zoneOffset(rule.zone, Math.floor(utcSeconds / OFFSET_BUCKET_SECONDS) * OFFSET_BUCKET_SECONDS);
  }
}

/**
 * `zone`'s UTC offset in seconds at the instant `utcSeconds`, or null when the runtime does not
 * know the zone (or the instant is out of range). Asking Intl costs microseconds, and a column or
 * a stream asks for every value: a zone's offsets are learned a period (~388 days) at a time,
 * sampled daily and each change found to the second, then read from that table.
 */
export function zoneOffset(zone: string, utcSeconds: number): number | null {
  if (Math.abs(utcSeconds) > 8.64e12) return null;
  // Before year 1 Intl counts years back (1 BC is "1"): a datetime a day after 0001-01-01 asks for
  // its zone's offset then, and gets the one of year 1's first day.
  const at = Math.max(Math.floor(utcSeconds), YEAR_1_SECONDS);
  let periods = zonePeriods.get(zone);
  if (periods === undefined) {
    if (zoneFormat(zone) === null) return null;
    zonePeriods.set(zone, (periods = new Map()));
  }
  const index = Math.floor(at / PERIOD_SECONDS);
  let period = periods.get(index);
  if (period === undefined) {
    if (periods.size >= MAX_PERIODS) periods.clear();
    period = learnPeriod(zone, index * PERIOD_SECONDS);
    periods.set(index, period);
  }
  let offset = period.first;
  for (let i = 0; i < period.changes.length && period.changes[i]! <= at; i++) offset = period.offsets[i]!;
  return offset;
}

/** A zone's offsets over one period: the one at its start, then each change (its first second) and the offset from there. */
interface ZonePeriod {
  readonly first: number;
  readonly changes: readonly number[];
  readonly offsets: readonly number[];
}

/** 2^25 seconds (~388 days): a period holds a year's changes or so. */
const PERIOD_SECONDS = 2 ** 25;
/** Periods kept per zone before they are learned again (a table of ~10k years of one zone). */
const MAX_PERIODS = 10_000;
const zonePeriods = new Map<string, Map<number, ZonePeriod>>();

/** The period from `start`: Intl's offset at each day's start, and where two differ, the second it changed (a change back within a day is not seen). */
function learnPeriod(zone: string, start: number): ZonePeriod {
  const first = intlOffset(zone, start)!;
  const changes: number[] = [];
  const offsets: number[] = [];
  let before = first;
  let sampled = start;
  for (let day = start + DAY_SECONDS; day < start + PERIOD_SECONDS + DAY_SECONDS; day += DAY_SECONDS) {
    const end = Math.min(day, start + PERIOD_SECONDS - 1);
    const offset = intlOffset(zone, end)!;
    if (offset !== before) {
      // The change's first second in (sampled, end]: the offset there differs from `before`.
      let low = sampled;
      let high = end;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (intlOffset(zone, middle) === before) low = middle;
        else high = middle;
      }
      changes.push(high);
      offsets.push(offset);
      before = offset;
    }
    sampled = end;
    if (end === start + PERIOD_SECONDS - 1) break;
  }
  return { first, changes, offsets };
}

/** Intl's answer: `zone`'s offset at the instant `utcSeconds` (from year 1 on), or null for a zone the runtime does not know. */
function intlOffset(zone: string, utcSeconds: number): number | null {
  const format = zoneFormat(zone);
  if (format === null) return null;
  const fields: Record<string, number> = {};
  const at = Math.max(utcSeconds, EARLIEST_ASKED);
  for (const part of format.formatToParts(at * 1000)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const year = fields["relatedYear"] ?? fields["year"]!;
  // (setUTCFullYear takes years 1-99 as they are, where Date.UTC would map them to 1900-1999.)
  const wall = new Date(0);
  wall.setUTCFullYear(year, fields["month"]! - 1, fields["day"]!);
  wall.setUTCHours(fields["hour"]!, fields["minute"]!, fields["second"]!, 0);
  return Math.round(wall.getTime() / 1000 - at);
}

/**
 * The UTC offset in seconds `tzinfo.utcoffset(dt)` gives for a datetime whose wall time is
 * `wallSeconds` (seconds since the epoch, read as if it were UTC) and whose fold is `fold`, for
 * the tzinfos that are not the stdlib's fixed offsets (timedelta.ts utcOffsetOf has those); null
 * for one we cannot evaluate (no offset is printed). A pytz zone pickles the offset it was
 * localized to (`_p(zone, utcoffset, dst, tzname)`): that one, as pytz answers for it. A zoneinfo
 * zone's, and a dateutil `tz.gettz(name)` zone's, is the zone's at that wall time (zoneWallOffset).
 */
export function wallUtcOffset(tzinfo: PyValue, wallSeconds: number, fold: number): number | null {
  if (!(tzinfo instanceof PyInstance)) return null;
  const constant = constantUtcOffset(tzinfo);
  if (constant !== null) return constant;
  const args = tzinfo.args;
  if (isZoneInfoUnpickle(tzinfo.callee)) return typeof args[0] === "string" ? zoneWallOffset(args[0], wallSeconds, fold) : null;
  // dateutil's tz.gettz(name): the zone's offset at that wall time, a gap's as dateutil gives it.
  const key = gettzKey(tzinfo);
  if (key !== null) return key === "UTC" ? 0 : zoneWallOffset(key, wallSeconds, fold, true);
  // pytz's `_p(zone, utcoffset, dst, tzname)`: the offset it was localized to.
  return tzinfo.pyClass === "pytz._p" && typeof args[1] === "number" ? args[1] : null;
}

/**
 * The offset of a tzinfo that has one whatever the date, as its `utcoffset(None)` answers (a
 * `time`'s offset): dateutil's `tzutc()` and `tzoffset`, pytz's `utc`, `FixedOffset(minutes)` and
 * a zone of one offset (`_p(zone)`, pytz's StaticTzInfo), a zoneinfo zone of one offset
 * (`ZoneInfo("UTC")`, `"Etc/GMT+5"`); null for any other (a zone's offset needs a date: pytz's
 * DstTzInfo and zoneinfo's zones with history answer None).
 */
export function constantUtcOffset(tzinfo: PyValue): number | null {
  if (!(tzinfo instanceof PyInstance)) return null;
  const args = tzinfo.args;
  if (isZoneInfoUnpickle(tzinfo.callee)) return typeof args[0] === "string" ? fixedZoneOffset(args[0]) : null;
  switch (tzinfo.pyClass) {
    case "pytz._UTC":
    case "dateutil.tz.tz.tzutc":
      return 0;
    case "pytz.FixedOffset":
      return typeof args[0] === "number" ? args[0] * 60 : null;
    case "dateutil.tz.tz.tzoffset":
      return dateutilOffset(tzinfo);
    case "pytz._p":
      return args.length === 1 && typeof args[0] === "string" ? zoneOffset(args[0], 0) : null;
  }
  return null;
}

/** The zones of UTC, by their names in the zone database (and its Etc/ folder). */
const UTC_ZONES: ReadonlySet<string> = new Set(
  ["UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"].flatMap((name) => [name, `Etc/${name}`]),
);

/** Zones of one offset that are not UTC and not Etc/GMT+-N, with that offset in seconds. */
const OTHER_FIXED_ZONES: ReadonlyMap<string, number> = new Map([
  ["EST", -5 * 3600],
  ["MST", -7 * 3600],
  ["HST", -10 * 3600],
  ["Factory", 0],
]);

/**
 * The offset of a zoneinfo zone that has one offset and no history (zoneinfo's `_fixed_offset`:
 * its `utcoffset(None)` answers, so a `time` prints it), in seconds; null for any other key. By
 * name, not from the runtime's zone data: the zone files Python reads have these with one offset
 * each, where ICU may link a name to a zone with history (EST to America/Panama).
 */
function fixedZoneOffset(key: string): number | null {
  if (UTC_ZONES.has(key)) return 0;
  const other = OTHER_FIXED_ZONES.get(key);
  if (other !== undefined) return other;
  // Etc/GMT+5 is five hours behind UTC: POSIX's sign, the opposite of ISO's.
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(key);
  if (etc === null) return null;
  const hours = Number(etc[2]);
  if (hours > (etc[1] === "+" ? 12 : 14)) return null;
  return (etc[1] === "+" ? -hours : hours) * 3600;
}

/**
 * A wall time as seconds since the epoch, read as if it were UTC, in the proleptic Gregorian
 * calendar (years 1-99 as they are). Arithmetic, not a Date: a stream of zoned datetimes asks once
 * per datetime, and a Date and its two setters cost ~0.25 us. Days, hours, minutes and seconds
 * past their range carry over as Date's setters carry them; a month out of 1-12 goes to Date.
 */
export function wallSecondsOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (!(month >= 1 && month <= 12)) {
    const wall = new Date(0);
    wall.setUTCFullYear(year, month - 1, day);
    wall.setUTCHours(hour, minute, second, 0);
    return wall.getTime() / 1000;
  }
  return daysFromCivil(year, month, day) * DAY_SECONDS + hour * 3600 + minute * 60 + second;
}

/** Days from 1970-01-01 to `year-month-day` (month 1-12): Howard Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A day in seconds: offsets a day before and after a wall time bracket any one transition near it. */
const DAY_SECONDS = 86_400;

/**
 * `zone`'s UTC offset for the wall time `wallSeconds`, as zoneinfo gives it (PEP 495): the offset
 * the wall time has at exactly one instant; in an ambiguous hour (clocks set back) or a gap
 * (clocks set forward) the offset before the transition for fold 0, the one after for fold 1.
 * dateutil's zones (`gapAfter`) take the one after in a gap whatever the fold (its tzfile finds
 * the last transition whose wall time is not after the datetime's, and calls no gap time
 * ambiguous). Null when the runtime does not know the zone.
 */
export function zoneWallOffset(zone: string, wallSeconds: number, fold: number, gapAfter = false): number | null {
  const before = zoneOffset(zone, wallSeconds - DAY_SECONDS);
  const after = zoneOffset(zone, wallSeconds + DAY_SECONDS);
  if (before === null || after === null) return null;
  if (before === after) return before;
  // Which of the two offsets maps the wall time to an instant that has that offset.
  const isBefore = zoneOffset(zone, wallSeconds - before) === before;
  const isAfter = zoneOffset(zone, wallSeconds - after) === after;
  if (isBefore !== isAfter) return isBefore ? before : after;
  if (gapAfter && !isBefore) return after;
  return fold === 1 ? after : before;
}
