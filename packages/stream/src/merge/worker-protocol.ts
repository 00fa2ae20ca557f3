import type { ShardEncoderSettings } from "./shard-encoder.js";
import type { Segment } from "./segment.js";

/** Main thread -> worker: read one input file. */
export interface ShardTask {
  readonly taskId: number;
  readonly path: string;
  readonly settings: ShardEncoderSettings;
}

/**
 * Main thread -> worker: stop at the next safe point. The worker ends its own thread (between
 * steps, never inside one) rather than being terminated: see WorkerPool.close.
 */
export interface StopMessage {
  readonly kind: "stop";
}

/** What a merge worker is sent. */
export type WorkerInbox = ShardTask | StopMessage;

/**
 * The pool's stop flag, shared with every worker (workerData): set once the pool closes, read by
 * a worker between steps of a long synchronous read (the transcoder's progress reports), when no
 * message can reach it.
 */
export type StopFlag = Int32Array;

/** Worker -> main thread. */
export type ShardMessage =
  | { readonly taskId: number; readonly kind: "progress"; readonly bytesRead: number }
  | { readonly taskId: number; readonly kind: "done"; readonly result: ShardResult }
  | { readonly taskId: number; readonly kind: "error"; readonly error: ShardFailure };

export interface ShardResult {
  readonly segment: Segment;
  /** Records (pickles, or msgpack maps) the file held. */
  readonly recordCount: number;
  /** Bytes read from disk (compressed size for gzip input). */
  readonly bytesRead: number;
  readonly inputKind: "pickle" | "msgpack";
}

/** An error as it crosses the thread boundary: Error subclasses do not survive cloning intact. */
export interface ShardFailure {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  /**
   * True when the file is at fault (a bad pickle or msgpack, no dict, a memo bomb, a file that
   * cannot be read); false for a failure of the worker itself, which no `keepGoing` may skip.
   */
  readonly isInputError: boolean;
}
