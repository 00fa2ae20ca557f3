/**
 * `auditPickle`: what a pickle would do if CPython loaded it, found without loading it. Per record:
 * protocol, size, opcode counts, container nesting, memo size, every global it imports and every call it
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
import { looksLikeLegacyTorch } from "../containers/torch-file.js";
import { DenseMemo } from "../decoder/dense-memo.js";
import { MAX_MEMO_GAP } from "../decoder/memo-table.js";
import { HIGHEST_PROTOCOL } from "../decoder/ops/control.js";
import { resolveSettings } from "../decoder/settings.js";
import { PickleError, TruncatedError } from "../errors.js";
import type { OpcodeName } from "../opcodes/table.js";
import { classifyGlobal, NESTED_LOADERS, PURE_NESTED_LOADERS, type Verdict, worstVerdict } from "./dangerous-globals.js";
import * as OP from "../opcodes/codes.js";
import { AuditReplay } from "./audit-replay.js";
import { checkInput, OpCursor, type PickleOp } from "./genops.js";
import { DEFAULT_LIMITS } from "./read-argument.js";
import { METHODS_READ, NAMES_READ, REBUILT_CLASSES, TORCH_STORAGE_CLASSES } from "./rebuilt-classes.js";
import { type AuditSummary, AuditSummer } from "./audit-summary.js";
import { insertInOrder, OpcodeCountNames } from "./opcode-counts.js";
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
  /** The newest protocol among the opcodes used; null when the record has no opcode (input that is no pickle). */
  readonly highestOpcodeProtocol: number | null;
  /** How many times each opcode occurs. */
  readonly opcodeCounts: Readonly<Partial<Record<OpcodeName, number>>>;
  /**
   * How deeply containers nest in the value the record loads: the most lists, dicts, sets and
   * tuples inside each other (`[[[1]]]` 3, a dict of small dicts 2, a scalar 0), what a deep
   * nesting attack on the code that walks the loaded value makes large; for an incomplete record,
   * of the values built before it failed. An object a call returns is as deep as its arguments
   * (not the args tuple), its BUILD state (`obj.__dict__` counts as its own level) and one more
   * than the items APPENDS or SETITEMS put in it. A value is measured as it is built: one changed
   * after it was put into another (through the memo: a cycle, or a crafted pickle) does not deepen
   * the other, so such a pickle can nest deeper than this says.
   */
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
  /**
   * The decoder's error code, or `BAD_COMPRESSION`: gzip or zlib input that cannot be inflated
   * (damaged, or bytes after it that start no member; a cut one is `TRUNCATED`), set by the
   * reader of the input (`pkl-stream inspect`), not by the audit of the bytes it was given.
   */
  readonly code: PickleError["code"] | "BAD_COMPRESSION";
  readonly reason: string;
  readonly offset: number;
  readonly recordIndex: number;
  /** The failing opcode's name (its byte, `0xff`, when no opcode has it), or null. */
  readonly opcode: string | null;
}

/** AuditError's `opcode`: the name, or the byte of an unknown opcode (so the report names it, as the decoder's error does). */
function auditOpcode(error: PickleError): string | null {
  if (error.opcode < 0) return null;
  return error.opcodeName ?? `0x${error.opcode.toString(16).padStart(2, "0")}`;
}

export interface PickleAudit {
  readonly byteLength: number;
  /** The worst verdict over the records; at least `unknown` when the input is malformed. */
  readonly verdict: Verdict;
  /** Each record's audit: all of them, or only those not safe (see `recordsKept`). */
  readonly records: readonly RecordAudit[];
  /**
   * `"all"`: `records` holds every record. `"not-safe"`: there were more records than
   * `maxRecordsKept`, so `records` holds only records that are not safe (at most that many).
   */
  readonly recordsKept: "all" | "not-safe";
  /** Every record summed up, whichever records were kept. */
  readonly summary: AuditSummary;
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
  /**
   * Keep every record's audit while there are at most this many records; past that, keep only
   * records that are not safe, at most this many, so the audit of a long stream takes memory for
   * its summary, not for each record. Default: keep every record.
   */
  readonly maxRecordsKept?: number;
}

/**
 * A value on the symbolic stack: a str constant as the string itself, an int (or bool) as the
 * number itself (no object per constant: the audit keeps pace with the decoder), or an object.
 */
type Sym = string | number | bigint | SymObject;
type SymObject =
  /** `start`: absolute offset of the payload in the audited bytes, or -1 when it was computed. */
  /** `isChanged`: a bytearray changed in place (SETITEM, APPENDS): its bytes are no longer these. */
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly start: number; isChanged: boolean }
  | { readonly kind: "global"; readonly qualname: string | null; readonly verdict: Verdict }
  | ObjectSym
  /** `callables`: `callablesIn(items)`, found once when it is made (a tuple does not change): a tuple of itself 64 deep through the memo is 2^64 paths. */
  /** `depth`: containers nested in it, itself included (RecordAudit.maxNesting). */
  | { readonly kind: "tuple"; readonly items: readonly Sym[]; readonly callables: SymObject[] | null; readonly depth: number }
  | ContainerSym
  | { readonly kind: "data" };

/**
 * A list, dict or set: the callables put in it (a kwargs dict's thread target); a dict made for a
 * joblib array wrapper's state also keeps its str-keyed entries.
 */
interface ContainerSym {
  readonly kind: "container";
  callables: SymObject[] | null;
  entries: Map<string, Sym> | null;
  /** Put in another container, object or tuple, or given to a call (see `callablesOf`). */
  isHeld: boolean;
  /** Containers nested in it, itself included (RecordAudit.maxNesting): grows as items are added. */
  depth: number;
}

/** What a call returned. */
interface ObjectSym {
  readonly kind: "object";
  readonly qualname: string | null;
  readonly verdict: Verdict;
  /** Known to be callable (a bound method from getattr, a partial, an itemgetter...). */
  readonly isCallable: boolean;
  /** Items it holds when iterated (a `range`), or -1. */
  readonly length: number;
  /** Bytes it wraps (`io.BytesIO(b)`, `_codecs.encode(s, "latin1")`), or null. */
  readonly payload: BytesSym | null;
  /** The type string of a `numpy.dtype(...)` call (`"f8"`, `"U5"`, `"O8"`), or null. */
  descr: string | null;
  /** Callables put in it: by BUILD (its attributes) or as items (an OrderedDict's values). */
  callables: SymObject[] | null;
  /**
   * True once BUILD gave its state a callable. CPython looks `__setstate__` (BUILD) and `append`,
   * `extend`, `add` (APPEND(S), ADDITEMS on other than a plain list or set) up on the object, where
   * its attributes come first, and `copyreg._reconstructor` calls its base's `__new__` and
   * `__init__` so: a name of the state may now be one of those.
   */
  isArmed: boolean;
  /** Put in another container, object or tuple, or given to a call (see `callablesOf`). */
  isHeld: boolean;
  /** Containers nested in it (RecordAudit.maxNesting): its arguments', its state's, one more than its items'. */
  depth: number;
}

const DATA: Sym = Object.freeze({ kind: "data" as const });
/** None: data, told apart from other data where the audit must (joblib's alignment, a dtype's state). */
const NONE: Sym = Object.freeze({ kind: "data" as const });
type BytesSym = Extract<SymObject, { kind: "bytes" }>;

/** The kind of a symbolic value: `text` and `int` for the primitives. */
function kindOf(sym: Sym): "text" | "int" | SymObject["kind"] {
  return typeof sym === "string" ? "text" : typeof sym === "object" ? sym.kind : "int";
}
const TEXT_KINDS: ReadonlySet<string> = new Set(["pyunicode", "pybytes_or_str"]);

/** Calls whose result is a callable: calling it, or passing it to a call, is what makes it dangerous. */
const CALLABLE_FACTORIES: ReadonlySet<string> = new Set([
  "builtins.getattr",
  "functools.partial",
  "_functools.partial",
  "operator.itemgetter",
  "_operator.itemgetter",
  "operator.attrgetter",
  "_operator.attrgetter",
  "operator.methodcaller",
  "_operator.methodcaller",
]);
/** joblib's array wrappers: the array's bytes follow the wrapper's BUILD in the stream. */
const JOBLIB_WRAPPERS: ReadonlySet<string> = new Set(["joblib.numpy_pickle.NumpyArrayWrapper"]);
/** Wrappers a BUILD gave their state (a second BUILD keeps attributes of the first). */
const BUILT_WRAPPERS = new WeakSet<object>();
/** Wrappers made by calling their class (its `__init__` ran): joblib never writes one. */
const INITIALIZED_WRAPPERS = new WeakSet<object>();
/** Calls that make a function from a code object: cloudpickle's `_make_function`, dill's `_create_function`, `types.FunctionType`. */
const FUNCTION_MAKERS = /(?:\._make_function|\._create_function|^types\.FunctionType)$/;
/** Allow-listed constructors that materialize what they are given: sized against the decoder's maxBytesLength. */
const MATERIALIZING: ReadonlySet<string> = new Set(["builtins.bytearray", "builtins.bytes"]);
/** Bytes one item of a materialized sequence costs at least (a pointer). */
const BYTES_PER_ITEM = 8;
/** How deep nested pickles are audited; deeper nesting is itself dangerous. */
const MAX_NESTING = 8;
/**
 * Lowercase names that are types, not functions: torch dtypes passed to rebuild functions, numpy
 * scalar types kept in estimators' state (`OneHotEncoder(dtype=numpy.float64)`).
 */
const NON_CALLABLE_LOWERCASE =
  /^(?:torch\.(?:float|int|uint|bool|bfloat|complex|half|double|long|short|cfloat|cdouble|qint|quint|chalf)\w*|numpy\.(?:float|int|uint|complex|bool|str|bytes|object|void|datetime|timedelta|longlong|ulonglong|longdouble|half|single|double|byte|ubyte|short|ushort|intc|uintc|intp|uintp|csingle|cdouble|clongdouble|character|number|integer|signedinteger|unsignedinteger|floating|complexfloating|inexact|generic|flexible)\w*)$/;
/**
 * Functions that are harmless to hand to a call: pure builtins (fickling's SAFE_BUILTINS:
 * `functools.partial(max, 1)`) and numpy's own bit generator constructor, which numpy's
 * `RandomState` pickles pass to `__randomstate_ctor`.
 */
