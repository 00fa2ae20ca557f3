// Hostile input: for mutated and truncated pickles the tape engine writes what the value path
// writes and fails where and how it fails (same message), and nothing but PickleError or
// OutputError escapes.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitRandomly } from "../../helpers/chunks.js";
import { engineJson as enginePath, valuePathJson as valuePath } from "../../helpers/engine-paths.js";
import { loadManifest, readPickle } from "../../helpers/fixtures.js";




/** The outcome alone (the engine object is not compared). */
const withoutEngine = ({ text, error }: { text: string; error: string | undefined }) => ({ text, error });

// Plain-data fixtures of protocols 2-5 (the tape's ground), appended into one stream.
const plain = loadManifest().filter(
  (entry) => entry.protocol !== null && entry.protocol >= 2 && entry.options === undefined && /^(ints|floats|strings|bytes|sequences|dict|nested|shared|none|bools|true)/.test(entry.case),
);
const stream = Buffer.concat(plain.map(readPickle));

describe("the tape engine on hostile input", () => {
  it("has plain fixtures to mutate", () => {
    expect(plain.length).toBeGreaterThan(20);
  });

  it("writes and fails as the value path does when bytes are replaced", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(stream.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 500 }), (edits, seed) => {
        const bytes = new Uint8Array(stream);
        for (const [at, value] of edits) bytes[at] = value;
        expect(withoutEngine(enginePath(splitRandomly(bytes, seed, 300)))).toEqual(valuePath(bytes));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it("writes and fails as the value path does on a mutated stream that mixes classes and plain records", () => {
    const mixed = readFileSync(new URL("../../../samples/appended-records.pkl", import.meta.url));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(mixed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.integer({ min: 1, max: 500 }), (edits, seed) => {
        const bytes = new Uint8Array(mixed);
        for (const [at, value] of edits) bytes[at] = value;
        expect(withoutEngine(enginePath(splitRandomly(bytes, seed, 700)))).toEqual(valuePath(bytes));
      }),
      { numRuns: 300, seed: 43 },
    );
  });

  it("fails as the value path does when input stops at any byte", () => {
    for (let cut = 0; cut < Math.min(stream.length, 3000); cut += 7) {
      const bytes = stream.subarray(0, cut);
      expect(withoutEngine(enginePath([bytes]))).toEqual(valuePath(bytes));
    }
  });

  it("stops a memo bomb at the output budget as the value path does", () => {
    // [[[...]]]: each level a list holding the level below twice; 40 levels write 2**40 items.
    const parts: number[] = [0x80, 4, 0x5d, 0x94];
    for (let level = 1; level <= 40; level++) parts.push(0x68, level - 1, 0x68, level - 1, 0x86, 0x94);
    parts.push(0x2e);
    const bytes = new Uint8Array(parts);
    const expected = valuePath(bytes);
    expect(expected.error).toMatch(/maxOutputBytes/);
    expect(withoutEngine(enginePath([bytes]))).toEqual(expected);
  });

  it("refuses a list that contains itself as the value path does", () => {
    // l = []; l.append(l)
    const bytes = new Uint8Array([0x80, 4, 0x5d, 0x94, 0x68, 0, 0x61, 0x2e]);
    const expected = valuePath(bytes);
    expect(expected.error).toMatch(/cycle/);
    expect(withoutEngine(enginePath([bytes]))).toEqual(expected);
  });

  it("writes a dict that repeats a key as the value path does (first place, last value)", () => {
    // {"a": 1, "b": 2, "a": 3} by hand
    const bytes = new Uint8Array([0x80, 4, 0x7d, 0x28, 0x8c, 1, 0x61, 0x4b, 1, 0x8c, 1, 0x62, 0x4b, 2, 0x8c, 1, 0x61, 0x4b, 3, 0x75, 0x2e]);
    expect(withoutEngine(enginePath([bytes]))).toEqual(valuePath(bytes));
    expect(enginePath([bytes]).text).toBe('{"a":3,"b":2}\n');
  });
});
