import { open } from "node:fs/promises";
import { rereadInput } from "../input-bytes.js";
import { type Input, inputName, inputSize } from "../inputs.js";
import { isProtoLed } from "./convert-tape.js";

/** A regular file that starts as a pickle of protocol 2-5 does: read as the engine goes, never whole. */
export interface PickleFile {
  readonly name: string;
  /** The file's size when it was looked at (the engine sizes a giant record's window from it). */
  readonly size: number;
  /**
   * The file's bytes from `offset` on, in chunks each given up when the next is asked for (two
   * arrays read into in turn, as the decoding command reads a file).
   */
  readonly chunksFrom: (offset: number) => AsyncIterable<Uint8Array>;
}

/**
 * The inputs as pickle files when every one is a regular file whose first bytes are PROTO 2-5;
 * else undefined (standard input, a FIFO, gzip, zip, JSON, msgpack: those are read whole).
 * Why: read whole, records.pkl (150 MB) -> msgpack took 4.2-4.7 s against 2.6-3.4 s for the
 * decoding command on the same bytes; the 64 KiB reads, their join and the engine's copy are
 * each 150 MB of fresh memory, which this VM faults in at ~3 ms per MB.
 */
export async function pickleFilesOf(inputs: readonly Input[]): Promise<PickleFile[] | undefined> {
  const files: PickleFile[] = [];
  for (const input of inputs) {
    if (input.kind !== "file") return undefined;
    const size = await inputSize(input);
    const chunksFrom = rereadInput(input, size);
    if (size === undefined || chunksFrom === undefined) return undefined;
    const head = await firstBytes(input.path);
    if (head === undefined || !isProtoLed(head)) return undefined;
    files.push({ name: inputName(input), size, chunksFrom });
  }
  return files;
}

/** A file's first two bytes (fewer when it is shorter); undefined when it cannot be read (the whole read reports why). */
async function firstBytes(path: string): Promise<Uint8Array | undefined> {
  const handle = await open(path, "r").catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
