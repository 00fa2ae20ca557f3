import { OutputError, PyFloat, type PyValue, loadAll } from "@pkl-stream/core";
import { jsonArrayWriter } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";
import { runPython, skipPythonTests } from "../../core/json/run-python.js";
import { runWriter } from "./collect.js";

describe("jsonArrayWriter", () => {
  it("writes the records as the elements of one array document", async () => {
    const { output, error } = await runWriter(jsonArrayWriter(), [1, "two", [new PyFloat(3)], new Set([4n])]);
    expect(error).toBeUndefined();
    expect(output.toString()).toBe('[1,"two",[3.0],[4]]\n');
  });

  it("writes [] for no records", async () => {
    expect((await runWriter(jsonArrayWriter(), [])).output.toString()).toBe("[]\n");
  });

  it("keeps the records before a failing one and writes no separator for it", async () => {
    const cyclic: PyValue[] = [];
    cyclic.push(cyclic);
    const { output, error } = await runWriter(jsonArrayWriter(), ["a", "b", cyclic]);
    expect((error as OutputError).code).toBe("CYCLE");
    expect((error as OutputError).recordIndex).toBe(2);
    expect(output.toString()).toBe('["a","b"');
  });

  it("writes a first record that fails as nothing at all", async () => {
    const { output, error } = await runWriter(jsonArrayWriter({ maxOutputBytes: 4 }), ["too long"]);
    expect(error).toBeInstanceOf(OutputError);
    expect(output.length).toBe(0);
  });

  it("writes 1,000,000 nested lists without overflowing the stack", async () => {
    let value: PyValue = [];
    for (let i = 1; i < 1_000_000; i++) value = [value];
    const { output, error } = await runWriter(jsonArrayWriter(), [value]);
    expect(error).toBeUndefined();
    expect(output.toString()).toBe(`[${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}]\n`);
  });
});

describe.runIf(!skipPythonTests)("jsonArrayWriter against CPython", () => {
  it("writes what json.dumps(records) writes", async () => {
    const script = `
import io, json, pickle, sys
records = [{"a": [1, 2.5, None], "b": {"c": "é"}}, [True, False], 10**30, -0.0, 1e-7, "x\\ty", 2.0]
buf = io.BytesIO()
for r in records:
    pickle.dump(r, buf, protocol=4)
sys.stdout.write(json.dumps({"pickles": buf.getvalue().hex(), "json": json.dumps(records, separators=(",", ":"), ensure_ascii=False)}))
`;
    const { pickles, json } = JSON.parse(runPython(script)) as { pickles: string; json: string };
    const records = loadAll(Buffer.from(pickles, "hex"), { wrapIntegralFloats: true });
    const { output } = await runWriter(jsonArrayWriter(), records);
    expect(output.toString("utf8")).toBe(`${json}\n`);
  });
});
