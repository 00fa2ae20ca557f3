import type { GzipCutError } from "@pkl-stream/stream";
import { EncodeRecordError, picklesToJson } from "@pkl-stream/stream/json-bytes";

/** A pickle input as convert reads it: whole. */
export interface PickleInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Set when a gzip input ended inside a member: `bytes` are those inflated before the cut. */
  readonly cut?: GzipCutError | undefined;
}

/** True when `bytes` is certainly a pickle (PROTO 2-5 first): then the tape engine can take it. */
export function isProtoLed(bytes: Uint8Array): boolean {
  return bytes.length > 1 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

/**
 * NDJSON, one JSON array or msgpack of pickle inputs through core's tape engine: the bytes
 * readPickles + a writer would give, without a JS value per Python value where the data is plain.
 * Each part is yielded as it is made: a bad record in a later input leaves the records before it
 * written (a JSON array closed after them, as the decoding command closes it), as the decoding
 * command leaves them. `onInput` names the input being read (for error messages).
 */
export async function* convertThroughTape(
  inputs: readonly PickleInput[],
  format: "ndjson" | "json" | "msgpack",
  onInput: (name: string) => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  const encode = format === "msgpack" ? (await import("@pkl-stream/stream/msgpack-bytes")).picklesToMsgpack : picklesToJson;
  // As convert's JSON writers: no output budget (the records were asked for); msgpack keeps its default.
  const maxOutputBytes = format === "msgpack" ? undefined : Number.POSITIVE_INFINITY;
  let written = 0;
  const onRecords = (count: number): void => {
    written += count;
  };
  try {
    for (const input of inputs) {
      onInput(input.name);
      // The array's "[" before the first record of all inputs, "," before every other one.
      const isFirstInput = written === 0;
      const framing = format === "json" ? { prefix: (index: number) => (isFirstInput && index === 0 ? OPEN : COMMA), suffix: "" } : undefined;
      try {
        // Yielded as made: a bad record in a later input leaves the records before it written.
        yield* encode(wholeThenCut(input), { maxOutputBytes, framing, onRecords });
      } catch (error) {
        throw error instanceof EncodeRecordError ? error.cause : error;
      }
    }
  } catch (error) {
    if (format === "json") yield written === 0 ? EMPTY_ARRAY : CLOSE;
    throw error;
  }
  if (format === "json") yield written === 0 ? EMPTY_ARRAY : CLOSE;
}

const OPEN = new TextEncoder().encode("[");
const COMMA = new TextEncoder().encode(",");
const CLOSE = new TextEncoder().encode("]\n");
const EMPTY_ARRAY = new TextEncoder().encode("[]\n");

/** The input's bytes, then its gzip cut if it had one: the engine writes every record before the cut, then reports it at its record. */
async function* wholeThenCut(input: PickleInput): AsyncGenerator<Uint8Array, void, undefined> {
  yield input.bytes;
  if (input.cut !== undefined) throw input.cut;
}
