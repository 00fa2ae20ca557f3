import type { PyGlobal } from "../values/placeholders.js";
import { PyByteArray, type PyDict, type PyValue } from "../values/py-types.js";
import type { PyReduction } from "./reduction.js";
import { BYTES_FORM_CALLS, bytesForm, hasKwargs, kindOf, reductionOf } from "./value-kind.js";

/**
 * What the Pickler must know before writing a value (a first pass over it, as CPython cannot do
 * but we can): which objects and strings are reached more than once (only those get a memo entry,
 * so `pickletools.optimize` finds nothing to remove), which globals repeat, and each rebuilt
 * class's reduction (computed once, so both passes see the same child objects).
 */
export interface ReferencePlan {
  /** Visits per object (by identity) and per string (by value). */
  readonly counts: Map<unknown, number>;
  /** Visits per global, keyed `module\nname`. */
  readonly globalCounts: Map<string, number>;
  /**
   * Objects reached once that must still be memoized: mutable containers on a cycle that runs
   * through a value memoized only after its children (a tuple, a REDUCE). CPython memoizes
   * everything; we memoize these so that the re-entrant write of that value finds them (see
   * `saveTuple`) and terminates.
   */
  readonly onCycle: Set<unknown>;
  readonly reductions: Map<object, PyReduction>;
}

/** A node on the walk's current path; `isMemoizedYet` says whether the Pickler has memoized it when writing the child being visited. */
interface PathEntry {
  readonly node: object;
  isMemoizedYet: boolean;
}

// The work stack holds values to visit and these markers (never PyValues), so that the walk
// allocates nothing per value: EXIT closes the path entry on top, POST_MEMO says the Pickler
// memoizes it before the children that follow, ARGS_TUPLE says the next value is a reduction's
// argument array (written as a tuple whether or not it is marked as one).
const EXIT = {};
const POST_MEMO = {};
const ARGS_TUPLE = {};

/** Walks `root` iteratively (deep values cannot overflow here) in the order the Pickler writes. */
export function planReferences(root: PyValue, protocol: number, outOfBandMinBytes: number): ReferencePlan {
  const counts = new Map<unknown, number>();
  const globalCounts = new Map<string, number>();
  const onCycle = new Set<unknown>();
  const reductions = new Map<object, PyReduction>();
  const path: PathEntry[] = [];
  /** Path index per container at the time it was entered; stale once it is left (checked against `path`). */
  const enteredAt = new Map<object, number>();
  const stack: unknown[] = [root];
  let isArgsTuple = false;

  /** Counts a global; returns the strings STACK_GLOBAL (protocol 4+) pushes the first time. */
  const visitGlobal = (module: string, name: string): readonly string[] => {
    const key = `${module}\n${name}`;
    const seen = globalCounts.get(key) ?? 0;
    globalCounts.set(key, seen + 1);
    return seen === 0 && protocol >= 4 ? [module, name] : [];
  };

  while (stack.length > 0) {
    const value = stack.pop();
    if (value === EXIT) {
      path.pop();
      continue;
    }
    if (value === POST_MEMO) {
      path[path.length - 1]!.isMemoizedYet = true;
      continue;
    }
    if (value === ARGS_TUPLE) {
      isArgsTuple = true;
      continue;
    }
    if (typeof value === "string") {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      continue;
    }
    if (typeof value !== "object" || value === null) {
      kindOf(value); // refuses undefined, functions, symbols before anything is written
      continue;
    }
    const kind = isArgsTuple ? "tuple" : kindOf(value);
    isArgsTuple = false;
    if (kind === "float") continue;
    if (kind === "global") {
      pushAll(stack, visitGlobal((value as PyGlobal).module, (value as PyGlobal).name));
      continue;
    }
    const seen = counts.get(value);
    if (seen !== undefined) {
      counts.set(value, seen + 1);
      const index = enteredAt.get(value);
      if (index !== undefined && path[index]?.node === value) markCycle(path, index, onCycle);
      continue; // children already walked
    }
    counts.set(value, 1);
    if (kind === "bytes") {
      const bytes = value as Uint8Array;
      const call = BYTES_FORM_CALLS[bytesForm(bytes, bytes instanceof PyByteArray, protocol, outOfBandMinBytes)];
      if (call !== null) {
        if (call[2] !== null) stack.push(call[2]);
        pushAll(stack, visitGlobal(call[0], call[1]));
      }
      continue;
    }
    if (kind === "buffer") continue;

    enteredAt.set(value, path.length);
    path.push({ node: value, isMemoizedYet: false });
    stack.push(EXIT);
    // Pushed in reverse: children written after the memo point, the marker, then those before.
    const reduction = reductionOf(value, kind, protocol);
    if (reduction !== null) {
      reductions.set(value, reduction);
      if (reduction.state !== undefined) stack.push(reduction.state);
      const pairs = reduction.dictItems ?? [];
      for (let i = pairs.length - 1; i >= 0; i--) stack.push(pairs[i]![1], pairs[i]![0]);
      const items = reduction.listItems ?? [];
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
      stack.push(POST_MEMO);
      if (hasKwargs(reduction)) stack.push(reduction.kwargs);
      stack.push(reduction.args, ARGS_TUPLE);
      pushAll(stack, visitGlobal(reduction.callable[0], reduction.callable[1]));
      continue;
    }
    switch (kind) {
      case "tuple":
      case "frozenset": {
        const items = kind === "tuple" ? (value as PyValue[]) : [...(value as Set<PyValue>)];
        for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
        break;
      }
      case "persid":
        stack.push((value as { pid: PyValue }).pid);
        break;
      case "list":
      case "set": {
        const items = kind === "list" ? (value as PyValue[]) : [...(value as Set<PyValue>)];
        for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
        stack.push(POST_MEMO);
        break;
      }
      case "map": {
        const pairs = [...(value as Map<PyValue, PyValue>)];
        for (let i = pairs.length - 1; i >= 0; i--) stack.push(pairs[i]![1], pairs[i]![0]);
        stack.push(POST_MEMO);
        break;
      }
      case "dict": {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) stack.push((value as PyDict)[keys[i]!], keys[i]);
        stack.push(POST_MEMO);
        break;
      }
    }
  }
  return { counts, globalCounts, onCycle, reductions };
}

/** Pushes strings so that they pop in order. */
function pushAll(stack: unknown[], strings: readonly string[]): void {
  for (let i = strings.length - 1; i >= 0; i--) stack.push(strings[i]);
}

/**
 * A back edge to `path[index]`. If that value is memoized before this child is written, the
 * Pickler will find it in the memo. Otherwise (a tuple, a REDUCE's arguments) its write re-enters
 * itself, as in CPython, and stops only at a container memoized along the way: memoize every one
 * on the path. With none, no pickle can express the value (CPython recurses until it fails).
 */
function markCycle(path: readonly PathEntry[], index: number, onCycle: Set<unknown>): void {
  if (path[index]!.isMemoizedYet) return;
  let found = false;
  for (let i = index + 1; i < path.length; i++) {
    if (path[i]!.isMemoizedYet) {
      onCycle.add(path[i]!.node);
      found = true;
    }
  }
  if (!found) throw new TypeError("cannot pickle a value that contains itself through tuples or constructor arguments only");
}
