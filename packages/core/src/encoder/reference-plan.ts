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

/** Pending work: a value to visit (`asTuple`: a reduction's argument array), or a marker for the path entry on top. */
type Task = { readonly value: PyValue; readonly asTuple?: true } | { readonly enterPostMemo: true } | { readonly exit: true };

const EXIT: Task = { exit: true };
const POST_MEMO: Task = { enterPostMemo: true };

/** Walks `root` iteratively (deep values cannot overflow here) in the order the Pickler writes. */
export function planReferences(root: PyValue, protocol: number, outOfBandMinBytes: number): ReferencePlan {
  const counts = new Map<unknown, number>();
  const globalCounts = new Map<string, number>();
  const onCycle = new Set<unknown>();
  const reductions = new Map<object, PyReduction>();
  const path: PathEntry[] = [];
  const pathIndex = new Map<object, number>();
  const tasks: Task[] = [{ value: root }];

  const visitGlobal = (module: string, name: string, children: Task[]): void => {
    const key = `${module}\n${name}`;
    const seen = globalCounts.get(key) ?? 0;
    globalCounts.set(key, seen + 1);
    // STACK_GLOBAL (protocol 4+) pushes module and name as strings; GLOBAL holds them as text.
    if (seen === 0 && protocol >= 4) children.push({ value: module }, { value: name });
  };

  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if ("exit" in task) {
      pathIndex.delete(path.pop()!.node);
      continue;
    }
    if ("enterPostMemo" in task) {
      path[path.length - 1]!.isMemoizedYet = true;
      continue;
    }
    const value = task.value;
    const kind = task.asTuple === true ? "tuple" : kindOf(value);
    if (kind === "string") {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      continue;
    }
    if (typeof value !== "object" || value === null || kind === "float") continue;
    if (kind === "global") {
      const children: Task[] = [];
      visitGlobal((value as PyGlobal).module, (value as PyGlobal).name, children);
      pushReversed(tasks, children);
      continue;
    }
    const seen = counts.get(value);
    counts.set(value, (seen ?? 0) + 1);
    if (seen !== undefined) {
      const index = pathIndex.get(value);
      if (index !== undefined) markCycle(path, index, onCycle);
      continue; // children already walked
    }
    if (kind === "bytes") {
      const bytes = value as Uint8Array;
      const call = BYTES_FORM_CALLS[bytesForm(bytes, bytes instanceof PyByteArray, protocol, outOfBandMinBytes)];
      if (call !== null) {
        const children: Task[] = [];
        visitGlobal(call[0], call[1], children);
        if (call[2] !== null) children.push({ value: call[2] });
        pushReversed(tasks, children);
      }
      continue;
    }
    if (kind === "buffer") continue;

    // Children written before the value is memoized, then those written after.
    const before: Task[] = [];
    const after: Task[] = [];
    let isMemoizedFirst = false;
    const reduction = reductionOf(value, kind, protocol);
    if (reduction !== null) {
      reductions.set(value, reduction);
      visitGlobal(reduction.callable[0], reduction.callable[1], before);
      before.push({ value: reduction.args as PyValue[], asTuple: true });
      if (hasKwargs(reduction)) before.push({ value: reduction.kwargs as PyDict });
      for (const item of reduction.listItems ?? []) after.push({ value: item });
      for (const [key, item] of reduction.dictItems ?? []) after.push({ value: key }, { value: item });
      if (reduction.state !== undefined) after.push({ value: reduction.state });
    } else {
      switch (kind) {
        case "tuple":
        case "frozenset":
          for (const item of value as Iterable<PyValue>) before.push({ value: item });
          break;
        case "persid":
          before.push({ value: (value as { pid: PyValue }).pid });
          break;
        case "list":
        case "set":
          isMemoizedFirst = true;
          for (const item of value as Iterable<PyValue>) after.push({ value: item });
          break;
        case "map":
          isMemoizedFirst = true;
          for (const [key, item] of value as Map<PyValue, PyValue>) after.push({ value: key }, { value: item });
          break;
        case "dict":
          isMemoizedFirst = true;
          for (const key of Object.keys(value)) after.push({ value: key }, { value: (value as PyDict)[key]! });
          break;
      }
    }
    pathIndex.set(value, path.length);
    path.push({ node: value, isMemoizedYet: isMemoizedFirst });
    tasks.push(EXIT);
    pushReversed(tasks, after);
    tasks.push(POST_MEMO);
    pushReversed(tasks, before);
  }
  return { counts, globalCounts, onCycle, reductions };
}

function pushReversed(tasks: Task[], children: readonly Task[]): void {
  for (let i = children.length - 1; i >= 0; i--) tasks.push(children[i]!);
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
