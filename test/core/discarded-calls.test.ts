// Calls whose result the pickle discards (REDUCE then POP / POP_MARK) are recorded in __effects__
// on their first placeholder argument, and a callable built while loading is nested in __class__:
// raw pickles from discarded_calls.py, each with the NDJSON CPython's oracle gives for it.
import { dumps, loads, PyInstance, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitEvery } from "../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

interface Case {
  readonly name: string;
  readonly hex: string;
  readonly json: string;
}

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

describe.runIf(requirePython())("discarded calls and computed callables", () => {
  const cases = JSON.parse(runPythonScript(testPath("core/discarded_calls.py"))) as Case[];

  it("has the cases of discarded_calls.py", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    expect(toJson(loads(fromHex(entry.hex), JSON_DECODE_OPTIONS))).toBe(entry.json);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s, fed one byte at a time", (_name, entry) => {
    const { records } = decodeChunks(splitEvery(fromHex(entry.hex), 1), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([entry.json]);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s, written back by dumps, decodes to the same JSON", (_name, entry) => {
    const value = loads(fromHex(entry.hex), JSON_DECODE_OPTIONS);
    expect(toJson(loads(dumps(value, { protocol: 4 }), JSON_DECODE_OPTIONS))).toBe(entry.json);
  });

  it("keeps the computed callable as the placeholder's callee, named by it in messages", () => {
    const entry = cases.find((item) => item.name.startsWith("a computed callable of a computed callable"))!;
    const value = loads(fromHex(entry.hex)) as PyInstance;
    expect(value.callee).toBeInstanceOf(PyInstance);
    expect(value.pyClass).toBe("m.f(...)(...)");
  });
});
