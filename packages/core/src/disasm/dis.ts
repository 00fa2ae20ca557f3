/**
 * `dis`: a symbolic disassembly of a pickle in the format of CPython's `pickletools.dis`, with
 * its sanity checks (GET before PUT, memo redefined, pop underflow, missing MARK, stack left
 * after STOP), driven by each opcode's stackBefore/stackAfter in the opcode table.
 *
 * Where the output differs from pickletools, on purpose:
 * - Arguments are shown as the Unpickler reads them: GLOBAL/INST names as UTF-8 text (pickletools
 *   undoes backslash escapes and insists on ASCII), Python 2 strings as latin-1 text.
 * - Ints of more than 4300 digits print in hex (CPython 3.11 refuses to print them at all).
 * - An opcode cannot pop the items below a MARK as ordinary items (STACK_UNDERFLOW), as in the
 *   Unpickler; pickletools' emulation lets it and fails later or not at all.
 * - The error messages of MEMOIZE name the memo index (pickletools prints `None`).
 * - `annotate` appends our table's one-line docs, not pickletools' docstrings.
 */
import { PickleError } from "../errors.js";
import { MARK } from "../opcodes/codes.js";
import type { StackKind } from "../opcodes/stack-kinds.js";
import type { OpcodeInfo } from "../opcodes/table.js";
import { checkInput, genops } from "./genops.js";
import { reprArg, reprStr } from "./py-repr.js";
import type { OpArg } from "./read-argument.js";
import { isStackFault, StackEmulator } from "./stack-emulator.js";

/** The disassembler's memo: index -> the stack kind stored there. Pass one to share it across records. */
export type DisMemo = Map<number, StackKind>;

export interface DisOptions {
  /** Offset of the pickle in `bytes`. Default 0. */
  readonly start?: number;
  /** Record index stated in errors. Default 0. */
  readonly recordIndex?: number;
  /** Spaces per open MARK. Default 4, as pickletools. */
  readonly indentLevel?: number;
  /** When > 0, append each opcode's one-line doc, aligned near this column. Default 0 (off). */
  readonly annotate?: number;
  /** A memo to start from and fill, for records written by one pickler. Default: a fresh memo. */
  readonly memo?: DisMemo;
}

