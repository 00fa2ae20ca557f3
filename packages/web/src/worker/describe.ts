import {
  isFrozenSet,
  isPyDict,
  isPyObject,
  isTuple,
  NdArray,
  PyByteArray,
  PyFloat,
  PyGlobal,
  PyInstance,
  type PyValue,
} from "@pkl-stream/core";
import { scalarKeyText } from "@pkl-stream/core/json";
import type { NodeInfo } from "../protocol.js";
import { arrayInfo, histogramOf, NdView } from "./arrays.js";
import { tableInfo } from "./frames.js";

/** A tree node: a decoded value, a view into part of a numpy array, or a placeholder's attribute list. */
export type TreeNode = PyValue | NdView;

interface Child {
  readonly label: string;
  readonly step: string | null;
  readonly node: TreeNode;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The `--select` step of a dict key (jq syntax: `.name`, `.["a b"]`). */
export function keyStep(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `.[${JSON.stringify(key)}]`;
}

/** Python's name of a value's type. */
export function typeName(node: TreeNode): string {
  if (node instanceof NdView) return node.array.pyClass;
  if (node === null) return "NoneType";
  switch (typeof node) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(node) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
  }
  if (node instanceof PyFloat) return "float";
  if (node instanceof PyByteArray) return "bytearray";
  if (node instanceof Uint8Array) return "bytes";
  if (Array.isArray(node)) return isTuple(node) ? "tuple" : "list";
  if (node instanceof Map || isPyDict(node)) return "dict";
  if (node instanceof Set) return isFrozenSet(node) ? "frozenset" : "set";
  if (node instanceof PyGlobal) return "global";
  if (isPyObject(node)) return node.pyClass;
  return "object";
}

/** The children of a node, in order; computed on demand and cheap to index (no copies of big lists). */
export function childCount(node: TreeNode): number {
  if (node instanceof NdView) return node.childCount();
  if (node instanceof Uint8Array || node === null || typeof node !== "object") return 0;
  if (Array.isArray(node)) return node.length;
  if (node instanceof Map || node instanceof Set) return node.size;
  if (isPyDict(node)) return Object.keys(node).length;
  if (node instanceof NdArray) return NdView.of(node).childCount();
  if (node instanceof PyFloat || node instanceof PyGlobal) return 0;
  if (isPyObject(node)) return plainChildren(node).length;
  return 0;
}

/** Child `index` of a node. */
export function childAt(node: TreeNode, index: number): Child | undefined {
  if (node instanceof NdView) return node.childAt(index);
  if (node instanceof NdArray) return NdView.of(node).childAt(index);
  if (node === null || typeof node !== "object" || node instanceof Uint8Array) return undefined;
  if (Array.isArray(node)) return index < node.length ? { label: String(index), step: `[${index}]`, node: node[index]! } : undefined;
  if (isPyDict(node)) {
    const key = Object.keys(node)[index];
    return key === undefined ? undefined : { label: JSON.stringify(key), step: keyStep(key), node: node[key]! };
  }
  if (node instanceof Map) {
    let at = 0;
    for (const [key, value] of node) {
      if (at++ !== index) continue;
      const text = typeof key === "string" ? key : scalarKeyText(key);
      return { label: typeof key === "string" ? JSON.stringify(key) : pyRepr(key, 60), step: text === undefined ? null : keyStep(text), node: value };
    }
    return undefined;
  }
  if (node instanceof Set) {
    let at = 0;
    for (const item of node) if (at++ === index) return { label: String(index), step: null, node: item };
    return undefined;
  }
  if (node instanceof PyFloat || node instanceof PyGlobal) return undefined;
  if (isPyObject(node)) return plainChildren(node)[index];
  return undefined;
}

/** A window of children as the page shows them. */
export function describeChildren(node: TreeNode, start: number, count: number): NodeInfo[] {
  const infos: NodeInfo[] = [];
  const end = Math.min(childCount(node), start + count);
  // Dicts: one pass over the keys instead of one per child.
  if (isPyDict(node) && !(node instanceof Map)) {
    const keys = Object.keys(node).slice(start, end);
    for (const key of keys) infos.push(describe(node[key]!, JSON.stringify(key), keyStep(key)));
    return infos;
  }
  for (let i = start; i < end; i++) {
    const child = childAt(node, i);
    if (child !== undefined) infos.push(describe(child.node, child.label, child.step));
  }
  return infos;
}

/** A placeholder's or known class's parts: a placeholder as class + args + state, others through their plain form. */
function plainChildren(value: Exclude<PyValue, null>): Child[] {
  if (value instanceof PyInstance) {
    const parts: Child[] = [];
    if (value.args.length > 0) parts.push({ label: "__args__", step: ".__args__", node: value.args });
    if (value.kwargs !== null && Object.keys(value.kwargs).length > 0) parts.push({ label: "__kwargs__", step: ".__kwargs__", node: value.kwargs });
    if (value.state !== undefined) parts.push({ label: "__state__", step: ".__state__", node: value.state });
    if (value.items !== null && value.items.length > 0) parts.push({ label: "__items__", step: ".__items__", node: value.items });
    // Calls whose results were discarded but that acted on this object (docs/json-mapping.md).
    const effects = (value as { effects?: PyValue[] | null }).effects;
    if (Array.isArray(effects) && effects.length > 0) parts.push({ label: "__effects__", step: ".__effects__", node: effects });
    return parts;
  }
  if (!isPyObject(value)) return [];
  const plain = value.toPlain();
  if (typeof plain !== "object" || plain === null || plain instanceof Uint8Array) return [];
  const parts: Child[] = [];
  const count = childCount(plain);
  for (let i = 0; i < count; i++) {
    const child = childAt(plain, i);
    if (child !== undefined) parts.push(child);
  }
  return parts;
}

