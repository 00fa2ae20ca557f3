/**
 * Audits of records read by the opcodes of an earlier record (a stream's 800k appended dicts
 * mostly repeat a few shapes). A record the audit judged safe, with no finding, is kept as a
 * template when its opcodes are plain data and calls of classes the audit judges by name alone
 * (ARGUMENT_BLIND_CALLS: datetimes, Decimals, UUIDs, ...): its opcodes in order, the bytes of the
 * arguments that shape the audit (PROTO, memo indices, a global's names), the frames' ends. A
 * later record with the same opcodes where the template has structure, and any scalar (an int, a
 * float, a str, bytes, None, a bool) where it has one, gets the template's audit, with its own
 * offsets, length and opcode counts.
 *
 * Why that is the audit it would get opcode by opcode: the audit follows the stack symbolically,
 * so the same opcodes give the same stack, memo, nesting, imports and calls, and a scalar's value
 * is read only by STACK_GLOBAL (the names it imports: the strs it takes are held to the
 * template's bytes) and by the calls of ARGUMENT_BLIND_CALLS's complement (sizes, nested pickles,
 * getattr names, joblib arrays), which a template has none of. What the audit would refuse in a
 * scalar is checked as it does (the claimed length against the same limits, UTF-8 by the same
 * decoder); anything else that differs, a cut record, a frame that ends elsewhere, sends the
 * record to the full audit, which then words the error.
 */
import { claimedLength, type LengthLimits } from "../decoder/claimed-length.js";
import { decodeUtf8 } from "../decoder/text.js";
import { LEARN, LearningCredit, REST_BEGINS } from "../engine/learning-credit.js";
import { lengthPrefixBytes } from "../opcodes/arg-kinds.js";
import * as OP from "../opcodes/codes.js";
import { ARG_SIZE, opcodeByCode } from "../opcodes/table.js";
import type { AuditCall, AuditImport, RecordAudit } from "./audit.js";
import { insertInOrder, type OpcodeCountNames } from "./opcode-counts.js";
import { isStackFault, StackEmulator } from "./stack-emulator.js";

/**
 * Calls (REDUCE, NEWOBJ, BUILD) the audit judges by their target's name alone: `call` and `build`
 * in audit.ts read none of their arguments' scalars for these (they look for callables among the
 * arguments, which are globals and call results: structure, the same in a replayed record). Keep
 * it so: a class whose call the audit looks into (sizes, nested pickles, joblib wrappers,
 * getattr) must not be added here.
 */
export const ARGUMENT_BLIND_CALLS: ReadonlySet<string> = new Set([
  "datetime.datetime",
  "datetime.date",
  "datetime.time",
  "datetime.timedelta",
  "datetime.timezone",
  "decimal.Decimal",
  "uuid.UUID",
  "uuid.SafeUUID",
  "collections.OrderedDict",
  "builtins.set",
  "builtins.frozenset",
  "builtins.complex",
  "fractions.Fraction",
  // Time zones a datetime holds (rebuilt-classes.ts: calls the decoder reads): pytz's, dateutil's.
  "pytz._p",
  "pytz._UTC",
  "pytz.FixedOffset",
  "dateutil.tz.tz.tzutc",
  "dateutil.tz.tz.tzoffset",
  // What getattr(zoneinfo.ZoneInfo, "_unpickle") returns, called with a zone's key and a flag.
  "zoneinfo.ZoneInfo._unpickle",
]);

/**
 * Calls the audit judges by their target's name and the strs they are given: `getattr(owner,
 * name)` (a method the decoder reads, or a bound method). A template with one holds every str it
 * pushes to the template's bytes, so the name is the template's own.
 */
const TEXT_READING_CALLS: ReadonlySet<string> = new Set(["builtins.getattr"]);

/** What a template holds at an opcode: the same opcode and the same argument bytes; */
const EXACT = 0;
/** any scalar opcode, any valid argument; */
const SCALAR = 1;
/** FRAME: any length that ends the frame where the template's ended. */
const FRAME = 2;
/** Not in a template (extensions, persistent ids, buffers, INST and OBJ, text scalars). */
const REFUSED = 3;

