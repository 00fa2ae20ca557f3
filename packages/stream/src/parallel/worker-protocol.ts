import type { Py2StringEncoding } from "@pkl-stream/core";

/** Which engine a records worker runs: picklesToJson's or picklesToMsgpack's. */
export type RecordsFormat = "json" | "msgpack";

/** What a records worker is started with (workerData): the engine options that cross threads. */
export interface RecordsWorkerSettings {
  readonly format: RecordsFormat;
  readonly encoding: Py2StringEncoding | undefined;
  readonly maxOutputBytes: number | undefined;
}

/** Main thread -> worker: encode one batch of whole records. */
export interface BatchTask {
  readonly batchId: number;
  /** The batch's input bytes (transferred; sent back with the result). */
  readonly input: Uint8Array;
  /** Records to write at most (the input's limit, less the records before the batch). */
  readonly maxRecords: number;
}

/** Worker -> main thread. */
export interface BatchResult {
  readonly batchId: number;
  /**
   * False when the batch failed in any way (a bad record, an output error, input cut inside a
   * record): the main thread decodes it again itself, which gives the exact error.
   */
  readonly isOk: boolean;
  /** The encoded records (transferred), empty when not isOk. */
  readonly output: Uint8Array;
  readonly recordCount: number;
  /** The memo length of the batch's last record (the next batch's errors may name it). */
  readonly lastRecordMemoLength: number;
  /** The task's input, back (transferred). */
  readonly input: Uint8Array;
}
