// Runs the real, built `pkl-stream` binary (packages/cli/bin/pkl-stream.cjs over the esbuild
// bundle in bundle/), as a user's shell would. Build first: `cd packages/cli && npx -y pnpm@10
// run build` (tsc, then scripts/bundle.mjs; turbo's test task depends on build).
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_BIN: string = fileURLToPath(new URL("../../packages/cli/bin/pkl-stream.cjs", import.meta.url));
const CLI_BUNDLE_MAIN = fileURLToPath(new URL("../../packages/cli/bundle/main.cjs", import.meta.url));

if (!existsSync(CLI_BUNDLE_MAIN)) {
  throw new Error(`the CLI is not built (${CLI_BUNDLE_MAIN} is missing): run the build before test/cli`);
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: Buffer;
  /** stdout as UTF-8 text. */
  readonly text: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Bytes for standard input (a pipe); without it stdin is empty. */
  readonly input?: Uint8Array | string;
  readonly env?: Readonly<Record<string, string>>;
}

function toResult(result: SpawnSyncReturns<Buffer>): CliResult {
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, text: result.stdout.toString("utf8"), stderr: result.stderr.toString("utf8") };
}

/** `pkl-stream ...args`, with stdin from `input` (a pipe) and stdout/stderr captured. */
export function runCli(args: readonly string[], options: RunOptions = {}): CliResult {
  return toResult(
    spawnSync(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd,
      input: options.input ?? "",
      env: { ...process.env, ...options.env },
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** A folder holding a `pkl-stream` command, to put on PATH for shell command lines. */
let binDir: string | undefined;
function commandDir(): string {
  if (binDir === undefined) {
    binDir = mkdtempSync(join(tmpdir(), "pkl-stream-bin-"));
    const shim = join(binDir, "pkl-stream");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
  }
  return binDir;
}

/** A command line run by bash with `pkl-stream` on PATH; `pipefail` so a failing pkl-stream shows. */
export function runShell(command: string, options: RunOptions = {}): CliResult {
  return toResult(
    spawnSync("bash", ["-o", "pipefail", "-c", command], {
      cwd: options.cwd,
      input: options.input ?? "",
      env: { ...process.env, ...options.env, PATH: `${commandDir()}:${process.env.PATH ?? ""}` },
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** A fresh temporary folder (and subfolders) and a function removing it. */
export function makeWorkDir(...subdirs: string[]): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "pkl-stream-cli-"));
  for (const sub of subdirs) mkdirSync(join(dir, sub), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** NDJSON text as its lines, without the final newline's empty string. */
export function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}
