// Each NaN float a pickle holds is its own object in Python, so two NaN dict keys are two keys and
// a set keeps two NaN elements (NaN equals nothing, and CPython's pickler never shares a float).
// A JS Map or Set folds them into one; the decoder keeps them apart (values/py-types.ts
// distinctNaN), and every writer writes both.
import { loads, type PyValue } from "@pkl-stream/core";
import { Unpackr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../helpers/engine-paths.js";

// Made by CPython 3.11, `pickle.dumps(make(), protocol)` for protocols 0-5, with the JSON the
// shared mapping gives: json.dumps of what pickle.load gives, a set's elements in the pickle's
// order (as the mapping asks; a loaded set's own order follows NaN's address-based hash).
const DICT_JSON = '{"nan":1,"nan":2,"x":3}\n'; // {float("nan"): 1, float("nan"): 2, "x": 3}
const DICTS = [
  "KGRwMApGbmFuCkkxCnNGbmFuCkkyCnNWeApwMQpJMwpzLg==",
  "fXEAKEd/+AAAAAAAAEsBR3/4AAAAAAAASwJYAQAAAHhxAUsDdS4=",
  "gAJ9cQAoR3/4AAAAAAAASwFHf/gAAAAAAABLAlgBAAAAeHEBSwN1Lg==",
  "gAN9cQAoR3/4AAAAAAAASwFHf/gAAAAAAABLAlgBAAAAeHEBSwN1Lg==",
  "gASVIQAAAAAAAAB9lChHf/gAAAAAAABLAUd/+AAAAAAAAEsCjAF4lEsDdS4=",
  "gAWVIQAAAAAAAAB9lChHf/gAAAAAAABLAUd/+AAAAAAAAEsCjAF4lEsDdS4=",
];
// {float("nan"), float("nan"), 1.0}
const SETS: readonly (readonly [string, string])[] = [
  ["Y19fYnVpbHRpbl9fCnNldApwMAooKGxwMQpGMS4wCmFGbmFuCmFGbmFuCmF0cDIKUnAzCi4=", "[1.0,null,null]\n"],
  ["Y19fYnVpbHRpbl9fCnNldApxAChdcQEoR3/4AAAAAAAARz/wAAAAAAAAR3/4AAAAAAAAZXRxAlJxAy4=", "[null,1.0,null]\n"],
  ["gAJjX19idWlsdGluX18Kc2V0CnEAXXEBKEc/8AAAAAAAAEd/+AAAAAAAAEd/+AAAAAAAAGWFcQJScQMu", "[1.0,null,null]\n"],
  ["gANjYnVpbHRpbnMKc2V0CnEAXXEBKEd/+AAAAAAAAEc/8AAAAAAAAEd/+AAAAAAAAGWFcQJScQMu", "[null,1.0,null]\n"],
  ["gASVIAAAAAAAAACPlChHP/AAAAAAAABHf/gAAAAAAABHf/gAAAAAAACQLg==", "[1.0,null,null]\n"],
  ["gAWVIAAAAAAAAACPlChHf/gAAAAAAABHP/AAAAAAAABHf/gAAAAAAACQLg==", "[null,1.0,null]\n"],
];
const TUPLE_KEYS_JSON = '{"[null]":1,"[null]":2}\n'; // {(float("nan"),): 1, (float("nan"),): 2}
const TUPLE_KEYS = [
  "KGRwMAooRm5hbgp0cDEKSTEKcyhGbmFuCnRwMgpJMgpzLg==",
  "fXEAKChHf/gAAAAAAAB0cQFLAShHf/gAAAAAAAB0cQJLAnUu",
  "gAJ9cQAoR3/4AAAAAAAAhXEBSwFHf/gAAAAAAACFcQJLAnUu",
  "gAN9cQAoR3/4AAAAAAAAhXEBSwFHf/gAAAAAAACFcQJLAnUu",
  "gASVHwAAAAAAAAB9lChHf/gAAAAAAACFlEsBR3/4AAAAAAAAhZRLAnUu",
  "gAWVHwAAAAAAAAB9lChHf/gAAAAAAACFlEsBR3/4AAAAAAAAhZRLAnUu",
];

const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, "base64"));
const numberOf = (value: PyValue): number => Number(value);

