// writeMillisFloat writes exactly floatRepr's text for every float it takes (whole thousandths
// below 1e9) and declines the rest.
import { floatRepr } from "@pkl-stream/core/json";
import { writeMillisFloat } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

function written(value: number): string | undefined {
  const out = new Uint8Array(32);
  const end = writeMillisFloat(out, 0, value);
  return end < 0 ? undefined : Buffer.from(out.subarray(0, end)).toString("latin1");
}

describe("writeMillisFloat", () => {
  it("writes repr's text for whole thousandths below 1e9", () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), (k) => {
        const value = k / 1000;
        const text = written(value);
        if (text !== undefined) expect(text).toBe(floatRepr(value));
        if (k !== 0) expect(text).toBeDefined();
      }),
      { numRuns: 20000, seed: 3 },
    );
  });

  it("declines any other float, or writes repr's text", () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const text = written(value);
        if (text !== undefined) expect(text).toBe(floatRepr(value));
      }),
      { numRuns: 20000, seed: 4 },
    );
    for (const value of [0, -0, 1e9, 0.0005, 1.0001, Number.NaN, Number.POSITIVE_INFINITY, 1 / 3]) expect(written(value)).toBeUndefined();
  });

  it("writes 2.0, -0.5 and 999999999.999 as repr does", () => {
    expect([written(2), written(-0.5), written(999_999_999.999)]).toEqual(["2.0", "-0.5", "999999999.999"]);
  });
});
