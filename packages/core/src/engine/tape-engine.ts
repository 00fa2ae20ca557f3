import type { UnpicklerOptions } from "../decoder/options.js";
import { copyBytes } from "../decoder/payload-values.js";
import { resolveSettings } from "../decoder/settings.js";
import { Unpickler } from "../decoder/unpickler.js";
import { defaultOutputBudget } from "../json/output-budget.js";
import { OutputError } from "../json/output-error.js";
import type { PyValue } from "../values/py-types.js";
import type { SpillSink } from "../json/json-writer.js";
import { IslandReader } from "./island.js";
import { DECLINE, RECORD_DONE, type TapeDriver } from "./tape-driver.js";
import type { RecordFraming, TapeOutput } from "./tape-output.js";

export interface TapeEngineOptions {
  /**
   * Decoder options for records the tape cannot hold (they go through the Unpickler). `dict` and
   * `wrapIntegralFloats` are always "map" and true: the output mappings need them. A shared memo,
   * out-of-band buffers or `memoIndicesRead` make every record go through the Unpickler.
   * `emit: "entries"` writes each root entry as a record (the tape writes them too, when
   * `maxRecords` is not set: the tape writes a root batch whole); `maxRecords` then counts entries; after a record the tape declines,
   * the rest of the input goes through the Unpickler.
   */
  readonly decoder?: UnpicklerOptions;
  /** Output allowed per record; default `defaultOutputBudget(record bytes)`. */
  readonly maxOutputBytes?: number;
  /** What goes around each record. Default: nothing (the JSON engine: a newline after each). */
  readonly framing?: RecordFraming;
  /** Stop after this many records (the rest of the input is ignored). */
  readonly maxRecords?: number;
  /** The input's size when known: a giant record's window is then made large enough at once. */
  readonly inputSizeHint?: number;
  /**
   * Where a giant record may hand its output while it is written: a file then takes it on
   * another thread while the rest is made. JSON: a record the value path writes (a DataFrame's
   * columns), and a giant root dict or list the tape writes, batch by batch. msgpack: a giant
   * root the tape writes, once its head has its final width (65,536 entries), and only when the
   * spill can `patch` (the head's count is written at the record's end). Without it, a record's
   * output is taken whole once it is complete.
   */
  readonly spill?: OutputSpill;
  /** About how much output gathers before it goes to `spill` (default 8 MiB; tests make it small). */
  readonly spillBytes?: number;
  /**
   * Makes the array `take()` returns, of exactly `length` bytes, all of which it then sets.
   * Default: `new Uint8Array(length)`. A host with uninitialized memory (Node's
   * `Buffer.allocUnsafeSlow`) saves zeroing every output byte first (`cat stream.pkl |
   * pkl-stream`: -1%).
   */
  readonly newOutputBytes?: (length: number) => Uint8Array;
  /**
   * Makes the buffers the engine writes into as they grow (its output; a giant record's memo
   * tables, viewed as Int32Arrays, and input window): `length` zeroed bytes at a byte offset that
   * is a multiple of 4, of which [`from`, `to`) are written next (all of a giant record's output
   * when it is made room for at once). Default `new Uint8Array(length)`. A host may back them with
   * memory another thread touches ahead of the writer: where first touching memory is slow (a
   * VM: 2.8 ms per MB), a 260 MB output costs 0.7 s of faults on the writing thread otherwise.
   */
  readonly newWorkBytes?: (length: number, from: number, to: number) => Uint8Array;
  /**
   * The caller may reuse a chunk's memory once `push` returns (a reader's ring buffer). The tape
   * copies what it keeps anyway; the Unpickler, which may keep views of a chunk (a long bytes
   * value) while a declined record is read, is then given copies.
   */
  readonly transientChunks?: boolean;
}

/**
 * Takes output in order before `take()` would return it. Everything `take()` had not returned
 * yet comes first; a record's pieces follow; what is not spilled is taken as usual afterwards.
 */
