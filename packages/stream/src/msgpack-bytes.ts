import { MsgpackTapeWriter, TapeEngine, type ValueEncoder } from "@pkl-stream/core/engine";
import { Packr } from "msgpackr";
import { checkBytesArguments, engineBytes, engineOptions, type PicklesToBytesOptions } from "./engine-bytes.js";
import { parallelEngineBytes } from "./parallel/parallel-bytes.js";
import { registerFloat64 } from "./writers/float64.js";
import { DEFAULT_MSGPACK_MAX_DEPTH, encodeMsgpackRecord, encodeMsgpackRecordSpilled } from "./writers/msgpack.js";

const NO_FRAMING = { suffix: "" } as const;

/**
 * Pickle bytes in, msgpack bytes out (one msgpack value per record, back to back), through
 * core's tape engine: exactly what `readPickles` + `msgpackWriter` write, errors too. With
 * `workers`, records are encoded in worker threads (same output).
 */
export function picklesToMsgpack(
  source: AsyncIterable<Uint8Array>,
  options?: PicklesToBytesOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  // Checked at the call (a wrong option or a path throws here, not at the first next()).
  const given = checkBytesArguments(source, options);
  return parallelEngineBytes("msgpack", source, given, msgpackBytesEngine) ?? engineBytes(msgpackBytesEngine(given), source, given);
}

/** The engine picklesToMsgpack runs (a worker of the parallel path makes the same). */
export function msgpackBytesEngine(options: PicklesToBytesOptions): TapeEngine {
  registerFloat64();
  const packr = new Packr({ useRecords: false });
  // A record the value path writes goes out in pieces when it can (a regular file: see spill).
  const encode: ValueEncoder = (value, maxOutputBytes, recordIndex, spill) =>
    spill === null
      ? encodeMsgpackRecord(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, maxOutputBytes, recordIndex)
      : encodeMsgpackRecordSpilled(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, maxOutputBytes, recordIndex, spill);
  const framing = options.framing ?? NO_FRAMING;
  const writer = new MsgpackTapeWriter(framing, options.maxOutputBytes);
  return new TapeEngine(writer, encode, engineOptions(options), NO_FRAMING);
}
