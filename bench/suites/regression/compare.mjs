// Regression suite: this run against our previous run at the same scale (bench/results/, kept
// out of git). A slower median than last time shows as a ratio > 1 in the "vs last run" column.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Medians of the latest earlier run with the same scale, by case id; empty when there is none. */
export function loadPreviousRun(resultsDir, scale, currentFile) {
  let files = [];
  try {
    files = readdirSync(resultsDir).filter((f) => /^run-.*\.json$/.test(f) && f !== currentFile);
  } catch {
    return { file: null, times: new Map() };
  }
  for (const file of files.sort().reverse()) {
    try {
      const run = JSON.parse(readFileSync(join(resultsDir, file), "utf8"));
      if (run.scale !== scale) continue;
      const times = new Map(run.cases.filter((c) => c.status === "ok").map((c) => [c.id, c.timeS]));
      return { file, commit: run.machine?.commit, times };
    } catch {
      // A run cut short leaves a partial file: skip it.
    }
  }
  return { file: null, times: new Map() };
}