/** The role of each opcode byte in a template. */
const ROLE: Uint8Array = (() => {
  const role = new Uint8Array(256).fill(REFUSED);
  const exact = [
    OP.MARK, OP.STOP, OP.PROTO, OP.EMPTY_DICT, OP.EMPTY_LIST, OP.EMPTY_TUPLE, OP.EMPTY_SET,
    OP.TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3, OP.LIST, OP.DICT, OP.FROZENSET,
    OP.APPEND, OP.APPENDS, OP.SETITEM, OP.SETITEMS, OP.ADDITEMS, OP.POP, OP.POP_MARK, OP.DUP,
    OP.MEMOIZE, OP.BINPUT, OP.LONG_BINPUT, OP.BINGET, OP.LONG_BINGET,
    OP.GLOBAL, OP.STACK_GLOBAL, OP.REDUCE, OP.NEWOBJ, OP.NEWOBJ_EX, OP.BUILD,
  ];
  const scalar = [
    OP.NONE, OP.NEWTRUE, OP.NEWFALSE, OP.BININT, OP.BININT1, OP.BININT2, OP.LONG1, OP.BINFLOAT,
    OP.SHORT_BINUNICODE, OP.BINUNICODE, OP.SHORT_BINBYTES, OP.BINBYTES,
  ];
  for (const code of exact) role[code] = EXACT;
  for (const code of scalar) role[code] = SCALAR;
  role[OP.FRAME] = FRAME;
  return role;
})();

/** Records longer than this are not kept as templates (a template holds a copy of its bytes). */
const MAX_TEMPLATE_BYTES = 64 * 1024;
/** Templates kept, the last one used first (a stream mixing a few shapes keeps each). */
const MAX_TEMPLATES = 8;

/** An import or call of the template, and the opcode (by index) of its first occurrence. */
interface Placed<T> {
  readonly entry: T;
  readonly opIndex: number;
}

interface Template {
  /** The template record's bytes (exact arguments are compared with these). */
  readonly bytes: Uint8Array;
  /** Each opcode's byte (a SCALAR's is the template's, unused). */
  readonly codes: Uint8Array;
  /** Each opcode's role (EXACT, SCALAR, FRAME). */
  readonly roles: Uint8Array;
  /** Each opcode's offset in `bytes`, and one more: the record's length. */
  readonly offsets: Int32Array;
  /** For a FRAME: the index of the opcode its frame ends before (the count of opcodes: after the last). */
  readonly frameEnds: Int32Array;
  readonly protocol: number | null;
  readonly maxNesting: number;
  readonly memoSize: number;
  readonly imports: readonly Placed<AuditImport>[];
  readonly calls: readonly Placed<AuditCall>[];
}

const NO_ENTRIES: readonly never[] = Object.freeze([]);

export class AuditReplay {
  private templates: Template[] = [];
  /**
   * When to learn (the byte writers' rule, engine/learning-credit.ts): a stream whose records
   * seldom repeat a shape (orders of 0-8 lines, each line's note None or a str) stops paying for
   * templates that read nothing, and is audited opcode by opcode while they rest.
   */
  private readonly credit = new LearningCredit();
  /** The template learned last (on trial). */
  private learnedLast: Template | null = null;
  /** Counts of the record being read, by opcode byte, and the bytes used (ascending). */
  private readonly counts = new Float64Array(256);
  private readonly used: number[] = [];
  /** Where each opcode of the record being read starts (its imports' and calls' offsets). */
  private positions = new Int32Array(256);

  constructor(
    private readonly limits: LengthLimits,
    private readonly countNames: OpcodeCountNames,
  ) {}

