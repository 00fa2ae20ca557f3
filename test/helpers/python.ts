// Spawns CPython, the oracle of the fixture and differential tests.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const probe = spawnSync("python3", ["-c", "import numpy, hypothesis"], { encoding: "utf8" });

/** True when python3 (with numpy and hypothesis, which the oracle scripts import) can run here. */
export const hasPython: boolean = probe.status === 0;

/**
 * Call at the top of a suite that needs CPython; returns whether it can run. With `CI=true` a
 * missing python3 fails loudly instead: CI must never skip the oracle. Without CI the suite may
 * skip (`describe.runIf(requirePython())`).
 */
export function requirePython(): boolean {
  if (!hasPython && process.env.CI === "true") {
    throw new Error(`CI=true but python3 with numpy and hypothesis cannot run: ${probe.error?.message ?? probe.stderr}`);
  }
  return hasPython;
}

/** Absolute path of a file in test/, e.g. `testPath("differential/random_objects.py")`. */
export function testPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/**
 * Runs a Python script with arguments and returns its stdout as text. PYTHONHASHSEED is fixed so
 * set order (and so the pickles) are the same every run. Throws with stderr on failure.
 */
export function runPythonScript(scriptPath: string, args: readonly string[] = []): string {
  const result = spawnSync("python3", [scriptPath, ...args], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`python3 ${scriptPath} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return result.stdout;
}

/** The cases a generator script prints, one `name<TAB>base64 pickle` per line. */
/** The bytes of the case named `name` among generatedCases' `cases`; throws naming it when there is none. */
export function caseNamed(cases: readonly (readonly [string, Uint8Array])[], name: string): Uint8Array {
  const found = cases.find(([caseName]) => caseName === name);
  if (found === undefined) throw new Error(`no case ${name}`);
  return found[1];
}

export function generatedCases(scriptPath: string): (readonly [string, Uint8Array])[] {
  return runPythonScript(scriptPath)
    .trim()
    .split("\n")
    .map((line) => {
      const [name, data] = line.split("\t");
      const bytes = Buffer.from(data!, "base64");
      return [name!, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)] as const;
    });
}
