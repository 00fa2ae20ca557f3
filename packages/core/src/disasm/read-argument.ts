/**
 * Reads one opcode argument from a byte array, driven by the argument kind in the opcode table
 * (as pickletools' `ArgumentDescriptor.reader`). Values are what the Unpickler would see:
 * the disassembler and the auditor show and judge the same thing the decoder loads.
 */
import { PickleError, TruncatedError } from "../errors.js";
import {
  TAKEN_FROM_ARGUMENT1,
  TAKEN_FROM_ARGUMENT8U,
  TWO_NEWLINES,
  UP_TO_NEWLINE,
} from "../opcodes/arg-kinds.js";
import type { OpcodeInfo } from "../opcodes/table.js";
import { claimedLength } from "../decoder/claimed-length.js";
import { resolveSettings } from "../decoder/settings.js";
import { crossingReason, nestedFrameReason } from "../decoder/frame-rule.js";
// The decoder's own argument readers: what dis shows is exactly what the decoder loads.
import { decodeLongBytes, normalizeInt, parseFloatLine, parseIntLine, parseLongLine, parseMemoIndex } from "../decoder/numbers.js";
import { decodeAscii, decodeGlobalName, decodeLatin1, decodeQuotedString, decodeRawUnicodeEscape, decodeUtf8 } from "../decoder/text.js";

/**
 * A decoded argument. Byte arguments (bytes1/4/8, bytearray8) are views into the input, not
 * copies; GLOBAL and INST give `[module, name]`.
 */
export type OpArg = null | boolean | number | bigint | string | Uint8Array | readonly [module: string, name: string];

export interface ReadContext {
  readonly bytes: Uint8Array;
  /** Offset of the opcode byte (errors point at it). */
  readonly offset: number;
  readonly info: OpcodeInfo;
  readonly recordIndex: number;
  /**
   * Offset just past the frame the opcode is read in, or -1. An argument that would run past it
   * is a `FRAME_OVERRUN` (decoder/frame-rule.ts), checked before the input's end is.
   */
  readonly frameEnd?: number;
}

/**
 * A reusable reader state (genops' cursor): `offset`, `info` and `frameEnd` set before each read,
 * `end` set by it; `recordIndex` and `frameEnd` set again at each record. `view` spans `bytes`
 * (no DataView made per argument).
 */
export interface ArgumentReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  recordIndex: number;
  offset: number;
  info: OpcodeInfo;
  frameEnd: number;
  /** Offset just past the argument read last. */
  end: number;
  /** The decoder's limits (UnpicklerOptions, defaults of decoder/settings.ts): past them, `LIMIT_EXCEEDED`, as the decoder says. */
  readonly maxBytesLength: number;
  readonly maxIntBytes: number;
  /** Absolute offset of `bytes[0]` in the input (a record audited apart), for the offsets errors' reasons name. */
  readonly base: number;
}

/** The decoder's default limits, resolved once by its own settings code. */
const DEFAULTS = resolveSettings();
export const DEFAULT_LIMITS: Pick<ArgumentReader, "maxBytesLength" | "maxIntBytes"> = {
  maxBytesLength: DEFAULTS.maxBytesLength,
  maxIntBytes: DEFAULTS.maxIntBytes,
};

function limitExceeded(context: ArgumentReader, reason: string): never {
  throw new PickleError(reason, { code: "LIMIT_EXCEEDED", offset: context.offset, opcode: context.info.code, recordIndex: context.recordIndex });
}

export interface ReadResult {
  readonly arg: OpArg;
  /** Offset just past the argument. */
  readonly end: number;
}

function fail(context: ArgumentReader, reason: string): never {
  throw new PickleError(reason, {
    code: "BAD_ARGUMENT",
    offset: context.offset,
    opcode: context.info.code,
    recordIndex: context.recordIndex,
  });
}

