// Datetimes and times whose tzinfo is a zone, not a fixed offset (zoneinfo, pytz, dateutil): JSON
// and the value path print the offset `isoformat()` prints, computed from the zone at the wall
// time (zoneinfo: with the runtime's time zone data, fold choosing in gaps and ambiguous hours;
// pytz: the offset it was localized to); a time only an offset that needs no date. The fixtures are CPython's pickles and its
// `pickle.loads(data).isoformat()` (test/fixtures/zones/make_zones.py, committed: pytz and
// dateutil are not on every machine).
import { readFileSync } from "node:fs";
import { loads, type PyDateTime, type PyTime } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { testPath } from "../../helpers/python.js";

interface ZoneCase {
  readonly name: string;
  readonly protocol: number;
  readonly pickle: string;
  readonly iso: string;
}

const cases = (JSON.parse(readFileSync(testPath("fixtures/zones/zones.json"), "utf8")) as ZoneCase[]).map((entry) => ({
  ...entry,
  bytes: new Uint8Array(Buffer.from(entry.pickle, "base64")),
}));

describe("datetimes and times in zones", () => {
  it("has every case at protocols 2 to 5", () => {
    expect(cases).toHaveLength(116);
  });

  it.each(cases.map((entry) => [`${entry.name} (protocol ${entry.protocol})`, entry] as const))("%s: isoformat() as CPython's", (_name, entry) => {
    const value = loads(entry.bytes, { dict: "map" }) as Map<string, PyDateTime | PyTime>;
    expect(value.get("t")!.isoformat()).toBe(entry.iso);
    const line = `{"t":${JSON.stringify(entry.iso)},"in":[${JSON.stringify(entry.iso)}]}\n`;
    expect(valuePathJson(entry.bytes).text).toBe(line);
    expect(engineJson([entry.bytes]).text).toBe(line);
    expect(engineJson(splitEvery(entry.bytes, 7)).text).toBe(line);
    expect(engineMsgpack([entry.bytes]).hex).toBe(valuePathMsgpack(entry.bytes).hex);
  });
});
