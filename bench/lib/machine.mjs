// What the numbers were measured on: printed with every result, since ratios only hold on one machine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

function tryRun(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}

export function describeMachine(repoDir) {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    python: tryRun("python3", ["-c", "import sys, numpy; print(sys.version.split()[0], 'numpy', numpy.__version__)"]),
    commit: tryRun("git", ["rev-parse", "--short", "HEAD"], repoDir),
    // The bench measures the built working tree, which may be ahead of the commit.
    isDirty: tryRun("git", ["status", "--porcelain", "--untracked-files=all", "packages"], repoDir) !== "",
    load: tryRun("cat", ["/proc/loadavg"]).split(" ").slice(0, 3).join(" "),
  };
}
