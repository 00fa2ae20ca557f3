import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { Input } from "./inputs.js";

/**
 * Bytes per read from a file. Each chunk is one turn of the async pipeline (read, decode,
 * write): 512 KiB makes those turns few on a big file and still keeps memory small.
 */
const CHUNK_BYTES = 512 * 1024;

/**
 * The raw bytes of an input (still gzipped, if it is), each chunk reported to `onBytes` as it
 * is read (progress counts what came off the disk). Leaving the loop early closes the file.
 */
export async function* inputBytes(input: Input, stdin: () => Readable, onBytes: (count: number) => void): AsyncGenerator<Uint8Array, void, undefined> {
  const source: AsyncIterable<Uint8Array> =
    input.kind === "stdin" ? stdin() : createReadStream(input.path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}
