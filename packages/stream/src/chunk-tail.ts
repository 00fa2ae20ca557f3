/**
 * The input bytes from one absolute offset on, kept as the chunks that arrived (references, no
 * copies). The reader keeps the bytes of the record in progress so that it can decode them again
 * after an error (to recover records the failing chunk completed, or to search for the next
 * record when skipping corrupt input). Chunks must not be changed after they were written, as
 * Node's stream contract already requires.
 *
 * Every operation costs O(log n) in the chunks held, or O(1) amortised, plus the bytes it hands
 * out: a large record arriving in small chunks holds many of them, and the reader asks for the
 * bytes from an offset on at every push (walking the held chunks from the first made skipCorrupt
 * quadratic: 156 KB in 16-byte chunks took 1.1 s).
 */
export class ChunkTail {
  /** Held chunks are `chunks[head..]`; the slots before `head` are dropped ones, cleared. */
  private chunks: Uint8Array[] = [];
  /** Absolute offset of each chunk's first byte, in step with `chunks`. */
  private starts: number[] = [];
  private head = 0;
  /** Absolute offset of `chunks[head][0]` (equals `endOffset` when nothing is held). */
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
    this.starts.push(this.endOffset);
    this.endOffset += chunk.length;
  }

  /** Forgets every byte before `offset` (clamped to what is held). */
  dropBefore(offset: number): void {
    const { chunks, starts } = this;
    let head = this.head;
    while (head < chunks.length && starts[head]! + chunks[head]!.length <= offset) {
      chunks[head] = EMPTY;
      head++;
    }
    if (head < chunks.length && offset > starts[head]!) {
      // Keep a view: the chunk is referenced by the caller anyway until the record ends.
      chunks[head] = chunks[head]!.subarray(offset - starts[head]!);
      starts[head] = offset;
    }
    this.head = head;
    this.firstOffset = head < chunks.length ? starts[head]! : this.endOffset;
    if (head === chunks.length) {
      this.clearAt(this.endOffset);
    } else if (head >= 1024 && 2 * head >= chunks.length) {
      // The dropped slots are at least half: let them go (amortised O(1) per dropped chunk).
      this.chunks = chunks.slice(head);
      this.starts = starts.slice(head);
      this.head = 0;
    }
  }

  /** Forgets everything and restarts at absolute `offset`. */
  clearAt(offset: number): void {
    this.chunks = [];
    this.starts = [];
    this.head = 0;
    this.firstOffset = offset;
    this.endOffset = offset;
  }

  /** The byte at absolute `offset`, or -1 when it is not held. */
  byteAt(offset: number): number {
    if (offset < this.firstOffset || offset >= this.endOffset) return -1;
    const index = this.indexOf(offset);
    return this.chunks[index]![offset - this.starts[index]!] ?? -1;
  }

  /** Views of the bytes in [from, to), in order, without copying. */
  *views(from: number, to: number = this.endOffset): Generator<Uint8Array> {
    if (from >= to || from >= this.endOffset || to <= this.firstOffset) return;
    const { chunks, starts } = this;
    for (let index = from <= this.firstOffset ? this.head : this.indexOf(from); index < chunks.length; index++) {
      const chunk = chunks[index]!;
      const at = starts[index]!;
      const chunkEnd = at + chunk.length;
      yield chunk.subarray(Math.max(from - at, 0), Math.min(to, chunkEnd) - at);
      if (chunkEnd >= to) return;
    }
  }

  /**
   * The first absolute offset >= `from` where `accept(byte, nextByte)` holds; `nextByte` is -1
   * past the end. Returns -1 when no held offset qualifies.
   */
  find(from: number, accept: (byte: number, nextByte: number) => boolean): number {
    if (from >= this.endOffset) return -1;
    const { chunks, starts } = this;
    for (let c = from <= this.firstOffset ? this.head : this.indexOf(from); c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const at = starts[c]!;
      const next = chunks[c + 1];
      for (let i = Math.max(from - at, 0); i < chunk.length; i++) {
        const nextByte = i + 1 < chunk.length ? chunk[i + 1]! : next !== undefined ? next[0]! : -1;
        if (accept(chunk[i]!, nextByte)) return at + i;
      }
    }
    return -1;
  }

  /** The index of the held chunk that holds absolute `offset` (firstOffset <= offset < endOffset). */
  private indexOf(offset: number): number {
    const starts = this.starts;
    let low = this.head;
    let high = starts.length - 1;
    // The last chunk whose start is <= offset.
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

const EMPTY = new Uint8Array(0);
