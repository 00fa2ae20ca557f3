/**
 * The bytes of one opcode that straddles chunks (a fixed argument, a length header, text lines),
 * copied once as they come: the Unpickler holds the opcode's start when a chunk ends inside it and
 * takes from the next chunks just the bytes it still needs, then runs it from here.
 */
import { TAKEN_FROM_ARGUMENT1, TWO_NEWLINES } from "../opcodes/arg-kinds.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE } from "../opcodes/table.js";
import { ARG_HEADER } from "../opcodes/arg-header.js";
import { crossingReason, nestedFrameReason } from "./frame-rule.js";

export class OpcodeCarry {
  private bytes: Uint8Array = new Uint8Array(64);
  /** Bytes held; 0 when no opcode straddles. */
  length = 0;
  /** Absolute offset of the held opcode. */
  offset = 0;
  /** After `takeFrom`: the held bytes are the whole opcode (for a length-prefixed one: its header). */
  isComplete = false;
  /**
   * Newlines among the held bytes after the opcode's own: counted as bytes come, so a long text
   * line fed in small chunks costs each byte once (rescanning the held bytes per chunk was
   * quadratic: a 1 MB protocol 0 str in 64-byte chunks took 13 s).
   */
  private newlinesHeld = 0;

  /** The held opcode's byte (-1 when none is held). */
  get opcode(): number {
    return this.length > 0 ? this.bytes[0]! : -1;
  }

  /** Holds `buf[from...]`, the start of the opcode at absolute `offset`. */
  hold(buf: Uint8Array, from: number, offset: number): void {
    const tail = buf.length - from;
    if (tail > this.bytes.length) this.bytes = new Uint8Array(Math.max(tail, this.bytes.length * 2));
    this.bytes.set(buf.subarray(from), 0);
    this.length = tail;
    this.offset = offset;
    this.newlinesHeld = 0;
    for (let at = buf.indexOf(0x0a, from + 1); at >= 0; at = buf.indexOf(0x0a, at + 1)) this.newlinesHeld++;
  }

  /**
   * Appends from the start of `chunk` just the bytes the held opcode still needs and returns how
   * many it took (`isComplete` says whether that was all), or -1, taking nothing, when its text
   * would run past `maxLineLength`.
   */
  takeFrom(chunk: Uint8Array, maxLineLength: number): number {
    const opcode = this.bytes[0]!;
    const size = ARG_SIZE[opcode]!;
    if (size >= 0 || size <= TAKEN_FROM_ARGUMENT1) {
      // A fixed argument, or the length header of a length-prefixed one.
      const need = 1 + ARG_HEADER[opcode]!;
      const taken = Math.min(need - this.length, chunk.length);
      this.append(chunk, taken);
      this.isComplete = this.length >= need;
      return taken;
    }
    // Text: up to the first (UP_TO_NEWLINE) or second (TWO_NEWLINES) newline.
    let newlinesNeeded = (size === TWO_NEWLINES ? 2 : 1) - this.newlinesHeld;
    let end = 0;
    while (newlinesNeeded > 0) {
      const found = chunk.indexOf(0x0a, end);
      if (found < 0) {
        end = chunk.length;
        break;
      }
      end = found + 1;
      newlinesNeeded--;
    }
    if (this.length + end > maxLineLength + 3) return -1;
    this.append(chunk, end);
    this.newlinesHeld = (size === TWO_NEWLINES ? 2 : 1) - newlinesNeeded;
    this.isComplete = newlinesNeeded <= 0;
    return end;
  }

  /** The whole held opcode (a view of the carry's buffer, valid until the next `hold`); the carry is empty after. */
  take(): Uint8Array {
    const held = this.bytes.subarray(0, this.length);
    this.length = 0;
    return held;
  }

  clear(): void {
    this.length = 0;
  }

  /**
   * The frame-rule violation of the held opcode, or null: its bytes reach past the end of the
   * frame it starts in, or reach that end while it still needs more (as one push of the same
   * bytes finds: whatever comes next is past the frame).
   */
  frameViolation(frameEnd: number): string | null {
    const end = this.offset + this.length;
    if (this.offset < frameEnd && (end > frameEnd || (!this.isComplete && end === frameEnd))) {
      const opcode = this.bytes[0]!;
      return opcode === OP.FRAME ? nestedFrameReason(this.offset, frameEnd) : crossingReason(this.offset, knownEnd(opcode, this.offset), frameEnd);
    }
    return null;
  }

  private append(source: Uint8Array, count: number): void {
    const needed = this.length + count;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(source.subarray(0, count), this.length);
    this.length = needed;
  }
}

/** Where the opcode at `start` ends when its size is fixed (length-prefixed ones: where the header ends), else null (text). */
export function knownEnd(op: number, start: number): number | null {
  const size = ARG_SIZE[op]!;
  return size >= 0 || size <= TAKEN_FROM_ARGUMENT1 ? start + 1 + ARG_HEADER[op]! : null;
}
