import { joinBytes } from "@pkl-stream/core/internal";
import { gunzipIfNeeded } from "@pkl-stream/stream";
import { inputBytes } from "./input-bytes.js";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";
import type { ProgressMeter } from "./progress.js";

/**
 * All bytes of an input, gunzipped when they are gzip: for commands that need the whole pickle
 * at once (`inspect`, `show`). Chunks are gathered, then copied once into one array.
 */
export async function readWhole(input: Input, io: CliIo, progress?: Pick<ProgressMeter, "addBytes">): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of gunzipIfNeeded(inputBytes(input, io, (count) => progress?.addBytes(count)))) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return chunks.length === 1 ? chunks[0]! : joinBytes(chunks, total);
}
