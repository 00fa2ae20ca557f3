// Datetimes and times whose tzinfo is one of dateutil's: a `tz.gettz(name)` zone read from a
// zoneinfo folder (`tzfile(None, ".../zoneinfo/NAME")`) prints the zone's offset at the wall time
// as `isoformat()` does, with the runtime's zone data (fold choosing in an ambiguous hour; in a
// gap dateutil's offset after the change, whatever the fold); `tzutc()` and `tzoffset` their
// offsets; `tzlocal()` and a POSIX-string zone none (docs/json-mapping.md, datetime). The fixtures
// are CPython's pickles and its `pickle.loads(data).isoformat()`
// (test/fixtures/zones/make_dateutil_zones.py, committed: dateutil is not on every machine).
import { describe, expect, it } from "vitest";
import { expectZoneCase, readZoneCases } from "../../helpers/zone-cases.js";

const cases = readZoneCases("fixtures/zones/dateutil-zones.json");

describe("datetimes and times in dateutil's zones", () => {
  it("has every case at protocols 2 to 5", () => {
    expect(cases).toHaveLength(104);
  });

  it.each(cases.map((entry) => [`${entry.name} (protocol ${entry.protocol})`, entry] as const))("%s: isoformat() as CPython's", (_name, entry) => {
    expectZoneCase(entry);
  });
});
