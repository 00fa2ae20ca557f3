// numpy bool, int and float scalars (classes/numpy-scalar.ts, read without a DataView of their
// own): their JSON is json.dumps(scalar.item()), for every size, both byte orders and each
// type's extremes.
import { loads, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { engineJson } from "../../helpers/engine-paths.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

describe.runIf(requirePython())("numpy number scalars against CPython", () => {
  const cases = (JSON.parse(runPythonScript(testPath("core/classes/number_scalars.py"))) as [string, string][]).map(
    ([data, json]) => [Buffer.from(data, "base64"), json] as const,
  );

  it("gets every case", () => {
    expect(cases).toHaveLength(134);
  });

  it("writes json.dumps(item()) for each scalar", () => {
    const wrong = cases.filter(([bytes, json]) => toJson(loads(bytes)) !== json).map(([bytes, json]) => [bytes.toString("hex"), json]);
    expect(wrong).toEqual([]);
  });

  it("writes the same through the JSON engine, the pickles appended as a stream", () => {
    // A class as the whole record is the value path's, which the engine hands it to.
    const stream = Buffer.concat(cases.map(([bytes]) => bytes));
    const { text, error } = engineJson([stream]);
    expect(error).toBeUndefined();
    expect(text).toBe(cases.map(([, json]) => `${json}\n`).join(""));
  });
});
