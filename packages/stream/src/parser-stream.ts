import { Transform, type TransformCallback } from "node:stream";
import type { CorruptSpan, PickleReadOptions } from "./options.js";
import { resolveReadOptions } from "./options.js";
import type { KnownOptions, PickleOutput } from "./output-types.js";
import { type ReaderOutput, RecordReader } from "./record-reader.js";
import { toBytes } from "./to-bytes.js";

export interface PickleParserStreamOptions extends PickleReadOptions {
  /** Records buffered on the readable side before it stops asking for input. Default 16. */
  readonly readableHighWaterMark?: number;
  /** Bytes buffered on the writable side before `write()` returns false. Default 65536. */
  readonly writableHighWaterMark?: number;
}

/**
 * A Transform for `pipeline()`: bytes in, one record out per pickle (`PickleOutput<O>`: a
 * value, or a `PickleRecordInfo` with `metadata: true`), as soon as its STOP arrives. It is
 * typed as a plain Transform because Node's `pipeline()` typings refuse a stream whose read
 * side is typed as anything but strings and Buffers (stream-chain's `TypedTransform` included). Backpressure holds both ways: when the reader is slow, the transform stops taking
 * chunks, so the source stops reading. With `skipCorrupt`, each skipped stretch is also
 * emitted as a `'corrupt'` event carrying a `CorruptSpan`.
 */
export class PickleParserStream<O extends PickleParserStreamOptions | undefined = undefined> extends Transform {
  private readonly reader: RecordReader;
  /** A failure waiting for the reader to take the records pushed before it. */
  private heldFailure: { readonly error: Error; readonly callback: TransformCallback } | null = null;
  private readonly sink = (output: ReaderOutput): void => {
    // Pushing past the high-water mark is allowed (one chunk's records); Transform itself
    // waits for the reader before taking the next chunk.
    this.push(output as PickleOutput<O>);
  };

  // KnownOptions: O is inferred from the literal, its callbacks typed by the options interface.
  constructor(options?: O & KnownOptions<O, PickleParserStreamOptions>) {
    const readableHighWaterMark = options?.readableHighWaterMark ?? 16;
    const writableHighWaterMark = options?.writableHighWaterMark ?? 64 * 1024;
    checkCount("readableHighWaterMark", readableHighWaterMark);
    checkCount("writableHighWaterMark", writableHighWaterMark);
    super({ readableObjectMode: true, writableObjectMode: false, readableHighWaterMark, writableHighWaterMark });
    const settings = resolveReadOptions(options === undefined ? undefined : withoutStreamOptions(options));
    const onCorrupt = settings.onCorrupt;
    this.reader = new RecordReader({
      ...settings,
      onCorrupt: (span: CorruptSpan) => {
        onCorrupt?.(span);
        this.emit("corrupt", span);
      },
    });
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.reader.push(toBytes(chunk), this.sink);
    } catch (error) {
      this.failAfterRecords(error as Error, callback);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.reader.end(this.sink);
    } catch (error) {
      this.failAfterRecords(error as Error, callback);
      return;
    }
    callback();
  }

  /**
   * Every record read before a failure must reach the reader before the error does, but an
   * errored stream is destroyed at once and drops what it buffered. So the error waits (and so
   * does the writer: its callback is held) until the readable buffer is empty.
   */
  override read(size?: number): ReturnType<Transform["read"]> {
    const output: PickleOutput<O> | null = super.read(size);
    const held = this.heldFailure;
    if (held !== null && this.readableLength === 0) {
      this.heldFailure = null;
      // After the reader has this last record in hand, not inside its read() call.
      process.nextTick(held.callback, held.error);
    }
    return output;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed with a failure still held (the reader stopped): nothing will ask for it now.
    this.heldFailure = null;
    callback(error);
  }

  private failAfterRecords(error: Error, callback: TransformCallback): void {
    if (this.readableLength === 0) callback(error);
    else this.heldFailure = { error, callback };
  }
}

function withoutStreamOptions(options: PickleParserStreamOptions): PickleReadOptions {
  const { readableHighWaterMark: _r, writableHighWaterMark: _w, ...rest } = options;
  return rest;
}

function checkCount(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`Expected ${name} to be a positive integer, got ${String(value)}`);
  }
}
