import { open, readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { looksLikeZip, ZipArchive } from "@pkl-stream/core";

/** The one pickle of a zip file, and the file's own size (what progress counts as read). */
export interface ZipPickle {
  readonly bytes: Uint8Array;
  readonly fileSize: number;
}

/** Past this a zip is not read into memory here: it is left to the readers that name it. */
const MAX_ZIP_BYTES = 2 ** 31 - 1;

/**
 * The pickle a zip file holds as its only member, as pandas writes it
 * (`df.to_pickle("frame.pkl.zip")`, or `compression="zip"`: one deflated member), or undefined
 * for anything else: no zip, a torch.save archive (`<name>/data.pkl` first), a numpy `.npz`
 * (`.npy` members), an archive of several members, a damaged one. Those are read, or named, as
 * before. Only the first bytes are read to tell (the first member's name is in its local header);
 * a candidate is then read whole, once (its directory is at its end), every size it claims
 * checked by ZipArchive and the member inflated no larger than it claims.
 */
export async function zipPickleOf(path: string): Promise<ZipPickle | undefined> {
  const handle = await open(path, "r");
  let head: Uint8Array;
  let fileSize: number;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_ZIP_BYTES) return undefined;
    fileSize = stats.size;
    // Four bytes tell most files apart; a zip's local header (30 bytes and its name) is read next.
    const magic = new Uint8Array(4);
    if ((await handle.read(magic, 0, 4, 0)).bytesRead < 4 || !looksLikeZip(magic)) return undefined;
    head = new Uint8Array(Math.min(fileSize, 30 + 0xffff));
    head = head.subarray(0, (await handle.read(head, 0, head.length, 0)).bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length < 30) return undefined;
  const nameLength = head[26]! | (head[27]! << 8);
  const firstName = new TextDecoder("latin1").decode(head.subarray(30, 30 + nameLength));
  if (/^[^/]+\/data\.pkl$/i.test(firstName) || /\.npy$/i.test(firstName) || firstName.endsWith("/")) return undefined;
  const bytes = await readFile(path);
  let archive: ZipArchive;
  try {
    archive = new ZipArchive(bytes, { inflateRaw });
  } catch {
    // A damaged archive: the decoder names what the input is.
    return undefined;
  }
  if (archive.entries.length !== 1) return undefined;
  return { bytes: archive.read(archive.entries[0]!), fileSize };
}

/** A deflated zip member (ZipOptions.inflateRaw), stopped past the size the archive claims. */
export function inflateRaw(data: Uint8Array, size: number): Uint8Array {
  return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
}
