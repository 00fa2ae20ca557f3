import type { PyValue } from "@pkl-stream/core";
import { JsonWriter } from "@pkl-stream/core/json";
import { RecordWriter, takeJsonBytes } from "./record-writer.js";
import { type RecordWriterOptions, resolveWriterOptions } from "./writer-options.js";

/**
 * NDJSON: each record as one line of compact JSON per the shared mapping (exact big ints,
 * `2.0`, NaN -> null, ...), followed by `\n`. Built on core's JsonWriter, which writes UTF-8
 * straight into one reused buffer; lines of small records leave in batches.
 */
export class NdjsonWriter extends RecordWriter {
  private readonly json = new JsonWriter();

  constructor(options?: RecordWriterOptions) {
    super(resolveWriterOptions(options, "ndjsonWriter"));
  }

  protected encodeRecord(value: PyValue, maxOutputBytes: number, recordIndex: number): void {
    this.json.append(value, maxOutputBytes, recordIndex);
    this.json.appendAscii("\n");
  }

  protected pendingBytes(): number {
    return this.json.size;
  }

  protected takePending(): Uint8Array {
    return takeJsonBytes(this.json);
  }
}

/** A Transform stream: records in (object mode), NDJSON bytes out. See `RecordWriterOptions`. */
export function ndjsonWriter(options?: RecordWriterOptions): NdjsonWriter {
  return new NdjsonWriter(options);
}