const PUTS = new Set(["PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"]);
const GETS = new Set(["GET", "BINGET", "LONG_BINGET"]);

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Expected ${name} to be a non-negative integer, got ${value}`);
  }
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The memo index an opcode's argument names (GET/PUT arguments may be bools or bigints). */
function memoIndex(arg: OpArg): number {
  if (typeof arg === "boolean") return arg ? 1 : 0;
  return typeof arg === "number" ? arg : Number(arg);
}

/**
 * Yields the disassembly of one pickle line by line and returns the offset after its STOP.
 * When a sanity check fails, the offending line is yielded first, then a `PickleError` is
 * thrown, as pickletools prints the line before raising.
 */
export function* disLines(bytes: Uint8Array, options: DisOptions = {}): Generator<string, number, undefined> {
  const start = options.start ?? 0;
  checkInput(bytes, start);
  const indentLevel = options.indentLevel ?? 4;
  const annotate = options.annotate ?? 0;
  checkCount("indentLevel", indentLevel);
  checkCount("annotate", annotate);
  const recordIndex = options.recordIndex ?? 0;
  const memo: DisMemo = options.memo ?? new Map();
  const indent = " ".repeat(indentLevel);
  const stack = new StackEmulator<StackKind>();
  let maxProto = -1;
  let annotateColumn = annotate;

  const ops = genops(bytes, { start, recordIndex });
  for (let next = ops.next(); ; next = ops.next()) {
    if (next.done) {
      yield `highest protocol among opcodes = ${maxProto}`;
      const left = stack.remaining();
      if (left.length > 0) {
        const kinds = left.map((kind) => (kind === "mark" ? "markobject" : kind)).join(", ");
        throw new PickleError(`stack not empty after STOP: [${kinds}]`, {
          code: "BAD_ARGUMENT",
          offset: next.value - 1,
          opcode: -1,
          recordIndex,
        });
      }
      return next.value;
    }
    const { info, arg, offset } = next.value;
    maxProto = Math.max(maxProto, info.proto);
    let line = `${reprStr(String.fromCharCode(info.code)).slice(1, -1).padEnd(4)} ${indent.repeat(stack.markDepth)}${info.name}`;

    const fail = (code: PickleError["code"], reason: string): PickleError =>
      new PickleError(reason, { code, offset, opcode: info.code, recordIndex });
    let error: PickleError | null = null;
    let markMessage: string | null = null;
    let pushed: StackKind[] = info.stackAfter.filter((kind) => kind !== "markobject");

    // Pop first: the MARK message belongs on this opcode's line.
    const takesMark = info.stackBefore.includes("markobject") || (info.name === "POP" && stack.isMarkOnTop);
    const markOffset = takesMark ? stack.topMarkOffset : undefined;
    if (takesMark) markMessage = markOffset === undefined ? "no MARK exists on stack" : `(MARK at ${markOffset})`;

    if (PUTS.has(info.name)) {
      const index = info.name === "MEMOIZE" ? memo.size : memoIndex(arg);
      if (info.name === "MEMOIZE") markMessage = `(as ${index})`;
      const top = stack.peek();
      if (memo.has(index)) error = fail("BAD_ARGUMENT", `memo key ${index} already defined`);
      else if (stack.isMarkOnTop) error = fail("STACK_UNDERFLOW", "can't store markobject in the memo");
      else if (top === undefined) error = fail("STACK_UNDERFLOW", "stack is empty -- can't store into memo");
      else memo.set(index, top);
    } else if (GETS.has(info.name)) {
      const stored = memo.get(memoIndex(arg));
      if (stored === undefined) error = fail("MEMO_MISSING", `memo key ${memoIndex(arg)} has never been stored into`);
      else pushed = [stored]; // better emulation: a GET pushes what was stored
    }

    if (arg !== null || markMessage !== null) {
      line += " ".repeat(Math.max(0, 10 - info.name.length));
      if (arg !== null) line += ` ${reprArg(arg, info.arg.name)}`;
      if (markMessage !== null) line += ` ${markMessage}`;
    }
    if (annotate > 0) {
      line += " ".repeat(Math.max(0, annotateColumn - codePointLength(line)));
      annotateColumn = codePointLength(line);
      if (annotateColumn > 50) annotateColumn = annotate;
      line += ` ${info.doc}`;
    }
    yield `${String(offset).padStart(5)}: ${line}`;

    if (takesMark && markOffset === undefined) throw fail("NO_MARK", "no MARK exists on stack");
    if (error !== null) throw error;
    applyStackEffect(stack, info, offset, pushed, fail);
  }
}

function applyStackEffect(
  stack: StackEmulator<StackKind>,
  info: OpcodeInfo,
  offset: number,
  pushed: readonly StackKind[],
  fail: (code: PickleError["code"], reason: string) => PickleError,
): void {
  const popped = stack.pop(info);
  if (isStackFault(popped)) throw fail(popped.code, popped.reason);
  if (info.code === MARK) stack.pushMark(offset);
  for (const kind of pushed) stack.push(kind);
}

/** The disassembly of one pickle as text (one line per opcode, then the protocol line). */
export function dis(bytes: Uint8Array, options: DisOptions = {}): string {
  let text = "";
  for (const line of disLines(bytes, options)) text += `${line}\n`;
  return text;
}

export interface DisAllOptions extends Omit<DisOptions, "start" | "recordIndex" | "memo"> {
  /** `"per-record"` (default): a fresh memo per pickle; `"shared"`: one memo, as one Pickler wrote them. */
  readonly memo?: "per-record" | "shared";
}

/** The disassembly of every pickle in `bytes`, one after another, records separated by an empty line. */
export function* disAllLines(bytes: Uint8Array, options: DisAllOptions = {}): Generator<string, void, undefined> {
  checkInput(bytes, 0);
  const shared: DisMemo | undefined = options.memo === "shared" ? new Map() : undefined;
  let start = 0;
  for (let recordIndex = 0; start < bytes.length; recordIndex++) {
    if (recordIndex > 0) yield "";
    start = yield* disLines(bytes, { ...options, start, recordIndex, memo: shared ?? new Map() });
  }
}
