// totalSecondsOf: a timedelta's total_seconds() from int32 days, seconds and microseconds without
// bigints while the microseconds are an exact double (record shapes write it per record), equal
// to PyTimedelta's own (normalized, one rounding) everywhere, and refusing the same out-of-range days.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PyTimedelta, totalSecondsOf } from "../../../packages/core/src/classes/timedelta.js";

/** PyTimedelta's total_seconds(), or the message of what its constructor throws. */
function bigintWay(days: number, seconds: number, microseconds: number): number | string {
  try {
    return new PyTimedelta(BigInt(days), BigInt(seconds), BigInt(microseconds)).totalSeconds();
  } catch (error) {
    return (error as Error).message;
  }
}

function fastWay(days: number, seconds: number, microseconds: number): number | string {
  try {
    return totalSecondsOf(days, seconds, microseconds);
  } catch (error) {
    return (error as Error).message;
  }
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe("totalSecondsOf", () => {
  it("equals PyTimedelta's total_seconds() for any int32 arguments", () => {
    fc.assert(
      fc.property(fc.oneof(int32, fc.integer({ min: -100_001, max: 100_001 })), int32, int32, (days, seconds, microseconds) => {
        expect(fastWay(days, seconds, microseconds)).toBe(bigintWay(days, seconds, microseconds));
      }),
      { numRuns: 5000, seed: 1205 },
    );
  });

  it("equals it at the edges: the exact double's limits, normalization, the days' range", () => {
    const cases: [number, number, number][] = [
      [0, 3, 500_000],
      [-1, 86_399, 999_999],
      [99_999, 2 ** 31 - 1, 2 ** 31 - 1],
      [-99_999, -(2 ** 31), -(2 ** 31)],
      [104_249, 0, 0],
      [100_000, 0, 7],
      [999_999_999, 86_399, 999_999],
      [-999_999_999, 0, 0],
      [1_000_000_000, 0, 0],
      [2 ** 31 - 1, 7, 9],
      [0, 0, 1],
      [0, 0, -1],
    ];
    for (const [days, seconds, microseconds] of cases) expect(fastWay(days, seconds, microseconds), `${days} ${seconds} ${microseconds}`).toBe(bigintWay(days, seconds, microseconds));
    expect(() => totalSecondsOf(2 ** 31 - 1, 0, 0)).toThrow(TypeError);
  });
});
