/**
 * `auditPickle`: what a pickle would do if CPython loaded it, found without loading it. Per record:
 * protocol, size, opcode counts, nesting, memo size, every global it imports and every call it
 * would make; and a verdict in the manner of fickling, picklescan and modelscan:
 *
 * - `dangerous`: it imports something that runs commands or code (os, subprocess, builtins.eval,
 *   ...), calls a target computed at load time, builds a global's name at load time, changes a
 *   global's attributes or contents, or breaks the frame rule (decoder/frame-rule.ts: CPython's
 *   unpickler then reads other opcodes than the ones audited here). CLI exit code 3.
 * - `unknown`: it names classes or functions pkl-stream does not rebuild (their code would run in
 *   CPython), uses persistent ids or the extension registry, or is malformed. CLI exit code 1.
 * - `safe`: only data and classes pkl-stream rebuilds itself. CLI exit code 0.
 *
 * The audit follows the Unpickler's stack symbolically (a value is a str constant, a global, the
 * object a call returned, or other data), so STACK_GLOBAL names read from the memo still resolve
 * and `getattr(...)(...)` chains are seen as calls of computed targets. Memory grows with the
 * stack and memo, never with claimed lengths, and the report keeps one entry per distinct name.
 */
import { fixImports } from "../classes/fix-imports.js";
import { PickleError } from "../errors.js";
import type { OpcodeName } from "../opcodes/table.js";
import { classifyGlobal, type Verdict, worstVerdict } from "./dangerous-globals.js";
import { checkInput, genops, type PickleOp } from "./genops.js";
import { REBUILT_CLASSES } from "./rebuilt-classes.js";
import { isStackFault, StackEmulator } from "./stack-emulator.js";

export type { Verdict } from "./dangerous-globals.js";

/** A global the pickle imports (GLOBAL, STACK_GLOBAL, INST, EXT1/2/4), one entry per distinct name. */
export interface AuditImport {
  /** The opcode of its first import. */
  readonly opcode: OpcodeName;
  /** Offset of its first import. */
  readonly offset: number;
  /** Module and name as the pickle spells them; null when computed at load time (or an EXT code). */
  readonly module: string | null;
  readonly name: string | null;
  /** `module.qualname` as Python 3 loads it (after fix_imports for protocols < 3), or null. */
  readonly qualname: string | null;
  readonly count: number;
  readonly verdict: Verdict;
}

/** A call the pickle makes (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ) or state it sets (BUILD). */
export interface AuditCall {
  readonly opcode: OpcodeName;
  /** Offset of the first such call. */
  readonly offset: number;
  /** `module.qualname` of the callable or of the object BUILD targets; null when computed at load time. */
  readonly target: string | null;
  readonly count: number;
  readonly verdict: Verdict;
}

/** Why a record is not safe; one entry per distinct reason. */
export interface AuditFinding {
  readonly verdict: Exclude<Verdict, "safe">;
  readonly reason: string;
  readonly opcode: OpcodeName;
  /** Offset of the first opcode with this reason. */
  readonly offset: number;
  readonly count: number;
}

export interface RecordAudit {
  readonly recordIndex: number;
  /** Offset of the record's first byte. */
  readonly offset: number;
  /** Bytes through STOP (through the failing opcode for an incomplete record). */
  readonly byteLength: number;
  /** The PROTO argument, or null (protocols 0 and 1 have no PROTO). */
  readonly protocol: number | null;
  /** The newest protocol among the opcodes used. */
  readonly highestOpcodeProtocol: number;
  /** How many times each opcode occurs. */
  readonly opcodeCounts: Readonly<Partial<Record<OpcodeName, number>>>;
  /** The deepest the stack got, items plus marks: the nesting the decoder must hold. */
  readonly maxNesting: number;
  /** Memo entries at the end of the record. */
  readonly memoSize: number;
  readonly imports: readonly AuditImport[];
  readonly calls: readonly AuditCall[];
  readonly findings: readonly AuditFinding[];
  readonly verdict: Verdict;
  /** False when the record ended in an error (see the audit's `error`). */
  readonly isComplete: boolean;
}

export interface AuditError {
  readonly code: PickleError["code"];
  readonly reason: string;
  readonly offset: number;
  readonly recordIndex: number;
  /** The failing opcode's name, or null. */
  readonly opcode: string | null;
}

