import { spawnSync } from "node:child_process";
import { OutputError, PyByteArray, PyFloat, PyInstance, type PyValue, createDict, loads, markTuple } from "@pkl-stream/core";
import { msgpackWriter } from "@pkl-stream/stream";
import { encodeMsgpackRecord, encodeMsgpackRecordSpilled } from "@pkl-stream/stream/writers/msgpack";
import { Packr, Unpackr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { hasPython } from "../../core/json/run-python.js";
import { decodeRecords } from "../../helpers/engine-paths.js";
import { decoderOptions, loadManifest, readPickle } from "../../helpers/fixtures.js";
import { runWriter } from "./collect.js";

function dict(entries: [string, PyValue][]): PyValue {
  const d = createDict();
  for (const [k, v] of entries) d[k] = v;
  return d;
}

/** Reads every msgpack value back, dicts as Maps (so int keys stay ints), int64 as bigint. */
function readBack(bytes: Buffer): unknown[] {
  return new Unpackr({ mapsAsObjects: false, useRecords: false, int64AsType: "bigint" }).unpackMultiple(bytes);
}

async function pack(records: PyValue[]): Promise<Buffer> {
  const { output, error } = await runWriter(msgpackWriter(), records);
  if (error !== undefined) throw error;
  return output;
}

/**
 * A CPython that can `import msgpack`, for the cross-check: `python3` on PATH first, then the
 * system's `/usr/bin/python3` (Debian's python3-msgpack, which .ci/run installs, lands there
 * while `python3` on PATH may be a pyenv build without it). As for every CPython oracle, the
 * check may be left out only when CI is unset and there is no python3 at all; otherwise a
 * missing module fails the run, saying what to install.
 */
const pythonWithMsgpack: string | undefined = ["python3", "/usr/bin/python3"].find(
  (command) => spawnSync(command, ["-c", "import msgpack"]).status === 0,
);
if (pythonWithMsgpack === undefined && (hasPython || process.env.CI === "true")) {
  throw new Error("neither python3 nor /usr/bin/python3 can import msgpack: install python3-msgpack (apt) or msgpack (pip); .ci/run installs it");
}

/** Runs `script` with the msgpack-capable CPython, `input` on stdin; returns stdout. */
function runPythonMsgpack(command: string, script: string, input: Uint8Array): string {
  const result = spawnSync(command, ["-c", script], { input, encoding: "utf8", env: { ...process.env, PYTHONIOENCODING: "utf-8" } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

describe("msgpackWriter", () => {
  it("writes records that msgpackr reads back with the spec's binary rules", async () => {
    const records: PyValue[] = [
      dict([
        ["int", 7],
        ["neg", -300],
        ["wide", 2 ** 40],
        ["i64", -(2n ** 63n)],
        ["u64", 2n ** 64n - 1n],
        ["huge", 2n ** 64n],
        ["float", 0.25],
        ["nan", Number.NaN],
        ["inf", Number.NEGATIVE_INFINITY],
        ["none", null],
      ]),
      [markTuple([1, "a"]), new Set([3, 2]), new Uint8Array([0, 255]), PyByteArray.from([9])],
      new Map<PyValue, PyValue>([
        [1, "one"],
        [2n ** 70n, "big key"],
        [true, "t"],
        [markTuple([1, 2]), "tuple key"],
      ]),
    ];
    const [first, second, third] = readBack(await pack(records)) as [Map<unknown, unknown>, unknown[], Map<unknown, unknown>];
    expect(Object.fromEntries(first)).toEqual({
      int: 7,
      neg: -300,
      wide: 2n ** 40n,
      i64: -(2n ** 63n),
      u64: 2n ** 64n - 1n,
      huge: (2n ** 64n).toString(),
      float: 0.25,
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      none: null,
    });
    expect(second).toEqual([[1, "a"], [3, 2], Buffer.from([0, 255]), Buffer.from([9])]);
    expect([...third.entries()]).toEqual([
      [1, "one"],
      [(2n ** 70n).toString(), "big key"],
      [true, "t"],
      [[1, 2], "tuple key"],
    ]);
  });

  it("writes integral floats (PyFloat, -0.0) as float64, never as ints", async () => {
    const bytes = await pack([new PyFloat(2), -0, [new PyFloat(-7)]]);
    expect([...bytes]).toEqual([
      0xcb, 0x40, 0x00, 0, 0, 0, 0, 0, 0,
      0xcb, 0x80, 0x00, 0, 0, 0, 0, 0, 0,
      0x91, 0xcb, 0xc0, 0x1c, 0, 0, 0, 0, 0, 0,
    ]);
    const values = readBack(bytes);
    expect(values[0]).toBe(2);
    expect(Object.is(values[1], -0)).toBe(true);
  });

  it("refuses a dict whose date key is written as the same str as another key, naming both kinds", async () => {
    // pickle.dumps({datetime.date(2024, 1, 2): 1, "2024-01-02": 2}, 2): two keys in Python, one
    // msgpack str (dict: "map" keeps the date a date; objects key it by its JSON text).
    const record = loads(
      Buffer.from(
        "80027d710028636461746574696d650a646174650a7101635f636f646563730a656e636f64650a7102580500000007c3a80102710358060000006c6174696e3171048671055271068571075271084b01580a000000323032342d30312d303271094b02752e",
        "hex",
      ),
      { dict: "map" },
    );
    const { output, error } = await runWriter(msgpackWriter(), [record]);
    expect(output.length).toBe(0);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toMatch(/the dict at \$ has two keys that msgpack writes alike \(2024-01-02\): one of them has no msgpack type of its own \(a date, .*written in its plain form/);
  });

  it("refuses a dict whose frozenset key is written as the array of a tuple key, and keeps tuple keys that differ", async () => {
    // pickle.dumps({frozenset({1, 2}): 1, (1, 2): 2, (1, b"x"): 3, (1, 2.0, (3,)): 4}, 4)
    const bytes = Buffer.from("80049533000000000000007d9428284b014b0291944b014b014b0286944b024b014301789486944b034b014740000000000000004b03859487944b04752e", "hex");
    const record = loads(bytes, { dict: "map" });
    const { output, error } = await runWriter(msgpackWriter(), [record]);
    expect(output.length).toBe(0);
    expect((error as Error).message).toMatch(/the dict at \$ has two keys that msgpack writes alike \(\[1,2\]\)/);
    (record as Map<PyValue, PyValue>).delete([...(record as Map<PyValue, PyValue>).keys()][0]!);
    const [back] = readBack(await pack([record])) as [Map<unknown, unknown>];
    expect([...back.values()]).toEqual([2, 3, 4]);
  });

  it("writes bytes as bin and placeholders as their toPlain() maps", async () => {
    const instance = new PyInstance("mod", "Thing", [1]);
    instance.setState(dict([["x", new Uint8Array([1])]]));
    const bytes = await pack([new Uint8Array([0xab]), instance]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xc4, 0x01, 0xab]);
    const [, plain] = readBack(bytes) as [unknown, Map<string, unknown>];
    expect(plain.get("__class__")).toBe("mod.Thing");
    expect(plain.get("__args__")).toEqual([1]);
    expect((plain.get("__state__") as Map<string, unknown>).get("x")).toEqual(Buffer.from([1]));
  });

  it("writes a shared object each time it is reached", async () => {
    const shared = dict([["k", [1, 2]]]);
    const instance = new PyInstance("m", "C");
    const stamp: PyValue = { pyClass: "datetime.date", toPlain: () => "2024-01-02" };
    expect(readBack(await pack([[shared, shared, instance, instance, stamp, [stamp]]]))[0]).toEqual([
      new Map([["k", [1, 2]]]),
      new Map([["k", [1, 2]]]),
      new Map([["__class__", "m.C"]]),
      new Map([["__class__", "m.C"]]),
      "2024-01-02",
      ["2024-01-02"],
    ]);
  });

  it("keeps __proto__, constructor and prototype keys as data", async () => {
    const [value] = readBack(await pack([dict([["__proto__", 1], ["constructor", dict([["prototype", 2]])]])])) as [
      Map<string, unknown>,
    ];
    expect([...value.keys()]).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>)["prototype"]).toBeUndefined();
  });

  it("stops at a cycle with an error naming the record, after writing the records before it", async () => {
    const cyclic = dict([["a", 1]]) as Record<string, PyValue>;
    cyclic["self"] = [cyclic];
    const { output, error } = await runWriter(msgpackWriter(), ["first", cyclic]);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).code).toBe("CYCLE");
    expect((error as OutputError).message).toMatch(/^record 1: cycle: the dict at \$ contains itself at \$\["self"\]\[0\]/);
    expect(readBack(output)).toEqual(["first"]);
  });

  it("refuses a memo bomb by its size before expanding it", async () => {
    let level: PyValue = [1];
    for (let i = 0; i < 60; i++) level = new Array<PyValue>(10).fill(level);
    const { output, error } = await runWriter(msgpackWriter(), [0, level]);
    expect((error as OutputError).code).toBe("LIMIT_EXCEEDED");
    expect((error as OutputError).limit).toBe("maxOutputBytes");
    expect((error as OutputError).message).toMatch(/^record 1: output passed maxOutputBytes \(67108864 bytes/);
    expect(readBack(output)).toEqual([0]);
  });

  it("enforces maxOutputBytes on the real size of non-ASCII text", async () => {
    const text = "é".repeat(100);
    const { error } = await runWriter(msgpackWriter({ maxOutputBytes: 150 }), [text]);
    expect((error as OutputError).code).toBe("LIMIT_EXCEEDED");
    const { error: fits } = await runWriter(msgpackWriter({ maxOutputBytes: 203 }), [text]);
    expect(fits).toBeUndefined();
  });

  it("gives a clean maxDepth error for 1,000,000 nested lists, and writes 500 levels", async () => {
    let deep: PyValue = [];
    for (let i = 1; i < 1_000_000; i++) deep = [deep];
    const { error } = await runWriter(msgpackWriter(), [deep]);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).code).toBe("LIMIT_EXCEEDED");
    expect((error as OutputError).limit).toBe("maxDepth");
    expect((error as OutputError).message).toContain("Raise the maxDepth option");

    let ok: PyValue = ["leaf"];
    for (let i = 1; i < 500; i++) ok = [ok];
    let read = readBack(await pack([ok]))[0];
    for (let i = 1; i < 500; i++) read = (read as unknown[])[0];
    expect(read).toEqual(["leaf"]);
  });

  it("validates maxDepth at the call", () => {
    expect(() => msgpackWriter({ maxDepth: 0 })).toThrow(RangeError);
  });

  describe.runIf(pythonWithMsgpack !== undefined)("read back by CPython's msgpack module", () => {
    it("reads the same values, floats as floats and int keys as ints", async () => {
      const bytes = await pack([
        new Map<PyValue, PyValue>([[1, new PyFloat(2)], [2n ** 64n, [new Uint8Array([7]), -0, Number.NaN]]]),
        dict([["s", "é"], ["t", true]]),
      ]);
      const script = `
import math, msgpack, sys
out = []
for v in msgpack.Unpacker(sys.stdin.buffer, raw=False, strict_map_key=False):
    out.append(repr(v))
print("\\n".join(out))
`;
      expect(runPythonMsgpack(pythonWithMsgpack!, script, bytes).trim().split("\n")).toEqual([
        "{1: 2.0, '18446744073709551616': [b'\\x07', -0.0, nan]}",
        "{'s': 'é', 't': True}",
      ]);
    });
  });
});

