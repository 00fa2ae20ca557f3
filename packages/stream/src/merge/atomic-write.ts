import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file so that readers see either the old file or the complete new one: the bytes go
 * to a temporary file in the destination's folder (same file system, so rename is atomic), are
 * flushed to disk, and only then renamed over the destination. On any failure (an input error,
 * a full disk, an abort) the temporary file is removed and the destination is untouched; a
 * killed process leaves at most a `.<name>.<random>.tmp` file beside it, never a partial result.
 */
export async function writeFileAtomic(destination: string, fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const temporary = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx");
  let isRenamed = false;
  try {
    await fill(async (chunk) => {
      let written = 0;
      while (written < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
        written += bytesWritten;
      }
    });
    await handle.sync();
    await handle.close();
    await rename(temporary, destination);
    isRenamed = true;
  } finally {
    if (!isRenamed) {
      await handle.close().catch(() => {});
      await unlink(temporary).catch(() => {});
    }
  }
}