export interface PickleAudit {
  readonly byteLength: number;
  /** The worst verdict over the records; at least `unknown` when the input is malformed. */
  readonly verdict: Verdict;
  readonly records: readonly RecordAudit[];
  /** Why the audit stopped early (malformed or truncated input), or null. */
  readonly error: AuditError | null;
}

export interface AuditOptions {
  /** More `module.qualname`s to count as rebuilt: the names of the decoder's `classes` option. Default none. */
  readonly classes?: Iterable<string>;
  /** `"per-record"` (default): a fresh memo per pickle; `"shared"`: one memo, as one Pickler wrote them. */
  readonly memo?: "per-record" | "shared";
  /** Map Python 2 names as CPython's fix_imports does for protocols < 3. Default true. */
  readonly fixImports?: boolean;
}

/** A value on the symbolic stack. */
type Sym =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "global"; readonly qualname: string | null; readonly verdict: Verdict }
  | { readonly kind: "object"; readonly qualname: string | null; readonly verdict: Verdict }
  | { readonly kind: "data" };

const DATA: Sym = Object.freeze({ kind: "data" });
const TEXT_KINDS: ReadonlySet<string> = new Set(["pyunicode", "pybytes_or_str"]);
const CONTAINER_KINDS: ReadonlySet<string> = new Set(["pylist", "pydict", "pyset"]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The audit of one record: a symbolic run of the Unpickler over its opcodes. */
class RecordAuditor {
  private readonly stack = new StackEmulator<Sym>();
  private readonly counts: Partial<Record<OpcodeName, number>> = Object.create(null);
  private readonly imports = new Map<string, Mutable<AuditImport>>();
  private readonly calls = new Map<string, Mutable<AuditCall>>();
  private readonly findings = new Map<string, Mutable<AuditFinding>>();
  private protocol: number | null = null;
  private highestProtocol = -1;
  private maxNesting = 0;
  private op!: PickleOp;

  constructor(
    private readonly memo: Map<number, Sym>,
    private readonly isRebuilt: (qualname: string) => boolean,
    private readonly isFixingImports: boolean,
    private readonly recordIndex: number,
  ) {}

  step(op: PickleOp): void {
    this.op = op;
    const { info } = op;
    this.counts[info.name] = (this.counts[info.name] ?? 0) + 1;
    this.highestProtocol = Math.max(this.highestProtocol, info.proto);
    this.apply(op);
    this.maxNesting = Math.max(this.maxNesting, this.stack.height);
  }

  private apply(op: PickleOp): void {
    const { info, arg } = op;
    switch (info.name) {
      case "MARK":
        this.stack.pushMark(op.offset);
        return;
      case "PROTO":
        this.protocol = arg as number;
        return;
      case "GLOBAL": {
        const [module, name] = arg as readonly [string, string];
        this.stack.push(this.importGlobal(module, name));
        return;
      }
      case "STACK_GLOBAL": {
        const [module, name] = this.pop() as [Sym, Sym];
        this.stack.push(
          module.kind === "text" && name.kind === "text"
            ? this.importGlobal(module.text, name.text)
            : this.importComputed(),
        );
        return;
      }
      case "INST": {
        this.popSlice();
        const [module, name] = arg as readonly [string, string];
        this.stack.push(this.call(this.importGlobal(module, name)));
        return;
      }
      case "OBJ": {
        const cls = this.popSlice()[0];
        if (cls === undefined) throw this.error("STACK_UNDERFLOW", "OBJ needs a class above the mark");
        this.stack.push(this.call(cls));
        return;
      }
      case "REDUCE":
      case "NEWOBJ":
      case "NEWOBJ_EX":
        this.stack.push(this.call(this.pop()[0]!));
        return;
      case "BUILD": {
        const [target] = this.pop();
        this.build(target!);
        this.stack.push(target!);
        return;
      }
      case "GET":
      case "BINGET":
      case "LONG_BINGET": {
        const stored = this.memo.get(memoIndex(arg));
        if (stored === undefined) throw this.error("MEMO_MISSING", `memo key ${memoIndex(arg)} is missing`);
        this.stack.push(stored);
        return;
      }
      case "PUT":
      case "BINPUT":
      case "LONG_BINPUT":
      case "MEMOIZE": {
        const top = this.stack.peek();
        if (top === undefined) throw this.error("STACK_UNDERFLOW", "nothing to store in the memo");
        this.memo.set(info.name === "MEMOIZE" ? this.memo.size : memoIndex(arg), top);
        return;
      }
      case "DUP": {
        const top = this.stack.peek();
        if (top === undefined) throw this.error("STACK_UNDERFLOW", "nothing to duplicate");
        this.stack.push(top);
        return;
      }
      case "EXT1":
      case "EXT2":
      case "EXT4":
        this.stack.push(this.importExtension(arg as number));
        return;
      case "PERSID":
      case "BINPERSID":
        this.note("unknown", "uses a persistent id: what it loads is up to the loader's persistent_load");
        this.applyGeneric(op);
        return;
      default:
        this.applyGeneric(op);
    }
  }

  /** Stack effect from the table: pop stackBefore, push stackAfter (str constants kept as text). */
  private applyGeneric({ info, arg }: PickleOp): void {
    const popped = this.stack.pop(info);
    if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
    const container = popped.fixed[0];
    // APPEND(S), SETITEM(S), ADDITEMS: CPython calls the target's own append/extend/__setitem__/add.
    if (container !== undefined && CONTAINER_KINDS.has(info.stackBefore[0]!)) {
      if (container.kind === "global") {
        this.note("dangerous", `${info.name} changes the contents of the global ${container.qualname ?? "(computed)"}`);
      }
      this.stack.push(container);
      return;
    }
    for (const kind of info.stackAfter) {
      this.stack.push(TEXT_KINDS.has(kind) && typeof arg === "string" ? { kind: "text", text: arg } : DATA);
    }
  }

  private pop(): Sym[] {
    const popped = this.stack.pop(this.op.info);
    if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
    return popped.fixed;
  }

  private popSlice(): Sym[] {
    const popped = this.stack.pop(this.op.info);
    if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
    return popped.slice ?? [];
  }

  private importGlobal(module: string, name: string): Sym {
    const [module3, name3] =
      this.isFixingImports && (this.protocol ?? 0) < 3 ? fixImports(module, name) : [module, name];
    const qualname = `${module3}.${name3}`;
    const { verdict, reason } = classifyGlobal(module3, name3, this.isRebuilt);
    this.addImport(`${module}\n${name}`, { module, name, qualname, verdict });
    if (reason !== null && verdict !== "safe") this.note(verdict, reason);
    return { kind: "global", qualname, verdict };
  }

  private importComputed(): Sym {
    this.addImport("computed", { module: null, name: null, qualname: null, verdict: "dangerous" });
    this.note("dangerous", "STACK_GLOBAL imports a name computed at load time");
    return { kind: "global", qualname: null, verdict: "dangerous" };
  }

  private importExtension(code: number): Sym {
    this.addImport(`ext ${code}`, { module: null, name: null, qualname: null, verdict: "unknown" });
    this.note("unknown", `imports extension code ${code}, which the loader's copyreg registry names`);
    return { kind: "global", qualname: null, verdict: "unknown" };
  }

  private addImport(key: string, entry: Pick<AuditImport, "module" | "name" | "qualname" | "verdict">): void {
    const seen = this.imports.get(key);
    if (seen !== undefined) seen.count++;
    else this.imports.set(key, { ...entry, opcode: this.op.info.name, offset: this.op.offset, count: 1 });
  }

  /** Records a call of `callee` and returns the object it would produce. */
  private call(callee: Sym): Sym {
    let target: string | null = null;
    let verdict: Verdict;
    if (callee.kind === "global") {
      target = callee.qualname;
      verdict = callee.verdict;
      if (verdict === "dangerous") this.note("dangerous", `calls ${target ?? "a global computed at load time"}`);
    } else if (callee.kind === "object") {
      verdict = "dangerous";
      this.note("dangerous", `calls a value computed at load time (returned by ${callee.qualname ?? "another computed call"})`);
    } else {
      verdict = "unknown";
      this.note("unknown", "calls a value that is not callable (CPython would fail here)");
    }
    this.addCall(target, verdict);
    return { kind: "object", qualname: target, verdict };
  }

  private build(target: Sym): void {
    if (target.kind === "global") {
      this.note("dangerous", `BUILD sets attributes of the global ${target.qualname ?? "(computed)"}`);
      this.addCall(target.qualname, "dangerous");
    } else if (target.kind === "object") {
      // BUILD runs the class's __setstate__ (or sets attributes): as safe as the class itself.
      this.addCall(target.qualname, target.verdict);
    }
  }

  private addCall(target: string | null, verdict: Verdict): void {
    const key = `${this.op.info.name}\n${target}`;
    const seen = this.calls.get(key);
    if (seen !== undefined) seen.count++;
    else this.calls.set(key, { opcode: this.op.info.name, offset: this.op.offset, target, count: 1, verdict });
  }

  /** A `FRAME_OVERRUN` from genops: what CPython runs is not what this audit walked. */
  noteFrameViolation(error: PickleError): void {
    const opcode = (error.opcodeName ?? "FRAME") as OpcodeName;
    const reason = `breaks the frame rule: ${error.reason}; what CPython loads from a file is not what is audited here`;
    this.findings.set(reason, { verdict: "dangerous", reason, opcode, offset: error.offset, count: 1 });
  }

  private note(verdict: Exclude<Verdict, "safe">, reason: string): void {
    const seen = this.findings.get(reason);
    if (seen !== undefined) seen.count++;
    else this.findings.set(reason, { verdict, reason, opcode: this.op.info.name, offset: this.op.offset, count: 1 });
  }

  error(code: PickleError["code"], reason: string): PickleError {
    return new PickleError(reason, { code, offset: this.op.offset, opcode: this.op.info.code, recordIndex: this.recordIndex });
  }

  /** The report, once the record ended at `end` (complete or not). */
  finish(start: number, end: number, isComplete: boolean): RecordAudit {
    const findings = [...this.findings.values()];
    let verdict: Verdict = isComplete ? "safe" : "unknown";
    for (const finding of findings) verdict = worstVerdict(verdict, finding.verdict);
    return {
      recordIndex: this.recordIndex,
      offset: start,
      byteLength: end - start,
      protocol: this.protocol,
      highestOpcodeProtocol: this.highestProtocol,
      opcodeCounts: this.counts,
      maxNesting: this.maxNesting,
      memoSize: this.memo.size,
      imports: [...this.imports.values()],
      calls: [...this.calls.values()],
      findings,
      verdict,
      isComplete,
    };
  }
}

function memoIndex(arg: unknown): number {
  return typeof arg === "boolean" ? Number(arg) : Number(arg as number | bigint);
}

/**
 * Audits every pickle in `bytes` without loading it. Never throws on bad input: a malformed or
 * truncated pickle ends the audit with `error` set (and a verdict of at least `unknown`).
 */
export function auditPickle(bytes: Uint8Array, options: AuditOptions = {}): PickleAudit {
  checkInput(bytes, 0);
  const extra = new Set(options.classes ?? []);
  const isRebuilt = (qualname: string): boolean => REBUILT_CLASSES.has(qualname) || extra.has(qualname);
  const isFixingImports = options.fixImports ?? true;
  const sharedMemo = options.memo === "shared" ? new Map<number, Sym>() : null;
  const records: RecordAudit[] = [];
  let verdict: Verdict = "safe";
  let start = 0;
  for (let recordIndex = 0; start < bytes.length; recordIndex++) {
    const auditor = new RecordAuditor(sharedMemo ?? new Map(), isRebuilt, isFixingImports, recordIndex);
    const ops = genops(bytes, { start, recordIndex });
    let lastEnd = start;
    try {
      for (let next = ops.next(); ; next = ops.next()) {
        if (next.done) {
          records.push(auditor.finish(start, next.value, true));
          start = next.value;
          break;
        }
        lastEnd = next.value.end;
        auditor.step(next.value);
      }
    } catch (error) {
      if (!(error instanceof PickleError)) throw error;
      if (error.code === "FRAME_OVERRUN") auditor.noteFrameViolation(error);
      const record = auditor.finish(start, Math.max(lastEnd, error.offset + 1), false);
      records.push(record);
      return {
        byteLength: bytes.length,
        verdict: worstVerdict(worstVerdict(verdict, record.verdict), "unknown"),
        records,
        error: {
          code: error.code,
          reason: error.reason,
          offset: error.offset,
          recordIndex,
          opcode: error.opcodeName ?? null,
        },
      };
    }
    verdict = worstVerdict(verdict, records[records.length - 1]!.verdict);
  }
  return { byteLength: bytes.length, verdict, records, error: null };
}
