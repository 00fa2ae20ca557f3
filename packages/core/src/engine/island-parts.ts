/**
 * Parts of the islands that readStateText (island.ts) writes from their bytes: the value a call
 * takes as an argument, made in place, as CPython pickles the first one a record holds, or read
 * from the memo after that. A datetime's fixed-offset timezone, `timezone(timedelta(days,
 * seconds, microseconds)[, name])`; a numpy scalar's dtype, `dtype(typestr, False, True)` and its
 * BUILD state. Read on a small stack of their own, with the classes, calls and states of the
 * value path (the Machine's resolver, callAt and build: the same reconstructors and checks). A
 * stream of records makes the same parts in each (`datetime.now(timezone.utc)`, a metric as an
 * `np.float64`): once read, a part is known by its bytes in the records after.
 */
import { NumpyDtype } from "../classes/numpy-dtype.js";
import { PyTimezone } from "../classes/timedelta.js";
import type { Machine } from "../decoder/machine.js";
import { decodeLatin1 } from "../decoder/text.js";
import { PyGlobal } from "../values/placeholders.js";
import { markTuple, type PyValue } from "../values/py-types.js";

/** What a part reader needs from readStateText: its frame-aware reading of opcodes, its memo and where its puts go. */
export interface PartSource {
  /** The end of what may be read now (the frame's, while inside one that ends in the window). */
  readonly textEnd: number;
  /** The position of the opcode at `pos`, after a FRAME that may start there; < 0 as readStateText's answers. */
  nextOpcode(input: Uint8Array, view: DataView, pos: number): number;
  /** An argument runs past `textEnd`: readStateText's answer for it. */
  cut(): number;
  /** A memo entry's value: the island's own puts first (a hole: undefined), then the driver's. */
  memoValue(index: number): PyValue | undefined;
  /** Where memo puts go: index, and value (undefined for a hole). */
  readonly putIndices: number[];
  readonly putValues: (PyValue | undefined)[];
  /** Where the frame the source reads in ends (a part read in one run of bytes leaves it and textEnd as they were). */
  readonly textFrameEnd: number;
}

/** A kind of part: the classes it may call, the value it ends with, and the opcode that must follow it. */
interface PartKind {
  /** module, name pairs. */
  readonly classes: readonly (readonly [string, string])[];
  /** GLOBAL's argument for each of `classes`. */
  readonly globalLines: readonly Uint8Array[];
  isPart(value: PyValue | undefined): boolean;
  /** The opcode after the part (the caller's): TUPLE2 of a datetime's arguments, SHORT_BINBYTES of a scalar's bytes. */
  readonly next: number;
}

const lines = (module: string, name: string): Uint8Array => new TextEncoder().encode(`${module}\n${name}\n`);
const kind = (classes: readonly (readonly [string, string])[], isPart: (value: PyValue | undefined) => boolean, next: number): PartKind => ({
  classes,
  globalLines: classes.map(([module, name]) => lines(module, name)),
  isPart,
  next,
});

export const TIMEZONE_PART: PartKind = kind(
  [
    ["datetime", "timezone"],
    ["datetime", "timedelta"],
  ],
  (value) => value instanceof PyTimezone,
  0x86 /* TUPLE2 */,
);
export const DTYPE_PART: PartKind = kind([["numpy", "dtype"]], (value) => value instanceof NumpyDtype, 0x43 /* SHORT_BINBYTES */);

/** The opcodes a part takes at most: CPython's timezone takes 24, a dtype 22; it bounds what a hostile one may make. */
const MAX_PART_OPCODES = 48;
/** Parts known by their bytes: a record of metrics holds a few dtypes (f8, f4, i8). */
const MAX_KNOWN_PARTS = 8;

/** A part read before: its bytes, what it read and put. */
interface KnownPart {
  readonly kind: PartKind;
  readonly bytes: Uint8Array;
  /** The next MEMOIZE index where it started. */
  readonly memoLength: number;
  /** Memo index, value, for each memo read. */
  readonly reads: readonly PyValue[];
  readonly putIndices: readonly number[];
  readonly putValues: readonly (PyValue | undefined)[];
  readonly value: PyValue;
  readonly depth: number;
}