  /**
   * The audit of the record at bytes[start] (absolute offset `base + start`) as a template reads
   * it, or null when none does (the record is then for the full audit).
   */
  replay(bytes: Uint8Array, view: DataView, start: number, base: number, recordIndex: number): RecordAudit | null {
    const templates = this.templates;
    for (let i = 0; i < templates.length; i++) {
      const template = templates[i]!;
      const end = this.read(template, bytes, view, start);
      if (end < 0) continue;
      if (i > 0) {
        templates.splice(i, 1);
        templates.unshift(template);
      }
      this.credit.hit(template === this.learnedLast);
      const { counts, used } = this;
      const { named: opcodeCounts, highestProtocol } = this.countNames.entry(counts, used);
      this.clearCounts();
      // The same fields in the same order as RecordAuditor.finish's (one hidden class, the same JSON).
      return {
        recordIndex,
        offset: base + start,
        byteLength: end - start,
        protocol: template.protocol,
        highestOpcodeProtocol: highestProtocol,
        opcodeCounts,
        maxNesting: template.maxNesting,
        memoSize: template.memoSize,
        imports: template.imports.length === 0 ? NO_ENTRIES : this.placed(template.imports, base),
        calls: template.calls.length === 0 ? NO_ENTRIES : this.placed(template.calls, base),
        findings: NO_ENTRIES,
        verdict: "safe",
        isComplete: true,
      };
    }
    if (templates.length > 0) this.credit.miss();
    return null;
  }

  /** The template's imports or calls at the record just read: the offsets of its own opcodes. */
  private placed<T extends { readonly offset: number }>(entries: readonly Placed<T>[], base: number): T[] {
    return entries.map(({ entry, opIndex }) => ({ ...entry, offset: base + this.positions[opIndex]! }));
  }

  /**
   * Keeps the record bytes[start, start + record.byteLength), which the full audit judged as
   * `record`, as a template when it can be one.
   */
  learn(bytes: Uint8Array, start: number, record: RecordAudit): void {
    if (!record.isComplete || record.verdict !== "safe" || record.findings.length > 0 || record.byteLength > MAX_TEMPLATE_BYTES) return;
    let holdsTexts = false;
    for (const call of record.calls) {
      if (call.target !== null && TEXT_READING_CALLS.has(call.target)) holdsTexts = true;
      else if (call.target === null || !ARGUMENT_BLIND_CALLS.has(call.target)) return;
    }
    const verdict = this.credit.mayLearn(record.recordIndex);
    if (verdict === REST_BEGINS) this.templates = [];
    if (verdict !== LEARN) return;
    this.credit.spend();
    const template = templateOf(bytes.slice(start, start + record.byteLength), record, record.offset, holdsTexts);
    if (template === null) return;
    this.templates.unshift(template);
    if (this.templates.length > MAX_TEMPLATES) this.templates.pop();
    this.learnedLast = template;
    this.credit.kept(record.recordIndex);
    if (this.positions.length < template.codes.length) this.positions = new Int32Array(template.codes.length);
  }

  /**
   * Reads the record at bytes[start] by `template`: the offset past its STOP, or -1 when it is
   * not the template's (or not whole in `bytes`). Its opcodes are counted in `counts` and placed
   * in `positions`; a miss clears the counts.
   */
  private read(template: Template, bytes: Uint8Array, view: DataView, start: number): number {
    const { codes, roles, offsets, frameEnds } = template;
    const model = template.bytes;
    const { counts, positions } = this;
    const length = bytes.length;
    const opCount = codes.length;
    let p = start;
    let frameEnd = -1;
    let frameEndOp = -1;
    for (let i = 0; i < opCount; i++) {
      if (i === frameEndOp) {
        if (p !== frameEnd) return this.miss();
        frameEndOp = -1;
      }
      if (p >= length) return this.miss();
      const code = bytes[p]!;
      const role = roles[i]!;
      let after: number;
      if (role === SCALAR) {
        after = this.scalarEnd(bytes, view, p, code);
        if (after < 0) return this.miss();
      } else {
        if (code !== codes[i]) return this.miss();
        const at = offsets[i]!;
        after = p + (offsets[i + 1]! - at);
        if (after > length) return this.miss();
        if (role === FRAME) {
          // An 8-byte length: past 2**32 is no record a template reads.
          if (view.getUint32(p + 5, true) !== 0) return this.miss();
          frameEnd = after + view.getUint32(p + 1, true);
          frameEndOp = frameEnds[i]!;
        } else {
          for (let k = 1; k < after - p; k++) if (bytes[p + k] !== model[at + k]) return this.miss();
        }
      }
      if (counts[code]!++ === 0) insertInOrder(this.used, code);
      positions[i] = p;
      p = after;
    }
    if (frameEndOp === opCount && p !== frameEnd) return this.miss();
    return p;
  }