export function describe(node: TreeNode, label: string, step: string | null): NodeInfo {
  const array = node instanceof NdArray ? arrayInfo(NdView.of(node)) : node instanceof NdView ? arrayInfo(node) : null;
  return {
    label,
    type: typeName(node),
    summary: summarize(node),
    childCount: childCount(node),
    step,
    isPlaceholder: node instanceof PyInstance || node instanceof PyGlobal,
    array,
    histogram: Array.isArray(node) ? histogramOf(node) : null,
    table: tableInfo(node),
  };
}

/** One line about a node: scalars as Python writes them, containers by size. */
function summarize(node: TreeNode): string {
  if (node instanceof NdView) return `${node.dtypeName} ${shapeText(node.shape)}`;
  if (node instanceof NdArray) return `${node.dtype.name} ${shapeText(node.shape)}`;
  if (node instanceof PyGlobal) return node.pyClass;
  if (node instanceof PyInstance) return `${node.pyClass}(…)`;
  if (Array.isArray(node)) return `${node.length} item${node.length === 1 ? "" : "s"}`;
  if (node instanceof Map || node instanceof Set) return `${node.size} item${node.size === 1 ? "" : "s"}`;
  if (isPyDict(node)) {
    const size = Object.keys(node).length;
    return `${size} item${size === 1 ? "" : "s"}`;
  }
  return pyRepr(node, 200);
}

export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** A Python-like repr cut at about `budget` characters. */
export function pyRepr(value: TreeNode, budget: number): string {
  const out = { text: "" };
  write(value, out, budget);
  return out.text.length > budget ? `${out.text.slice(0, budget - 1)}…` : out.text;
}

function write(value: TreeNode, out: { text: string }, budget: number): void {
  if (out.text.length > budget) return;
  if (value instanceof NdView) {
    out.text += `array(${value.dtypeName}, ${shapeText(value.shape)})`;
    return;
  }
  if (value === null) {
    out.text += "None";
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.text += value ? "True" : "False";
      return;
    case "number":
      out.text += Number.isNaN(value) ? "nan" : value === Infinity ? "inf" : value === -Infinity ? "-inf" : String(value);
      return;
    case "bigint":
      out.text += value.toString();
      return;
    case "string":
      out.text += strRepr(value.slice(0, budget));
      return;
  }
  if (value instanceof PyFloat) {
    out.text += Object.is(value.value, -0) ? "-0.0" : `${value.value}.0`;
    return;
  }
  if (value instanceof Uint8Array) {
    let text = value instanceof PyByteArray ? "bytearray(b'" : "b'";
    for (const byte of value.subarray(0, budget)) {
      text += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
    }
    out.text += text + (value instanceof PyByteArray ? "')" : "'");
    return;
  }
  if (Array.isArray(value)) {
    const tuple = isTuple(value);
    out.text += tuple ? "(" : "[";
    writeItems(value, out, budget, (item) => write(item, out, budget));
    out.text += tuple ? (value.length === 1 ? ",)" : ")") : "]";
    return;
  }
  if (value instanceof Map) {
    out.text += "{";
    writeItems(value, out, budget, ([key, item]) => {
      write(key, out, budget);
      out.text += ": ";
      write(item, out, budget);
    });
    out.text += "}";
    return;
  }
  if (value instanceof Set) {
    out.text += value.size === 0 ? "set()" : "{";
    if (value.size > 0) {
      writeItems(value, out, budget, (item) => write(item, out, budget));
      out.text += "}";
    }
    return;
  }
  if (isPyDict(value)) {
    out.text += "{";
    writeItems(Object.keys(value), out, budget, (key) => {
      write(key, out, budget);
      out.text += ": ";
      write(value[key]!, out, budget);
    });
    out.text += "}";
    return;
  }
  if (value instanceof NdArray) {
    out.text += `array(${value.dtype.name}, ${shapeText(value.shape)})`;
    return;
  }
  if (value instanceof PyGlobal) {
    out.text += value.pyClass;
    return;
  }
  if (value instanceof PyInstance) {
    out.text += `${value.pyClass}(`;
    writeItems(value.args, out, budget, (item) => write(item, out, budget));
    // State set by BUILD (an object's __dict__): shown as Python's repr would not, but a reader wants it.
    if (value.state !== undefined) {
      out.text += value.args.length > 0 ? ", state=" : "state=";
      write(value.state, out, budget);
    }
    out.text += ")";
    return;
  }
  if (isPyObject(value)) {
    const plain = value.toPlain();
    out.text += `${value.pyClass}(`;
    write(plain, out, budget);
    out.text += ")";
  }
}

function writeItems<T>(items: Iterable<T>, out: { text: string }, budget: number, each: (item: T) => void): void {
  let first = true;
  for (const item of items) {
    if (out.text.length > budget) {
      out.text += ", …";
      return;
    }
    if (!first) out.text += ", ";
    first = false;
    each(item);
  }
}

/** Python's repr of a str: single quotes unless the text has a single quote and no double quote. */
function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\\") out += "\\\\";
    else if (char === quote) out += `\\${quote}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return out + quote;
}