export interface OutputSpill {
  /** The next bytes of the output. */
  write(bytes: Uint8Array): void;
  /** The last `count` bytes given to `write` belong to a record that failed: drop them. */
  discard(count: number): void;
  /**
   * Overwrites bytes given to `write` before: `bytes` go `back` bytes before the end of what
   * was written so far (a giant msgpack root's head, whose entry count is known only at its end).
   * Only an output that can write in place has it (a regular file); without it, a msgpack root
   * is not spilled while it is open (its output is taken whole at its end). `bytes` are the
   * caller's no more: the spill may keep them.
   */
  patch?(back: number, bytes: Uint8Array): void;
}

/**
 * With `allowRereading`, a record lets the bytes it has read go once it has read this many:
 * smaller records are held whole, so one that declines costs no second read of its input.
 */
const REREAD_AFTER_BYTES = 8 << 20;
/** Bytes fed to the Unpickler at a time while it decodes a declined record (then the tape resumes). */
const FIRST_VALUE_SLICE_BYTES = 64;
const MAX_VALUE_SLICE_BYTES = 1 << 20;
/**
 * After this many records in a row declined by the tape, the next FIRST_VALUE_RUN records go to
 * the Unpickler without the tape's attempt (which reads a record up to its first class, then
 * throws DECLINE: ~2 us a record, 30% of a stream whose every record holds a datetime); each run
 * that ends in another decline doubles the next, up to MAX_VALUE_RUN. A record the tape completes
 * ends it. The output is the same either way: the value path's is the reference.
 */
const DECLINES_BEFORE_VALUE_RUN = 4;
const FIRST_VALUE_RUN = 16;
const MAX_VALUE_RUN = 1024;
/**
 * A declined record whose input from its first byte on is at most this long is decoded in one
 * push that stops at its STOP (pushOneRecord); if it goes on past that input and the input is
 * transient, those bytes are decoded twice.
 */
const ONE_PUSH_MAX_BYTES = 4 << 20;

/**
 * Encodes one decoded record (the value path); throws OutputError when it cannot. An encoder
 * that can (JSON) hands a big record's output to `spill` in pieces while it writes, and returns
 * the rest.
 */
export type ValueEncoder = (value: PyValue, maxOutputBytes: number, recordIndex: number, spill: SpillSink | null) => Uint8Array;

/**
 * Pickle bytes in, encoded bytes out, one record after another, in chunks of any size. Plain
 * data goes through the tape (TapeDriver + a TapeOutput: no JS value per Python value); a record
 * the tape declines is decoded by an Unpickler positioned at the record's first byte and encoded
 * by the value path's encoder, so output and errors are the value path's. Output of complete
 * records is taken with `take()`; a PickleError or OutputError is thrown after the records
 * before it were written (take them, then handle the error).
 */
export class TapeEngine {
  private readonly driver: TapeDriver;
  private readonly decoderOptions: UnpicklerOptions;
  private readonly isTapeAllowed: boolean;
  private readonly maxRecords: number;
  private readonly framing: RecordFraming;
  private readonly maxOutputBytes: number | undefined;
  /** The Unpickler in charge while a declined record (and what follows it in the chunk) is decoded. */
  private fallback: Unpickler | null = null;
  /** Records declined by the tape in a row. */
  private declineStreak = 0;
  /** Records still to decode as values without trying the tape (see DECLINES_BEFORE_VALUE_RUN). */
  private valueRunLeft = 0;
  private valueRunLength = FIRST_VALUE_RUN;
  /** An Unpickler that finished its declined record, for the next (startFallback). */
  private spareUnpickler: Unpickler | null;
  private totalPushed = 0;
  private recordCount = 0;
  private readonly isEntries: boolean;
  /** Entries the value path wrote; entries it must not write again (the tape wrote them before declining). */
  private valueEntries = 0;
  /** Output bytes of the declined record's entries so far (the tape's before it declined, then the value path's). */
  private entriesBytes = 0;
  /** Absolute offset of the record the value path decodes (its entries' budget follows the bytes read since). */
  private fallbackRecordOffset = 0;
  private entriesToSkip = 0;
  /**
   * NEXT_BUFFER placeholders made by the records the Unpickler decoded and handed back (the tape
   * declines them): the next declined record's go on from there, as one Unpickler's would.
   */
  private outOfBandCount = 0;
  private readonly records: PyValue[] = [];
  /** Records the tape wrote, and records the Unpickler decoded (for the bench and tests). */
  tapeRecords = 0;
  valueRecords = 0;
  /** When encoding a decoded record failed (an OutputError): that record's first byte. */
  failedRecordOffset: number | undefined = undefined;
  /** In entries mode, when encoding a decoded entry failed: true (an entry has no offset of its own). */
  isEntryFailed = false;
  private readonly spill: OutputSpill | undefined;
  /** Bytes of the record being encoded given to `spill` so far (its prefix included). */
  private recordSpilled = 0;
  /** The record's prefix, spilled before its first piece. */
  private spillPrefix: Uint8Array | undefined = undefined;
  private readonly spillSink: SpillSink | null;
  private readonly isTransient: boolean;
  /** The offset the next push must start at (a dropped record's first byte), or -1: see `rewindOffset`. */
  private rewindAt = -1;

