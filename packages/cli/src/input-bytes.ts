import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";
import { stdinBytes } from "./stdin/stdin-bytes.js";

/**
 * Bytes per read from a file. Each chunk is one turn of the async pipeline (read, decode,
 * write): 512 KiB makes those turns few on a big file and still keeps memory small.
 */
const CHUNK_BYTES = 512 * 1024;
/** With `isTransient`, a file's first bytes still come in arrays of their own (see stdinBytes). */
const OWN_HEAD_BYTES = 1 << 20;

/**
 * The raw bytes of an input (still gzipped, if it is), each chunk reported to `onBytes` as it
 * is read (progress counts what came off the disk). Leaving the loop early closes the file.
 */
export async function* inputBytes(
  input: Input,
  io: Pick<CliIo, "stdin" | "stdinFd">,
  onBytes: (count: number) => void,
  /** The caller gives each chunk up when it asks for the next (see stdinBytes). */
  isTransient = false,
): AsyncGenerator<Uint8Array, void, undefined> {
  const source: AsyncIterable<Uint8Array> =
    input.kind === "file"
      ? isTransient
        ? reusedFileBytes(input.path)
        : createReadStream(input.path, { highWaterMark: CHUNK_BYTES })
      : io.stdinFd === undefined
        ? io.stdin
        : stdinBytes(() => io.stdin, io.stdinFd, isTransient);
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * A file's bytes read into two arrays in turn, for a caller that gives each chunk up when it
 * asks for the next: the next read goes on while a chunk is decoded, and no array is made per
 * chunk (a fresh 512 KiB array per read was garbage V8 collected only once 64 MB of it piled
 * up, and each one's pages were new memory to fault in).
 */
async function* reusedFileBytes(path: string): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(path, "r");
  const arrays = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
  let which = 0;
  let ownBytes = OWN_HEAD_BYTES;
  let next = handle.read(arrays[0]!, 0, CHUNK_BYTES, null);
  try {
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      const chunk = arrays[which]!.subarray(0, bytesRead);
      // The array read into next is the one given up when this chunk was asked for.
      which ^= 1;
      next = handle.read(arrays[which]!, 0, CHUNK_BYTES, null);
      if (ownBytes > 0) {
        ownBytes -= bytesRead;
        yield new Uint8Array(chunk);
      } else {
        yield chunk;
      }
    }
  } finally {
    // A read may still be under way (the caller stopped early): it finishes before the close.
    await next.catch(() => undefined);
    await handle.close();
  }
}
