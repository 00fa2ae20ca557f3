import { isOutputError, isPickleError, notAPickleError, type OutputError, type Py2StringEncoding } from "@pkl-stream/core";
import { JsonEngine, type RecordFraming } from "@pkl-stream/core/engine";
import { gunzipIfNeeded } from "./gunzip.js";
import { HeadBytes } from "./head-bytes.js";
import { locateError } from "./locate-error.js";
import { toBytes } from "./to-bytes.js";

export type { RecordFraming } from "@pkl-stream/core/engine";

export interface PicklesToJsonOptions {
  /** Named in errors (`FILE: record N at byte B: ...`). */
  readonly file?: string;
  /** How Python 2 `str` (STRING opcodes) decode. Default "latin1". */
  readonly encoding?: Py2StringEncoding;
  /** What goes around each record. Default: a newline after each (NDJSON). */
  readonly framing?: RecordFraming;
  /** Stop after this many records. */
  readonly maxRecords?: number;
  /** Gunzip input that starts with the gzip magic bytes. Default true. */
  readonly detectGzip?: boolean;
  /** The input's size in bytes, when known (a file's): spares a giant record's window its doubling copies. */
  readonly inputSize?: number;
  /** Called after each batch with the number of records it completed. */
  readonly onRecords?: (count: number) => void;
}

/** A record decoded but could not be written as JSON (a cycle, the output budget): which one, where. */
export class JsonRecordError extends Error {
  override readonly name: string = "JsonRecordError";
  constructor(
    override readonly cause: OutputError,
    /** The record's index in its input. */
    readonly recordIndex: number,
    /** The record's first byte. */
    readonly offset: number,
  ) {
    super(cause.message, { cause });
  }
}

/**
 * Pickle bytes in, NDJSON bytes out (the JSON mapping, one line per record): the shortest way
 * from a file of appended pickles to JSON, through core's tape engine, without a JS value per
 * Python value where the data is plain. Output is exactly what `readPickles` + `ndjsonWriter`
 * write, errors too: a bad record throws (located, with the file name) after every record
 * before it was yielded.
 */
export async function* picklesToJson(
  source: AsyncIterable<Uint8Array>,
  options: PicklesToJsonOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const { file, encoding, framing, maxRecords, detectGzip = true, inputSize, onRecords } = options;
  const engine = new JsonEngine({ decoder: encoding === undefined ? {} : { encoding }, framing, maxRecords, inputSizeHint: inputSize });
  const head = new HeadBytes();
  const bytes = detectGzip ? gunzipIfNeeded(source) : source;
  let reported = 0;
  const report = (): void => {
    if (onRecords !== undefined && engine.recordsWritten > reported) {
      onRecords(engine.recordsWritten - reported);
      reported = engine.recordsWritten;
    }
  };
  let failure: unknown;
  try {
    for await (const chunk of bytes) {
      const data = toBytes(chunk);
      head.append(data);
      engine.push(data);
      // Output never waits for more input: what a chunk completed goes out (chunks are batches).
      if (engine.pendingBytes > 0) {
        report();
        yield engine.take();
      }
      if (engine.isDone) break;
    }
    engine.end();
  } catch (error) {
    failure = error;
  }
  report();
  if (engine.pendingBytes > 0) yield engine.take();
  if (failure === undefined) return;
  if (isOutputError(failure) && engine.failedRecordOffset !== undefined) {
    throw new JsonRecordError(failure, failure.recordIndex ?? engine.recordsWritten, engine.failedRecordOffset);
  }
  if (!isPickleError(failure)) throw failure;
  const error = notAPickleError(failure, head.bytes()) ?? failure;
  throw locateError(error, 0, error.recordIndex, file);
}
