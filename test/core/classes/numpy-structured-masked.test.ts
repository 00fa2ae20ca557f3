// Structured, record and masked numpy arrays as numpy 1.24 (`numpy.core`) and 2.x (`numpy._core`)
// pickle them (test/fixtures/libs/numpy/make_numpy.py): JSON is numpy's own tolist() view with
// each structured element keyed by field name and masked elements null; the JS values keep the
// efficient forms (typed arrays, tuples from toList()).
import { readdirSync, readFileSync } from "node:fs";
import { dumps, loads, NdArray, NumpyMaskedArray, type PyValue, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitRandomly } from "../../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { escapesOfByteReplacements } from "../../helpers/byte-replacements.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";

const DIR = new URL("../../fixtures/libs/numpy/", import.meta.url);
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith(".pkl"))
  .sort();
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expected = (name: string): string => readFileSync(new URL(`${name.replace(/\.np\d\.p\d\.pkl$/, "")}.json`, DIR), "utf8").trimEnd();

describe("structured and masked numpy arrays", () => {
  it("has fixtures from numpy 1.x and 2.x at protocols 0, 2, 4 and 5", () => {
    expect(FILES).toContain("masked.np1.p0.pkl");
    expect(FILES).toContain("masked.np2.p5.pkl");
    expect(FILES).toContain("tree-nodes.np1.p2.pkl");
    expect(FILES.length).toBe(128);
  });

  it.each(FILES)("%s decodes to numpy's tolist() with records keyed by field name and masked elements null", (name) => {
    expect(toJson(loads(read(name), JSON_DECODE_OPTIONS))).toBe(expected(name));
  });

  it.each(FILES.filter((name) => name.includes(".p2.")))("%s decodes the same in random chunks", (name) => {
    const { records } = decodeChunks(splitRandomly(read(name), 3), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([expected(name)]);
  });

  it("keeps a structured array's elements as tuples in toList(), the JS form of tolist()", () => {
    const array = loads(read("structured.np2.p4.pkl")) as NdArray;
    expect(array).toBeInstanceOf(NdArray);
    expect(array.toList()).toEqual([
      [1, 2.5],
      [2, 3],
    ]);
    expect(array.dtype.names).toEqual(["id", "val"]);
  });

  it("gives a masked array's data and mask as arrays over typed data", () => {
    const masked = loads(read("masked-2d-float32.np1.p2.pkl")) as NumpyMaskedArray;
    expect(masked).toBeInstanceOf(NumpyMaskedArray);
    expect(masked.data.data).toBeInstanceOf(Float32Array);
    expect(masked.data.shape).toEqual([2, 2]);
    expect(masked.mask.toList()).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(masked.toList()).toEqual([
      [1.5, null],
      [null, Number.NaN],
    ]);
  });

  it.each(FILES.filter((name) => name.startsWith("masked") && name.includes(".p4.")))("writes %s back as a pickle that decodes to the same JSON", (name) => {
    const value = loads(read(name), JSON_DECODE_OPTIONS);
    expect(toJson(loads(dumps(value, { protocol: 4 }), JSON_DECODE_OPTIONS))).toBe(expected(name));
  });

  // numpy.ma.masked (MaskedConstant) is the masked value: its tolist() is None, so it is null, as
  // a masked element of an array is (it was the placeholder {"__class__": ...MaskedConstant}).
  it.each(FILES.filter((name) => name.startsWith("masked-constant")))("%s: numpy.ma.masked is null on every output path", (name) => {
    const bytes = read(name);
    const line = `${expected(name)}\n`;
    expect(valuePathJson(bytes).text).toBe(line);
    expect(engineJson([bytes]).text).toBe(line);
    expect(engineMsgpack([bytes]).hex).toBe(valuePathMsgpack(bytes).hex);
  });

  it("keeps numpy.ma.masked one value that pickles back as MaskedConstant()", () => {
    const [alone, indexed, inDict] = loads(read("masked-constant.np1.p4.pkl"), { dict: "map" }) as [PyValue, PyValue, Map<string, PyValue>];
    expect(alone).toBe(indexed);
    expect(inDict.get("m")).toBe(alone);
    expect((alone as { pyClass: string }).pyClass).toBe("numpy.ma.core.MaskedConstant");
    // What pickle.dumps(np.ma.masked, protocol=2) gives.
    expect(Buffer.from(dumps(alone, { protocol: 2 })).toString("latin1")).toBe("\x80\x02cnumpy.ma.core\nMaskedConstant\nq\x00)Rq\x01.");
  });

  /** `array[name].tolist()` from the expected JSON: each element's value under the field. */
  const pluck = (value: unknown, name: string): unknown =>
    Array.isArray(value) ? value.map((item) => pluck(item, name)) : (value as Record<string, unknown>)[name];

  it.each(FILES.filter((name) => /^(structured|tree-nodes|recarray|to-records)/.test(name) && name.includes(".p2.")))(
    "gives each field of %s as its own array (numpy's array[name]), numeric fields as typed arrays",
    (name) => {
      const array = loads(read(name), JSON_DECODE_OPTIONS) as NdArray;
      const rows = JSON.parse(expected(name)) as unknown;
      for (const field of array.dtype.names!) {
        const column = array.field(field);
        expect(JSON.parse(toJson(column)), field).toEqual(pluck(rows, field));
        if ("iuf".includes(column.dtype.kind)) expect(ArrayBuffer.isView(column.data), field).toBe(true);
      }
    },
  );

  it("throws only PickleErrors (or a JSON OutputError) for masked and structured pickles with any byte replaced", () => {
    const names = ["masked-structured.np2.p4.pkl", "masked-2d-float32.np1.p2.pkl", "masked-objects.np1.p2.pkl", "structured-nested.np2.p5.pkl"];
    expect(escapesOfByteReplacements(names.map((name) => [name, read(name)] as const), [0x00, 0x01, 0x52, 0xff])).toEqual([]);
  });
});
