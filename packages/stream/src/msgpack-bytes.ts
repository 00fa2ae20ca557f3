import type { PyValue } from "@pkl-stream/core";
import { MsgpackTapeWriter, TapeEngine } from "@pkl-stream/core/engine";
import { Packr } from "msgpackr";
import { engineBytes, engineOptions, type PicklesToBytesOptions } from "./engine-bytes.js";
import { parallelEngineBytes } from "./parallel/parallel-bytes.js";
import { registerFloat64 } from "./writers/float64.js";
import { DEFAULT_MSGPACK_MAX_DEPTH, encodeMsgpackRecord } from "./writers/msgpack.js";

const NO_FRAMING = { suffix: "" } as const;

/**
 * Pickle bytes in, msgpack bytes out (one msgpack value per record, back to back), through
 * core's tape engine: exactly what `readPickles` + `msgpackWriter` write, errors too. With
 * `workers`, records are encoded in worker threads (same output).
 */
export function picklesToMsgpack(
  source: AsyncIterable<Uint8Array>,
  options: PicklesToBytesOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  return parallelEngineBytes("msgpack", source, options, msgpackBytesEngine) ?? engineBytes(msgpackBytesEngine(options), source, options);
}

/** The engine picklesToMsgpack runs (a worker of the parallel path makes the same). */
export function msgpackBytesEngine(options: PicklesToBytesOptions): TapeEngine {
  registerFloat64();
  const packr = new Packr({ useRecords: false });
  const encode = (value: PyValue, maxOutputBytes: number, recordIndex: number): Uint8Array =>
    encodeMsgpackRecord(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, maxOutputBytes, recordIndex);
  const framing = options.framing ?? NO_FRAMING;
  const writer = new MsgpackTapeWriter(framing, options.maxOutputBytes);
  return new TapeEngine(writer, encode, engineOptions(options), NO_FRAMING);
}
