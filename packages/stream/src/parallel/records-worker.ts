import { parentPort, workerData } from "node:worker_threads";
import type { TapeEngine } from "@pkl-stream/core/engine";
import { jsonBytesEngine } from "../json-bytes.js";
import { msgpackBytesEngine } from "../msgpack-bytes.js";
import type { BatchResult, BatchTask, RecordsWorkerSettings } from "./worker-protocol.js";

/**
 * A records worker: encodes batches of whole records (see parallel-bytes.ts) with the engine
 * the calling thread would run, and sends the bytes back (transferred, not cloned). Any failure
 * is reported as such, not explained: the main thread decodes that batch again to say exactly
 * what went wrong, where.
 */
const port = parentPort;
if (port === null) throw new Error("records worker: must run in a worker thread");
const settings = workerData as RecordsWorkerSettings;
const EMPTY = new Uint8Array(0);

/**
 * One engine for the worker's batches, read as one stream: each batch is whole records, so the
 * engine is at a record's start when the next arrives (its buffers and code stay warm). A batch
 * that fails takes the engine with it.
 */
let shared: TapeEngine | undefined;

port.on("message", (task: BatchTask | null) => {
  // null: no more batches.
  if (task === null) {
    port.close();
    return;
  }
  const result = encodeBatch(task);
  const transfer = [result.input.buffer as ArrayBuffer];
  if (result.output.byteLength > 0) transfer.push(result.output.buffer as ArrayBuffer);
  port.postMessage(result, transfer);
});

function newEngine(maxRecords: number | undefined): TapeEngine {
  const options = { encoding: settings.encoding, maxOutputBytes: settings.maxOutputBytes, maxRecords };
  return settings.format === "json" ? jsonBytesEngine(options) : msgpackBytesEngine(options);
}

function encodeBatch(task: BatchTask): BatchResult {
  // A batch under the input's limit gets an engine of its own that stops there.
  const isLimited = Number.isFinite(task.maxRecords);
  const engine = isLimited ? newEngine(task.maxRecords) : (shared ??= newEngine(undefined));
  const before = engine.recordsWritten;
  let isOk = true;
  try {
    engine.push(task.input);
    // The batch must end with a record: input cut inside one is the calling thread's to report.
    if (isLimited) engine.end();
    else if (!engine.isAtRecordBoundary) isOk = false;
  } catch {
    isOk = false;
  }
  if (!isOk) {
    if (engine === shared) shared = undefined;
    return { batchId: task.batchId, isOk: false, output: EMPTY, recordCount: 0, lastRecordMemoLength: 0, input: task.input };
  }
  // take() gives a buffer of its own (a copy, or the engine's handed over): transferable.
  const output = engine.pendingBytes > 0 ? engine.take() : EMPTY;
  return {
    batchId: task.batchId,
    isOk: true,
    output,
    recordCount: engine.recordsWritten - before,
    lastRecordMemoLength: engine.lastRecordMemoLength,
    input: task.input,
  };
}
