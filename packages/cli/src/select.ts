import { type PyValue, isPyDict, isPyObject, isTuple, markTuple } from "@pkl-stream/core";
import { scalarKeyText } from "@pkl-stream/core/json";
import { indexNdArray, isNdArrayLike, sliceNdArray } from "./nd-select.js";
import { SelectError } from "./select-errors.js";
import { type PathStep, formatPath } from "./select-path.js";

/**
 * The part of `value` that `steps` name, following jq's meaning of each step, except that a
 * missing key or an index out of range is an error rather than `null` (a typo should not turn a
 * whole dataset into nulls). Objects of known classes are indexed through their plain form
 * (`toPlain()`), numpy arrays through their first axis without expanding them.
 */
export function selectPath(value: PyValue, steps: readonly PathStep[]): PyValue {
  let current = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const where = (): string => formatPath(steps.slice(0, i + 1));
    current = applyStep(current, step, where);
  }
  return current;
}

function applyStep(value: PyValue, step: PathStep, where: () => string): PyValue {
  if (isNdArrayLike(value)) {
    if (step.kind === "index") return indexNdArray(value, step.index, where);
    if (step.kind === "slice") return sliceNdArray(value, step.start, step.end);
  }
  if (isPyObject(value)) return applyStep(value.toPlain(), step, where);
  switch (step.kind) {
    case "key":
      return lookupKey(value, step.key, where);
    case "index":
      return lookupIndex(value, step.index, where);
    case "slice":
      return sliceValue(value, step.start, step.end, where);
  }
}

function lookupKey(value: PyValue, key: string, where: () => string): PyValue {
  if (isPyDict(value)) {
    if (Object.hasOwn(value, key)) return value[key]!;
    throw new SelectError(`${where()}: no key ${JSON.stringify(key)} in this dict${keyHint(Object.keys(value))}`);
  }
  if (value instanceof Map) {
    if (value.has(key)) return value.get(key)!;
    // Map-mode dicts keep Python's key types: `.["0"]` finds the int key 0, as the output names it.
    const texts: string[] = [];
    for (const [candidate, item] of value) {
      const text = keyText(candidate);
      if (text === key) return item;
      if (text !== undefined) texts.push(text);
    }
    throw new SelectError(`${where()}: no key ${JSON.stringify(key)} in this dict${keyHint(texts)}`);
  }
  throw new SelectError(`${where()}: cannot look up key ${JSON.stringify(key)} in ${describeKind(value)}`);
}

function lookupIndex(value: PyValue, index: number, where: () => string): PyValue {
  if (Array.isArray(value) || value instanceof Uint8Array) {
    const at = index < 0 ? value.length + index : index;
    if (at < 0 || at >= value.length) {
      throw new SelectError(`${where()}: index ${index} is out of range for ${describeKind(value)} of length ${value.length}`);
    }
    return value[at]!;
  }
  throw new SelectError(`${where()}: cannot index ${describeKind(value)} with a number`);
}

function sliceValue(value: PyValue, start: number | undefined, end: number | undefined, where: () => string): PyValue {
  if (Array.isArray(value)) {
    const part = value.slice(start, end);
    return isTuple(value) ? markTuple(part) : part;
  }
  if (value instanceof Uint8Array) return value.slice(start, end);
  // jq slices strings by code point.
  if (typeof value === "string") return Array.from(value).slice(start, end).join("");
  throw new SelectError(`${where()}: cannot slice ${describeKind(value)}`);
}

/** A key as the JSON output writes it (str as is, int digits, ...); undefined for tuple keys and the like. */
function keyText(key: PyValue): string | undefined {
  return typeof key === "string" ? key : scalarKeyText(key);
}

/** Up to 8 of the keys that are there, to make a typo obvious. */
function keyHint(keys: readonly string[]): string {
  if (keys.length === 0) return " (it is empty)";
  const shown = keys.slice(0, 8).map((key) => JSON.stringify(key));
  return ` (keys: ${shown.join(", ")}${keys.length > 8 ? `, ... ${keys.length - 8} more` : ""})`;
}

/** Python's name for the kind of value, as the user knows it from the pickle. */
export function describeKind(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return "a bool";
  if (typeof value === "number" || typeof value === "bigint") return Number.isInteger(value) || typeof value === "bigint" ? "an int" : "a float";
  if (typeof value === "string") return "a str";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return isTuple(value) ? "a tuple" : "a list";
  if (value instanceof Set) return "a set";
  if (value instanceof Map || isPyDict(value)) return "a dict";
  if (isPyObject(value)) return `a ${value.pyClass}`;
  return "a float";
}
