// The decoder may build a list's first APPENDS as an exact-size copy that takes the empty list's
// place (decoder/unpickler.ts appendsToFreshList). That must never show: every list reached
// twice, from the memo or otherwise, is one object with every item, as CPython reads it.
import { loads, type PyValue, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { type Graph, objectGraph } from "../helpers/object-graph.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";


interface IdentityCase {
  readonly name: string;
  readonly hex: string;
  readonly expected: Graph;
}

const hasPython = requirePython();
const CASES: IdentityCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/list_identity.py"))) : [];


function decodeInChunks(bytes: Uint8Array, size: number, options: { dict?: "map" }): PyValue {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  for (let at = 0; at < bytes.length; at += size) records.push(...unpickler.push(bytes.subarray(at, at + size)));
  unpickler.end();
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe.runIf(hasPython)("lists and their identity", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("decodes %s to CPython's object graph, in one piece and in 1- and 3-byte chunks", (_, testCase) => {
    const bytes = Uint8Array.from(Buffer.from(testCase.hex, "hex"));
    for (const options of [{}, { dict: "map" as const }]) {
      expect(objectGraph(loads(bytes, options), new Map())).toEqual(testCase.expected);
      expect(objectGraph(decodeInChunks(bytes, 1, options), new Map())).toEqual(testCase.expected);
      expect(objectGraph(decodeInChunks(bytes, 3, options), new Map())).toEqual(testCase.expected);
    }
  });
});
