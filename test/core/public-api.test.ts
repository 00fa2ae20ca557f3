// The root API's edges: what loads and loadAll refuse, and the shared class registry.
import { builtinClasses, loadAll, loads, PyDecimal, TruncatedError } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";

/** `{"a": 1, "b": 2}` at protocol 4. */
const TWO_ENTRIES = Buffer.from("\x80\x04\x95\x11\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x01a\x94K\x01\x8c\x01b\x94K\x02u.", "latin1");
/** `Decimal("1.5")` at protocol 2. */
const DECIMAL = Buffer.from("\x80\x02cdecimal\nDecimal\nq\x00X\x03\x00\x00\x001.5q\x01\x85q\x02Rq\x03.", "latin1");

describe("loads and loadAll", () => {
  it("refuse emit: 'entries', which hands out a record's entries, not the record", () => {
    expect(loads(TWO_ENTRIES, { dict: "map" })).toEqual(new Map([["a", 1], ["b", 2]]));
    expect(() => loads(TWO_ENTRIES, { emit: "entries" })).toThrow(/^loads: emit "entries" is for an Unpickler fed in chunks or readPickles/);
    expect(() => loadAll(TWO_ENTRIES, { emit: "entries" })).toThrow(/^loadAll: emit "entries" is for an Unpickler fed in chunks or readPickles/);
  });

  it("give a TruncatedError for empty input to loads, as for any record cut short (loadAll: zero records)", () => {
    expect(() => loads(new Uint8Array(0))).toThrow(TruncatedError);
    expect(() => loads(new Uint8Array(0))).toThrow(/^record 0 at byte 0: no pickle in the input$/);
    expect(() => loads(TWO_ENTRIES.subarray(0, 20))).toThrow(TruncatedError);
    expect(loadAll(new Uint8Array(0))).toEqual([]);
  });
});

describe("builtinClasses", () => {
  it("is read-only: no code in the process can change what every decoder rebuilds", () => {
    const registry = builtinClasses as Map<string, unknown>;
    const size = registry.size;
    expect(() => registry.delete("decimal.Decimal")).toThrow(/^builtinClasses is read-only: give your own reconstructors in the `classes` option/);
    expect(() => registry.set("decimal.Decimal", {})).toThrow(TypeError);
    expect(() => registry.clear()).toThrow(TypeError);
    expect(registry.size).toBe(size);
    expect(loads(DECIMAL)).toBeInstanceOf(PyDecimal);
  });
});
