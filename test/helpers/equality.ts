// Deep equality for decoded values across decoders.
import { expect } from "vitest";

/**
 * Registers an equality tester under which two functions are equal. Reconstructed values (an
 * ndarray) keep the decoder's context, whose closures differ per Unpickler though the decoded
 * data is the same; comparing records of two decoders must look at data, not at those closures.
 */
export function compareDataNotClosures(): void {
  expect.addEqualityTesters([
    (a: unknown, b: unknown) => (typeof a === "function" && typeof b === "function" ? true : undefined),
  ]);
}
