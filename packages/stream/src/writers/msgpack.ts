import { OutputError, type PyValue } from "@pkl-stream/core";
import { Packr } from "msgpackr";
import { registerFloat64 } from "./float64.js";
import { type MsgpackPlain, toMsgpackPlain, toSizedMsgpackPlain } from "./msgpack-plain.js";
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
  const bytes = packPlain(packr, plain, maxDepth, recordIndex);
  checkOutputSize(bytes.length, maxOutputBytes, recordIndex);
  return bytes;
}

/** A giant record's output goes to the spill in pieces of about this many bytes. */
const SPILL_PIECE_BYTES = 8 << 20;

/**
 * As encodeMsgpackRecord, for a record that may be giant (a DataFrame, a dict the tape
 * declined) when its output can go out early: a root map or array that may fill a piece is
 * packed up to `packItems` keys and values at a time, in 64 parts or more (its head first: the
 * value path knows the count), and each `pieceBytes` gathered go to `spill`, so neither the
 * whole output nor msgpackr's buffer for it is held. Returns the rest.
 * The bytes, in order, and the errors are encodeMsgpackRecord's; an error after pieces went out
 * leaves them to the caller to drop.
 */
export function encodeMsgpackRecordSpilled(
  packr: Packr,
  value: PyValue,
  maxDepth: number,
  maxOutputBytes: number,
  recordIndex: number,
  spill: (bytes: Uint8Array) => void,
  pieceBytes: number = SPILL_PIECE_BYTES,
  packItems: number = PACK_ITEMS,
): Buffer {
  const { value: plain, minBytes } = toSizedMsgpackPlain(value, { maxDepth, maxOutputBytes, recordIndex });
  const isMap = plain instanceof Map;
  // Packed entry by entry only when it may fill a piece: one pack is quicker for a small record.
  if ((!isMap && !Array.isArray(plain)) || minBytes < pieceBytes) {
    const bytes = packPlain(packr, plain, maxDepth, recordIndex);
    checkOutputSize(bytes.length, maxOutputBytes, recordIndex);
    return bytes;
  }
  const parts: Uint8Array[] = [countHead(isMap ? 0x80 : 0x90, isMap ? 0xde : 0xdc, isMap ? plain.size : plain.length)];
  let gathered = parts[0]!.length;
  /** Bytes handed to the spill. */
  let total = 0;
  // Items are packed `packItems` at a time as an array whose head is cut off: the items' bytes,
  // as msgpackr writes them inside the root (one pack per item made garbage enough to raise the
  // peak). msgpackr's result is a view of its buffer, which its next pack writes after (never over).
  const batch: MsgpackPlain[] = [];
  // A root of few items (a DataFrame's columns) is packed in about 64 parts, not in one.
  const perPack = Math.max(1, Math.min(packItems, Math.ceil((isMap ? 2 * plain.size : plain.length) / ROOT_PARTS)));
  const flush = (): void => {
    const bytes = packPlain(packr, batch, maxDepth, recordIndex);
    const items = bytes.subarray(batch.length < 16 ? 1 : 3);
    batch.length = 0;
    parts.push(items);
    gathered += items.length;
    if (gathered >= pieceBytes) {
      spill(Buffer.concat(parts, gathered));
      total += gathered;
      parts.length = 0;
      gathered = 0;
    }
  };
  if (isMap) {
    for (const [key, item] of plain) {
      batch.push(key, item);
      if (batch.length >= perPack) flush();
    }
  } else {
    for (const item of plain) {
      batch.push(item);
      if (batch.length >= perPack) flush();
    }
  }
  if (batch.length > 0) flush();
  checkOutputSize(total + gathered, maxOutputBytes, recordIndex);
  return Buffer.concat(parts, gathered);
}

/** Items of a giant root packed at once, at most (an array16: its head is 3 bytes). */
const PACK_ITEMS = 4096;
/** A giant root with fewer than 64 x PACK_ITEMS items is packed in about this many parts. */
const ROOT_PARTS = 64;

/** msgpackr's map or array head for `count` entries (fix form, 16 or 32 bits). */
function countHead(fixBase: number, code16: number, count: number): Uint8Array {
  if (count < 0x10) return Uint8Array.of(fixBase | count);
  if (count < 0x10000) return Uint8Array.of(code16, count >>> 8, count & 0xff);
  return Uint8Array.of(code16 + 1, count >>> 24, (count >>> 16) & 0xff, (count >>> 8) & 0xff, count & 0xff);
}

function packPlain(packr: Packr, plain: MsgpackPlain, maxDepth: number, recordIndex: number): Buffer {
  try {
    return packr.pack(plain);
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
}

/** The size computed before packing is a lower bound (UTF-8 can be longer than UTF-16): the real one is checked. */
function checkOutputSize(length: number, maxOutputBytes: number, recordIndex: number): void {
  if (length > maxOutputBytes) {
    throw new OutputError(
      `output passed maxOutputBytes (${maxOutputBytes} bytes; the record needs ${length}). ` +
        "If this record really is that large, raise the maxOutputBytes option",
      { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxOutputBytes" },
    );
  }
}
