// BUILD with a state on a dict (issue 13): an OrderedDict carrying attributes (every plain-pickled
// torch state_dict has `_metadata`) decodes as CPython loads it: the dict keeps its items, JSON
// shows only them (as json.dumps shows a dict subclass), and dictAttributesOf() gives the
// attributes. A plain dict and a defaultdict have no __dict__: CPython refuses, so does the decoder.
import { loadAll, PickleError, PyInstance, type PyValue, toJson } from "@pkl-stream/core";
import { dictAttributesOf } from "@pkl-stream/core/internal";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitEvery } from "../../helpers/chunks.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

const runOracle = requirePython();

interface StateCase {
  readonly name: string;
  readonly hex: string;
  readonly items?: string;
  readonly attributes?: string;
  readonly error?: string;
}

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const JSON_OPTIONS = { dict: "map", wrapIntegralFloats: true } as const;

/** toJson, parsed: compared with CPython's json.dumps, parsed. */
const asJson = (value: PyValue): unknown => JSON.parse(toJson(value));

describe.runIf(runOracle)("BUILD with a state on a dict, against CPython", () => {
  const cases = runOracle ? (JSON.parse(runPythonScript(testPath("core/classes/dict_state.py"))) as StateCase[]) : [];
  const loaded = cases.filter((c) => c.error === undefined && !c.name.startsWith("OrderedDict subclass"));
  const refused = cases.filter((c) => c.error !== undefined);
  const subclass = cases.filter((c) => c.name.startsWith("OrderedDict subclass"));

  it.each(loaded)("decodes $name to CPython's items and attributes, in one push and in 1-byte chunks", ({ hex, items, attributes }) => {
    const bytes = fromHex(hex);
    for (const [value] of [loadAll(bytes, JSON_OPTIONS), decodeChunks(splitEvery(bytes, 1), JSON_OPTIONS).records]) {
      expect(asJson(value!)).toEqual(JSON.parse(items!));
      const attributesOf = dictAttributesOf(value as object);
      expect(attributesOf === undefined ? null : asJson(attributesOf)).toEqual(JSON.parse(attributes!));
    }
  });

  it.each(loaded)("keeps the attributes of $name in object-mode dicts too", ({ hex, attributes }) => {
    const [value] = loadAll(fromHex(hex));
    const attributesOf = dictAttributesOf(value as object);
    expect(attributesOf === undefined ? null : asJson(attributesOf)).toEqual(JSON.parse(attributes!));
  });

  it.each(refused)("refuses $name with BAD_TYPE, as CPython refuses it ($error)", ({ hex }) => {
    expect(() => loadAll(fromHex(hex))).toThrow(PickleError);
    try {
      loadAll(fromHex(hex));
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_TYPE", opcodeName: "BUILD" });
    }
  });

  it.each(subclass)("decodes $name as a placeholder holding CPython's items and attributes", ({ hex, items, attributes }) => {
    const [value] = loadAll(fromHex(hex), JSON_OPTIONS);
    expect(value).toBeInstanceOf(PyInstance);
    const instance = value as PyInstance;
    expect(instance.pyClass).toBe("__main__.OrderedSub");
    const pairs = (instance.items ?? []) as PyValue[][];
    expect(asJson(new Map(pairs.map(([key, item]) => [key!, item!])))).toEqual(JSON.parse(items!));
    expect(asJson(instance.state!)).toEqual(JSON.parse(attributes!));
  });

  it("has the OrderedDict, subclass and refusal cases it names", () => {
    expect([loaded.length, refused.length, subclass.length]).toEqual([15, 2, 6]);
  });
});
