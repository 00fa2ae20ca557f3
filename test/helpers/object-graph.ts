// A decoded value's object graph in the shape test/core/object_graph.py writes for CPython's:
// lists and tuples numbered on first sight, then {ref}; dicts as {dict: [[key, value], ...]}.
import { isPyDict, isTuple, type PyValue } from "@pkl-stream/core";

export type Graph = number | string | boolean | null | { [key: string]: Graph | Graph[] | Graph[][] };

export function objectGraph(value: PyValue, seen: Map<unknown, number> = new Map()): Graph {
  if (Array.isArray(value)) {
    const known = seen.get(value);
    if (known !== undefined) return { ref: known };
    const id = seen.size;
    seen.set(value, id);
    return { id, [isTuple(value) ? "tuple" : "list"]: value.map((item) => objectGraph(item, seen)) };
  }
  if (value instanceof Map) return { dict: [...value].map(([key, item]) => [objectGraph(key, seen), objectGraph(item, seen)]) };
  if (isPyDict(value)) return { dict: Object.keys(value).map((key) => [key, objectGraph(value[key]!, seen)]) };
  return value as Graph;
}
