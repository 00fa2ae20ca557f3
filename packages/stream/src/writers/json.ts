import type { PyValue } from "@pkl-stream/core";
import { JsonWriter } from "@pkl-stream/core/json";
import { RecordWriter, takeJsonBytes } from "./record-writer.js";
import { type RecordWriterOptions, resolveWriterOptions } from "./writer-options.js";

/**
 * One JSON document: the records as the elements of an array, `[r0,r1,...]\n` (what
 * `json.dumps(records, separators=(",", ":"), ensure_ascii=False)` prints, plus a newline);
 * `[]\n` for no records. If a record fails, the records before it stay written and the
 * document is left open.
 */
export class JsonArrayWriter extends RecordWriter {
  private readonly json = new JsonWriter();
  private written = 0;

  constructor(options?: RecordWriterOptions) {
    super(resolveWriterOptions(options, "jsonArrayWriter"));
  }

  protected encodeRecord(value: PyValue, maxOutputBytes: number, recordIndex: number): void {
    const before = this.json.size;
    this.json.appendAscii(this.written === 0 ? "[" : ",");
    try {
      this.json.append(value, maxOutputBytes, recordIndex);
    } catch (error) {
      this.json.truncate(before);
      throw error;
    }
    this.written++;
  }

  protected override encodeEnd(): void {
    this.json.appendAscii(this.written === 0 ? "[]\n" : "]\n");
  }

  protected pendingBytes(): number {
    return this.json.size;
  }

  protected takePending(): Uint8Array {
    return takeJsonBytes(this.json);
  }
}

/** A Transform stream: records in (object mode), one JSON array document out. */
export function jsonArrayWriter(options?: RecordWriterOptions): JsonArrayWriter {
  return new JsonArrayWriter(options);
}
