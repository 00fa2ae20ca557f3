import { type Readable, Transform, type TransformCallback } from "node:stream";
import type { CorruptSpan, PickleReadOptions } from "./options.js";
import { resolveReadOptions } from "./options.js";
import type { CompatibleOptions, KnownOptions, PickleOutput } from "./output-types.js";
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
 * value, or a `PickleRecordInfo` with `metadata: true`), as soon as its STOP arrives.
 * Backpressure holds both ways: when the reader is slow, the transform stops taking chunks, so
 * the source stops reading. With `skipCorrupt`, each skipped stretch is also emitted as a
 * `'corrupt'` event carrying a `CorruptSpan`.
 *
 * Records are typed (`for await`, `read()`, `on("data")`, `once("data")`; `on("corrupt")` takes
 * a `CorruptSpan`) by overloads whose first signature is the typed one: Node's `pipeline()`
 * typings take only a stream whose `read()` and async iterator give strings and Buffers
 * (stream-chain's `TypedTransform` is refused too), and the second signature, Node's own, is
 * the one that satisfies them. Other listener methods (`addListener`, `prependListener`, ...)
 * keep Node's untyped `data` listener.
 */
// `Out`, the records' type, follows from `O` (it is a parameter of its own so that streams whose
// options give the same records are assignable to each other: TypeScript relates a conditional
// type of `O` only when `O` is the same).
export class PickleParserStream<O extends PickleParserStreamOptions | undefined = undefined, Out = PickleOutput<O>> extends Transform {
  private readonly reader: RecordReader;
  /** A failure waiting for the reader to take the records pushed before it. */
  private heldFailure: { readonly error: Error; readonly callback: TransformCallback } | null = null;
  private readonly sink = (output: ReaderOutput): void => {
    // Pushing past the high-water mark is allowed (one chunk's records); Transform itself
    // waits for the reader before taking the next chunk.
    this.push(output as Out);
  };

  // KnownOptions: O is inferred from the literal, its callbacks typed by the options interface.
  constructor(options?: O & KnownOptions<O, PickleParserStreamOptions> & CompatibleOptions<O>) {
    const readableHighWaterMark = options?.readableHighWaterMark ?? 16;
    const writableHighWaterMark = options?.writableHighWaterMark ?? 64 * 1024;
    checkCount("readableHighWaterMark", readableHighWaterMark);
    checkCount("writableHighWaterMark", writableHighWaterMark);
    // decodeStrings false: text written to it (a read stream opened with an encoding) reaches
    // _transform as text and is refused as such, not re-encoded into bytes that fail as opcodes.
    super({ readableObjectMode: true, writableObjectMode: false, decodeStrings: false, readableHighWaterMark, writableHighWaterMark });
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
  override read(size?: number): Out | null;
  override read(size?: number): ReturnType<Transform["read"]>;
  override read(size?: number): ReturnType<Transform["read"]> {
    const output: Out | null = super.read(size);
    const held = this.heldFailure;
    if (held !== null && this.readableLength === 0) {
      this.heldFailure = null;
      // After the reader has this last record in hand, not inside its read() call.
      process.nextTick(held.callback, held.error);
    }
    return output;
  }

  override [Symbol.asyncIterator](): AsyncIterableIterator<Out>;
  override [Symbol.asyncIterator](): ReturnType<Transform[typeof Symbol.asyncIterator]>;
  override [Symbol.asyncIterator](): ReturnType<Transform[typeof Symbol.asyncIterator]> {
    return super[Symbol.asyncIterator]();
  }

  // Node's overloads of on() and once(), with the records' type for "data" and "corrupt" added.
  override on(event: "data", listener: (record: Out) => void): this;
  override on(event: "corrupt", listener: (span: CorruptSpan) => void): this;
  override on(event: "close" | "drain" | "end" | "finish" | "pause" | "readable" | "resume", listener: () => void): this;
  override on(event: "error", listener: (error: Error) => void): this;
  override on(event: "pipe" | "unpipe", listener: (source: Readable) => void): this;
  override on(event: string | symbol, listener: NodeListener): this;
  override on(event: string | symbol, listener: NodeListener): this {
    return super.on(event, listener);
  }

  override once(event: "data", listener: (record: Out) => void): this;
  override once(event: "corrupt", listener: (span: CorruptSpan) => void): this;
  override once(event: "close" | "drain" | "end" | "finish" | "pause" | "readable" | "resume", listener: () => void): this;
  override once(event: "error", listener: (error: Error) => void): this;
  override once(event: "pipe" | "unpipe", listener: (source: Readable) => void): this;
  override once(event: string | symbol, listener: NodeListener): this;
  override once(event: string | symbol, listener: NodeListener): this {
    return super.once(event, listener);
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

/** Node's listener type for any event (its typings take any arguments). */
type NodeListener = Parameters<Transform["on"]>[1];

function withoutStreamOptions(options: PickleParserStreamOptions): PickleReadOptions {
  const { readableHighWaterMark: _r, writableHighWaterMark: _w, ...rest } = options;
  return rest;
}

function checkCount(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`Expected ${name} to be a positive integer, got ${String(value)}`);
  }
}
