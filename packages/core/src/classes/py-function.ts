import type { PyPostCall, PyReducible, PyReduction } from "../encoder/reduction.js";
import { PyGlobal, PyInstance, postCallOf } from "../values/placeholders.js";
import { createDict, isPyObject, type PyDict, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { dictEntries, dictGet, isDictValue } from "./dict-access.js";
import { isSequence, PyCode } from "./py-code.js";

// Functions and classes as cloudpickle and dill pickle them (by value: code, globals, closure),
// rebuilt as data. Nothing here is run: the code object is read for its names only.

/** The key of a discarded call's callee: `module.qualname` of a named global, else the callee value. */
function calleeName(call: PyInstance): string {
  return call.callee === null ? call.pyClass : "";
}

/**
 * True when a discarded call is `setattr(obj, name, value)`: `builtins.setattr`, dill's
 * `dill._dill._setattr`, or dill's `getattr(dill._dill, "_setattr", setattr)` (how dill 0.3 names it).
 */
export function isSetattrCall(call: PyInstance): boolean {
  const name = calleeName(call);
  if (name === "builtins.setattr" || name === "dill._dill._setattr") return true;
  const callee = call.callee;
  return (
    callee instanceof PyInstance &&
    callee.callee === null &&
    callee.pyClass === "builtins.getattr" &&
    callee.args[1] === "_setattr" &&
    callee.args[0] instanceof PyGlobal &&
    callee.args[0].pyClass.startsWith("dill.")
  );
}

/** `_function_setstate` / `_class_setstate` of any cloudpickle version (cloudpickle, cloudpickle_fast). */
function isCloudpickleSetstate(call: PyInstance, which: "_function_setstate" | "_class_setstate"): boolean {
  const name = calleeName(call);
  return name.startsWith("cloudpickle.") && name.endsWith(`.${which}`);
}

/**
 * Keeps unknown discarded calls visible (`__effects__`), as on a placeholder, and remembers how
 * the pickle built the value (the call, a BUILD state, every discarded call made on it), so that
 * `dumps` writes the same calls back: a pickle cloudpickle or dill loads again.
 */
abstract class EffectHolder implements PyReducible {
  effects: PyInstance[] | null = null;
  /** The call that made the value, as pickled; set by the reconstructor. */
  origin: PyPostCall | null = null;
  /** A BUILD state given to the value, as pickled. */
  protected builtState: PyValue | undefined = undefined;
  private readonly postCalls: PyPostCall[] = [];

  protected recordEffect(call: PyInstance): void {
    this.postCalls.push(postCallOf(call));
  }
  /** A call made on the value whose result is the value itself (cloudpickle's `_fill_function`): written back as a discarded call. */
  addPostCall(callable: PyValue, args: readonly PyValue[]): void {
    this.postCalls.push({ callable, args });
  }
  protected keepEffect(call: PyInstance, otherArgs: PyValue[]): void {
    (this.effects ??= []).push(call.withArgs(otherArgs));
  }
  protected writeEffects(plain: PyDict): void {
    if (this.effects !== null) plain["__effects__"] = this.effects;
  }

  reduceForPickle(): PyReduction {
    const origin = this.origin;
    if (origin === null) throw new TypeError(`cannot pickle a ${(this as unknown as PyObjectValue).pyClass} built outside a decoder`);
    return {
      callable: ["", ""],
      callableValue: origin.callable,
      args: origin.args,
      ...(this.builtState !== undefined ? { state: this.builtState } : {}),
      postCalls: this.postCalls,
    };
  }
}

/** Sets how the pickle made `value` (see EffectHolder.origin) and returns it. */
export function withOrigin<T extends PyValue>(value: T, callable: PyValue, args: readonly PyValue[]): T {
  if (value instanceof EffectHolder || value instanceof PyCode || value instanceof PyNamedType || value instanceof PyModuleRef) {
    value.origin = { callable, args };
  }
  return value;
}

/** A closure cell: `_make_cell(v)`, `_make_empty_cell()`, `_create_cell(v)`; contents set later by `setattr(cell, "cell_contents", v)`. */
export class PyCell extends EffectHolder implements PyObjectValue {
  readonly pyClass = "types.CellType";
  /** `undefined` while the cell is empty. */
  contents: PyValue | undefined;

  constructor(contents?: PyValue) {
    super();
    this.contents = contents;
  }

  addEffect(call: PyInstance, otherArgs: PyValue[]): void {
    this.recordEffect(call);
    if (isSetattrCall(call) && otherArgs[0] === "cell_contents" && otherArgs.length === 2) this.contents = otherArgs[1]!;
    else this.keepEffect(call, otherArgs);
  }

  /** The contents (null when empty). */
  toPlain(): PyValue {
    return this.contents ?? null;
  }
}

/**
 * dill's `_CELL_EMPTY` sentinel and cloudpickle's `_empty_cell_value` name an empty cell; dill
 * 0.3.6 reaches the sentinel by `getattr(dill._dill, "_CELL_EMPTY", None)`, a call left a placeholder.
 */
export function isEmptyCellMarker(value: PyValue | undefined): boolean {
  if (value instanceof PyGlobal) return value.name === "_CELL_EMPTY" || value.name === "_empty_cell_value";
  return (
    value instanceof PyInstance &&
    value.module === "builtins" &&
    value.name === "getattr" &&
    value.args[1] === "_CELL_EMPTY" &&
    value.args[0] instanceof PyGlobal &&
    value.args[0].module.startsWith("dill")
  );
}

/** Globals dict keys Python puts in every module namespace: not globals a function refers to. */
const MODULE_KEYS: ReadonlySet<string> = new Set(["__package__", "__name__", "__file__", "__builtins__", "__doc__", "__loader__", "__spec__", "__cached__"]);

/**
 * A function pickled by value (cloudpickle's `_make_function` / `_make_skel_func`, dill's
 * `_create_function`, `FunctionType(...)`). JSON: `{"__function__": "module.qualname",
 * "parameters", "defaults", "closure", "globals", "names"}` (docs/json-mapping.md).
 */
export class PyFunction extends EffectHolder implements PyObjectValue {
  readonly pyClass = "types.FunctionType";
  defaults: PyValue[] = [];
  kwdefaults: Map<string, PyValue> = new Map();
  closure: PyValue[] = [];
  /** The dict the function's globals start from (cloudpickle's base globals, dill's referenced globals). */
  globals: PyValue;
  /** Globals cloudpickle adds with `_function_setstate` (`__globals__`). */
  extraGlobals: [string, PyValue][] = [];
  name: string | null;
  qualname: string | null = null;
  module: string | null = null;
  /** `func.__dict__` attributes. */
  attributes: [string, PyValue][] = [];

  constructor(
    readonly code: PyValue,
    globals: PyValue,
    name: PyValue | undefined,
    defaults: PyValue | undefined,
    closure: PyValue | undefined,
  ) {
    super();
    this.globals = globals;
    this.name = typeof name === "string" ? name : null;
    if (isSequence(defaults)) this.defaults = [...defaults];
    if (isSequence(closure)) this.closure = [...closure];
  }

  /** dill's BUILD: `(dict, slotstate)` or a dict: `__dict__` entries, then attributes (`__qualname__`, ...). */
  setState(state: PyValue): void {
    this.builtState = state;
    this.applyState(state);
  }

  private applyState(state: PyValue): void {
    if (isSequence(state) && state.length === 2) {
      if (isDictValue(state[0])) for (const [key, value] of dictEntries(state[0])) this.attributes.push([String(key), value]);
      if (isDictValue(state[1])) for (const [key, value] of dictEntries(state[1])) this.setAttribute(String(key), value);
      return;
    }
    if (isDictValue(state)) for (const [key, value] of dictEntries(state)) this.attributes.push([String(key), value]);
  }

  /** `setattr(func, name, value)` as CPython's function type takes it. */
  setAttribute(name: string, value: PyValue): void {
    switch (name) {
      case "__qualname__":
        if (typeof value === "string") this.qualname = value;
        return;
      case "__name__":
        if (typeof value === "string") this.name = value;
        return;
      case "__module__":
        if (typeof value === "string") this.module = value;
        return;
      case "__defaults__":
        this.defaults = isSequence(value) ? [...value] : [];
        return;
      case "__kwdefaults__":
        this.kwdefaults = new Map(isDictValue(value) ? dictEntries(value).map(([key, item]) => [String(key), item]) : []);
        return;
      case "__closure__":
        // cloudpickle's _function_setstate copies each new cell's contents into the function's cells.
        if (isSequence(value)) {
          value.forEach((cell, index) => {
            const contents = cell instanceof PyCell ? cell.contents : cell;
            const own = this.closure[index];
            if (own instanceof PyCell) own.contents = contents;
            else this.closure[index] = cell;
          });
        }
        return;
      case "__globals__":
        if (isDictValue(value)) for (const [key, item] of dictEntries(value)) this.extraGlobals.push([String(key), item]);
        return;
      case "__dict__":
        if (isDictValue(value)) for (const [key, item] of dictEntries(value)) this.attributes.push([String(key), item]);
        return;
      case "__doc__":
      case "__annotations__":
      case "_cloudpickle_submodules":
        return;
      default:
        this.attributes.push([name, value]);
    }
  }

  /** cloudpickle's `_function_setstate(func, (state, slotstate))`, dill's `setattr(func, name, value)`. */
  addEffect(call: PyInstance, otherArgs: PyValue[]): void {
    this.recordEffect(call);
    if (isCloudpickleSetstate(call, "_function_setstate") && otherArgs.length === 1) {
      this.applyState(otherArgs[0]!);
      return;
    }
    if (isSetattrCall(call) && otherArgs.length === 2 && typeof otherArgs[0] === "string") {
      this.setAttribute(otherArgs[0], otherArgs[1]!);
      return;
    }
    this.keepEffect(call, otherArgs);
  }

  /** cloudpickle < 1.5's `_fill_function(func, state)` / `_fill_function(func, globals, defaults, dict, module, closure_values)`. */
  fill(args: readonly PyValue[]): void {
    if (args.length === 1 && isDictValue(args[0])) {
      const state = args[0];
      const read = (key: string): PyValue | undefined => dictGet(state, key);
      const globals = read("globals");
      if (isDictValue(globals)) for (const [key, item] of dictEntries(globals)) this.extraGlobals.push([String(key), item]);
      for (const [key, attribute] of [
        ["defaults", "__defaults__"],
        ["kwdefaults", "__kwdefaults__"],
        ["dict", "__dict__"],
        ["module", "__module__"],
        ["qualname", "__qualname__"],
        ["name", "__name__"],
      ] as const) {
        const value = read(key);
        if (value !== undefined && value !== null) this.setAttribute(attribute, value);
      }
      const values = read("closure_values");
      if (isSequence(values)) this.setAttribute("__closure__", values);
      return;
    }
    const [globals, defaults, dict, module, closureValues] = args;
    if (isDictValue(globals)) for (const [key, item] of dictEntries(globals)) this.extraGlobals.push([String(key), item]);
    if (defaults !== undefined && defaults !== null) this.setAttribute("__defaults__", defaults);
    if (dict !== undefined && dict !== null) this.setAttribute("__dict__", dict);
    if (typeof module === "string") this.module = module;
    if (isSequence(closureValues)) this.setAttribute("__closure__", closureValues);
  }

  /** `module.qualname` as Python would name the function. */
  get fullName(): string {
    const code = this.code instanceof PyCode ? this.code : null;
    const qualname = this.qualname ?? code?.qualname ?? this.name ?? code?.name ?? "<function>";
    return `${this.moduleName() ?? "__main__"}.${qualname}`;
  }

  /** From `__module__`, else the globals' `__name__`, else the module whose namespace dill referenced. */
  private moduleName(): string | null {
    if (this.module !== null) return this.module;
    const globals = this.globals;
    if (isDictValue(globals)) {
      const name = dictGet(globals, "__name__");
      return typeof name === "string" ? name : null;
    }
    if (globals instanceof PyGlobal) return globals.name === "__dict__" ? globals.module : globals.name === "__main__" ? "__main__" : null;
    return null;
  }

  toPlain(): PyValue {
    const code = this.code instanceof PyCode ? this.code : null;
    const plain = createDict();
    plain["__function__"] = this.fullName;
    plain["parameters"] = code === null ? [] : code.parameters;
    const defaults = createDict();
    if (code !== null) {
      const names = code.defaultedPositional(this.defaults.length);
      const skip = this.defaults.length - names.length;
      names.forEach((name, index) => {
        defaults[name] = this.defaults[skip + index]!;
      });
    }
    for (const [name, value] of this.kwdefaults) defaults[name] = value;
    plain["defaults"] = defaults;
    const closure = createDict();
    (code?.freevars ?? []).forEach((name, index) => {
      const cell = this.closure[index];
      const value = cell instanceof PyCell ? (cell.contents ?? null) : (cell ?? null);
      // The function itself (a recursive closure) and the class `super()` reads from the
      // `__class__` cell are written by name: expanded, they would contain this function again.
      const isSelf = value === this || (name === "__class__" && value instanceof PyClassDef);
      closure[name] = isSelf ? globalRef((value as PyFunction | PyClassDef).fullName) : value;
    });
    plain["closure"] = closure;
    const globals = createDict();
    if (isDictValue(this.globals)) {
      for (const [key, value] of dictEntries(this.globals)) if (typeof key === "string" && !MODULE_KEYS.has(key)) globals[key] = value;
    }
    for (const [key, value] of this.extraGlobals) if (!MODULE_KEYS.has(key)) globals[key] = value;
    plain["globals"] = globals;
    plain["names"] = code === null ? [] : [...code.names];
    if (this.attributes.length > 0) {
      const attributes = createDict();
      for (const [key, value] of this.attributes) attributes[key] = value;
      plain["attributes"] = attributes;
    }
    this.writeEffects(plain);
    return plain;
  }
}

function globalRef(name: string): PyDict {
  const plain = createDict();
  plain["__global__"] = name;
  return plain;
}

/** Class dict keys every class has: not what a reader looks for. */
const CLASS_BOILERPLATE: ReadonlySet<string> = new Set(["__module__", "__qualname__", "__dict__", "__weakref__", "_abc_impl"]);

/**
 * A class pickled by value (cloudpickle's `_make_skeleton_class` + `_class_setstate`, dill's
 * `_create_type`). JSON: `{"__type__": "module.qualname", "bases": [...], "methods": {...},
 * "attributes": {...}}`.
 */
export class PyClassDef extends EffectHolder implements PyObjectValue {
  readonly pyClass = "builtins.type";
  readonly entries = new Map<string, PyValue>();
  qualname: string | null = null;

  constructor(
    public name: string,
    readonly bases: PyValue[],
    /**
     * `__module__` when the class dict does not set it: the module that called `type()`, as
     * Python's type sets it (`types` for cloudpickle's `types.new_class`, whose class state leaves
     * out a `__module__` equal to its base's).
     */
    private readonly defaultModule = "__main__",
  ) {
    super();
  }

  /**
   * Sets a class attribute. `isSetattr`: by `setattr` on the built class (not in the namespace it
   * was created with), where Python 3.13 drops `__firstlineno__` when `__module__` is set.
   */
  setAttribute(name: string, value: PyValue, isSetattr = false): void {
    if (name === "__qualname__" && typeof value === "string") this.qualname = value;
    else if (name === "__name__" && typeof value === "string") this.name = value;
    else {
      if (isSetattr && name === "__module__") this.entries.delete("__firstlineno__");
      this.entries.set(name, value);
    }
  }

  /** A BUILD state: the class dict, or `(dict, slotstate)`. */
  setState(state: PyValue): void {
    this.builtState = state;
    this.applyState(state);
  }

  /** The class dict (`_class_setstate`'s `state`, or a BUILD state), set attribute by attribute. */
  private applyState(state: PyValue): void {
    const parts = isSequence(state) && state.length === 2 ? state : [state];
    for (const part of parts) if (isDictValue(part)) for (const [key, value] of dictEntries(part)) this.setAttribute(String(key), value, true);
  }

  addEffect(call: PyInstance, otherArgs: PyValue[]): void {
    this.recordEffect(call);
    if (isCloudpickleSetstate(call, "_class_setstate") && otherArgs.length === 1) {
      this.applyState(otherArgs[0]!);
      // cloudpickle 3 sets __firstlineno__ once more at the end, as Python 3.13 dropped it if
      // __module__ was set after it: back in place, or last when it had been dropped.
      const state = isSequence(otherArgs[0]) ? otherArgs[0][0] : undefined;
      const firstLine = isDictValue(state) ? dictGet(state, "__firstlineno__") : undefined;
      if (firstLine !== undefined) this.entries.set("__firstlineno__", firstLine);
      return;
    }
    if (isSetattrCall(call) && otherArgs.length === 2 && typeof otherArgs[0] === "string") {
      this.setAttribute(otherArgs[0], otherArgs[1]!, true);
      return;
    }
    this.keepEffect(call, otherArgs);
  }

  get fullName(): string {
    const module = this.entries.get("__module__");
    return `${typeof module === "string" ? module : this.defaultModule}.${this.qualname ?? this.name}`;
  }

  toPlain(): PyValue {
    const plain = createDict();
    plain["__type__"] = this.fullName;
    plain["bases"] = this.bases;
    const methods = createDict();
    const attributes = createDict();
    for (const [key, value] of this.entries) {
      if (CLASS_BOILERPLATE.has(key) || (key === "__doc__" && value === null)) continue;
      if (isMethod(value)) methods[key] = value;
      else attributes[key] = value;
    }
    plain["methods"] = methods;
    plain["attributes"] = attributes;
    this.writeEffects(plain);
    return plain;
  }
}

const METHOD_WRAPPERS: ReadonlySet<string> = new Set(["builtins.staticmethod", "builtins.classmethod", "builtins.property"]);

/** A function, or a staticmethod/classmethod/property wrapping one. */
function isMethod(value: PyValue): boolean {
  if (value instanceof PyFunction) return true;
  return value instanceof PyInstance && value.callee === null && METHOD_WRAPPERS.has(value.pyClass) && value.args.some((arg) => arg instanceof PyFunction);
}

/** Names dill's `_load_type` and cloudpickle's `_builtin_type` give, as `module.qualname`. */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ["code", "types.CodeType"],
  ["CodeType", "types.CodeType"],
  ["function", "types.FunctionType"],
  ["FunctionType", "types.FunctionType"],
  ["cell", "types.CellType"],
  ["CellType", "types.CellType"],
  ["ClassType", "builtins.type"],
  ["TypeType", "builtins.type"],
]);

