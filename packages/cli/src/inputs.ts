import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { UsageError } from "./args.js";

/** One input of a command: standard input, or a file (named as the user wrote it). */
export type Input = { readonly kind: "stdin" } | { readonly kind: "file"; readonly path: string; readonly name: string };

export const STDIN_NAME = "<stdin>";

/** An argument that names no file (nor a glob): which one, so the caller can say more (a mistyped command). */
export class MissingInputError extends UsageError {
  override readonly name: string = "MissingInputError";
  constructor(readonly arg: string) {
    super(`${arg}: no such file`);
  }
}

/** The name messages give an input. */
export function inputName(input: Input): string {
  return input.kind === "stdin" ? STDIN_NAME : input.name;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * The inputs the arguments name, in order: `-` is stdin (so is no argument at all); a path that
 * exists is itself, even with glob characters in it; anything else with glob characters is
 * expanded by fast-glob (loaded only then) and sorted, so a quoted glob works in any shell.
 * A path or glob that names no file is a usage error.
 */
export async function resolveInputs(args: readonly string[], cwd: string): Promise<Input[]> {
  if (args.length === 0) return [{ kind: "stdin" }];
  const inputs: Input[] = [];
  for (const arg of args) {
    if (arg === "-") {
      inputs.push({ kind: "stdin" });
      continue;
    }
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    const kind = await statKind(path);
    if (kind === "file") {
      inputs.push({ kind: "file", path, name: arg });
      continue;
    }
    if (kind === "directory") throw new UsageError(`${arg}: is a directory (name files, or a glob such as "${arg}/*.pkl")`);
    if (!GLOB_CHARS.test(arg)) throw new MissingInputError(arg);
    const matches = await expandGlob(arg, cwd);
    if (matches.length === 0) throw new UsageError(`${arg}: no files match`);
    for (const name of matches) inputs.push({ kind: "file", path: isAbsolute(name) ? name : resolve(cwd, name), name });
  }
  return inputs;
}

/**
 * Async on purpose: on Node 20 a synchronous stat of a FIFO (`<(zcat x.gz)`, a piped stdin)
 * upsets the ESM resolver's realpath, which then loads a second copy of @pkl-stream/core
 * through the symlinked path (dicts from one copy are then foreign to the other).
 */
async function statKind(path: string): Promise<"file" | "directory" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}

/** Files matching `pattern`, relative to `cwd` as written, in code-point order (as `sort` in C locale). */
async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  // fast-glob is CommonJS (`export =`): at run time its function is the namespace's default.
  const loaded = (await import("fast-glob")) as unknown as { default: typeof import("fast-glob") };
  const matches: string[] = await loaded.default(pattern, { cwd, onlyFiles: true, dot: false, followSymbolicLinks: true });
  return matches.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Input size in bytes when knowable without reading: regular files (stdin redirected from one, too). */
export async function inputSize(input: Input): Promise<number | undefined> {
  try {
    const stats = await stat(input.kind === "stdin" ? "/dev/stdin" : input.path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
