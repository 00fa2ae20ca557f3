import type { PyValue } from "@pkl-stream/core";
import { defaultOutputBudget } from "@pkl-stream/core/json";

/**
 * A record with what the writer may know about it. `PickleRecordInfo` objects (the parser's
 * `metadata: true` output) fit: their `length` is the record's size in pickle bytes.
 */
export interface WriterRecord {
  readonly value: PyValue;
  /** Size of the record's pickle, in bytes: scales the default output budget. */
  readonly inputBytes?: number;
  /** Same as `inputBytes` (the name `PickleRecordInfo` uses); `inputBytes` wins when both are set. */
  readonly length?: number;
  /** The record's index, named in errors. Default: its position among the records written. */
  readonly index?: number;
}

export interface RecordWriterOptions {
  /**
   * What each chunk written to the stream is. `"values"` (default): a decoded PyValue.
   * `"records"`: a `WriterRecord` (`{ value, inputBytes?, index? }`, or a `PickleRecordInfo`).
   */
  readonly input?: "values" | "records";
  /**
   * Output allowed per record, in bytes; past it the stream fails with an OutputError
   * (`LIMIT_EXCEEDED`) after writing every record before it. Default:
   * `max(64 MiB, 64 x inputBytes)` per record (`defaultOutputBudget` in core), so a memo bomb of
   * a few KB stops at 64 MiB while a 300 MB pickle may write 19 GB. Without `inputBytes` (values
   * input) the default is 64 MiB: pass `input: "records"` for large records, or set this.
   */
  readonly maxOutputBytes?: number;
  /**
   * `"record"` (default): the budget bounds each record's output. `"stream"`: it bounds the
   * output of all records together, the budget of each record's `inputBytes` taken as the input
   * read so far: for records that are parts of one (a decoder's `emit: "entries"`), where a memo
   * bomb's thousands of entries of one shared value each stay under a record's budget.
   */
  readonly budgetScope?: "record" | "stream";
  /** Records buffered on the writable side before `write()` returns false. Default 16. */
  readonly writableHighWaterMark?: number;
  /**
   * Bytes buffered on the readable side before the writer stops taking records. Also the batch
   * size: output of small records is pushed in batches of about this size, and whatever is left
   * at the end of each turn of the event loop (so output never waits for more input). Default 65536.
   */
  readonly readableHighWaterMark?: number;
}

/** Options resolved once, at construction. */
export interface RecordWriterSettings {
  readonly isRecordInput: boolean;
  /** A fixed budget, or undefined for the per-record default. */
  readonly maxOutputBytes: number | undefined;
  /** True when the budget bounds the output of all records together (`budgetScope: "stream"`). */
  readonly isStreamBudget: boolean;
  readonly writableHighWaterMark: number;
  readonly readableHighWaterMark: number;
}

const DEFAULT_WRITABLE_HIGH_WATER_MARK = 16;
const DEFAULT_READABLE_HIGH_WATER_MARK = 64 * 1024;

/** Validates writer options at the call: TypeError/RangeError saying what was expected and what came. */
export function resolveWriterOptions(options: RecordWriterOptions | undefined, writer: string): RecordWriterSettings {
  if (options === undefined) {
    return {
      isRecordInput: false,
      maxOutputBytes: undefined,
      isStreamBudget: false,
      writableHighWaterMark: DEFAULT_WRITABLE_HIGH_WATER_MARK,
      readableHighWaterMark: DEFAULT_READABLE_HIGH_WATER_MARK,
    };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${writer} options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { input, maxOutputBytes, budgetScope, writableHighWaterMark, readableHighWaterMark } = options;
  if (budgetScope !== undefined && budgetScope !== "record" && budgetScope !== "stream") {
    throw new TypeError(`${writer}: budgetScope must be "record" or "stream", got ${JSON.stringify(budgetScope)}`);
  }
  if (input !== undefined && input !== "values" && input !== "records") {
    throw new TypeError(`${writer}: input must be "values" or "records", got ${JSON.stringify(input)}`);
  }
  if (maxOutputBytes !== undefined && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`${writer}: maxOutputBytes must be a non-negative number (Infinity for no limit), got ${String(maxOutputBytes)}`);
  }
  return {
    isRecordInput: input === "records",
    maxOutputBytes,
    isStreamBudget: budgetScope === "stream",
    writableHighWaterMark: positiveInteger(writableHighWaterMark, DEFAULT_WRITABLE_HIGH_WATER_MARK, "writableHighWaterMark", writer),
    readableHighWaterMark: positiveInteger(readableHighWaterMark, DEFAULT_READABLE_HIGH_WATER_MARK, "readableHighWaterMark", writer),
  };
}

function positiveInteger(value: number | undefined, fallback: number, name: string, writer: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(`${writer}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** The output budget of one record under these settings. */
export function recordBudget(settings: RecordWriterSettings, inputBytes: number | undefined): number {
  return settings.maxOutputBytes ?? defaultOutputBudget(inputBytes);
}