  constructor(
    private readonly writer: TapeOutput,
    private readonly encodeValue: ValueEncoder,
    options: TapeEngineOptions,
    defaultFraming: RecordFraming,
  ) {
    const decoder = options.decoder ?? {};
    this.decoderOptions = { ...decoder, dict: "map", wrapIntegralFloats: true };
    this.isEntries = decoder.emit === "entries";
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    this.isTapeAllowed =
      decoder.memo !== "shared" &&
      decoder.buffers === undefined &&
      decoder.memoIndicesRead === undefined &&
      !(this.isEntries && Number.isFinite(this.maxRecords));
    this.framing = options.framing ?? defaultFraming;
    this.maxOutputBytes = options.maxOutputBytes;
    this.spill = options.spill;
    // A giant root's batches spill too (not in entries mode: those are committed as written).
    if (!this.isEntries) writer.spill = options.spill;
    if (options.spillBytes !== undefined) writer.spillBytes = options.spillBytes;
    if (options.newOutputBytes !== undefined) writer.newOutputBytes = options.newOutputBytes;
    if (options.newWorkBytes !== undefined) writer.newWorkBytes = options.newWorkBytes;
    this.isTransient = options.transientChunks === true;
    this.spillSink = options.spill === undefined ? null : (bytes) => this.spillPiece(bytes);
    this.driver = writer.createDriver(decoder.maxBytesLength ?? 2 ** 31 - 1, this.isEntries);
    writer.emitsEntries = this.isEntries;
    this.driver.streamsEveryRootBatch = this.isEntries;
    this.driver.inputSizeHint = options.inputSizeHint ?? 0;
    // The caller keeps its chunks as they are: a big one is read where it lies.
    this.driver.mayBorrowInput = !this.isTransient;
    if (IslandReader.isAllowed(this.decoderOptions)) {
      // An island's value is encoded as a record's would be (within the output's largest size; the record's budget is checked after).
      this.driver.islands = new IslandReader(this.decoderOptions, (value) => encodeValue(value, 2 ** 31 - 1, this.driver.recordIndex, null));
    }
    // Checks the decoder options at the call, as the Unpickler would.
    this.spareUnpickler = new Unpickler(this.decoderOptions);
    this.driver.py2Encoding = resolveSettings(this.decoderOptions).encoding;
  }

  /**
   * NEXT_BUFFER placeholders made so far: numbered across records, so a batch of records that
   * makes any cannot be decoded apart from the records before it (stream's parallel-bytes.ts).
   */
  get outOfBandMade(): number {
    return this.fallback === null ? this.outOfBandCount : this.fallback.outOfBandCount;
  }

  /** Of the records the tape wrote, those a learned record shape replayed (record-shape.ts). */
  get shapeRecords(): number {
    return this.driver.shapeRecords;
  }

  /** Dicts inside records that a learned value shape replayed (json-value-shape.ts; the JSON writer's). */
  get shapeValues(): number {
    return this.driver.shapeValues;
  }

  /** Records written so far (in entries mode: entries). */
  get recordsWritten(): number {
    return this.isEntries ? this.writer.entriesWritten + this.valueEntries : this.recordCount;
  }

  /** True once `maxRecords` records were written: push ignores further input. */
  get isDone(): boolean {
    return this.recordsWritten >= this.maxRecords;
  }

  /** Absolute bytes pushed. */
  get offset(): number {
    return this.totalPushed;
  }

