import { Unpickler } from "../decoder/unpickler.js";
import type { UnpicklerOptions } from "../decoder/options.js";
import { JsonWriter } from "../json/json-writer.js";
import { defaultOutputBudget } from "../json/output-budget.js";
import type { PyValue } from "../values/py-types.js";
import { JsonTapeWriter, type RecordFraming } from "./json-tape-writer.js";
import { DECLINE, RECORD_DONE, TapeDriver } from "./tape-driver.js";

export interface JsonEngineOptions {
  /**
   * Decoder options for records the tape cannot hold (they go through the Unpickler). `dict` and
   * `wrapIntegralFloats` are always "map" and true: the JSON mapping needs them. A shared memo,
   * out-of-band buffers or `emit: "entries"` make every record go through the Unpickler.
   */
  readonly decoder?: UnpicklerOptions;
  /** Output allowed per record; default `defaultOutputBudget(record bytes)`. */
  readonly maxOutputBytes?: number;
  /** What goes around each record. Default: nothing before, a newline after (NDJSON). */
  readonly framing?: RecordFraming;
  /** Stop after this many records (the rest of the input is ignored). */
  readonly maxRecords?: number;
  /** The input's size when known: a giant record's window is then made large enough at once. */
  readonly inputSizeHint?: number;
}

/**
 * Pickle bytes in, JSON bytes out, one record after another, in chunks of any size. Plain data
 * goes through the tape (TapeDriver + JsonTapeWriter: no JS value per Python value); a record
 * the tape declines is decoded by an Unpickler positioned at the record's first byte and written
 * by JsonWriter, so output and errors are the value path's. Output of complete records is
 * taken with `take()`; a PickleError or OutputError is thrown after the records before it were
 * written (take them, then rethrow).
 */
export class JsonEngine {
  private readonly writer: JsonTapeWriter;
  private readonly driver: TapeDriver;
  private readonly decoderOptions: UnpicklerOptions;
  private readonly isTapeAllowed: boolean;
  private readonly maxRecords: number;
  private readonly framing: RecordFraming;
  private readonly maxOutputBytes: number | undefined;
  /** The Unpickler in charge while a declined record (and what follows it in the chunk) is decoded. */
  private fallback: Unpickler | null = null;
  private valueWriter: JsonWriter | null = null;
  private totalPushed = 0;
  private recordCount = 0;
  private records: PyValue[] = [];
  /** Records the tape wrote, and records the Unpickler wrote (for the bench and tests). */
  tapeRecords = 0;
  valueRecords = 0;
  /** When writing a record's JSON failed (an OutputError): that record's first byte. */
  failedRecordOffset: number | undefined = undefined;

  constructor(options: JsonEngineOptions = {}) {
    const decoder = options.decoder ?? {};
    this.decoderOptions = { ...decoder, dict: "map", wrapIntegralFloats: true };
    this.isTapeAllowed =
      decoder.memo !== "shared" && decoder.buffers === undefined && decoder.emit !== "entries" && decoder.memoIndicesRead === undefined;
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    this.framing = options.framing ?? { suffix: "\n" };
    this.maxOutputBytes = options.maxOutputBytes;
    this.writer = new JsonTapeWriter(this.framing, options.maxOutputBytes, () => this.driver.recordOffset);
    this.driver = new TapeDriver(this.writer, decoder.maxBytesLength ?? 2 ** 31 - 1);
    this.driver.inputSizeHint = options.inputSizeHint ?? 0;
    // Checks the decoder options at the call, as the Unpickler would.
    new Unpickler(this.decoderOptions);
  }

  /** Records written so far. */
  get recordsWritten(): number {
    return this.recordCount;
  }

  /** True once `maxRecords` records were written: push ignores further input. */
  get isDone(): boolean {
    return this.recordCount >= this.maxRecords;
  }

  /** Absolute bytes pushed. */
  get offset(): number {
    return this.totalPushed;
  }