/** Throws when the argument ending at `argEnd` (null: no newline in the frame) crosses the frame's end. */
function checkFrame(context: ArgumentReader, argEnd: number | null): void {
  const frameEnd = context.frameEnd;
  if (context.offset >= frameEnd) return;
  if (argEnd === null ? frameEnd <= context.bytes.length : argEnd > frameEnd) {
    const base = context.base;
    const opStart = base + context.offset;
    const reason =
      context.info.name === "FRAME" ? nestedFrameReason(opStart, base + frameEnd) : crossingReason(opStart, argEnd === null ? null : base + argEnd, base + frameEnd);
    throw new PickleError(reason, {
      code: "FRAME_OVERRUN",
      offset: context.offset,
      opcode: context.info.code,
      recordIndex: context.recordIndex,
    });
  }
}

function truncated(context: ArgumentReader, reason: string): never {
  throw new TruncatedError(reason, { offset: context.offset, opcode: context.info.code, recordIndex: context.recordIndex });
}

/** Offset of the `\n` that ends the line starting at `start`. */
function lineEnd(context: ArgumentReader, start: number): number {
  // Inside a frame only the frame's bytes are searched, as the decoder reads them: a newline
  // past its end does not change the error, and what follows a frame may not have arrived yet
  // (a record audited apart, AuditStream).
  const { bytes, frameEnd } = context;
  const newline = context.offset < frameEnd && frameEnd < bytes.length ? bytes.subarray(0, frameEnd).indexOf(0x0a, start) : bytes.indexOf(0x0a, start);
  checkFrame(context, newline < 0 ? null : newline + 1);
  if (newline < 0) truncated(context, `no newline found for the ${context.info.arg.name} argument`);
  return newline;
}

/** Reads the fixed-size argument of `size` bytes at `start`. */
function readFixed(context: ArgumentReader, start: number, size: number): OpArg {
  const { bytes } = context;
  switch (size) {
    case 1:
      return bytes[start]!;
    case 2:
      return bytes[start]! | (bytes[start + 1]! << 8);
    case 4:
      // int4 is signed, uint4 is not.
      return context.info.arg.name === "int4" ? context.view.getInt32(start, true) : context.view.getUint32(start, true);
    default:
      return context.info.arg.name === "float8" ? context.view.getFloat64(start, false) : normalizeInt(context.view.getBigUint64(start, true));
  }
}

/** Runs one of the decoder's readers, turning its `TypeError` into a `PickleError` at the opcode. */
function decodeWith<T>(context: ArgumentReader, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw badArgument(context, error);
  }
}

/** A decoder reader's `TypeError` as a `PickleError` at the opcode; anything else as it is. */
function badArgument(context: ArgumentReader, error: unknown): unknown {
  if (!(error instanceof TypeError)) return error;
  return new PickleError(error.message, {
    code: "BAD_ARGUMENT",
    offset: context.offset,
    opcode: context.info.code,
    recordIndex: context.recordIndex,
    cause: error,
  });
}

function readLineArg(context: ArgumentReader, start: number, end: number): OpArg {
  const { bytes } = context;
  switch (context.info.arg.name) {
    case "decimalnl_short":
      // INT reads its text as C's strtol in base 0 does ("010" is 8); GET and PUT read a memo
      // index in base 10 ("010" is 10), as CPython's _pickle and the decoder do. Reading GET's
      // index as INT's let `g010` fetch memo 8 for the audit and memo 10 for everyone else.
      return decodeWith(context, () => (context.info.name === "INT" ? parseIntLine(bytes, start, end) : parseMemoIndex(bytes, start, end)));
    case "decimalnl_long":
      return decodeWith(context, () => parseLongLine(bytes, start, end));
    case "floatnl":
      return decodeWith(context, () => parseFloatLine(bytes, start, end));
    case "stringnl": {
      const raw = decodeWith(context, () => decodeQuotedString(bytes, start, end));
      return decodeLatin1(raw, 0, raw.length);
    }
    case "stringnl_noescape":
      return decodeWith(context, () => decodeAscii(bytes, start, end - start));
    case "unicodestringnl":
      return decodeWith(context, () => decodeRawUnicodeEscape(bytes, start, end));
    default:
      return fail(context, `argument kind ${context.info.arg.name} is not line-terminated`);
  }
}

