import type { Worker } from "node:worker_threads";
import { startWorker } from "../start-worker.js";
import type { ShardFailure, ShardMessage, ShardResult, ShardTask } from "./worker-protocol.js";

/** An input file the worker could not read: the message names the file (and record). */
export class ShardError extends Error {
  override readonly name = "ShardError";
  constructor(
    message: string,
    readonly file: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Pending {
  readonly task: ShardTask;
  readonly resolve: (result: ShardResult) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: (bytesRead: number) => void;
}

/**
 * The worker script. Built code sits next to this file as dist/merge/worker.js; when running
 * from TypeScript sources (tests, the `pkl-stream-source` condition) this module is
 * src/merge/pool.ts, and the worker is still the built dist/merge/worker.js.
 */
export function workerScriptUrl(here: string = import.meta.url): URL {
  const url = new URL("./worker.js", here);
  if (here.endsWith(".ts")) url.pathname = url.pathname.replace(/\/src\/merge\/worker\.js$/, "/dist/merge/worker.js");
  return url;
}

/**
 * A fixed set of worker_threads, each reading one file at a time. `run` queues a task; the
 * next free worker takes it. A worker that dies fails its task and is replaced.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextTaskId = 0;
  private isClosed = false;

  constructor(
    private readonly size: number,
    private readonly scriptUrl: URL = workerScriptUrl(),
  ) {}

  run(path: string, settings: ShardTask["settings"], onProgress: (bytesRead: number) => void): Promise<ShardResult> {
    if (this.isClosed) return Promise.reject(new Error("the merge worker pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { taskId: this.nextTaskId++, path, settings }, resolve, reject, onProgress });
      this.dispatch();
    });
  }

  /** Stops every worker; queued and running tasks fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    const stopped = new Error("the merge was stopped");
    for (const pending of this.queue.splice(0)) pending.reject(stopped);
    for (const [worker, pending] of this.busy) {
      this.busy.delete(worker);
      pending.reject(stopped);
      this.idle.push(worker);
    }
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.isClosed) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (worker === undefined) return;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage(pending.task);
    }
  }

  private spawn(): Worker {
    const worker = startWorker(this.scriptUrl);
    worker.on("message", (message: ShardMessage) => this.onMessage(worker, message));
    worker.on("error", (error) => this.onExit(worker, error));
    worker.on("exit", (code) => this.onExit(worker, new Error(`a merge worker exited with code ${code}`)));
    return worker;
  }

  private onMessage(worker: Worker, message: ShardMessage): void {
    const pending = this.busy.get(worker);
    if (pending === undefined || pending.task.taskId !== message.taskId) return;
    if (message.kind === "progress") {
      pending.onProgress(message.bytesRead);
      return;
    }
    this.busy.delete(worker);
    this.idle.push(worker);
    if (message.kind === "done") pending.resolve(message.result);
    else pending.reject(message.error.isInputError ? toShardError(message.error, pending.task.path) : workerError(message.error));
    this.dispatch();
  }

  private onExit(worker: Worker, error: Error): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    // A worker that stops is no fault of the file it was reading: not a ShardError, never skipped.
    if (pending !== undefined) pending.reject(new MergeWorkerError(`${pending.task.path}: a merge worker stopped: ${error.message}`));
    if (!this.isClosed) this.dispatch();
  }
}

/**
 * A merge worker failed for its own reasons (a bug, a worker that could not start or died), not
 * because of the file it read: callers report it as an internal error, and `keepGoing` does not
 * skip the file (the merged result would silently lack it).
 */
export class MergeWorkerError extends Error {
  override readonly name = "MergeWorkerError";
}

function workerError(failure: ShardFailure): MergeWorkerError {
  return new MergeWorkerError(`${failure.message} (${failure.name} in a merge worker)`);
}

function toShardError(failure: ShardFailure, path: string): ShardError {
  return new ShardError(failure.message, path, failure.code);
}
