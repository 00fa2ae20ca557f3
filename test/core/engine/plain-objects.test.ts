// Objects of classes we do not rebuild (plain_object_cases.py): the one-pass JSON and msgpack
// writers write `cls () NEWOBJ {state} BUILD` (or REDUCE for NEWOBJ; the state a dict or
// `(None, slots)`) and `cls (args) NEWOBJ` (or REDUCE) themselves (DirectDriver.plainObject and
// objectWithArgs, each driver's openObject, build and callClass), the state dict by the driver or
// by a learned value shape; every other form goes to the island or to the value path. Each case
// must come out as the value path writes it, whole and in chunks, in JSON and in msgpack.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { countingIslandCalls } from "../../helpers/island-calls.js";
import { caseNamed, generatedCases, requirePython, testPath } from "../../helpers/python.js";

const json = (chunks: readonly Uint8Array[]): { text: string; records: number; shapeValues: number } => {
  const { text, error, engine } = engineJson(chunks);
  return { text: error === undefined ? text : `${text}error: ${error}`, records: engine.tapeRecords, shapeValues: engine.shapeValues };
};
const jsonValuePath = (bytes: Uint8Array): string => {
  const { text, error } = valuePathJson(bytes);
  return error === undefined ? text : `${text}error: ${error}`;
};
const msgpackOf = (chunks: readonly Uint8Array[]): { hex: string; records: number; shapeValues: number } => {
  const { hex, error, engine } = engineMsgpack(chunks);
  return { hex: error === undefined ? hex : `${hex}\nerror: ${error}`, records: engine.tapeRecords, shapeValues: engine.shapeValues };
};
/** `write`'s result, and how many islands the island reader read meanwhile. */
const countingIslands = <T>(write: () => T): { written: T; islands: number } => {
  const { result, calls } = countingIslandCalls("read", write);
  return { written: result, islands: calls };
};
const msgpack = (chunks: readonly Uint8Array[]): string => msgpackOf(chunks).hex;
const msgpackValuePath = (bytes: Uint8Array): string => {
  const { hex, error } = valuePathMsgpack(bytes);
  return error === undefined ? hex : `${hex}\nerror: ${error}`;
};

/** With up to 3 of `bytes` replaced, read in chunks of 64-20000 bytes, `write` gives what `valuePath` gives (its error included). */
function assertEditsWriteAs(bytes: Uint8Array, write: (chunks: readonly Uint8Array[]) => string, valuePath: (bytes: Uint8Array) => string, runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 64, max: 20000 }), (edits, chunk) => {
      const mutated = new Uint8Array(bytes);
      for (const [at, value] of edits) mutated[at] = value;
      expect(write(splitEvery(mutated, chunk))).toBe(valuePath(mutated));
    }),
    runs,
  );
}

