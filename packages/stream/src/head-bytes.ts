import { copyBytes, joinBytes, NOT_A_PICKLE_HEAD_BYTES } from "@pkl-stream/core/internal";

/**
 * A copy of an input's first bytes (up to `NOT_A_PICKLE_HEAD_BYTES`), kept so that when the
 * first record fails the error can say what the file is instead (a zip, text, joblib...). Chunks
 * are copied, not referenced: a reader must not pin the caller's big chunks.
 */
export class HeadBytes {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  append(chunk: Uint8Array): void {
    const room = NOT_A_PICKLE_HEAD_BYTES - this.length;
    if (room <= 0 || chunk.length === 0) return;
    const part = copyBytes(chunk, 0, Math.min(room, chunk.length));
    this.parts.push(part);
    this.length += part.length;
  }

  bytes(): Uint8Array {
    return this.parts.length === 1 ? this.parts[0]! : joinBytes(this.parts, this.length);
  }
}
