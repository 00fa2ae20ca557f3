/** Released chunks kept for reuse at most (more are left to the garbage collector). */
const MAX_SPARE_CHUNKS = 16;

/**
 * Collects many small writes (keys and values of a few dozen bytes) into large chunks, so the
 * destination sees few big writes. `add` is synchronous and says when chunks are ready; the
 * caller then awaits `flush`, which is where backpressure applies. `end` writes the rest.
 */
export class ByteBatch {
  private chunk: Buffer;
  private length = 0;
  /** Full chunks (and large values, copied) waiting for `flush`, in order. */
  private ready: Buffer[] = [];
  /** Chunks the destination is done with (see `release`), to fill again. */
  private readonly spare: Buffer[] = [];
  /** The memory of the chunks this batch made: `release` takes back nothing else. */
  private readonly ownChunks = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly chunkBytes: number,
    private readonly write: (chunk: Buffer) => Promise<void>,
  ) {
    this.chunk = this.newChunk();
  }

  /** Copies `bytes` in; true when chunks are ready and `flush()` should be awaited. */
  add(bytes: Uint8Array): boolean {
    if (bytes.length > this.chunkBytes - this.length) {
      this.takeChunk();
      // A value as large as a chunk goes out on its own (a copy: the caller's view may change).
      if (bytes.length >= this.chunkBytes) {
        this.ready.push(Buffer.from(bytes));
        return true;
      }
    }
    this.chunk.set(bytes, this.length);
    this.length += bytes.length;
    return this.ready.length > 0;
  }

  /**
   * Copies source[start, end) in without making a view of it (the merge's emitter copies
   * millions of short keys and values: a view each was a measurable share of its time).
   */
  addRange(source: Buffer, start: number, end: number): boolean {
    const length = end - start;
    if (length > this.chunkBytes - this.length) {
      this.takeChunk();
      if (length >= this.chunkBytes) {
        this.ready.push(Buffer.from(source.subarray(start, end)));
        return true;
      }
    }
    const chunk = this.chunk;
    const at = this.length;
    if (length < 64) {
      for (let i = 0; i < length; i++) chunk[at + i] = source[start + i]!;
    } else {
      source.copy(chunk, at, start, end);
    }
    this.length = at + length;
    return this.ready.length > 0;
  }

  /** True when chunks are ready and `flush()` should be awaited (what the adds returned). */
  get isReady(): boolean {
    return this.ready.length > 0;
  }

  /** Adds one byte (a separator). */
  addByte(code: number): boolean {
    if (this.length === this.chunkBytes) this.takeChunk();
    this.chunk[this.length++] = code;
    return this.ready.length > 0;
  }

  addText(text: string): boolean {
    return this.add(Buffer.from(text, "utf8"));
  }

  /** Writes the ready chunks, in order. */
  async flush(): Promise<void> {
    const ready = this.ready;
    this.ready = [];
    for (const chunk of ready) await this.write(chunk);
  }

  /** Writes everything collected. */
  async end(): Promise<void> {
    this.takeChunk();
    await this.flush();
  }

  /**
   * The destination is done with `chunk` (one this batch wrote, its bytes copied out): it may be
   * filled again. Only for destinations that keep no reference once a write finished (a file
   * handle's write, not a stream's buffered one). A merge's output is hundreds of chunks: fresh
   * memory for each cost a page fault per 4 KiB (~0.3 s of the main thread for the bench's
   * 574 MB), at the end of the merge when nothing else runs.
   */
  release(chunk: Uint8Array): void {
    // Taken out of the set until handed out again: a second release of one write is ignored.
    if (this.spare.length >= MAX_SPARE_CHUNKS || !this.ownChunks.delete(chunk.buffer)) return;
    this.spare.push(Buffer.from(chunk.buffer, 0, this.chunkBytes));
  }

  private takeChunk(): void {
    if (this.length === 0) return;
    this.ready.push(this.chunk.subarray(0, this.length));
    // The handed-over chunk may still be referenced by the destination: start another one.
    const spare = this.spare.pop();
    if (spare !== undefined) this.ownChunks.add(spare.buffer);
    this.chunk = spare ?? this.newChunk();
    this.length = 0;
  }

  /** A chunk in memory of its own (never a slice of Node's shared pool: it may be released). */
  private newChunk(): Buffer {
    const chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
    this.ownChunks.add(chunk.buffer);
    return chunk;
  }
}
