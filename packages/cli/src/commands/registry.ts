import type { CliIo } from "../io.js";

/** A subcommand: its arguments (after the name) and the process's io in, the exit status out. */
export type CommandRunner = (argv: string[], io: CliIo) => Promise<number>;

/** Loads a subcommand's module only when it runs, so `--version` and plain decoding stay lean. */
type CommandLoader = () => Promise<CommandRunner | null>;

/**
 * Loads an optional command module (written in parallel, possibly absent from this build): a
 * computed specifier keeps the compiler from requiring the file; a missing module gives null.
 */
async function loadOptional(specifier: string, exportName: string): Promise<CommandRunner | null> {
  try {
    const module = (await import(specifier)) as Record<string, unknown>;
    const runner = module[exportName];
    return typeof runner === "function" ? (runner as CommandRunner) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return null;
    throw error;
  }
}

/** Subcommands by name; anything else on the command line is a file for the default command. */
export const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  show: async () => (await import("./show.js")).runShow,
  inspect: async () => (await import("./inspect.js")).runInspect,
  merge: () => loadOptional(new URL("./merge.js", import.meta.url).href, "runMerge"),
  convert: () => loadOptional(new URL("./convert.js", import.meta.url).href, "runConvert"),
};

export function isCommandName(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
