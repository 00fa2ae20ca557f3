// writeShortFloat writes exactly floatRepr's text (Python's repr) for every float it takes and
// declines (-1) the rest: checked on arbitrary doubles and on the shapes records hold most.
import { writeShortFloat } from "@pkl-stream/core/engine";
import { floatRepr } from "@pkl-stream/core/json";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const out = new Uint8Array(64);

function written(value: number): string | undefined {
  const end = writeShortFloat(out, 8, value);
  return end < 0 ? undefined : Buffer.from(out.subarray(8, end)).toString("latin1");
}

/** Every value the property gives is written as repr writes it, or declined. */
function expectReprOrDecline(values: fc.Arbitrary<number>, seed: number, mustTake: (value: number) => boolean): void {
  fc.assert(
    fc.property(values, (value) => {
      const text = written(value);
      if (text !== undefined) expect(text).toBe(floatRepr(value));
      if (mustTake(value)) expect(text, `declined ${value}`).toBeDefined();
    }),
    { numRuns: 20_000, seed },
  );
}

describe("writeShortFloat", () => {
  it("writes repr's text for whole thousandths below 1e9, and takes all of them", () => {
    expectReprOrDecline(
      fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }).map((k) => k / 1000),
      3,
      (value) => value !== 0,
    );
  });

  it("writes repr's text for decimals of up to 15 significant digits, and takes all of them", () => {
    const decimals = fc
      .tuple(fc.integer({ min: 1, max: 999_999_999_999_999 }), fc.integer({ min: 0, max: 18 }), fc.boolean())
      .map(([digits, n, negative]) => (negative ? -1 : 1) * (digits / 10 ** n))
      .filter((value) => Math.abs(value) >= 1e-4);
    expectReprOrDecline(decimals, 5, () => true);
  });

  it("writes repr's text for time.time()-like timestamps, and takes all of them", () => {
    const stamps = fc
      .tuple(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([seconds, fraction]) => seconds + fraction)
      .filter((value) => !Number.isInteger(value));
    expectReprOrDecline(stamps, 6, () => true);
  });

  it("writes repr's text for values between 2^26 and 2^53 with a fraction", () => {
    expectReprOrDecline(fc.double({ min: 2 ** 26, max: 2 ** 53, noNaN: true }), 7, () => false);
    const neighbours = fc.integer({ min: 0, max: 2 ** 20 }).map((i) => 2 ** 26 + i * 2 ** -26);
    expectReprOrDecline(neighbours, 8, () => false);
  });

  it("declines any other float, or writes repr's text", () => {
    expectReprOrDecline(fc.double(), 4, () => false);
    expectReprOrDecline(fc.double({ min: -1, max: 1, noNaN: true }), 9, () => false);
    for (const value of [0, -0, 1e15, 1e16, 5e-5, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE]) {
      expect(written(value)).toBeUndefined();
    }
  });

  it("writes 2.0, -0.5, 0.0001, 999999999999999.0 and 1700000000.1234567 as repr does", () => {
    expect([written(2), written(-0.5), written(1e-4), written(999_999_999_999_999), written(1_700_000_000.1234567)]).toEqual([
      "2.0",
      "-0.5",
      "0.0001",
      "999999999999999.0",
      floatRepr(1_700_000_000.1234567),
    ]);
  });

  it("writes repr's text for every float of a random() * 10^k sample it takes", () => {
    const random = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 15 })).map(([r, k]) => r * 10 ** k);
    expectReprOrDecline(random, 10, () => false);
  });
});
