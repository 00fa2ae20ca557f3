import type { TransformCallback } from "node:stream";
import { TypedTransform } from "stream-chain/typed-streams.js";
import type { CorruptSpan, PickleReadOptions } from "./options.js";
import { resolveReadOptions } from "./options.js";
import type { PickleOutput } from "./output-types.js";
import { type ReaderOutput, RecordReader } from "./record-reader.js";
import { toBytes } from "./to-bytes.js";

export interface PickleParserStreamOptions extends PickleReadOptions {
  /** Records buffered on the readable side before it stops asking for input. Default 16. */
  readonly readableHighWaterMark?: number;
  /** Bytes buffered on the writable side before `write()` returns false. Default 65536. */
  readonly writableHighWaterMark?: number;
}

/**
 * A Transform for `pipeline()`: bytes in, one record out per pickle, as soon as its STOP
 * arrives. Backpressure holds both ways: when the reader is slow, the transform stops taking
 * chunks, so the source stops reading. With `skipCorrupt`, each skipped stretch is also
 * emitted as a `'corrupt'` event carrying a `CorruptSpan`.
 */
export class PickleParserStream<
  O extends PickleParserStreamOptions | undefined = undefined,
> extends TypedTransform<Uint8Array, PickleOutput<O>> {
  private readonly reader: RecordReader;
  private readonly sink = (output: ReaderOutput): void => {
    // Pushing past the high-water mark is allowed (one chunk's records); Transform itself
    // waits for the reader before taking the next chunk.
    this.push(output as PickleOutput<O>);
  };

  constructor(options?: O) {
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
      callback(error as Error);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.reader.end(this.sink);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
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
