import { COMMANDS, isCommandName } from "./commands/registry.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { readVersion } from "./version.js";

/** Grace after Ctrl-C for a command to stop cleanly before the process exits anyway. */
const INTERRUPT_GRACE_MS = 1000;

/**
 * The grace, or PKL_STREAM_INTERRUPT_GRACE_MS when set: the signal tests set a long one, so that
 * a command that does not stop by itself shows as a hang, not as an exit the timer made.
 */
function graceMs(): number {
  const given = Number(process.env.PKL_STREAM_INTERRUPT_GRACE_MS);
  return Number.isFinite(given) && given > 0 ? given : INTERRUPT_GRACE_MS;
}

/**
 * The `pkl-stream` command: `argv` without `node` and the script; resolves to the exit status
 * (bin/pkl-stream.cjs sets it). Subcommand modules load only when named: `--version` loads
 * nothing but this file and the exit codes, the help only adds its text.
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
    // `pkl-stream help merge` is `pkl-stream merge --help`.
    if (first === "help" && isCommandName(argv[1])) return main([argv[1]!, "--help"]);
    process.stdout.write((await import("./help.js")).MAIN_HELP);
    return EXIT.OK;
  }
  const controller = new AbortController();
  // Ctrl-C (and SIGTERM, SIGHUP: a closed terminal, a supervisor) aborts the command, which
  // removes an unfinished output file; a second signal, or the grace period, exits at once
  // (the output files' own exit hook removes their temporary files then).
  // The status a signal ends an interrupted command with: 128 + its number.
  let signalStatus: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    const status = signal === "SIGINT" ? EXIT.INTERRUPTED : 128 + (signal === "SIGHUP" ? 1 : 15);
    signalStatus ??= status;
    if (controller.signal.aborted) process.exit(status);
    controller.abort();
    setTimeout(() => process.exit(status), graceMs()).unref();
  };
  for (const signal of HANDLED_SIGNALS) process.on(signal, onSignal);
  // Loaded here, not at the top: node:tty brings node:net, which `--version` does not need.
  const { processIo } = await import("./io.js");
  try {
    const status = await runCommand(argv, processIo(controller.signal));
    // An aborted command says 130 (interrupted); a command for which a signal is the normal
    // way to stop (view) keeps its own status.
    return status === EXIT.INTERRUPTED && signalStatus !== undefined ? signalStatus : status;
  } finally {
    for (const signal of HANDLED_SIGNALS) process.off(signal, onSignal);
  }
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (!isCommandName(first)) {
    const { runCat } = await import("./commands/cat.js");
    return runCat(argv, io);
  }
  const runner = await COMMANDS[first]!();
  // The command's name for the usage hint; a prototype, not a copy, keeps io's getters lazy.
  const commandIo: CliIo = Object.create(io, { command: { value: first, enumerable: true } });
  return runner(argv.slice(1), commandIo);
}

const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function ignoreEpipe(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") return;
  // Another write failure of standard output (a full disk: `> /dev/full`): one line and exit 1,
  // not an uncaught exception's stack.
  process.stderr.write(`pkl-stream: standard output: ${error.code === "ENOSPC" ? "no space left on device" : error.message}\n`);
  process.exit(EXIT.BAD_DATA);
}
