// In map mode a big SETITEMS batch (64 pairs or more) waits, its pairs kept in order, and goes
// into its Map at the record's STOP or as soon as anything could look at the Map (decoder/
// machine.ts pendingMap): a reconstructor, persistentLoad, BUILD, another batch into it. None of
// that may show: every Map holds CPython's entries in CPython's order, and code that gets a Map
// during the decode sees all the entries the pickle gave it so far.
import { type ClassReconstructor, loads, type PyValue, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

interface BatchCase {
  readonly name: string;
  readonly hex: string;
  readonly expected: unknown;
}

const hasPython = requirePython();
const CASES: BatchCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/map_batches.py"))) : [];

/** The value as map_batches.py's shape(): each Map as {map: [[key, value], ...]} in its order. */
function shape(value: PyValue): unknown {
  if (value instanceof Map) return { map: [...value].map(([key, item]) => [shape(key), shape(item)]) };
  if (Array.isArray(value)) return value.map(shape);
  return value;
}

// The reconstructor and persistent_load of map_batches.py: each returns the size of the dict it gets.
const counted: ClassReconstructor = { construct: (args) => (args[0] as Map<PyValue, PyValue>).size };
const options = { dict: "map" as const, classes: { "__main__.Counted": counted }, persistentLoad: (pid: PyValue) => (pid as Map<PyValue, PyValue>).size };

function decodeInChunks(bytes: Uint8Array, size: number): PyValue {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  for (let at = 0; at < bytes.length; at += size) records.push(...unpickler.push(bytes.subarray(at, at + size)));
  unpickler.end();
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe.runIf(hasPython)("map mode's big SETITEMS batches", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("decodes %s to CPython's entries in CPython's order, in one piece and in 1- and 7-byte chunks", (_, testCase) => {
    const bytes = Uint8Array.from(Buffer.from(testCase.hex, "hex"));
    expect(shape(loads(bytes, options))).toEqual(testCase.expected);
    expect(shape(decodeInChunks(bytes, 1))).toEqual(testCase.expected);
    expect(shape(decodeInChunks(bytes, 7))).toEqual(testCase.expected);
  });

  it("hands out entries (emit: \"entries\") whose Maps are whole when push returns them", () => {
    const testCase = CASES.find((c) => c.name.startsWith("entries:"))!;
    const bytes = Uint8Array.from(Buffer.from(testCase.hex, "hex"));
    const expected = (testCase.expected as { map: unknown[][] }).map;
    for (const size of [1, 7, 4096]) {
      const unpickler = new Unpickler({ ...options, emit: "entries" });
      const seen: unknown[] = [];
      for (let at = 0; at < bytes.length; at += size) {
        // Shaped right away: a Map completed later would pass a check made after end().
        for (const entry of unpickler.push(bytes.subarray(at, at + size))) seen.push(shape(entry));
      }
      unpickler.end();
      expect(seen).toEqual(expected);
    }
  });

  it("hands each record of a stream its own complete Map", () => {
    const first = CASES.find((c) => c.name.startsWith("a dict of 2500 entries"))!;
    const bytes = Buffer.from(first.hex + first.hex, "hex");
    const unpickler = new Unpickler(options);
    const records = unpickler.push(bytes);
    unpickler.end();
    expect(records.map(shape)).toEqual([first.expected, first.expected]);
    expect(records[0]).not.toBe(records[1]);
  });
});
