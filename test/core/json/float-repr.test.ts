import { floatRepr } from "@pkl-stream/core/json";
import { describe, expect, it } from "vitest";
import { runPython, skipPythonTests } from "./run-python.js";

/** The float whose IEEE-754 bits are the 16 hex digits given. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("floatRepr", () => {
  it("writes Python's layout for the documented boundary cases", () => {
    expect(floatRepr(2)).toBe("2.0");
    expect(floatRepr(-0)).toBe("-0.0");
    expect(floatRepr(0)).toBe("0.0");
    expect(floatRepr(0.1)).toBe("0.1");
    expect(floatRepr(1e16)).toBe("1e+16");
    expect(floatRepr(9999999999999998)).toBe("9999999999999998.0");
    expect(floatRepr(1e-5)).toBe("1e-05");
    expect(floatRepr(0.0001)).toBe("0.0001");
    expect(floatRepr(1e22)).toBe("1e+22");
    expect(floatRepr(1.5e300)).toBe("1.5e+300");
    expect(floatRepr(5e-324)).toBe("5e-324");
    expect(floatRepr(Number.POSITIVE_INFINITY)).toBe("inf");
    expect(floatRepr(Number.NEGATIVE_INFINITY)).toBe("-inf");
    expect(floatRepr(Number.NaN)).toBe("nan");
  });

  describe.runIf(!skipPythonTests)("against CPython's repr", () => {
    it("agrees on boundaries, random bit patterns and random decimals", () => {
      const script = `
import random, struct
rng = random.Random(20240611)
values = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 2.0, 1e16, 1e15, 1e17, 9999999999999998.0, 1e-4, 1e-5,
          0.00011, 0.000099, 1e21, 1e22, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          123456789012345678.0, 0.30000000000000004, 1/3, -2.5e-5, 4503599627370496.5, 2.0**53, 2.0**63]
for e in range(-330, 310):
    values.append(10.0 ** e if -308 <= e <= 308 else 1.0)
    values.append(1.5 * 10.0 ** e if -300 <= e <= 300 else 1.0)
for _ in range(20000):
    f = struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]
    if f == f and f not in (float("inf"), float("-inf")):
        values.append(f)
for _ in range(20000):
    values.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 12)))
    values.append(float(rng.randint(-2**60, 2**60)))
    values.append(rng.random() * 10.0 ** rng.randint(-20, 25))
for v in values:
    print(struct.pack(">d", v).hex(), repr(v))
`;
      const lines = runPython(script).trim().split("\n");
      expect(lines.length).toBeGreaterThan(80000);
      const mismatches: string[] = [];
      for (const line of lines) {
        const [hex, expected] = line.split(" ") as [string, string];
        const actual = floatRepr(fromBits(hex));
        if (actual !== expected) mismatches.push(`${hex}: ${actual} != ${expected}`);
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
    });
  });
});
