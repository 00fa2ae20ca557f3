import type { CliIo } from "../io.js";

/** A subcommand: its arguments (after the name) and the process's io in, the exit status out. */
export type CommandRunner = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Loads a subcommand's module only when it runs, so `--version` and plain decoding stay lean.
 * Literal specifiers, so the bundler (scripts/bundle.mjs) follows each into its own chunk.
 */
type CommandLoader = () => Promise<CommandRunner>;

/** Subcommands by name; anything else on the command line is a file for the default command. */
export const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  show: async () => (await import("./show.js")).runShow,
  inspect: async () => (await import("./inspect.js")).runInspect,
  merge: async () => (await import("./merge.js")).runMerge,
  convert: async () => (await import("./convert.js")).runConvert,
  view: async () => (await import("./view.js")).runView,
};

export function isCommandName(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
