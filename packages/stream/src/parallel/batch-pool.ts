import type { Worker } from "node:worker_threads";
import { startWorker } from "../start-worker.js";
import type { BatchResult, BatchTask, RecordsWorkerSettings } from "./worker-protocol.js";

/**
 * The worker script. Built code sits next to this file as dist/parallel/records-worker.js (the
 * CLI bundle puts it beside main.cjs); from TypeScript sources (tests) it is still the built one.
 */
export function recordsWorkerUrl(here: string = import.meta.url): URL {
  const url = new URL("./records-worker.js", here);
  if (here.endsWith(".ts")) url.pathname = url.pathname.replace(/\/src\/parallel\/records-worker\.js$/, "/dist/parallel/records-worker.js");
  return url;
}

interface Waiting {
  readonly resolve: (result: BatchResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A fixed set of records workers. `run` gives a batch to the worker with the fewest batches
 * waiting; each worker answers its batches in the order it got them. A worker that stops fails
 * every batch it held.
 */
export class BatchPool {
  private readonly workers: Worker[] = [];
  private readonly waiting: Map<number, Waiting>[] = [];
  private isClosed = false;

  constructor(count: number, settings: RecordsWorkerSettings, scriptUrl: URL = recordsWorkerUrl()) {
    for (let i = 0; i < count; i++) {
      const worker = startWorker(scriptUrl, settings);
      const waiting = new Map<number, Waiting>();
      worker.on("message", (result: BatchResult) => {
        const entry = waiting.get(result.batchId);
        waiting.delete(result.batchId);
        entry?.resolve(result);
      });
      const fail = (error: Error): void => {
        for (const entry of waiting.values()) entry.reject(error);
        waiting.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (!this.isClosed) fail(new Error(`a records worker stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.waiting.push(waiting);
    }
  }

  /** Batches waiting at the least busy worker. */
  get leastWaiting(): number {
    let least = Number.POSITIVE_INFINITY;
    for (const waiting of this.waiting) least = Math.min(least, waiting.size);
    return least;
  }

  /** Encodes a batch; its input is transferred to the worker (and comes back in the result). */
  run(task: BatchTask): Promise<BatchResult> {
    let chosen = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.waiting[i]!.size < this.waiting[chosen]!.size) chosen = i;
    return new Promise((resolve, reject) => {
      this.waiting[chosen]!.set(task.batchId, { resolve, reject });
      this.workers[chosen]!.postMessage(task, [task.input.buffer as ArrayBuffer]);
    });
  }

  /**
   * Stops the workers: idle ones are asked to finish (they exit on their own, as a profiler
   * expects), busy ones (the reader stopped early) are terminated.
   */
  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all(
      this.workers.map((worker, i) => {
        if (this.waiting[i]!.size > 0) return worker.terminate();
        const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
        worker.postMessage(null);
        return exited;
      }),
    );
  }
}
