/**
 * The stack opcodes that may pop a mark or discard a call's result: POP and POP_MARK. (MARK and
 * DUP stay in the loop: a line or two each.)
 */
import type { Machine } from "../machine.js";

/** POP: the top item, or the mark when it sits on top of the stack (as CPython does). */
export function popOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length > 0 && marks[marks.length - 1] === stack.length) {
    if (marks.pop() === m.freshListMark) m.freshList = null;
    return;
  }
  if (stack.length <= (marks.length > 0 ? marks[marks.length - 1]! : 0)) throw m.underflow(op, pos);
  const popped = stack.pop();
  if (m.lastCall !== null && popped === m.lastCall) m.discardCall(m.lastCall);
}

/** POP_MARK: everything above the top mark, and the mark. */
export function popMarkOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  if (m.lastCall !== null && stack.length > marks[marks.length - 1]! && stack[stack.length - 1] === m.lastCall) {
    m.discardCall(m.lastCall);
  }
  stack.length = marks.pop()!;
  if (stack.length === m.freshListMark) m.freshList = null;
}
