// The packages as a user gets them: packed with pnpm (which turns "workspace:*" into versions),
// installed from the tarballs with npm into an empty folder, then the command and the library
// run on the bundled sample. `npm pack` is refused with a pointer (it would ship "workspace:*").
// Needs the build (dist/ and the CLI bundle), as test/cli does.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "./stream/python.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = join(ROOT, "samples", "appended-records.pkl");
const PACKAGES = [
  { dir: "core", name: "@pkl-stream/core", tarball: "pkl-stream-core-0.1.0.tgz" },
  { dir: "stream", name: "@pkl-stream/stream", tarball: "pkl-stream-stream-0.1.0.tgz" },
  { dir: "cli", name: "pkl-stream", tarball: "pkl-stream-0.1.0.tgz" },
] as const;
/** npm's codes for "the registry cannot be reached and the cache does not have it". */
const OFFLINE_CODES = /npm error code (ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)/;

/**
 * The environment without the npm_* variables of the package manager running the tests: under
 * `pnpm test`, pnpm's npm_config_user_agent would reach a spawned `npm pack` (npm reads
 * npm_config_* as its config) and make npm look like pnpm to the prepack check.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { npm_config_update_notifier: "false" };
  for (const [name, value] of Object.entries(process.env)) if (!name.toLowerCase().startsWith("npm_")) env[name] = value;
  return env;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 240_000, env: cleanEnv() });
  if (result.error !== undefined) throw result.error;
  return result;
}

function packedJson(tarball: string): Record<string, unknown> {
  const result = run("tar", ["-xzOf", tarball, "package/package.json"], ROOT);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function packedFiles(tarball: string): string[] {
  return run("tar", ["-tzf", tarball], ROOT).stdout.trim().split("\n");
}

describe("packed packages", () => {
  const temp = makeTempDir();
  const packs = join(temp.dir, "packs");
  const app = join(temp.dir, "app");
  afterAll(() => temp.remove());

  beforeAll(() => {
    for (const dir of ["core/dist", "stream/dist", "cli/dist", "cli/bundle"]) {
      if (!existsSync(join(ROOT, "packages", dir))) throw new Error(`packages/${dir} is missing: build before this test`);
    }
    mkdirSync(packs);
    for (const { dir } of PACKAGES) {
      const result = run("npx", ["-y", "pnpm@10", "pack", "--pack-destination", packs], join(ROOT, "packages", dir));
      if (result.status !== 0) throw new Error(`pnpm pack in packages/${dir} failed: ${result.stderr}${result.stdout}`);
    }
  });

  it("packs with pnpm into package.json files that name versions, never workspace: ranges, and carry the MIT LICENSE", () => {
    for (const { name, tarball } of PACKAGES) {
      const path = join(packs, tarball);
      const manifest = packedJson(path);
      expect(manifest.name).toBe(name);
      expect(JSON.stringify(manifest), name).not.toMatch(/workspace:/);
      expect(manifest.license).toBe("MIT");
      expect(packedFiles(path)).toContain("package/LICENSE");
    }
    expect((packedJson(join(packs, "pkl-stream-0.1.0.tgz")).dependencies as Record<string, string>)["@pkl-stream/stream"]).toBe("0.1.0");
    // `pkl-stream view` of an installed command serves the viewer page the build copied beside the bundle.
    expect(packedFiles(join(packs, "pkl-stream-0.1.0.tgz"))).toContain("package/bundle/web/index.html");
    const stream = packedJson(join(packs, "pkl-stream-stream-0.1.0.tgz"));
    expect(stream.peerDependencies).toEqual({ "stream-chain": "^3.2.0" });
    expect(stream.dependencies).not.toHaveProperty("stream-chain");
  });

  it("refuses npm pack where it would ship workspace: ranges, pointing at pnpm pack", () => {
    for (const dir of ["stream", "cli"]) {
      const result = run("npm", ["pack", "--dry-run"], join(ROOT, "packages", dir));
      expect(result.status, dir).not.toBe(0);
      expect(result.stderr, dir).toMatch(/pack it with pnpm, not npm\/.*Run: npx -y pnpm@10 pack/);
    }
  });

  it("installs the tarballs with npm into an empty folder, where the command and the library read the sample", () => {
    mkdirSync(app);
    run("npm", ["init", "-y"], app);
    const tarballs = PACKAGES.map(({ tarball }) => join(packs, tarball));
    const quiet = ["--no-audit", "--no-fund", "--ignore-scripts"];
    // From npm's cache when it has the third-party packages, else from the registry.
    let install = run("npm", ["install", "--offline", ...quiet, ...tarballs], app);
    if (install.status !== 0 && OFFLINE_CODES.test(install.stderr)) install = run("npm", ["install", "--prefer-offline", ...quiet, ...tarballs], app);
    if (install.status !== 0 && OFFLINE_CODES.test(install.stderr)) {
      // No registry and no cache: the tarballs are unpacked as npm would place them, beside the
      // workspace's copies of their third-party dependencies.
      unpackBesideWorkspace(app, tarballs);
    } else {
      expect(install.status, install.stderr).toBe(0);
    }
    const command = run(join(app, "node_modules", ".bin", "pkl-stream"), [SAMPLE, "--limit", "2"], app);
    expect([command.status, command.stderr]).toEqual([0, ""]);
    expect(command.stdout).toBe(
      '{"id":0,"user":"linus","at":"2024-03-01T09:00:00","score":94.787,"tags":["beta","vip"],"amount":"792.09"}\n[1,"ken",[-808,-252,193,-882],null]\n',
    );
    const library = run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { readPickles } from "@pkl-stream/stream"; import { loadAll } from "@pkl-stream/core";
         import { readFileSync } from "node:fs";
         let n = 0; for await (const record of readPickles(process.argv[1])) n++;
         console.log(n, loadAll(readFileSync(process.argv[1])).length);`,
        SAMPLE,
      ],
      app,
    );
    expect([library.status, library.stderr, library.stdout]).toEqual([0, "", "36 36\n"]);
  });
});

/** The tarballs unpacked into `app/node_modules`, each third-party dependency linked to the workspace's copy. */
function unpackBesideWorkspace(app: string, tarballs: readonly string[]): void {
  for (const [i, { dir, name }] of PACKAGES.entries()) {
    const target = join(app, "node_modules", name);
    mkdirSync(target, { recursive: true });
    expect(run("tar", ["-xzf", tarballs[i]!, "-C", target, "--strip-components=1"], app).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(target, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      const link = join(app, "node_modules", dependency);
      if (dependency.startsWith("@pkl-stream/") || existsSync(link)) continue;
      mkdirSync(join(link, ".."), { recursive: true });
      symlinkSync(realpathSync(join(ROOT, "packages", dir, "node_modules", dependency)), link);
    }
  }
  mkdirSync(join(app, "node_modules", ".bin"), { recursive: true });
  symlinkSync(join(app, "node_modules", "pkl-stream", "bin", "pkl-stream.cjs"), join(app, "node_modules", ".bin", "pkl-stream"));
}
