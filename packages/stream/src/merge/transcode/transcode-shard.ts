import type { ShardEncoderSettings } from "../shard-encoder.js";
import { msgpackRowsToJson } from "./msgpack-to-json.js";
import { type TranscodeResult, transcodeDictPickles } from "./pickle-to-msgpack.js";

/**
 * A whole file of dict pickles straight to segment rows in the merge's output format, with no JS
 * value per Python value: the transcoder's msgpack rows as they are, or (JSON and NDJSON) those
 * rows converted to JSON bytes, in the worker, where the general path's ShardEncoder would have
 * written JSON too. A deep merge gets node rows as ShardEncoder lays them out (in either format).
 * Throws NotTranscodable when the general path must decide (anything either step declines); the
 * rows are otherwise byte for byte the general path's.
 */
export function transcodeShard(bytes: Uint8Array, settings: ShardEncoderSettings, onProgress?: (bytesDone: number) => void): TranscodeResult {
  const isJson = settings.format === "json" || settings.format === "ndjson";
  const result = transcodeDictPickles(bytes, { maxOutputBytes: settings.maxOutputBytes, onProgress, declineBigInts: isJson, isDeep: settings.isDeep });
  if (!isJson) return result;
  return { segment: msgpackRowsToJson(result.segment, settings.maxOutputBytes, settings.isDeep === true), recordCount: result.recordCount };
}
