/**
 * The frame rule of PEP 3154, in one place for the decoder, genops (and so dis and the audit),
 * the memo scan and the msgpack transcoder.
 *
 * A FRAME (protocol 4+) announces that the next N bytes hold whole opcodes. CPython's C
 * unpickler trusts that: reading from a file or `io.BytesIO` it loads the frame into its buffer
 * and, when an opcode's argument (a fixed-size argument, a length prefix, a text line, a str
 * payload) needs more bytes than the frame has left, it drops the frame's remaining bytes and
 * reads the whole argument from after the frame. Reading from `bytes` (`pickle.loads`) it walks
 * on linearly, and the pure-Python unpickler refuses ("pickle exhausted before end of frame").
 * So one file holds different pickles for different readers, and a linear reader (pickletools,
 * a scanner, this library) can be shown data where `pickle.load(f)` runs a hidden GLOBAL+REDUCE.
 * pkl-stream therefore refuses every pickle that breaks the rule (code `FRAME_OVERRUN`):
 *
 * 1. No opcode may start inside a frame and end past it (the opcode byte plus its whole argument;
 *    for BINBYTES-style opcodes the payload too). When the frame ends right after the opcode
 *    byte, CPython's readers happen to agree (they all read the argument after the frame), but
 *    PEP 3154 forbids it too and no pickler writes it, so it is refused as well.
 * 2. A FRAME may not start inside a frame.
 * 3. A record's STOP may not leave bytes of its frame behind: `pickle.load` from `io.BytesIO`
 *    skips them while a buffered file reads them as the next record, and a frame claiming more
 *    than the input holds (2^62 bytes) is refused by CPython's C unpickler.
 *
 * Offsets here are absolute; `frameEnd` is the offset just past the current frame, or -1 (none).
 * Reasons name the frame's end relative to the opcode, never as an offset: a decoder that starts
 * in the middle of an input (the -j path's serial fallback) counts offsets from its own start, and
 * the error's offset is moved to the input's, but no number inside a reason is.
 */
import { FRAME, STOP } from "../opcodes/codes.js";

/** FRAME opcode byte plus its 8-byte length. */
export const FRAME_HEADER_BYTES = 9;

/** Offset just past a frame whose FRAME opcode is at `frameOffset`, from the two halves of its length. */
export function frameEndOf(frameOffset: number, lengthLow: number, lengthHigh: number): number {
  return frameOffset + FRAME_HEADER_BYTES + lengthLow + lengthHigh * 2 ** 32;
}

/** Why CPython's readers disagree on such a pickle: appended to every frame error's reason. */
const WHY = "CPython's unpickler reads such a pickle differently from a file than from bytes";

/**
 * Where a frame ends, seen from the opcode at `opStart`. A FRAME may claim up to 2^64 bytes: past
 * 2^53 the sum is a float's rounding, so it is named only as that far.
 */
function frameEndText(opStart: number, frameEnd: number): string {
  return Number.isSafeInteger(frameEnd) ? `${frameEnd - opStart} bytes after the opcode's start` : "past 2^53 bytes";
}

/**
 * The reason for rule 1 (the error names the opcode and its offset). `argEnd` is null when it is
 * unknown (a text line with no newline inside the frame).
 */
export function crossingReason(opStart: number, argEnd: number | null, frameEnd: number): string {
  const what = argEnd === null ? "does not end inside its FRAME" : `runs ${argEnd - frameEnd} bytes past the end of its FRAME`;
  return `the opcode ${what} (which ends ${frameEndText(opStart, frameEnd)}): ${WHY}`;
}

/** The reason for rule 2: the FRAME opcode at `opStart` inside the frame that ends at `frameEnd`. */
export function nestedFrameReason(opStart: number, frameEnd: number): string {
  return `a FRAME starts inside the FRAME that ends ${frameEndText(opStart, frameEnd)}: ${WHY}`;
}

/** Why a joblib array's raw bytes, which follow its BUILD at `opStart`, may not start inside the frame ending at `frameEnd`. */
export function rawBytesInFrameReason(opStart: number, frameEnd: number): string {
  return `raw array bytes cannot start inside a frame (it ends ${frameEndText(opStart, frameEnd)})`;
}

/** The reason for rule 3. */
export function stopInsideFrameReason(stopEnd: number, frameEnd: number): string {
  const distance = Number.isSafeInteger(frameEnd) ? `${frameEnd - stopEnd} bytes` : "more than 2^53 bytes";
  return `the record ends ${distance} before the end of its FRAME: ${WHY}`;
}

/**
 * The reason the opcode spanning `[opStart, argEnd)` breaks the rule, or null. For a FRAME pass
 * the end of its header as `argEnd`; for STOP the offset after it.
 */
export function frameRuleViolation(opcode: number, opStart: number, argEnd: number, frameEnd: number): string | null {
  if (opStart >= frameEnd) return null;
  if (opcode === FRAME) return nestedFrameReason(opStart, frameEnd);
  if (argEnd > frameEnd) return crossingReason(opStart, argEnd, frameEnd);
  if (opcode === STOP && argEnd < frameEnd) return stopInsideFrameReason(argEnd, frameEnd);
  return null;
}
