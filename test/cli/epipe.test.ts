// A reader that closes stdout early (`pkl-stream ... | head -1`) ends every command quietly with
// exit 0: the shell idiom is normal use, not an error. Each case runs the command with its stdout
// pipe already closed by the reading side, so its first write fails with EPIPE; the outputs are
// also far larger than a pipe's buffer, so no command can finish without meeting the closed pipe.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { CLI_BIN, makeWorkDir, runShell } from "./run-cli.js";

/** Runs the command with the read end of its stdout closed at once; resolves to its status and stderr. */
function runWithClosedStdout(args: readonly string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

const COMMANDS: readonly (readonly string[])[] = [
  ["big.pkl"],
  ["big.pkl", "--format", "json"],
  ["big.pkl", "--format", "msgpack"],
  ["big.pkl", "--meta", "--select", ".text"],
  ["convert", "big.pkl"],
  ["convert", "big.pkl", "--format", "msgpack"],
  ["convert", "big.pkl", "--format", "pickle"],
  ["merge", "big-shard-*.pkl"],
  ["merge", "big-shard-*.pkl", "--format", "ndjson"],
  ["merge", "big-shard-*.pkl", "--format", "msgpack"],
  ["merge", "big-shard-*.pkl", "--format", "pickle"],
  ["inspect", "big.pkl"],
  ["inspect", "--json", "big.pkl"],
  ["inspect", "--dis", "big.pkl"],
  ["show", "big-image.pkl"],
  ["--help"],
  ["show", "--help"],
  ["merge", "--help"],
  ["convert", "--help"],
  ["inspect", "--help"],
  ["--version"],
];

describe.runIf(requirePython())("a closed stdout", () => {
  let dir = "";
  let remove = (): void => {};

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    runPythonScript(testPath("cli/fixtures/output-paths/make_inputs.py"), [dir]);
  });
  afterAll(() => remove());

  it.each(COMMANDS)("ends pkl-stream %s quietly with exit 0", async (...args) => {
    const result = await runWithClosedStdout(args, dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it.each([
    "pkl-stream big.pkl | head -1",
    "pkl-stream convert big.pkl | head -1",
    "pkl-stream merge 'big-shard-*.pkl' -f ndjson | head -1",
    "pkl-stream inspect --dis big.pkl | head -1",
  ])("ends `%s` in a shell with exit 0, nothing on stderr, and the first line printed", (command) => {
    const result = runShell(command, { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.text.split("\n")).toHaveLength(2);
  });

  it.runIf(process.platform === "linux")("reports a full disk on standard output (> /dev/full) in one line with exit 1", () => {
    for (const command of ["pkl-stream big.pkl > /dev/full", "pkl-stream convert big.pkl > /dev/full"]) {
      const result = runShell(command, { cwd: dir });
      expect(result.stderr).toBe("pkl-stream: standard output: no space left on device\n");
      expect(result.status).toBe(1);
    }
  });
});
