import type { TapeEngine } from "@pkl-stream/core/engine";
import type { BatchResult, BatchTask } from "./worker-protocol.js";

const EMPTY = new Uint8Array(0);

/**
 * Encodes batches of whole records (see parallel-bytes.ts), in a worker or on the calling
 * thread. One engine serves the batches, read as one stream: each batch is whole records, so
 * the engine is at a record's start when the next arrives (its buffers and compiled code stay
 * warm). Any failure is reported as such, not explained, and takes the engine with it: the
 * calling thread decodes that batch again to say exactly what went wrong, where.
 */
export class BatchEncoder {
  private shared: TapeEngine | undefined;

  /** @param newEngine an engine that stops after `maxRecords` records (undefined: all). */
  constructor(private readonly newEngine: (maxRecords: number | undefined) => TapeEngine) {}

  encode(task: BatchTask): BatchResult {
    // A batch under the input's limit gets an engine of its own that stops there.
    const isLimited = Number.isFinite(task.maxRecords);
    const engine = isLimited ? this.newEngine(task.maxRecords) : (this.shared ??= this.newEngine(undefined));
    const before = engine.recordsWritten;
    let isOk = true;
    try {
      engine.push(task.input);
      // The batch must end with a record: input cut inside one is the calling thread's to report.
      if (isLimited) engine.end();
      else if (!engine.isAtRecordBoundary) isOk = false;
      // Out-of-band buffer placeholders are numbered from the stream's first: a batch holding
      // one goes to the calling thread, which decodes it after every record before it.
      if (engine.outOfBandMade > 0) isOk = false;
    } catch {
      isOk = false;
    }
    if (!isOk) {
      if (engine === this.shared) this.shared = undefined;
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
}
