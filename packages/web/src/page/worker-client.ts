import type { FromWorker, ToWorker } from "../protocol.js";

/** The worker's bundled source, put here by scripts/build.mjs. */
declare const __WORKER_SOURCE__: string;

type Reply = Extract<FromWorker, { req: number }>;
type FileEvent = Exclude<FromWorker, { req: number }>;
type Request = Extract<ToWorker, { req: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The page's side of the decoding worker (and of its audit worker). The worker is a classic script started from a blob URL:
 * a module worker, or a worker from a file beside the page, is refused on file:// pages.
 */
export class WorkerClient {
  private readonly worker: Worker;
  private nextReq = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private readonly listeners = new Map<number, (event: FileEvent) => void>();

  constructor() {
    const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: "text/javascript" }));
    this.worker = new Worker(url);
    // The auditor: same script, its own core; it talks to the decoder through a port.
    const auditor = new Worker(url);
    const channel = new MessageChannel();
    this.worker.postMessage({ type: "port", role: "decoder" } satisfies ToWorker, [channel.port1]);
    auditor.postMessage({ type: "port", role: "auditor" } satisfies ToWorker, [channel.port2]);
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if ("req" in message) {
        const resolve = this.pending.get(message.req);
        this.pending.delete(message.req);
        resolve?.(message);
      } else {
        this.listeners.get(message.id)?.(message);
      }
    };
  }

  open(id: number, message: Extract<ToWorker, { type: "open" }>, listener: (event: FileEvent) => void): void {
    this.listeners.set(id, listener);
    this.worker.postMessage(message);
  }

  cancel(id: number): void {
    this.worker.postMessage({ type: "cancel", id } satisfies ToWorker);
  }

  request<T extends Reply["type"]>(message: DistributiveOmit<Request, "req"> & { type: T }): Promise<Extract<Reply, { type: T }>> {
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.pending.set(req, resolve as (reply: Reply) => void);
      this.worker.postMessage({ ...message, req });
    });
  }
}
