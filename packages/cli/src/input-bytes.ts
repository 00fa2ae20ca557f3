import { createReadStream } from "node:fs";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";
import { stdinBytes } from "./stdin/stdin-bytes.js";

/**
 * Bytes per read from a file. Each chunk is one turn of the async pipeline (read, decode,
 * write): 512 KiB makes those turns few on a big file and still keeps memory small.
 */
const CHUNK_BYTES = 512 * 1024;

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
      ? createReadStream(input.path, { highWaterMark: CHUNK_BYTES })
      : io.stdinFd === undefined
        ? io.stdin
        : stdinBytes(() => io.stdin, io.stdinFd, isTransient);
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}
