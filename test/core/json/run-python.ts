import { spawnSync } from "node:child_process";

/** True when `python3` runs here. */
export const hasPython: boolean = spawnSync("python3", ["-c", "pass"]).status === 0;

/**
 * Python-oracle tests run whenever python3 exists, and always with CI=true (where a missing
 * python3 must fail them, not skip them).
 */
export const skipPythonTests: boolean = !hasPython && process.env.CI !== "true";

/** Runs a Python 3 script with `input` on stdin; returns stdout, throws with stderr on failure. */
export function runPython(script: string, input: string | Uint8Array = ""): string {
  const result = spawnSync("python3", ["-c", script], {
    input,
    maxBuffer: 1 << 30,
    encoding: "utf8",
    env: { ...process.env, PYTHONIOENCODING: "utf-8", PYTHONHASHSEED: "0" },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Runs a Python 3 script; returns stdout as bytes. */
export function runPythonBytes(script: string, input: string | Uint8Array = ""): Buffer {
  const result = spawnSync("python3", ["-c", script], { input, maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 failed (${result.status}): ${result.stderr.toString()}`);
  return result.stdout;
}
