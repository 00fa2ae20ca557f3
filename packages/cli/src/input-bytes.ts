import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { FILE_CHUNK_BYTES, reusedFileChunks } from "./file-chunks.js";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";
import { stdinBytes } from "./stdin/stdin-bytes.js";
import { zipPickleOf } from "./zip-input.js";

/**
 * The raw bytes of an input (still gzipped, if it is; a zip archive of one pickle, as pandas'
 * to_pickle writes it, its member's bytes), each chunk reported to `onBytes` as it
 * is read (progress counts what came off the disk). Leaving the loop early closes the file.
 */
export async function* inputBytes(
  input: Input,
  io: Pick<CliIo, "stdin" | "stdinFd">,
  onBytes: (count: number) => void,
  /** The caller gives each chunk up when it asks for the next (see stdinBytes). */
  isTransient = false,
  /**
   * A zip of one pickle gives its member (zip-input.ts). False: `inspect`, which audits the
   * archive as a container, and callers that looked themselves (cat-tape.ts).
   */
  isZipOpened = true,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (input.kind === "file" && isZipOpened) {
    const zipped = await zipPickleOf(input.path);
    if (zipped !== undefined) {
      onBytes(zipped.fileSize);
      yield zipped.bytes;
      return;
    }
  }
  const source: AsyncIterable<Uint8Array> =
    input.kind === "file"
      ? isTransient
        ? namedFileChunks(input.path)
        : createReadStream(input.path, { highWaterMark: FILE_CHUNK_BYTES })
      : io.stdinFd === undefined
        ? io.stdin
        : stdinBytes(() => io.stdin, io.stdinFd, isTransient);
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * A named file's bytes (from byte `from` on) for a caller that gives each chunk up when it asks
 * for the next (reusedFileChunks). A name that is no regular file (`<(zcat x.gz)`, /dev/stdin, a
 * FIFO) is read in order: a positioned read of a pipe fails with ESPIPE.
 */
async function* namedFileChunks(path: string, from = 0): AsyncGenerator<Uint8Array, void, undefined> {
  const handle = await open(path, "r");
  try {
    const isFile = (await handle.stat()).isFile();
    if (!isFile && from !== 0) throw new Error(`cannot read ${path} again from byte ${from}: it is no regular file`);
    yield* reusedFileChunks(handle.fd, isFile ? from : null);
  } finally {
    await handle.close();
  }
}

/**
 * For the tape (PicklesToBytesOptions.reread): a regular file's bytes again from an offset, so a
 * giant record need not be held whole; undefined for anything else (stdin, a FIFO), which is
 * read once. `size` is the file's size (inputSize), undefined when it is no regular file.
 */
export function rereadInput(input: Input, size: number | undefined): ((offset: number) => AsyncIterable<Uint8Array>) | undefined {
  if (input.kind !== "file" || size === undefined) return undefined;
  const path = input.path;
  return (offset) => namedFileChunks(path, offset);
}
