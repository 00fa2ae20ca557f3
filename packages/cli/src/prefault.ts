import { Worker } from "node:worker_threads";

/**
 * Buffers at least this large, of which this much is about to be written, are touched ahead on
 * another thread; smaller ones are made as usual (a worker's start-up would cost more).
 */
const PREFAULT_MIN_BYTES = 8 << 20;
/** Memory is faulted in by the page: one byte of each is touched. */
const PAGE_BYTES = 4096;

/**
 * The toucher: for each buffer it is sent, one byte of every page from `from` to `to`, in order,
 * by an atomic compare-exchange of 0 with 0. Why atomic: the writing thread may be there first;
 * the exchange then finds its byte and leaves it (a plain write of 0 would erase it), and a write
 * access either way, so the page is faulted in for the writer.
 */
const TOUCHER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ buffer, from, to }) => {
  const bytes = new Uint8Array(buffer);
  for (let at = from; at < to; at += ${PAGE_BYTES}) Atomics.compareExchange(bytes, at, 0, 0);
});
`;

/** The toucher once started; null when it could not start or failed (buffers are then made as usual). */
let toucher: Worker | null | undefined;

/**
 * For the tape engine's work buffers (PicklesToBytesOptions.newWorkBytes: its output, memo
 * tables and input window, and a piped giant record's held input): `length` zeroed bytes; when [`from`, `to`) is large, in a SharedArrayBuffer whose pages a worker thread touches
 * ahead of the writer. Why: where first touching memory is slow (the 2-core bench VM: 2.8 ms per
 * MB, 0.73 s for records.pkl's 260 MB of NDJSON), those faults then cost the other core, while
 * this one decodes: records.pkl -> NDJSON 2.73-2.79 -> 1.92-2.04 s, -> msgpack 2.10-2.17 ->
 * 1.48-1.52 s (bench/README.md). The worker does not keep the process alive, and a buffer it
 * still touches is freed once it is done.
 */
export function prefaultedBytes(length: number, from: number, to: number): Uint8Array {
  if (to - from < PREFAULT_MIN_BYTES) return new Uint8Array(length);
  toucher ??= startToucher();
  if (toucher === null) return new Uint8Array(length);
  const buffer = new SharedArrayBuffer(length);
  toucher.postMessage({ buffer, from: Math.ceil(from / PAGE_BYTES) * PAGE_BYTES, to: Math.min(to, length) });
  return new Uint8Array(buffer);
}

/** The toucher, or null when no worker can start here: the buffers are then only slower to fill. */
function startToucher(): Worker | null {
  try {
    const worker = new Worker(TOUCHER, { eval: true });
    worker.unref();
    // A toucher that fails (out of memory) is dropped; the buffers it was touching fill as usual.
    worker.on("error", () => {
      toucher = null;
    });
    return worker;
  } catch {
    return null;
  }
}
