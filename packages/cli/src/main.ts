import { readFileSync } from "node:fs";
import { COMMANDS, isCommandName } from "./commands/registry.js";
import { EXIT } from "./exit-codes.js";
import { MAIN_HELP } from "./help.js";
import { type CliIo, processIo } from "./io.js";

/** Grace after Ctrl-C for a command to stop cleanly before the process exits anyway. */
const INTERRUPT_GRACE_MS = 1000;

/**
 * The `pkl-stream` command: `argv` without `node` and the script; resolves to the exit status
 * (bin/pkl-stream.js sets it). Subcommand modules load only when named: `--version` and the
 * help load nothing but this file and the help text.
 */
export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  // A reader that quits early (`| head -1`) is normal for a shell tool: never crash on EPIPE.
  process.stdout.on("error", ignoreEpipe);
  if (first === "--version" || first === "-V") {
    process.stdout.write(`${readVersion()}\n`);
    return EXIT.OK;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(MAIN_HELP);
    return EXIT.OK;
  }
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    controller.abort();
    setTimeout(() => process.exit(EXIT.INTERRUPTED), INTERRUPT_GRACE_MS).unref();
  };
  process.on("SIGINT", onInterrupt);
  try {
    return await runCommand(argv, processIo(controller.signal));
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (!isCommandName(first)) {
    const { runCat } = await import("./commands/cat.js");
    return runCat(argv, io);
  }
  const runner = await COMMANDS[first]!();
  return runner(argv.slice(1), io);
}

function readVersion(): string {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function ignoreEpipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}
