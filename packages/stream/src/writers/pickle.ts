import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Pickler, type PicklerOptions, type PyValue } from "@pkl-stream/core";
import { RecordWriter } from "./record-writer.js";
import { type RecordWriterOptions, resolveWriterOptions } from "./writer-options.js";

export interface PickleWriterOptions extends Omit<RecordWriterOptions, "maxOutputBytes"> {
  /** Pickle protocol of every record, 2 to 5. Default 5. */
  readonly protocol?: PicklerOptions["protocol"];
  /** Write every JS number as a Python float (bigints stay ints). Default false. */
  readonly numbersAsFloats?: boolean;
  /** Deepest nesting written per record. Default 1,000 (see PicklerOptions). */
  readonly maxDepth?: number;
}

/** The pending buffer's first size. */
const PENDING_BYTES = 1 << 16;

/**
 * Records in (object mode), pickle bytes out: one complete pickle per record, each with its own
 * memo, exactly what repeated `pickle.dump(record, f)` calls write. Appended to a file, Python
 * reads them back with a `pickle.load` loop until EOFError. A record that cannot be pickled fails
 * the stream after every record before it was written; nothing of it is written.
 * (No output budget applies: a pickle is never larger than the value it was made from, shared
 * values are written once through the memo.)
 */
export class PickleWriter extends RecordWriter {
  private readonly pickler: Pickler;
  /**
   * Bytes of the records written since the last take, then those of the record being written
   * (from `recordStart`: a failed record is cut off, so nothing of it is left behind). One
   * buffer, not a copy per piece: a stream of small records made ~800k tiny arrays per 100 MB.
   */
  private pending = new Uint8Array(PENDING_BYTES);
  private pendingSize = 0;

  constructor(options?: PickleWriterOptions) {
    super(resolveWriterOptions(withoutPicklerOptions(options), "pickleWriter"));
    this.pickler = new Pickler({
      ...(options?.protocol === undefined ? {} : { protocol: options.protocol }),
      ...(options?.numbersAsFloats === undefined ? {} : { numbersAsFloats: options.numbersAsFloats }),
      ...(options?.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      // The sink may be handed views of the record's own large payloads: they are copied, since
      // the caller may reuse its buffers once the record is written.
      sink: (bytes) => this.append(bytes),
    });
  }

  protected encodeRecord(value: PyValue): void {
    const recordStart = this.pendingSize;
    try {
      this.pickler.dump(value);
    } catch (error) {
      this.pendingSize = recordStart;
      throw error;
    }
  }

  private append(bytes: Uint8Array): void {
    const size = this.pendingSize + bytes.length;
    if (size > this.pending.length) {
      const grown = new Uint8Array(Math.max(size, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingSize));
      this.pending = grown;
    }
    this.pending.set(bytes, this.pendingSize);
    this.pendingSize = size;
  }

  protected pendingBytes(): number {
    return this.pendingSize;
  }

  protected takePending(): Uint8Array {
    // Handed over whole (no copy); the next records get a buffer of the usual size.
    const taken = this.pending.subarray(0, this.pendingSize);
    this.pending = new Uint8Array(PENDING_BYTES);
    this.pendingSize = 0;
    return taken;
  }
}

/** A Transform stream: records in (object mode), appended pickles out. See `PickleWriterOptions`. */
export function pickleWriter(options?: PickleWriterOptions): PickleWriter {
  return new PickleWriter(options);
}

/** What `appendPickles` wrote. */
export interface AppendPicklesSummary {
  readonly records: number;
  readonly bytes: number;
}

/**
 * Appends one pickle per record to the file at `path` (created when missing), as repeated
 * `pickle.dump` calls on a file opened with `"ab"` do, and resolves once the file is written.
 * `records` is any iterable or async iterable of values (a `Readable` in object mode too); with
 * `input: "records"`, of `{ value }` objects (needed for a `None` record).
 */
export async function appendPickles(
  path: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  options?: PickleWriterOptions,
): Promise<AppendPicklesSummary> {
  if (typeof path !== "string" || path === "") throw new TypeError(`path must be a non-empty string, got ${String(path)}`);
  const writer = new PickleWriter(options);
  let count = 0;
  let bytes = 0;
  const countRecords = async function* (source: AsyncIterable<unknown>): AsyncGenerator<unknown> {
    for await (const record of source) {
      count++;
      yield record;
    }
  };
  const countBytes = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  const source = Readable.from(records as AsyncIterable<unknown>, { objectMode: true });
  await pipeline(source, countRecords, writer, countBytes, createWriteStream(path, { flags: "a" }));
  return { records: count, bytes };
}

function withoutPicklerOptions(options: PickleWriterOptions | undefined): RecordWriterOptions | undefined {
  if (options === undefined || typeof options !== "object" || options === null) return options;
  const { protocol: _protocol, numbersAsFloats: _floats, maxDepth: _depth, ...rest } = options;
  return rest;
}
