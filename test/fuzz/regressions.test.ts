// Replays every input the long fuzz run (`pnpm fuzz`) saved as a failure: once fixed, each must
// decode or throw a PickleError, the same one-shot and chunked, forever after.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkInput, REGRESSIONS_DIR } from "./harness.mjs";

const folder = REGRESSIONS_DIR;
const files = readdirSync(folder).filter((name) => name.endsWith(".pkl")).sort();

describe("fuzz regressions", () => {
  it("has a regressions folder with its README", () => {
    expect(readdirSync(folder)).toContain("README.md");
  });

  for (const name of files) {
    it(`keeps the properties on ${name}`, () => {
      const bytes = new Uint8Array(readFileSync(new URL(name, folder)));
      for (const chunkSeed of [0, 1, 2, 3]) expect(checkInput(bytes, chunkSeed).failure).toBeNull();
    });
  }
});
