// zoneOffset: a zone's UTC offset at an instant, read from periods it learned from Intl (sampled
// daily, each change found to the second), equal to asking Intl for that instant, at random
// instants and right around each change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wallSecondsOf, zoneOffset } from "../../../packages/core/src/classes/zones.js";

/** Intl's own answer: the wall time it shows for the instant, less the instant. */
function intlOffset(zone: string, utcSeconds: number): number {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(utcSeconds * 1000)) if (part.type !== "literal") fields[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(fields["year"]!, fields["month"]! - 1, fields["day"]!);
  wall.setUTCHours(fields["hour"]!, fields["minute"]!, fields["second"]!, 0);
  return Math.round(wall.getTime() / 1000 - utcSeconds);
}

const ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Europe/London"];
/** 1900-01-01 and 2100-01-01 in seconds since the epoch. */
const FROM = -2_208_988_800;
const TO = 4_102_444_800;

describe("zoneOffset", () => {
  it("is Intl's offset at random instants from 1900 to 2100", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), (zone, at) => {
        expect(zoneOffset(zone, at)).toBe(intlOffset(zone, at));
      }),
      { numRuns: 3000, seed: 1206 },
    );
  });

  it("changes at the second Intl's does, around New York's and Paris' changes of 2024", () => {
    // 2024-03-10T07:00:00Z (New York springs forward), 2024-11-03T06:00:00Z (back), 2024-03-31T01:00:00Z (Paris).
    for (const [zone, change] of [["America/New_York", 1_710_054_000], ["America/New_York", 1_730_613_600], ["Europe/Paris", 1_711_846_800]] as const) {
      for (const at of [change - 2, change - 1, change, change + 1]) expect(zoneOffset(zone, at), `${zone} ${at}`).toBe(intlOffset(zone, at));
    }
  });

  it("is null for a zone the runtime does not know", () => {
    expect(zoneOffset("Not/A_Zone", 0)).toBeNull();
  });
});

describe("wallSecondsOf", () => {
  /** What a Date's UTC setters make of the fields (years 1-99 as they are). */
  function dateSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wall = new Date(0);
    wall.setUTCFullYear(year, month - 1, day);
    wall.setUTCHours(hour, minute, second, 0);
    return wall.getTime() / 1000;
  }

  it("is a Date's reading of the fields for every datetime of years 1-9999, past-range days and times included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 70 }),
        (year, month, day, hour, minute, second) => {
          expect(wallSecondsOf(year, month, day, hour, minute, second)).toBe(dateSeconds(year, month, day, hour, minute, second));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("agrees at the calendar's edges: leap days, century years, year 1 and 9999, and a month out of range", () => {
    const cases: [number, number, number, number, number, number][] = [
      [1, 1, 1, 0, 0, 0],
      [9999, 12, 31, 23, 59, 59],
      [1970, 1, 1, 0, 0, 0],
      [2000, 2, 29, 12, 0, 0],
      [1900, 2, 29, 0, 0, 0],
      [2100, 3, 1, 0, 0, 0],
      [400, 2, 29, 0, 0, 0],
      [1969, 12, 31, 23, 59, 59],
      [2024, 0, 15, 0, 0, 0],
      [2024, 13, 1, 0, 0, 0],
      [2024, 127, 1, 0, 0, 0],
    ];
    for (const fields of cases) expect(wallSecondsOf(...fields)).toBe(dateSeconds(...fields));
  });
});
