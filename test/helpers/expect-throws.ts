import { expect } from "vitest";

/** Runs `run`, which must throw exactly a `type` (not a subclass of it) with this message. */
export function expectThrows(run: () => unknown, type: new (message: string) => Error, message: string | RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).constructor).toBe(type);
  if (typeof message === "string") expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}
