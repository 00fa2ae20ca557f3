// Past 65,536 entries the decoder's memo is kept in fixed chunks (decoder/dense-memo.ts): reads,
// overwrites, holes and the exact-size list swap must work on both sides of the boundary, as
// CPython's unpickler reads the same pickles.
import { loads, PickleError, type PyValue, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { type Graph, objectGraph } from "../helpers/object-graph.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";


interface MemoCase {
  readonly name: string;
  readonly hex: string;
  readonly expected: { value: Graph } | { error: true };
}

const hasPython = requirePython();
const CASES: MemoCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/large_memo.py"))) : [];


function decodeInChunks(bytes: Uint8Array, size: number): PyValue {
  const unpickler = new Unpickler();
  const records: PyValue[] = [];
  for (let at = 0; at < bytes.length; at += size) records.push(...unpickler.push(bytes.subarray(at, at + size)));
  unpickler.end();
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe.runIf(hasPython)("memos of more than 65,536 entries", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("decode %s as CPython does, in one piece and in 4 KiB chunks", (_, testCase) => {
    const bytes = Uint8Array.from(Buffer.from(testCase.hex, "hex"));
    if ("error" in testCase.expected) {
      expect(() => loads(bytes)).toThrow(PickleError);
      expect(() => decodeInChunks(bytes, 4096)).toThrow(PickleError);
      return;
    }
    expect(objectGraph(loads(bytes), new Map())).toEqual(testCase.expected.value);
    expect(objectGraph(decodeInChunks(bytes, 4096), new Map())).toEqual(testCase.expected.value);
  });
});
