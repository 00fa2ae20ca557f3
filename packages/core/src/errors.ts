import { opcodeByCode, opcodeLabel } from "./opcodes/table.js";

/** What went wrong, as a literal the CLI and callers can switch on. */
export type PickleErrorCode =
  | "TRUNCATED"
  | "UNKNOWN_OPCODE"
  | "STACK_UNDERFLOW"
  | "NO_MARK"
  | "MEMO_MISSING"
  | "LIMIT_EXCEEDED"
  | "BAD_ARGUMENT"
  | "BAD_TYPE"
  | "FRAME_OVERRUN"
  | "UNSUPPORTED";

export interface PickleErrorDetails {
  readonly code: PickleErrorCode;
  /** Absolute byte offset of the opcode that failed (from the first byte ever pushed). */
  readonly offset: number;
  /** The opcode byte, or -1 when the error is not tied to one (input ended between opcodes). */
  readonly opcode: number;
  /** 0-based index of the record (pickle) being decoded. */
  readonly recordIndex: number;
  readonly cause?: unknown;
}

/**
 * The one error type of decoding. The message says what, where and which opcode:
 * `record 3 at byte 1042: memo key 7 is missing (opcode BINGET 0x68)`.
 */
export class PickleError extends Error {
  override readonly name: string = "PickleError";
  readonly code: PickleErrorCode;
  readonly offset: number;
  readonly opcode: number;
  readonly recordIndex: number;
  /** What went wrong, without the location prefix. */
  readonly reason: string;

  constructor(reason: string, details: PickleErrorDetails) {
    const where = `record ${details.recordIndex} at byte ${details.offset}`;
    const op = details.opcode >= 0 ? ` (opcode ${opcodeLabel(details.opcode)})` : "";
    super(`${where}: ${reason}${op}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.offset = details.offset;
    this.opcode = details.opcode;
    this.recordIndex = details.recordIndex;
    this.reason = reason;
  }

  /** The opcode's CPython name, or undefined. */
  get opcodeName(): string | undefined {
    return this.opcode >= 0 ? opcodeByCode(this.opcode)?.name : undefined;
  }
}

/** Input ended inside a record. Everything complete before it was already returned. */
export class TruncatedError extends PickleError {
  override readonly name: string = "TruncatedError";
  constructor(reason: string, details: Omit<PickleErrorDetails, "code">) {
    super(reason, { ...details, code: "TRUNCATED" });
  }
}

export function isPickleError(value: unknown): value is PickleError {
  return value instanceof PickleError;
}
