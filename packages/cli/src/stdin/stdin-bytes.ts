import { UsageError } from "../args.js";
import { fstat, readSync, type Stats } from "node:fs";
import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { FILE_CHUNK_BYTES, OWN_HEAD_BYTES, reusedFileChunks } from "../file-chunks.js";
import { ENDED, FAILED, GO, POSITION_MASK, READING, READY, RING_BYTES, type RingData, SIGNAL, SLOTS, STATE, TAKEN, usedBytes, WRITTEN } from "./ring.js";

/** At most this many bytes per chunk handed on (what the ring holds may be more). */
const CHUNK_BYTES = 256 * 1024;

/** Atomics.waitAsync: in Node since 16, in TypeScript's lib only from ES2024 (this project: ES2023). */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { readonly async: false; readonly value: "not-equal" | "timed-out" } | { readonly async: true; readonly value: Promise<"ok" | "timed-out"> };
const waitAsync = (Atomics as unknown as { readonly waitAsync: WaitAsync }).waitAsync;

/** While the reader thread starts, an empty pipe is read again after this long. */
const START_RETRY_MS = 1;
/**
 * At least this often the chunks wait for a turn of the event loop. While input keeps coming,
 * nothing here waits on I/O: the whole decode would be one chain of promises, and the loop would
 * not turn until the input ends: no Ctrl-C, no progress line, and V8's tasks that free the
 * memory of dead chunks and output would wait too (peak RSS grew with the input's length:
 * 94 MB for 13 MB piped, 129 MB for 131 MB).
 */
const TURN_MS = 10;

/** Resolves on the next turn of the event loop when the last was over TURN_MS ago. */
class LoopTurns {
  private last = performance.now();

  /** A promise to await, or undefined when no turn is due. */
  due(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.last < TURN_MS) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.last = performance.now();
        resolve();
      }),
    );
  }
}

/**
 * Standard input's bytes (file descriptor `fd`); `stdin` is its stream, used for what is
 * neither a pipe, a socket nor a file (a terminal).
 *
 * A pipe or a socket (what a parent process's `spawn` gives) is read by a thread of its own
 * (reader-thread.ts) into a 4 MiB ring. Why not `for await (chunk of process.stdin)`: a pipe
 * holds 64 KiB, and a Node stream reads it once per turn of the event loop, so the writer
 * (`cat`) refills it only while this thread waits between turns; on the 2-core bench machine
 * `cat stream.pkl | pkl-stream` was idle ~6% of the time and the reader found the pipe empty at
 * half its reads. The reading thread keeps the pipe drained while the main thread decodes: the
 * same pipe 0.92 -> 0.88 s, 0.83 s with the chunks below (bench/PROFILE-NOTES.md). The main thread waits on the ring with
 * Atomics.waitAsync, so the event loop stays free (Ctrl-C, progress, output) when input is slow.
 * The main thread reads the first bytes itself: the thread starts the first time the pipe is
 * found empty (`echo ... | pkl-stream` seldom starts it), and takes over once it runs (~15 ms).
 *
 * A regular file (`< big.pkl`): plain reads, which never wait long (with `isTransient`, into two
 * arrays in turn: file-chunks.ts).
 *
 * `isTransient`: the caller gives each chunk up when it asks for the next (the tape engine
 * copies input into its window): a pipe's chunks are then views of the ring, not copies. That
 * spares a copy, and, above all, 256 KiB of garbage per chunk: the main thread makes so few
 * objects that V8 collects dead chunks only when 64 MB of them pile up (peak RSS 94 MB for 13
 * MB piped, 129 MB for 131 MB; with views, output arrays used again (output-arrays.ts) and the
 * output buffer started again between records (core's tape-output.ts): 88 and 89 MB).
 */
export async function* stdinBytes(stdin: () => Readable, fd: number, isTransient: boolean): AsyncGenerator<Uint8Array, void, undefined> {
  const stats = await fdStats(fd);
  // `pkl-stream < folder`: reading it fails, and a stream would end as if it were empty input.
  if (stats?.isDirectory() === true) throw new UsageError("standard input is a directory (name files, or a glob such as \"DIR/*.pkl\")");
  if (stats?.isFile() === true) yield* isTransient ? reusedFileChunks(fd) : fileBytes(fd);
  else if (stats !== undefined && (stats.isFIFO() || stats.isSocket())) {
    // Opening the stream makes the descriptor non-blocking (reader-thread.ts says why); it is
    // opened not to read: it never reads until asked.
    stdin();
    yield* ringBytes(fd, isTransient);
  } else yield* stdin();
}

