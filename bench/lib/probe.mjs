// Shared tail of every Node probe: one process = one measurement. The probe does its work and
// prints one JSON line {innerS, maxRssKB, check?}; exit code 3 with {na} means "cannot be
// measured yet" (package not built, export missing), which the table shows as n/a, not a crash.

import { performance } from "node:perf_hooks";

export const EXIT_NOT_AVAILABLE = 3;

/** Thrown by a probe when the thing to measure does not exist yet. */
export class NotAvailable extends Error {}

/** Imports a workspace package from its built dist, or throws NotAvailable naming what is missing. */
export async function importBuilt(specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND" || error?.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      throw new NotAvailable(`${specifier} not built yet`);
    }
    throw error;
  }
}

/** The named export, or NotAvailable when the module does not have it (yet). */
export function requireExport(module, name, specifier) {
  const value = module[name];
  if (value === undefined) throw new NotAvailable(`${specifier} has no export ${name} yet`);
  return value;
}

/** Parses `probe.mjs <mode> <kind> <path> [--check]` style arguments. */
export function probeArgs(argv = process.argv.slice(2)) {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const [mode, kind, path] = argv.filter((a) => !a.startsWith("--"));
  return { mode, kind, path, shouldCheck: flags.has("--check"), flags };
}

/**
 * Runs `work` (which returns `{check?, innerS?}`) and prints the result line. `innerS`
 * defaults to the time from probe start to the end of `work`.
 */
export async function runProbe(work) {
  const started = performance.now();
  try {
    const outcome = (await work()) ?? {};
    const line = {
      innerS: outcome.innerS ?? (performance.now() - started) / 1000,
      maxRssKB: process.resourceUsage().maxRSS,
    };
    if (outcome.check !== undefined) line.check = outcome.check;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (error) {
    if (error instanceof NotAvailable) {
      process.stdout.write(`${JSON.stringify({ na: error.message })}\n`);
      process.exitCode = EXIT_NOT_AVAILABLE;
      return;
    }
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  }
}
