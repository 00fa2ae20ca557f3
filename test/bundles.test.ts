// The library packages as a user's program loads them: their `exports` name esbuild bundles of
// tsc's output (packages/*/scripts/bundle.mjs). A bundle must keep what the modules had: one
// copy of each class and value across entry points and packages, and the worker scripts where
// the pools look for them. Needs the build, as packaging.test.ts does.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Findings {
  readonly pairs: Record<string, boolean>;
  readonly modulePairs: Record<string, boolean>;
  readonly isCoreError: boolean | null;
  readonly isDisasmErrorCore: boolean | null;
  readonly streamTupleIsTuple: boolean;
  readonly merged: [string, unknown][];
  readonly json: string;
  readonly missing: string[];
  readonly renamedClasses: string[];
}

describe("the packages' bundles", () => {
  // Plain node: no "pkl-stream-source" condition, so the packages resolve to their bundles.
  const result = spawnSync(process.execPath, [fileURLToPath(new URL("./helpers/bundle-check.mjs", import.meta.url)), ROOT], {
    cwd: fileURLToPath(new URL("./", import.meta.url)),
    encoding: "utf8",
    timeout: 120_000,
  });
  const findings = (result.status === 0 ? JSON.parse(result.stdout) : null) as Findings | null;

  it("load in plain node", () => {
    expect([result.status, result.stderr]).toEqual([0, ""]);
  });

  it("export one value wherever tsc's modules export one value (core's entry points)", () => {
    expect(findings!.pairs).toEqual(findings!.modulePairs);
  });

  it("share one PickleError between core's entry points (a bundle per entry point would copy it)", () => {
    expect(findings!.isDisasmErrorCore).toBe(true);
  });

  it("share core's classes with stream's bundle: its errors are core's PickleError, its tuples core's", () => {
    expect(findings!.isCoreError).toBe(true);
    expect(findings!.streamTupleIsTuple).toBe(true);
  });

  it("keep each exported class's name (console.log and constructor.name show NdArray, not _NdArray)", () => {
    expect(findings!.renamedClasses).toEqual([]);
  });

  it("start stream's worker threads from files beside the bundle (a merge, a parallel JSON encode)", () => {
    expect(findings!.missing).toEqual([]);
    expect(findings!.merged).toEqual([
      ["a", 1],
      ["b", [1, 2]],
      ["c", 3],
    ]);
    expect(findings!.json).toBe('{"x":[1,2]}\n');
  });
});
