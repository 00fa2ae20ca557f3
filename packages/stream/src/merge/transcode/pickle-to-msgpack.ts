import { DECLINE, decline, MsgpackTapeWriter, RECORD_DONE } from "@pkl-stream/core/engine";
import type { Segment } from "../segment.js";
import { MergeRowsDriver } from "./merge-rows-driver.js";

/**
 * The input holds something this transcoder does not copy itself (a class, a set, text-mode
 * opcodes, a lone surrogate, a malformed or truncated pickle, ...): the caller then decodes the
 * file the general way, which also gives the exact error for bad input.
 */
export class NotTranscodable extends Error {
  override readonly name = "NotTranscodable";
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

export interface TranscodeSettings {
  /** Output allowed per record (memo bombs stop here: the general path then reports them). */
  readonly maxOutputBytes: number;
  /** Called now and then with the input bytes consumed so far. */
  readonly onProgress?: (bytesDone: number) => void;
  /**
   * Decline ints past 64 bits instead of writing their digits as a msgpack str (as the general
   * path's msgpack does): JSON output writes them as numbers, and a str cannot say it was an int.
   */
  readonly declineBigInts?: boolean;
  /** Deep merge: dict values become node rows followed by their entries (as ShardEncoder's with isDeep). */
  readonly isDeep?: boolean;
}

export interface TranscodeResult {
  readonly segment: Segment;
  readonly recordCount: number;
}

/** Input read between two progress reports. */
const PROGRESS_STEP = 8 * 1024 * 1024;

/** The last transcode's driver, for the next file in this thread (a worker reads several). */
let spare: MergeRowsDriver | undefined;

/**
 * Turns a whole file of appended dict pickles (protocols 2-5, plain data) straight into merge
 * segment rows, msgpack bytes included, without building a JS value per Python value: core's
 * one opcode reader (TapeDriver, through its one-pass msgpack driver) writes each value as it
 * reads it, and each entry of a record's root dict becomes a row (merge-rows-driver.ts). The
 * output is byte for byte what the general path (decode, then msgpackr) writes; anything that
 * path would treat specially makes the driver decline, and this throw NotTranscodable instead.
 *
 * Measured on the bench's 59 MB shards: see bench/RESULTS.md (merge suite).
 */
export function transcodeDictPickles(input: Uint8Array, settings: TranscodeSettings): TranscodeResult {
  const { maxOutputBytes } = settings;
  const driver = spare?.maxOutputBytes === maxOutputBytes ? spare : new MergeRowsDriver(new MsgpackTapeWriter({ suffix: "" }, maxOutputBytes), maxOutputBytes);
  spare = undefined;
  let segment: Segment;
  try {
    driver.start(input, settings.declineBigInts === true, settings.isDeep === true);
    // The driver reads up to windowLength, moved on a step at a time for progress reports; an
    // opcode cut by a step waits for the next one.
    for (;;) {
      if (driver.run() === RECORD_DONE) continue;
      if (driver.windowLength === input.length) break;
      driver.windowLength = Math.min(input.length, driver.windowLength + PROGRESS_STEP);
      if (driver.pos > 0) settings.onProgress?.(driver.pos);
    }
    // A record cut short: the general path reports it.
    if (driver.isInRecord) decline();
    segment = driver.finish();
  } catch (error) {
    driver.release();
    // Anything but a decline may have left the driver midway: it is not kept.
    if (error !== DECLINE) throw error;
    spare = driver;
    throw new NotTranscodable("a record the transcoder leaves to the general path", driver.recordOffset);
  }
  driver.release();
  spare = driver;
  return { segment, recordCount: driver.recordIndex };
}