const HARMLESS_CALLABLES: ReadonlySet<string> = new Set([
  ...["len", "abs", "sum", "min", "max", "round", "pow", "divmod", "sorted", "reversed", "enumerate", "zip", "map", "filter", "iter", "next", "all", "any", "hash", "id", "repr", "ascii", "bin", "hex", "oct", "ord", "chr", "isinstance", "issubclass", "callable", "format"].map(
    (name) => `builtins.${name}`,
  ),
  "numpy.random._pickle.__bit_generator_ctor",
  "numpy.random._pickle.__randomstate_ctor",
  "numpy.random._pickle.__generator_ctor",
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** The opcode being audited (the cursor itself: read, never kept). */
/** The opcode being audited: the cursor (its frame's end tells joblib's array bytes from the frame's). */
type OpView = PickleOp & { readonly frameEnd: number };

/** The Unpickler's memo of symbolic values, laid out as the decoder's (decoder/memo-table.ts). */
class SymMemo {
  /**
   * Syms at dense indices, in the decoder's chunked array: one JS array grown to the millions of
   * puts of a large record (records.pkl: 7.2M) is copied each time it grows, ~100 ns a put.
   */
  private readonly dense = new DenseMemo<Sym | undefined>();
  /** Entries far past the dense end (the decoder's MemoTable rule: LONG_BINPUT 4294967295 allocates nothing). */
  private sparse: Map<number, Sym> | null = null;
  /** Entries set. */
  size = 0;

  get(index: number): Sym | undefined {
    return index < this.dense.length ? this.dense.get(index) : this.sparse?.get(index);
  }

  set(index: number, sym: Sym): void {
    const dense = this.dense;
    if (index < dense.length) {
      if (dense.get(index) === undefined) this.size++;
      dense.set(index, sym);
    } else if (index - dense.length <= MAX_MEMO_GAP && this.sparse === null) {
      while (dense.length < index) dense.push(undefined);
      dense.push(sym);
      this.size++;
    } else {
      this.sparse ??= new Map();
      if (!this.sparse.has(index)) this.size++;
      this.sparse.set(index, sym);
    }
  }
}

/** A record's memo over an earlier one (a shared memo): reads fall through, puts stay in this layer. */
class LayeredMemo extends SymMemo {
  constructor(private readonly under: SymMemo) {
    super();
  }

  override get(index: number): Sym | undefined {
    return super.get(index) ?? this.under.get(index);
  }
}

/** The items of a tuple value, or null for anything else. */
function tupleItems(sym: Sym): readonly Sym[] | null {
  return typeof sym === "object" && sym.kind === "tuple" ? sym.items : null;
}

/** A global's name as Python 3 loads it and what importing it means. */
interface JudgedGlobal {
  readonly qualname: string;
  readonly verdict: Verdict;
  /** Why, for `dangerous` and `unknown`. */
  readonly reason: string | null;
}

/**
 * The globals judged so far, by module and name: a stream names the same few globals in every
 * record (a datetime in each of 400k), and classifying one walks several lists (~8% of the audit).
 */
class GlobalJudge {
  /** One table for names read as written, one for names mapped by fix_imports. */
  private readonly tables = [new Map<string, Map<string, JudgedGlobal>>(), new Map<string, Map<string, JudgedGlobal>>()];

  /** @param isRebuilt True for a global whose calls the decoder rebuilds (or, for time zones, reads). */
  constructor(
    readonly isRebuilt: (qualname: string) => boolean,
    private readonly isFixingImports: boolean,
  ) {}

  /** Safe to import: rebuilt, or read by name (rebuilt-classes.ts). */
  private readonly isKnown = (qualname: string): boolean => this.isRebuilt(qualname) || NAMES_READ.has(qualname);

  /** True for a global the decoder reads by name but does not rebuild when called. */
  isReadByNameOnly(qualname: string): boolean {
    return NAMES_READ.has(qualname) && !this.isRebuilt(qualname);
  }

  /** `module.name` as a pickle of `protocol` (null: no PROTO) imports it. */
  judge(module: string, name: string, protocol: number | null): JudgedGlobal {
    const isFixed = this.isFixingImports && (protocol ?? 0) < 3;
    const table = this.tables[isFixed ? 1 : 0]!;
    let names = table.get(module);
    if (names === undefined) table.set(module, (names = new Map()));
    let judged = names.get(name);
    if (judged === undefined) {
      const [module3, name3] = isFixed ? fixImports(module, name) : [module, name];
      const qualname = `${module3}.${name3}`;
      const { verdict, reason } = classifyGlobal(module3, name3, this.isKnown);
      // getattr of a data value for a bound method is how CPython pickles bound methods: the call decides.
      judged = qualname === "builtins.getattr" ? { qualname, verdict: "unknown", reason: null } : { qualname, verdict, reason };
      names.set(name, judged);
    }
    return judged;
  }
}

/** Context shared by the records of one audit (and its nested pickles). */
interface AuditContext {
  readonly globals: GlobalJudge;
  /** The records' opcode counts by name, one object for records that count the same. */
  readonly countNames: OpcodeCountNames;
  readonly maxBytesLength: number;
  /** How many nested pickles deep this audit is (0: the input itself). */
  readonly depth: number;
  /** The items of torch's storage ids when torch.load reads these pickles (`auditTorchPickle`), else 0. */
  readonly torchStorageIds: TorchIdArity | 0;
  /**
   * Whether this is joblib.load's reading, which takes the bytes after a joblib array wrapper's
   * BUILD for the array's data (true), or pickle.load's, torch.load's or numpy.load's, which read
   * them as opcodes (false). A record joblib's reading skips bytes of is read both ways.
   */
  readonly readsJoblibArrays: boolean;
}

/** Items in a torch storage id: 5 in a zip's data.pkl, 6 (a view last) in a legacy file. */
export type TorchIdArity = 5 | 6;

/**
 * Zeroed opcode count tables for the next records: a stream of 400k small records would otherwise
 * allocate and zero a 2 KiB table for each. An auditor that never finishes (a bug's exception)
 * only leaves its table to the garbage collector.
 */
const COUNT_TABLES: Float64Array[] = [];

/** The audit of one record: a symbolic run of the Unpickler over its opcodes. */
class RecordAuditor {
  private readonly stack = new StackEmulator<Sym>();
  /** How many times each opcode byte occurs: a table from the pool, zeroed again by `finish`. */
  private readonly counts = COUNT_TABLES.pop() ?? new Float64Array(256);
  /** The opcode bytes counted, in byte order (the report's): `finish` reads (and zeroes) only these. */
  private readonly used: number[] = [];
  private readonly imports = new Map<string, Mutable<AuditImport>>();
  private readonly calls = new Map<string, Mutable<AuditCall>>();
  private readonly findings = new Map<string, Mutable<AuditFinding>>();
  private protocol: number | null = null;
  /** The container nesting of the value loaded: set by STOP (by `finish` for a record cut short). */
  private maxNesting = 0;
  private op!: OpView;
  /** joblib array wrappers made and not yet given their state: their state dict keeps its entries. */
  private pendingWrappers = 0;
  /** numpy dtypes made and not yet given their state: dicts made meanwhile keep their entries (the fields). */
  private readonly pendingDtypes = new Set<object>();
  /** Where the opcodes go on after raw bytes the pickle carries (joblib arrays), or undefined. */
  resumeAt: number | undefined = undefined;
  /** True once the record skipped raw bytes (a joblib array) that other loaders read as opcodes. */
  readsRawBytes = false;

  /**
   * @param bytes The bytes audited (the record from `start` on, and what follows it).
   * @param base Absolute offset of `bytes[0]` in the input: the report's offsets are absolute.
   *   Errors thrown keep offsets in `bytes`; the caller moves them.
   */
  constructor(
    private readonly memo: SymMemo,
    private readonly context: AuditContext,
    private readonly recordIndex: number,
    private readonly bytes: Uint8Array,
    private readonly base: number,
  ) {}

  step(op: OpView): void {
    this.op = op;
    const code = op.info.code;
    if (this.counts[code]!++ === 0) insertInOrder(this.used, code);
    this.apply(op, code);
  }

  private apply(op: OpView, code: number): void {
    const { arg } = op;
    const stack = this.stack;
    // The opcodes of plain data first, without the table-driven pop (they are most of a large pickle).
    switch (code) {
      case OP.MARK:
        stack.pushMark(op.offset);
        return;
      case OP.BININT1:
      case OP.BININT2:
      case OP.BININT:
      case OP.LONG1:
        stack.push(arg as number | bigint);
        return;
      case OP.SHORT_BINUNICODE:
      case OP.BINUNICODE:
      case OP.BINUNICODE8:
        stack.push(arg as string);
        return;
      case OP.BINFLOAT:
        stack.push(DATA);
        return;
      case OP.NONE:
        stack.push(NONE);
        return;
      case OP.NEWTRUE:
      case OP.NEWFALSE:
        stack.push(code === OP.NEWTRUE ? 1 : 0);
        return;
      case OP.EMPTY_DICT:
      case OP.EMPTY_LIST:
      case OP.EMPTY_SET:
        stack.push({ kind: "container", callables: null, entries: (this.pendingWrappers > 0 || this.pendingDtypes.size > 0) && code === OP.EMPTY_DICT ? new Map() : null, isHeld: false, depth: 1 });
        return;
      case OP.MEMOIZE:
      case OP.BINPUT:
      case OP.LONG_BINPUT:
      case OP.PUT: {
        const top = stack.peek();
        if (top === undefined) throw this.error("STACK_UNDERFLOW", "nothing to store in the memo");
        this.memo.set(code === OP.MEMOIZE ? this.memo.size : memoIndex(arg), top);
        return;
      }
      case OP.BINGET:
      case OP.LONG_BINGET:
      case OP.GET: {
        const stored = this.memo.get(memoIndex(arg));
        if (stored === undefined) throw this.error("MEMO_MISSING", `memo key ${memoIndex(arg)} is missing`);
        stack.push(stored);
        return;
      }
      case OP.SETITEMS:
      case OP.APPENDS:
      case OP.ADDITEMS:
      case OP.SETITEM:
      case OP.APPEND:
        this.fill(op);
        return;
      case OP.FRAME:
        return;
      case OP.PROTO:
        // CPython stops here (ValueError), as the decoder does: nothing after it is loaded.
        if ((arg as number) > HIGHEST_PROTOCOL) {
          throw new PickleError(`unsupported pickle protocol: ${arg}`, { code: "UNSUPPORTED", offset: op.offset, opcode: code, recordIndex: this.recordIndex });
        }
        this.protocol = arg as number;
        return;
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3:
        stack.push(tupleOf(this.pop()));
        return;
      case OP.EMPTY_TUPLE:
        stack.push(tupleOf([]));
        return;
      case OP.TUPLE:
        stack.push(tupleOf(this.popSlice()));
        return;
      default:
        this.applyRare(op, code);
    }
  }

  private applyRare(op: OpView, code: number): void {
    const { arg } = op;
    switch (code) {
      case OP.STOP: {
        // The value loaded: its depth is the record's nesting (values built and dropped, an args
        // tuple, are not in it), read once here rather than tracked at every opcode.
        const root = this.stack.peek();
        if (root !== undefined) this.maxNesting = depthOf(root);
        this.applyGeneric(op);
        return;
      }
      case OP.GLOBAL: {
        const [module, name] = arg as readonly [string, string];
        this.stack.push(this.importGlobal(module, name));
        return;
      }
      case OP.STACK_GLOBAL: {
        const [module, name] = this.pop() as [Sym, Sym];
        this.stack.push(typeof module === "string" && typeof name === "string" ? this.importGlobal(module, name) : this.importComputed());
        return;
      }
      case OP.INST: {
        const args = this.popSlice();
        const [module, name] = arg as readonly [string, string];
        this.stack.push(this.call(this.importGlobal(module, name), args, null));
        return;
      }
      case OP.OBJ: {
        const slice = this.popSlice();
        const cls = slice[0];
        if (cls === undefined) throw this.error("STACK_UNDERFLOW", "OBJ needs a class above the mark");
        this.stack.push(this.call(cls, slice.slice(1), null));
        return;
      }
      case OP.REDUCE:
      case OP.NEWOBJ: {
        const [callee, args] = this.pop() as [Sym, Sym];
        this.stack.push(this.call(callee, tupleItems(args), args));
        return;
      }
      case OP.NEWOBJ_EX: {
        const [cls, args, kwargs] = this.pop() as [Sym, Sym, Sym];
        this.stack.push(this.call(cls, tupleItems(args), args, kwargs));
        return;
      }
      case OP.BUILD: {
        const [target, state] = this.pop() as [Sym, Sym];
        this.build(target, state);
        this.stack.push(target);
        return;
      }
      case OP.DUP: {
        const top = this.stack.peek();
        if (top === undefined) throw this.error("STACK_UNDERFLOW", "nothing to duplicate");
        this.stack.push(top);
        return;
      }
      case OP.EXT1:
      case OP.EXT2:
      case OP.EXT4:
        this.stack.push(this.importExtension(arg as number));
        return;
      case OP.PERSID:
      case OP.BINPERSID: {
        // torch.load's persistent_load gives the storage a torch id names (loadTorch reads it so).
        const isTorchStorage = code === OP.BINPERSID && this.context.torchStorageIds !== 0 && isTorchStorageId(this.stack.peek(), this.context.torchStorageIds);
        if (!isTorchStorage) this.note("unknown", "uses a persistent id: what it loads is up to the loader's persistent_load");
        const popped = this.stack.pop(op.info);
        if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
        // An object, not data: BUILD or APPENDS on it are judged as on any object (a storage has
        // a __dict__ a BUILD can give a __setstate__).
        this.stack.push(objectSym(null, isTorchStorage ? "safe" : "unknown"));
        return;
      }
      case OP.LIST:
      case OP.DICT:
      case OP.FROZENSET: {
        const items = this.popSlice();
        // A dict made while a numpy dtype awaits its state keeps its entries: it may be the fields.
        let entries: Map<string, Sym> | null = null;
        if (code === OP.DICT && this.pendingDtypes.size > 0) {
          entries = new Map();
          for (let i = 0; i + 1 < items.length; i += 2) entries.set(typeof items[i] === "string" ? (items[i] as string) : UNTRACKED_KEY, items[i + 1]!);
        }
        this.stack.push({ kind: "container", callables: callablesIn(items, null), entries, isHeld: false, depth: 1 + deepestIn(items) });
        return;
      }
      case OP.SHORT_BINBYTES:
      case OP.BINBYTES:
      case OP.BINBYTES8:
      case OP.BYTEARRAY8: {
        const payload = arg as Uint8Array;
        this.stack.push({ kind: "bytes", bytes: payload, start: op.end - payload.length, isChanged: false });
        return;
      }
      case OP.INT:
      case OP.LONG:
      case OP.LONG4:
        this.stack.push(typeof arg === "boolean" ? Number(arg) : (arg as number | bigint));
        return;
      default:
        this.applyGeneric(op);
    }
  }

  /** APPEND(S), SETITEM(S), ADDITEMS: CPython calls the target's own append/extend/__setitem__/add. */
  private fill(op: OpView): void {
    const code = op.info.code;
    const marked = code === OP.APPENDS || code === OP.SETITEMS || code === OP.ADDITEMS;
    const stack = this.stack;
    const first = stack.addedItemsStart(marked, code === OP.SETITEM ? 2 : 1);
    if (typeof first !== "number") throw this.error(first.code, first.reason);
    const items = stack.itemArray;
    const container = items[first - 1]!;
    if (typeof container === "object") {
      if (container.kind === "global") {
        this.note("dangerous", `${op.info.name} changes the contents of the global ${container.qualname ?? "(computed)"}`);
      } else if (container.kind === "bytes") {
        // A bytearray set or extended in place (`ba[0:n] = payload`): a loader given it later
        // reads other bytes than the ones pushed.
        container.isChanged = true;
      } else if (container.kind === "container" || container.kind === "object") {
        const isAdding = code === OP.APPENDS || code === OP.APPEND || code === OP.ADDITEMS;
        if (container.kind === "object" && container.isArmed && isAdding) {
          this.note("dangerous", `${op.info.name} on ${container.qualname ?? "a computed object"} calls the method it looks up on the object, which BUILD gave ${describeCallables(container.callables!)}`);
        }
        let added: SymObject[] | null = null;
        let deepest = 0;
        for (let i = first; i < items.length; i++) {
          const item = items[i]!;
          if (typeof item === "object" && item.kind !== "data") {
            added = callablesOf(item, added);
            const depth = depthOf(item);
            if (depth > deepest) deepest = depth;
          }
        }
        if (deepest + 1 > container.depth) container.depth = deepest + 1;
        if (added !== null) this.storeCallables(container, added);
        if (FIELD_DICTS.has(container)) this.note("dangerous", `${op.info.name} changes the fields of a numpy dtype after its state was set (numpy keeps the dict: the dtype's flags no longer say what it holds)`);
        if (container.kind === "container" && container.entries !== null && !isAdding) {
          for (let i = first; i + 1 < items.length; i += 2) {
            const key = items[i]!;
            // A key that is no str constant is kept as one marker: a dtype's fields with one are not followed.
            container.entries.set(typeof key === "string" ? key : UNTRACKED_KEY, items[i + 1]!);
          }
        }
      }
    }
    stack.dropFrom(first, marked);
  }

  /**
   * Keeps `added` callables on the container or object that now holds them. One already held
   * elsewhere (put in another, or given to a call) was seen there without them: what reads it
   * there may call them, so that is dangerous now.
   */
  private storeCallables(target: ContainerSym | ObjectSym, added: SymObject[]): void {
    if (target.isHeld) {
      this.note("dangerous", `puts ${describeCallables(added)} into a value another one already holds or a call was given: what reads it there may call it`);
    }
    if (target.callables === null) target.callables = [];
    pushCallables(target.callables, added);
  }

  /** Stack effect from the table: pop stackBefore, push stackAfter (str constants kept as text). */
  private applyGeneric({ info, arg }: OpView): void {
    const popped = this.stack.pop(info);
    if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
    for (const kind of info.stackAfter) {
      this.stack.push(TEXT_KINDS.has(kind) && typeof arg === "string" ? arg : DATA);
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
    const { qualname, verdict, reason } = this.context.globals.judge(module, name, this.protocol);
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
    // A literal, not a spread: an import per record of a long stream makes this hot.
    else {
      const { module, name, qualname, verdict } = entry;
      this.imports.set(key, { opcode: this.op.info.name, offset: this.base + this.op.offset, module, name, qualname, count: 1, verdict });
    }
  }

  /**
   * Records a call of `callee` with positional `args` (null when they are not a tuple the audit
   * followed) and returns the object it would produce.
   */
  private call(callee: Sym, args: readonly Sym[] | null, argsSym: Sym | null, kwargs: Sym | null = null): Sym {
    let target: string | null = null;
    let verdict: Verdict;
    let isCallable = false;
    let length = -1;
    let payload: ObjectSym["payload"] = null;
    let descr: string | null = null;
    let dtypeMadeBy: string | null = null;
    if (typeof callee === "object" && callee.kind === "global") {
      target = callee.qualname;
      verdict = callee.verdict;
      if (verdict === "dangerous") this.note("dangerous", `calls ${target ?? "a global computed at load time"}`);
      if (target !== null) {
        isCallable = CALLABLE_FACTORIES.has(target);
        if (target === "builtins.getattr") {
          const method = methodRead(args);
          if (method !== null) {
            // `getattr(zoneinfo.ZoneInfo, "_unpickle")`: the method itself, as a global the decoder reads.
            this.addCall(target, "safe");
            return { kind: "global", qualname: method, verdict: "safe" };
          }
          verdict = this.judgeGetattr(args);
        }
        if (verdict === "safe" && this.context.globals.isReadByNameOnly(target)) {
          verdict = "unknown";
          this.note("unknown", `calls ${target}, which pkl-stream reads only by name: the call stays a placeholder (CPython would run its code)`);
        }
        if (NESTED_LOADERS.has(target)) verdict = worstVerdict(verdict, this.auditNested(target, args, kwargs));
        if (target === "builtins.range" && args !== null) length = rangeLength(args);
        if ((target === "io.BytesIO" || target === "_io.BytesIO") && args !== null) payload = bytesOf(args[0]);
        if (target === "_codecs.encode" && args !== null) payload = encodedBytes(args);
        if (verdict === "safe" && args !== null) this.checkSize(target, args);
        if (target === "numpy.dtype") {
          if (typeof args?.[0] === "string") descr = args[0];
        } else if (COPYREG_MAKERS.has(target) && args !== null && isGlobalNamed(args[0], "numpy.dtype")) {
          // copyreg._reconstructor(numpy.dtype, numpy.dtype, "V8") and copyreg.__newobj__(numpy.dtype,
          // "V8") make a dtype too: numpy.dtype.__new__ with that type string.
          dtypeMadeBy = target;
          const typeString = target === "copyreg._reconstructor" ? args[2] : args[1];
          if (typeof typeString === "string") descr = typeString;
        }
        if (JOBLIB_WRAPPERS.has(target)) this.pendingWrappers++;
        if (args !== null && verdict === "dangerous") this.noteCode(args, target);
      }
    } else if (typeof callee === "object" && callee.kind === "object") {
      verdict = "dangerous";
      this.note("dangerous", `calls a value computed at load time (returned by ${callee.qualname ?? "another computed call"})`);
      if (args !== null) this.noteCode(args);
    } else {
      verdict = "unknown";
      this.note("unknown", "calls a value that is not callable (CPython would fail here)");
    }
    markUsedDtypes(args);
    // Rebuilt or not: in CPython a call may call what it is given (copyreg._reconstructor calls
    // its base's __new__ and __init__, torch's _rebuild_from_type_v2 its first argument).
    if (!(target !== null && PURE_NESTED_LOADERS.has(target)) && this.checkCallableArguments(target, args ?? (argsSym === null ? [] : [argsSym]), kwargs)) {
      verdict = "dangerous";
    }
    this.addCall(target, verdict);
    // As deep as what it is made from (not the args tuple: the call's packaging); a kwargs dict's
    // entries are arguments too.
    const depth = Math.max(args === null ? (argsSym === null ? 0 : depthOf(argsSym)) : deepestIn(args), kwargs === null ? 0 : depthOf(kwargs) - 1);
    // A literal of objectSym's shape (a call per REDUCE makes this hot).
    // A dtype made by a copyreg helper is a numpy.dtype to BUILD (its state is checked as any dtype's).
    const made: ObjectSym = { kind: "object", qualname: dtypeMadeBy === null ? target : "numpy.dtype", verdict, isCallable, length, payload, descr, callables: null, isArmed: false, isHeld: false, depth };
    if (target !== null && JOBLIB_WRAPPERS.has(target) && this.runsInit(args)) INITIALIZED_WRAPPERS.add(made);
    if (made.qualname === "numpy.dtype") this.pendingDtypes.add(made);
    return made;
  }

  /**
   * Whether the call being audited runs the class's `__init__`: REDUCE calls the class; OBJ and
   * INST do when they pass arguments (without, CPython makes the object by `cls.__new__(cls)`);
   * NEWOBJ and NEWOBJ_EX never do.
   */
  private runsInit(args: readonly Sym[] | null): boolean {
    const code = this.op.info.code;
    if (code === OP.REDUCE) return true;
    return (code === OP.OBJ || code === OP.INST) && (args === null || args.length > 0);
  }

  /**
   * Names the function a pickle carries code for (cloudpickle's and dill's functions): a code
   * object's arguments hold its file name, name and qualname as its only top-level str items; a
   * function maker (`_make_function(code, globals, name, ...)`) gets the name third.
   */
  private noteCode(args: readonly Sym[], target: string | null = null): void {
    if (target !== null && FUNCTION_MAKERS.test(target)) {
      const name = args[2];
      if (typeof name === "string") this.note("dangerous", `makes the function ${name} from a code object (${target}): its code runs when the function is called`);
      return;
    }
    const texts = args.filter((arg): arg is string => typeof arg === "string");
    if (texts.length >= 2 && args.some((arg) => typeof arg === "object" && (arg.kind === "bytes" || (arg.kind === "object" && arg.payload !== null)))) {
      const name = texts[2] ?? texts[1]!;
      this.note("dangerous", `builds the code object of the function ${name} (file ${texts[0]!}): code that runs when the function is called`);
    }
  }

  /** `getattr(value, "name")` of a data value is a bound method (unknown); of a global or a dunder, dangerous. */
  private judgeGetattr(args: readonly Sym[] | null): Verdict {
    const [owner, name] = args ?? [];
    if (owner === undefined || typeof name !== "string" || name.startsWith("_")) {
      this.note("dangerous", "calls builtins.getattr with a name that is not a plain attribute");
      return "dangerous";
    }
    if (typeof owner === "object" && owner.kind === "global") {
      this.note("dangerous", `calls builtins.getattr on the global ${owner.qualname ?? "(computed)"}: it reaches any of its attributes`);
      return "dangerous";
    }
    this.note("unknown", `getattr(value, ${JSON.stringify(name)}) fetches a bound method (dangerous only if called or passed on)`);
    return "unknown";
  }

  /** A callable global or callable value given to a call: the callee may call it. True when there was one. */
  private checkCallableArguments(target: string | null, args: readonly Sym[], kwargs: Sym | null): boolean {
    const callee = target ?? "a callable computed at load time";
    const inArgs = callablesIn(args, null);
    // (The keyword arguments' own: a callable passed by keyword alone was missed when the
    // positional ones had none, the list then made for the keywords dropped.)
    const found = kwargs === null ? inArgs : callablesOf(kwargs, inArgs);
    for (const sym of found ?? []) this.note("dangerous", `passes ${describeCallable(sym)} as an argument to ${callee}, which may call it`);
    return found !== null;
  }

  /** An allow-listed constructor asked for more than the decoder would ever allocate. */
  private checkSize(target: string, args: readonly Sym[]): void {
    const limit = this.context.maxBytesLength;
    for (const arg of args) {
      let bytes = -1;
      if ((typeof arg === "number" || typeof arg === "bigint") && MATERIALIZING.has(target)) bytes = Number(arg);
      else if (typeof arg === "object" && arg.kind === "object" && arg.length >= 0) bytes = arg.length * BYTES_PER_ITEM;
      if (bytes > limit) {
        this.note("dangerous", `calls ${target} with a size of ${bytes} bytes, past maxBytesLength (${limit}): resource exhaustion`);
      }
    }
    if (target.endsWith("multiarray._reconstruct")) {
      const shape = args[1];
      if (typeof shape === "object" && shape.kind === "tuple") {
        let count = 1;
        for (const dim of shape.items) if (kindOf(dim) === "int") count *= Math.max(Number(dim), 0);
        if (count > limit) this.note("dangerous", `calls ${target} with a shape of ${count} items, past maxBytesLength (${limit}): resource exhaustion`);
      }
    }
  }

  /** Audits the pickle bytes a loader is given as a pickle of its own; returns its verdict (at least unknown). */
  private auditNested(target: string, args: readonly Sym[] | null, kwargs: Sym | null): Verdict {
    const where = `a nested pickle (argument of ${target} at byte ${this.base + this.op.offset})`;
    const source = args === null ? null : bytesOf(args[0]);
    if (source === null || kwargs !== null) {
      this.note("dangerous", `calls ${target} on data computed at load time: what it unpickles cannot be audited`);
      return "dangerous";
    }
    if (this.context.depth + 1 >= MAX_NESTING) {
      this.note("dangerous", `${where} is nested more than ${MAX_NESTING} deep`);
      return "dangerous";
    }
    // A legacy torch.save (torch.storage._load_from_bytes) is five pickles, then raw storage bytes.
    const isLegacyTorch = looksLikeLegacyTorch(source.bytes);
    // The nested loaders (pickle.loads, torch's) read the bytes as pickle.load does: no joblib arrays.
    const context: AuditContext = { ...this.context, depth: this.context.depth + 1, torchStorageIds: isLegacyTorch ? 6 : 0, readsJoblibArrays: false };
    const nested = auditBytes(source.bytes, context, isLegacyTorch ? 5 : Number.POSITIVE_INFINITY);
    const verdict = this.foldNested(nested, source.start, where);
    // A loader the decoder rebuilds (torch.storage._load_from_bytes) reads the nested pickle as the
    // audit did; any other (pickle.loads) runs CPython's own unpickler on it, with its own classes.
    return this.context.globals.isRebuilt(target) ? verdict : worstVerdict("unknown", verdict);
  }

  /** Adds a nested audit's findings (offsets moved by `base` when known) and returns its verdict. */
  private foldNested(nested: PickleAudit, base: number, where: string): Verdict {
    for (const record of nested.records) {
      for (const finding of record.findings) {
        const offset = this.base + (base >= 0 ? base + finding.offset : this.op.offset);
        const reason = `${where}: ${finding.reason}`;
        if (!this.findings.has(reason)) this.findings.set(reason, { verdict: finding.verdict, reason, opcode: finding.opcode, offset, count: 1 });
      }
    }
    if (nested.error !== null) {
      // torch's legacy format puts raw storage bytes after its pickles: an error there is not a finding.
      this.note("unknown", `${where} stops at its byte ${nested.error.offset}: ${nested.error.reason}`);
    }
    return nested.verdict;
  }

  private build(target: Sym, state: Sym): void {
    if (typeof target !== "object") return;
    if (target.kind === "global") {
      this.note("dangerous", `BUILD sets attributes of the global ${target.qualname ?? "(computed)"}`);
      this.addCall(target.qualname, "dangerous");
    } else if (target.kind === "object") {
      // BUILD runs the class's __setstate__ (or sets attributes): as safe as the class itself,
      // unless an earlier BUILD set the object's own __setstate__.
      this.addCall(target.qualname, target.verdict);
      if (target.isArmed) {
        this.note("dangerous", `BUILD on ${target.qualname ?? "a computed object"} calls the __setstate__ it looks up on the object, which an earlier BUILD gave ${describeCallables(target.callables!)}`);
      }
      if (target.verdict !== "safe") this.checkCallableArguments(target.qualname ?? "the __setstate__ of a value computed at load time", [state], null);
      // The state is the object's attributes (or what its __setstate__ keeps): it is as deep.
      const depth = depthOf(state);
      if (depth > target.depth) target.depth = depth;
      const added = callablesOf(state, null);
      if (added !== null) {
        this.storeCallables(target, added);
        target.isArmed = true;
      }
      // numpy's __setstate__ trusts a dtype's state (its flags make it hold objects, its elsize
      // sizes a flexible type): only the state numpy writes for the type keeps its type string.
      if (target.qualname === "numpy.dtype") this.checkDtypeState(target, state);
      else markUsedDtypes([state]);
      // joblib reads an array after the BUILD of any object that is then a wrapper: one given the
      // wrapper class by its state (`__class__` through a slot state) cannot be followed.
      if (!this.context.readsJoblibArrays) return;
      if (added?.some((sym) => sym.kind === "global" && sym.qualname !== null && JOBLIB_WRAPPERS.has(sym.qualname))) {
        throw this.unsizedArray("a BUILD state holds joblib's array wrapper class");
      }
      if (target.qualname !== null && JOBLIB_WRAPPERS.has(target.qualname)) {
        if (typeof state !== "object" || state.kind !== "container" || state.entries === null) throw this.unsizedArray("its state is not a dict the audit followed");
        // A second BUILD updates the attributes of the first (an alignment kept from it).
        if (BUILT_WRAPPERS.has(target)) throw this.unsizedArray("it is built a second time");
        // joblib.dump writes NEWOBJ (`__new__` alone); a wrapper made by calling its class got
        // attributes from its __init__ (an alignment of 16) that the state need not repeat.
        if (INITIALIZED_WRAPPERS.has(target)) throw this.unsizedArray("it was made by calling its class, whose __init__ sets attributes its state need not repeat");
        BUILT_WRAPPERS.add(target);
        this.pendingWrappers--;
        this.skipJoblibArray(state.entries);
      }
    }
  }

  /**
   * A numpy.dtype's BUILD state `(version, byteorder, subarray, names, fields, elsize, alignment,
   * flags[, metadata])`. numpy trusts its flags (bits 1 and 2: the dtype holds Python objects,
   * its arrays pickle as lists) and its elsize (which sizes a flexible type): only the state numpy
   * writes for the type keeps its type string (joblib's arrays are sized by it). Flags that
   * disagree with what the dtype holds make numpy read raw bytes as object pointers or free
   * numbers as objects (memory corruption): dangerous. Where the audit cannot tell what the fields
   * hold (a field dtype it did not follow, fields it did not see built), unknown.
   */
  private checkDtypeState(dtype: ObjectSym, state: Sym): void {
    this.pendingDtypes.delete(dtype);
    if (BUILT_DTYPES.has(dtype)) this.note("dangerous", "BUILD gives a numpy.dtype a second state (numpy's __setstate__ again: its flags and fields change after it may be in use)");
    else if (USED_DTYPES.has(dtype)) this.note("dangerous", "BUILD gives a numpy.dtype its state after a call was given it (an array made with it read its bytes as the dtype was then)");
    else if (FIELD_DTYPES.has(dtype)) this.note("dangerous", "BUILD gives a numpy.dtype its state after another dtype took it as a field (that dtype's flags were set for what it held then)");
    BUILT_DTYPES.add(dtype);
    const descr = dtype.descr;
    if (descr !== null && !isPlainDtypeState(state, descr)) dtype.descr = null;
    const items = tupleItems(state);
    if (items === null || items.length < 8) {
      this.note("unknown", "a numpy.dtype's state is not the tuple numpy writes (numpy takes its flags on trust)");
      return;
    }
    const [, , subarray, names, fields, elsize, , flags] = items;
    let kind: DtypeKind;
    let size = -1;
    let why = "";
    if (subarray === NONE && fields === NONE) {
      kind = descr === null ? "unknown" : OBJECT_DESCR.test(descr) ? "object" : PLAIN_DESCR.test(descr) ? "plain" : "unknown";
      if (descr !== null && kind !== "unknown") size = kind === "object" ? OBJECT_ITEM_BYTES : itemsizeOf(descr);
      // numpy takes the state's elsize only for a flexible type (S, U, V); any other keeps its
      // type's size, whatever the state says: one that says other is not followed.
      if (descr !== null && /^[|<>=]?[SUVa]/.test(descr)) {
        if (typeof elsize === "number" && elsize > 0) size = elsize;
      } else if (elsize !== -1 && elsize !== size) {
        kind = "unknown";
        why = "an elsize its type does not have";
      }
      // numpy 2 reads a datetime's unit from the metadata numpy writes as the ninth item (a state
      // without it crashes numpy 2.x in __setstate__).
      if (descr !== null && /^[|<>=]?[mM]8/.test(descr) && (items.length !== 9 || tupleItems(items[8]!) === null)) {
        kind = "unknown";
        why = "a datetime type without the metadata numpy writes";
      }
    } else {
      const layout = this.dtypeLayout(subarray!, names!, fields!, elsize!);
      kind = layout.kind;
      size = layout.size;
      why = layout.why;
      if (layout.isBroken) {
        this.note("dangerous", `a numpy.dtype's state lays out a field of Python objects where numpy would read other bytes as object pointers (${layout.why}): numpy trusts the layout`);
        return;
      }
    }
    if (size > 0) DTYPE_SIZES.set(dtype, size);
    // numpy 1.x writes its flags as a C char: 0x80 (an aligned struct) reads as a negative int;
    // the bits are the same two's complement bits.
    const isInt = typeof flags === "number" && Number.isInteger(flags);
    const bits = isInt ? (flags as number) : 0;
    if (kind === "object") {
      OBJECT_DTYPES.add(dtype);
      if (!isInt || (bits & OBJECT_FLAGS) !== OBJECT_FLAGS) {
        this.note("dangerous", `a numpy.dtype's state gives it Python objects but flags that do not say so in full (${describeFlags(flags)}; numpy writes ${OBJECT_FLAGS} or more): numpy trusts the flags, so its arrays read raw or unset bytes as object pointers`);
      }
    } else if (kind === "plain") {
      if (isInt && (bits & 3) === 0) PLAIN_DTYPES.add(dtype);
      else this.note("dangerous", `a numpy.dtype's state gives it plain data but flags that say it holds Python objects (${describeFlags(flags)}): numpy trusts the flags, so its arrays take numbers for object pointers`);
    } else {
      this.note("unknown", `the audit cannot tell whether a numpy.dtype holds Python objects where numpy's flags say (${why || "fields it did not follow"}; ${describeFlags(flags)})`);
    }
  }

  /**
   * What a structured or sub-array dtype's state holds, and whether its layout is sound: the
   * fields dict followed as it was built (str keys only, the names its keys, each field's dtype
   * one the audit checked or a plain type, inside elsize, an object field overlapping no other),
   * a sub-array's base and count filling elsize. `isBroken`: an object field numpy would read
   * from other bytes (overlapped, past elsize); `unknown` where the audit cannot see.
   */
  private dtypeLayout(subarray: Sym, names: Sym, fields: Sym, elsize: Sym): { kind: DtypeKind; size: number; isBroken: boolean; why: string } {
    const unknown = (why: string) => ({ kind: "unknown" as const, size: -1, isBroken: false, why });
    if (typeof elsize !== "number" || elsize <= 0) return unknown("an elsize that is not a positive int");
    if (subarray !== NONE) {
      const [base, shape] = tupleItems(subarray) ?? [];
      const baseKind = fieldDtypeKind(base);
      if (typeof base === "object") FIELD_DTYPES.add(base);
      const baseSize = typeof base === "object" ? fieldSize(base) : -1;
      let count = 1;
      for (const dim of tupleItems(shape!) ?? [Number.NaN]) count *= typeof dim === "number" && dim >= 0 ? dim : Number.NaN;
      if (baseKind === "unknown" || !(baseSize > 0) || !Number.isSafeInteger(count)) return unknown("a sub-array it cannot size");
      if (baseSize * count !== elsize) return baseKind === "object" ? { kind: "object", size: elsize, isBroken: true, why: "a sub-array of objects whose elsize is not its items'" } : unknown("a sub-array whose elsize is not its items'");
      if (fields === NONE) return { kind: baseKind, size: elsize, isBroken: false, why: "" };
    }
    const entries = typeof fields === "object" && fields.kind === "container" ? fields.entries : null;
    if (entries === null || entries.has(UNTRACKED_KEY)) return unknown("fields it did not see built with str keys");
    FIELD_DICTS.add(fields as object);
    const nameList = tupleItems(names);
    if (nameList === null || nameList.some((name) => typeof name !== "string")) return unknown("names that are not a tuple of str");
    let kind: DtypeKind = "plain";
    const spans: { start: number; end: number; isObject: boolean }[] = [];
    const named = new Set<string>();
    const isName = new Set(nameList as string[]);
    for (const name of nameList as string[]) {
      const field = tupleItems(entries.get(name) ?? NONE);
      if (field === null) return unknown(`a name without its field (${name})`);
      named.add(name);
      const [fieldDtype, offset, title] = field;
      if (typeof title === "string") named.add(title);
      const fieldKind = fieldDtypeKind(fieldDtype);
      if (typeof fieldDtype === "object") FIELD_DTYPES.add(fieldDtype);
      const width = typeof fieldDtype === "object" ? fieldSize(fieldDtype) : -1;
      if (fieldKind === "unknown" || !(width > 0) || typeof offset !== "number" || offset < 0) return unknown(`a field it cannot size or place (${name})`);
      kind = worseKind(kind, fieldKind);
      spans.push({ start: offset, end: offset + width, isObject: fieldKind === "object" });
    }
    // Every key a name or a title (a titled field is in the dict under both). numpy 1.x walks
    // every entry of a dtype holding objects, a title's too, unless its title is the very key
    // object: the audit does not follow str identity, so a title there is not followed.
    for (const key of entries.keys()) {
      if (!named.has(key)) return unknown(`a field that is not among the names (${key})`);
      if (kind === "object" && !isName.has(key)) return unknown("a title in a dtype holding objects");
    }
    for (const span of spans) {
      if (span.end > elsize) return span.isObject ? { kind, size: elsize, isBroken: true, why: "a field of objects past elsize" } : unknown("a field past elsize");
    }
    // In order of start, a span overlaps an earlier one when it starts before the furthest end so
    // far: an object span that does, or any span that starts before an earlier object's end.
    spans.sort((a, b) => a.start - b.start);
    let furthest = 0;
    let objectFurthest = 0;
    for (const span of spans) {
      if ((span.isObject && span.start < furthest) || span.start < objectFurthest) {
        return { kind, size: elsize, isBroken: true, why: "a field of objects overlapping another" };
      }
      furthest = Math.max(furthest, span.end);
      if (span.isObject) objectFurthest = Math.max(objectFurthest, span.end);
    }
    return { kind, size: elsize, isBroken: false, why: "" };
  }

  /**
   * joblib writes an array's bytes right after its wrapper's BUILD (its frame committed first):
   * raw numbers (after a padding-length byte and padding when aligned), or for an object array a
   * protocol 2 pickle of its own, audited here as a nested pickle. The opcodes resume after them.
   */
  private skipJoblibArray(entries: Map<string, Sym>): void {
    this.readsRawBytes = true;
    // joblib reads the array from the file after the frame; the frame's own opcodes come first.
    if (this.op.frameEnd > this.op.end) throw this.unsizedArray("its BUILD is not the last opcode of its frame");
    const shape = entries.get("shape");
    const dtype = entries.get("dtype");
    if (typeof shape !== "object" || shape.kind !== "tuple") throw this.unsizedArray("its shape is not a tuple");
    // A dtype holding objects (its state checked: flags and layout agree) is pickled: joblib reads
    // its array with pickle.load, whatever its type string.
    const holdsObjects = typeof dtype === "object" && OBJECT_DTYPES.has(dtype);
    if (typeof dtype !== "object" || dtype.kind !== "object" || dtype.qualname !== "numpy.dtype" || (dtype.descr === null && !holdsObjects)) {
      throw this.unsizedArray("its dtype is not one the audit can size (a numpy.dtype of a type string, with the state numpy writes for it)");
    }
    let count = 1;
    for (const dim of shape.items) count *= kindOf(dim) === "int" ? Number(dim) : Number.NaN;
    const itemsize = holdsObjects ? 0 : itemsizeOf(dtype.descr!);
    let at = this.op.end;
    if (itemsize === 0) {
      // joblib reads it with pickle.load (no joblib arrays in it), then reads on from where that
      // load stopped, with its own memo.
      const nested = auditBytes(this.bytes.subarray(at), { ...this.context, depth: this.context.depth + 1, readsJoblibArrays: false }, 1);
      // Cut short by the end of the bytes at hand: the audit of a stream waits for more (AuditStream).
      if (nested.error?.code === "TRUNCATED") throw this.arrayTruncated();
      this.foldNested(nested, at, `an object array joblib pickled after its wrapper (byte ${this.base + at})`);
      const record = nested.records[0];
      if (record?.isComplete !== true) throw this.unsizedArray("its object array's pickle does not end");
      this.resumeAt = at + record.byteLength;
      return;
    }
    if (!Number.isSafeInteger(count) || count < 0 || itemsize < 0) throw this.unsizedArray("its shape or type string is not one the audit can size");
    const alignment = entries.get("numpy_array_alignment_bytes");
    // joblib reads a padding length for any alignment but None.
    if (alignment !== undefined && alignment !== NONE) {
      if (kindOf(alignment) !== "int") throw this.unsizedArray("its alignment is not an int or None");
      if (at >= this.bytes.length) throw this.arrayTruncated();
      at += 1 + this.bytes[at]!;
    }
    const end = at + count * itemsize;
    if (end > this.bytes.length) throw this.arrayTruncated();
    this.resumeAt = end;
  }

  /** The bytes joblib writes after an array's wrapper run past the end of the input. */
  /**
   * joblib reads raw bytes after this BUILD, as many as the wrapper's state says: a state the audit
   * cannot size ends the audit here (unknown), as it cannot tell where the opcodes go on.
   */
  private unsizedArray(why: string): PickleError {
    return new PickleError(`joblib reads an array's raw bytes after this BUILD, and the audit cannot tell how many: ${why}`, {
      code: "BAD_ARGUMENT",
      offset: this.op.offset,
      opcode: this.op.info.code,
      recordIndex: this.recordIndex,
    });
  }

  private arrayTruncated(): PickleError {
    return new TruncatedError("the array bytes joblib writes after its wrapper run past the end of the input", {
      offset: this.op.offset,
      opcode: this.op.info.code,
      recordIndex: this.recordIndex,
    });
  }

  private addCall(target: string | null, verdict: Verdict): void {
    const key = `${this.op.info.name}\n${target}`;
    const seen = this.calls.get(key);
    if (seen !== undefined) seen.count++;
    else this.calls.set(key, { opcode: this.op.info.name, offset: this.base + this.op.offset, target, count: 1, verdict });
  }

  /** The offset the opcodes resume at after raw bytes, once (then undefined again). */
  takeResume(): number | undefined {
    const at = this.resumeAt;
    this.resumeAt = undefined;
    return at;
  }

  /** An error that ended pickle.load's reading of a record (readPlain) where CPython reads on: what follows is not audited. */
  noteUnread(error: PickleError): void {
    this.note("unknown", `stops at byte ${this.base + error.offset} (${error.reason}), where CPython reads on: what follows is not audited`);
  }

  /**
   * With one memo for all records, pickle.load's reading is not CPython's (its memo here is a layer
   * over joblib's, MEMOIZE numbers from the layer) and leaves another memo for the records after.
   * Noted before any opcode is read: at the record's first byte.
   */
  noteSharedMemo(start: number): void {
    const reason = "with one memo for all records, pickle.load reads this record with another memo than joblib.load, and leaves another for the records after it, which are audited as joblib reads them";
    this.findings.set(reason, { verdict: "unknown", reason, opcode: "PROTO", offset: this.base + start, count: 1 });
  }

  /** A `FRAME_OVERRUN` from genops: what CPython runs is not what this audit walked. */
  noteFrameViolation(error: PickleError): void {
    const opcode = (error.opcodeName ?? "FRAME") as OpcodeName;
    const reason = `breaks the frame rule: ${error.reason}; what CPython loads from a file is not what is audited here`;
    this.findings.set(reason, { verdict: "dangerous", reason, opcode, offset: this.base + error.offset, count: 1 });
  }

  private note(verdict: Exclude<Verdict, "safe">, reason: string): void {
    const seen = this.findings.get(reason);
    if (seen !== undefined) seen.count++;
    else this.findings.set(reason, { verdict, reason, opcode: this.op.info.name, offset: this.base + this.op.offset, count: 1 });
  }

  error(code: PickleError["code"], reason: string): PickleError {
    return new PickleError(reason, { code, offset: this.op.offset, opcode: this.op.info.code, recordIndex: this.recordIndex });
  }

  /** Gives the count table back without a report: the record is to be audited again, with more bytes. */
  abandon(): void {
    for (const code of this.used) this.counts[code] = 0;
    this.used.length = 0;
    COUNT_TABLES.push(this.counts);
  }

  /** The report, once the record ended at absolute offset `end` (complete or not); `start` is absolute too. */
  finish(start: number, end: number, isComplete: boolean): RecordAudit {
    const findings = [...this.findings.values()];
    const { counts, used } = this;
    const { named: opcodeCounts, highestProtocol } = this.context.countNames.entry(counts, used);
    const hasOpcodes = used.length > 0;
    for (const code of used) counts[code] = 0;
    used.length = 0;
    COUNT_TABLES.push(counts);
    let verdict: Verdict = isComplete ? "safe" : "unknown";
    // Cut short before STOP: what was built so far.
    if (!isComplete) this.maxNesting = deepestIn(this.stack.itemArray);
    for (const finding of findings) verdict = worstVerdict(verdict, finding.verdict);
    return {
      recordIndex: this.recordIndex,
      offset: start,
      byteLength: end - start,
      protocol: this.protocol,
      // No opcode (the first byte is none, the input is empty): no protocol, not a -1 to explain.
      highestOpcodeProtocol: hasOpcodes ? highestProtocol : null,
      opcodeCounts,
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

/**
 * The callables among `syms` and inside the tuples and containers among them (one level of
 * containers deep, tuples all the way), added to `into`: globals that look like functions and are
 * not rebuilt, and values known to be callable.
 */
function callablesIn(syms: readonly Sym[], into: SymObject[] | null): SymObject[] | null {
  let out = into;
  for (const sym of syms) out = callablesOf(sym, out);
  return out;
}

/**
 * `callablesIn` of one value: no array made for it (a container's every item passes here). Each
 * container and object it reaches is now held (it is being put somewhere or given to a call): a
 * callable put in it later was not seen here (storeCallables).
 */
function callablesOf(sym: Sym, into: SymObject[] | null): SymObject[] | null {
  if (typeof sym !== "object") return into;
  let out = into;
  if (sym.kind === "global") {
    if ((sym.verdict !== "safe" && looksLikeFunction(sym.qualname)) || (sym.qualname !== null && isJudgedByArguments(sym.qualname))) {
      out ??= [];
      if (out.length < MAX_CALLABLES) out.push(sym);
    }
  } else if (sym.kind === "object") {
    sym.isHeld = true;
    if (sym.isCallable) {
      out ??= [];
      if (out.length < MAX_CALLABLES) out.push(sym);
    }
    if (sym.callables !== null) pushCallables((out ??= []), sym.callables);
  } else if (sym.kind === "tuple") {
    if (sym.callables !== null) pushCallables((out ??= []), sym.callables);
  } else if (sym.kind === "container") {
    sym.isHeld = true;
    if (sym.callables !== null) pushCallables((out ??= []), sym.callables);
  }
  return out;
}

/**
 * A tuple of `items`, its callables found now: what it holds is held from here on (a callable
 * put in one of them later is caught by storeCallables), so none can be missed by finding them
 * early, and each use of the tuple is then one lookup, not a walk of all it nests.
 */
function tupleOf(items: readonly Sym[]): Extract<SymObject, { kind: "tuple" }> {
  return { kind: "tuple", items, callables: callablesIn(items, null), depth: 1 + deepestIn(items) };
}

/**
 * What the audit knows of numpy dtypes (numpy's __setstate__ takes a dtype's state on trust: its
 * flags say whether the dtype holds Python objects, whatever its fields are, so flags that lie
 * make numpy read raw bytes as object pointers, or free numbers as objects): dtypes whose state
 * was checked and found to hold objects, or plain data; dtypes given a state (a second BUILD is
 * numpy's __setstate__ again); dtypes another dtype's state took as a field or sub-array base;
 * dicts a dtype's state took as its fields (numpy keeps the dict itself: a later SETITEM changes
 * the dtype).
 */
const OBJECT_DTYPES = new WeakSet<object>();
const PLAIN_DTYPES = new WeakSet<object>();
const BUILT_DTYPES = new WeakSet<object>();
const FIELD_DTYPES = new WeakSet<object>();
const FIELD_DICTS = new WeakSet<object>();
/** Dtypes a call or a BUILD was given before their own BUILD (an array made of raw bytes with them). */
const USED_DTYPES = new WeakSet<object>();

/** Marks the dtypes among `items` (and in tuples among them, two deep) that have no state yet as used. */
function markUsedDtypes(items: readonly Sym[] | null, depth = 0): void {
  if (items === null) return;
  for (const item of items) {
    if (typeof item !== "object") continue;
    if (item.kind === "object") {
      if (item.qualname === "numpy.dtype" && !BUILT_DTYPES.has(item)) USED_DTYPES.add(item);
    } else if (item.kind === "tuple" && depth < 2) markUsedDtypes(item.items, depth + 1);
  }
}
/** The entries key a dict made while a dtype awaits its state keeps for a key that is no str constant. */
const UNTRACKED_KEY = "\u0000untracked";
/** copyreg's helpers that make an object of the class they are given (`cls.__new__`). */
const COPYREG_MAKERS: ReadonlySet<string> = new Set(["copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__"]);
/** numpy's object flags: NPY_ITEM_REFCOUNT | NPY_LIST_PICKLE | NPY_NEEDS_INIT | NPY_NEEDS_PYAPI (it writes 63 for `O`, 27 for a structured type holding one). */
const OBJECT_FLAGS = 27;
/** The byte size of each dtype the audit checked (its state's elsize, or its type's). */
const DTYPE_SIZES = new WeakMap<object, number>();

function isGlobalNamed(sym: Sym | undefined, qualname: string): boolean {
  return typeof sym === "object" && sym.kind === "global" && sym.qualname === qualname;
}

/** A type string of Python objects (`O`, `|O`, `O8`). */
const OBJECT_DESCR = /^[|<>=]?O\d*$/;
/** A type string of plain data as numpy pickles it (`f8`, `b1`, `U5`, `M8`, `V16`). */
const PLAIN_DESCR = /^[|<>=]?(?:\?|b1|[iuf]\d+|c\d+|[SUa]\d*|V\d+|[mM]8(?:\[\w*\])?)$/;

type DtypeKind = "plain" | "object" | "unknown";

/** What a dtype used as a field or sub-array base holds, as far as the audit knows. */
function fieldDtypeKind(sym: Sym | undefined): DtypeKind {
  if (typeof sym !== "object" || sym.kind !== "object" || sym.qualname !== "numpy.dtype") return "unknown";
  if (OBJECT_DTYPES.has(sym)) return "object";
  if (PLAIN_DTYPES.has(sym)) return "plain";
  // Not given its state yet: its type string says, unless it is a void type (fields may come).
  if (sym.descr === null) return "unknown";
  if (OBJECT_DESCR.test(sym.descr)) return "object";
  return PLAIN_DESCR.test(sym.descr) && !/V/.test(sym.descr) ? "plain" : "unknown";
}

function worseKind(a: DtypeKind, b: DtypeKind): DtypeKind {
  return a === "object" || b === "object" ? "object" : a === "unknown" || b === "unknown" ? "unknown" : "plain";
}

/** Containers nested in a value, itself included (RecordAudit.maxNesting): 0 for a scalar, a global, bytes. */
function depthOf(sym: Sym): number {
  if (typeof sym !== "object") return 0;
  return sym.kind === "container" || sym.kind === "tuple" || sym.kind === "object" ? sym.depth : 0;
}

/** The deepest of `syms` (0 for none). */
function deepestIn(syms: readonly Sym[]): number {
  let deepest = 0;
  for (const sym of syms) {
    const depth = depthOf(sym);
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/**
 * Callables a value keeps (or a list gathers), the first MAX_CALLABLES of them: a verdict needs
 * only whether there is one, findings name a few, and a list appended to itself would double at
 * each APPEND.
 */
const MAX_CALLABLES = 16;

function pushCallables(into: SymObject[], callables: readonly SymObject[]): void {
  for (let i = 0; i < callables.length && into.length < MAX_CALLABLES; i++) into.push(callables[i]!);
}

/**
 * True when a dtype of type string `descr` keeps the type string's meaning under BUILD `state`, as
 * numpy's __setstate__ reads it (trusting it): it holds objects (its flags' first bit) exactly
 * when the type string says so, and its item size (the state's elsize, -1 for a fixed-size type)
 * is the type string's. A structured type's fields do not change its size (`V56`).
 */
function isPlainDtypeState(state: Sym, descr: string): boolean {
  if (typeof state !== "object" || state.kind !== "tuple" || (state.items.length !== 8 && state.items.length !== 9)) return false;
  const [version, , , , , elsize, , flags] = state.items;
  if ((version !== 3 && version !== 4) || typeof elsize !== "number" || typeof flags !== "number") return false;
  const itemsize = itemsizeOf(descr);
  const holdsObjects = (flags & 1) !== 0;
  if (itemsize === 0) return holdsObjects;
  return !holdsObjects && (elsize === -1 || elsize === itemsize);
}

/** The bytes of an object type string: a pointer, 8 bytes, whatever its digits (numpy reads `O4` as its 8-byte `O` too). */
const OBJECT_ITEM_BYTES = 8;

/** The byte size of a field's dtype: checked (its state's elsize) or a plain or object type string, else -1. */
function fieldSize(sym: SymObject): number {
  const checked = DTYPE_SIZES.get(sym);
  if (checked !== undefined) return checked;
  if (sym.kind !== "object" || sym.descr === null) return -1;
  if (OBJECT_DESCR.test(sym.descr)) return OBJECT_ITEM_BYTES;
  return PLAIN_DESCR.test(sym.descr) ? itemsizeOf(sym.descr) : -1;
}

/** A dtype state's flags as a finding names them. */
function describeFlags(flags: Sym | undefined): string {
  return typeof flags === "number" ? `flags ${flags}` : "flags that are not an int";
}

/** What a call or a persistent id gave: nothing known of it yet. */
function objectSym(qualname: string | null, verdict: Verdict): ObjectSym {
  return { kind: "object", qualname, verdict, isCallable: false, length: -1, payload: null, descr: null, callables: null, isArmed: false, isHeld: false, depth: 0 };
}

/**
 * True for a global the audit calls safe for what its calls are given: a nested loader (the
 * pickle it is given is audited), a constructor sized against maxBytesLength, numpy's
 * `_reconstruct` (its shape), joblib's array wrapper (its array's bytes are followed only after a
 * wrapper made by calling it). Given to another call, it is called with arguments the audit does
 * not see: `_rebuild_from_type_v2(torch.storage._load_from_bytes, object, (pickle,), {})`,
 * `copyreg._reconstructor(NumpyArrayWrapper, object, None)`.
 */
function isJudgedByArguments(qualname: string): boolean {
  return NESTED_LOADERS.has(qualname) || MATERIALIZING.has(qualname) || qualname.endsWith("multiarray._reconstruct") || JOBLIB_WRAPPERS.has(qualname);
}

/** A callable as findings name it. */
function describeCallable(sym: SymObject): string {
  return sym.kind === "global" ? `the function ${sym.qualname ?? "(computed)"}` : `a callable made at load time (${(sym as ObjectSym).qualname})`;
}

/** The first of `callables` as findings name it, and how many more. */
function describeCallables(callables: readonly SymObject[]): string {
  const first = describeCallable(callables[0]!);
  return callables.length === 1 ? first : `${first} and ${callables.length - 1} more`;
}

/** By Python's naming convention a lowercase last name is a function, a capitalized one a class. */
function looksLikeFunction(qualname: string | null): boolean {
  if (qualname === null) return true;
  const last = qualname.slice(qualname.lastIndexOf(".") + 1).replace(/^_+/, "");
  const first = last.charCodeAt(0);
  return first >= 0x61 && first <= 0x7a && !NON_CALLABLE_LOWERCASE.test(qualname) && !HARMLESS_CALLABLES.has(qualname);
}

/**
 * True for a persistent id torch.load reads: `("storage", storage class, key: str, location: str,
 * numel: int)`, then in a legacy file the view, None or `(key, offset, size)`.
 */
function isTorchStorageId(pid: Sym | undefined, arity: TorchIdArity): boolean {
  if (typeof pid !== "object" || pid.kind !== "tuple" || pid.items.length !== arity) return false;
  const [tag, type, key, location, numel, view] = pid.items;
  if (tag !== "storage" || typeof key !== "string" || typeof location !== "string" || kindOf(numel!) !== "int") return false;
  if (typeof type !== "object" || type.kind !== "global" || type.qualname === null || !TORCH_STORAGE_CLASSES.has(type.qualname)) return false;
  return arity === 5 || (typeof view === "object" && (view.kind === "data" || (view.kind === "tuple" && view.items.length === 3)));
}

/** `owner.name` for `getattr(owner, name)` of a global owner when the decoder reads that method (METHODS_READ), else null. */
function methodRead(args: readonly Sym[] | null): string | null {
  if (args === null || args.length !== 2) return null;
  const [owner, name] = args;
  if (typeof owner !== "object" || owner.kind !== "global" || owner.qualname === null || owner.verdict !== "safe" || typeof name !== "string") return null;
  const method = `${owner.qualname}.${name}`;
  return METHODS_READ.has(method) ? method : null;
}

/** Bytes per item of a numpy type string (`f8` 8, `U5` 20, `?` 1); 0 for objects; -1 when unknown. */
function itemsizeOf(descr: string): number {
  // The whole string: one type (`"i8,i8"` is a structured type of two, `"2i8"` a subarray).
  const match = /^[<>|=]?([a-zA-Z?])(\d*)(?:\[\d*[a-zA-Z]+\])?$/.exec(descr);
  if (match === null) return -1;
  const [, kind, digits] = match;
  const size = digits === "" ? -1 : Number(digits);
  if (kind === "O") return 0;
  if (kind === "?") return 1;
  if (kind === "U") return size < 0 ? -1 : 4 * size;
  if (kind === "M" || kind === "m") return 8;
  return size;
}

/** The items `range(*args)` holds, or -1 when its arguments are not ints the audit followed. */
function rangeLength(args: readonly Sym[]): number {
  const ints: bigint[] = [];
  for (const arg of args) {
    if (typeof arg !== "number" && typeof arg !== "bigint") return -1;
    ints.push(BigInt(arg));
  }
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0]!, 1n] : [ints[0]!, ints[1]!, ints[2] ?? 1n];
  if (step === 0n) return -1;
  const span = step > 0n ? stop - start : start - stop;
  const abs = step > 0n ? step : -step;
  return span <= 0n ? 0 : Number((span + abs - 1n) / abs);
}

/** The bytes a value stands for when a loader is given it: bytes, latin-1 text, or a BytesIO of them. */
function bytesOf(sym: Sym | undefined): BytesSym | null {
  if (sym === undefined) return null;
  if (typeof sym === "object" && sym.kind === "bytes") return sym.isChanged ? null : sym;
  if (typeof sym === "object" && sym.kind === "object") return sym.payload;
  if (typeof sym === "string") {
    const out = new Uint8Array(sym.length);
    for (let i = 0; i < sym.length; i++) {
      const code = sym.charCodeAt(i);
      if (code > 0xff) return null;
      out[i] = code;
    }
    return { kind: "bytes", bytes: out, start: -1, isChanged: false };
  }
  return null;
}

/**
 * The bytes `_codecs.encode(text, encoding)` returns, as CPython makes them: Latin-1 (how protocol
 * 2 writes Python 2's bytes) or UTF-8 (the default). Null for another codec, or text the codec
 * refuses: the audit cannot be sure of them, and a nested loader given them is then dangerous.
 */
function encodedBytes(args: readonly Sym[]): BytesSym | null {
  const [text, encoding = "utf-8"] = args;
  if (typeof text !== "string" || typeof encoding !== "string") return null;
  const codec = encoding.toLowerCase().replaceAll("_", "-");
  if (codec === "latin1" || codec === "latin-1" || codec === "iso-8859-1" || codec === "iso8859-1") return bytesOf(text);
  if (codec !== "utf-8" && codec !== "utf8") return null;
  // A lone surrogate: strict UTF-8 refuses it (TextEncoder would write U+FFFD instead).
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return null;
  return { kind: "bytes", bytes: new TextEncoder().encode(text), start: -1, isChanged: false };
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
  const run = new AuditRun(options);
  run.auditAll(bytes, 0, true);
  return run.result(bytes.length);
}

/**
 * Audits a pickle `torch.load` reads, its persistent ids judged as the decoder's `loadTorch` reads
 * them: `("storage", storage class, key, location, numel)` in a zip's `<name>/data.pkl`
 * (`idArity` 5), with a sixth item, the view, in a legacy file (6).
 */
export function auditTorchPickle(bytes: Uint8Array, options: AuditOptions, idArity: TorchIdArity): PickleAudit {
  checkInput(bytes, 0);
  const run = new AuditRun(options, rootContext(options, idArity));
  run.auditAll(bytes, 0, true);
  return run.result(bytes.length);
}

/** The context of an audit of the input itself (not a nested pickle). */
function rootContext(options: AuditOptions, torchStorageIds: TorchIdArity | 0): AuditContext {
  const extra = new Set(options.classes ?? []);
  return {
    globals: new GlobalJudge((qualname: string): boolean => REBUILT_CLASSES.has(qualname) || extra.has(qualname), options.fixImports ?? true),
    countNames: new OpcodeCountNames(),
    // The decoder's own limit (UnpicklerOptions.maxBytesLength, default 2 GiB - 1).
    maxBytesLength: resolveSettings().maxBytesLength,
    depth: 0,
    torchStorageIds,
    // torch.load reads its pickles with its own Unpickler: no joblib arrays.
    readsJoblibArrays: torchStorageIds === 0,
  };
}

/**
 * Runs `auditor` over the record's opcodes from `start` to its STOP. `error`: the PickleError that
 * ended it early, or null; `lastEnd`: where the last opcode read ended.
 */
function walkRecord(auditor: RecordAuditor, cursor: OpCursor, start: number, recordIndex: number): { readonly error: PickleError | null; readonly lastEnd: number } {
  cursor.startRecord(start, recordIndex);
  let lastEnd = start;
  try {
    for (;;) {
      cursor.advance(auditor.takeResume());
      lastEnd = cursor.end;
      auditor.step(cursor);
      if (cursor.info.code === OP.STOP) return { error: null, lastEnd };
    }
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    return { error, lastEnd };
  }
}

/**
 * Where a record that failed with `error` ends: a cut record holds every byte to the end of the
 * input (`length`); a bad one ends with the opcode that failed (never past the input's end: its
 * argument may be what is missing).
 */
function failedRecordEnd(error: PickleError, lastEnd: number, length: number): number {
  return error.code === "TRUNCATED" ? length : Math.min(Math.max(lastEnd, error.offset + 1), length);
}

/** pickle.load's records read inside one record of joblib's (readPlainRecords): an object array's pickle is one. */
const MAX_PLAIN_RECORDS = 64;

/** Errors where CPython's load fails too: pickle.load's reading of a record (readPlain) ends there, harmlessly. */
const PLAIN_READING_ENDS: ReadonlySet<string> = new Set(["UNKNOWN_OPCODE", "STACK_UNDERFLOW", "NO_MARK", "MEMO_MISSING", "TRUNCATED"]);

/** What a finding of pickle.load's reading of a record with joblib arrays says first. */
const PLAIN_READING = "read as pickle.load, torch.load and numpy.load read it (the bytes joblib.load takes for an array's data are opcodes to them)";

/**
 * A record's audit (joblib.load's reading) with what pickle.load's reading of the same bytes
 * found (its findings, and the imports and calls of its records that found any), the worse
 * verdict of the two. The plain reading's own
 * end (an error where the array's bytes are no opcodes, as in every file joblib writes) is no
 * finding: the load fails there, having run only what came before.
 */
function withPlainReading(record: RecordAudit, plains: readonly RecordAudit[]): RecordAudit {
  const last = plains.at(-1);
  const recordEnd = record.offset + record.byteLength;
  const lastEnd = last === undefined ? recordEnd : last.offset + last.byteLength;
  // The last of pickle.load's records ends past joblib's record (its next starts elsewhere than
  // joblib's), or there were more than are read here.
  const isSplit = last?.isComplete === true && lastEnd !== recordEnd;
  let verdict = record.verdict;
  const findings = [...record.findings];
  if (isSplit) {
    const reason = `pickle.load reads records across what joblib.load reads as array data: its record ends at byte ${lastEnd}, joblib's at ${recordEnd}, so a loop of pickle.load reads its next record from bytes not audited as one`;
    findings.push({ verdict: "unknown", reason, opcode: "STOP", offset: lastEnd - 1, count: 1 });
    verdict = worstVerdict(verdict, "unknown");
  }
  const imports = [...record.imports];
  const calls = [...record.calls];
  const importKeys = new Set(imports.map((entry) => `${entry.module}\n${entry.name}`));
  const callKeys = new Set(calls.map((entry) => `${entry.opcode}\n${entry.target}`));
  for (const plain of plains) {
    for (const finding of plain.findings) {
      findings.push({ ...finding, reason: `${PLAIN_READING}: ${finding.reason}` });
      verdict = worstVerdict(verdict, finding.verdict);
    }
    if (plain.findings.length === 0) continue;
    for (const entry of plain.imports) if (!importKeys.has(`${entry.module}\n${entry.name}`)) imports.push(entry);
    for (const entry of plain.calls) if (!callKeys.has(`${entry.opcode}\n${entry.target}`)) calls.push(entry);
  }
  return findings.length === record.findings.length ? record : { ...record, findings, imports, calls, verdict };
}

/** The audit of `bytes` under `context`, at most `maxRecords` records (a nested pickle's). */
function auditBytes(bytes: Uint8Array, context: AuditContext, maxRecords: number): PickleAudit {
  // A nested pickle is a record or five (a legacy torch file): no templates to learn, none made
  // for each of the many a joblib file or a pickle of pickles may hold.
  const run = new AuditRun({}, context, maxRecords, null, false);
  run.auditAll(bytes, 0, true);
  return run.result(bytes.length);
}

/** Called with each record audited and its bytes (a view, valid during the call only). */
export type RecordBytesListener = (record: RecordAudit, bytes: Uint8Array) => void;

/**
 * An audit in progress, records given to it in order, in one array or a few at a time (the
 * records of a stream as they arrive: AuditStream): what was found so far, the error that ended it.
 */
export class AuditRun {
  private readonly records: KeptRecords;
  private readonly context: AuditContext;
  /** The one memo of all records (`memo: "shared"`), or null for a fresh one each. */
  private readonly sharedMemo: SymMemo | null;
  private verdict: Verdict = "safe";
  /** What ended the audit, or null while it goes on. */
  error: AuditError | null = null;
  /** Records audited so far (the next one's index). */
  recordCount = 0;
  /** Records given an earlier record's audit (audit-replay.ts): the tests and the bench's notes count them. */
  recordsReplayed = 0;
  /** Gives a record the audit of an earlier one with the same opcodes (audit-replay.ts), or null (a shared memo). */
  private readonly replay: AuditReplay | null;
  /** The context of pickle.load's reading of a record with joblib arrays (readPlain), made when first needed. */
  private plainContext: AuditContext | undefined;

  /**
   * @param replaysRecords Whether a record may take the audit of an earlier one with the same
   *   opcodes (audit-replay.ts); false audits every record opcode by opcode (the tests compare the two).
   */
  constructor(
    options: AuditOptions,
    context?: AuditContext,
    private readonly maxRecords = Number.POSITIVE_INFINITY,
    private readonly onRecord: RecordBytesListener | null = null,
    replaysRecords = true,
  ) {
    this.context = context ?? rootContext(options, 0);
    this.sharedMemo = options.memo === "shared" ? new SymMemo() : null;
    // A shared memo carries values from record to record: a record's audit is not its opcodes' alone.
    this.replay = replaysRecords && this.sharedMemo === null ? new AuditReplay(DEFAULT_LIMITS, this.context.countNames) : null;
    const maxKept = options.maxRecordsKept ?? Number.POSITIVE_INFINITY;
    if (!(maxKept >= 0)) throw new RangeError(`maxRecordsKept must be 0 or more, got ${maxKept}`);
    this.records = new KeptRecords(maxKept);
  }

  /** True once no more records are audited: an error ended it, or it has its maximum of records. */
  get isDone(): boolean {
    return this.error !== null || this.recordCount >= this.maxRecords;
  }

  /**
   * Audits the records of `bytes` (its first byte at absolute offset `base`) up to its end. With
   * `isFinal` false, a record that runs past the end is left unaudited: its start is returned,
   * for the caller to come back with more bytes. Otherwise returns `bytes.length`.
   */
  auditAll(bytes: Uint8Array, base: number, isFinal: boolean): number {
    let start = 0;
    const cursor = new OpCursor(bytes, 0, this.recordCount, DEFAULT_LIMITS, base);
    while (start < bytes.length && !this.isDone) {
      const end = this.auditRecord(cursor, bytes, start, base, isFinal);
      if (end < 0) return start;
      start = end;
    }
    return bytes.length;
  }

  /**
   * One record from `start`: recorded, and its end returned; -1 when it ran past the end of
   * `bytes` and `isFinal` is false (nothing recorded).
   */
  private auditRecord(cursor: OpCursor, bytes: Uint8Array, start: number, base: number, isFinal: boolean): number {
    const recordIndex = this.recordCount;
    const replay = this.replay;
    if (replay !== null) {
      const replayed = replay.replay(bytes, cursor.view, start, base, recordIndex);
      if (replayed !== null) {
        this.recordsReplayed++;
        this.add(replayed, bytes, start);
        return start + replayed.byteLength;
      }
    }
    const memo = this.sharedMemo ?? new SymMemo();
    const auditor = new RecordAuditor(memo, this.context, recordIndex, bytes, base);
    const { error, lastEnd } = walkRecord(auditor, cursor, start, recordIndex);
    if (error !== null) {
      if (!isFinal && error.code === "TRUNCATED") {
        auditor.abandon();
        return -1;
      }
      if (error.code === "FRAME_OVERRUN") auditor.noteFrameViolation(error);
      const end = failedRecordEnd(error, lastEnd, bytes.length);
      let record = auditor.finish(base + start, base + end, false);
      if (auditor.readsRawBytes) record = withPlainReading(record, this.readPlainRecords(bytes, start, end, base, true, recordIndex)!);
      this.add(record, bytes, start);
      this.verdict = worstVerdict(this.verdict, "unknown");
      this.error = { code: error.code, reason: error.reason, offset: base + error.offset, recordIndex, opcode: auditOpcode(error) };
      return bytes.length;
    }
    let record = auditor.finish(base + start, base + cursor.end, true);
    if (auditor.readsRawBytes) {
      const plain = this.readPlainRecords(bytes, start, cursor.end, base, isFinal, recordIndex);
      if (plain === null) return -1;
      record = withPlainReading(record, plain);
    }
    this.add(record, bytes, start);
    replay?.learn(bytes, start, record);
    return cursor.end;
  }

  /**
   * The bytes of a record joblib.load reads from `start` to `end`, as a loop of pickle.load reads
   * them (readPlain): a record that ends inside an array's bytes (an object array's own pickle,
   * which joblib writes there) is followed by the next from where it ended, until one ends at or
   * past `end` or fails. Null when one runs past the end of `bytes` and `isFinal` is false.
   */
  private readPlainRecords(bytes: Uint8Array, start: number, end: number, base: number, isFinal: boolean, recordIndex: number): RecordAudit[] | null {
    const plains: RecordAudit[] = [];
    let at = start;
    while (at < end && plains.length < MAX_PLAIN_RECORDS) {
      const plain = this.readPlain(bytes, at, base, isFinal, recordIndex);
      if (plain === null) return null;
      plains.push(plain);
      if (!plain.isComplete) break;
      at = plain.offset - base + plain.byteLength;
    }
    return plains;
  }

  /**
   * The record from `start` as pickle.load (and torch.load, numpy.load) reads it: the bytes
   * joblib.load takes for an array's data are opcodes to them, run until a STOP or until one fails
   * (then the load fails there, after what came before it ran). Null when it runs past the end of
   * `bytes` and `isFinal` is false (the caller comes back with more). With a shared memo, the
   * memo as the joblib reading left it is read under the record's own puts (a superset of what
   * pickle.load would hold: never less to judge).
   */
  private readPlain(bytes: Uint8Array, start: number, base: number, isFinal: boolean, recordIndex: number): RecordAudit | null {
    this.plainContext ??= { ...this.context, readsJoblibArrays: false };
    const memo = this.sharedMemo === null ? new SymMemo() : new LayeredMemo(this.sharedMemo);
    const auditor = new RecordAuditor(memo, this.plainContext, recordIndex, bytes, base);
    // Its memo is not CPython's (MEMOIZE numbers from the layer's own entries), so it may stop where
    // CPython reads on: never safe.
    if (this.sharedMemo !== null) auditor.noteSharedMemo(start);
    const cursor = new OpCursor(bytes, 0, recordIndex, DEFAULT_LIMITS, base);
    const { error, lastEnd } = walkRecord(auditor, cursor, start, recordIndex);
    if (error !== null) {
      if (!isFinal && error.code === "TRUNCATED") {
        auditor.abandon();
        return null;
      }
      // The load fails there only where CPython fails too: a byte that is no opcode, a stack or
      // memo it does not have, the end of the input. The audit's other refusals (a limit, an
      // argument CPython reads on past, a broken frame CPython never checks) leave what follows
      // unread, and pickle.load reads it.
      if (error.code === "FRAME_OVERRUN") auditor.noteFrameViolation(error);
      else if (!PLAIN_READING_ENDS.has(error.code)) auditor.noteUnread(error);
      return auditor.finish(base + start, base + failedRecordEnd(error, lastEnd, bytes.length), false);
    }
    return auditor.finish(base + start, base + cursor.end, true);
  }

  private add(record: RecordAudit, bytes: Uint8Array, start: number): void {
    this.records.add(record);
    this.verdict = worstVerdict(this.verdict, record.verdict);
    this.recordCount++;
    this.onRecord?.(record, bytes.subarray(start, start + record.byteLength));
  }

  /** The audit so far, of an input of `byteLength` bytes. */
  result(byteLength: number): PickleAudit {
    return { byteLength, verdict: this.verdict, ...this.records.result(), error: this.error };
  }
}

/** The records' audits an audit keeps (all, or past `maxKept` records only the ones not safe) and their sum. */
class KeptRecords {
  private readonly records: RecordAudit[] = [];
  private readonly summer = new AuditSummer();
  private isAll = true;

  constructor(private readonly maxKept: number) {}

  add(record: RecordAudit): void {
    this.summer.add(record);
    if (this.isAll && this.records.length >= this.maxKept) {
      this.isAll = false;
      let kept = 0;
      for (const seen of this.records) if (seen.verdict !== "safe") this.records[kept++] = seen;
      this.records.length = kept;
    }
    if (this.isAll || (record.verdict !== "safe" && this.records.length < this.maxKept)) this.records.push(record);
  }

  result(): Pick<PickleAudit, "records" | "recordsKept" | "summary"> {
    return { records: this.records, recordsKept: this.isAll ? "all" : "not-safe", summary: this.summer.summary() };
  }
}