/**
 * A type looked up by name while loading (cloudpickle's `_builtin_type("CodeType")`, dill's
 * `_load_type("code")`): calling it builds a code object, function or cell; any other type is
 * called as the named global would be (a placeholder: `staticmethod(func)`).
 */
export class PyNamedType implements PyObjectValue, PyReducible {
  readonly pyClass: string;
  /** The lookup as pickled (`_builtin_type("CodeType")`), set by its reconstructor. */
  origin: PyPostCall | null = null;
  constructor(typeName: string) {
    this.pyClass = TYPE_NAMES.get(typeName) ?? `builtins.${typeName}`;
  }

  reduceForPickle(): PyReduction {
    if (this.origin === null) throw new TypeError(`cannot pickle ${this.pyClass} looked up outside a decoder`);
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }

  callWith(args: PyValue[], kwargs: PyDict | null): PyValue {
    switch (this.pyClass) {
      case "types.CodeType":
        return withOrigin(PyCode.fromArgs(args), this, args);
      case "types.FunctionType":
        return withOrigin(new PyFunction(args[0] ?? null, args[1] ?? null, args[2], args[3], args[4]), this, args);
      case "types.CellType":
        return withOrigin(new PyCell(args.length > 0 && !isEmptyCellMarker(args[0]) ? args[0] : undefined), this, args);
    }
    const dot = this.pyClass.lastIndexOf(".");
    const instance = new PyInstance(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1), args);
    instance.kwargs = kwargs;
    return instance;
  }

  /** Written as the global it stands for. */
  toPlain(): PyValue {
    const plain = createDict();
    plain["__global__"] = this.pyClass;
    return plain;
  }
}

/**
 * A module a function refers to, imported by name when loaded (cloudpickle's `subimport("numpy")`,
 * dill's `_import_module("numpy")`): written as the global it names, `{"__global__": "numpy"}`.
 */
export class PyModuleRef implements PyObjectValue, PyReducible {
  readonly pyClass = "types.ModuleType";
  origin: PyPostCall | null = null;
  constructor(readonly name: string) {}

  toPlain(): PyValue {
    const plain = createDict();
    plain["__global__"] = this.name;
    return plain;
  }

  reduceForPickle(): PyReduction {
    if (this.origin === null) throw new TypeError(`cannot pickle the module ${this.name} named outside a decoder`);
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }
}

/** The name of a base class value (a global or a type looked up by name), for messages. */
export function typeName(value: PyValue | undefined): string | undefined {
  return isPyObject(value) ? value.pyClass : undefined;
}
