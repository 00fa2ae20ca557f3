// Lists of dicts of any length in a learned record (an order's lines): which lists a replay may
// take with another number of items than the learned record's, and the steps it reads them by.
// The byte writers (record-shape.ts) and the value path (decoder/record-values.ts) both loop over
// such a list: its first item by the learned first item's steps, every later one by the second's.

import { H_CONST, H_FLOAT, H_INT, H_LIST, H_SCALAR, H_SET, H_STR, MAX_LIST_ITEMS, P_EXACT, P_FRAME, P_HOLE, P_SKIP, type ShapeNode, type Step } from "./record-learn.js";
import { isSameSpan } from "./shape-bytes.js";

/**
 * `root` with each list of two dicts or more that a replay may take with any number of items made
 * a "dicts" node, and the loops in input order (see dictLoops). Marks `steps`: the list's MARK, its
 * items from the third on and its APPENDS skipped (P_SKIP: the loop reads them); the second
 * item's scalar holes H_SCALAR, their MEMOIZE skipped (the hole reads it).
 */
export function findDictLoops(root: ShapeNode, steps: readonly Step[], input: Uint8Array): { root: ShapeNode; loops: DictLoop[] } {
  const loops: DictLoop[] = [];
  const looped = dictLoops(root, steps, input, memoSizes(steps, input), loops, false);
  loops.sort((a, b) => a.first - b.first);
  return { root: looped, loops };
}

/** A learned list of dicts the replay takes with any number of items. */
export interface DictLoop {
  /** The steps of its first item's EMPTY_DICT, of its second's, and the one after its second item (the third's EMPTY_DICT or the APPENDS). */
  readonly first: number;
  readonly second: number;
  readonly secondEnd: number;
  /** The memo puts of its first item and of its second (but its H_SCALAR holes'); its item count; the H_SCALAR holes' puts in its later items. */
  readonly firstPuts: number;
  readonly nextPuts: number;
  readonly count: number;
  readonly scalarPuts: number;
  /** The "dicts" node it made of the list. */
  readonly node: DictsNode;
}

/** A list of dicts of any length in a learned record's tree. */
export type DictsNode = Extract<ShapeNode, { type: "dicts" }>;

/** Puts of a learned record's opcodes: MEMOIZE, BINPUT, LONG_BINPUT. */
function isPutOp(op: number): boolean {
  return op === 0x94 || op === 0x71 || op === 0x72;
}

/** The memo's size before each step (and after the last), as the record's puts grow it (CPython's: one index after another). */
function memoSizes(steps: readonly Step[], input: Uint8Array): Int32Array {
  const sizes = new Int32Array(steps.length + 1);
  let size = 0;
  for (let i = 0; i < steps.length; i++) {
    sizes[i] = size;
    const step = steps[i]!;
    if (step.to > step.from && step.kind !== P_HOLE && isPutOp(input[step.from]!)) size++;
  }
  sizes[steps.length] = size;
  return sizes;
}

/**
 * `node` with each list of two dicts or more that a replay may take with any number of items
 * made a "dicts" node (its steps from the third item on, its MARK and its APPENDS skipped, the
 * loop in `loops`); not inside another such list. A list qualifies when it is `MARK dict dict...
 * APPENDS` right after its EMPTY_LIST and put, its items from the second on have the same steps
 * (the same bytes where exact: memo reads of the first's keys, MEMOIZE), no item holds a list
 * or set hole (whose puts vary), and no memo read inside a later item reads past the first item,
 * or after the list inside it: with another count, an index there is another entry.
 */
function dictLoops(node: ShapeNode, steps: readonly Step[], input: Uint8Array, sizes: Int32Array, loops: DictLoop[], isInLoop: boolean): ShapeNode {
  if (node.type === "dict") {
    for (let i = 0; i < node.items.length; i++) node.items[i] = dictLoops(node.items[i]!, steps, input, sizes, loops, isInLoop);
    return node;
  }
  if (node.type === "object") {
    return { ...node, args: node.args === null ? null : dictLoops(node.args, steps, input, sizes, loops, isInLoop), state: node.state === null ? null : dictLoops(node.state, steps, input, sizes, loops, isInLoop) };
  }
  if (node.type !== "array") return node;
  const loop = isInLoop ? null : dictLoopOf(node, steps, input, sizes);
  for (let i = 0; i < node.items.length; i++) node.items[i] = dictLoops(node.items[i]!, steps, input, sizes, loops, isInLoop || loop !== null);
  if (loop === null) return node;
  const dicts: DictsNode = { type: "dicts", first: node.items[0]!, next: node.items[1]! };
  loops.push({ ...loop, node: dicts });
  for (let i = loop.secondEnd; i <= node.lastFill!; i++) steps[i]!.kind = P_SKIP;
  steps[loop.first - 1]!.kind = P_SKIP;
  return dicts;
}