  /**
   * Before the first push, for input the caller can push again from an earlier offset (a regular
   * file, read by position): a record that has read `afterBytes` (default 8 MiB) then lets the
   * bytes it has read go as more come, instead of holding them until its STOP in case it declines
   * (records.pkl, 150 MB, to NDJSON: 150 MB less memory, and 20% less time). When such a record
   * does decline, or the input ends inside it, the engine asks for its bytes again: see
   * `rewindOffset`. (In entries mode the bytes of a giant root's entries go once their batch is
   * written.)
   */
  allowRereading(afterBytes: number = REREAD_AFTER_BYTES): void {
    this.driver.dropReadInputAfter = Math.max(1, afterBytes);
  }

  /**
   * -1, or, after a `push` or `end` (only with `allowRereading`), the offset the input must be
   * pushed again from: the first byte of a record whose first bytes were let go, now to be decoded
   * by the value path. The rest of the chunk was not read: push the input from this offset on
   * (then, once it is all pushed, `end()` as usual; an `end()` that asked must be called again).
   */
  get rewindOffset(): number {
    return this.rewindAt;
  }

  /**
   * The first byte a later `rewindOffset` may name (with `allowRereading`): that of the record the
   * tape has in progress, or `offset` when none is (between records, or while the value path
   * decodes one: it never asks for input again). A caller whose input cannot be read again holds
   * the bytes from here on, and pushes them again when asked.
   */
  get rereadFrom(): number {
    return this.fallback === null && this.driver.isInRecord ? this.driver.recordOffset : this.totalPushed;
  }

  /** The record at `recordOffset` goes to the value path from its first byte, which the caller pushes again. */
  private rewindTo(recordOffset: number): void {
    this.rewindAt = recordOffset;
    this.totalPushed = recordOffset;
  }

  push(chunk: Uint8Array): void {
    // After a rewind the caller pushes from the offset asked for (totalPushed is that offset).
    this.rewindAt = -1;
    if (this.isDone) return;
    let bytes = chunk;
    let offset = this.totalPushed;
    this.totalPushed += chunk.length;
    if (!this.isTapeAllowed) {
      this.pushValues(bytes, false);
      return;
    }
    const driver = this.driver;
    while (!this.isDone) {
      if (this.fallback !== null) {
        // A declined record is being decoded as values; the tape takes over after it (in entries
        // mode, where an Unpickler's output does not say which record an entry is of, never).
        const resume = this.pushValues(bytes, !this.isEntries);
        if (resume < 0) return;
        bytes = bytes.subarray(resume - offset);
        offset = resume;
        if (this.isDone) return;
      }
      // Records keep declining: the next ones go to the Unpickler without the tape's attempt,
      // each while it ends within `bytes`.
      while (this.valueRunLeft > 0 && bytes.length > 0 && bytes.length <= ONE_PUSH_MAX_BYTES) {
        this.valueRunLeft--;
        this.startFallback(offset);
        const next = this.pushOneRecord(this.fallback!, bytes);
        if (next < 0) {
          // It goes on past `bytes`: perhaps a giant record, which the tape streams in batches
          // where the Unpickler would hold all its values. The tape takes it from its first byte.
          this.spareUnpickler = this.fallback;
          this.fallback = null;
          this.valueRunLeft = 0;
          driver.resumeAt(offset, driver.recordIndex);
          break;
        }
        bytes = bytes.subarray(next - offset);
        offset = next;
        if (this.isDone) return;
      }
      // The driver's window may hold the first of these bytes already (resumeAt keeps what lies past
      // a declined record): only the rest is appended.
      const held = Math.min(Math.max(driver.windowEnd - offset, 0), bytes.length);
      try {
        if (held < bytes.length) driver.append(bytes.subarray(held));
        while (driver.run() === RECORD_DONE) {
          this.recordCount++;
          this.tapeRecords++;
          this.writer.commit();
          this.declineStreak = 0;
          this.valueRunLength = FIRST_VALUE_RUN;
          if (this.isDone) return;
        }
        return;
      } catch (error) {
        if (error !== DECLINE) throw error;
        if (++this.declineStreak >= DECLINES_BEFORE_VALUE_RUN) {
          this.valueRunLeft = this.valueRunLength;
          this.valueRunLength = Math.min(this.valueRunLength * 2, MAX_VALUE_RUN);
        }
        // The record goes to the Unpickler from its first byte: those bytes are in the window
        // (or, when the window itself could not take the chunk, the window and then the chunk),
        // or were let go (allowRereading), and the caller pushes them again. The window may also
        // hold bytes past the chunk (read before a rewind asked for the chunk again): those the
        // caller pushes again too, so the Unpickler takes the window only up to the chunk's end.
        const recordOffset = driver.recordOffset;
        const chunkEnd = offset + bytes.length;
        const inWindow = this.handRecordToValues();
        if (inWindow === null) return;
        const windowEnd = recordOffset + inWindow.length;
        if (windowEnd >= chunkEnd) {
          bytes = inWindow.subarray(0, chunkEnd - recordOffset);
          offset = recordOffset;
        } else {
          this.pushValues(inWindow, false);
          bytes = bytes.subarray(Math.max(windowEnd - offset, 0));
          offset = Math.max(windowEnd, offset);
        }
      }
    }
  }

