import type { PickleErrorCode } from "@pkl-stream/core";

/**
 * Exit statuses of `pkl-stream`. Reading commands: 0 all good (also when the reader of stdout
 * quit early, `| head -1`), 1 bad data (or an output that could not be written: a full disk),
 * 2 bad usage (also an output path that is missing, not writable or one of the inputs).
 * `inspect` is a CI gate: 0 safe, 1 unknown, 3 dangerous. 70 an internal error (a bug of
 * pkl-stream: please report it; sysexits' EX_SOFTWARE). 130 after Ctrl-C, as shells report it.
 */
export const EXIT = {
  OK: 0,
  BAD_DATA: 1,
  USAGE: 2,
  // inspect verdicts
  SAFE: 0,
  UNKNOWN: 1,
  DANGEROUS: 3,
  INTERNAL: 70,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Every decoder error code and the status it ends the command with: the one place that decides.
 * All are faults of the input; a limit hit (`LIMIT_EXCEEDED`) is data too big or too deep for
 * the limits, still the data's doing, and `UNSUPPORTED` is input we cannot read.
 */
export const PICKLE_ERROR_EXIT: Readonly<Record<PickleErrorCode, ExitCode>> = {
  TRUNCATED: EXIT.BAD_DATA,
  UNKNOWN_OPCODE: EXIT.BAD_DATA,
  STACK_UNDERFLOW: EXIT.BAD_DATA,
  NO_MARK: EXIT.BAD_DATA,
  MEMO_MISSING: EXIT.BAD_DATA,
  LIMIT_EXCEEDED: EXIT.BAD_DATA,
  BAD_ARGUMENT: EXIT.BAD_DATA,
  BAD_TYPE: EXIT.BAD_DATA,
  FRAME_OVERRUN: EXIT.BAD_DATA,
  UNSUPPORTED: EXIT.BAD_DATA,
};

/** The exit status for a decoder error code; a code this table does not know is still bad data. */
export function exitForPickleError(code: string): ExitCode {
  return (PICKLE_ERROR_EXIT as Readonly<Record<string, ExitCode>>)[code] ?? EXIT.BAD_DATA;
}
