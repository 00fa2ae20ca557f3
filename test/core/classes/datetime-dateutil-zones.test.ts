// Datetimes and times whose tzinfo is one of dateutil's: a `tz.gettz(name)` zone read from a
// zoneinfo folder (`tzfile(None, ".../zoneinfo/NAME")`) prints the zone's offset at the wall time
// as `isoformat()` does, with the runtime's zone data (fold choosing in an ambiguous hour; in a
// gap dateutil's offset after the change, whatever the fold); `tzutc()` and `tzoffset` their
// offsets; `tzlocal()` and a POSIX-string zone none (docs/json-mapping.md, datetime). The fixtures
// are CPython's pickles and its `pickle.loads(data).isoformat()`
// (test/fixtures/zones/make_dateutil_zones.py, committed: dateutil is not on every machine).
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

const cases = (JSON.parse(readFileSync(testPath("fixtures/zones/dateutil-zones.json"), "utf8")) as ZoneCase[]).map((entry) => ({
  ...entry,
  bytes: new Uint8Array(Buffer.from(entry.pickle, "base64")),
}));

describe("datetimes and times in dateutil's zones", () => {
  it("has every case at protocols 2 to 5", () => {
    expect(cases).toHaveLength(104);
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
