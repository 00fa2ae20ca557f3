/**
 * The container opcodes that end at a MARK or at the items below the top of the stack: SETITEMS,
 * SETITEM, APPENDS, APPEND, ADDITEMS, and TUPLE/LIST/FROZENSET/DICT built from a MARK. The loop
 * calls one of these per opcode and re-reads its fence (the top mark) afterwards; the values they
 * make come from ../containers.ts.
 */
import { hashableKey, isFrozenSet, isTuple } from "../../values/py-types.js";
import { describeValue } from "../describe-value.js";
import type { Machine } from "../machine.js";

/**
 * Drops the stack's items from `mark` up. Setting `length` is a runtime call that may also shrink
 * the array's store, which the next pushes grow again (~3.5% of a stream of small records); pops
 * of the few items a batch leaves are inline.
 */
function truncate(stack: unknown[], mark: number): void {
  for (let n = stack.length - mark; n > 0; n--) stack.pop();
}

/** The stack height below which the current opcode may not pop (the top mark, else 0). */
function fenceOf(marks: readonly number[]): number {
  return marks.length > 0 ? marks[marks.length - 1]! : 0;
}

/** SETITEMS: the pairs above the mark into the dict below it (entries mode: handed out at the root). */
export function setItemsOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop()!;
  if (mark - 1 < fenceOf(marks)) throw m.underflow(op, pos);
  if ((stack.length - mark) & 1) throw m.error("BAD_ARGUMENT", "odd number of items for SETITEMS", op, pos);
  if (mark === m.freshListMark) m.freshList = null;
  if (m.settings.emitEntries && mark === 1) m.emitEntries(mark, true);
  else {
    if (m.settledHigh > 0) m.checkNotHandedOut(stack[mark - 1]!, op, pos);
    m.setItems(stack[mark - 1]!, mark, op, pos);
  }
  truncate(stack, mark);
}

/** APPENDS: the items above the mark onto the list below it; a fresh list's first APPENDS makes an exact-size copy. */
export function appendsOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop()!;
  if (mark - 1 < fenceOf(marks)) throw m.underflow(op, pos);
  const target = stack[mark - 1]!;
  const isRootEntries = m.settings.emitEntries && mark === 1;
  if (mark === m.freshListMark) {
    m.freshListMark = -1;
    if (target === m.freshList && target.length === 0 && !isRootEntries) {
      m.appendsToFreshList(mark);
      return;
    }
    m.freshList = null;
  }
  if (m.settledHigh > 0 && !isRootEntries) m.checkNotHandedOut(target, op, pos);
  if (isRootEntries) m.emitEntries(mark, false);
  else if (Array.isArray(target) && !isTuple(target)) {
    for (let i = mark; i < stack.length; i++) target.push(stack[i]!);
  } else {
    for (let i = mark; i < stack.length; i++) m.appendTo(target, stack[i]!, op, pos);
  }
  truncate(stack, mark);
}

/** SETITEM: the top two items as key and value into the dict below them. */
export function setItemOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 3 < fenceOf(m.marks)) throw m.underflow(op, pos);
  if (m.settings.emitEntries && stack.length === 3 && m.marks.length === 0) m.emitEntries(1, true);
  else {
    if (m.settledHigh > 0) m.checkNotHandedOut(stack[stack.length - 3]!, op, pos);
    m.setItems(stack[stack.length - 3]!, stack.length - 2, op, pos);
  }
  stack.length -= 2;
}

/** APPEND: the top item onto the list below it. */
export function appendOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  if (m.settings.emitEntries && stack.length === 2 && m.marks.length === 0) m.emitEntries(1, false);
  else {
    if (m.settledHigh > 0) m.checkNotHandedOut(stack[stack.length - 2]!, op, pos);
    m.appendTo(stack[stack.length - 2]!, stack[stack.length - 1]!, op, pos);
  }
  stack.length -= 1;
}

/** TUPLE, LIST, FROZENSET, DICT: the items above the mark become one container in their place. */
export function fromMarkOp(m: Machine, op: number, pos: number): void {
  const items = m.takeMarked(op, pos);
  m.stack.push(m.fromSlice(op, items, pos));
}

/** ADDITEMS: the items above the mark into the set (or, with setsAsArrays, the array) below it. */
export function addItemsOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop()!;
  if (mark - 1 < fenceOf(marks)) throw m.underflow(op, pos);
  if (mark === m.freshListMark) m.freshList = null;
  const target = stack[mark - 1]!;
  if (m.settledHigh > 0) m.checkNotHandedOut(target, op, pos);
  // A frozenset has no add (CPython: AttributeError).
  if (target instanceof Set && !isFrozenSet(target)) for (let i = mark; i < stack.length; i++) target.add(hashableKey(stack[i]!, false));
  else if (Array.isArray(target) && m.settings.setsAsArrays && !isTuple(target)) {
    for (let i = mark; i < stack.length; i++) target.push(stack[i]!);
  } else throw m.error("BAD_TYPE", `ADDITEMS target is ${isFrozenSet(target) ? "a frozenset, which has no add" : `${describeValue(target)}, not a set`}`, op, pos);
  truncate(stack, mark);
}
