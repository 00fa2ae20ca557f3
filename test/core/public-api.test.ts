// The root API's edges: what loads and loadAll refuse, and the shared class registry.
import {
  builtinClasses,
  type ClassReconstructor,
  dumps,
  loadAll,
  loads,
  PyDecimal,
  type PyReducible,
  type PyReduction,
  type PyStateful,
  type PyValue,
  TruncatedError,
} from "@pkl-stream/core";
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

describe("a class of your own (typed: this file is compiled with the tests)", () => {
  /** geometry.Point(x, y), with a __dict__ BUILD sets. */
  class Point implements PyReducible, PyStateful {
    label: PyValue = null;
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    reduceForPickle(): PyReduction {
      return { callable: ["geometry", "Point"], args: [this.x, this.y] };
    }
    setState(state: PyValue): void {
      this.label = (state as Map<PyValue, PyValue>).get("label") ?? null;
    }
  }
  const reconstructor: ClassReconstructor = { construct: (args) => new Point(Number(args[0]), Number(args[1])) };

  it("is given to dumps as it is, and returned by a reconstructor as it is", () => {
    const bytes = dumps(new Point(1, 2));
    const point = loads(bytes, { classes: { "geometry.Point": reconstructor } });
    expect(point).toBeInstanceOf(Point);
    expect([(point as unknown as Point).x, (point as unknown as Point).y]).toEqual([1, 2]);
    // NEWOBJ + BUILD of a __dict__: the state reaches setState.
    const built = Buffer.from("\x80\x04\x8c\x08geometry\x8c\x05Point\x93K\x03K\x04\x86\x81}\x8c\x05label\x8c\x01p\x73b.", "latin1");
    const withState = loads(built, { dict: "map", classes: { "geometry.Point": reconstructor } }) as unknown as Point;
    expect([withState.x, withState.y, withState.label]).toEqual([3, 4, "p"]);
  });
});
