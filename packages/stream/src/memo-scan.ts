import {
  ARG_SIZE,
  lengthPrefixBytes,
  NOT_AN_OPCODE,
  OP,
  TAKEN_FROM_ARGUMENT4,
  TWO_NEWLINES,
  UP_TO_NEWLINE,
} from "@pkl-stream/core/opcodes";
import { frameRuleViolation } from "@pkl-stream/core/internal";

const { GET, BINGET, LONG_BINGET, FRAME } = OP;
const NEWLINE = 0x0a;

/** Longest GET text argument kept (the decoder enforces its own limit). */
const MAX_INDEX_TEXT = 24;

/** Scanner states: at an opcode, in a fixed argument, in text lines, in a length prefix, in a payload. */
const State = { Opcode: 0, Fixed: 1, Lines: 2, Prefix: 3, Payload: 4 } as const;
type State = (typeof State)[keyof typeof State];

/**
 * A first, opcode-only pass over a pickle stream (genops-style, any chunking, O(1) state plus
 * the result): which memo indices do GET, BINGET and LONG_BINGET read back? Entries mode
 * gives the set to the decoder, which then memoizes only those, so a giant dict's entries can
 * be dropped once yielded. The decoder knows the index each PUT or MEMOIZE would store, so
 * only reads are collected: across all records, a superset of what any one record reads.
 * Input that breaks the frame rule (core's frameRuleViolation) is not a pickle stream to it
 * either: CPython's readers disagree on which opcodes such bytes hold.
 */
export class MemoReadScanner {
  private readonly reads = new Set<number>();
  private state: State = State.Opcode;
  private opcode = 0;
  /** Bytes still to take in the Fixed, Prefix or Payload state; lines left in Lines. */
  private remaining = 0;
  /** Fixed-size or prefix argument bytes, little-endian. */
  private argBytes: number[] = [];
  private argText = "";
  private isValid = true;
  /** Absolute offset of the first byte of the chunk being scanned. */
  private base = 0;
  /** Absolute offset of the current opcode. */
  private opStart = 0;
  /** Absolute offset just past the current FRAME, or -1. */
  private frameEnd = -1;

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n && this.isValid) {
      switch (this.state) {
        case State.Opcode: {
          this.opStart = this.base + i;
          this.startOpcode(chunk[i++]!);
          break;
        }
        case State.Fixed:
        case State.Prefix: {
          this.argBytes.push(chunk[i++]!);
          if (--this.remaining === 0) this.finishCounted(this.base + i);
          break;
        }
        case State.Lines: {
          const byte = chunk[i++]!;
          if (byte !== NEWLINE) {
            if (this.argText.length < MAX_INDEX_TEXT) this.argText += String.fromCharCode(byte);
          } else if (--this.remaining === 0) {
            this.finishLine(this.base + i);
          }
          break;
        }
        case State.Payload: {
          // Skip string/bytes payloads whole: O(1) per chunk however large they are.
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.endOpcode(this.base + i);
          break;
        }
      }
    }
    this.base += n;
  }

  /** The indices read back, or null when the bytes are not a pickle stream (keep everything). */
  result(): ReadonlySet<number> | null {
    return this.isValid ? this.reads : null;
  }

  private startOpcode(op: number): void {
    this.opcode = op;
    const size = ARG_SIZE[op]!;
    this.argBytes = [];
    this.argText = "";
    if (size === NOT_AN_OPCODE) {
      this.isValid = false;
    } else if (size === 0) {
      this.endOpcode(this.opStart + 1);
    } else if (size > 0) {
      this.state = State.Fixed;
      this.remaining = size;
    } else if (size === UP_TO_NEWLINE || size === TWO_NEWLINES) {
      this.state = State.Lines;
      this.remaining = size === UP_TO_NEWLINE ? 1 : 2;
    } else {
      this.state = State.Prefix;
      this.remaining = lengthPrefixBytes(size);
    }
  }

  /** The opcode ended at `argEnd`: back to reading opcodes, unless it broke the frame rule. */
  private endOpcode(argEnd: number): void {
    this.state = State.Opcode;
    if (frameRuleViolation(this.opcode, this.opStart, argEnd, this.frameEnd) !== null) this.isValid = false;
  }

  private finishCounted(argEnd: number): void {
    let value = 0;
    for (let k = this.argBytes.length - 1; k >= 0; k--) value = value * 256 + this.argBytes[k]!;
    if (this.state === State.Prefix) {
      // A negative int4 length is the decoder's error to report; nothing to skip here.
      const isNegative = this.argBytes.length === 4 && ARG_SIZE[this.opcode] === TAKEN_FROM_ARGUMENT4 && value >= 2 ** 31;
      this.remaining = isNegative ? 0 : value;
      // The payload's end is known now: refuse a frame overrun before skipping the payload.
      this.endOpcode(argEnd + this.remaining);
      if (this.remaining > 0) this.state = State.Payload;
      return;
    }
    this.endOpcode(argEnd);
    if (this.opcode === FRAME) this.frameEnd = argEnd + value;
    this.finishOpcode(value);
  }

  private finishLine(argEnd: number): void {
    this.endOpcode(argEnd);
    if (this.opcode !== GET) return;
    const index = Number.parseInt(this.argText, 10);
    if (Number.isSafeInteger(index)) this.finishOpcode(index);
  }

  private finishOpcode(arg: number): void {
    switch (this.opcode) {
      case GET:
      case BINGET:
      case LONG_BINGET:
        this.reads.add(arg);
        break;
    }
  }
}

/** Runs a `MemoReadScanner` over every chunk of `bytes`. */
export async function scanMemoReads(bytes: AsyncIterable<Uint8Array>): Promise<ReadonlySet<number> | null> {
  const scanner = new MemoReadScanner();
  for await (const chunk of bytes) scanner.push(chunk);
  return scanner.result();
}
