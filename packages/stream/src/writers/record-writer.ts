import { Transform, type TransformCallback } from "node:stream";
import type { PyValue } from "@pkl-stream/core";
import { type RecordWriterSettings, type WriterRecord, recordBudget } from "./writer-options.js";

/**
 * The shared Transform of the NDJSON, JSON-array and msgpack writers: records (object mode) in,
 * bytes out. Subclasses encode one record into their pending output; this class reads the
 * record envelope, picks the output budget, batches output and keeps Node's contract (STYLE 5):
 * the callback is called once per record; on a failing record every complete record before it
 * is pushed first, then `callback(err)`. Backpressure comes from Transform: when the readable
 * side is full, the next record waits.
 *
 * A bare `null` cannot be written to a Node object stream (it means end of stream), so a
 * record that is Python `None` needs `input: "records"` (`{ value: null }`).
 */
export abstract class RecordWriter extends Transform {
  /** Records received so far (the default record index). */
  private recordCount = 0;

  protected constructor(protected readonly settings: RecordWriterSettings) {
    super({
      writableObjectMode: true,
      readableObjectMode: false,
      writableHighWaterMark: settings.writableHighWaterMark,
      readableHighWaterMark: settings.readableHighWaterMark,
    });
  }

  /** Appends one record's bytes to the pending output; on error the pending output is unchanged. */
  protected abstract encodeRecord(value: PyValue, maxOutputBytes: number, recordIndex: number): void;

  /** Appends what ends the output (the JSON array's `]`); nothing by default. */
  protected encodeEnd(_recordCount: number): void {}

  /** Bytes waiting to be pushed. */
  protected abstract pendingBytes(): number;

  /** Hands over the pending bytes (the subclass forgets them). */
  protected abstract takePending(): Uint8Array;

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    const position = this.recordCount++;
    try {
      if (this.settings.isRecordInput) {
        const record = asWriterRecord(chunk, position);
        const inputBytes = record.inputBytes ?? record.length;
        this.encodeRecord(record.value, recordBudget(this.settings, inputBytes), record.index ?? position);
      } else {
        this.encodeRecord(chunk as PyValue, recordBudget(this.settings, undefined), position);
      }
    } catch (error) {
      this.pushPending();
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // Batch while more records are queued behind this one (writableLength counts this one too);
    // push at once when none are, so a slow producer's records are not held back.
    if (this.pendingBytes() >= this.readableHighWaterMark || this.writableLength <= 1) this.pushPending();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.encodeEnd(this.recordCount);
    } catch (error) {
      this.pushPending();
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.pushPending();
    callback();
  }

  private pushPending(): void {
    if (this.pendingBytes() === 0) return;
    const bytes = this.takePending();
    this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

function asWriterRecord(chunk: unknown, position: number): WriterRecord {
  if (typeof chunk !== "object" || chunk === null || !("value" in chunk)) {
    throw new TypeError(
      `record ${position}: with input "records" each chunk must be an object with a value property ({ value, inputBytes?, index? }), got ${chunk === null ? "null" : typeof chunk}`,
    );
  }
  return chunk as WriterRecord;
}