async function* ringBytes(fd: number, isTransient: boolean): AsyncGenerator<Uint8Array, void, undefined> {
  let reader: ReaderThread | undefined;
  const turns = new LoopTurns();
  try {
    // The first bytes, read here, until the thread runs (it waits for GO before it reads).
    let slab = new Uint8Array(0);
    let used = 0;
    let direct = 0;
    for (;;) {
      if (slab.length - used < CHUNK_BYTES) {
        slab = new Uint8Array(4 * CHUNK_BYTES);
        used = 0;
      }
      let count: number;
      try {
        count = readSync(fd, slab, used, CHUNK_BYTES, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        // Started only now: a small input that came whole never pays for it.
        reader ??= new ReaderThread(fd);
        if (reader.isReady()) break;
        await new Promise((resolve) => setTimeout(resolve, START_RETRY_MS));
        continue;
      }
      if (count === 0) return;
      yield slab.subarray(used, used + count);
      used += count;
      direct += count;
      await turns.due();
    }
    yield* reader.bytes(turns, isTransient ? Math.max(0, OWN_HEAD_BYTES - direct) : Number.POSITIVE_INFINITY);
  } finally {
    // Stopped early (--limit, an error) or never handed over: the thread ends with the process.
    reader?.stop();
  }
}

/** The reading thread (reader-thread.ts) and its ring, seen from the main thread. */
class ReaderThread {
  private readonly ring: Uint8Array;
  private readonly slots: Int32Array;
  private readonly worker: Worker;
  /** The error the thread posted when a read failed. */
  private failure: string | undefined;
  /** The thread failed: it could not start (its script missing, say) or threw. */
  private threadError: unknown;

  constructor(fd: number) {
    const shared = new SharedArrayBuffer(RING_BYTES + 4 * SLOTS);
    this.ring = new Uint8Array(shared, 0, RING_BYTES);
    this.slots = new Int32Array(shared, RING_BYTES, SLOTS);
    const data: RingData = { shared, fd };
    // No Node flags: the thread only reads (and the launcher's V8 flags are refused by workers).
    this.worker = new Worker(readerUrl(), { workerData: data, execArgv: [] });
    this.worker.on("message", (message: string) => {
      this.failure = message;
    });
    this.worker.on("error", (error) => {
      this.threadError = error;
      Atomics.add(this.slots, SIGNAL, 1);
      Atomics.notify(this.slots, SIGNAL);
    });
    // The thread keeps the process alive only while `bytes` waits on it.
    this.worker.unref();
  }

  /** True once the thread runs: it may take over. */
  isReady(): boolean {
    if (this.threadError !== undefined) throw this.threadError;
    return Atomics.load(this.slots, READY) === 1;
  }

  /**
   * Lets the thread read, and yields what it reads until the input ends: copies for the first
   * `copiedBytes`, then views of the ring, each given back when the next chunk is asked for.
   */
  async *bytes(turns: LoopTurns, copiedBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
    const { ring, slots } = this;
    Atomics.store(slots, GO, 1);
    Atomics.notify(slots, GO);
    let taken = 0;
    for (;;) {
      const signal = Atomics.load(slots, SIGNAL);
      const held = usedBytes(Atomics.load(slots, WRITTEN), taken);
      if (held > 0) {
        const at = taken & (RING_BYTES - 1);
        const count = Math.min(held, RING_BYTES - at, CHUNK_BYTES);
        taken = (taken + count) & POSITION_MASK;
        if (copiedBytes > 0) {
          // A copy: the ring's bytes are written over once given back.
          const chunk = ring.slice(at, at + count);
          copiedBytes -= count;
          Atomics.store(slots, TAKEN, taken);
          Atomics.notify(slots, TAKEN);
          yield chunk;
        } else {
          yield ring.subarray(at, at + count);
          Atomics.store(slots, TAKEN, taken);
          Atomics.notify(slots, TAKEN);
        }
        await turns.due();
        continue;
      }
      if (this.threadError !== undefined) throw this.threadError;
      const state = Atomics.load(slots, STATE);
      if (state === ENDED) return;
      if (state === FAILED) {
        // The message comes with the next turn of the event loop, if it has not yet.
        if (this.failure === undefined) await new Promise((resolve) => setImmediate(resolve));
        throw new Error(`reading standard input: ${this.failure ?? "the reading thread failed"}`);
      }
      const wait = waitAsync(slots, SIGNAL, signal);
      if (wait.async) {
        // A pending waitAsync does not keep the process alive; the thread does, while referenced.
        this.worker.ref();
        await wait.value;
        this.worker.unref();
      }
    }
  }

  /** Ends the thread when it still reads (or waits to). */
  stop(): void {
    if (Atomics.load(this.slots, STATE) === READING) void this.worker.terminate();
  }
}

/** The reader thread's script: beside the bundle (bundle/stdin-reader.cjs) or beside this module (dist/). */
function readerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith(".cjs") ? new URL("./stdin-reader.cjs", here) : new URL("./reader-thread.js", here);
}

/** A regular file on stdin, each chunk an array of its own. */
function* fileBytes(fd: number): Generator<Uint8Array, void, undefined> {
  for (;;) {
    const chunk = new Uint8Array(FILE_CHUNK_BYTES);
    const count = readSync(fd, chunk, 0, chunk.length, null);
    if (count === 0) return;
    yield count === chunk.length ? chunk : chunk.subarray(0, count);
  }
}

function fdStats(fd: number): Promise<Stats | undefined> {
  return new Promise((resolve) => fstat(fd, (error, stats) => resolve(error === null ? stats : undefined)));
}
