import { readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { ENDED, FAILED, GO, IDLE, POSITION_MASK, READY, RING_BYTES, type RingData, SIGNAL, SLOTS, STATE, TAKEN, usedBytes, WRITTEN } from "./ring.js";

// The thread that reads standard input (stdin-bytes.ts starts it): reads straight into the
// shared ring, as far ahead of the main thread as the ring allows. It only reads; it never
// decodes, so the ring's bytes are all it shares.
//
// The descriptor is non-blocking (the main thread opened process.stdin, which makes it so): a
// read blocked in the kernel could not be stopped, and the process could not exit (it waits
// for its threads) until the writer wrote or closed: `tail -f x.pkl | pkl-stream --limit 1`
// would never end. So an empty pipe is met by a sleep, 20 microseconds at first and doubling
// up to 2 ms while it stays empty.
const FIRST_SLEEP_MS = 0.02;
const MAX_SLEEP_MS = 2;

const { shared, fd } = workerData as RingData;
const ring = new Uint8Array(shared, 0, RING_BYTES);
const slots = new Int32Array(shared, RING_BYTES, SLOTS);

function publish(slot: number, value: number): void {
  Atomics.store(slots, slot, value);
  Atomics.add(slots, SIGNAL, 1);
  Atomics.notify(slots, SIGNAL);
}

publish(READY, 1);
while (Atomics.load(slots, GO) === 0) Atomics.wait(slots, GO, 0);

let written = 0;
let sleepMs = FIRST_SLEEP_MS;
for (;;) {
  let taken = Atomics.load(slots, TAKEN);
  while (usedBytes(written, taken) === RING_BYTES) {
    Atomics.wait(slots, TAKEN, taken);
    taken = Atomics.load(slots, TAKEN);
  }
  const at = written & (RING_BYTES - 1);
  const room = Math.min(RING_BYTES - usedBytes(written, taken), RING_BYTES - at);
  let count: number;
  try {
    count = readSync(fd, ring, at, room, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
      Atomics.wait(slots, IDLE, 0, sleepMs);
      sleepMs = Math.min(2 * sleepMs, MAX_SLEEP_MS);
      continue;
    }
    parentPort!.postMessage(error instanceof Error ? error.message : String(error));
    publish(STATE, FAILED);
    break;
  }
  if (count === 0) {
    publish(STATE, ENDED);
    break;
  }
  sleepMs = FIRST_SLEEP_MS;
  written = (written + count) & POSITION_MASK;
  publish(WRITTEN, written);
}
