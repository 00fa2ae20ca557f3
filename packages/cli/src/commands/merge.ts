import {
  type ConflictPolicy,
  type MergeFormat,
  type MergeProgress,
  MergeConflictError,
  MergeKeyCollisionError,
  NoInputError,
  OutputPathError,
  ShardError,
  isOutputPathError,
  mergePickles,
} from "@pkl-stream/stream";
import { access, constants, stat } from "node:fs/promises";
import { UsageError, parseChoice, parseCommandArgs, parsePositiveCount } from "../args.js";
import { resolveInputs } from "../inputs.js";
import { outputPathOf } from "../output-path.js";
import { MERGE_HELP } from "../help.js";
import { EXIT, exitForPickleError } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { formatOfExtension } from "../output-format.js";
import { formatDuration, progressChoice } from "../progress.js";
import { reportError } from "../report-error.js";

const MERGE_OPTIONS = {
  output: { type: "string", short: "o" },
  format: { type: "string", short: "f" },
  concurrency: { type: "string", short: "j" },
  "on-conflict": { type: "string" },
  "keep-going": { type: "boolean", short: "k" },
  progress: { type: "boolean" },
  "no-progress": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const FORMATS: readonly MergeFormat[] = ["msgpack", "json", "ndjson", "pickle"];
const POLICIES: readonly ConflictPolicy[] = ["last", "first", "error", "deep"];
const REDRAW_MS = 250;
const MB = 1024 * 1024;


interface MergeCliSettings {
  readonly patterns: string[];
  /** Each input's absolute path to its name as the user gave it (or as the glob found it), for messages. */
  readonly names: ReadonlyMap<string, string>;
  readonly output: string | undefined;
  /** `-o` as typed, for messages. */
  readonly outputName: string | undefined;
  readonly format: MergeFormat;
  readonly concurrency: number | undefined;
  readonly onConflict: ConflictPolicy;
  readonly keepGoing: boolean;
  readonly isProgress: boolean;
}

/** `pkl-stream merge GLOB... [-o FILE]`: exit 0 merged, 1 bad input or conflict, 2 bad usage, 130 Ctrl-C. */
export async function runMerge(argv: string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let settings: MergeCliSettings;
  try {
    const { values, positionals } = parseCommandArgs(argv, MERGE_OPTIONS);
    if (values.help === true) {
      io.stdout.write(MERGE_HELP);
      return EXIT.OK;
    }
    settings = resolveSettings(values, positionals, io);
    settings = { ...settings, ...(await mergeInputs(positionals, io.cwd)) };
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  const meter = settings.isProgress ? new MergeMeter(io) : null;
  try {
    const summary = await mergePickles({
      patterns: settings.patterns,
      cwd: io.cwd,
      concurrency: settings.concurrency,
      onConflict: settings.onConflict,
      output: settings.output ?? io.stdout,
      format: settings.format,
      keepGoing: settings.keepGoing,
      onProgress: meter === null ? undefined : (progress) => meter.update(progress),
      signal: io.signal,
    });
    meter?.finish();
    for (const failure of summary.failures) io.stderr.write(`pkl-stream: skipped ${withNames(failure.message, settings.names)}\n`);
    if (summary.failures.length > 0) {
      io.stderr.write(`pkl-stream: merged ${summary.filesMerged} files; ${summary.failures.length} bad (listed above)\n`);
      return EXIT.BAD_DATA;
    }
    return EXIT.OK;
  } catch (error) {
    meter?.stop();
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    return reportMergeError(error, settings, io, isDebug);
  }
}

/**
 * The merge's inputs, found as every command finds them (resolveInputs: a name that exists is that
 * file even with `(`, `!` or `*` in it, a directory or a missing name is a usage error, a glob is
 * expanded), as fast-glob patterns naming exactly those files. Each must be a regular file its
 * user can read: the workers open each by name and read it by position.
 */
async function mergeInputs(positionals: readonly string[], cwd: string): Promise<Pick<MergeCliSettings, "patterns" | "names">> {
  if (positionals.includes("-")) throw new UsageError("merge: reads named files in parallel, not standard input (-): save it to a file first");
  const inputs = await resolveInputs(positionals, cwd);
  const fg = ((await import("fast-glob")) as unknown as { default: typeof import("fast-glob") }).default;
  const patterns: string[] = [];
  const names = new Map<string, string>();
  for (const input of inputs) {
    if (input.kind !== "file") continue;
    names.set(input.path, input.name);
    if (!(await stat(input.path)).isFile()) {
      throw new UsageError(`${input.name}: not a regular file (a pipe?): merge reads each file by position; save it to a file first`);
    }
    try {
      await access(input.path, constants.R_OK);
    } catch (error) {
      throw new UsageError(`${input.name}: ${(error as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (error as Error).message}`);
    }
    patterns.push(fg.escapePath(input.path));
  }
  return { patterns, names };
}

function resolveSettings(
  values: ReturnType<typeof parseCommandArgs<typeof MERGE_OPTIONS>>["values"],
  positionals: readonly string[],
  io: CliIo,
): MergeCliSettings {
  if (positionals.length === 0) throw new UsageError("merge: name at least one file or glob (pkl-stream merge 'shards/*.pkl' -o out.msgpack)");
  // "-o -" is standard output, as for the other commands.
  const outputName = values.output === "-" ? undefined : values.output;
  const output = outputPathOf(values.output, io.cwd);
  const format = values.format !== undefined ? parseChoice("--format", values.format, FORMATS) : defaultFormat(output);
  // No worker at all could merge nothing: 0 is refused with the same message as "abc".
  const concurrency = values.concurrency === undefined ? undefined : parsePositiveCount("--concurrency", values.concurrency);
  const onConflict = values["on-conflict"] === undefined ? "last" : parseChoice("--on-conflict", values["on-conflict"], POLICIES);
  if (output === undefined && (format === "msgpack" || format === "pickle") && io.isStdoutTTY) {
    throw new UsageError(`merge: ${format} is binary; name a file with -o, pipe stdout, or use --format json`);
  }
  return {
    patterns: [...positionals],
    names: new Map(),
    output,
    outputName,
    format,
    concurrency,
    onConflict,
    keepGoing: values["keep-going"] === true,
    // As the other commands: by default on where the meter has the terminal to itself.
    isProgress: progressChoice(values) ?? (io.isStderrTTY && !(output === undefined && io.isStdoutTTY)),
  };
}

/** JSON to standard output; to a file, what its extension says, else msgpack. */
function defaultFormat(output: string | undefined): MergeFormat {
  if (output === undefined) return "json";
  return formatOfExtension(output) ?? "msgpack";
}

function reportMergeError(error: unknown, settings: MergeCliSettings, io: CliIo, isDebug: boolean): number {
  if (isOutputPathError(error) && error.path === settings.output && settings.outputName !== undefined) {
    // The library names the resolved path; the message names it as the user typed it.
    return reportError(new OutputPathError(settings.outputName, error.code, error.reason, { cause: error }), undefined, io, isDebug);
  }
  if (error instanceof NoInputError) return reportError(new UsageError(`merge: ${error.message}`), undefined, io, isDebug);
  if (error instanceof MergeKeyCollisionError) {
    io.stderr.write(`pkl-stream: ${withNames(error.message, settings.names)}\n`);
    if (isDebug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT.BAD_DATA;
  }
  if (error instanceof ShardError || error instanceof MergeConflictError) {
    io.stderr.write(`pkl-stream: ${mergeMessage(error, settings.names)}\n`);
    if (isDebug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return error instanceof ShardError && error.code !== undefined ? exitForPickleError(error.code) : EXIT.BAD_DATA;
  }
  return reportError(error, undefined, io, isDebug);
}

/**
 * A merge error's line with each file named as the user gave it (the library has absolute paths),
 * and a conflict's policy named by its option.
 */
function mergeMessage(error: ShardError | MergeConflictError, names: ReadonlyMap<string, string>): string {
  const nameOf = (path: string): string => names.get(path) ?? path;
  if (error instanceof MergeConflictError) {
    const first = nameOf(error.firstFile);
    const where = error.firstFile === error.secondFile ? `two records of ${first}` : `${first} and ${nameOf(error.secondFile)}`;
    return `key ${error.key} has different values in ${where} (--on-conflict error; last or first keeps one of them, deep merges dicts)`;
  }
  return withNames(error.message, names);
}

/** `message` with each input's absolute path replaced by its name. */
function withNames(message: string, names: ReadonlyMap<string, string>): string {
  let named = message;
  // Longest first: `/d/a.pkl` is a prefix of `/d/a.pkl.gz`, which must not become `a.pkl.gz` of it.
  const paths = [...names.keys()].sort((a, b) => b.length - a.length);
  for (const path of paths) named = named.replaceAll(path, names.get(path)!);
  return named;
}

/** One status line on stderr, redrawn in place: `3/8 files  120.0 / 480.0 MB  85.3 MB/s  ETA 0:04`. */
class MergeMeter {
  private latest: MergeProgress | null = null;
  private readonly timer: NodeJS.Timeout;
  private lastWidth = 0;

  constructor(private readonly io: CliIo) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  update(progress: MergeProgress): void {
    this.latest = progress;
  }

  finish(): void {
    clearInterval(this.timer);
    this.draw();
    if (this.lastWidth > 0) this.io.stderr.write("\n");
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.lastWidth > 0) this.io.stderr.write(`\r${" ".repeat(this.lastWidth)}\r`);
  }

  private draw(): void {
    const progress = this.latest;
    if (progress === null) return;
    const text = describeProgress(progress);
    const padding = this.lastWidth > text.length ? " ".repeat(this.lastWidth - text.length) : "";
    this.io.stderr.write(`\r${text}${padding}`);
    this.lastWidth = text.length;
  }
}

/** The status text for a progress report (exported for tests). */
export function describeProgress(progress: MergeProgress): string {
  const seconds = Math.max(progress.elapsedMs / 1000, 1e-3);
  const rate = progress.bytesRead / MB / seconds;
  const parts = [
    `${progress.filesDone}/${progress.filesTotal} files`,
    `${(progress.bytesRead / MB).toFixed(1)} / ${(progress.bytesTotal / MB).toFixed(1)} MB`,
    `${rate.toFixed(1)} MB/s`,
  ];
  if (progress.bytesRead > 0) {
    const remaining = ((progress.bytesTotal - progress.bytesRead) / progress.bytesRead) * seconds;
    parts.push(`ETA ${formatDuration(Math.max(remaining, 0))}`);
  }
  return parts.join("  ");
}
