/**
 * The input bytes from one absolute offset on, kept as the chunks that arrived (references, no
 * copies). The reader keeps the bytes of the record in progress so that it can decode them again
 * after an error (to recover records the failing chunk completed, or to search for the next
 * record when skipping corrupt input). Chunks must not be changed after they were written, as
 * Node's stream contract already requires.
 */
export class ChunkTail {
  private chunks: Uint8Array[] = [];
  /** Absolute offset of `chunks[0][0]`. */
  private firstOffset = 0;
  /** Absolute offset just past the last byte held. */
  private endOffset = 0;

  /** Absolute offset of the first byte held (equals `end` when empty). */
  get start(): number {
    return this.firstOffset;
  }

  /** Absolute offset just past the last byte held. */
  get end(): number {
    return this.endOffset;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.endOffset += chunk.length;
  }

  /** Forgets every byte before `offset` (clamped to what is held). */
  dropBefore(offset: number): void {
    let first = this.chunks[0];
    while (first !== undefined && this.firstOffset + first.length <= offset) {
      this.firstOffset += first.length;
      this.chunks.shift();
      first = this.chunks[0];
    }
    if (first !== undefined && offset > this.firstOffset) {
      // Keep a view: the chunk is referenced by the caller anyway until the record ends.
      this.chunks[0] = first.subarray(offset - this.firstOffset);
      this.firstOffset = offset;
    }
    if (this.chunks.length === 0) this.firstOffset = this.endOffset;
  }

  /** Forgets everything and restarts at absolute `offset`. */
  clearAt(offset: number): void {
    this.chunks = [];
    this.firstOffset = offset;
    this.endOffset = offset;
  }

  /** The byte at absolute `offset`, or -1 when it is not held. */
  byteAt(offset: number): number {
    let at = this.firstOffset;
    for (const chunk of this.chunks) {
      if (offset < at + chunk.length) return offset < at ? -1 : (chunk[offset - at] ?? -1);
      at += chunk.length;
    }
    return -1;
  }

  /** Views of the bytes in [from, to), in order, without copying. */
  *views(from: number, to: number = this.endOffset): Generator<Uint8Array> {
    let at = this.firstOffset;
    for (const chunk of this.chunks) {
      const chunkEnd = at + chunk.length;
      if (chunkEnd > from && at < to) {
        yield chunk.subarray(Math.max(from - at, 0), Math.min(to, chunkEnd) - at);
      }
      if (chunkEnd >= to) return;
      at = chunkEnd;
    }
  }

  /**
   * The first absolute offset >= `from` where `accept(byte, nextByte)` holds; `nextByte` is -1
   * past the end. Returns -1 when no held offset qualifies.
   */
  find(from: number, accept: (byte: number, nextByte: number) => boolean): number {
    let at = this.firstOffset;
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const next = chunks[c + 1];
      for (let i = Math.max(from - at, 0); i < chunk.length; i++) {
        const nextByte = i + 1 < chunk.length ? chunk[i + 1]! : next !== undefined ? next[0]! : -1;
        if (accept(chunk[i]!, nextByte)) return at + i;
      }
      at += chunk.length;
    }
    return -1;
  }
}
