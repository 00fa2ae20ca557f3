import { lengthPrefixBytes, TAKEN_FROM_ARGUMENT1, TWO_NEWLINES, UP_TO_NEWLINE } from "../opcodes/arg-kinds.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE, NOT_AN_OPCODE } from "../opcodes/table.js";

const NEWLINE = 0x0a;
/** pickle.py's _FRAME_SIZE_TARGET: the framer starts a new frame once one holds this much. */
const CPYTHON_FRAME_TARGET = 64 * 1024;
/** Length prefixes this long or longer are not followed (the decoder refuses or declines them first). */
const MAX_FOLLOWED_LENGTH = 2 ** 31;

/** What a length header cut by a chunk's end announces. */
const H_LENGTH = 0;
const H_FRAME = 1;
const H_MEMO_INDEX = 2;
/** Longest GET line kept for its index (the decoder enforces its own limit on lines). */
const MAX_INDEX_TEXT = 24;

/**
 * Finds where the records of a stream of appended pickles end (just past each STOP), from the
 * opcodes and their argument sizes alone: the decoder's own table (opcodes/table.ts), no values,
 * across chunks of any size. It lets the records of one input be decoded apart, in worker
 * threads: an end it reports is where the decoder's record ends too, for every record the
 * decoder reads without error. Given a set, it also collects the memo indices that GET, BINGET
 * and LONG_BINGET read back (entries mode's memo scan, @pkl-stream/stream's MemoReadScanner):
 * one walker of opcodes for both.
 *
 * Where it cannot follow the input as the decoder would (a byte that is no opcode, a negative
 * or huge length, an opcode that breaks the frame rule of decoder/frame-rule.ts: one that runs
 * past the end of the frame it starts in, a STOP inside a frame that goes on after it, a FRAME
 * inside a frame), it stops for good (`isLost`): what follows is the decoder's to judge, in
 * order, from the last end.
 */
export class RecordSplitter {
  /**
   * @param jumpsFrames A record that starts with PROTO 4 or 5 and a FRAME whose last byte is a
   *   STOP is taken to end there, without reading its opcodes (~40x fewer bytes looked at for
   *   small records: CPython writes a record under 64 KiB as one frame). That byte may instead be
   *   the end of an argument in a longer record, so such ends are guesses the caller must check
   *   (the parallel path does: a worker's batch must end exactly where its last record does),
   *   and `recordCount` is a guess too.
   * @param memoReads Where to add the memo index of every GET, BINGET and LONG_BINGET, or null.
   *   Not with `jumpsFrames`, which passes over opcodes unread.
   */
  constructor(
    private readonly jumpsFrames = false,
    private readonly memoReads: Set<number> | null = null,
  ) {
    if (jumpsFrames && memoReads !== null) throw new RangeError("memoReads needs every opcode read: not with jumpsFrames");
  }

  /** Absolute offset of the next byte to read. */
  private offset = 0;
  /** Bytes of the current argument still to pass over. */
  private skip = 0;
  /** An opcode whose length prefix has not fully arrived: its byte, then the prefix bytes so far. */
  private readonly header = new Uint8Array(9);
  private headerLength = 0;
  /** How many bytes the pending header needs in all (0: none pending). */
  private headerNeeded = 0;
  /** What the pending header is (H_*). */
  private headerKind = H_LENGTH;
  /** Absolute offset of the opcode whose argument runs on in the next chunk (the frame rule checks it). */
  private opStart = 0;
  /** Newlines still to pass over (a text opcode's argument). */
  private newlinesLeft = 0;
  /** A GET's line so far, when memo reads are collected; else null. */
  private getText: string | null = null;
  /** Where the current frame ends (absolute), or -1. */
  private frameEnd = -1;
  /** True once the input could not be followed: no more ends are reported. */
  isLost = false;
  /** Records ended so far. */
  recordCount = 0;
  /** Absolute offset just past the last STOP, 0 before the first. */
  lastEnd = 0;

  /** Bytes read so far (absolute offset of the next chunk's first byte). */
  get bytesRead(): number {
    return this.offset;
  }