  /** Declares the end of input; throws TruncatedError when it came inside a record. */
  end(): void {
    this.rewindAt = -1;
    if (this.isDone) return;
    const driver = this.driver;
    if (this.fallback === null && driver.isInRecord) {
      // The tape stopped inside a record: the Unpickler says exactly what is missing (when its
      // first bytes were let go, once the caller has pushed them again and ended again).
      const inWindow = this.handRecordToValues();
      if (inWindow === null) return;
      this.pushValues(inWindow, false);
    }
    this.fallback?.end();
  }

  /**
   * The tape's record in progress goes to the Unpickler, positioned at its first byte; returns
   * the record's bytes the window holds, or null when they were let go (allowRereading): then
   * the caller is asked to push them again (`rewindOffset`).
   */
  private handRecordToValues(): Uint8Array | null {
    const driver = this.driver;
    const recordOffset = driver.recordOffset;
    const isDropped = driver.isRecordStartDropped;
    const inWindow = driver.window.subarray(Math.max(driver.recordStart, 0), driver.windowLength);
    // In entries mode the tape wrote some of the record's entries already: the value path skips them.
    const entriesWritten = this.writer.entriesInRecord;
    driver.abandonRecord();
    this.startFallback(recordOffset);
    this.entriesToSkip = entriesWritten;
    this.entriesBytes = this.writer.entriesBytesCommitted;
    if (!isDropped) return inWindow;
    this.rewindTo(recordOffset);
    return null;
  }

  /**
   * Drops the record in progress, for input that stops without `end()` (a gzip stream that
   * failed): what it handed to the spill is discarded, so only whole records stay written.
   */
  abandon(): void {
    if (this.fallback === null) this.driver.abandonRecord();
  }

  /** True when no record is in progress: every byte pushed so far belongs to a complete record. */
  get isAtRecordBoundary(): boolean {
    return this.fallback === null ? !this.driver.isInRecord : this.fallback.isAtRecordBoundary;
  }

  /** The memo length of the last record read (an error's hint about a missing memo key names it). */
  get lastRecordMemoLength(): number {
    return this.driver.lastRecordMemoLength;
  }

  /**
   * Before the first push, for input that continues where another engine stopped (records
   * decoded apart): the record before the first had this memo length, so errors say what the
   * whole input's decoding would.
   */
  continueAfter(previousRecordMemoLength: number): void {
    this.driver.lastRecordMemoLength = previousRecordMemoLength;
  }

  /** Encoded bytes of the records completed so far, not taken before. */
  take(): Uint8Array {
    return this.writer.take();
  }

  get pendingBytes(): number {
    return this.writer.pending;
  }

  /** Size of the output buffer (capacity): it follows the largest record, not the input's length. */
  get outputBufferBytes(): number {
    return this.writer.out.length;
  }

  /** Size of the input window (capacity): the largest record, or with `allowRereading` what a giant record has not read yet. */
  get inputBufferBytes(): number {
    return this.driver.window.length;
  }

  /** `bytes` as the Unpickler may keep them: a copy of a transient chunk. */
  private kept(bytes: Uint8Array): Uint8Array {
    return this.isTransient ? copyBytes(bytes) : bytes;
  }

