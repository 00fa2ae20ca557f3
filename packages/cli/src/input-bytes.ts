import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { Input } from "./inputs.js";

/** Bytes per read from a file. */
const CHUNK_BYTES = 64 * 1024;

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
