import { JsonWriter, type SpillSink } from "../json/json-writer.js";
import type { PyValue } from "../values/py-types.js";
import { JsonTapeWriter } from "./json-tape-writer.js";
import { TapeEngine, type TapeEngineOptions } from "./tape-engine.js";

export type JsonEngineOptions = TapeEngineOptions;

const NDJSON = { suffix: "\n" } as const;

/**
 * Pickle bytes in, JSON bytes out (the project's JSON mapping), by default one NDJSON line per
 * record: the tape writes plain data, JsonWriter the records the tape declines.
 */
export class JsonEngine extends TapeEngine {
  constructor(options: JsonEngineOptions = {}) {
    const json = new JsonWriter();
    const encode = (value: PyValue, maxOutputBytes: number, recordIndex: number, spill: SpillSink | null): Uint8Array => {
      json.clear();
      json.spillTo(spill, options.spillBytes);
      json.append(value, maxOutputBytes, recordIndex);
      return json.view();
    };
    super(new JsonTapeWriter(options.framing ?? NDJSON, options.maxOutputBytes), encode, options, NDJSON);
  }
}
