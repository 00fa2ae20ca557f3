import type { PyPostCall, PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, isTuple, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue } from "./arg-checks.js";

/** `co_flags` bits (CPython's inspect.CO_VARARGS / CO_VARKEYWORDS). */
const CO_VARARGS = 0x04;
const CO_VARKEYWORDS = 0x08;

/**
 * Where each field sits in `CodeType(...)`'s arguments, by argument count: cloudpickle pickles a
 * code object as `CodeType(*args)` for the Python that wrote it, dill as `_create_code(*args)`.
 */
interface CodeLayout {
  readonly argcount: number;
  readonly posonlyargcount: number | null;
  readonly kwonlyargcount: number | null;
  readonly flags: number;
  readonly names: number;
  readonly varnames: number;
  readonly filename: number;
  readonly name: number;
  readonly qualname: number | null;
  readonly firstlineno: number;
  readonly freevars: number;
}

const LAYOUTS: ReadonlyMap<number, CodeLayout> = new Map([
  // Python 2: (argcount, nlocals, stacksize, flags, code, consts, names, varnames, filename, name, firstlineno, lnotab, freevars, cellvars)
  [14, { argcount: 0, posonlyargcount: null, kwonlyargcount: null, flags: 3, names: 6, varnames: 7, filename: 8, name: 9, qualname: null, firstlineno: 10, freevars: 12 }],
  // Python 3.0-3.7: kwonlyargcount after argcount
  [15, { argcount: 0, posonlyargcount: null, kwonlyargcount: 1, flags: 4, names: 7, varnames: 8, filename: 9, name: 10, qualname: null, firstlineno: 11, freevars: 13 }],
  // Python 3.8-3.10: posonlyargcount too
  [16, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: null, firstlineno: 12, freevars: 14 }],
  // Python 3.11+: qualname, linetable, exceptiontable
  [18, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: 12, firstlineno: 13, freevars: 16 }],
  // Python 3.11 alphas (dill): endlinetable and columntable before exceptiontable
  [20, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: 12, firstlineno: 13, freevars: 18 }],
]);

function count(args: readonly PyValue[], index: number | null): number {
  if (index === null) return 0;
  const value = args[index];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new TypeError(`CodeType: argument ${index} must be a count, got ${describeValue(value)}`);
  return value;
}

function text(args: readonly PyValue[], index: number | null): string | null {
  if (index === null) return null;
  const value = args[index];
  return typeof value === "string" ? value : null;
}

function names(args: readonly PyValue[], index: number): string[] {
  const value = args[index];
  if (!Array.isArray(value)) throw new TypeError(`CodeType: argument ${index} must be a tuple of names, got ${describeValue(value)}`);
  // As CodeType(): "name tuples must contain only strings".
  for (const name of value) if (typeof name !== "string") throw new TypeError(`CodeType: argument ${index} must hold only str names, got ${describeValue(name)}`);
  return value as string[];
}

/**
 * A code object as cloudpickle (`_builtin_type("CodeType")(...)`) and dill (`_create_code(...)`)
 * pickle it: what a reader needs to describe its function (parameter names, captured and global
 * names), never the bytecode, which is not run nor shown.
 */
export class PyCode implements PyObjectValue, PyReducible {
  readonly pyClass = "types.CodeType";
  /** The call that made it, as pickled (`CodeType(*args)`, `_create_code(*args)`), for `dumps`. */
  origin: PyPostCall | null = null;
  argcount = 0;
  posonlyargcount = 0;
  kwonlyargcount = 0;
  flags = 0;
  /** `co_names`: the global (and attribute) names the code looks up. */
  names: string[] = [];
  varnames: string[] = [];
  freevars: string[] = [];
  filename: string | null = null;
  name = "";
  qualname: string | null = null;
  firstlineno = 0;

  /** `CodeType(*args)` for any Python from 2.7 to 3.13 (the layout is told by the argument count). */
  static fromArgs(args: readonly PyValue[]): PyCode {
    // dill >= 0.3.5 puts co_lnotab first when it is not the int co_argcount.
    const fields = args.length > 0 && typeof args[0] !== "number" ? args.slice(1) : args;
    const layout = LAYOUTS.get(fields.length);
    if (layout === undefined) throw new TypeError(`CodeType: ${fields.length} arguments match no Python version's layout`);
    const code = new PyCode();
    code.argcount = count(fields, layout.argcount);
    code.posonlyargcount = count(fields, layout.posonlyargcount);
    code.kwonlyargcount = count(fields, layout.kwonlyargcount);
    code.flags = count(fields, layout.flags);
    code.names = names(fields, layout.names);
    code.varnames = names(fields, layout.varnames);
    code.freevars = names(fields, layout.freevars);
    code.filename = text(fields, layout.filename);
    code.name = text(fields, layout.name) ?? "";
    code.qualname = text(fields, layout.qualname);
    code.firstlineno = count(fields, layout.firstlineno);
    // What CodeType() checks of the counts: they name parameters among co_varnames, so a claim of
    // 2**50 arguments in a 300-byte pickle is refused here, not listed name by name.
    if (code.posonlyargcount > code.argcount) throw new TypeError("CodeType: posonlyargcount is more than argcount");
    const parameterCount = code.argcount + code.kwonlyargcount + ((code.flags & CO_VARARGS) !== 0 ? 1 : 0) + ((code.flags & CO_VARKEYWORDS) !== 0 ? 1 : 0);
    if (parameterCount > code.varnames.length) {
      throw new TypeError(`CodeType: co_varnames is too small (${code.varnames.length} names for ${parameterCount} parameters)`);
    }
    return code;
  }

  /**
   * Parameter names in signature order, as `inspect.signature` lists them: `"/"` after
   * positional-only ones, `"*args"`, `"*"` before keyword-only ones when there is no `*args`,
   * `"**kwargs"`.
   */
  get parameters(): string[] {
    const vars = this.varnames;
    const positional = this.argcount;
    const keywordOnly = this.kwonlyargcount;
    const hasVarargs = (this.flags & CO_VARARGS) !== 0;
    const hasVarkw = (this.flags & CO_VARKEYWORDS) !== 0;
    const out: string[] = [];
    for (let i = 0; i < positional; i++) {
      out.push(vars[i]!);
      if (i === this.posonlyargcount - 1) out.push("/");
    }
    let next = positional + keywordOnly;
    if (hasVarargs) out.push(`*${vars[next++] ?? "args"}`);
    else if (keywordOnly > 0) out.push("*");
    for (let i = positional; i < positional + keywordOnly; i++) out.push(vars[i]!);
    if (hasVarkw) out.push(`**${vars[next] ?? "kwargs"}`);
    return out;
  }

  /** Names of the parameters that take defaults from `__defaults__` (the last positional ones). */
  defaultedPositional(defaultCount: number): string[] {
    const positional = this.varnames.slice(0, this.argcount);
    return defaultCount > 0 ? positional.slice(Math.max(0, positional.length - defaultCount)) : [];
  }

  reduceForPickle(): PyReduction {
    if (this.origin === null) throw new TypeError("cannot pickle a code object built outside a decoder");
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }

  /** Alone (not inside a function) a code object shows its name and where it came from. */
  toPlain(): PyValue {
    const plain = createDict();
    plain["__code__"] = this.qualname ?? this.name;
    plain["filename"] = this.filename;
    plain["firstlineno"] = this.firstlineno;
    return plain;
  }
}

/** True for a tuple or list value (code fields, closures and defaults arrive as tuples). */
export function isSequence(value: PyValue | undefined): value is PyValue[] {
  return Array.isArray(value) || isTuple(value);
}
