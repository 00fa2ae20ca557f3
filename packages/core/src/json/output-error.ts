import { isPyObject, isTuple } from "../values/py-types.js";

/** What stopped an output writer, as a literal callers (the CLI's exit codes) can switch on. */
export type OutputErrorCode =
  /** A container reached again while it is still open: the record contains itself. */
  | "CYCLE"
  /** `maxOutputBytes` (or the msgpack writer's `maxDepth`) was exceeded. */
  | "LIMIT_EXCEEDED"
  /** A value that is not a PyValue (undefined, a function, a symbol, a foreign class instance). */
  | "BAD_TYPE";

/** The option a `LIMIT_EXCEEDED` error is about. */
export type OutputLimitName = "maxOutputBytes" | "maxDepth";

export interface OutputErrorDetails {
  readonly code: OutputErrorCode;
  /** 0-based index of the record being written, when the caller said which record it is. */
  readonly recordIndex: number | undefined;
  /** Where in the record it happened, as `$`, `$[2]["key"]`, ... */
  readonly path: string;
  /** For `LIMIT_EXCEEDED`: which option to raise. */
  readonly limit?: OutputLimitName;
}

/**
 * Writing a decoded value out (JSON, NDJSON, msgpack) failed. This is not a decoding error (the
 * pickle was fine), so it is not a PickleError: it has no byte offset or opcode, only the record
 * and the path inside it. Message: `record 3: cycle: the list at $ contains itself at $[1]`.
 */
export class OutputError extends Error {
  override readonly name: string = "OutputError";
  readonly code: OutputErrorCode;
  readonly recordIndex: number | undefined;
  readonly path: string;
  readonly limit: OutputLimitName | undefined;
  /** What went wrong, without the record prefix. */
  readonly reason: string;

  constructor(reason: string, details: OutputErrorDetails) {
    super(details.recordIndex === undefined ? reason : `record ${details.recordIndex}: ${reason}`);
    this.code = details.code;
    this.recordIndex = details.recordIndex;
    this.path = details.path;
    this.limit = details.limit;
    this.reason = reason;
  }
}

export function isOutputError(value: unknown): value is OutputError {
  return value instanceof OutputError;
}

/** The error every writer raises for a value that is no PyValue, at `path` of record `recordIndex`. */
export function badTypeError(value: unknown, path: string, recordIndex: number | undefined): OutputError {
  const what =
    typeof value === "object" && value !== null
      ? `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? "an unknown class"}`
      : typeof value;
  return new OutputError(`cannot write ${what} at ${path}: not a decoded Python value`, { code: "BAD_TYPE", recordIndex, path });
}

/** How cycle messages name an open container: `list`, `tuple`, `dict`, `set`, `module.Class object`. */
export function describeContainer(identity: object): string {
  if (Array.isArray(identity)) return isTuple(identity) ? "tuple" : "list";
  if (identity instanceof Set) return "set";
  if (isPyObject(identity)) return `${identity.pyClass} object`;
  return "dict";
}
