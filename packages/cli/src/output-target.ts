import { Writable } from "node:stream";
import { type OutputFile, assertNotAnInput, openOutputFile } from "@pkl-stream/stream/output-file";
import { type Input, STDIN_NAME } from "./inputs.js";

export type { OutputFile } from "@pkl-stream/stream/output-file";

/**
 * Opens a command's `-o` path, the one way every command does it: first refuses a path that is
 * one of the inputs (same device and inode, through any link; standard input too when it is
 * redirected from that file), before anything is opened for writing; then opens it as
 * openOutputFile does (a regular file atomically, a FIFO or a device written through, a
 * symlink's target written; `/dev/stdout`, `/dev/fd/N` through the descriptor the shell opened,
 * so `-o /dev/stdout >> log` appends instead of renaming a new file over the log). `name` is the path as typed, for messages; `path` is resolved.
 * Loaded only by commands given `-o` (it brings node:crypto and node:fs/promises).
 */
export async function openOutput(name: string, path: string, inputs: readonly Input[]): Promise<OutputFile> {
  const inputPaths = inputs.map((input): [string, string] => (input.kind === "stdin" ? ["/dev/stdin", STDIN_NAME] : [input.path, input.name]));
  await assertNotAnInput(path, inputPaths, { name });
  return openOutputFile(path, { name });
}

/**
 * A Writable over an open output, for `pipeline`: each write waits for the file to take the
 * bytes (backpressure), buffered pieces go in one write. Ending it does not commit: the caller
 * commits when the whole command went well, or aborts.
 */
export function outputWritable(file: OutputFile): Writable {
  return new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      file.write(chunk).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      file.write(Buffer.concat(chunks.map((entry) => entry.chunk as Buffer))).then(() => callback(), callback);
    },
  });
}
