import { resolve } from "node:path";
import { UsageError } from "./args.js";

/**
 * The file `-o VALUE` names, resolved against `cwd`; undefined for standard output (no `-o`, or
 * `-o -`). An empty name or one ending in a slash names no file: resolve() would turn them into
 * the working folder, or into a file named after the folder the user meant.
 */
export function outputPathOf(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined || value === "-") return undefined;
  return filePathOf("-o", value, cwd, " (or - for standard output)");
}

/** The file an output option other than -o names (`show --png FILE`), checked as outputPathOf checks it. */
export function filePathOf(flag: string, value: string, cwd: string, alternative = ""): string {
  if (value === "") throw new UsageError(`${flag} needs a file name${alternative}`);
  if (value.endsWith("/")) throw new UsageError(`${flag} ${value}: names a folder (it ends in /); give a file name inside it`);
  return resolve(cwd, value);
}
