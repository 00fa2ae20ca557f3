/**
 * Where an island ends (island.ts): with its value alone on its stack, does an opcode that
 * follows act on it (BUILD with a state, SETITEMS after a MARK right above it, REDUCE with its
 * arguments), or does the data around it take it (a SETITEMS whose MARK is below it)? The
 * opcodes are walked by their argument sizes and stack effects from the opcode table, without
 * building anything, until one of them reaches the value.
 */
import { lengthPrefixBytes, TAKEN_FROM_ARGUMENT1, TWO_NEWLINES, UP_TO_NEWLINE } from "../opcodes/arg-kinds.js";
import { ARG_SIZE, NOT_AN_OPCODE, OPCODES } from "../opcodes/table.js";

/** An opcode that follows acts on the value: the island goes on. */
export const SCAN_TAKES = 1;
/** The data around the island takes the value (or the walk gave up: the island ends, which is always safe). */
export const SCAN_LEAVES = 0;
/** The input ended before an opcode reached the value. */
export const SCAN_RAN_OUT = -1;
/** The opcodes that follow reach past `maxPos` before deciding (the island would be too long). */
export const SCAN_TOO_LONG = -2;

/**
 * Opcodes walked before giving up (then the island ends there, which is always safe: an opcode
 * that acts on the value after that, a BUILD, SETITEMS or REDUCE, declines the record).
 */
const MAX_SCANNED_OPCODES = 512;
const MAX_SCAN_MARKS = 64;
/**
 * The walk gives up once this many items are above the value outside any MARK it set. What acts
 * on a value comes right after it with few items between, at that level: a call's class, its
 * arguments (a tuple, packed from a MARK past 3 items) and REDUCE; NEWOBJ_EX's three; a state and
 * BUILD. Items piling up there are the data around it: a class as a key of a dict batch is
 * followed by its value, then the next pairs (2 items each) up to the batch's SETITEMS, and
 * walking 512 opcodes per key cost a third of the time of a dict of 500k datetime keys. An
 * object in a list is followed by the next objects up to the batch's APPENDS, each one item once
 * built: 8 (not 16) walks half as many of them (a list of 400k objects of a class of our own ->
 * NDJSON, in-process: 1.74 -> 1.55 s). Protocol 2's nested calls (a numpy array's bytes made by
 * `_codecs.encode`) pile up more than 4 items before theirs (4 declined those records).
 */
const MAX_FREE_HEIGHT = 8;

// From the opcode table: the items each opcode pops (for one that pops to a MARK, the items
// below its MARK that it acts on: APPENDS' list), the items it leaves, and whether it pops to a MARK.
const POPS = new Int8Array(256);
const PUSHES = new Int8Array(256);
const TO_MARK = new Uint8Array(256);
for (const info of OPCODES) {
  const markAt = info.stackBefore.indexOf("markobject");
  TO_MARK[info.code] = markAt >= 0 ? 1 : 0;
  POPS[info.code] = markAt >= 0 ? markAt : info.stackBefore.length;
  PUSHES[info.code] = info.stackAfter.length;
}
const MARK = 0x28;
const STOP = 0x2e;

/**
 * With the island's value alone on its stack, whether the opcodes from `input[pos]` on (up to
 * `end`, and not past `maxPos`) act on it before the data around it takes it: an opcode that reaches exactly down to
 * the value, with only what the walk pushed above it, acts on it (SCAN_TAKES); one that reaches
 * below it, or pops to a MARK set before it, or STOP, means the island ends (SCAN_LEAVES).
 */
export function scanIslandEnd(input: Uint8Array, pos: number, end: number, maxPos: number): number {
  // Items pushed above the value; the heights of the MARKs set during the walk.
  let height = 0;
  const marks: number[] = [];
  for (let count = 0; count < MAX_SCANNED_OPCODES; count++) {
    if (pos > maxPos) return SCAN_TOO_LONG;
    if (pos >= end) return SCAN_RAN_OUT;
    const op = input[pos]!;
    const size = ARG_SIZE[op]!;
    if (size === NOT_AN_OPCODE || op === STOP) return SCAN_LEAVES;
    if (op === MARK) {
      if (marks.length === MAX_SCAN_MARKS) return SCAN_LEAVES;
      marks.push(height);
    } else if (TO_MARK[op] === 1) {
      if (marks.length === 0) return SCAN_LEAVES;
      const mark = marks.pop()!;
      const below = mark - POPS[op]!;
      // APPENDS, SETITEMS, ADDITEMS on the container below a MARK set right above the value: the value.
      if (below < 0) return SCAN_TAKES;
      height = below + PUSHES[op]!;
    } else {
      const pops = POPS[op]!;
      const floor = marks.length > 0 ? marks[marks.length - 1]! : -1;
      // Past a MARK the walk set: the value decoder refuses it (the island ends; the record declines).
      if (height - pops < floor) return SCAN_LEAVES;
      if (height - pops === -1) return SCAN_TAKES;
      if (height - pops < -1) return SCAN_LEAVES;
      height += PUSHES[op]! - pops;
      if (height > MAX_FREE_HEIGHT && marks.length === 0) return SCAN_LEAVES;
    }
    // Past the opcode and its argument.
    if (size >= 0) {
      pos += 1 + size;
    } else if (size === TAKEN_FROM_ARGUMENT1) {
      if (pos + 2 > end) return SCAN_RAN_OUT;
      pos += 2 + input[pos + 1]!;
    } else if (size === UP_TO_NEWLINE || size === TWO_NEWLINES) {
      let newline = input.indexOf(0x0a, pos + 1);
      if (newline >= 0 && size === TWO_NEWLINES) newline = input.indexOf(0x0a, newline + 1);
      if (newline < 0 || newline >= end) return SCAN_RAN_OUT;
      pos = newline + 1;
    } else {
      const prefix = lengthPrefixBytes(size);
      if (pos + 1 + prefix > end) return SCAN_RAN_OUT;
      let length = 0;
      for (let i = pos + prefix; i > pos; i--) length = length * 256 + input[i]!;
      pos += 1 + prefix + length;
    }
  }
  return SCAN_LEAVES;
}