/** msgpack output as [key, value] pairs of its one map (msgpackr reads maps as Maps here). */
function msgpackPairs(hex: string): [unknown, unknown][] {
  const map = new Unpackr({ mapsAsObjects: false, useRecords: false }).unpack(Buffer.from(hex, "hex")) as Map<unknown, unknown>;
  return [...map.entries()];
}

describe("two NaN dict keys", () => {
  it.each(DICTS.map((pickle, protocol) => [protocol, pickle] as const))("stay two keys at protocol %i, in a Map", (_protocol, pickle) => {
    const dict = loads(bytesOf(pickle), { dict: "map" }) as Map<PyValue, PyValue>;
    const keys = [...dict.keys()];
    expect(keys).toHaveLength(3);
    expect(keys.slice(0, 2).every((key) => Number.isNaN(numberOf(key)))).toBe(true);
    expect([...dict.values()]).toEqual([1, 2, 3]);
  });

  it.each(DICTS.map((pickle, protocol) => [protocol, pickle] as const))("are both written as JSON at protocol %i, by the value path and the engine", (_protocol, pickle) => {
    expect(valuePathJson(bytesOf(pickle))).toEqual({ text: DICT_JSON, error: undefined });
    expect(engineJson([bytesOf(pickle)])).toMatchObject({ text: DICT_JSON, error: undefined });
  });

  it.each(DICTS.map((pickle, protocol) => [protocol, pickle] as const))("are both written as msgpack float keys at protocol %i", (_protocol, pickle) => {
    for (const outcome of [valuePathMsgpack(bytesOf(pickle)), engineMsgpack([bytesOf(pickle)])]) {
      expect(outcome.error).toBeUndefined();
      // msgpackr's Map folds the two NaN keys: count them in the bytes instead (cb 7ff8...: float64 NaN).
      expect(outcome.hex.startsWith("83")).toBe(true);
      expect(outcome.hex.split("cb7ff8000000000000").length - 1).toBe(2);
      expect(msgpackPairs(outcome.hex).at(-1)).toEqual(["x", 3]);
    }
  });

  it.each(TUPLE_KEYS.map((pickle, protocol) => [protocol, pickle] as const))("inside tuple keys stay two keys at protocol %i", (_protocol, pickle) => {
    expect(valuePathJson(bytesOf(pickle))).toEqual({ text: TUPLE_KEYS_JSON, error: undefined });
    expect(engineJson([bytesOf(pickle)])).toMatchObject({ text: TUPLE_KEYS_JSON, error: undefined });
    const msgpack = valuePathMsgpack(bytesOf(pickle));
    expect(msgpack.error).toBeUndefined();
    expect(msgpack.hex.split("91cb7ff8000000000000").length - 1).toBe(2);
  });
});

describe("two NaN set elements", () => {
  it.each(SETS.map(([pickle, json], protocol) => [protocol, pickle, json] as const))("stay two elements at protocol %i, in the pickle's order", (_protocol, pickle, json) => {
    const set = loads(bytesOf(pickle)) as Set<PyValue>;
    expect(set.size).toBe(3);
    expect(valuePathJson(bytesOf(pickle))).toEqual({ text: json, error: undefined });
    expect(engineJson([bytesOf(pickle)])).toMatchObject({ text: json, error: undefined });
  });

  it("stay two in a frozenset", () => {
    // pickle.dumps(frozenset({float("nan"), float("nan")}), 4): FROZENSET of two BINFLOAT NaNs.
    const pickle = Uint8Array.from(Buffer.from("800495160000000000000028477ff8000000000000477ff800000000000091942e", "hex"));
    expect((loads(pickle) as Set<PyValue>).size).toBe(2);
  });
});
