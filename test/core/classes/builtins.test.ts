import { type ClassReconstructor, createDict, type PyComplex, type PyDeque, PyGlobal, PyInstance, loads, markTuple } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { construct, testContext } from "./context.js";
import { fromHex, plainForm } from "./plain-form.js";

/** pickle.dumps(p, protocol=0) with p = shapes.Point(), p.x = 1: copyreg._reconstructor then BUILD. */
const POINT_PROTOCOL_0 =
  "63636f70795f7265670a5f7265636f6e7374727563746f720a70300a28637368617065730a506f696e740a70310a635f5f6275696c74696e5f5f0a6f626a6563740a70320a4e7470330a5270340a286470350a56780a70360a49310a73622e";

describe("builtins and copyreg reconstructors", () => {
  it("rebuilds a protocol-0 instance with the class's own reconstructor when one is registered", () => {
    const calls: unknown[][] = [];
    const point: ClassReconstructor = {
      construct(args) {
        calls.push(args);
        return new PyInstance("mine", "Point");
      },
    };
    const value = loads(fromHex(POINT_PROTOCOL_0), { classes: { "shapes.Point": point } });
    expect(calls).toEqual([[]]);
    expect(plainForm(value)).toEqual({ __class__: "mine.Point", __state__: { x: 1 } });
  });

  it("passes copyreg.__newobj_ex__ arguments and keyword arguments to the class", () => {
    const kwargs = createDict();
    kwargs["k"] = 2;
    const value = construct("copyreg.__newobj_ex__", [new PyGlobal("shapes", "Pair"), markTuple([1]), kwargs]);
    expect(plainForm(value)).toEqual({ __class__: "shapes.Pair", __args__: [1], __kwargs__: { k: 2 } });
  });

  it("gives copyreg.__newobj_ex__ string keyword names from a Map in map mode", () => {
    const kwargs = new Map([["k", 2]]);
    const value = construct("copyreg.__newobj_ex__", [new PyGlobal("m", "C"), [], kwargs], testContext({ dictMode: "map" }));
    expect((value as PyInstance).kwargs?.["k"]).toBe(2);
  });

  it("builds sets as Set, or as arrays when the decoder keeps sets as arrays", () => {
    expect(construct("builtins.set", [[1, 2]])).toEqual(new Set([1, 2]));
    expect(construct("builtins.frozenset", [[1, 2]], testContext({ setMode: "array" }))).toEqual([1, 2]);
  });

  it("turns bytearray(text, 'latin-1') into the bytes the text stands for", () => {
    expect([...(construct("builtins.bytearray", ["\u0000\u00ff", "latin-1"]) as Uint8Array)]).toEqual([0, 255]);
  });

  it("reads bytes([...]) and bytearray([...]) of ints in range(0, 256) and refuses others, as Python does", () => {
    expect([...(construct("builtins.bytes", [[1, 255]]) as Uint8Array)]).toEqual([1, 255]);
    for (const qualname of ["builtins.bytes", "builtins.bytearray"]) {
      expect(() => construct(qualname, [[1, 300]])).toThrow(/bytes must be in range\(0, 256\), got 300/);
      expect(() => construct(qualname, [[-1]])).toThrow(/got -1/);
    }
  });

  it("keeps a bounded deque's last maxlen items through many appends, read between appends or after", () => {
    const deque = construct("collections.deque", [[], 1000]) as PyDeque;
    const appendMany = (from: number, to: number): void => {
      for (let i = from; i < to; i++) deque.append(i);
    };
    appendMany(0, 5000);
    expect(deque.items).toEqual(Array.from({ length: 1000 }, (_, i) => 4000 + i));
    appendMany(5000, 200_000);
    expect(deque.items).toHaveLength(1000);
    expect([deque.items[0], deque.items[999]]).toEqual([199_000, 199_999]);
    const unbounded = construct("collections.deque", [[1, 2, 3]]) as PyDeque;
    unbounded.append(4);
    expect(unbounded.items).toEqual([1, 2, 3, 4]);
  });

  it("refuses a deque maxlen that is negative or no int, and a complex part of an int past a double, as Python does", () => {
    expect(() => construct("collections.deque", [[], -1])).toThrow(/maxlen must be a non-negative int of at most 2\*\*63 - 1 or None, got number -1/);
    expect(() => construct("collections.deque", [[], 1.5])).toThrow(/got number 1.5/);
    expect((construct("collections.deque", [[], 2]) as PyDeque).maxlen).toBe(2);
    // deque((), 2**62) is a deque; 2**63 is an OverflowError (no C ssize_t), as is -2**62 a ValueError.
    const huge = construct("collections.deque", [[1, 2], 2n ** 62n]) as PyDeque;
    expect([huge.maxlen, huge.items]).toEqual([2n ** 62n, [1, 2]]);
    expect(() => construct("collections.deque", [[], 2n ** 63n])).toThrow(/at most 2\*\*63 - 1 or None, got bigint 9223372036854775808/);
    expect(() => construct("collections.deque", [[], -(2n ** 62n)])).toThrow(/got bigint -4611686018427387904/);
    expect(() => construct("builtins.complex", [2n ** 2000n, 1])).toThrow(/int too large to convert to float/);
  });

  it("refuses _codecs.encode of text that latin-1 cannot hold", () => {
    expect(() => construct("_codecs.encode", ["\u20ac", "latin1"])).toThrow(/not latin-1/);
  });

  it("reads complex arguments that arrive as PyFloat", () => {
    const value = construct("builtins.complex", [1, -0]) as PyComplex;
    expect([value.real, Object.is(value.imag, -0)]).toEqual([1, true]);
  });

  it("drops the leftmost items of a bounded deque as deque.append does", () => {
    const deque = construct("collections.deque", [[], 2]) as PyDeque;
    for (const item of [1, 2, 3]) deque.append(item);
    expect(deque.toPlain()).toEqual([2, 3]);
  });

  it("returns a Map for OrderedDict, defaultdict and Counter in map mode", () => {
    const context = testContext({ dictMode: "map" });
    expect(construct("collections.OrderedDict", [], context)).toBeInstanceOf(Map);
    expect(construct("collections.defaultdict", [new PyGlobal("builtins", "list")], context)).toBeInstanceOf(Map);
    expect(construct("collections.Counter", [new Map([[1, 2]])], context)).toEqual(new Map([[1, 2]]));
  });
});
