import type { FromWorker, ToWorker } from "../protocol.js";

/** The worker's bundled source, put here by scripts/build.mjs. */
declare const __WORKER_SOURCE__: string;

type Reply = Exclude<Extract<FromWorker, { req: number }>, { type: "error" }>;
type FileEvent = Exclude<FromWorker, { req: number }>;
type Request = Extract<ToWorker, { req: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a file's view hears: the worker's events about the file, and the failure of a worker. */
export type ClientEvent = FileEvent | { readonly type: "worker-failed"; readonly id: number; readonly error: string };

/** A request the worker answered with an error, or that a failed worker will never answer. */
export class WorkerError extends Error {}

interface Pending {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: WorkerError) => void;
}

/**
 * The page's side of the decoding worker (and of its audit worker). The worker is a classic script started from a blob URL:
 * a module worker, or a worker from a file beside the page, is refused on file:// pages.
 * No request waits for ever: an error reply rejects it, and so does an error the worker did not catch.
 */
export class WorkerClient {
  private readonly worker: Worker;
  private nextReq = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<number, (event: ClientEvent) => void>();

  constructor() {
    const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: "text/javascript" }));
    this.worker = new Worker(url);
    // The auditor: same script, its own core; it talks to the decoder through a port.
    const auditor = new Worker(url);
    const channel = new MessageChannel();
    this.worker.postMessage({ type: "port", role: "decoder" } satisfies ToWorker, [channel.port1]);
    auditor.postMessage({ type: "port", role: "auditor" } satisfies ToWorker, [channel.port2]);
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.fail(`the decoding worker failed: ${event.message || "it stopped"}`);
    this.worker.onmessageerror = () => this.fail("a message from the decoding worker could not be read");
    auditor.onerror = (event) => this.fail(`the audit worker failed: ${event.message || "it stopped"}`);
  }

  private receive(message: FromWorker): void {
    if (!("req" in message)) {
      this.listeners.get(message.id)?.(message);
      return;
    }
    const pending = this.pending.get(message.req);
    this.pending.delete(message.req);
    if (message.type === "error") pending?.reject(new WorkerError(message.error));
    else pending?.resolve(message);
  }

  /** An error no reply carries: every waiting request is rejected and every file told (they may never hear again). */
  private fail(error: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(new WorkerError(error));
    for (const [id, listener] of this.listeners) listener({ type: "worker-failed", id, error });
  }

  open(id: number, message: Extract<ToWorker, { type: "open" }>, listener: (event: ClientEvent) => void): void {
    this.listeners.set(id, listener);
    this.worker.postMessage(message);
  }

  cancel(id: number): void {
    this.worker.postMessage({ type: "cancel", id } satisfies ToWorker);
  }

  /** Asks the worker; rejects with a WorkerError when the worker answers with an error or fails. */
  request<T extends Reply["type"]>(message: DistributiveOmit<Request, "req"> & { type: T }): Promise<Extract<Reply, { type: T }>> {
    const req = this.nextReq++;
    return new Promise((resolve, reject) => {
      this.pending.set(req, { resolve: resolve as (reply: Reply) => void, reject });
      this.worker.postMessage({ ...message, req });
    });
  }
}
