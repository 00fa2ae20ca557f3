// Misuse at the API's edges fails at once with a clear TypeError or Error: decoder options of the
// wrong type (instead of being read as truthy/falsy, or failing deep inside the decoder), and
// an Unpickler or AuditStream pushed to after end().
import { dumps, loads, PyFloat, type PyValue, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import { AuditStream } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { expectThrows } from "../helpers/expect-throws.js";

/** Options as a JavaScript caller may pass them: the types do not hold them back. */
const loose = (options: Record<string, unknown>): UnpicklerOptions => options as UnpicklerOptions;

describe("decoder options of the wrong type", () => {
  const two = dumps(new PyFloat(2));

  it("refuses a wrapIntegralFloats that is not a boolean", () => {
    expectThrows(() => loads(two, loose({ wrapIntegralFloats: "yes" })), TypeError, "wrapIntegralFloats must be a boolean, got string");
    expectThrows(() => loads(two, loose({ wrapIntegralFloats: 1 })), TypeError, "wrapIntegralFloats must be a boolean, got number");
    expect(loads(two, { wrapIntegralFloats: true })).toBeInstanceOf(PyFloat);
    expect(loads(two, { wrapIntegralFloats: false })).toBe(2);
  });

  it("refuses a fixImports that is not a boolean", () => {
    const py2set = dumps(new Set([1]), { protocol: 2 });
    expectThrows(() => loads(py2set, loose({ fixImports: 0 })), TypeError, "fixImports must be a boolean, got number");
    expectThrows(() => loads(py2set, loose({ fixImports: "no" })), TypeError, "fixImports must be a boolean, got string");
    expect(loads(py2set, { fixImports: true })).toBeInstanceOf(Set);
    expect(loads(py2set, { fixImports: false })).not.toBeInstanceOf(Set);
  });

  it("refuses a reuseInput that is not a boolean", () => {
    expectThrows(() => new Unpickler(loose({ reuseInput: "true" })), TypeError, "reuseInput must be a boolean, got string");
    expect(loads(dumps(1), { reuseInput: true })).toBe(1);
  });

  it("refuses classes that are neither a Map nor an object of reconstructors", () => {
    const message = 'classes must be a Map or an object of reconstructors by "module.qualname", got';
    expectThrows(() => loads(dumps(1), loose({ classes: 5 })), TypeError, `${message} number`);
    expectThrows(() => loads(dumps(1), loose({ classes: null })), TypeError, `${message} null`);
    expectThrows(() => loads(dumps(1), loose({ classes: [] })), TypeError, `${message} array`);
  });

  it("still takes classes as a plain object, a Map, or another Map-like", () => {
    const point = { construct: () => "made" };
    expect(loads(dumps(1), { classes: { "shapes.Point": point } })).toBe(1);
    expect(loads(dumps(1), { classes: new Map([["shapes.Point", point]]) })).toBe(1);
    // A ReadonlyMap that is not a Map instance (a Map of another realm looks like this).
    const entries = new Map([["shapes.Point", point]]);
    const mapLike = { get: (key: string) => entries.get(key), [Symbol.iterator]: () => entries[Symbol.iterator]() };
    // GLOBAL shapes.Point, EMPTY_TUPLE, REDUCE, STOP: Point() is made by the reconstructor given.
    const call = new TextEncoder().encode("cshapes\nPoint\n)R.");
    expect(loads(call, loose({ classes: mapLike }))).toBe("made");
    expect(loads(call, { classes: { "shapes.Point": point } })).toBe("made");
    // Its entries are checked as a Map's are.
    const badLike = { get: () => undefined, [Symbol.iterator]: () => new Map([["a.B", {}]])[Symbol.iterator]() };
    expectThrows(() => new Unpickler(loose({ classes: badLike })), TypeError, 'classes["a.B"] must have a construct(args, kwargs, context) method');
  });

  it("refuses extensions that are not a Map", () => {
    const ext1 = Uint8Array.of(0x80, 2, 0x82, 1, 0x2e);
    expectThrows(() => loads(ext1, loose({ extensions: { 1: ["collections", "OrderedDict"] } })), TypeError, "extensions must be a Map of code -> [module, name], got object");
    expectThrows(() => loads(ext1, loose({ extensions: 1 })), TypeError, "extensions must be a Map of code -> [module, name], got number");
    expect(loads(ext1, { extensions: new Map([[1, ["collections", "OrderedDict"] as const]]) })).toBeInstanceOf(Object);
  });

  it("refuses memoIndicesRead that is not a Set", () => {
    expectThrows(() => loads(dumps({ a: [1] }, { protocol: 4 }), loose({ memoIndicesRead: [0] })), TypeError, "memoIndicesRead must be a Set of memo indices, got array");
    expect(() => new Unpickler(loose({ memoIndicesRead: new Set([0]) }))).not.toThrow();
  });

  it("refuses buffers that are not iterable", () => {
    expectThrows(() => loads(dumps(1), loose({ buffers: 5 })), TypeError, "buffers must be an iterable of Uint8Array (an array), got number");
    expectThrows(() => loads(dumps(1), loose({ buffers: null })), TypeError, "buffers must be an iterable of Uint8Array (an array), got null");
    expectThrows(() => loads(dumps(1), loose({ buffers: "abc" })), TypeError, "buffers must be an iterable of Uint8Array (an array), got string");
    expect(loads(dumps(1), { buffers: [] })).toBe(1);
  });

  it("refuses an encoding that is not a string with the allowed spellings", () => {
    expectThrows(() => loads(dumps(1), loose({ encoding: 5 })), TypeError, 'encoding must be one of "latin1", "ascii", "utf-8", "bytes", got 5');
  });

  it("takes undefined as the default for every checked option", () => {
    const options = loose({
      wrapIntegralFloats: undefined,
      fixImports: undefined,
      reuseInput: undefined,
      classes: undefined,
      extensions: undefined,
      memoIndicesRead: undefined,
      buffers: undefined,
      encoding: undefined,
    });
    expect(loads(dumps([1, 2.5]), options)).toEqual([1, 2.5]);
  });
});

describe("Unpickler after end()", () => {
  it("refuses push() after end()", () => {
    const unpickler = new Unpickler();
    expect(unpickler.push(dumps(1))).toEqual([1]);
    unpickler.end();
    expectThrows(() => unpickler.push(dumps(2)), Error, "push() after end(): the input was declared ended; call reset() first to decode a new one");
  });

  it("refuses pushTo() after end(), delivering nothing", () => {
    const unpickler = new Unpickler();
    unpickler.end();
    const records: PyValue[] = [];
    expectThrows(() => unpickler.pushTo(dumps(2), records), Error, /^push\(\) after end\(\): .*call reset\(\) first/);
    expect(records).toEqual([]);
  });

  it("takes input again after reset()", () => {
    const unpickler = new Unpickler();
    unpickler.push(dumps(1));
    unpickler.end();
    unpickler.reset();
    expect(unpickler.push(dumps(2))).toEqual([2]);
    expect(unpickler.offset).toBe(dumps(2).length);
    unpickler.end();
  });

  it("still allows end() twice", () => {
    const unpickler = new Unpickler();
    unpickler.push(dumps(1));
    unpickler.end();
    expect(() => unpickler.end()).not.toThrow();
  });
});

describe("AuditStream after end()", () => {
  it("refuses a second end()", () => {
    const stream = new AuditStream();
    stream.push(dumps(1));
    expect(stream.end().verdict).toBe("safe");
    expectThrows(() => stream.end(), Error, "AuditStream.end() called twice: it gives its report once; make a new AuditStream for another input");
  });

  it("refuses push() after end()", () => {
    const stream = new AuditStream();
    stream.push(dumps(1));
    stream.end();
    expectThrows(() => stream.push(dumps(2)), Error, "AuditStream.push() after end(): an AuditStream audits one input; make a new one for the next");
  });
});
