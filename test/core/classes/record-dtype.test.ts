// Record dtypes (issue 13): `np.rec.array` and `DataFrame.to_records()` pickle their dtype as
// `dtype(numpy.record, False, True)`. They decode as CPython loads them: structured arrays whose
// JSON is the contract's (test/fixtures/oracle.py, from the original object), whose dtype prints
// as numpy's str(dtype), `(numpy.record, [...])`.
import { spawnSync } from "node:child_process";
import { dumps, loadAll, NdArray, NumpyDtype, NumpyScalar, type PyValue, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitEvery } from "../../helpers/chunks.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

const runOracle = requirePython();

interface RecordCase {
  readonly name: string;
  readonly hex: string;
  readonly expected: string;
  readonly dtype: string;
}

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const JSON_OPTIONS = { dict: "map", wrapIntegralFloats: true } as const;

function dtypeOf(value: PyValue): NumpyDtype {
  if (value instanceof NumpyDtype) return value;
  if (value instanceof NdArray || value instanceof NumpyScalar) return value.dtype;
  throw new Error(`not a numpy value: ${String(value)}`);
}

describe.runIf(runOracle)("numpy record dtypes, against CPython", () => {
  const cases = runOracle ? (JSON.parse(runPythonScript(testPath("core/classes/record_dtype.py"))) as RecordCase[]) : [];

  it.each(cases)("decodes $name to CPython's JSON and dtype, in one push and in 1-byte chunks", ({ hex, expected, dtype }) => {
    const bytes = fromHex(hex);
    for (const [value] of [loadAll(bytes, JSON_OPTIONS), decodeChunks(splitEvery(bytes, 1), JSON_OPTIONS).records]) {
      expect(toJson(value!)).toBe(expected);
      expect(String(dtypeOf(value!))).toBe(dtype);
    }
  });

  it.each(cases.filter((c) => c.name.endsWith("protocol 4")))("writes $name back as a pickle CPython loads to the same dtype and values", ({ hex, dtype }) => {
    const [value] = loadAll(fromHex(hex));
    const script = "import pickle, sys; x = pickle.loads(sys.stdin.buffer.read()); import numpy; print(str(x if isinstance(x, numpy.dtype) else x.dtype)); print(pickle.dumps(x, 4).hex())";
    const result = spawnSync("python3", ["-c", script], { input: dumps(value!, { protocol: 4 }), encoding: "utf8" });
    expect(result.stderr).toBe("");
    const [written, again] = result.stdout.trim().split("\n");
    expect(written).toBe(dtype);
    // CPython pickles what it loaded from our bytes as it pickled the original.
    expect(again).toBe(hex);
  });

  it("has a case for each protocol of each record value", () => {
    expect(cases).toHaveLength(7 * 6);
  });
});
