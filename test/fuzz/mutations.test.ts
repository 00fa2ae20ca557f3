// fast-check properties over mutated and spliced fixtures: every input either decodes or throws a
// PickleError (nothing else), the same whether pushed at once or in random chunks; the Unpickler
// recovers after reset(); audit and dis never fail with anything but a PickleError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMutation, checkInput, loadSeeds, type Mutation } from "./harness.mjs";
import { MUTATION } from "../helpers/mutations.js";

const seeds = loadSeeds();

// A fixed seed keeps the suite deterministic; `pnpm fuzz` explores beyond it.
const RUNS = { numRuns: 400, seed: 0x5eed };

function mutated(seedIndex: number, otherIndex: number, mutations: readonly Mutation[]): Uint8Array {
  const other = seeds[otherIndex % seeds.length]!;
  return mutations.reduce((bytes, step) => applyMutation(bytes, step, other), seeds[seedIndex % seeds.length]!);
}

describe("fuzzing the decoder with mutated fixtures", () => {
  it("has seeds from the fixtures and the malicious corpus", () => {
    expect(seeds.length).toBeGreaterThan(400);
  });

  it("decodes every unmutated seed or throws a PickleError, the same one-shot and chunked", () => {
    for (const [index, seed] of seeds.entries()) expect(checkInput(seed, index).failure).toBeNull();
  });

  it("decodes mutated fixtures or throws a PickleError, the same one-shot and chunked", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.array(MUTATION, { minLength: 1, maxLength: 4 }), fc.nat(), (seed, other, steps, chunkSeed) => {
        const result = checkInput(mutated(seed, other, steps), chunkSeed);
        expect(result.failure).toBeNull();
      }),
      RUNS,
    );
  });

  it("decodes splices of two fixtures or throws a PickleError, the same one-shot and chunked", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (seed, other, at, otherAt, chunkSeed) => {
        const result = checkInput(mutated(seed, other, [{ kind: "splice", at, otherAt }]), chunkSeed);
        expect(result.failure).toBeNull();
      }),
      RUNS,
    );
  });

  it("decodes random bytes after a PROTO header or throws a PickleError", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), (protocol, body, chunkSeed) => {
        const bytes = Uint8Array.from([0x80, protocol, ...body]);
        expect(checkInput(bytes, chunkSeed).failure).toBeNull();
      }),
      RUNS,
    );
  });
});
