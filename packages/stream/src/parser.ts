import type { Duplex, DuplexOptions, Readable } from "node:stream";
import asStream from "stream-chain/asStream.js";
import { type Flushable, flushable, none } from "stream-chain/defs.js";
import { type PickleReadOptions, resolveReadOptions } from "./options.js";
import type { CompatibleOptions, KnownOptions, PickleOutput } from "./output-types.js";
import { type ReaderOutput, RecordReader } from "./record-reader.js";
import { toBytes } from "./to-bytes.js";

/** A flushable stream-chain stage: bytes in, records out; called with `none` at the end. */
export type PickleParserStage<Out> = Flushable<Uint8Array | typeof none, Generator<Out, void, undefined>>;

/**
 * A stream-chain stage that decodes pickles: give it byte chunks (any split), it yields each
 * record as soon as its STOP arrives; called with `none` at the end of input, it throws
 * `TruncatedError` if the last record was cut. Like stream-chain's `lines()`, the state
 * (one core decoder) lives in the closure, so create one stage per input.
 *
 * ```js
 * chain([fs.createReadStream("records.pkl"), pickleParser(), (record) => record.name]);
 * ```
 */
export function pickleParser<O extends PickleReadOptions | undefined = undefined>(
  options?: O & KnownOptions<O, PickleReadOptions> & CompatibleOptions<O>,
): PickleParserStage<PickleOutput<O>> {
  const reader = new RecordReader(resolveReadOptions(options));
  const outputs: ReaderOutput[] = [];
  const sink = (output: ReaderOutput): void => {
    outputs.push(output);
  };
  return flushable(function* parsePickles(chunk: Uint8Array | typeof none): Generator<PickleOutput<O>, void, undefined> {
    let failure: unknown = null;
    try {
      if (chunk === none) reader.end(sink);
      else reader.push(toBytes(chunk), sink);
    } catch (error) {
      failure = error;
    }
    // Every complete record goes out before the error (STYLE section 5).
    const ready = outputs.splice(0);
    for (const output of ready) yield output as PickleOutput<O>;
    if (failure !== null) throw failure;
  });
}

/**
 * A Duplex whose readable side gives records of type `Out`: `for await`, `read()`, `on("data")`
 * and `once("data")` are typed by overloads whose first signature is the typed one (the second,
 * Node's own, is what `pipeline()`'s typings need: they take only streams of strings and Buffers).
 */
export interface PickleRecordDuplex<Out> extends Duplex {
  read(size?: number): Out | null;
  read(size?: number): ReturnType<Duplex["read"]>;
  [Symbol.asyncIterator](): AsyncIterableIterator<Out>;
  [Symbol.asyncIterator](): ReturnType<Duplex[typeof Symbol.asyncIterator]>;
  on(event: "data", listener: (record: Out) => void): this;
  on(event: "close" | "drain" | "end" | "finish" | "pause" | "readable" | "resume", listener: () => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "pipe" | "unpipe", listener: (source: Readable) => void): this;
  on(event: string | symbol, listener: Parameters<Duplex["on"]>[1]): this;
  once(event: "data", listener: (record: Out) => void): this;
  once(event: "close" | "drain" | "end" | "finish" | "pause" | "readable" | "resume", listener: () => void): this;
  once(event: "error", listener: (error: Error) => void): this;
  once(event: "pipe" | "unpipe", listener: (source: Readable) => void): this;
  once(event: string | symbol, listener: Parameters<Duplex["once"]>[1]): this;
}

/**
 * `pickleParser(options)` wrapped as a Duplex (bytes in, records out), for `pipeline()` or
 * `chain()`; `streamOptions` go to the Duplex (the readable side counts records).
 */
pickleParser.asStream = function pickleParserAsStream<O extends PickleReadOptions | undefined = undefined>(
  options?: O & KnownOptions<O, PickleReadOptions> & CompatibleOptions<O>,
  streamOptions?: DuplexOptions,
): PickleRecordDuplex<PickleOutput<O>> {
  const stream: Duplex = asStream(pickleParser(options), {
    writableObjectMode: false,
    readableObjectMode: true,
    readableHighWaterMark: 16,
    writableHighWaterMark: 64 * 1024,
    ...streamOptions,
  });
  // The records are the stage's: PickleOutput<O>.
  return stream as PickleRecordDuplex<PickleOutput<O>>;
};
