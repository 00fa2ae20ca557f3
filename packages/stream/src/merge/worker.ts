import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { type PyValue, isPickleError } from "@pkl-stream/core";
import { type Options, Unpackr } from "msgpackr";
import { gunzipIfNeeded } from "../gunzip.js";
import { readPickles } from "../sources.js";
import { isMsgpackMapStart } from "./input-kind.js";
import { skipValue } from "./msgpack-walk.js";
import { ShardEncoder } from "./shard-encoder.js";
import type { ShardFailure, ShardMessage, ShardResult, ShardTask } from "./worker-protocol.js";

/** Progress is reported at most once per this many bytes read. */
const PROGRESS_STEP_BYTES = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The merge worker: decodes one input file per task and sends back its entries as encoded
 * bytes (transferred, not cloned). Runs in a worker_threads Worker started by the pool.
 */
const port = parentPort;
if (port === null) throw new Error("merge worker: must run in a worker thread");

port.on("message", (task: ShardTask) => {
  readShard(task, (bytesRead) => port.postMessage({ taskId: task.taskId, kind: "progress", bytesRead } satisfies ShardMessage)).then(
    (result) => {
      const message: ShardMessage = { taskId: task.taskId, kind: "done", result };
      port.postMessage(message, [result.segment.bytes.buffer as ArrayBuffer, result.segment.table.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage({ taskId: task.taskId, kind: "error", error: toFailure(error, task.path) } satisfies ShardMessage),
  );
});

async function readShard(task: ShardTask, onProgress: (bytesRead: number) => void): Promise<ShardResult> {
  let bytesRead = 0;
  let reported = 0;
  async function* fileBytes(): AsyncGenerator<Uint8Array, void, undefined> {
    for await (const chunk of createReadStream(task.path, { highWaterMark: READ_CHUNK_BYTES })) {
      bytesRead += (chunk as Buffer).length;
      if (bytesRead - reported >= PROGRESS_STEP_BYTES) {
        reported = bytesRead;
        onProgress(bytesRead);
      }
      yield chunk as Buffer;
    }
  }
  const encoder = new ShardEncoder(task.settings);
  const bytes = gunzipIfNeeded(fileBytes())[Symbol.asyncIterator]();
  const head = await firstChunk(bytes);
  let recordCount: number;
  let inputKind: ShardResult["inputKind"];
  if (head !== null && isMsgpackMapStart(head.chunk, head.isDone)) {
    inputKind = "msgpack";
    recordCount = addMsgpackMaps(encoder, head.isDone ? Buffer.from(head.chunk) : await collect(head.chunk, bytes), task);
  } else {
    inputKind = "pickle";
    recordCount = 0;
    const source = head === null ? emptyBytes() : prepend(head.chunk, head.isDone ? null : bytes);
    const records = readPickles(source, { file: task.path, dict: "map", wrapIntegralFloats: true, detectGzip: false });
    for await (const record of records) {
      const index = recordCount++;
      encoder.addRecord(record, index, () => `${task.path}: record ${index}`);
    }
  }
  if (bytesRead > reported) onProgress(bytesRead);
  return { segment: encoder.finish(), recordCount, bytesRead, inputKind };
}

/**
 * Every map of a msgpack file, in order (a merge writes one; concatenated outputs hold several).
 * msgpack output copies their bytes; JSON output needs values, so the maps are decoded (an
 * integral float such as 2.0 then reads back as the int 2: msgpack's decoder cannot tell).
 */
function addMsgpackMaps(encoder: ShardEncoder, bytes: Buffer, task: ShardTask): number {
  // "auto": 64-bit ints come back as numbers when safe, else bigint (msgpackr's types omit it).
  const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" } as unknown as Options);
  const unpackKey = (start: number, end: number): PyValue => unpackr.unpack(bytes.subarray(start, end)) as PyValue;
  const isCopied = task.settings.format === "msgpack";
  let count = 0;
  let offset = 0;
  try {
    while (offset < bytes.length) {
      if (isCopied) {
        offset = encoder.addEncodedMap(bytes, offset, unpackKey);
      } else {
        const end = skipValue(bytes, offset);
        encoder.addRecord(unpackr.unpack(bytes.subarray(offset, end)) as PyValue, count, () => `msgpack value ${count}`);
        offset = end;
      }
      count++;
    }
  } catch (error) {
    (error as Error).message = `${task.path}: msgpack map ${count}: ${(error as Error).message}`;
    throw error;
  }
  return count;
}

/** The first bytes of the input: at least two when it has two, so the kind can be told. */
async function firstChunk(bytes: AsyncIterator<Uint8Array>): Promise<{ chunk: Uint8Array; isDone: boolean } | null> {
  let chunk: Uint8Array | null = null;
  for (;;) {
    const step = await bytes.next();
    if (step.done === true) return chunk === null ? null : { chunk, isDone: true };
    if (step.value.length === 0) continue;
    chunk = chunk === null ? step.value : Buffer.concat([chunk, step.value]);
    if (chunk.length >= 2) return { chunk, isDone: false };
  }
}

async function collect(first: Uint8Array, rest: AsyncIterator<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [first];
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) chunks.push(step.value);
  return Buffer.concat(chunks);
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  yield first;
  if (rest === null) return;
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield step.value;
}

async function* emptyBytes(): AsyncGenerator<Uint8Array, void, undefined> {}

function toFailure(error: unknown, path: string): ShardFailure {
  const base = error instanceof Error ? error : new Error(String(error));
  const message = base.message.includes(path) ? base.message : `${path}: ${base.message}`;
  const code = isPickleError(base) ? base.code : ((base as { code?: unknown }).code as string | undefined);
  return { name: base.name, message, code: typeof code === "string" ? code : undefined };
}
