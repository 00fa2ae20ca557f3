/**
 * The object opcodes: STACK_GLOBAL, REDUCE, NEWOBJ, NEWOBJ_EX, BUILD and OBJ (INST, a text
 * opcode, is in rare.ts). What a call makes is decided in ../calls.ts; nothing named in a pickle
 * is ever called.
 */
import { isTuple, markTuple, type PyValue } from "../../values/py-types.js";
import { PyInstance } from "../../values/placeholders.js";
import { describeValue } from "../describe-value.js";
import type { Machine } from "../machine.js";

function fenceOf(marks: readonly number[]): number {
  return marks.length > 0 ? marks[marks.length - 1]! : 0;
}

/** STACK_GLOBAL: module and name strings become the global they name. */
export function stackGlobalOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const name = stack.pop()!;
  const module = stack.pop()!;
  if (typeof module !== "string" || typeof name !== "string") {
    throw m.error("BAD_TYPE", "STACK_GLOBAL requires str module and name", op, pos);
  }
  stack.push(m.classes.resolve(module, name, m.proto));
}

/** REDUCE: callable and argument tuple become the call's value (a placeholder stays discardable). */
export function reduceOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const args = stack.pop()!;
  const callee = stack.pop()!;
  if (!isTuple(args)) throw m.error("BAD_TYPE", `REDUCE arguments must be a tuple, got ${describeValue(args)}`, op, pos);
  const result = m.callAt(callee, args as PyValue[], null, op, pos);
  stack.push(result);
  m.lastCall = result instanceof PyInstance ? result : null;
}

/** NEWOBJ: class and argument tuple become `cls.__new__(cls, *args)`'s value. */
export function newObjOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const args = stack.pop()!;
  const cls = stack.pop()!;
  if (!isTuple(args)) throw m.error("BAD_TYPE", `NEWOBJ arguments must be a tuple, got ${describeValue(args)}`, op, pos);
  stack.push(m.callAt(cls, args as PyValue[], null, op, pos));
}

/** NEWOBJ_EX: as NEWOBJ, with keyword arguments. */
export function newObjExOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 3 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const kwargs = stack.pop()!;
  const args = stack.pop()!;
  const cls = stack.pop()!;
  if (!isTuple(args)) throw m.error("BAD_TYPE", `NEWOBJ_EX arguments must be a tuple, got ${describeValue(args)}`, op, pos);
  stack.push(m.callAt(cls, args as PyValue[], m.kwargsOf(kwargs, op, pos), op, pos));
}

/** BUILD: the top item is the state of the object below it. The loop checks for raw bytes that follow (joblib). */
export function buildOp(m: Machine, op: number, pos: number): void {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const state = stack.pop()!;
  if (m.settledHigh > 0) m.checkNotHandedOut(stack[stack.length - 1]!, op, pos);
  m.build(stack[stack.length - 1]!, state, op, pos);
}

/** OBJ: the class and arguments above the mark become the call's value. */
export function objOp(m: Machine, op: number, pos: number): void {
  const items = m.takeMarked(op, pos);
  if (items.length === 0) throw m.underflow(op, pos);
  const cls = items.shift()!;
  m.stack.push(m.callAt(cls, markTuple(items), null, op, pos));
}
