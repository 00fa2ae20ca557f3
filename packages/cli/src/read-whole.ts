import { gunzipIfNeeded } from "@pkl-stream/stream";
import { inputBytes } from "./input-bytes.js";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";

/**
 * All bytes of an input, gunzipped when they are gzip: for commands that need the whole pickle
 * at once (`inspect`, `show`). Chunks are gathered, then copied once into one array.
 */
export async function readWhole(input: Input, io: CliIo): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of gunzipIfNeeded(inputBytes(input, () => io.stdin, () => undefined))) {
    chunks.push(chunk);
    total += chunk.length;
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
