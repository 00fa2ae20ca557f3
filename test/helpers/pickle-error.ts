// The PickleError a piece of decoding throws, for tests that check its code, offset and opcode.
import { isPickleError, type PickleError } from "@pkl-stream/core";

/** Runs `run` and returns the PickleError it throws; anything else thrown, or nothing, fails the test. */
export function pickleErrorOf(run: () => unknown): PickleError {
  try {
    run();
  } catch (error) {
    if (isPickleError(error)) return error;
    throw error;
  }
  throw new Error("expected a PickleError");
}
