// For plain data the Pickler writes CPython's bytes: same opcodes, memo indices, batches and
// frames as pickle.dumps. CPython pickles each case of plain_cases.py (every repeated str one
// object); we decode that pickle and encode it again at the same protocol.
import { dumps, loads, type PyValue } from "@pkl-stream/core";
import { genops } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

const PROTOCOLS = [2, 3, 4, 5] as const;

describe.runIf(requirePython())("bytes equal to CPython's pickle.dumps for plain data", () => {
  const expected = JSON.parse(runPythonScript(testPath("core/encoder/plain_cases.py"))) as Record<string, Record<string, string>>;
  const cases = Object.keys(expected).flatMap((name) => PROTOCOLS.map((protocol) => [name, protocol] as const));

  it.each(cases)("%s at protocol %i", (name, protocol) => {
    const original = Buffer.from(expected[name]![protocol]!, "hex");
    const value = loads(original, { dict: "map", wrapIntegralFloats: true }) as PyValue;
    const ours = Buffer.from(dumps(value, { protocol }));
    // Hex so that a mismatch shows where the bytes part.
    expect(ours.toString("hex")).toBe(original.toString("hex"));
  });

  it("exercises frame boundaries: the records case spans several frames at protocols 4 and 5", () => {
    for (const protocol of [4, 5]) {
      const frames = [...genops(Buffer.from(expected["records"]![protocol]!, "hex"))].filter((op) => op.info.name === "FRAME");
      expect(frames.length).toBeGreaterThan(2);
    }
  });
});
