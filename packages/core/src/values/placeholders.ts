import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, type PyDict, type PyObjectValue, type PyValue } from "./py-types.js";

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

  constructor(
    readonly module: string,
    readonly name: string,
    args: PyValue[] = [],
  ) {
    this.args = args;
  }

  get pyClass(): string {
    return `${this.module}.${this.name}`;
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
    return {
      callable: [this.module, this.name],
      args: this.args,
      isNewObj: this.callKind === "NEWOBJ",
      kwargs: this.kwargs,
      state: this.state,
      listItems,
      dictItems,
    };
  }

  toPlain(): PyValue {
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    if (this.args.length > 0) plain["__args__"] = this.args;
    if (this.kwargs !== null && Object.keys(this.kwargs).length > 0) plain["__kwargs__"] = this.kwargs;
    if (this.state !== undefined) plain["__state__"] = this.state;
    if (this.items !== null && this.items.length > 0) plain["__items__"] = this.items;
    return plain;
  }
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
