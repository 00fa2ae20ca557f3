"use strict";

// src/stdin/reader-thread.ts
var import_node_fs = require("node:fs");
var import_node_worker_threads = require("node:worker_threads");

// src/stdin/ring.ts
var RING_BYTES = 1 << 22;
var POSITION_MASK = 2 * RING_BYTES - 1;
var WRITTEN = 0;
var TAKEN = 1;
var STATE = 2;
var SIGNAL = 3;
var IDLE = 4;
var READY = 5;
var GO = 6;
var SLOTS = 7;
var ENDED = 1;
var FAILED = 2;
function usedBytes(written2, taken) {
  return written2 - taken & POSITION_MASK;
}

// src/stdin/reader-thread.ts
var FIRST_SLEEP_MS = 0.02;
var MAX_SLEEP_MS = 2;
var { shared, fd } = import_node_worker_threads.workerData;
var ring = new Uint8Array(shared, 0, RING_BYTES);
var slots = new Int32Array(shared, RING_BYTES, SLOTS);
function publish(slot, value) {
  Atomics.store(slots, slot, value);
  Atomics.add(slots, SIGNAL, 1);
  Atomics.notify(slots, SIGNAL);
}
publish(READY, 1);
while (Atomics.load(slots, GO) === 0) Atomics.wait(slots, GO, 0);
var written = 0;
var sleepMs = FIRST_SLEEP_MS;
for (; ; ) {
  let taken = Atomics.load(slots, TAKEN);
  while (usedBytes(written, taken) === RING_BYTES) {
    Atomics.wait(slots, TAKEN, taken);
    taken = Atomics.load(slots, TAKEN);
  }
  const at = written & RING_BYTES - 1;
  const room = Math.min(RING_BYTES - usedBytes(written, taken), RING_BYTES - at);
  let count;
  try {
    count = (0, import_node_fs.readSync)(fd, ring, at, room, null);
  } catch (error) {
    if (error.code === "EAGAIN") {
      Atomics.wait(slots, IDLE, 0, sleepMs);
      sleepMs = Math.min(2 * sleepMs, MAX_SLEEP_MS);
      continue;
    }
    import_node_worker_threads.parentPort.postMessage(error instanceof Error ? error.message : String(error));
    publish(STATE, FAILED);
    break;
  }
  if (count === 0) {
    publish(STATE, ENDED);
    break;
  }
  sleepMs = FIRST_SLEEP_MS;
  written = written + count & POSITION_MASK;
  publish(WRITTEN, written);
}