/** The loop of a list of dicts (see dictLoops), or null. */
function dictLoopOf(node: Extract<ShapeNode, { type: "array" }>, steps: readonly Step[], input: Uint8Array, sizes: Int32Array): Omit<DictLoop, "node"> | null {
  const items = node.items;
  if (!node.isList || node.opened === undefined || node.fills !== 1 || items.length < 2 || items.length >= MAX_LIST_ITEMS) return null;
  const firsts: number[] = [];
  for (const item of items) {
    if (item.type !== "dict" || item.opened === undefined) return null;
    firsts.push(item.opened);
  }
  const appends = node.lastFill!;
  if (input[steps[appends]!.from] !== 0x65 /* APPENDS */) return null;
  // EMPTY_LIST's empty step, its put, then the MARK right before the first item.
  const first = firsts[0]!;
  const mark = steps[first - 1]!;
  if (mark.kind !== P_EXACT || mark.to - mark.from !== 1 || input[mark.from] !== 0x28 /* MARK */) return null;
  for (let i = node.opened + 1; i < first - 1; i++) {
    const step = steps[i]!;
    if (step.kind !== P_EXACT || !isPutOp(input[step.from]!)) return null;
  }
  firsts.push(appends);
  for (let i = first; i < appends; i++) {
    const step = steps[i]!;
    // A list's empty place after its EMPTY_LIST is nothing; its items' steps inside a list hole are the hole's.
    if ((step.kind === P_SKIP && step.to > step.from) || step.kind === P_FRAME || (step.kind === P_HOLE && (step.holeClass === H_LIST || step.holeClass === H_SET))) return null;
  }
  // The later items: the same units (a scalar with its optional MEMOIZE, any other hole of one class, exact bytes).
  const units = itemUnits(steps, input, firsts[1]!, firsts[2]!);
  let scalarPuts = 0;
  for (let item = 1; item < items.length; item++) {
    const other = item === 1 ? units : itemUnits(steps, input, firsts[item]!, firsts[item + 1]!);
    if (other.length !== units.length) return null;
    for (let u = 0; u < units.length; u++) {
      const a = units[u]!;
      const b = other[u]!;
      if (a.kind !== b.kind || (a.kind === U_HOLE && a.holeClass !== b.holeClass) || (a.kind === U_EXACT && !sameStep(input, steps[a.step]!, steps[b.step]!))) return null;
      if (b.kind === U_SCALAR && b.put >= 0) scalarPuts++;
    }
  }
  // Memo reads: in a later item, of entries before the second; after the list, of entries before the first.
  const secondBase = sizes[firsts[1]!]!;
  const firstBase = sizes[first]!;
  for (let i = firsts[1]!; i < steps.length; i++) {
    const step = steps[i]!;
    const op = input[step.from];
    if (step.kind !== P_EXACT || (op !== 0x68 /* BINGET */ && op !== 0x6a) /* LONG_BINGET */) continue;
    const index = op === 0x68 ? input[step.from + 1]! : (input[step.from + 1]! | (input[step.from + 2]! << 8) | (input[step.from + 3]! << 16) | (input[step.from + 4]! << 24)) >>> 0;
    if (index >= (i < appends ? secondBase : firstBase)) return null;
  }
  // The second item's program: its scalars H_SCALAR holes that read their puts.
  let secondScalarPuts = 0;
  for (const unit of units) {
    if (unit.kind !== U_SCALAR) continue;
    steps[unit.step]!.holeClass = H_SCALAR;
    if (unit.put >= 0) {
      steps[unit.put]!.kind = P_SKIP;
      secondScalarPuts++;
    }
  }
  return {
    first,
    second: firsts[1]!,
    secondEnd: firsts[2]!,
    firstPuts: sizes[firsts[1]!]! - firstBase,
    nextPuts: sizes[firsts[2]!]! - secondBase - secondScalarPuts,
    count: items.length,
    scalarPuts,
  };
}

/** An item's unit (itemUnits): bytes compared as learned, a hole of one class, or a scalar hole of any class and its optional MEMOIZE. */
const U_EXACT = 0;
const U_HOLE = 1;
const U_SCALAR = 2;
const SCALAR_HOLES: ReadonlySet<number> = new Set([H_STR, H_INT, H_FLOAT, H_CONST]);

interface ItemUnit {
  readonly kind: number;
  /** Its step (a scalar's hole). */
  readonly step: number;
  readonly holeClass: number;
  /** A scalar's MEMOIZE step, or -1. */
  readonly put: number;
}

/** The units of the steps [from, to) (an item of a list of dicts); empty places (a list's after its EMPTY_LIST) left out. */
function itemUnits(steps: readonly Step[], input: Uint8Array, from: number, to: number): ItemUnit[] {
  const units: ItemUnit[] = [];
  for (let i = from; i < to; i++) {
    const step = steps[i]!;
    if (step.to === step.from) continue;
    if (step.kind === P_HOLE && SCALAR_HOLES.has(step.holeClass)) {
      const next = steps[i + 1];
      const isPut = i + 1 < to && next!.kind === P_EXACT && next!.to - next!.from === 1 && input[next!.from] === 0x94; /* MEMOIZE */
      units.push({ kind: U_SCALAR, step: i, holeClass: 0, put: isPut ? i + 1 : -1 });
      if (isPut) i++;
    } else {
      units.push({ kind: step.kind === P_HOLE ? U_HOLE : U_EXACT, step: i, holeClass: step.holeClass, put: -1 });
    }
  }
  return units;
}

/** Whether two exact steps hold the same bytes. */
function sameStep(input: Uint8Array, a: Step, b: Step): boolean {
  return a.to - a.from === b.to - b.from && isSameSpan(input, a.from, b.from, a.to - a.from);
}
