import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { delimiter } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The folder of the python3 that PATH finds, resolved once. Where python3 is a pyenv shim (a bash
 * script that runs `pyenv exec`), every spawn paid ~0.3 s of wall time for the shim before Python
 * started; the oracle tests spawn python3 a few hundred times. Putting the interpreter's own
 * folder first on PATH (what `pyenv exec` itself does) runs the same Python without the shim.
 */
function pythonFolder(): string | undefined {
  const result = spawnSync("python3", ["-c", "import os, sys; print(os.path.dirname(sys.executable))"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() !== "" ? result.stdout.trim() : undefined;
}

const python = pythonFolder();

// Tests import the packages' TypeScript sources through the "pkl-stream-source" export condition,
// so editing a package needs no rebuild; CLI tests spawn the built binary.
export default defineConfig({
  resolve: { conditions: ["pkl-stream-source"] },
  ssr: { resolve: { conditions: ["pkl-stream-source"] } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // After each test, a turn of the event loop (see the file for why).
    setupFiles: ["./helpers/yield-between-tests.ts"],
    pool: "forks",
    // Vitest's default is one fork per core but one: on a 2-core machine a single fork ran every
    // file in turn, while most of a CLI or oracle test's time is a child process (pkl-stream,
    // python3) that the fork only waits for. One fork more than the cores keeps them busy.
    maxWorkers: availableParallelism() + 1,
    minWorkers: 1,
    env: {
      // The installed command empties this before Node starts (bin/pkl-stream.cjs re-execs
      // itself without it; Node 20 otherwise reads that CA file at start-up, ~70 ms a spawn here).
      // Tests spawn `node bin/pkl-stream.cjs` directly, so they empty it as the command does.
      NODE_EXTRA_CA_CERTS: "",
      ...(python === undefined ? {} : { PATH: `${python}${delimiter}${process.env.PATH ?? ""}` }),
    },
    // Type tests (*.test-d.ts) are checked once, by `tsc -p tsconfig.json` (this package's
    // `typecheck` script, which `pnpm test` runs before the tests), not a second time here.
    typecheck: { enabled: false },
  },
});
