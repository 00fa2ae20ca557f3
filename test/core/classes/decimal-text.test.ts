// canonicalDecimalText (classes/decimal.ts): str(Decimal(text)), which the value path and the
// engine's Decimals read from their bytes (engine/island.ts) both write. A text already in the
// form str() prints is returned without the regex path: it must be exactly that form.
import { describe, expect, it } from "vitest";
import { canonicalDecimalText } from "../../../packages/core/src/classes/decimal.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

describe("canonicalDecimalText", () => {
  it.each([
    // Literals and CPython's str(Decimal(literal)) for each (python3.11).
    ["0.000001", "0.000001"],
    ["0.0000001", "1E-7"],
    ["0.000000", "0.000000"],
    ["0.0000000", "0E-7"],
    ["007.50", "7.50"],
    ["-0", "-0"],
    ["00", "0"],
    ["-0.00", "-0.00"],
    ["1.", "1"],
    [".5", "0.5"],
    ["1_000", "1000"],
    ["12345678901234567890.5", "12345678901234567890.5"],
    ["-120.000", "-120.000"],
    ["0.1000000", "0.1000000"],
    ["-000.0000010", "-0.0000010"],
    ["1E+3", "1E+3"],
    ["-", undefined],
    ["1.2.3", undefined],
  ])("writes %s as %s", (text, expected) => {
    if (expected === undefined) expect(() => canonicalDecimalText(text)).toThrow(/invalid literal/);
    else expect(canonicalDecimalText(text)).toBe(expected);
  });

  describe.runIf(requirePython())("against CPython", () => {
    it("writes str(Decimal(text)) for 6,000 literals, hand-written and as pickles hold them, and refuses the exponents Decimal() refuses", () => {
      const pairs = JSON.parse(runPythonScript(testPath("core/classes/decimal_texts.py"))) as [string, string | null][];
      expect(pairs.length).toBeGreaterThan(5000);
      const ours = (text: string): string | null => {
        try {
          return canonicalDecimalText(text);
        } catch {
          return null;
        }
      };
      const wrong = pairs.filter(([text, str]) => ours(text) !== str);
      expect(wrong).toEqual([]);
      expect(pairs.filter(([, str]) => str === null).length).toBeGreaterThanOrEqual(4);
    });
  });
});