  push(chunk: Uint8Array): void {
    if (this.isDone) return;
    const chunkOffset = this.totalPushed;
    this.totalPushed += chunk.length;
    if (this.fallback !== null || !this.isTapeAllowed) {
      this.pushValues(chunk);
      return;
    }
    const driver = this.driver;
    try {
      driver.append(chunk);
      while (driver.run() === RECORD_DONE) {
        this.recordCount++;
        this.tapeRecords++;
        this.writer.commit();
        if (this.isDone) return;
      }
    } catch (error) {
      if (error !== DECLINE) throw error;
      // The record goes to the Unpickler from its first byte: those bytes are in the window
      // (or, when the window itself could not take the chunk, partly in the chunk).
      const recordOffset = driver.recordOffset;
      const inWindow = driver.window.subarray(driver.recordStart, driver.windowLength);
      const isChunkInWindow = driver.windowBase + driver.windowLength === this.totalPushed;
      driver.abandonRecord();
      this.startFallback(recordOffset);
      this.pushValues(inWindow, false);
      if (!isChunkInWindow) {
        const from = Math.max(0, recordOffset + inWindow.length - chunkOffset);
        this.pushValues(chunk.subarray(from), false);
      }
      this.afterValues();
    }
  }

  /** Declares the end of input; throws TruncatedError when it came inside a record. */
  end(): void {
    if (this.isDone) return;
    const driver = this.driver;
    if (this.fallback === null && driver.isInRecord) {
      // The tape stopped inside a record: the Unpickler says exactly what is missing.
      const recordOffset = driver.recordOffset;
      const inWindow = driver.window.subarray(driver.recordStart, driver.windowLength);
      driver.abandonRecord();
      this.startFallback(recordOffset);
      this.pushValues(inWindow, false);
    }
    this.fallback?.end();
  }

  /** JSON bytes of the records completed so far, not taken before. */
  take(): Uint8Array {
    return this.writer.take();
  }

  get pendingBytes(): number {
    return this.writer.pending;
  }

  private startFallback(recordOffset: number): void {
    const unpickler = new Unpickler(this.decoderOptions);
    unpickler.resetAt(recordOffset, this.driver.recordIndex);
    this.fallback = unpickler;
  }

  private pushValues(chunk: Uint8Array, isWholeChunk = true): void {
    if (this.fallback === null) this.startFallback(this.totalPushed - chunk.length);
    const unpickler = this.fallback!;
    const records = this.records;
    records.length = 0;
    try {
      unpickler.pushTo(chunk, records);
    } finally {
      this.writeValues(unpickler, records);
    }
    if (isWholeChunk) this.afterValues();
  }

  /** Back to the tape once the Unpickler stands between records at the end of a chunk. */
  private afterValues(): void {
    const unpickler = this.fallback!;
    if (this.isTapeAllowed && unpickler.isAtRecordBoundary && !this.isDone) {
      this.fallback = null;
      this.driver.skipTo(unpickler.offset, unpickler.recordIndex);
    }
  }

  private writeValues(unpickler: Unpickler, records: PyValue[]): void {
    const spans = unpickler.recordSpans;
    const writer = this.writer;
    this.valueWriter ??= new JsonWriter();
    const json = this.valueWriter;
    for (let i = 0; i < records.length && !this.isDone; i++) {
      const start = spans[2 * i]!;
      const end = spans[2 * i + 1]!;
      const recordIndex = unpickler.recordIndex - records.length + i;
      const prefix = this.framing.prefix?.(recordIndex, start);
      json.clear();
      this.failedRecordOffset = start;
      json.append(records[i]!, this.writerBudget(end - start), recordIndex);
      this.failedRecordOffset = undefined;
      json.appendAscii(this.framing.suffix);
      if (prefix !== undefined) writer.appendBytes(prefix);
      writer.appendBytes(json.view());
      json.clear();
      writer.commit();
      this.recordCount++;
      this.valueRecords++;
    }
    records.length = 0;
  }

  private writerBudget(inputBytes: number): number {
    return this.maxOutputBytes ?? defaultOutputBudget(inputBytes);
  }
}
