/** At least this often a conversion lets the event loop turn, so that a signal's handler can run. */
const TURN_MS = 20;

/**
 * The places a conversion stops at on Ctrl-C (SIGTERM, SIGHUP): between records, input slices
 * and output chunks. Why a class of its own: convert holds each input in memory and converts it
 * with no I/O to wait on (stdout to a file is written synchronously), so the event loop never
 * turned, main.ts's handler never aborted the signal, and the whole output was written (exit 0)
 * 1.6-17 s after the signal. `check` gives the loop a turn when one is due and then throws the
 * abort's reason once aborted; a turn costs a few microseconds, 50 a second at most.
 */
export class Interrupts {
  private last = performance.now();

  constructor(readonly signal: AbortSignal) {}

  /**
   * Throws (or rejects with) the abort's reason once aborted. A promise, to await, when the
   * event loop is due a turn; else undefined, so a loop over records awaits nothing per record.
   */
  check(): Promise<void> | undefined {
    this.signal.throwIfAborted();
    if (performance.now() - this.last < TURN_MS) return undefined;
    return new Promise((resolve, reject) =>
      // setImmediate, not a microtask: the signal's handler runs in the loop's poll phase, before it.
      setImmediate(() => {
        this.last = performance.now();
        if (this.signal.aborted) reject(this.signal.reason);
        else resolve();
      }),
    );
  }
}
