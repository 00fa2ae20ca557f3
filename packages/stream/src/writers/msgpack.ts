import { OutputError, type PyValue } from "@pkl-stream/core";
import { Packr } from "msgpackr";
import { registerFloat64 } from "./float64.js";
import { toMsgpackPlain } from "./msgpack-plain.js";
import { RecordWriter } from "./record-writer.js";
import { type RecordWriterOptions, resolveWriterOptions } from "./writer-options.js";

export interface MsgpackWriterOptions extends RecordWriterOptions {
  /**
   * Deepest nesting written, in containers. msgpackr encodes recursively and overflows the
   * stack at roughly 1,500 levels, so deeper records stop with an OutputError
   * (`LIMIT_EXCEEDED`, limit `maxDepth`) instead. Default 512; range 1 to 1,000 or so.
   */
  readonly maxDepth?: number;
}

export const DEFAULT_MSGPACK_MAX_DEPTH = 512;

/**
 * msgpack: each record as one msgpack value, back to back (read them with msgpackr's
 * `unpackMultiple` or Python's `msgpack.Unpacker`). The spec's binary rules apply: bytes are
 * `bin`, floats stay float64 (also `2.0` and `-0.0`; NaN and infinities too), dict keys keep
 * their type (an int key stays an int), ints beyond 64 bits are decimal strings. Strings with
 * lone surrogates cannot be UTF-8: msgpackr writes U+FFFD for those.
 */
export class MsgpackWriter extends RecordWriter {
  private readonly packr = new Packr({ useRecords: false });
  private readonly maxDepth: number;
  private pending: Buffer[] = [];
  private pendingSize = 0;

  constructor(options?: MsgpackWriterOptions) {
    super(resolveWriterOptions(options, "msgpackWriter"));
    const maxDepth = options?.maxDepth ?? DEFAULT_MSGPACK_MAX_DEPTH;
    if (!(Number.isSafeInteger(maxDepth) && maxDepth > 0)) {
      throw new RangeError(`msgpackWriter: maxDepth must be a positive integer, got ${String(maxDepth)}`);
    }
    this.maxDepth = maxDepth;
    registerFloat64();
  }

  protected encodeRecord(value: PyValue, maxOutputBytes: number, recordIndex: number): void {
    const bytes = encodeMsgpackRecord(this.packr, value, this.maxDepth, maxOutputBytes, recordIndex);
    this.pending.push(bytes);
    this.pendingSize += bytes.length;
  }

  protected pendingBytes(): number {
    return this.pendingSize;
  }

  protected takePending(): Uint8Array {
    const pending = this.pending;
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    return bytes;
  }
}

/** A Transform stream: records in (object mode), msgpack bytes out. */
export function msgpackWriter(options?: MsgpackWriterOptions): MsgpackWriter {
  return new MsgpackWriter(options);
}

/** One record as msgpack bytes (the value path): toMsgpackPlain, then msgpackr, with the writer's checks. */
export function encodeMsgpackRecord(packr: Packr, value: PyValue, maxDepth: number, maxOutputBytes: number, recordIndex: number): Buffer {
  const plain = toMsgpackPlain(value, { maxDepth, maxOutputBytes, recordIndex });
  let bytes: Buffer;
  try {
    bytes = packr.pack(plain);
  } catch (error) {
    // Only reachable with maxDepth raised past what the stack holds.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new OutputError(
        `nesting too deep for msgpackr (maxDepth ${maxDepth} is above what the stack holds); lower maxDepth or write JSON`,
        { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxDepth" },
      );
    }
    throw error;
  }
  // The size computed before packing is a lower bound (UTF-8 can be longer than UTF-16): check the real one.
  if (bytes.length > maxOutputBytes) {
    throw new OutputError(
      `output passed maxOutputBytes (${maxOutputBytes} bytes; the record needs ${bytes.length}). ` +
        "If this record really is that large, raise the maxOutputBytes option",
      { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxOutputBytes" },
    );
  }
  return bytes;
}
