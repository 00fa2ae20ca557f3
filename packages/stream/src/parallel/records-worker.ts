import { parentPort, workerData } from "node:worker_threads";
import { jsonBytesEngine } from "../json-bytes.js";
import { msgpackBytesEngine } from "../msgpack-bytes.js";
import { BatchEncoder } from "./batch-encoder.js";
import type { BatchTask, RecordsWorkerSettings } from "./worker-protocol.js";

/**
 * A records worker: encodes batches of whole records (see parallel-bytes.ts) with the engine
 * the calling thread would run, and sends the bytes back (transferred, not cloned).
 */
const port = parentPort;
if (port === null) throw new Error("records worker: must run in a worker thread");
const settings = workerData as RecordsWorkerSettings;
const encoder = new BatchEncoder((maxRecords) => {
  const options = { encoding: settings.encoding, maxOutputBytes: settings.maxOutputBytes, maxRecords };
  return settings.format === "json" ? jsonBytesEngine(options) : msgpackBytesEngine(options);
});

port.on("message", (task: BatchTask | null) => {
  // null: no more batches.
  if (task === null) {
    port.close();
    return;
  }
  const result = encoder.encode(task);
  const transfer = [result.input.buffer as ArrayBuffer];
  if (result.output.byteLength > 0) transfer.push(result.output.buffer as ArrayBuffer);
  port.postMessage(result, transfer);
});
