// Strings under 25 bytes are decoded in JS (decoder/text.ts): ASCII in one fromCharCode call,
// 1- to 3-byte sequences through a reused code-unit buffer, anything else by the strict decoder.
// Every case is checked against CPython's unpickler (utf-8 with surrogatepass).
import { loads, PickleError } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

const hasPython = requirePython();

/** UTF-8 pieces, valid and not, placed at the start, middle and end of short strings. */
const PIECES = [
  "c3a9", // é (2 bytes)
  "c5a1", // š
  "e1bb85", // ễ (3 bytes)
  "efbfbf", // U+FFFF
  "e0a080", // U+0800, the smallest 3-byte one
  "f09f9880", // U+1F600 (4 bytes, a surrogate pair)
  "eda080", // a lone high surrogate (surrogatepass)
  "edbfbf", // a lone low surrogate
  "c0af", // overlong
  "e08080", // overlong 3-byte
  "f4908080", // above U+10FFFF
  "80", // a lone continuation byte
  "ff", // never in UTF-8
  "c3", // cut 2-byte sequence
  "e1bb", // cut 3-byte sequence
  "c328", // a 2-byte start followed by ASCII
  "e128a1", // a 3-byte start with a bad first continuation
  "e1bb28", // a 3-byte start with a bad second continuation
];

function payloads(): string[] {
  const out: string[] = [];
  for (const piece of PIECES) {
    const bytes = piece.length / 2;
    for (const [before, after] of [
      [0, 0],
      [3, 0],
      [0, 5],
      [2, 24 - 2 - bytes],
      [24 - bytes, 0],
      [25 - bytes, 0],
    ] as const) {
      if (before + bytes + after > 40) continue;
      out.push("41".repeat(before) + piece + "7a".repeat(after));
    }
  }
  out.push("c3a9".repeat(12), "e1bb85".repeat(8), "4fc3a9".repeat(8) + "41");
  return out;
}

function shortUnicodePickle(hex: string): Uint8Array {
  const payload = Buffer.from(hex, "hex");
  return Uint8Array.from([0x8c, payload.length, ...payload, 0x2e]);
}

describe.runIf(hasPython)("short strings", () => {
  it("decodes or refuses every short UTF-8 payload as CPython's unpickler does", () => {
    const cases = payloads();
    const expected = JSON.parse(runPythonScript(testPath("core/short_strings.py"), cases)) as ({ units: number[] } | { error: string })[];
    expect(expected).toHaveLength(cases.length);
    for (const [i, hex] of cases.entries()) {
      const want = expected[i]!;
      if ("error" in want) {
        expect(() => loads(shortUnicodePickle(hex)), hex).toThrow(PickleError);
      } else {
        const text = loads(shortUnicodePickle(hex)) as string;
        expect(typeof text, hex).toBe("string");
        const units = Array.from({ length: text.length }, (_, j) => text.charCodeAt(j));
        expect(units, hex).toEqual(want.units);
      }
    }
  });
});