describe("encodeMsgpackRecordSpilled (a giant record the value path writes, to a file in pieces)", () => {
  const packr = new Packr({ useRecords: false });
  msgpackWriter(); // registers the float64 extension

  /** The whole record's bytes or error message, and the pieces (`packItems` keys and values each) plus the rest, or the error. */
  const both = (value: PyValue, maxOutputBytes = 1 << 30, packItems?: number) => {
    let whole: Buffer | string;
    try {
      whole = encodeMsgpackRecord(packr, value, 512, maxOutputBytes, 0);
    } catch (error) {
      whole = (error as Error).message;
    }
    const pieces: Uint8Array[] = [];
    let spilled: Buffer | string;
    try {
      const rest = encodeMsgpackRecordSpilled(packr, value, 512, maxOutputBytes, 0, (piece) => pieces.push(piece.slice()), 1, packItems);
      spilled = Buffer.concat([...pieces, rest]);
    } catch (error) {
      spilled = (error as Error).message;
    }
    return { whole, spilled, pieces: pieces.length };
  };

  it("writes every record of every committed fixture with encodeMsgpackRecord's bytes or error, packed 1, 3 or 20 keys and values at a time", () => {
    let spilledRecords = 0;
    for (const entry of loadManifest()) {
      const { records } = decodeRecords(readPickle(entry), decoderOptions(entry));
      for (const record of records) {
        for (const packItems of [1, 3, 20]) {
          const { whole, spilled, pieces } = both(record, 1 << 30, packItems);
          expect({ name: entry.name, packItems, spilled }).toEqual({ name: entry.name, packItems, spilled: whole });
          if (pieces > 1) spilledRecords++;
        }
      }
    }
    expect(spilledRecords).toBeGreaterThan(50);
  });

  it("packs a giant root's items 4,096 at a time at most (array16 batches whose head is cut off), with the whole record's bytes", () => {
    const value = Array.from({ length: 300_000 }, (_, i) => i / 3);
    const { whole, spilled, pieces } = both(value);
    expect(pieces).toBe(Math.ceil(300_000 / 4096));
    expect(spilled).toEqual(whole);
  });

  it("packs a smaller root in about 64 parts, a root of few entries (a DataFrame's columns) one entry at a time", () => {
    const map = new Map<PyValue, PyValue>(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, [i, i / 3, `v${i}`]] as [PyValue, PyValue]));
    const many = both(map);
    expect(many.pieces).toBe(64);
    expect(many.spilled).toEqual(many.whole);
    const columns = new Map<PyValue, PyValue>(["a", "b", "c"].map((name, c) => [name, Array.from({ length: 50_000 }, (_, i) => i * c + 0.5)]));
    const few = both(columns);
    expect(few.pieces).toBe(3);
    expect(few.spilled).toEqual(few.whole);
  });

  it("gives encodeMsgpackRecord's error for output past maxOutputBytes once packed (non-ASCII text), after its pieces", () => {
    const value = Array.from({ length: 100 }, (_, i) => `é${i}`);
    const { whole, spilled, pieces } = both(value, 450);
    expect(whole).toMatch(/output passed maxOutputBytes \(450 bytes; the record needs \d+\)/);
    expect(spilled).toBe(whole);
    expect(pieces).toBeGreaterThan(0);
  });
});
