import { type PyDecimal, PyFraction, type PyPath, type PyUuid, createDict } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { construct } from "./context.js";

describe("Decimal, Fraction, UUID and pathlib reconstructors", () => {
  it("prints a hand-written Decimal string as str(Decimal) would", () => {
    const text = (value: string): string => (construct("decimal.Decimal", [value]) as PyDecimal).text;
    expect(["1e3", "0.0001230", "-0e-7", "12345678901234567890.5", "nan", "-inf", "1_000"].map(text)).toEqual([
      "1E+3",
      "0.0001230",
      "-0E-7",
      "12345678901234567890.5",
      "NaN",
      "-Infinity",
      "1000",
    ]);
  });

  it("rejects a Decimal string that is not a number", () => {
    expect(() => construct("decimal.Decimal", ["1.2.3"])).toThrow(/invalid literal/);
  });

  it("reduces a Fraction to lowest terms from a pair or from Python's string forms", () => {
    expect(String(construct("fractions.Fraction", [6, -4]))).toBe("-3/2");
    expect(String(construct("fractions.Fraction", ["-1.25e-1"]))).toBe("-1/8");
    expect(String(construct("fractions.Fraction", ["10/5"]))).toBe("2");
    expect(construct("fractions.Fraction", [2n ** 70n, 2])).toBeInstanceOf(PyFraction);
  });

  it("fills a UUID from its BUILD state and prints it", () => {
    const uuid = construct("uuid.UUID", []) as PyUuid;
    const state = createDict();
    state["int"] = 0x12345678123456781234567812345678n;
    uuid.setState(state);
    expect(uuid.toPlain()).toBe("12345678-1234-5678-1234-567812345678");
  });

  it("rejects a UUID state without an int", () => {
    expect(() => (construct("uuid.UUID", []) as PyUuid).setState(createDict())).toThrow(/no 'int'/);
  });

  it("joins path parts as pathlib does for each flavour", () => {
    const path = (qualname: string, parts: string[]): string => (construct(qualname, parts) as PyPath).text;
    expect(path("pathlib.PurePosixPath", ["a", "/b", "c/./d"])).toBe("/b/c/d");
    expect(path("pathlib.PurePosixPath", ["///x"])).toBe("/x");
    expect(path("pathlib.PureWindowsPath", ["c:\\", "x", "/y"])).toBe("c:\\y");
    expect(path("pathlib.PureWindowsPath", ["d:", "rel"])).toBe("d:rel");
    expect(path("pathlib._local.PosixPath", [])).toBe(".");
  });
});
