// Datetimes and times whose tzinfo is a zone, not a fixed offset (zoneinfo, pytz, dateutil): JSON
// and the value path print the offset `isoformat()` prints, computed from the zone at the wall
// time (zoneinfo: with the runtime's time zone data, fold choosing in gaps and ambiguous hours;
// pytz: the offset it was localized to); a time only an offset that needs no date. The fixtures are CPython's pickles and its
// `pickle.loads(data).isoformat()` (test/fixtures/zones/make_zones.py, committed: pytz and
// dateutil are not on every machine).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { testPath } from "../../helpers/python.js";
import { expectZoneCase, readZoneCases } from "../../helpers/zone-cases.js";

const cases = readZoneCases("fixtures/zones/zones.json");

describe("datetimes and times in zones", () => {
  it("has every case at protocols 2 to 5", () => {
    expect(cases).toHaveLength(128);
  });

  it.each(cases.map((entry) => [`${entry.name} (protocol ${entry.protocol})`, entry] as const))("%s: isoformat() as CPython's", (_name, entry) => {
    expectZoneCase(entry);
  });
});

interface ZoneStream {
  readonly name: "zoneinfo" | "pytz";
  readonly protocol: number;
  readonly pickle: string;
  readonly ndjson: string;
}

const streams = JSON.parse(readFileSync(testPath("fixtures/zones/zone-streams.json"), "utf8")) as ZoneStream[];

describe("streams of records with a datetime in a zone", () => {
  it.each(streams.map((stream) => [stream.name, stream.protocol, stream] as const))(
    "%s, protocol %i: the engine's record shapes write CPython's lines, each offset found for its record",
    (_name, _protocol, stream) => {
      const bytes = new Uint8Array(Buffer.from(stream.pickle, "base64"));
      const written = engineJson([bytes]);
      expect(written.text).toBe(stream.ndjson);
      expect(engineJson(splitEvery(bytes, 100)).text).toBe(stream.ndjson);
      expect(valuePathJson(bytes).text).toBe(stream.ndjson);
      expect(engineMsgpack([bytes]).hex).toBe(valuePathMsgpack(bytes).hex);
      // zoneinfo: two zones take turns (New York, Paris), a shape each, learned from their first
      // records. pytz: Paris localized in summer and in winter, utc and a FixedOffset, four shapes.
      expect(written.engine.shapeRecords).toBe(stream.name === "zoneinfo" ? 58 : 56);
      expect(written.engine.recordsWritten).toBe(60);
    },
  );

  it.each(["zoneinfo", "pytz"])("writes what the value path writes when bytes of the %s stream are replaced", (name) => {
    const bytes = new Uint8Array(Buffer.from(streams.find((stream) => stream.name === name && stream.protocol === 4)!.pickle, "base64"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 500 }), (edits, seed) => {
        const edited = new Uint8Array(bytes);
        for (const [at, value] of edits) edited[at] = value;
        const expected = valuePathJson(edited);
        for (const chunks of [[edited], splitRandomly(edited, seed, 300)]) {
          const { text, error } = engineJson(chunks);
          expect({ text, error }).toEqual({ text: expected.text, error: expected.error });
        }
      }),
      { numRuns: 300, seed: 1208 },
    );
  });
});

