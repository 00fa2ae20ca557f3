// writeShortFloat writes exactly floatRepr's text (Python's repr) for every float it takes and
// declines (-1) the rest: it takes every non-integer in Python's fixed-notation range [1e-4, 1e16).
// Checked on arbitrary doubles, bit patterns, the edges of powers of two and ten, and the shapes
// records hold most.
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

  it("writes repr's text for values between 2^26 and 2^53 with a fraction, and takes all of them", () => {
    expectReprOrDecline(fc.double({ min: 2 ** 26, max: 2 ** 53, noNaN: true }), 7, (value) => !Number.isInteger(value));
    const neighbours = fc.integer({ min: 0, max: 2 ** 20 }).map((i) => 2 ** 26 + i * 2 ** -26);
    expectReprOrDecline(neighbours, 8, (value) => !Number.isInteger(value));
  });

  it("takes every float with a fraction in Python's fixed range [1e-4, 1e16), whatever its digits", () => {
    const inRange = (value: number) => Math.abs(value) >= 1e-4 && Math.abs(value) < 1e16 && !Number.isInteger(value);
    expectReprOrDecline(fc.double({ min: -1e16, max: 1e16, noNaN: true }), 11, inRange);
    // Any bit pattern of those binary exponents, and the neighbours of powers of two and ten.
    const patterns = fc.tuple(fc.integer({ min: -14, max: 53 }), fc.integer({ min: 0, max: 2 ** 52 - 1 })).map(([exponent, mantissa]) => (1 + mantissa / 2 ** 52) * 2 ** exponent);
    expectReprOrDecline(patterns, 12, inRange);
    const edges = fc.tuple(fc.integer({ min: -4, max: 15 }), fc.integer({ min: -3, max: 3 }), fc.boolean()).map(([n, ulps, isTen]) => {
      const base = isTen ? 10 ** n : 2 ** Math.round(n * 3.3);
      return base + ulps * base * 2 ** -52;
    });
    expectReprOrDecline(edges, 13, inRange);
  });

  it("writes the even digit when a value lies halfway between two 17-digit texts, as repr does", () => {
    // From 2^50 on the ulp is 1/4 or more: ...456.25 is halfway between ...456.2 and ...456.3.
    expect(written(1234567890123456 + 0.25)).toBe("1234567890123456.2");
    expect(written(1093531928136828 + 0.75)).toBe("1093531928136828.8");
    expect(written(-(1125899906842624 + 0.25))).toBe("-1125899906842624.2");
    expect(written(-(1125899906842624 + 0.75))).toBe("-1125899906842624.8");
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
    expectReprOrDecline(random, 10, (value) => value >= 1e-4 && !Number.isInteger(value));
  });
});