function readCounted(context: ArgumentReader, start: number, length: number): OpArg {
  const { bytes } = context;
  switch (context.info.arg.name) {
    case "long1":
    case "long4":
      return decodeLongBytes(bytes, start, length);
    case "string1":
    case "string4":
      return decodeLatin1(bytes, start, length);
    case "unicodestring1":
    case "unicodestring4":
    case "unicodestring8":
      // No closure here: a stream's audit reads a dozen strings per record.
      try {
        return decodeUtf8(bytes, start, length);
      } catch (error) {
        throw badArgument(context, error);
      }
    default:
      // bytes1, bytes4, bytes8, bytearray8: a view; the disassembler only reads it.
      return bytes.subarray(start, start + length);
  }
}

/** Reads the argument of the opcode at `context.offset`. Throws `PickleError` on bad or cut input. */
export function readArgument(context: ReadContext): ReadResult {
  const { bytes } = context;
  const reader: ArgumentReader = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    recordIndex: context.recordIndex,
    offset: context.offset,
    info: context.info,
    frameEnd: context.frameEnd ?? -1,
    end: context.offset,
    maxBytesLength: Number.POSITIVE_INFINITY,
    maxIntBytes: Number.POSITIVE_INFINITY,
    base: 0,
  };
  const arg = readArgumentWith(reader);
  return { arg, end: reader.end };
}

/**
 * `readArgument` on a reused reader: returns the argument of the opcode at `reader.offset` and
 * sets `reader.end`. The one argument reader of genops, dis and the audit.
 */
export function readArgumentWith(context: ArgumentReader): OpArg {
  const { bytes, info } = context;
  const start = context.offset + 1;
  const size = info.arg.size;
  if (size >= 0) {
    const end = start + size;
    if (context.offset < context.frameEnd) checkFrame(context, end);
    if (end > bytes.length) truncated(context, `expected ${size} argument bytes, ${bytes.length - start} remain`);
    context.end = end;
    return size === 0 ? null : readFixed(context, start, size);
  }
  if (size === UP_TO_NEWLINE) {
    const newline = lineEnd(context, start);
    if (info.name === "LONG" && newline - start > context.maxIntBytes) limitExceeded(context, "LONG literal longer than maxIntBytes");
    context.end = newline + 1;
    return readLineArg(context, start, newline);
  }
  if (size === TWO_NEWLINES) {
    const moduleEnd = lineEnd(context, start);
    const nameEnd = lineEnd(context, moduleEnd + 1);
    // As the Unpickler: GLOBAL names are UTF-8, INST names ASCII, neither empty.
    const isAscii = info.name === "INST";
    const module = decodeWith(context, () => decodeGlobalName(bytes, start, moduleEnd - start, isAscii));
    const name = decodeWith(context, () => decodeGlobalName(bytes, moduleEnd + 1, nameEnd - moduleEnd - 1, isAscii));
    context.end = nameEnd + 1;
    return [module, name];
  }
  const prefix = size === TAKEN_FROM_ARGUMENT1 ? 1 : size === TAKEN_FROM_ARGUMENT8U ? 8 : 4;
  const inFrame = context.offset < context.frameEnd;
  if (inFrame) checkFrame(context, start + prefix);
  if (start + prefix > bytes.length) truncated(context, `expected a ${prefix}-byte length, ${bytes.length - start} bytes remain`);
  // The decoder's own reading of the claimed length and its limits (decoder/claimed-length.ts),
  // before the input's end is compared or anything is sliced.
  const length = claimedLength(bytes, context.view, context.offset, info.code, size, context);
  if (typeof length !== "number") {
    if (length.code === "LIMIT_EXCEEDED") limitExceeded(context, length.reason);
    fail(context, length.reason);
  }
  const remaining = bytes.length - start - prefix;
  if (inFrame) checkFrame(context, start + prefix + length);
  if (length > remaining) truncated(context, `argument claims ${length} bytes, ${remaining} remain`);
  const payloadStart = start + prefix;
  const payloadEnd = payloadStart + length;
  context.end = payloadEnd;
  return readCounted(context, payloadStart, length);
}