/** Reads parts (see the module comment) with the Machine `m`'s classes and calls. */
export class PartReader {
  /** After a `read` that took its bytes: the part, the next MEMOIZE index after it, the most its stack held. */
  value: PyValue = null;
  memoLength = 0;
  depth = 1;
  private readonly stack: PyValue[] = [];
  private readonly marks: number[] = [];
  private readonly reads: PyValue[] = [];
  private readonly known: KnownPart[] = [];

  constructor(private readonly m: Machine) {}

  /**
   * The part of `kind` at `pos`, read for `source` whose next MEMOIZE index is `memoLength`:
   * returns the position after it once its stack holds that part alone and the kind's next
   * opcode follows, with its puts added to the source's (tuples as holes: CPython never reads an
   * argument tuple again); ISLAND_RAN_OUT or NOT_STATE_TEXT (readStateText's) otherwise.
   */
  read(kind: PartKind, source: PartSource, input: Uint8Array, view: DataView, pos: number, memoLength: number, notPart: number): number {
    const start = pos;
    const startEnd = source.textEnd;
    const startFrameEnd = source.textFrameEnd;
    const firstPut = source.putIndices.length;
    for (const known of this.known) {
      if (known.kind === kind && this.isKnown(known, source, input, start, memoLength)) {
        for (let i = 0; i < known.putIndices.length; i++) {
          source.putIndices.push(known.putIndices[i]!);
          source.putValues.push(known.putValues[i]);
        }
        this.value = known.value;
        this.memoLength = memoLength + known.putIndices.length;
        this.depth = known.depth;
        return start + known.bytes.length;
      }
    }
    const stack = this.stack;
    const marks = this.marks;
    const reads = this.reads;
    stack.length = 0;
    marks.length = 0;
    reads.length = 0;
    this.depth = 1;
    let calls = 0;
    for (let count = 0; ; count++) {
      pos = source.nextOpcode(input, view, pos);
      if (pos < 0) return pos;
      const code = input[pos]!;
      if (code === kind.next && stack.length === 1 && marks.length === 0 && kind.isPart(stack[0])) {
        const value = stack[0]!;
        this.value = value;
        this.memoLength = memoLength;
        // Known from here on when it made its value (not a memo read alone) in one run of bytes.
        if (calls > 0 && source.textEnd === startEnd && source.textFrameEnd === startFrameEnd) this.remember(kind, input.slice(start, pos), memoLength - (source.putIndices.length - firstPut), source, firstPut, value);
        return pos;
      }
      if (count === MAX_PART_OPCODES) return notPart;
      switch (code) {
        case 0x8c: // SHORT_BINUNICODE
        case 0x58: /* BINUNICODE */ {
          const end = shortStrEnd(input, view, pos, source.textEnd);
          if (end === STR_CUT) return source.cut();
          if (end < 0) return notPart;
          const text = asciiText(input, strStart(input, pos), end);
          if (text === undefined) return notPart;
          stack.push(text);
          pos = end;
          break;
        }
        case 0x4b: // BININT1
          if (pos + 2 > source.textEnd) return source.cut();
          stack.push(input[pos + 1]!);
          pos += 2;
          break;
        case 0x4d: // BININT2
          if (pos + 3 > source.textEnd) return source.cut();
          stack.push(view.getUint16(pos + 1, true));
          pos += 3;
          break;
        case 0x4a: // BININT
          if (pos + 5 > source.textEnd) return source.cut();
          stack.push(view.getInt32(pos + 1, true));
          pos += 5;
          break;
        case 0x4e: // NONE
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          stack.push(code === 0x4e ? null : code === 0x88);
          pos += 1;
          break;
        case 0x28: // MARK
          marks.push(stack.length);
          pos += 1;
          break;
        case 0x74: /* TUPLE */ {
          if (marks.length === 0) return notPart;
          const mark = marks.pop()!;
          stack.push(markTuple(stack.splice(mark, stack.length - mark)));
          pos += 1;
          break;
        }
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: /* TUPLE3 */ {
          const size = code - 0x84;
          if (stack.length - size < this.fence()) return notPart;
          stack.push(markTuple(stack.splice(stack.length - size, size)));
          pos += 1;
          break;
        }
        case 0x68: // BINGET
        case 0x6a: /* LONG_BINGET */ {
          const size = code === 0x68 ? 2 : 5;
          if (pos + size > source.textEnd) return source.cut();
          const index = code === 0x68 ? input[pos + 1]! : view.getUint32(pos + 1, true);
          const value = source.memoValue(index);
          if (value === undefined) return notPart;
          stack.push(value);
          reads.push(index, value);
          pos += size;
          break;
        }
        case 0x94: // MEMOIZE
        case 0x71: // BINPUT
        case 0x72: /* LONG_BINPUT */ {
          const size = code === 0x94 ? 1 : code === 0x71 ? 2 : 5;
          if (pos + size > source.textEnd) return source.cut();
          if (stack.length === this.fence()) return notPart;
          const value = stack[stack.length - 1]!;
          source.putIndices.push(code === 0x94 ? memoLength : code === 0x71 ? input[pos + 1]! : view.getUint32(pos + 1, true));
          source.putValues.push(Array.isArray(value) ? undefined : value);
          memoLength++;
          pos += size;
          break;
        }
        case 0x93: /* STACK_GLOBAL */ {
          if (stack.length - 2 < this.fence()) return notPart;
          const name = stack.pop();
          const module = stack.pop();
          if (typeof module !== "string" || typeof name !== "string" || !isKindClass(kind, module, name)) return notPart;
          stack.push(this.m.classes.resolve(module, name, this.m.proto));
          pos += 1;
          break;
        }
        case 0x63: /* GLOBAL */ {
          const index = globalIndex(kind.globalLines, input, pos + 1, source.textEnd);
          if (index === GLOBAL_CUT) return source.cut();
          if (index === NOT_GLOBAL) return notPart;
          const [module, name] = kind.classes[index]!;
          stack.push(this.m.classes.resolve(module, name, this.m.proto));
          pos += 1 + kind.globalLines[index]!.length;
          break;
        }
        case 0x52: /* REDUCE */ {
          if (stack.length - 2 < this.fence()) return notPart;
          const args = stack.pop()!;
          const callee = stack.pop()!;
          if (!Array.isArray(args) || !(callee instanceof PyGlobal) || !isKindClass(kind, callee.module, callee.name)) return notPart;
          try {
            stack.push(this.m.callAt(callee, args, null, code, pos));
          } catch {
            return notPart;
          }
          calls++;
          pos += 1;
          break;
        }
        case 0x62: /* BUILD */ {
          if (stack.length - 2 < this.fence()) return notPart;
          const state = stack.pop()!;
          const target = stack[stack.length - 1]!;
          // Only on a dtype it made: a known part's values are shared by the records after it.
          if (!(target instanceof NumpyDtype) || target.isFrozen) return notPart;
          try {
            this.m.build(target, state, code, pos);
          } catch {
            return notPart;
          }
          pos += 1;
          break;
        }
        default:
          return notPart;
      }
      const depth = stack.length + marks.length;
      if (depth > this.depth) this.depth = depth;
    }
  }

