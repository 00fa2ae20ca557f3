/**
 * The ring of bytes the stdin reader thread (reader-thread.ts) fills and the main thread empties
 * (stdin-bytes.ts): a SharedArrayBuffer of RING_BYTES, then a few Int32 slots. Positions run
 * over twice the ring's length, so a full ring (written - read = RING_BYTES) and an empty one
 * (written = read) differ.
 */
export const RING_BYTES = 1 << 22;
export const POSITION_MASK = 2 * RING_BYTES - 1;

/** Slot: where the reader has written up to. */
export const WRITTEN = 0;
/** Slot: where the main thread has taken up to (the reader waits on it when the ring is full). */
export const TAKEN = 1;
/** Slot: READING, ENDED (no bytes after WRITTEN) or FAILED (the reader posted the error). */
export const STATE = 2;
/** Slot: bumped after every change of WRITTEN or STATE; the main thread waits on it. */
export const SIGNAL = 3;
/** Slot: never changed; the reader sleeps on it between reads of a non-blocking empty pipe. */
export const IDLE = 4;
/** Slot: 1 once the reader runs (it then waits for GO). */
export const READY = 5;
/** Slot: 1 once the main thread, which reads the first bytes itself, leaves the rest to the reader. */
export const GO = 6;
export const SLOTS = 7;

export const READING = 0;
export const ENDED = 1;
export const FAILED = 2;

/** The reader thread's workerData. */
export interface RingData {
  readonly shared: SharedArrayBuffer;
  readonly fd: number;
}

/** Bytes held by a ring holding [taken, written). */
export function usedBytes(written: number, taken: number): number {
  return (written - taken) & POSITION_MASK;
}
