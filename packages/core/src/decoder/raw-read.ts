/**
 * Raw bytes that follow a BUILD outside any opcode (joblib's arrays, see classes/joblib.ts), while
 * they arrive: an optional padding-length byte and padding, then `length` bytes, or (an object
 * array) a whole pickle read by a nested decoder.
 */
import type { PyRawPayload, RawPayload } from "../classes/joblib.js";
import type { Unpickler } from "./unpickler.js";
import { VIEW_MIN_BYTES } from "./payload-values.js";
import { joinBytes } from "./join-bytes.js";

export class RawRead {
  readonly target: PyRawPayload;
  /** Absolute offset of the BUILD opcode, where errors are reported. */
  readonly opcodeOffset: number;
  readonly length: number;
  /** For a payload that is a whole pickle (joblib's object arrays): the decoder reading it, else null. */
  readonly nested: Unpickler | null;
  /** -1 until the padding-length byte is read (when padded), then padding bytes left to skip. */
  private skip: number;
  private filled = 0;
  private readonly parts: Uint8Array[] = [];

  constructor(target: PyRawPayload, opcodeOffset: number, payload: RawPayload, nested: Unpickler | null) {
    this.target = target;
    this.opcodeOffset = opcodeOffset;
    this.length = payload.length;
    this.skip = payload.padded ? -1 : 0;
    this.nested = nested;
  }

  /** True once every raw byte came (not for a nested pickle: its decoder says when it is done). */
  get isComplete(): boolean {
    return this.skip === 0 && this.filled === this.length;
  }

  /** Takes padding and raw bytes from `buf` at `pos` (kept as views until `bytes()`); returns the position after them. */
  readFrom(buf: Uint8Array, pos: number): number {
    if (this.skip === -1) {
      if (pos >= buf.length) return pos;
      this.skip = buf[pos]!;
      pos++;
    }
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, buf.length - pos);
      this.skip -= skipped;
      pos += skipped;
      if (this.skip > 0) return pos;
    }
    const take = Math.min(this.length - this.filled, buf.length - pos);
    if (take > 0) {
      this.parts.push(buf.subarray(pos, pos + take));
      this.filled += take;
      pos += take;
    }
    return pos;
  }

  /** The raw bytes once complete: one piece of at least VIEW_MIN_BYTES stays a view of the input, as large bytes payloads do. */
  bytes(): Uint8Array {
    if (this.parts.length === 1 && this.length >= VIEW_MIN_BYTES) return this.parts[0]!;
    return joinBytes(this.parts, this.length);
  }
}
