// A signal while the command waits on its input (Ctrl-C, a supervisor's SIGTERM, a closed
// terminal's SIGHUP) ends it with 128 + the signal's number and leaves no temporary file of an
// -o output behind: the abort removes it, or the output file's exit hook once the grace period
// ends a read that never saw the abort.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { dumps } from "@pkl-stream/core";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_BIN, makeWorkDir } from "./run-cli.js";

/** Starts the command on a stdin that sends `first` and stays open; signals it once `ready()` holds; resolves to its exit status. */
function signalledRun(args: readonly string[], cwd: string, first: Uint8Array, signal: NodeJS.Signals, ready: () => boolean): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, stdio: ["pipe", "ignore", "ignore"] });
    child.stdin.write(first);
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      child.kill(signal);
    }, 20);
    child.on("error", reject);
    child.on("close", (status, killedBy) => {
      clearInterval(poll);
      child.stdin.destroy();
      resolve(status ?? (killedBy === null ? null : -1));
    });
  });
}

describe("pkl-stream on a signal", () => {
  const { dir, remove } = makeWorkDir();
  afterAll(() => remove());
  const records = Buffer.concat(Array.from({ length: 50 }, (_, i) => dumps({ i, text: "x".repeat(100) })));

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("ends on %s with exit %i and leaves no temporary file of its -o output", async (signal, status) => {
    const folder = join(dir, signal);
    mkdirSync(folder);
    const hasTemporary = (): boolean => readdirSync(folder).some((name) => name.endsWith(".tmp"));
    const exit = await signalledRun(["-", "-o", "out.ndjson"], folder, records, signal, hasTemporary);
    expect(exit).toBe(status);
    expect(readdirSync(folder)).toEqual([]);
  });
});
