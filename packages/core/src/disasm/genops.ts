/**
 * `genops`: the opcodes of one pickle as (opcode info, argument, offset), after CPython's
 * `pickletools.genops`. Every fact about an opcode comes from the opcode table.
 */
import { PickleError, TruncatedError } from "../errors.js";
import { frameRuleViolation } from "../decoder/frame-rule.js";
import { FRAME, STOP } from "../opcodes/codes.js";
import { ARG_SIZE, NOT_AN_OPCODE, type OpcodeInfo, opcodeByCode } from "../opcodes/table.js";
import { type ArgumentReader, type OpArg, readArgumentWith } from "./read-argument.js";

const NO_LIMITS = { maxBytesLength: Number.POSITIVE_INFINITY, maxIntBytes: Number.POSITIVE_INFINITY };

export type { OpArg } from "./read-argument.js";

/** One opcode of a pickle. */
export interface PickleOp {
  readonly info: OpcodeInfo;
  /** The decoded argument, or null for opcodes without one. */
  readonly arg: OpArg;
  /** Offset of the opcode byte in the input. */
  readonly offset: number;
  /** Offset just past the argument. */
  readonly end: number;
}

export interface GenopsOptions {
  /** Offset of the pickle's first opcode in `bytes`. Default 0. */
  readonly start?: number;
  /** Record index stated in errors. Default 0. */
  readonly recordIndex?: number;
}

/** Checks the shared arguments of genops, dis and audit at the call. */
export function checkInput(bytes: unknown, start: number): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array of pickle bytes, got ${bytes === null ? "null" : typeof bytes}`);
  }
  if (!Number.isSafeInteger(start) || start < 0 || start > bytes.length) {
    throw new RangeError(`Expected start to be an integer from 0 to ${bytes.length}, got ${start}`);
  }
}

/**
 * Reads the opcodes of one pickle in place, one `advance()` at a time, into its own fields (no
 * object per opcode): the audit's driver. `genops` is the same reader as a generator.
 */
export class OpCursor {
  /** The opcode read last. */
  info: OpcodeInfo = opcodeByCode(STOP)!;
  arg: OpArg = null;
  /** Offset of its opcode byte. */
  offset: number;
  /** Offset just past its argument. */
  end: number;
  private readonly reader: ArgumentReader;
  /** A view of `bytes` (the audit's replay reads lengths with it). */
  readonly view: DataView;

  /**
   * `limits`: the decoder's limits on claimed lengths (the audit passes them, so it stops where the
   * decoder would); none by default, as pickletools (dis, genops). `base`: the absolute offset of
   * `bytes[0]` when it is part of a longer input (a record audited apart), which the reasons of
   * frame errors name; offsets read from the cursor and its errors stay offsets in `bytes`.
   */
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    public recordIndex: number,
    limits: Pick<ArgumentReader, "maxBytesLength" | "maxIntBytes"> = NO_LIMITS,
    private readonly base = 0,
  ) {
    this.offset = start;
    this.end = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.reader = {
      bytes,
      view: this.view,
      recordIndex,
      offset: start,
      info: this.info,
      frameEnd: -1,
      end: start,
      ...limits,
      base,
    };
  }

  /** Goes on to the next pickle of the same bytes, record `recordIndex` at `start`: no frame open. */
  startRecord(start: number, recordIndex: number): void {
    this.offset = start;
    this.end = start;
    this.recordIndex = recordIndex;
    this.reader.recordIndex = recordIndex;
    this.reader.frameEnd = -1;
  }

  /**
   * Reads the opcode at `at` (default: just past the one read last). Throws a `PickleError` as
   * `genops` documents. `at` past the last opcode skips raw bytes a library wrote between two
   * opcodes (joblib's arrays), which CPython's Unpickler never reads as opcodes either; it is
   * honoured only outside a frame.
   */
  /** Where the frame the last opcode is in ends (-1, or at most `end`, when it is in none). */
  get frameEnd(): number {
    return this.reader.frameEnd;
  }

  advance(at?: number): void {
    const { bytes, reader } = this;
    let offset = this.end;
    if (at !== undefined && at > offset && at <= bytes.length && offset >= reader.frameEnd) offset = at;
    if (offset >= bytes.length) {
      throw new TruncatedError("input ended before the record's STOP opcode", { offset, opcode: -1, recordIndex: this.recordIndex });
    }
    const code = bytes[offset]!;
    const info = OPCODES[code];
    if (info === undefined) {
      throw new PickleError("invalid load key: no opcode has this byte", { code: "UNKNOWN_OPCODE", offset, opcode: code, recordIndex: this.recordIndex });
    }
    reader.offset = offset;
    reader.info = info;
    const arg = readArgumentWith(reader);
    const end = reader.end;
    // Arguments that cross the frame's end were refused by readArgument; a nested FRAME or a
    // STOP that leaves frame bytes behind are refused here.
    if (offset < reader.frameEnd || code === FRAME) {
      const base = this.base;
      const violation = frameRuleViolation(code, base + offset, base + end, base + reader.frameEnd);
      if (violation !== null) throw new PickleError(violation, { code: "FRAME_OVERRUN", offset, opcode: code, recordIndex: this.recordIndex });
      if (code === FRAME) reader.frameEnd = end + Number(arg);
    }
    this.info = info;
    this.arg = arg;
    this.offset = offset;
    this.end = end;
  }
}

/** Every opcode's info by byte (undefined: no opcode). */
const OPCODES: readonly (OpcodeInfo | undefined)[] = Array.from({ length: 256 }, (_, code) =>
  ARG_SIZE[code] === NOT_AN_OPCODE ? undefined : opcodeByCode(code),
);

/**
 * Yields the opcodes of the pickle that begins at `options.start`, through its STOP, and returns
 * the offset after the STOP. Throws a `PickleError` on an unknown opcode (`UNKNOWN_OPCODE`), a
 * malformed argument (`BAD_ARGUMENT`), input that ends first (`TRUNCATED`), or an opcode that
 * breaks the frame rule of decoder/frame-rule.ts (`FRAME_OVERRUN`), as the Unpickler does; claimed
 * lengths are checked against the input before anything is read, so nothing large is allocated.
 */
export function* genops(bytes: Uint8Array, options: GenopsOptions = {}): Generator<PickleOp, number, number | undefined> {
  const start = options.start ?? 0;
  const recordIndex = options.recordIndex ?? 0;
  checkInput(bytes, start);
  const cursor = new OpCursor(bytes, start, recordIndex);
  let resumeAt: number | undefined;
  for (;;) {
    cursor.advance(resumeAt);
    const { info, arg, offset, end } = cursor;
    // A caller may answer with the offset to go on from (see OpCursor.advance).
    resumeAt = yield { info, arg, offset, end };
    if (info.code === STOP) return end;
  }
}