  /** The offset past the scalar opcode `code` at bytes[p] and its argument, or -1 (not a scalar, cut, refused). */
  private scalarEnd(bytes: Uint8Array, view: DataView, p: number, code: number): number {
    if (ROLE[code] !== SCALAR) return -1;
    const size = ARG_SIZE[code]!;
    if (size >= 0) return p + 1 + size <= bytes.length ? p + 1 + size : -1;
    const payload = p + 1 + lengthPrefixBytes(size);
    if (payload > bytes.length) return -1;
    // The full audit's own reading of the length and its limits.
    const claimed = claimedLength(bytes, view, p, code, size, this.limits);
    if (typeof claimed !== "number") return -1;
    const after = payload + claimed;
    if (after > bytes.length) return -1;
    if (isText(code) && !isValidText(bytes, payload, claimed)) return -1;
    return after;
  }

  private miss(): number {
    this.clearCounts();
    return -1;
  }

  private clearCounts(): void {
    const { counts, used } = this;
    for (const code of used) counts[code] = 0;
    used.length = 0;
  }
}

/** What a stack item of a template stands for: a str opcode's index, -1 (another value), or a tuple's str opcodes. */
type Trail = number | readonly number[];

/**
 * Follows opcode `code` (the template's `index`-th, at bytes[p]) on the trail stack; holds the
 * strs STACK_GLOBAL imports (and, with `holdsTexts`, those a call is given in its argument tuple)
 * EXACT. False when STACK_GLOBAL's names are not traced strs or the stack does not follow (the
 * audit judged the record complete, so it does).
 */
function traceStrs(
  code: number,
  index: number,
  p: number,
  bytes: Uint8Array,
  view: DataView,
  stack: StackEmulator<Trail>,
  memo: Map<number, Trail>,
  roles: number[],
  holdsTexts: boolean,
): boolean {
  switch (code) {
    case OP.FRAME:
    case OP.PROTO:
    case OP.STOP:
      return true;
    case OP.MARK:
      stack.pushMark(p);
      return true;
    case OP.MEMOIZE:
    case OP.BINPUT:
    case OP.LONG_BINPUT: {
      const memoIndex = code === OP.MEMOIZE ? memo.size : code === OP.BINPUT ? bytes[p + 1]! : view.getUint32(p + 1, true);
      const top = stack.peek();
      if (top === undefined) return false;
      memo.set(memoIndex, top);
      return true;
    }
    case OP.BINGET:
    case OP.LONG_BINGET:
      stack.push(memo.get(code === OP.BINGET ? bytes[p + 1]! : view.getUint32(p + 1, true)) ?? -1);
      return true;
    case OP.DUP: {
      const top = stack.peek();
      if (top === undefined) return false;
      stack.push(top);
      return true;
    }
  }
  if (ROLE[code] === SCALAR) {
    stack.push(isText(code) ? index : -1);
    return true;
  }
  const info = opcodeByCode(code)!;
  const popped = stack.pop(info);
  if (isStackFault(popped)) return false;
  const { fixed, slice } = popped;
  if (code === OP.STACK_GLOBAL) {
    // Its names are held to the template's bytes: they are what it imports.
    const [module, name] = fixed;
    if (typeof module !== "number" || typeof name !== "number" || module < 0 || name < 0) return false;
    roles[module] = roles[name] = EXACT;
  } else if (holdsTexts && (code === OP.REDUCE || code === OP.NEWOBJ || code === OP.NEWOBJ_EX)) {
    const args = fixed[1];
    if (typeof args === "object") for (const str of args) roles[str] = EXACT;
  }
  if (code === OP.TUPLE || code === OP.TUPLE1 || code === OP.TUPLE2 || code === OP.TUPLE3) {
    const items = slice ?? fixed;
    stack.push(items.filter((item): item is number => typeof item === "number" && item >= 0));
  } else {
    for (let k = 0; k < info.stackAfter.length; k++) stack.push(-1);
  }
  return true;
}

