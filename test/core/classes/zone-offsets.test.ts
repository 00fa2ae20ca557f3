// zoneOffset: a zone's UTC offset at an instant, read from periods it learned from Intl (sampled
// daily, each change found to the second), equal to asking Intl for that instant, at random
// instants and right around each change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { zoneOffset } from "../../../packages/core/src/classes/zones.js";

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
