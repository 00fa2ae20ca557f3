import type { Writable } from "node:stream";

/** Bytes gathered before one write to the stream: one syscall per batch, not per record. */
const BATCH_BYTES = 64 * 1024;

/**
 * Where records go: stdout or `-o FILE`. Small pieces are batched into one `write()` (flushed
 * when the batch is full or once the event loop turns, so a slow live input still shows each
 * record promptly). Backpressure: after `write()` returns false nothing more is written until
 * `'drain'`. A reader that went away (`| head -1`: EPIPE) is not an error: `isClosed` turns true
 * and the command stops quietly.
 */
export class OutputSink {
  /** The reader closed the pipe; stop producing. */
  isClosed = false;
  private readonly stream: Writable;
  private readonly isOwned: boolean;
  private batch: (string | Uint8Array)[] = [];
  private batchBytes = 0;
  private isFlushScheduled = false;
  private needsDrain = false;
  private failure: Error | null = null;
  private waiters: (() => void)[] = [];

  /** `isOwned`: the sink opened the stream (a file) and ends it; stdout is never ended. */
  constructor(stream: Writable, isOwned: boolean) {
    this.stream = stream;
    this.isOwned = isOwned;
    stream.on("error", this.onError);
    stream.on("drain", this.wake);
  }

  /** Queues a piece; the promise, when one comes back, must be awaited before writing more. */
  write(piece: string | Uint8Array): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    if (this.isClosed) return undefined;
    this.batch.push(piece);
    this.batchBytes += piece.length;
    if (this.batchBytes >= BATCH_BYTES) this.flush();
    else if (!this.isFlushScheduled) {
      this.isFlushScheduled = true;
      setImmediate(this.flushScheduled);
    }
    return this.needsDrain ? this.waitForDrain() : undefined;
  }

  /** Writes what is queued and waits until the stream took it (a file is closed). */
  async finish(): Promise<void> {
    this.flush();
    if (this.needsDrain) await this.waitForDrain();
    if (this.failure !== null) throw this.failure;
    if (this.isClosed) return;
    if (this.isOwned) {
      await new Promise<void>((resolve, reject) => {
        this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
    }
    if (this.failure !== null) throw this.failure;
  }

  /** Stops listening; an owned stream is destroyed (after an error, its file is left as it is). */
  close(): void {
    this.stream.off("drain", this.wake);
    if (this.isOwned && !this.stream.destroyed) this.stream.destroy();
    // Keep the error listener: a late EPIPE after we stopped must not crash the process.
  }

  private flush(): void {
    if (this.batch.length === 0 || this.isClosed || this.failure !== null) {
      this.batch.length = 0;
      this.batchBytes = 0;
      return;
    }
    const batch = this.batch;
    const piece = batch.length === 1 ? batch[0]! : joinBatch(batch);
    this.batch = [];
    this.batchBytes = 0;
    if (!this.stream.write(piece)) this.needsDrain = true;
  }

  private readonly flushScheduled = (): void => {
    this.isFlushScheduled = false;
    this.flush();
  };

  private waitForDrain(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private readonly wake = (): void => {
    this.needsDrain = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  };

  private readonly onError = (error: Error): void => {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") this.isClosed = true;
    else this.failure ??= error;
    this.wake();
  };
}

/** One string, or one byte array, from a batch of pieces of the same kind. */
function joinBatch(batch: readonly (string | Uint8Array)[]): string | Uint8Array {
  if (typeof batch[0] === "string") return (batch as string[]).join("");
  return Buffer.concat(batch as Uint8Array[]);
}
