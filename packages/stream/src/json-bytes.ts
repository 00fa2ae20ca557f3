import { JsonEngine, type TapeEngine } from "@pkl-stream/core/engine";
import { checkBytesArguments, engineBytes, engineOptions, type PicklesToBytesOptions } from "./engine-bytes.js";
import { parallelEngineBytes } from "./parallel/parallel-bytes.js";

export { EncodeRecordError } from "./engine-bytes.js";

/**
 * Pickle bytes in, NDJSON bytes out (the JSON mapping, one line per record): the shortest way
 * from a file of appended pickles to JSON, through core's tape engine, without a JS value per
 * Python value where the data is plain. Output is exactly what `readPickles` + `ndjsonWriter`
 * write, errors too: a bad record throws (located, with the file name) after every record
 * before it was yielded. With `workers`, records are encoded in worker threads (same output).
 */
export function picklesToJson(
  source: AsyncIterable<Uint8Array>,
  options?: PicklesToBytesOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  // Checked at the call (a wrong option or a path throws here, not at the first next()).
  const given = checkBytesArguments(source, options);
  return parallelEngineBytes("json", source, given, jsonBytesEngine) ?? engineBytes(jsonBytesEngine(given), source, given);
}

/** The engine picklesToJson runs (a worker of the parallel path makes the same). */
export function jsonBytesEngine(options: PicklesToBytesOptions): TapeEngine {
  return new JsonEngine(engineOptions(options));
}
