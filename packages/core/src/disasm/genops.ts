/**
 * `genops`: the opcodes of one pickle as (opcode info, argument, offset), after CPython's
 * `pickletools.genops`. Every fact about an opcode comes from the opcode table.
 */
import { PickleError, TruncatedError } from "../errors.js";
import { frameRuleViolation } from "../decoder/frame-rule.js";
import { FRAME, STOP } from "../opcodes/codes.js";
import { ARG_SIZE, NOT_AN_OPCODE, type OpcodeInfo, opcodeByCode } from "../opcodes/table.js";
import { type OpArg, readArgument } from "./read-argument.js";

export type { OpArg } from "./read-argument.js";

/** One opcode of a pickle. */
export interface PickleOp {
  readonly info: OpcodeInfo;
  /** The decoded argument, or null for opcodes without one. */
  readonly arg: OpArg;
  /** Offset of the opcode byte in the input. */
  readonly offset: number;
  /** Offset just past the argument. */
  readonly end: number;
}

export interface GenopsOptions {
  /** Offset of the pickle's first opcode in `bytes`. Default 0. */
  readonly start?: number;
  /** Record index stated in errors. Default 0. */
  readonly recordIndex?: number;
}

/** Checks the shared arguments of genops, dis and audit at the call. */
export function checkInput(bytes: unknown, start: number): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array of pickle bytes, got ${bytes === null ? "null" : typeof bytes}`);
  }
  if (!Number.isSafeInteger(start) || start < 0 || start > bytes.length) {
    throw new RangeError(`Expected start to be an integer from 0 to ${bytes.length}, got ${start}`);
  }
}

/**
 * Yields the opcodes of the pickle that begins at `options.start`, through its STOP, and returns
 * the offset after the STOP. Throws a `PickleError` on an unknown opcode (`UNKNOWN_OPCODE`), a
 * malformed argument (`BAD_ARGUMENT`), input that ends first (`TRUNCATED`), or an opcode that
 * breaks the frame rule of decoder/frame-rule.ts (`FRAME_OVERRUN`), as the Unpickler does; claimed
 * lengths are checked against the input before anything is read, so nothing large is allocated.
 */
export function* genops(bytes: Uint8Array, options: GenopsOptions = {}): Generator<PickleOp, number, number | undefined> {
  const start = options.start ?? 0;
  const recordIndex = options.recordIndex ?? 0;
  checkInput(bytes, start);
  let offset = start;
  /** Offset just past the current FRAME, or -1. */
  let frameEnd = -1;
  for (;;) {
    if (offset >= bytes.length) {
      throw new TruncatedError("pickle exhausted before seeing STOP", { offset, opcode: -1, recordIndex });
    }
    const code = bytes[offset]!;
    if (ARG_SIZE[code] === NOT_AN_OPCODE) {
      throw new PickleError("unknown opcode", { code: "UNKNOWN_OPCODE", offset, opcode: code, recordIndex });
    }
    const info = opcodeByCode(code)!;
    const { arg, end } = readArgument({ bytes, offset, info, recordIndex, frameEnd });
    // Arguments that cross the frame's end were refused by readArgument; a nested FRAME or a
    // STOP that leaves frame bytes behind are refused here.
    const violation = frameRuleViolation(code, offset, end, frameEnd);
    if (violation !== null) throw new PickleError(violation, { code: "FRAME_OVERRUN", offset, opcode: code, recordIndex });
    if (code === FRAME) frameEnd = end + Number(arg);
    // A caller may answer with the offset to go on from: raw bytes a library wrote between two
    // opcodes (joblib's arrays), which CPython's Unpickler never reads as opcodes either.
    const resumeAt = yield { info, arg, offset, end };
    if (code === STOP) return end;
    offset = resumeAt !== undefined && resumeAt > end && resumeAt <= bytes.length && end >= frameEnd ? resumeAt : end;
  }
}
