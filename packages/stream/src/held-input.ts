/** The first block held bytes are copied into; later ones double with what is held, up to MAX_BLOCK_BYTES. */
const FIRST_BLOCK_BYTES = 1 << 16;
const MAX_BLOCK_BYTES = 16 << 20;

/** One held piece: bytes [offset, offset + bytes.length) of the engine's input. */
interface Piece {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/**
 * The input a tape engine may ask for again (TapeEngine.rewindOffset), for a source that cannot
 * be read again by position (a pipe, inflated gzip, a library user's stream): the bytes from the
 * engine's `rereadFrom` on, held here in pieces. Why not in the engine's window, as before: a
 * giant record then grew the window by doubling, each time a fresh array faulted in and the
 * whole record copied into it (`cat records.pkl | pkl-stream`: 512 MB first touched for a 150 MB
 * record, a third of the command's time). Held here, each byte is copied once (and only when its
 * chunk is transient; a chunk of its own is kept as it is), into blocks that are never written
 * twice, so a piece handed out stays valid; the window lets read bytes go as it does for a file.
 *
 * Pieces are contiguous: the last ends where the input pushed so far ends.
 */
export class HeldInput {
  private pieces: Piece[] = [];
  private block: Uint8Array = new Uint8Array(0);
  private blockUsed = 0;
  private heldBytes = 0;
  /** Where the input pushed so far ends (held or not). */
  private inputEnd = 0;

  /** `newBytes`: makes a block (`length` bytes, all about to be written), as TapeEngineOptions.newWorkBytes does. */
  constructor(private readonly newBytes: (length: number, from: number, to: number) => Uint8Array) {}

  /**
   * After `chunk` (input bytes from `offset` on) was pushed: lets go what lies before `from` (the
   * engine's `rereadFrom`) and holds the chunk's bytes from there on, a copy when `isTransient`.
   */
  hold(chunk: Uint8Array, offset: number, from: number, isTransient: boolean): void {
    this.inputEnd = offset + chunk.length;
    this.release(from);
    const start = Math.max(from - offset, 0);
    if (start >= chunk.length) return;
    const part = chunk.subarray(start);
    this.pieces.push({ offset: offset + start, bytes: isTransient ? this.copied(part) : part });
    this.heldBytes += part.length;
  }

  /**
   * For a rewind to `offset`: the held pieces from there on, taken out (the engine pushes them
   * again, and holds them again as it does any chunk). Throws when they were let go (the engine
   * asked for a byte before its own `rereadFrom`: a bug).
   */
  takeFrom(offset: number): Uint8Array[] {
    const first = this.pieces.findIndex((piece) => piece.offset + piece.bytes.length > offset);
    // Past what was held, the bytes are the caller's (the chunk the rewind came in, or later).
    if (first < 0 && offset >= this.inputEnd) return [];
    if (first < 0 || this.pieces[first]!.offset > offset) throw new Error(`the input from byte ${offset} on is no longer held`);
    this.inputEnd = offset;
    const taken = this.pieces.splice(first);
    const head = taken[0]!;
    if (head.offset < offset) {
      // The piece is split: its part before `offset` stays held.
      const before = offset - head.offset;
      this.pieces.push({ offset: head.offset, bytes: head.bytes.subarray(0, before) });
      taken[0] = { offset, bytes: head.bytes.subarray(before) };
    }
    for (const piece of taken) this.heldBytes -= piece.bytes.length;
    return taken.map((piece) => piece.bytes);
  }

  /** Bytes held now. */
  get size(): number {
    return this.heldBytes;
  }

  /** Lets go of the pieces that end at or before `offset` (a piece it cuts stays whole). */
  private release(offset: number): void {
    const pieces = this.pieces;
    let count = 0;
    while (count < pieces.length && pieces[count]!.offset + pieces[count]!.bytes.length <= offset) {
      this.heldBytes -= pieces[count]!.bytes.length;
      count++;
    }
    if (count === pieces.length) this.pieces = [];
    else if (count > 0) pieces.splice(0, count);
  }

  /** `bytes` copied into the current block (a new one when it has no room). */
  private copied(bytes: Uint8Array): Uint8Array {
    const length = bytes.length;
    if (this.block.length - this.blockUsed < length) {
      const size = Math.max(length, Math.min(MAX_BLOCK_BYTES, Math.max(FIRST_BLOCK_BYTES, 2 * this.heldBytes)));
      this.block = this.newBytes(size, 0, size);
      this.blockUsed = 0;
    }
    const at = this.blockUsed;
    this.block.set(bytes, at);
    this.blockUsed = at + length;
    return this.block.subarray(at, at + length);
  }
}
