import { isOutputError, isPickleError } from "@pkl-stream/core";
import { opcodeLabel } from "@pkl-stream/core/opcodes";
import { UsageError } from "./args.js";
import { EXIT, exitForPickleError } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/**
 * A failure tied to one record that is not the decoder's (a `--select` path that is not there,
 * a record JSON cannot hold): carries the input name and record for the message.
 */
export class RecordError extends Error {
  override readonly name: string = "RecordError";
  constructor(
    readonly file: string,
    readonly recordIndex: number,
    readonly offset: number | undefined,
    cause: Error,
  ) {
    super(cause.message, { cause });
  }
}

/** A file named on the command line that cannot be read (permissions, a directory). */
export class InputError extends Error {
  override readonly name: string = "InputError";
}

/** File-system error codes that mean "this input cannot be opened", not "this data is bad". */
const OPEN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  ELOOP: "too many symbolic links",
};

/**
 * Prints the one-line message for `error` on stderr (`pkl-stream: FILE: record N at byte B:
 * what went wrong (opcode X)`) and returns the exit status. The stack only with `--debug`.
 */
export function reportError(error: unknown, file: string | undefined, io: CliIo, isDebug: boolean): number {
  // One rule for every command: a reader that went away (`| head -1`) ends the command quietly.
  if (isClosedPipe(error)) return EXIT.OK;
  const { line, status } = describeError(error, file);
  io.stderr.write(`pkl-stream: ${line}\n`);
  if (error instanceof UsageError) io.stderr.write(`Try 'pkl-stream${io.command === undefined ? "" : ` ${io.command}`} --help' for examples.\n`);
  if (isDebug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return status;
}

/**
 * Whether `error` says the reader of the output closed it: EPIPE from stdout (`| head -1`) or
 * from a FIFO given as `-o`. Not a failure: the reader had what it wanted.
 */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "EPIPE";
}

/**
 * An output path that cannot be written (@pkl-stream/stream's OutputPathError, known by its
 * name so this module need not load the stream package): its message names the output path.
 */
interface OutputPathFailure extends Error {
  readonly path: string;
  readonly code: string;
  readonly reason: string;
}

function isOutputPathFailure(error: unknown): error is OutputPathFailure {
  return error instanceof Error && error.name === "OutputPathError" && typeof (error as { reason?: unknown }).reason === "string";
}

/** Output failures that are the command line's doing (exit 2); others (a full disk) end with 1. */
// EBADF: a descriptor path open only for reading (`-o /dev/stdin`), the command line's doing.
const OUTPUT_USAGE_CODES: ReadonlySet<string> = new Set(["SAME_AS_INPUT", "ENOENT", "EACCES", "EPERM", "EROFS", "EISDIR", "ENOTDIR", "ELOOP", "ENXIO", "EBADF"]);

function describeError(error: unknown, file: string | undefined): { line: string; status: number } {
  const prefix = file === undefined ? "" : `${file}: `;
  if (error instanceof UsageError) return { line: error.message, status: EXIT.USAGE };
  // Names the output path, whichever input was being read when it failed.
  if (isOutputPathFailure(error)) {
    return { line: `${error.path}: ${error.reason}`, status: OUTPUT_USAGE_CODES.has(error.code) ? EXIT.USAGE : EXIT.BAD_DATA };
  }
  if (isPickleError(error)) {
    const located = (error as { file?: string }).file;
    const where = located !== undefined ? `${located}: ` : prefix;
    const opcode = error.opcode >= 0 ? ` (opcode ${opcodeLabel(error.opcode)})` : "";
    return {
      line: `${where}record ${error.recordIndex} at byte ${error.offset}: ${error.reason}${opcode}`,
      status: exitForPickleError(error.code),
    };
  }
  // msgpack the merge or convert cannot turn into Python values (a map as a key, nesting past
  // 1000 levels), known by its name so this module need not load the stream package.
  if (error instanceof Error && error.name === "MsgpackShapeError") return { line: `${prefix}${error.message}`, status: EXIT.BAD_DATA };
  // A record that cannot be written (a cycle, nesting past maxDepth, past maxOutputBytes) that
  // reached here without its RecordError (convert's tape path): the data's doing, exit 1.
  if (isOutputError(error)) {
    const record = error.recordIndex === undefined ? "" : `record ${error.recordIndex}: `;
    return { line: `${prefix}${record}cannot write it: ${error.reason}`, status: EXIT.BAD_DATA };
  }
  if (error instanceof RecordError) {
    const at = error.offset === undefined ? "" : ` at byte ${error.offset}`;
    const cause = error.cause;
    const reason = isOutputError(cause) ? `cannot write it: ${cause.reason}` : error.message;
    return { line: `${error.file}: record ${error.recordIndex}${at}: ${reason}`, status: EXIT.BAD_DATA };
  }
  if (error instanceof InputError) return { line: `${prefix}${error.message}`, status: EXIT.USAGE };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === "string" && OPEN_ERRORS[code] !== undefined) {
    // With no input at hand (a merge's file gone between its listing and its reading), the
    // system's own path names it.
    const path = (error as NodeJS.ErrnoException).path;
    const where = file === undefined && typeof path === "string" ? `${path}: ` : prefix;
    return { line: `${where}${OPEN_ERRORS[code]}`, status: EXIT.USAGE };
  }
  // bzip2/xz/zstd input whose tool is missing or refused it (the stream package's
  // ToolDecompressError, known by its name): its message says which and why, with the file when
  // the stream knew it.
  if (error instanceof Error && error.name === "ToolDecompressError") {
    return { line: error.message.startsWith(prefix) ? error.message : `${prefix}${error.message}`, status: EXIT.BAD_DATA };
  }
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") {
    return { line: `${prefix}bad gzip data: ${(error as Error).message}`, status: EXIT.BAD_DATA };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `${prefix}internal error: ${message} (run with --debug for the stack)`, status: EXIT.INTERNAL };
}

