import type { Duplex, DuplexOptions } from "node:stream";
import asStream from "stream-chain/asStream.js";
import { type Flushable, flushable, none } from "stream-chain/defs.js";
import { type PickleReadOptions, resolveReadOptions } from "./options.js";
import type { KnownOptions, PickleOutput } from "./output-types.js";
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
  options?: O & KnownOptions<O, PickleReadOptions>,
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
 * `pickleParser(options)` wrapped as a Duplex (bytes in, records out), for `pipeline()` or
 * `chain()`; `streamOptions` go to the Duplex (the readable side counts records). Typed as a
 * plain Duplex: pipeline()'s overloads refuse a stream whose read() is typed as records.
 */
pickleParser.asStream = function pickleParserAsStream<O extends PickleReadOptions | undefined = undefined>(
  options?: O & KnownOptions<O, PickleReadOptions>,
  streamOptions?: DuplexOptions,
): Duplex {
  return asStream(pickleParser(options), {
    writableObjectMode: false,
    readableObjectMode: true,
    readableHighWaterMark: 16,
    writableHighWaterMark: 64 * 1024,
    ...streamOptions,
  });
};
