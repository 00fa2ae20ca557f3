import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { ZipArchive } from "@pkl-stream/core";

/**
 * The one member of a zip archive that holds a pickle, as pandas writes it
 * (`df.to_pickle("frame.pkl.zip")`, or `compression="zip"`: the pickle is the archive's only
 * member, deflated), or undefined when the file is another zip: a torch.save archive
 * (`<name>/data.pkl` and its storages), a numpy `.npz` (`.npy` members), an archive of several
 * members. Those are read, or named, as before. The archive is read whole (its directory is at
 * its end); every size it claims is checked by ZipArchive, the member inflated no larger than it
 * claims.
 */
export async function onePickleMember(path: string): Promise<Uint8Array | undefined> {
  const bytes = await readFile(path);
  let archive: ZipArchive;
  try {
    archive = new ZipArchive(bytes, { inflateRaw });
  } catch {
    // A damaged archive: the decoder names what the input is.
    return undefined;
  }
  if (archive.entries.length !== 1) return undefined;
  const entry = archive.entries[0]!;
  if (/^[^/]+\/data\.pkl$/i.test(entry.name) || /\.npy$/i.test(entry.name) || entry.name.endsWith("/")) return undefined;
  return archive.read(entry);
}

/** Whether `chunk` starts with a zip local file header (`PK\x03\x04`). */
export function startsWithZipHeader(chunk: Uint8Array): boolean {
  return chunk.length >= 4 && chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 0x03 && chunk[3] === 0x04;
}

function inflateRaw(data: Uint8Array, size: number): Uint8Array {
  return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
}
