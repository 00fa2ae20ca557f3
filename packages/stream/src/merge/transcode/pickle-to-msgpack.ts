import { DECLINE, MsgpackTapeWriter, RECORD_DONE } from "@pkl-stream/core/engine";
import { type Segment, SegmentBuilder } from "../segment.js";
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
}

export interface TranscodeResult {
  readonly segment: Segment;
  readonly recordCount: number;
}

/** Input read between two progress reports. */
const PROGRESS_STEP = 8 * 1024 * 1024;

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
  const output = new MsgpackTapeWriter({ suffix: "" }, settings.maxOutputBytes);
  // msgpack of plain data is about 1.35x its pickle (the bench's records): room for that up
  // front spares the doublings, and keeps the bytes tight enough to hand over uncopied.
  output.out = new Uint8Array(Math.ceil(input.length * 1.5) + 4096);
  // Rows: one per top-level entry, about 80 pickle bytes each in the bench's records shape;
  // room for one per 32 bytes spares a 59 MB shard's table (17 MB) its doublings and copies.
  const rows = new SegmentBuilder(0, Math.ceil(input.length / 32));
  const driver = new MergeRowsDriver(output, rows, settings.maxOutputBytes, settings.declineBigInts === true);
  driver.readFrom(input);
  try {
    // The driver reads up to windowLength, moved on a step at a time for progress reports; an
    // opcode cut by a step waits for the next one.
    for (;;) {
      if (driver.run() === RECORD_DONE) continue;
      if (driver.windowLength === input.length) break;
      driver.windowLength = Math.min(input.length, driver.windowLength + PROGRESS_STEP);
      if (driver.pos > 0) settings.onProgress?.(driver.pos);
    }
  } catch (error) {
    if (error === DECLINE) throw new NotTranscodable("a record the transcoder leaves to the general path", driver.recordOffset);
    throw error;
  }
  if (driver.isInRecord) throw new NotTranscodable("truncated input", driver.recordOffset);
  return { segment: segmentOf(output, rows), recordCount: driver.recordIndex };
}

/** The rows' table with the driver's output as their bytes, handed over uncopied when they fill most of their array. */
function segmentOf(output: MsgpackTapeWriter, rows: SegmentBuilder): Segment {
  const { table, entryCount } = rows.finish();
  const out = output.out;
  const length = output.pos;
  const isTight = length >= out.length - (out.length >>> 3);
  return { bytes: isTight ? out.subarray(0, length) : out.slice(0, length), table, entryCount };
}
