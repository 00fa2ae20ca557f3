// The launcher (bin/pkl-stream.cjs) compiles bundle/main.cjs with the V8 code cache the build
// left beside it. A missing cache, or one V8 rejects (another Node version, a damaged file),
// must only cost the compile: same output, same exit status.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
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

  describe("through sh (line 2: how Node is started)", () => {
    // A `node` first on PATH that prints what it was given instead of running anything.
    const fakeBin = join(work.dir, "fake-node");
    mkdirSync(fakeBin, { recursive: true });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's parameter expansions
    writeFileSync(join(fakeBin, "node"), '#!/bin/sh\nprintf "%s|%s|%s\\n" "${GLIBC_TUNABLES-unset}" "${NODE_EXTRA_CA_CERTS-unset}" "$*"\n');
    chmodSync(join(fakeBin, "node"), 0o755);
    const bigFile = join(work.dir, "big.pkl");
    writeFileSync(bigFile, new Uint8Array(8_000_001));

    function launch(args: readonly string[], extraEnv: Record<string, string>): string {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeBin}:${process.env["PATH"] ?? ""}`, NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/x.pem", ...extraEnv };
      if (!("GLIBC_TUNABLES" in extraEnv)) delete env["GLIBC_TUNABLES"];
      const result = spawnSync("/bin/sh", [CLI_BIN, ...args], { env, encoding: "utf8" });
      expect(result.stderr).toBe("");
      return result.stdout.trim();
    }

    it("empties NODE_EXTRA_CA_CERTS and sets no GLIBC_TUNABLES of its own", () => {
      expect(launch([pickle], {})).toBe(`unset||${CLI_BIN} ${pickle}`);
    });

    it("passes the user's GLIBC_TUNABLES on as they set it", () => {
      expect(launch(["--version"], { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" })).toBe(`glibc.malloc.hugetlb=1||${CLI_BIN} --version`);
      expect(launch(["--version"], { GLIBC_TUNABLES: "glibc.malloc.arena_max=2" })).toBe(`glibc.malloc.arena_max=2||${CLI_BIN} --version`);
    });

    it("passes --max-semi-space-size=32 only for a file argument over 8 MB", () => {
      expect(launch([bigFile, "-f", "msgpack"], {})).toBe(`unset||--max-semi-space-size=32 ${CLI_BIN} ${bigFile} -f msgpack`);
      expect(launch(["-f", "msgpack", pickle], {})).toBe(`unset||${CLI_BIN} -f msgpack ${pickle}`);
    });
  });
});
