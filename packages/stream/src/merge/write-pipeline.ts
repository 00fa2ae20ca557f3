/**
 * Keeps up to `depth` writes in flight instead of waiting for each before the next chunk is
 * made: the emitter goes on copying entries into the next chunk while the previous ones are
 * written (the file system's copy of a big output costs as much as making it, ~2 ms/MB on the
 * bench VM, and runs on libuv's thread, the other core). Only for destinations whose writes
 * are placed when called (an atomic output file: positional writes), never for a stream or a
 * FIFO, where order is only kept by waiting.
 *
 * The first failure is thrown by the next `write` or by `drain`; a write issued after it is not
 * started. Failed writes never reject unobserved (each is caught as it is issued).
 */
export class WritePipeline {
  private readonly inFlight: Promise<void>[] = [];
  private failure: { readonly error: unknown } | undefined = undefined;

  constructor(
    private readonly writeChunk: (chunk: Uint8Array) => Promise<void>,
    private readonly depth: number,
  ) {
    if (!(depth >= 1)) throw new RangeError(`depth must be at least 1, got ${depth}`);
  }

  /** Starts writing `chunk`; waits only while `depth` writes are in flight. */
  async write(chunk: Uint8Array): Promise<void> {
    this.throwFailure();
    const done = this.writeChunk(chunk).catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.inFlight.push(done);
    while (this.inFlight.length >= this.depth) await this.inFlight.shift();
    this.throwFailure();
  }

  /** Waits for every write issued; throws the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
