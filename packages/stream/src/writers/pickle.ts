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
  private pending: Uint8Array[] = [];
  private pendingSize = 0;
  /** Pieces of the record being written; kept apart so that a failed record leaves nothing behind. */
  private current: Uint8Array[] = [];

  constructor(options?: PickleWriterOptions) {
    super(resolveWriterOptions(withoutPicklerOptions(options), "pickleWriter"));
    this.pickler = new Pickler({
      ...(options?.protocol === undefined ? {} : { protocol: options.protocol }),
      ...(options?.numbersAsFloats === undefined ? {} : { numbersAsFloats: options.numbersAsFloats }),
      ...(options?.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      // The sink may be handed views of the record's own large payloads: copy them, since the
      // caller may reuse its buffers once the record is written.
      sink: (bytes) => this.current.push(bytes.slice()),
    });
  }

  protected encodeRecord(value: PyValue): void {
    this.current = [];
    try {
      this.pickler.dump(value);
    } catch (error) {
      this.current = [];
      throw error;
    }
    for (const piece of this.current) {
      this.pending.push(piece);
      this.pendingSize += piece.length;
    }
    this.current = [];
  }

  protected pendingBytes(): number {
    return this.pendingSize;
  }

  protected takePending(): Uint8Array {
    const pieces = this.pending;
    this.pending = [];
    this.pendingSize = 0;
    if (pieces.length === 1) return pieces[0]!;
    return Buffer.concat(pieces);
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
