import type { PyPostCall, PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, isPyObject, type PyDict, type PyObjectValue, type PyValue } from "./py-types.js";

/**
 * A reference to a Python global (class, function, constant) that was named but not rebuilt.
 * It is inert data: nothing named in a pickle is ever looked up or called.
 */
export class PyGlobal implements PyObjectValue {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get pyClass(): string {
    return `${this.module}.${this.name}`;
  }
  toPlain(): PyValue {
    // pandas' missing-value singleton `pd.NA` pickles as this bare global: the JSON mapping writes null.
    if (this.name === "NA" && this.module === "pandas._libs.missing") return null;
    const plain = createDict();
    plain["__global__"] = this.pyClass;
    return plain;
  }
}

/**
 * An object of a class the decoder does not rebuild: what the pickle says about it, kept as data.
 * `args` come from REDUCE/NEWOBJ/NEWOBJ_EX/INST/OBJ, `state` from BUILD, `items` from
 * APPEND(S) (values) and SETITEM(S) (`[key, value]` pairs), in stream order.
 */
export class PyInstance implements PyObjectValue, PyReducible {
  args: PyValue[];
  kwargs: PyDict | null = null;
  /** The BUILD argument; `undefined` when BUILD never ran. */
  state: PyValue | undefined = undefined;
  items: PyValue[] | null = null;
  /** How the pickle called the class: REDUCE (`callable(*args)`) or NEWOBJ/NEWOBJ_EX (`cls.__new__`). */
  callKind: "REDUCE" | "NEWOBJ" = "REDUCE";
  /** Indices in `items` that came from SETITEM(S) as `[key, value]` pairs (the rest came from APPEND(S)). */
  pairIndices: number[] | null = null;
  /**
   * The callable when it is not a named global but a value built while loading (the result of
   * another call, `getattr(__import__("os"), "system")`): written as `__class__`, mapped like any
   * value, so the whole chain is visible. Null for a named global (`module`/`name`).
   */
  callee: PyValue | null = null;
  /**
   * Calls whose result the pickle discarded (REDUCE then POP) that acted on this object (it was
   * their first placeholder argument): each a PyInstance of the call holding the other arguments.
   */
  effects: PyInstance[] | null = null;

  constructor(
    readonly module: string,
    readonly name: string,
    args: PyValue[] = [],
  ) {
    this.args = args;
  }

  /** `module.qualname`; for a computed callable, the callee's name followed by `(...)` (messages only: output writes `callee`). */
  get pyClass(): string {
    if (this.callee !== null) return `${isPyObject(this.callee) ? this.callee.pyClass : "<value>"}(...)`;
    return `${this.module}.${this.name}`;
  }

  /** The result of calling `callee` (a value, not a named global) with `args`. */
  static ofComputedCall(callee: PyValue, args: PyValue[], kwargs: PyDict | null = null): PyInstance {
    const instance = new PyInstance("", "", args);
    instance.callee = callee;
    instance.kwargs = kwargs;
    return instance;
  }

  /**
   * The arguments `(cls, base, state)` of the `copyreg._reconstructor` call that made this object
   * (protocols 0 and 1: `base.__new__(cls, state)`), or null. Output maps the object like the
   * protocol 2 form (the shared mapping); `reduceForPickle` writes that call back, since
   * `cls.__new__(cls, ...)` is not the same call (a namedtuple's `__new__` takes its fields, not
   * the state tuple; a class's own `__new__` may want arguments `object.__new__` does not).
   */
  madeBy: PyValue[] | null = null;

  /** The discarded calls as pickled (all their arguments, this object among them), for `reduceForPickle`. */
  private postCalls: PyPostCall[] | null = null;

  /** Records a discarded call that acted on this object (see `effects`). */
  addEffect(call: PyInstance, otherArgs: PyValue[]): void {
    (this.effects ??= []).push(call.withArgs(otherArgs));
    (this.postCalls ??= []).push(postCallOf(call));
  }

  /** The same call (callable, kwargs) with other arguments. */
  withArgs(args: PyValue[]): PyInstance {
    const copy = new PyInstance(this.module, this.name, args);
    copy.callee = this.callee;
    copy.kwargs = this.kwargs;
    copy.callKind = this.callKind;
    return copy;
  }

  setState(state: PyValue): void {
    this.state = state;
  }

  append(item: PyValue): void {
    (this.items ??= []).push(item);
  }

  setItem(key: PyValue, value: PyValue): void {
    const items = (this.items ??= []);
    (this.pairIndices ??= []).push(items.length);
    items.push([key, value]);
  }

  /** Written back as the pickle described it: the same call, state and items. */
  reduceForPickle(): PyReduction {
    const listItems: PyValue[] = [];
    const dictItems: [PyValue, PyValue][] = [];
    const pairs = new Set(this.pairIndices);
    (this.items ?? []).forEach((item, index) => {
      if (pairs.has(index)) dictItems.push(item as [PyValue, PyValue]);
      else listItems.push(item);
    });
    const madeBy = this.madeBy;
    return {
      ...(madeBy !== null
        ? { callable: ["copyreg", "_reconstructor"] as const, args: madeBy, isNewObj: false, kwargs: null }
        : {
            callable: [this.module, this.name] as const,
            ...(this.callee !== null ? { callableValue: this.callee } : {}),
            args: this.args,
            isNewObj: this.callKind === "NEWOBJ",
            kwargs: this.kwargs,
          }),
      state: this.state,
      listItems,
      dictItems,
      ...(this.postCalls !== null ? { postCalls: this.postCalls } : {}),
    };
  }

  toPlain(): PyValue {
    const plain = createDict();
    plain["__class__"] = this.callee ?? this.pyClass;
    if (this.args.length > 0) plain["__args__"] = this.args;
    if (this.kwargs !== null && Object.keys(this.kwargs).length > 0) plain["__kwargs__"] = this.kwargs;
    if (this.state !== undefined) plain["__state__"] = this.state;
    if (this.items !== null && this.items.length > 0) plain["__items__"] = this.items;
    if (this.effects !== null) plain["__effects__"] = this.effects;
    return plain;
  }
}

/** A discarded call as the pickle made it: its callable (a global or a computed value) and all its arguments. */
export function postCallOf(call: PyInstance): PyPostCall {
  return { callable: call.callee ?? new PyGlobal(call.module, call.name), args: call.args };
}

/**
 * A value a discarded call can act on (it records the call, or applies it: a cloudpickle function
 * takes `_function_setstate`, a cell takes `setattr(cell, "cell_contents", v)`).
 */
export interface PyEffectTarget {
  addEffect(call: PyInstance, otherArgs: PyValue[]): void;
}

export function isEffectTarget(value: unknown): value is PyEffectTarget {
  return typeof value === "object" && value !== null && typeof (value as { addEffect?: unknown }).addEffect === "function";
}

/** A persistent id the caller gave no `persistentLoad` for. */
export class PyPersistentId implements PyObjectValue {
  readonly pyClass = "pickle.PersistentId";
  constructor(readonly pid: PyValue) {}
  toPlain(): PyValue {
    const plain = createDict();
    plain["__persid__"] = this.pid;
    return plain;
  }
}

/** An out-of-band buffer (NEXT_BUFFER) the caller gave no `buffers` for. */
export class PyOutOfBandBuffer implements PyObjectValue {
  readonly pyClass = "pickle.PickleBuffer";
  isReadonly = false;
  constructor(readonly index: number) {}
  toPlain(): PyValue {
    const plain = createDict();
    plain["__buffer__"] = this.index;
    return plain;
  }
}