  /** Reads `chunk` (the input's next bytes); appends to `ends` the absolute offset just past each STOP in it. */
  push(chunk: Uint8Array, ends: number[]): void {
    const base = this.offset;
    this.offset += chunk.length;
    if (this.isLost) return;
    const end = chunk.length;
    const reads = this.memoReads;
    let pos = this.resume(chunk, base);
    // The current frame's end relative to this chunk (a local: read per opcode).
    let frameEnd = this.frameEnd < 0 ? -1 : this.frameEnd - base;
    // The hot loop: opcodes whose arguments' sizes are in this chunk, with locals only; an
    // argument cut by the chunk's end leaves its state to `resume`.
    while (pos < end) {
      if (this.jumpsFrames && base + pos === this.lastEnd && this.frameEnd < 0) {
        const jumped = jumpFrame(chunk, pos, end);
        if (jumped > 0) {
          this.recordCount++;
          this.lastEnd = base + jumped;
          ends.push(base + jumped);
          pos = jumped;
          continue;
        }
      }
      const start = pos;
      const op = chunk[pos]!;
      const size = ARG_SIZE[op]!;
      if (size >= 0) {
        if (op === OP.STOP) {
          const at = base + pos + 1;
          // A frame that goes on after STOP is the decoder's to judge.
          if (this.frameEnd > at) {
            this.isLost = true;
            return;
          }
          this.frameEnd = -1;
          frameEnd = -1;
          this.recordCount++;
          this.lastEnd = at;
          ends.push(at);
        } else if (op === OP.FRAME) {
          // A FRAME inside a frame: the decoder's to judge.
          if (this.frameEnd > base + pos) {
            this.isLost = true;
            return;
          }
          if (pos + 9 > end) {
            this.startHeader(chunk, pos, end, 9, H_FRAME, base);
            return;
          }
          const length = readLength(chunk, pos + 1, 8);
          if (length >= MAX_FOLLOWED_LENGTH) {
            this.isLost = true;
            return;
          }
          this.frameEnd = base + pos + 9 + length;
          frameEnd = pos + 9 + length;
        } else if (reads !== null && (op === OP.BINGET || op === OP.LONG_BINGET)) {
          if (pos + 1 + size > end) {
            this.startHeader(chunk, pos, end, 1 + size, H_MEMO_INDEX, base);
            return;
          }
          reads.add(readLength(chunk, pos + 1, size));
        }
        pos += 1 + size;
      } else if (size === TAKEN_FROM_ARGUMENT1) {
        if (pos + 2 > end) {
          this.startHeader(chunk, pos, end, 2, H_LENGTH, base);
          return;
        }
        pos += 2 + chunk[pos + 1]!;
      } else if (size === NOT_AN_OPCODE) {
        this.isLost = true;
        return;
      } else if (size === UP_TO_NEWLINE || size === TWO_NEWLINES) {
        this.opStart = base + pos;
        this.newlinesLeft = size === UP_TO_NEWLINE ? 1 : 2;
        if (reads !== null && op === OP.GET) this.getText = "";
        pos = this.passNewlines(chunk, pos + 1, base);
        if (pos < 0 || this.isLost) return;
        continue;
      } else {
        const needed = 1 + lengthPrefixBytes(size);
        if (pos + needed > end) {
          this.startHeader(chunk, pos, end, needed, H_LENGTH, base);
          return;
        }
        const length = readLength(chunk, pos + 1, needed - 1);
        if (length >= MAX_FOLLOWED_LENGTH) {
          this.isLost = true;
          return;
        }
        pos += needed + length;
      }
      // No opcode may run past the end of the frame it starts in (its end is known here, even
      // when the chunk cuts its argument).
      if (start < frameEnd && pos > frameEnd) {
        this.isLost = true;
        return;
      }
    }
    // The last argument runs past this chunk.
    if (pos > end) this.skip = pos - end;
  }

