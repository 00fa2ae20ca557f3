// PickleWriter and appendPickles against CPython's pickle.load loop.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PyFloat, type PyValue, createDict, dumps, markTuple } from "@pkl-stream/core";
import { PickleWriter, appendPickles, pickleWriter, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { requirePython } from "../../helpers/python.js";
import { makeTempDir, runPython } from "../python.js";
import { runWriter } from "./collect.js";

/**
 * Python: every record of the file argv[1], loaded in a pickle.load loop, one repr per line;
 * sets are printed sorted (their order varies with the hash seed of each python3 run).
 */
const LOAD_LOOP_PY = `
import pickle, sys

def stable(value):
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable(item) for item in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable(k)}: {stable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(stable(item) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(stable(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)

with open(sys.argv[1], "rb") as f:
    while True:
        try:
            print(stable(pickle.load(f)))
        except EOFError:
            break
`;

function dict(entries: [string, PyValue][]): PyValue {
  const d = createDict();
  for (const [key, value] of entries) d[key] = value;
  return d;
}

const RECORDS: PyValue[] = [
  dict([["id", 1], ["name", "ada"], ["score", 2.5], ["ok", true]]),
  [markTuple([1, "a"]), new Set([3]), new Uint8Array([0, 255])],
  dict([["big", 2n ** 70n], ["float", new PyFloat(2)], ["none", null], ["map", new Map<PyValue, PyValue>([[7, "seven"]])]]),
];
const RECORDS_REPR = [
  "{'id': 1, 'name': 'ada', 'score': 2.5, 'ok': True}",
  "[(1, 'a'), {3}, b'\\x00\\xff']",
  "{'big': 1180591620717411303424, 'float': 2.0, 'none': None, 'map': {7: 'seven'}}",
];

describe.runIf(requirePython())("appendPickles", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it("writes one pickle per record that a pickle.load loop reads back", async () => {
    const path = join(temp.dir, "records.pkl");
    const summary = await appendPickles(path, RECORDS);
    expect(summary).toEqual({ records: 3, bytes: readFileSync(path).length });
    expect(runPython(LOAD_LOOP_PY, [path]).trim().split("\n")).toEqual(RECORDS_REPR);
  });

  it("appends to an existing file, as pickle.dump on a file opened with 'ab'", async () => {
    const path = join(temp.dir, "appended.pkl");
    runPython("import pickle,sys\nwith open(sys.argv[1],'ab') as f: pickle.dump('from python', f)", [path]);
    await appendPickles(path, RECORDS.slice(0, 1), { protocol: 2 });
    await appendPickles(path, (async function* () {
      yield RECORDS[1];
    })());
    expect(runPython(LOAD_LOOP_PY, [path]).trim().split("\n")).toEqual(["'from python'", RECORDS_REPR[0], RECORDS_REPR[1]]);
  });

  it("writes a None record given as { value: null } with input: records", async () => {
    const path = join(temp.dir, "none.pkl");
    await appendPickles(path, [{ value: null }, { value: 1 }], { input: "records" });
    expect(runPython(LOAD_LOOP_PY, [path]).trim().split("\n")).toEqual(["None", "1"]);
  });

  it("copies a decoded appended-records file record for record (readPickles -> appendPickles)", async () => {
    const source = new URL("../../../samples/appended-records.pkl", import.meta.url);
    const path = join(temp.dir, "copy.pkl");
    await appendPickles(path, readPickles(source.pathname, { dict: "map", wrapIntegralFloats: true }));
    expect(runPython(LOAD_LOOP_PY, [path])).toBe(runPython(LOAD_LOOP_PY, [source.pathname]));
  });

  it("refuses an empty path", async () => {
    await expect(appendPickles("", [])).rejects.toThrow(TypeError);
  });
});

describe("pickleWriter", () => {
  it("writes each record at the protocol asked for", async () => {
    const { output, error } = await runWriter(pickleWriter({ protocol: 3 }), [1, "two"]);
    expect(error).toBeUndefined();
    expect([output[0], output[1]]).toEqual([0x80, 3]);
    const second = output.indexOf(0x2e) + 1; // the first record ends at its STOP
    expect([output[second], output[second + 1]]).toEqual([0x80, 3]);
  });

  it("writes every record before one that cannot be pickled, then fails with its TypeError", async () => {
    const { output, error } = await runWriter(new PickleWriter(), [1, 2, [undefined], 4]);
    expect(error).toBeInstanceOf(TypeError);
    const expected = Buffer.concat((await Promise.all([1, 2].map((value) => runWriter(new PickleWriter(), [value])))).map((run) => run.output));
    expect(output).toEqual(expected);
  });

  it("writes many small records, then one big one, byte for byte as dumps writes each, and drops a failed record's bytes", async () => {
    // Past the writer's first pending buffer (64 KiB) several times, a 200 KB str past it at once,
    // and a failed record after records that are not taken yet.
    const records: PyValue[] = Array.from({ length: 5000 }, (_, i) => ({ seq: i, tag: `tag-${i % 7}` }));
    records.push("x".repeat(200_000), 5);
    const { output, error } = await runWriter(new PickleWriter(), [...records, [undefined], 6]);
    expect(error).toBeInstanceOf(TypeError);
    expect(Buffer.from(output).equals(Buffer.concat(records.map((record) => dumps(record))))).toBe(true);
  });

  it("refuses bad options at construction", () => {
    expect(() => pickleWriter({ protocol: 1 as never })).toThrow(RangeError);
    expect(() => pickleWriter({ input: "rows" as never })).toThrow(TypeError);
  });
});
