// Runs every js example of packages/core/README.md and of the root README and checks what it
// prints against the example's own `// prints:` lines (the README says what the code does).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import { requirePython } from "../helpers/python.js";

const readmes = ["../../packages/core/README.md", "../../README.md"].map((path) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8"));
const examples = readmes.flatMap((readme) => [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!));
const sample = fileURLToPath(new URL("../../samples/appended-records.pkl", import.meta.url));
const torchSample = fileURLToPath(new URL("../../samples/state-dict.pt", import.meta.url));

describe("the js examples of packages/core/README.md and README.md", () => {
  requirePython();
  // Examples import packages by name, so they must live under test/ to resolve them.
  const runDir = fileURLToPath(new URL(`./.readme-core-${process.pid}/`, import.meta.url));
  mkdirSync(runDir, { recursive: true });
  afterAll(() => rmSync(runDir, { recursive: true, force: true }));

  it("has examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((code, index) => [index, code] as const))("example %i prints what the README says", async (index, code) => {
    const expected = [...code.matchAll(/^\/\/ prints: (.*)$/gm)].map((match) => match[1]);
    const file = join(runDir, `example-${index}.mjs`);
    writeFileSync(file, code.replaceAll('"samples/appended-records.pkl"', JSON.stringify(sample)).replaceAll('"samples/state-dict.pt"', JSON.stringify(torchSample)));
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { breakLength: Infinity }))).join(" "));
    });
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(expected);
  });
});
