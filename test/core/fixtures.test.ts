// Every committed fixture (test/fixtures/generate.py) decodes to the JSON CPython computes.
import { loadAll, OutputError, type PyValue, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import {
  decoderOptions,
  type FixtureEntry,
  loadManifest,
  readExpected,
  readPickle,
  toNdjson,
} from "../helpers/fixtures.js";

const manifest = loadManifest();
const writable = manifest.filter((entry) => entry.expected !== undefined);
const cyclic = manifest.filter((entry) => entry.throws === "cycle");

function decode(entry: FixtureEntry): PyValue[] {
  return loadAll(readPickle(entry), decoderOptions(entry));
}

describe("committed fixtures", () => {
  it.each(writable)("decodes $name to the NDJSON CPython computes", (entry) => {
    expect(toNdjson(decode(entry))).toBe(readExpected(entry));
  });

  it.each(manifest)("finds $records record(s) in $name", (entry) => {
    expect(decode(entry)).toHaveLength(entry.records);
  });

  it.each(cyclic)("decodes $name into a value that contains itself", (entry) => {
    const [value] = decode(entry);
    // recursive_list is [1, <itself>]; recursive_dict is {"name": "loop", "self": <itself>}.
    const inner = Array.isArray(value) ? value[1] : value instanceof Map ? value.get("self") : undefined;
    expect(inner).toBe(value);
  });

  it.each(cyclic)("refuses to write $name as JSON, with an OutputError naming the cycle", (entry) => {
    const [value] = decode(entry);
    const error = captureError(() => toJson(value!));
    expect(error).toBeInstanceOf(OutputError);
    expect(error).toMatchObject({ code: "CYCLE" });
  });

  it("covers protocols 0 to 5", () => {
    const protocols = new Set(manifest.map((entry) => entry.protocol));
    expect([0, 1, 2, 3, 4, 5].filter((protocol) => !protocols.has(protocol))).toEqual([]);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}
