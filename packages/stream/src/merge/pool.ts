import type { Worker } from "node:worker_threads";
import { startWorker } from "../start-worker.js";
import type { ShardFailure, ShardMessage, ShardResult, ShardTask, StopFlag, StopMessage } from "./worker-protocol.js";

/**
 * How long close waits for a busy worker to reach a safe point before terminating it anyway (a
 * worker that never does: a bug). A worker checks between reads and transcoder steps, so this
 * is only reached inside one long native call (inflating a 1 GiB gzip shard takes ~3 s).
 */
const STOP_GRACE_MS = 15_000;

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
  private closing: Promise<void> | undefined;
  /** Set once the pool closes; every worker reads it (see StopFlag). */
  private readonly stopFlag: StopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

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

  /**
   * Stops every worker; queued and running tasks fail. A busy worker is asked to stop and ends its
   * own thread at its next safe point, not terminated where it stands: a terminate landing inside
   * a zlib handle's construction (between the handle's creation and its init, in the gzip member
   * walker) aborts the whole process as the worker's environment is freed (Node's
   * CompressionStream "close before init" check). The same holds for a process that exits with
   * workers busy, so callers wait for this before they exit.
   */
  close(): Promise<void> {
    this.closing ??= this.stopAll();
    return this.closing;
  }

  private async stopAll(): Promise<void> {
    this.isClosed = true;
    Atomics.store(this.stopFlag, 0, 1);
    const stopped = new Error("the merge was stopped");
    for (const pending of this.queue.splice(0)) pending.reject(stopped);
    const workers = [...this.idle.splice(0), ...this.busy.keys()];
    for (const [worker, pending] of this.busy) {
      this.busy.delete(worker);
      pending.reject(stopped);
    }
    await Promise.all(workers.map(stopWorker));
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
    const worker = startWorker(this.scriptUrl, this.stopFlag);
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

/** Resolves once `worker` has exited: asked to stop, then terminated if it has not after STOP_GRACE_MS. */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.threadId === -1) return resolve(); // already exited
    const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ kind: "stop" } satisfies StopMessage);
  });
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
