// A record's maxNesting is how deeply containers nest in the value it loads (what a check for
// deep nesting wants), not the height of the Unpickler's stack: a flat dict of small dicts
// pushes a thousand items per SETITEMS batch yet nests 2 deep. And a record with no opcode
// has no protocol to report (null, never -1).
import { spawnSync } from "node:child_process";
import { auditPickle } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { requirePython } from "../../helpers/python.js";

const runOracle = requirePython();

/** Values and the containers nested in each, pickled by CPython at every protocol. */
const NESTED_VALUES = `
import collections, datetime, json, pickle
values = [
  ("scalar", 5, 0),
  ("datetime", datetime.datetime(2024, 1, 2, 3, 4, 5), 0),
  ("empty list", [], 1),
  ("[[[1]]]", [[[1]]], 3),
  ("[[[]]]", [[[]]], 3),
  ("(((1,),),)", (((1,),),), 3),
  ("dict of 10 small dicts", {i: {"a": i} for i in range(10)}, 2),
  ("flat dict of 3000 small dicts", {f"key-{i}": {"a": i, "b": str(i) * 3} for i in range(3000)}, 2),
  ("set of tuples", {(1, 2)}, 2),
  ("OrderedDict of a list", collections.OrderedDict(a=[1]), 2),
  ("dict of a datetime list", {"at": [datetime.date(2024, 1, 2)]}, 2),
  ("list nested 50 deep", __import__("functools").reduce(lambda inner, _: [inner], range(49), [1]), 50),
]
out = [{"name": f"{name} protocol {p}", "hex": pickle.dumps(v, protocol=p).hex(), "depth": depth} for name, v, depth in values for p in range(6)]
print(json.dumps(out))
`;

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe.runIf(runOracle)("auditPickle's nesting of CPython pickles", () => {
  const result = runOracle ? spawnSync("python3", ["-c", NESTED_VALUES], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }) : undefined;
  if (result !== undefined && result.status !== 0) throw new Error(result.error?.message ?? result.stderr);
  const cases = result === undefined ? [] : (JSON.parse(result.stdout) as { name: string; hex: string; depth: number }[]);
  for (const { name, hex, depth } of cases) {
    it(`counts ${depth} container${depth === 1 ? "" : "s"} nested in ${name}`, () => {
      const [record] = auditPickle(fromHex(hex)).records;
      expect(record!.isComplete).toBe(true);
      expect(record!.maxNesting).toBe(depth);
    });
  }
});

describe("auditPickle's nesting", () => {
  it("is the deepest record's in the summary", () => {
    // [[1]] then [1]: protocol 2 records.
    const bytes = bytesOf("\x80\x02]q\x00]q\x01K\x01aa.\x80\x02]q\x00K\x01a.");
    const audit = auditPickle(bytes);
    expect(audit.records.map((record) => record.maxNesting)).toEqual([2, 1]);
    expect(audit.summary.maxNesting).toBe(2);
  });

  it("counts an object as deep as its BUILD state and its items, not its args tuple", () => {
    // __main__.P() with state {"a": [1]}: the instance holds a dict holding a list.
    const built = auditPickle(bytesOf("\x80\x02c__main__\nP\nq\x00)\x81q\x01}q\x02X\x01\x00\x00\x00aq\x03]q\x04K\x01asb."));
    expect(built.records[0]!.maxNesting).toBe(2);
    // builtins.set(([1],)) as protocol 2 writes a set: the list inside the args tuple is the set's contents.
    const set = auditPickle(bytesOf("\x80\x02c__builtin__\nset\nq\x00]q\x01K\x01a\x85q\x02Rq\x03."));
    expect(set.records[0]!.maxNesting).toBe(1);
  });

  it("counts what a cut record built before it ended", () => {
    // [[1, 2] then the input ends.
    const audit = auditPickle(bytesOf("\x80\x02]q\x00(]q\x01(K\x01K\x02e"));
    expect(audit.records[0]).toMatchObject({ isComplete: false, maxNesting: 1 });
    expect(audit.error?.code).toBe("TRUNCATED");
  });
});

describe("auditPickle's protocol of a record", () => {
  it("is null with no PROTO, and the newest opcode's protocol is that of the opcodes read", () => {
    const [record] = auditPickle(bytesOf("(lp0\nI1\na.")).records;
    expect(record).toMatchObject({ protocol: null, highestOpcodeProtocol: 0, isComplete: true });
  });

  it("has no newest opcode protocol (null, not -1) for input with no opcode", () => {
    const audit = auditPickle(bytesOf('{"a": 1}'));
    expect(audit.records[0]).toMatchObject({ protocol: null, highestOpcodeProtocol: null, isComplete: false });
    expect(audit.error).toMatchObject({ code: "UNKNOWN_OPCODE", offset: 0 });
  });
});
