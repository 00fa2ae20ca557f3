import { writeOutputFile } from "../output-file.js";

/**
 * Writes a file so that readers see either the old file or the complete new one: the bytes go
 * to a temporary file beside the real file (beside a symlink's target; same file system, so
 * rename is atomic), are flushed to disk, and only then renamed over it. On any failure (an
 * input error, a full disk, an abort) the temporary file is removed and the destination is
 * untouched; a process that exits first removes it on its way out (only SIGKILL can leave a
 * `.<name>.<random>.tmp` file beside it), never a partial result. A FIFO or a device
 * (`/dev/null`) is written through, never replaced; so is `/dev/stdout` (`/dev/fd/N`), through
 * the descriptor itself when it holds a regular file, so `>> log` appends (a rename would lose
 * the log): there a failure keeps what was written. See openOutputFile (output-file.ts) for
 * every kind of path.
 */
export async function writeFileAtomic(destination: string, fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await writeOutputFile(destination, fill);
}
