import type { OutputSpill } from "@pkl-stream/core/engine";
import type { GzipCutError } from "@pkl-stream/stream";
import { EncodeRecordError, picklesToJson } from "@pkl-stream/stream/json-bytes";
import { prefaultedBytes } from "../prefault.js";
import type { Interrupts } from "./interrupts.js";
import type { PickleFile } from "./pickle-files.js";

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
 * command leaves them. `onInput` names the input being read (for error messages); `interrupts`
 * ends it between two slices of input once the command is aborted.
 */
export async function* convertThroughTape(
  inputs: readonly (PickleInput | PickleFile)[],
  format: "ndjson" | "json" | "msgpack",
  onInput: (name: string) => void,
  interrupts: Interrupts,
  /**
   * Where output goes besides the parts: `spill`, a regular -o file that takes a giant record in
   * pieces while it is written; `newOutputBytes`, arrays used again once written (stdout).
   */
  output: { readonly spill?: OutputSpill; readonly newOutputBytes?: (length: number) => Uint8Array } = {},
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
        // The input in slices, not whole: the engine runs a slice at a time, and Ctrl-C stops it
        // between two (the slices of a giant record are copied into its window, sized once from
        // inputSize; `reread` lets it drop what it read, so it is not held twice).
        const options = { maxOutputBytes, framing, onRecords, newWorkBytes: prefaultedBytes, ...output };
        if ("bytes" in input) {
          yield* encode(slicesThenCut(input, 0, interrupts), {
            ...options,
            inputSize: input.bytes.length,
            reread: (offset: number) => slicesThenCut(input, offset, interrupts),
          });
        } else {
          // A file read as the engine goes: its chunks are the reader's two arrays in turn.
          yield* encode(checkedChunks(input.chunksFrom(0), interrupts), {
            ...options,
            transientChunks: true,
            inputSize: input.size,
            reread: (offset: number) => checkedChunks(input.chunksFrom(offset), interrupts),
          });
        }
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

/** Input handed to the engine at a time: about 25 ms of its work on the 2-core bench machine. */
const SLICE_BYTES = 1 << 20;

/**
 * The input's bytes from `offset` on in slices, a check for Ctrl-C before each, then its gzip
 * cut if it had one: the engine writes every record before the cut, then reports it at its record.
 */
async function* slicesThenCut(input: PickleInput, offset: number, interrupts: Interrupts): AsyncGenerator<Uint8Array, void, undefined> {
  const bytes = input.bytes;
  for (let at = offset; at < bytes.length; at += SLICE_BYTES) {
    await interrupts.check();
    yield bytes.subarray(at, Math.min(bytes.length, at + SLICE_BYTES));
  }
  if (input.cut !== undefined) throw input.cut;
}

/** `chunks` with a check for Ctrl-C before each. */
async function* checkedChunks(chunks: AsyncIterable<Uint8Array>, interrupts: Interrupts): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of chunks) {
    await interrupts.check();
    yield chunk;
  }
}
