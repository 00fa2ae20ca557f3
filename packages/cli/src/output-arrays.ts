import type { Writable } from "node:stream";

/** Free arrays kept for the next outputs; more are dropped to the garbage collector. */
const FREE_KEPT = 4;
/** Made at least this large, so that later, slightly longer outputs fit too. */
const MIN_BYTES = 512 * 1024;

/**
 * The arrays the tape engine copies its output into (TapeEngineOptions.newOutputBytes), used
 * again once written. Why: the main thread of `cat big.pkl | pkl-stream` makes so few objects
 * that V8 frees dead output arrays only when 64 MB of them pile up, so peak RSS grew with the
 * input's length (the bench's long/short ratio). Reused, they are no garbage at all.
 */
export class OutputArrays {
  private readonly free: ArrayBuffer[] = [];
  private readonly mine = new WeakSet<ArrayBuffer>();

  /** An array of `length` bytes, not zeroed (the engine sets them all). */
  readonly allocate = (length: number): Uint8Array => {
    const free = this.free;
    for (let i = free.length - 1; i >= 0; i--) {
      const buffer = free[i]!;
      if (buffer.byteLength >= length) {
        free.splice(i, 1);
        return Buffer.from(buffer, 0, length);
      }
    }
    const array = Buffer.allocUnsafeSlow(Math.max(length, MIN_BYTES));
    this.mine.add(array.buffer);
    return array.subarray(0, length);
  };

  /** `array`'s memory may be used again: nothing refers to it any more. Arrays made elsewhere are ignored. */
  release(array: Uint8Array): void {
    const buffer = array.buffer as ArrayBuffer;
    if (!this.mine.has(buffer) || this.free.includes(buffer)) return;
    if (this.free.length < FREE_KEPT) this.free.push(buffer);
  }
}

/**
 * Writes `chunks` to `destination` one after another, each once the one before was written (its
 * callback), and hands each to `arrays` then. Errors of the stream (EPIPE from `| head -1`)
 * come out as the rejection, as from `pipeline`.
 */
export async function writeEach(chunks: AsyncIterable<Uint8Array>, destination: Writable, arrays: OutputArrays, signal: AbortSignal): Promise<void> {
  let failure: Error | undefined;
  const onError = (error: Error): void => {
    failure ??= error;
  };
  destination.on("error", onError);
  try {
    for await (const chunk of chunks) {
      signal.throwIfAborted();
      if (failure !== undefined) throw failure;
      await new Promise<void>((resolve, reject) => {
        destination.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
      arrays.release(chunk);
    }
    if (failure !== undefined) throw failure;
  } finally {
    destination.off("error", onError);
  }
}
