// Spawns lib/measure.py around one command and returns what it measured plus the child's output.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const MEASURE = join(import.meta.dirname, "measure.py");

/**
 * @returns {{wallS: number, maxRssKB: number, exitCode: number, timedOut: boolean, stdoutPath: string, stderrPath: string}}
 */
export function measureProcess(argv, { stdoutPath, stderrPath, timeoutS }) {
  const result = spawnSync(
    "python3",
    [MEASURE, "--stdout", stdoutPath, "--stderr", stderrPath, "--timeout", String(timeoutS), "--", ...argv],
    { encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(`measure.py failed (${result.status}): ${result.stderr}`);
  }
  return { ...JSON.parse(result.stdout), stdoutPath, stderrPath };
}

/** The last JSON line a probe printed, or null. */
export function probeLine(stdoutPath) {
  const lines = readFileSync(stdoutPath, "utf8").trim().split("\n");
  try {
    return JSON.parse(lines.at(-1));
  } catch {
    return null;
  }
}

/** The first meaningful line of a child's stderr, for a one-line reason. */
export function firstErrorLine(stderrPath) {
  const text = readFileSync(stderrPath, "utf8");
  const line = text.split("\n").find((l) => /error|Error|not|cannot|unknown|usage/i.test(l)) ?? text.split("\n")[0];
  return (line ?? "").trim().slice(0, 160) || "no output";
}