  /** Finishes what the chunk before left open (an argument, a length, a line); returns where opcodes start again. */
  private resume(chunk: Uint8Array, base: number): number {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, end - pos);
        this.skip -= step;
        pos += step;
      } else if (this.newlinesLeft > 0) {
        pos = this.passNewlines(chunk, pos, base);
        if (pos < 0 || this.isLost) return end;
      } else if (this.headerNeeded > 0) {
        while (this.headerLength < this.headerNeeded && pos < end) this.header[this.headerLength++] = chunk[pos++]!;
        if (this.headerLength < this.headerNeeded) return end;
        this.takeHeader(base + pos);
        if (this.isLost) return end;
      } else {
        return pos;
      }
    }
    return pos;
  }

  /**
   * Passes over the newlines still expected from `pos` (keeping a GET's line); -1 when the chunk
   * ends first. At the last one, the opcode is done: its memo read noted, the frame rule checked.
   */
  private passNewlines(chunk: Uint8Array, pos: number, base: number): number {
    let at = pos;
    while (this.newlinesLeft > 0) {
      const newline = chunk.indexOf(NEWLINE, at);
      if (this.getText !== null) this.keepLine(chunk, at, newline < 0 ? chunk.length : newline);
      if (newline < 0) return -1;
      at = newline + 1;
      this.newlinesLeft--;
    }
    if (this.getText !== null) {
      const index = Number.parseInt(this.getText, 10);
      if (Number.isSafeInteger(index)) this.memoReads!.add(index);
      this.getText = null;
    }
    if (this.opStart < this.frameEnd && base + at > this.frameEnd) this.isLost = true;
    return at;
  }

  private keepLine(chunk: Uint8Array, from: number, to: number): void {
    let text = this.getText!;
    for (let i = from; i < to && text.length < MAX_INDEX_TEXT; i++) text += String.fromCharCode(chunk[i]!);
    this.getText = text;
  }

  /** An opcode whose length prefix (or fixed argument) the chunk cuts: keeps what arrived of it. */
  private startHeader(chunk: Uint8Array, pos: number, end: number, needed: number, kind: number, base: number): void {
    this.headerLength = 0;
    for (let i = pos; i < end; i++) this.header[this.headerLength++] = chunk[i]!;
    this.headerNeeded = needed;
    this.headerKind = kind;
    this.opStart = base + pos;
  }

  /** The pending header is whole (it ends at absolute `at`): what it announces is taken. */
  private takeHeader(at: number): void {
    const header = this.header;
    const prefix = this.headerNeeded - 1;
    this.headerNeeded = 0;
    const value = readLength(header, 1, prefix);
    if (this.headerKind === H_MEMO_INDEX) {
      this.memoReads!.add(value);
      if (this.opStart < this.frameEnd && at > this.frameEnd) this.isLost = true;
      return;
    }
    // A signed 4-byte length with its top bit set is negative: the decoder refuses it.
    if (value >= MAX_FOLLOWED_LENGTH) {
      this.isLost = true;
      return;
    }
    if (this.headerKind === H_FRAME) {
      this.frameEnd = at + value;
      return;
    }
    if (this.opStart < this.frameEnd && at + value > this.frameEnd) {
      this.isLost = true;
      return;
    }
    this.skip = value;
  }
}

/**
 * At a record's first byte: PROTO 4/5, then a FRAME that ends in this chunk with a STOP byte:
 * the position after it, else 0 (the opcodes are read one by one).
 */
function jumpFrame(chunk: Uint8Array, pos: number, end: number): number {
  if (pos + 11 > end || chunk[pos] !== OP.PROTO || chunk[pos + 1]! < 4 || chunk[pos + 1]! > 5 || chunk[pos + 2] !== OP.FRAME) return 0;
  const length = readLength(chunk, pos + 3, 8);
  const frameEnd = pos + 11 + length;
  // CPython closes a frame early only past 64 KiB: a shorter first frame is the whole record.
  return length > 0 && length < CPYTHON_FRAME_TARGET && frameEnd <= end && chunk[frameEnd - 1] === OP.STOP ? frameEnd : 0;
}

/** A little-endian unsigned length of `count` bytes at `at`. */
function readLength(bytes: Uint8Array, at: number, count: number): number {
  let length = 0;
  for (let i = at + count - 1; i >= at; i--) length = length * 256 + bytes[i]!;
  return length;
}