  private startFallback(recordOffset: number): void {
    // One Unpickler serves every declined record in turn (a fresh one cost ~1 us of set-up each).
    const unpickler = this.spareUnpickler ?? new Unpickler(this.decoderOptions);
    this.spareUnpickler = null;
    unpickler.resetAt(recordOffset, this.driver.recordIndex, this.driver.lastRecordMemoLength, this.outOfBandCount);
    this.fallback = unpickler;
    this.fallbackRecordOffset = recordOffset;
    this.entriesBytes = 0;
  }

  /**
   * Decodes `bytes` (the input from the Unpickler's position on) as values. With `canResume`,
   * once the declined record is complete the Unpickler is set aside and the absolute offset after
   * that record returned: the tape takes over there. Else, or when no record completed, -1.
   */
  private pushValues(bytes: Uint8Array, canResume: boolean): number {
    if (this.fallback === null) this.startFallback(this.totalPushed - bytes.length);
    const unpickler = this.fallback!;
    if (canResume && unpickler.isAtRecordBoundary && bytes.length <= ONE_PUSH_MAX_BYTES) {
      const resume = this.pushOneRecord(unpickler, bytes);
      if (resume >= 0 || !this.isTransient) return resume;
      // The record goes on past `bytes`, and the Unpickler may hold views of them, which a
      // transient source reuses: decode them again from copies (once per chunk at most).
      unpickler.resetAt(this.totalPushed - bytes.length, unpickler.recordIndex, this.driver.lastRecordMemoLength, this.outOfBandCount);
    }
    const records = this.records;
    // Small slices first, so little is read twice after a small record; doubling, so a big one
    // costs few pushes.
    let slice = canResume ? FIRST_VALUE_SLICE_BYTES : bytes.length;
    for (let at = 0; at < bytes.length && !this.isDone; at += slice, slice = Math.min(slice * 2, MAX_VALUE_SLICE_BYTES)) {
      records.length = 0;
      const firstIndex = unpickler.recordIndex;
      let failure: unknown;
      // Resuming, the Unpickler stops at the record's STOP: the tape reads what follows, and the
      // out-of-band buffers counted must be the record's own (a NEXT_BUFFER in the record after it,
      // counted here too, was numbered one too many when the tape declined it again).
      unpickler.stopsAfterRecord = canResume;
      try {
        // Only the slices pushed are copied (when transient): a copy of all of `bytes` per declined
        // record cost O(chunk) each.
        unpickler.pushTo(this.kept(bytes.subarray(at, at + slice)), records);
      } catch (error) {
        failure = error;
      } finally {
        unpickler.stopsAfterRecord = false;
      }
      if (canResume && records.length > 0) {
        records.length = 1;
        return this.resumeAfter(unpickler, firstIndex);
      }
      this.writeValues(unpickler.recordSpans, records, firstIndex);
      if (failure !== undefined) throw failure;
    }
    return -1;
  }

  /**
   * Decodes the record at the start of `bytes` (the Unpickler is at its first byte), reading
   * nothing past its STOP, with no copy: its values are written before `push` returns, so they
   * may be views of a transient chunk. Returns the offset after it, or -1 when it goes on past
   * `bytes`. Records that decline one after another (each holding a datetime, say) each cost one
   * push: the slices below cost a DataView and a copy each, and split strings into fills.
   */
  private pushOneRecord(unpickler: Unpickler, bytes: Uint8Array): number {
    const records = this.records;
    records.length = 0;
    const firstIndex = unpickler.recordIndex;
    unpickler.stopsAfterRecord = true;
    try {
      unpickler.pushTo(bytes, records);
    } finally {
      unpickler.stopsAfterRecord = false;
    }
    return records.length > 0 ? this.resumeAfter(unpickler, firstIndex) : -1;
  }

  /** Writes the one record the Unpickler completed (in `records`) and hands the input after it back to the tape. */
  private resumeAfter(unpickler: Unpickler, firstIndex: number): number {
    const resume = unpickler.recordSpans[1]!;
    this.writeValues(unpickler.recordSpans, this.records, firstIndex);
    this.outOfBandCount = unpickler.outOfBandCount;
    this.fallback = null;
    this.spareUnpickler = unpickler;
    this.driver.resumeAt(resume, firstIndex + 1);
    this.driver.lastRecordMemoLength = unpickler.recordMemoLengths[0]!;
    return resume;
  }

