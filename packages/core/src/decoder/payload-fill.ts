/**
 * A length-prefixed argument whose payload is still arriving over several chunks (a numpy
 * array's bytes, MNIST's 157 MB Python 2 str): its bytes are copied into place as each chunk
 * comes, not all at once when the last one does, so that with a streamed source (gunzip on
 * zlib's thread) the copying overlaps the wait for the next chunk instead of following it.
 */
import { decodeLatin1 } from "./text.js";

/** Payloads up to this size get their destination allocated when the header arrives. */
const PREALLOCATE_LIMIT = 1 << 20;
/**
 * A larger payload gets its destination once this fraction of it has arrived (until then its
 * chunks are kept as views): a header claiming 2 GB makes the decoder allocate 2 GB only after
 * 256 MB of it came, never on the strength of a few bytes.
 */
const PREALLOCATE_AFTER_FRACTION = 8;
/** Latin-1 text of a long Python 2 str is decoded in steps of this many bytes as they arrive. */
const TEXT_STEP_BYTES = 4 << 20;
/** Longer texts are decoded in one piece at the end (V8 strings stop at 2^29 - 24 characters). */
const MAX_STEPPED_TEXT = 1 << 28;

export class PayloadFill {
  readonly opcode: number;
  /** Absolute offset of the opcode byte. */
  readonly opcodeOffset: number;
  readonly length: number;
  filled = 0;
  /** Destination, once allocated (at once for small payloads, see PREALLOCATE_AFTER_FRACTION). */
  private target: Uint8Array | null;
  /** Views of the input chunks that came before the destination existed. */
  private parts: Uint8Array[] = [];
  /**
   * Latin-1 text of `target[0, textEnd)`, joined piece by piece (a V8 rope, so each step copies
   * only its own bytes), or null when the payload's text is not wanted.
   */
  private text: string | null;
  private textEnd = 0;

  /** `wantsLatin1Text`: the value is this payload as Latin-1 text (a Python 2 str read with encoding "latin1"). */
  constructor(opcode: number, opcodeOffset: number, length: number, wantsLatin1Text: boolean) {
    this.opcode = opcode;
    this.opcodeOffset = opcodeOffset;
    this.length = length;
    this.target = length <= PREALLOCATE_LIMIT ? new Uint8Array(length) : null;
    this.text = wantsLatin1Text && length > TEXT_STEP_BYTES && length <= MAX_STEPPED_TEXT ? "" : null;
  }

  get isComplete(): boolean {
    return this.filled === this.length;
  }

  /**
   * The memory the rest of the payload goes to, allocated now if it was not yet: for a caller
   * that reads the bytes into it itself (see Unpickler.payloadTarget) and then `add`s that view.
   */
  rest(): Uint8Array {
    if (this.target === null) this.allocate();
    return this.target!.subarray(this.filled);
  }

  /** Adds the next bytes of the payload (at most what is missing). */
  add(piece: Uint8Array): void {
    if (piece.length === 0) return;
    const target = this.target;
    if (target !== null) {
      // Read into `rest()` by the caller: already in place, so nothing to copy.
      const isInPlace = piece.buffer === target.buffer && piece.byteOffset === target.byteOffset + this.filled;
      if (!isInPlace) target.set(piece, this.filled);
    } else {
      this.parts.push(piece);
    }
    this.filled += piece.length;
    if (this.target === null && this.filled * PREALLOCATE_AFTER_FRACTION >= this.length) this.allocate();
    if (this.text !== null && this.filled - this.textEnd >= TEXT_STEP_BYTES) this.decodeText();
  }

  /** The whole payload, exactly `length` bytes of its own memory; once complete. */
  bytes(): Uint8Array {
    if (this.target === null) this.allocate();
    return this.target!;
  }

  /** The payload as Latin-1 text (equal to decodeLatin1 of `bytes()`), or undefined when not built as it came. */
  latin1Text(): string | undefined {
    if (this.text === null) return undefined;
    this.decodeText();
    return this.text;
  }

  private allocate(): void {
    const target = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      target.set(part, at);
      at += part.length;
    }
    this.parts = [];
    this.target = target;
  }

  private decodeText(): void {
    const target = this.target;
    if (target === null || this.filled === this.textEnd) return;
    this.text += decodeLatin1(target, this.textEnd, this.filled - this.textEnd);
    this.textEnd = this.filled;
  }
}
