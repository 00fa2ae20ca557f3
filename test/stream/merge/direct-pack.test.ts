import { PyFloat, PyGlobal, type PyValue } from "@pkl-stream/core";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { isDirectlyPackable, registerPyFloat } from "../../../packages/stream/src/merge/direct-pack.js";
import { registerFloat64 } from "../../../packages/stream/src/writers/float64.js";
import { toMsgpackPlain } from "../../../packages/stream/src/writers/msgpack-plain.js";

registerFloat64();
registerPyFloat();
const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });
const viaPlain = (value: PyValue): Buffer => packr.pack(toMsgpackPlain(value, { maxDepth: 512, maxOutputBytes: 2 ** 30, recordIndex: 0 }));

describe("isDirectlyPackable", () => {
  const direct: PyValue[] = [
    "text é",
    true,
    null,
    7,
    -2147483648,
    0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    new PyFloat(2),
    new Uint8Array([1, 2]),
    [1, ["a", null]],
    new Map<PyValue, PyValue>([
      ["id", 1],
      [3, [new PyFloat(1)]],
    ]),
  ];

  it("packs every value it accepts to the same bytes as the full conversion", () => {
    for (const value of direct) {
      expect(isDirectlyPackable(value)).toBe(true);
      expect(packr.pack(value).equals(viaPlain(value))).toBe(true);
    }
  });

  it("stops walking at the output budget: a value shared 2^40 times over (a memo bomb) goes to the full conversion at once", () => {
    let shared: PyValue = new Map<PyValue, PyValue>([["leaf", 1]]);
    for (let i = 0; i < 40; i++) shared = new Map<PyValue, PyValue>([["a", shared], ["b", shared]]);
    const started = performance.now();
    expect(isDirectlyPackable(shared, 1 << 20)).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000); // a safety net, not a benchmark: the walk was 2^41 nodes
    expect(isDirectlyPackable("x".repeat(100), 100)).toBe(false);
    expect(isDirectlyPackable("x".repeat(100), 101)).toBe(true);
    expect(isDirectlyPackable(new Uint8Array(50), 50)).toBe(false);
  });

  it("sends ints past int32, -0.0, big ints, sets and class instances to the full conversion", () => {
    const placeholder = new PyGlobal("builtins", "Ellipsis");
    for (const value of [2 ** 40, -0, 2n ** 70n, new Set([1]), new Map([["x", 4294967296]]), placeholder] as PyValue[]) {
      expect(isDirectlyPackable(value)).toBe(false);
    }
  });
});