  /**
   * Writes `value` as the next record, framed and counted like a record the engine decoded: for
   * an input read outside the engine (a torch.save file is one record, read whole). `offset` and
   * `length` are its bytes in the input (the default output budget follows `length`).
   */
  writeRecord(value: PyValue, offset: number, length: number): void {
    if (this.isDone) return;
    this.writeValues([offset, offset + length], [value], this.recordCount);
  }

  private writeValues(spans: readonly number[], records: PyValue[], firstIndex: number): void {
    if (this.isEntries) {
      this.writeEntryValues(records);
      return;
    }
    const writer = this.writer;
    const suffix = this.framing.suffix;
    for (let i = 0; i < records.length && !this.isDone; i++) {
      const start = spans[2 * i]!;
      const end = spans[2 * i + 1]!;
      const recordIndex = firstIndex + i;
      this.failedRecordOffset = start;
      const prefix = this.framing.prefix?.(recordIndex, start);
      this.spillPrefix = prefix;
      this.recordSpilled = 0;
      let bytes: Uint8Array;
      try {
        bytes = this.encodeValue(records[i]!, this.maxOutputBytes ?? defaultOutputBudget(end - start), recordIndex, this.spillSink);
      } catch (error) {
        if (this.recordSpilled > 0) this.spill!.discard(this.recordSpilled);
        throw error;
      }
      this.failedRecordOffset = undefined;
      // A spilled record's prefix went out before its first piece.
      if (prefix !== undefined && this.recordSpilled === 0) writer.appendBytes(prefix);
      writer.appendBytes(bytes);
      writer.appendAscii(suffix);
      writer.commit();
      this.recordCount++;
      this.valueRecords++;
    }
    records.length = 0;
  }

  /** A piece of the record being encoded, for `spill`: after the output before it, and its prefix. */
  private spillPiece(bytes: Uint8Array): void {
    const spill = this.spill!;
    if (this.recordSpilled === 0) {
      if (this.writer.pending > 0) spill.write(this.writer.take());
      const prefix = this.spillPrefix;
      if (prefix !== undefined && prefix.length > 0) {
        spill.write(prefix);
        this.recordSpilled += prefix.length;
      }
    }
    spill.write(bytes);
    this.recordSpilled += bytes.length;
  }

  /** Entries the Unpickler decoded, past those the tape wrote before it declined; each a record. */
  private writeEntryValues(entries: PyValue[]): void {
    const writer = this.writer;
    // The record's entries together are held to the budget of the record's bytes read so far.
    const budget = this.maxOutputBytes ?? defaultOutputBudget(Math.max(this.totalPushed - this.fallbackRecordOffset, 0));
    for (const entry of entries) {
      if (this.isDone) break;
      if (this.entriesToSkip > 0) {
        this.entriesToSkip--;
        continue;
      }
      const index = this.writer.entriesWritten + this.valueEntries;
      this.isEntryFailed = true;
      let bytes: Uint8Array;
      try {
        bytes = this.encodeValue(entry, Math.max(budget - this.entriesBytes, 0), index, null);
      } catch (error) {
        if (error instanceof OutputError && error.limit === "maxOutputBytes") throw entriesBudgetError(budget, this.entriesBytes, index);
        throw error;
      }
      this.entriesBytes += bytes.length;
      writer.appendBytes(bytes);
      this.isEntryFailed = false;
      writer.appendAscii(this.framing.suffix);
      writer.commit();
      this.valueEntries++;
    }
    entries.length = 0;
  }

}

/**
 * A record's entries, each within the budget, together past it (a memo bomb's thousands of
 * entries of one shared value): the error a whole record's output gets, worded for entries.
 */
function entriesBudgetError(budget: number, written: number, index: number): OutputError {
  return new OutputError(
    `its entries' output passed maxOutputBytes (${budget} bytes for the record; ${written} written before entry ${index}). ` +
      "A small pickle whose shared objects expand without end (a memo bomb) stops here; " +
      "if this record really is that large, raise the maxOutputBytes option",
    { code: "LIMIT_EXCEEDED", recordIndex: index, path: "$", limit: "maxOutputBytes" },
  );
}