describe.runIf(requirePython())("objects of classes we do not rebuild, in the one-pass writers", () => {
  const cases = generatedCases(testPath("core/engine/plain_object_cases.py"));
  const named = (name: string): Uint8Array => caseNamed(cases, name);

  it("gets every case at protocols 2 to 5 (and objects made by REDUCE with values at 0 and 1)", () => {
    expect(cases).toHaveLength(62);
  });

  it.each(cases)("writes %s as the value path does, whole and in chunks", (_name, bytes) => {
    const expected = jsonValuePath(bytes);
    expect(json([bytes]).text).toBe(expected);
    expect(json(splitEvery(bytes, 4096)).text).toBe(expected);
    expect(json(splitEvery(bytes, 61)).text).toBe(expected);
    expect(json(splitRandomly(bytes, bytes.length, 5000)).text).toBe(expected);
    const expectedMsgpack = msgpackValuePath(bytes);
    expect(msgpack([bytes])).toBe(expectedMsgpack);
    expect(msgpack(splitEvery(bytes, 61))).toBe(expectedMsgpack);
  });

  it.each([2, 3, 4, 5])("writes a list of objects itself, their state dicts by a learned shape (protocol %i)", (protocol) => {
    // The first object is an island (its class is read there); each next one reads its class
    // from the memo and is written by the driver; its keys, first met inside that island, are
    // learned as what a memo read of them writes.
    for (const name of ["a list of objects", "dataclass rows", "objects as dict values, one shared", "namespaces (REDUCE of the class and ())"]) {
      for (const written of [json([named(`${name} (protocol ${protocol})`)]), msgpackOf([named(`${name} (protocol ${protocol})`)])]) {
        expect(written.records, name).toBe(1);
        expect(written.shapeValues, name).toBeGreaterThan(2000);
      }
    }
  });

  it("writes objects holding objects and objects in tuples itself", () => {
    // The inner objects' state dicts (2 per line, 1 per tuple) by a learned shape: only where the
    // driver writes the objects (an island reads an object whole).
    for (const [name, least] of [["objects holding objects (protocol 4)", 2500], ["objects in tuples (protocol 4)", 2000]] as const) {
      for (const written of [json([named(name)]), msgpackOf([named(name)])]) {
        expect(written.records, name).toBe(1);
        expect(written.shapeValues, name).toBeGreaterThan(least);
      }
    }
  });

  it.each([2, 3, 4, 5])("writes objects made with arguments and objects with slots states itself, not as islands (protocol %i)", (protocol) => {
    // Thousands of objects each: the first of each class is an island (its class is read there),
    // the rest read their class from the memo and are written by the driver.
    for (const name of ["namedtuples", "namedtuples of one, two fields, and None", "objects made by REDUCE with values", "dataclasses with slots", "dict and slots states"]) {
      const bytes = named(`${name} (protocol ${protocol})`);
      for (const write of [() => json([bytes]).records, () => msgpackOf([bytes]).records]) {
        const { written, islands } = countingIslands(write);
        expect(written, name).toBe(1);
        expect(islands, name).toBeLessThanOrEqual(3);
      }
    }
  });

  it("leaves arguments that are not scalars, and a state after a call, to the island", () => {
    // Every fifth item is a namedtuple of a tuple and a list, of a date, an enum member (getattr of
    // the class: a class among the arguments), or a str subclass given a state after its call.
    const bytes = named("arguments the island reads among namedtuples (protocol 4)");
    const { written, islands } = countingIslands(() => json([bytes]));
    expect(written.records).toBe(1);
    expect(written.text).toBe(jsonValuePath(bytes));
    expect(islands).toBeGreaterThanOrEqual(250);
    expect(islands).toBeLessThan(600);
  });

  it("fails as the value path does on an object whose state holds itself", () => {
    const bytes = named("an object whose state holds itself, late (protocol 4)");
    const whole = json([bytes]);
    expect(whole.text).toBe(jsonValuePath(bytes));
    expect(whole.text).toMatch(/error: /);
  });

  it.each([
    "a list of objects (protocol 4)",
    "other forms among plain objects (protocol 2)",
    "objects holding objects (protocol 5)",
    "namedtuples (protocol 4)",
    "namedtuples of one, two fields, and None (protocol 2)",
    "dataclasses with slots (protocol 5)",
    "arguments the island reads among namedtuples (protocol 3)",
  ])(
    "writes and fails as the value path does when bytes of %s are replaced",
    (name) => {
      assertEditsWriteAs(named(name), (chunks) => json(chunks).text, jsonValuePath, { numRuns: 60, seed: 21 });
    },
  );

  it.each(["namedtuples (protocol 4)", "dataclasses with slots (protocol 2)", "objects made by REDUCE with values (protocol 5)"])(
    "packs and fails as the value path does when bytes of %s are replaced",
    (name) => {
      assertEditsWriteAs(named(name), msgpack, msgpackValuePath, { numRuns: 50, seed: 22 });
    },
  );
});
