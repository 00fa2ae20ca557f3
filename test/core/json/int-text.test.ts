// Ints are written digit by digit in int32 arithmetic (json/int-digits.ts): the text must be
// exactly the integer's decimal form at every magnitude up to 2^53, in a value and in a column.
import { toJson } from "@pkl-stream/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const EDGES = [0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 999_999_999, 1_000_000_000, 1_000_000_001, 999_999_999_999, 10 ** 15, 2 ** 53 - 1];

describe("int text", () => {
  it("writes every safe integer as its decimal digits", () => {
    fc.assert(
      fc.property(fc.integer({ min: -53, max: 53 }), fc.double({ min: 0, max: 1, noNaN: true }), (bits, fraction) => {
        // -0 is a float in the mapping (-0.0), not an int: `|| 0` makes it 0.
        const value = Math.sign(bits) * Math.floor(fraction * 2 ** Math.abs(bits)) || 0;
        expect(toJson(value)).toBe(String(value));
      }),
      { numRuns: 20_000, seed: 21 },
    );
  });

  it("writes the edges of int32 and of 10^9 splits, with both signs, in a list", () => {
    const values = EDGES.flatMap((value) => (value === 0 ? [0] : [value, -value]));
    expect(toJson(values)).toBe(`[${values.map(String).join(",")}]`);
  });
});
