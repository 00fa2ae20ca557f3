import { read } from "node:fs";

/**
 * Bytes per read from a file. Each chunk is one turn of the async pipeline (read, decode,
 * write): 512 KiB makes those turns few on a big file and still keeps memory small.
 */
export const FILE_CHUNK_BYTES = 512 * 1024;
/**
 * Of transient input (a caller that gives each chunk up when it asks for the next), the first
 * bytes still come in arrays of their own: readers judge the format from them and keep them
 * meanwhile (a gzip or zip magic, a torch file). For a file here and for a pipe (stdin-bytes.ts).
 */
export const OWN_HEAD_BYTES = 1 << 20;

/**
 * A file's bytes from descriptor `fd` (from its current position on, or from byte `from`), read
 * into two arrays in turn, for a caller that gives each chunk up when it asks for the next
 * (PicklesToBytesOptions.transientChunks): the next read goes on while a chunk is decoded, and no
 * array is made per chunk. A fresh 512 KiB array per read was garbage V8 collected only once 64 MB of it piled up,
 * and each one's pages were new memory to fault in (`pkl-stream stream.pkl`: 825 -> 804 ms,
 * peak RSS 96 -> 72 MB for a 131 MB file). The caller closes `fd`.
 */
export async function* reusedFileChunks(fd: number, from: number | null = null): AsyncGenerator<Uint8Array, void, undefined> {
  const arrays = [Buffer.allocUnsafeSlow(FILE_CHUNK_BYTES), Buffer.allocUnsafeSlow(FILE_CHUNK_BYTES)];
  let which = 0;
  let ownBytes = OWN_HEAD_BYTES;
  // null: from the descriptor's own position (a file on stdin); else read by position from `from`.
  let position = from;
  let next = readInto(fd, arrays[0]!, position);
  try {
    for (;;) {
      const count = await next;
      if (count === 0) return;
      if (position !== null) position += count;
      const chunk = arrays[which]!.subarray(0, count);
      // The array read into next is the one given up when this chunk was asked for.
      which ^= 1;
      next = readInto(fd, arrays[which]!, position);
      if (ownBytes > 0) {
        ownBytes -= count;
        // new Uint8Array, not slice(): a Buffer's slice() is a view.
        yield new Uint8Array(chunk);
      } else {
        yield chunk;
      }
    }
  } finally {
    // A read may still be under way (the caller stopped early): it ends before `fd` is closed.
    await next.catch(() => undefined);
  }
}

function readInto(fd: number, array: Uint8Array, position: number | null): Promise<number> {
  return new Promise((resolve, reject) => read(fd, array, 0, array.length, position, (error, count) => (error === null ? resolve(count) : reject(error))));
}
