import { joinBytes } from "@pkl-stream/core/internal";
import { gunzipIfNeeded } from "@pkl-stream/stream";
import { inputBytes } from "./input-bytes.js";
import type { Input } from "./inputs.js";
import type { CliIo } from "./io.js";
import type { ProgressMeter } from "./progress.js";
import type { StoredInput } from "./stored-input.js";

/**
 * All bytes of an input, gunzipped when they are gzip: for commands that need the whole pickle
 * at once (`inspect`, `show`). Chunks are gathered, then copied once into one array. `stored`
 * reads them when given (inspect: what the input is as stored is kept).
 */
export async function readWhole(input: Input, io: CliIo, progress?: Pick<ProgressMeter, "addBytes">, stored?: StoredInput): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  // inspect (`stored`) audits a zip as the container it is; show reads a zip's one pickle.
  const source = inputBytes(input, io, (count) => progress?.addBytes(count), false, stored === undefined);
  for await (const chunk of stored === undefined ? gunzipIfNeeded(source) : stored.read(source)) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return chunks.length === 1 ? chunks[0]! : joinBytes(chunks, total);
}
