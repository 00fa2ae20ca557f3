// The launcher (bin/pkl-stream.cjs) compiles bundle/main.cjs with the V8 code cache the build
// left beside it. A missing cache, or one V8 rejects (another Node version, a damaged file),
// must only cost the compile: same output, same exit status.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PyValue, dumps } from "@pkl-stream/core";
import { afterAll, describe, expect, it } from "vitest";
import { testPath } from "../helpers/python.js";
import { CLI_BIN, makeWorkDir, runCli } from "./run-cli.js";

describe("the pkl-stream launcher", () => {
  const work = makeWorkDir();
  afterAll(() => work.remove());
  const pickle = join(work.dir, "small.pkl");
  writeFileSync(pickle, dumps(new Map<PyValue, PyValue>([["a", [1, 2.5, "x"]], ["b", null]]), { protocol: 4 }));
  const expected = runCli([pickle]);

  /** A copy of the command (launcher, bundle, package.json) with `cache` as its code cache. */
  function copyWith(name: string, cache: Uint8Array | null): string {
    const root = join(work.dir, name);
    mkdirSync(join(root, "bin"), { recursive: true });
    mkdirSync(join(root, "bundle"), { recursive: true });
    copyFileSync(CLI_BIN, join(root, "bin", "pkl-stream.cjs"));
    copyFileSync(testPath("../packages/cli/bundle/main.cjs"), join(root, "bundle", "main.cjs"));
    copyFileSync(testPath("../packages/cli/package.json"), join(root, "package.json"));
    if (cache !== null) writeFileSync(join(root, "bundle", "main.cjs.cache"), cache);
    return join(root, "bin", "pkl-stream.cjs");
  }

  function run(bin: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
    // Third-party packages resolve from the real package's node_modules.
    const env = { ...process.env, NODE_PATH: testPath("../packages/cli/node_modules") };
    const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("decodes as usual with the build's code cache", () => {
    expect(expected.status).toBe(0);
    expect(expected.text).toBe('{"a":[1,2.5,"x"],"b":null}\n');
  });

  it.each([
    ["without a code cache", null],
    ["with a code cache V8 rejects", new Uint8Array(4096).fill(7)],
  ])("works %s", (name, cache) => {
    const bin = copyWith(name.replace(/\W+/g, "-"), cache);
    expect(run(bin, [pickle])).toEqual({ status: 0, stdout: expected.text, stderr: "" });
    expect(run(bin, ["--version"]).stdout).toBe(runCli(["--version"]).text);
  });
});