  /** The stack's floor: the last MARK's height, or 0. */
  private fence(): number {
    const marks = this.marks;
    return marks.length === 0 ? 0 : marks[marks.length - 1]!;
  }

  /**
   * Whether the bytes at `start` are the `known` part's, read with the same memo: the same next
   * MEMOIZE index, the same values at the entries it read, and its kind's next opcode after it.
   */
  private isKnown(known: KnownPart, source: PartSource, input: Uint8Array, start: number, memoLength: number): boolean {
    const bytes = known.bytes;
    const end = start + bytes.length;
    if (known.memoLength !== memoLength || end >= source.textEnd || input[end] !== known.kind.next) return false;
    if (!sameBytes(input, start, bytes)) return false;
    const reads = known.reads;
    for (let i = 0; i < reads.length; i += 2) if (source.memoValue(reads[i] as number) !== reads[i + 1]) return false;
    return true;
  }

  /** Keeps a part read now for the records after (the oldest known one goes past MAX_KNOWN_PARTS); its dtypes are frozen, being shared from now on. */
  private remember(kind: PartKind, bytes: Uint8Array, memoLength: number, source: PartSource, firstPut: number, value: PyValue): void {
    const putValues = source.putValues.slice(firstPut);
    for (const put of putValues) if (put instanceof NumpyDtype) put.freeze();
    if (value instanceof NumpyDtype) value.freeze();
    if (this.known.length === MAX_KNOWN_PARTS) this.known.shift();
    this.known.push({ kind, bytes, memoLength, reads: this.reads.slice(), putIndices: source.putIndices.slice(firstPut), putValues, value, depth: this.depth });
  }
}

