/**
 * `FileEnds`: the first and last bytes of an input that arrives in chunks, which is what the
 * libraries that open containers read first: a tar header at the start (torch.load), a zip's
 * end record and comment at the end (Python's zipfile). The input itself is not kept.
 */

/** A tar header: the longest a container is told by at the start. */
export const HEAD_BYTES = 512;
/** A zip end record (22 bytes) and the longest comment it may have: where zipfile looks for one. */
export const TAIL_BYTES = 22 + 0xffff;

export class FileEnds {
  private readonly first = new Uint8Array(HEAD_BYTES);
  private firstLength = 0;
  /** The input's last bytes, in last[lastEnd - TAIL_BYTES, lastEnd) (see push). */
  private last = new Uint8Array(0);
  private lastEnd = 0;

  /** The input's first HEAD_BYTES bytes (all of it when shorter). */
  get head(): Uint8Array {
    return this.first.subarray(0, this.firstLength);
  }

  /** The input's last TAIL_BYTES bytes (all of it when shorter). */
  get tail(): Uint8Array {
    return this.last.subarray(Math.max(0, this.lastEnd - TAIL_BYTES), this.lastEnd);
  }

  /**
   * Reads the input's next bytes, copying what it keeps (the caller may fill `chunk` again).
   * The tail goes into a buffer twice its size, moved down when it fills: each byte is copied
   * about twice.
   */
  push(chunk: Uint8Array): void {
    if (this.firstLength < HEAD_BYTES) {
      const taken = chunk.subarray(0, HEAD_BYTES - this.firstLength);
      this.first.set(taken, this.firstLength);
      this.firstLength += taken.length;
    }
    if (chunk.length >= TAIL_BYTES) {
      if (this.last.length < TAIL_BYTES) this.last = new Uint8Array(2 * TAIL_BYTES);
      this.last.set(chunk.subarray(chunk.length - TAIL_BYTES), 0);
      this.lastEnd = TAIL_BYTES;
      return;
    }
    if (this.lastEnd + chunk.length > this.last.length) {
      if (this.last.length < 2 * TAIL_BYTES) {
        // Grown as the input is: a small input keeps a small buffer.
        const grown = new Uint8Array(Math.min(2 * TAIL_BYTES, Math.max(4096, 2 * (this.lastEnd + chunk.length))));
        grown.set(this.last.subarray(0, this.lastEnd));
        this.last = grown;
      }
      if (this.lastEnd + chunk.length > this.last.length) {
        const keep = TAIL_BYTES - chunk.length;
        this.last.copyWithin(0, this.lastEnd - keep, this.lastEnd);
        this.lastEnd = keep;
      }
    }
    this.last.set(chunk, this.lastEnd);
    this.lastEnd += chunk.length;
  }
}
