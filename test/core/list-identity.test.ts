// The decoder may build a list's first APPENDS as an exact-size copy that takes the empty list's
// place (decoder/unpickler.ts appendsToFreshList). That must never show: every list reached
// twice, from the memo or otherwise, is one object with every item, as CPython reads it.
import { isPyDict, isTuple, loads, type PyValue, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

type Graph = number | string | boolean | null | { [key: string]: Graph | Graph[] | Graph[][] };

interface IdentityCase {
  readonly name: string;
  readonly hex: string;
  readonly expected: Graph;
}

const hasPython = requirePython();
const CASES: IdentityCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/list_identity.py"))) : [];

/** The object graph as list_identity.py writes it: lists and tuples numbered on first sight, then {ref}. */
function graph(value: PyValue, seen: Map<unknown, number>): Graph {
  if (Array.isArray(value)) {
    const known = seen.get(value);
    if (known !== undefined) return { ref: known };
    const id = seen.size;
    seen.set(value, id);
    return { id, [isTuple(value) ? "tuple" : "list"]: value.map((item) => graph(item, seen)) };
  }
  if (value instanceof Map) return { dict: [...value].map(([key, item]) => [graph(key, seen), graph(item, seen)]) };
  if (isPyDict(value)) return { dict: Object.keys(value).map((key) => [key, graph(value[key]!, seen)]) };
  return value as Graph;
}

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
      expect(graph(loads(bytes, options), new Map())).toEqual(testCase.expected);
      expect(graph(decodeInChunks(bytes, 1, options), new Map())).toEqual(testCase.expected);
      expect(graph(decodeInChunks(bytes, 3, options), new Map())).toEqual(testCase.expected);
    }
  });
});