/** Whether `code` pushes a str (its UTF-8 is checked; STACK_GLOBAL's names are strs). */
function isText(code: number): boolean {
  return code === OP.SHORT_BINUNICODE || code === OP.BINUNICODE;
}

/** Whether bytes[start, start + length) is a str the audit's reader decodes (UTF-8, surrogates passed). */
function isValidText(bytes: Uint8Array, start: number, length: number): boolean {
  let bits = 0;
  for (let i = start; i < start + length; i++) bits |= bytes[i]!;
  if (bits < 0x80) return true;
  try {
    decodeUtf8(bytes, start, length);
    return true;
  } catch {
    return false;
  }
}

/**
 * The template of a record (`bytes`, at absolute offset `offset`; its audit `record`), or null
 * when it has an opcode no template holds, a frame that ends inside an opcode, or a STACK_GLOBAL
 * whose names are not strs pushed just before it or read from the memo where such a str was put.
 * `holdsTexts`: every str is held to the template's bytes (TEXT_READING_CALLS).
 */
function templateOf(bytes: Uint8Array, record: RecordAudit, offset: number, holdsTexts: boolean): Template | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const codes: number[] = [];
  const roles: number[] = [];
  const offsets: number[] = [];
  // FRAME opcode index -> its frame's end offset, resolved to an opcode index below.
  const frames: [opIndex: number, end: number][] = [];
  // What the strs a call reads came from, on a stack that follows the record's (the audit's own
  // StackEmulator): each item is the str opcode (by index) it stands for, -1 for another value,
  // or a tuple's str items; a memo entry stands for what was put there. STACK_GLOBAL's names must
  // be strs so traced. With `holdsTexts`, a call's argument tuple's strs are held too.
  const stack = new StackEmulator<Trail>();
  const memo = new Map<number, Trail>();
  let p = 0;
  for (;;) {
    const code = bytes[p]!;
    const role = ROLE[code]!;
    if (role === REFUSED) return null;
    const index = codes.length;
    codes.push(code);
    roles.push(role);
    offsets.push(p);
    const size = ARG_SIZE[code]!;
    let after: number;
    if (size >= 0) after = p + 1 + size;
    else if (code === OP.GLOBAL) after = bytes.indexOf(0x0a, bytes.indexOf(0x0a, p + 1) + 1) + 1;
    else {
      // Only scalars have counted arguments here; the audit read this one whole.
      const prefix = lengthPrefixBytes(size);
      after = p + 1 + prefix + (prefix === 1 ? bytes[p + 1]! : view.getUint32(p + 1, true));
    }
    if (role === FRAME) {
      if (view.getUint32(p + 5, true) !== 0) return null;
      frames.push([index, after + view.getUint32(p + 1, true)]);
    }
    if (!traceStrs(code, index, p, bytes, view, stack, memo, roles, holdsTexts)) return null;
    p = after;
    if (code === OP.STOP) break;
    if (p >= bytes.length) return null;
  }
  if (p !== bytes.length) return null;
  offsets.push(p);
  const frameEnds = new Int32Array(codes.length);
  for (const [opIndex, end] of frames) {
    const endsBefore = end === p ? codes.length : offsets.indexOf(end);
    if (endsBefore <= opIndex) return null;
    frameEnds[opIndex] = endsBefore;
  }
  const opIndexOf = (entryOffset: number): number => offsets.indexOf(entryOffset - offset);
  const imports = record.imports.map((entry) => ({ entry, opIndex: opIndexOf(entry.offset) }));
  const calls = record.calls.map((entry) => ({ entry, opIndex: opIndexOf(entry.offset) }));
  if (imports.some((entry) => entry.opIndex < 0) || calls.some((entry) => entry.opIndex < 0)) return null;
  return {
    bytes,
    codes: Uint8Array.from(codes),
    roles: Uint8Array.from(roles),
    offsets: Int32Array.from(offsets),
    frameEnds,
    protocol: record.protocol,
    maxNesting: record.maxNesting,
    memoSize: record.memoSize,
    imports,
    calls,
  };
}
