/**
 * The length a counted argument claims (BINUNICODE, BINBYTES8, LONG4, ...), read from its length
 * prefix and checked against the decoder's limits: one function for the Unpickler and for the
 * audit's reader (disasm/read-argument.ts), so the two refuse the same pickles with the same
 * error at the same byte (issue 15, "one parse").
 */
import { LONG1, LONG4 } from "../opcodes/codes.js";
import { TAKEN_FROM_ARGUMENT1, TAKEN_FROM_ARGUMENT4, TAKEN_FROM_ARGUMENT4U } from "../opcodes/arg-kinds.js";

/** Why a claimed length is refused. */
export interface LengthRefusal {
  readonly code: "BAD_ARGUMENT" | "LIMIT_EXCEEDED";
  readonly reason: string;
}

export interface LengthLimits {
  readonly maxBytesLength: number;
  readonly maxIntBytes: number;
}

/**
 * The length claimed by the opcode `op` at `pos` whose argument size kind is `size` (a
 * TAKEN_FROM_ARGUMENT* kind); its prefix must be in `bytes` (`view` spans `bytes` from index 0).
 * Returns the length, or why it is refused (negative, or past `maxBytesLength`, `maxIntBytes` for
 * LONG1/LONG4), before anything is read or allocated.
 */
export function claimedLength(bytes: Uint8Array, view: DataView, pos: number, op: number, size: number, limits: LengthLimits): number | LengthRefusal {
  let length: number;
  if (size === TAKEN_FROM_ARGUMENT1) length = bytes[pos + 1]!;
  else if (size === TAKEN_FROM_ARGUMENT4) {
    length = view.getInt32(pos + 1, true);
    if (length < 0) return { code: "BAD_ARGUMENT", reason: `negative length ${length}` };
  } else if (size === TAKEN_FROM_ARGUMENT4U) length = view.getUint32(pos + 1, true);
  else {
    const high = view.getUint32(pos + 5, true);
    // 2^53 bytes and more: past every finite limit (and past exact numbers). A reader without
    // limits (dis, as pickletools) goes on to compare it with what remains.
    if (high >= 0x200000 && Number.isFinite(limits.maxBytesLength)) {
      return { code: "LIMIT_EXCEEDED", reason: `claimed length ${high}*2^32 bytes exceeds maxBytesLength (${limits.maxBytesLength})` };
    }
    length = view.getUint32(pos + 1, true) + high * 2 ** 32;
  }
  const limit = op === LONG1 || op === LONG4 ? limits.maxIntBytes : limits.maxBytesLength;
  if (length > limit) {
    return { code: "LIMIT_EXCEEDED", reason: `claimed length ${length} bytes exceeds ${op === LONG1 || op === LONG4 ? "maxIntBytes" : "maxBytesLength"} (${limit})` };
  }
  return length;
}
