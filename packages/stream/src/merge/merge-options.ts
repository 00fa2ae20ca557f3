import { availableParallelism } from "node:os";
import type { Writable } from "node:stream";
import { CONFLICT_POLICIES, type ConflictPolicy, MERGE_FORMATS, type MergeFormat } from "./output-format.js";

/** Where the merge goes while it runs. */
export interface MergeProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Bytes read from the inputs so far (compressed bytes for gzip files). */
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly elapsedMs: number;
}

/** An input that failed while `keepGoing` is on; the merge went on without it. */
export interface MergeFileFailure {
  readonly file: string;
  /** Names the file and, for a bad record, the record. */
  readonly message: string;
  /** The decoder's error code (`TRUNCATED`, `UNKNOWN_OPCODE`, ...) when there is one. */
  readonly code: string | undefined;
}

export interface MergeOptions {
  /** fast-glob patterns (or plain paths), relative to `cwd`. Files are merged in sorted path order. */
  readonly patterns: string | readonly string[];
  /** Directory the patterns are relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /** Files decoded at once, one worker thread each. Default `os.availableParallelism()`; 1 or more. */
  readonly concurrency?: number;
  /**
   * A key met again (in a later file, or a later record): `"last"` (default) keeps the later
   * value, as `dict.update`; `"first"` the earlier; `"error"` fails naming the key and both files
   * (equal values are no conflict); `"deep"` merges dict values key by key, recursively.
   */
  readonly onConflict?: ConflictPolicy;
  /**
   * Write the result: a path or a Writable (stdout). A path is checked and opened before any
   * file is merged: one of the inputs is refused (OutputPathError `SAME_AS_INPUT`); a regular
   * file (or a symlink's target) is written atomically, a temporary file renamed into place; a
   * FIFO or a device is written through (see openOutputFile). Without it, `mergePickles`
   * resolves to the merged dict.
   */
  readonly output?: string | Writable;
  /** Output format with `output`. Default `"msgpack"`. */
  readonly format?: MergeFormat;
  /** Merge every good file and report bad ones through `onFileError` (and the summary) instead of failing. Default false. */
  readonly keepGoing?: boolean;
  /** Called as files are read (at most every 8 MB per file) and as each file is done. */
  readonly onProgress?: (progress: MergeProgress) => void;
  /** With `keepGoing`: called for each input that failed. */
  readonly onFileError?: (failure: MergeFileFailure) => void;
  /** Aborting stops the workers and leaves an output path untouched. */
  readonly signal?: AbortSignal;
}

/** What a merge with `output` resolves to. */
export interface MergeSummary {
  readonly filesMerged: number;
  readonly failures: readonly MergeFileFailure[];
  /** Keys of the merged dict (top level). */
  readonly keyCount: number;
  readonly bytesRead: number;
}

export interface MergeSettings {
  readonly patterns: readonly string[];
  readonly cwd: string;
  readonly concurrency: number;
  readonly onConflict: ConflictPolicy;
  readonly output: string | Writable | undefined;
  readonly format: MergeFormat;
  readonly keepGoing: boolean;
  readonly onProgress: ((progress: MergeProgress) => void) | undefined;
  readonly onFileError: ((failure: MergeFileFailure) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Checks every option at the call, with a message saying what was expected and what came. */
export function resolveMergeOptions(options: MergeOptions): MergeSettings {
  if (typeof options !== "object" || options === null) throw new TypeError(`mergePickles: expected an options object, got ${describe(options)}`);
  const patterns = typeof options.patterns === "string" ? [options.patterns] : options.patterns;
  if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === "string" && p.length > 0)) {
    throw new TypeError(`mergePickles: expected patterns to be a non-empty string or array of strings, got ${describe(options.patterns)}`);
  }
  const { cwd = process.cwd(), concurrency = availableParallelism(), onConflict = "last", format = "msgpack", keepGoing = false } = options;
  if (typeof cwd !== "string") throw new TypeError(`mergePickles: expected cwd to be a string, got ${describe(cwd)}`);
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`mergePickles: expected concurrency to be an integer from 1, got ${describe(concurrency)}`);
  }
  if (!CONFLICT_POLICIES.includes(onConflict)) {
    throw new TypeError(`mergePickles: expected onConflict to be one of ${CONFLICT_POLICIES.join(", ")}, got ${describe(onConflict)}`);
  }
  if (!MERGE_FORMATS.includes(format)) {
    throw new TypeError(`mergePickles: expected format to be one of ${MERGE_FORMATS.join(", ")}, got ${describe(format)}`);
  }
  const output = options.output;
  if (output !== undefined && typeof output !== "string" && typeof (output as Writable | null)?.write !== "function") {
    throw new TypeError(`mergePickles: expected output to be a path or a Writable, got ${describe(output)}`);
  }
  if (typeof keepGoing !== "boolean") throw new TypeError(`mergePickles: expected keepGoing to be a boolean, got ${describe(keepGoing)}`);
  for (const name of ["onProgress", "onFileError"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new TypeError(`mergePickles: expected ${name} to be a function, got ${describe(options[name])}`);
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`mergePickles: expected signal to be an AbortSignal, got ${describe(options.signal)}`);
  }
  return {
    patterns,
    cwd,
    concurrency,
    onConflict,
    output,
    format,
    keepGoing,
    onProgress: options.onProgress,
    onFileError: options.onFileError,
    signal: options.signal,
  };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