function isKindClass(kind: PartKind, module: string, name: string): boolean {
  for (const [m, n] of kind.classes) if (m === module && n === name) return true;
  return false;
}

export function sameBytes(input: Uint8Array, at: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (input[at + i] !== bytes[i]) return false;
  return true;
}

/** shortStrEnd's answer when the str runs past `end`. */
export const STR_CUT = -1;
/** shortStrEnd's answer for another opcode or a longer str. */
export const NOT_SHORT_STR = -2;
/**
 * The end of the str at `pos` (SHORT_BINUNICODE, or BINUNICODE as protocol 3 writes every str)
 * when it is one of 255 bytes or fewer (its bytes from strStart on); NOT_SHORT_STR for another
 * opcode or a longer str; STR_CUT when it runs past `end`.
 */
export function shortStrEnd(input: Uint8Array, view: DataView, pos: number, end: number): number {
  const code = input[pos];
  const header = code === 0x8c /* SHORT_BINUNICODE */ ? 2 : code === 0x58 /* BINUNICODE */ ? 5 : 0;
  if (header === 0) return NOT_SHORT_STR;
  if (pos + header > end) return STR_CUT;
  const length = header === 2 ? input[pos + 1]! : view.getUint32(pos + 1, true);
  if (length > 255) return NOT_SHORT_STR;
  if (pos + header + length > end) return STR_CUT;
  return pos + header + length;
}

/** Where the bytes of the str whose opcode is at `pos` start (see shortStrEnd). */
export function strStart(input: Uint8Array, pos: number): number {
  return pos + (input[pos] === 0x8c ? 2 : 5);
}

/** globalIndex's answer when `end` comes before the argument is known. */
export const GLOBAL_CUT = -1;
/** globalIndex's answer for an argument that is none of them. */
export const NOT_GLOBAL = -2;

/**
 * Which of `globals` GLOBAL's argument at `at` is (its index: the argument is that entry's
 * length); NOT_GLOBAL when it is none of them; GLOBAL_CUT when `end` comes before that is known.
 */
export function globalIndex(globals: readonly Uint8Array[], input: Uint8Array, at: number, end: number): number {
  let isCut = false;
  for (let g = 0; g < globals.length; g++) {
    const lines = globals[g]!;
    let i = 0;
    while (i < lines.length && at + i < end && input[at + i] === lines[i]) i++;
    if (i === lines.length) return g;
    if (at + i >= end) isCut = true;
  }
  return isCut ? GLOBAL_CUT : NOT_GLOBAL;
}

/** input[from, to) as a str when all of it is ASCII, else undefined (the names CPython writes are). */
export function asciiText(input: Uint8Array, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) if (input[i]! >= 0x80) return undefined;
  return decodeLatin1(input, from, to - from);
}
