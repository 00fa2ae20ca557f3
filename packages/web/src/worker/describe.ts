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
  type PyObjectValue,
  type PyValue,
} from "@pkl-stream/core";
import { floatRepr, scalarKeyText } from "@pkl-stream/core/json";
import type { NodeInfo } from "../protocol.js";
import { arrayInfo, histogramOf, NdView } from "./arrays.js";
import { tableInfo } from "./frames.js";
import { shorten, TEXT_CHARS } from "./text.js";

/** A tree node: a decoded value, a view into part of a numpy array, or a placeholder's attribute list. */
export type TreeNode = PyValue | NdView;

interface Child {
  readonly label: string;
  readonly step: string | null;
  readonly node: TreeNode;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A known class's plain form (what `toPlain()` gives), made once per value: a numpy masked array
 * or a pandas column of a million elements costs seconds to convert, and the tree asks for its
 * children a page at a time.
 */
const plainForms = new WeakMap<object, PyValue>();

/** Elements a value may hold before a preview stops converting it: past this, the preview is `Class(…)`. */
const PREVIEW_ELEMENTS = 10_000;

/** The `--select` step of a dict key (jq syntax: `.name`, `.["a b"]`); none for a key too long to show in full. */
export function keyStep(key: string): string | null {
  if (key.length > TEXT_CHARS) return null;
  return IDENTIFIER.test(key) ? `.${key}` : `.[${JSON.stringify(key)}]`;
}

/** A dict key as a label: JSON's quotes, cut when long. */
function keyLabel(key: string): string {
  return JSON.stringify(key.length > TEXT_CHARS ? shorten(key) : key);
}

/** A value of a class pkl-stream rebuilds (a masked array, a datetime), other than a numpy array: shown through its plain form. */
function isKnownObject(node: TreeNode): node is PyObjectValue {
  return isPyObject(node) && !(node instanceof NdArray) && !(node instanceof PyInstance) && !(node instanceof PyGlobal);
}

/** The plain form of a known class's value, converted on first use and kept. */
function plainOf(value: PyObjectValue): PyValue {
  let plain = plainForms.get(value);
  if (plain === undefined) {
    plain = value.toPlain();
    plainForms.set(value, plain);
  }
  return plain;
}

/** Whether a known class's value holds more than PREVIEW_ELEMENTS elements, looked at a few levels down without converting it. */
function isBulky(value: object): boolean {
  const visits = { left: 64 };
  return heldElements(value, 3, visits) > PREVIEW_ELEMENTS;
}

function heldElements(value: unknown, depth: number, visits: { left: number }): number {
  if (typeof value !== "object" || value === null || visits.left-- <= 0) return 0;
  if (value instanceof NdArray) return value.shape.reduce((size, dim) => size * dim, 1);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (depth === 0) return 0;
  // An array counts its items and what its first few hold; an object what its fields hold.
  const parts = Array.isArray(value) ? value.slice(0, 8) : Object.values(value);
  let total = Array.isArray(value) ? value.length : 0;
  for (const part of parts) {
    if (total > PREVIEW_ELEMENTS) break;
    total += heldElements(part, depth - 1, visits);
  }
  return total;
}

/** Python's name of a value's type. */
export function typeName(node: TreeNode): string {
  if (node instanceof NdView) return shorten(node.array.pyClass);
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
  if (isPyObject(node)) return shorten(node.pyClass);
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
  if (node instanceof PyInstance) return instanceParts(node).length;
  if (isKnownObject(node)) return plainChildCount(plainOf(node));
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
    return key === undefined ? undefined : { label: keyLabel(key), step: keyStep(key), node: node[key]! };
  }
  if (node instanceof Map || node instanceof Set) return entryWindow(node, index, index + 1)[0];
  if (node instanceof PyFloat || node instanceof PyGlobal) return undefined;
  if (node instanceof PyInstance) return instanceParts(node)[index];
  if (isKnownObject(node)) return plainChildAt(plainOf(node), index);
  return undefined;
}

/** Children `start..end` of a dict (Map) or set, in one pass over its entries. */
function entryWindow(node: Map<PyValue, PyValue> | Set<PyValue>, start: number, end: number): Child[] {
  const children: Child[] = [];
  let at = 0;
  if (node instanceof Set) {
    for (const item of node) {
      if (at >= end) break;
      if (at >= start) children.push({ label: String(at), step: null, node: item });
      at++;
    }
    return children;
  }
  for (const [key, value] of node) {
    if (at >= end) break;
    if (at++ < start) continue;
    const text = typeof key === "string" ? key : scalarKeyText(key);
    children.push({ label: typeof key === "string" ? keyLabel(key) : pyRepr(key, 60), step: text === undefined ? null : keyStep(text), node: value });
  }
  return children;
}

/** A known class's children are those of its plain form (a list, a dict); a scalar plain form has none. */
function plainChildCount(plain: PyValue): number {
  return typeof plain === "object" && plain !== null && !(plain instanceof Uint8Array) ? childCount(plain) : 0;
}

function plainChildAt(plain: PyValue, index: number): Child | undefined {
  return typeof plain === "object" && plain !== null && !(plain instanceof Uint8Array) ? childAt(plain, index) : undefined;
}

/** A window of children as the page shows them. */
export function describeChildren(node: TreeNode, start: number, count: number): NodeInfo[] {
  // A known class: the window of its plain form (converted once, not once per child).
  if (isKnownObject(node)) {
    const plain = plainOf(node);
    return plainChildCount(plain) === 0 ? [] : describeChildren(plain as TreeNode, start, count);
  }
  const infos: NodeInfo[] = [];
  const end = Math.min(childCount(node), start + count);
  // Dicts and sets: one pass over the keys instead of one per child.
  if (isPyDict(node) && !(node instanceof Map)) {
    const keys = Object.keys(node).slice(start, end);
    for (const key of keys) infos.push(describe(node[key]!, keyLabel(key), keyStep(key)));
    return infos;
  }
  if (node instanceof Map || node instanceof Set) {
    for (const child of entryWindow(node, start, end)) infos.push(describe(child.node, child.label, child.step));
    return infos;
  }
  for (let i = start; i < end; i++) {
    const child = childAt(node, i);
    if (child !== undefined) infos.push(describe(child.node, child.label, child.step));
  }
  return infos;
}

/** A placeholder's parts: class + args + state (at most five, made on each call). */
function instanceParts(value: PyInstance): Child[] {
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

export function describe(node: TreeNode, label: string, step: string | null): NodeInfo {
  const array = node instanceof NdArray ? arrayInfo(NdView.of(node)) : node instanceof NdView ? arrayInfo(node) : null;
  return {
    label,
    type: typeName(node),
    // Twice TEXT_CHARS: a summary made of shortened parts (a class name and "(…)") is not cut again.
    summary: shorten(summarize(node), 2 * TEXT_CHARS),
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
  if (node instanceof NdView) return `${shorten(node.dtypeName)} ${shapeText(node.shape)}`;
  if (node instanceof NdArray) return `${shorten(node.dtype.name)} ${shapeText(node.shape)}`;
  if (node instanceof PyGlobal) return shorten(node.pyClass);
  if (node instanceof PyInstance) return `${shorten(node.pyClass)}(…)`;
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
    out.text += `array(${shorten(value.dtypeName)}, ${shapeText(value.shape)})`;
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
      // The decoder wraps integral floats (wrapIntegralFloats), so an integral number is an int.
      out.text += Number.isInteger(value) ? String(value) : floatRepr(value);
      return;
    case "bigint":
      out.text += value.toString();
      return;
    case "string":
      out.text += strRepr(value.slice(0, budget));
      return;
  }
  if (value instanceof PyFloat) {
    out.text += floatRepr(value.value);
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
    out.text += `array(${shorten(value.dtype.name)}, ${shapeText(value.shape)})`;
    return;
  }
  if (value instanceof PyGlobal) {
    out.text += shorten(value.pyClass);
    return;
  }
  if (value instanceof PyInstance) {
    out.text += `${shorten(value.pyClass)}(`;
    writeItems(value.args, out, budget, (item) => write(item, out, budget));
    // State set by BUILD (an object's __dict__): shown as Python's repr would not, but a reader wants it.
    if (value.state !== undefined) {
      out.text += value.args.length > 0 ? ", state=" : "state=";
      write(value.state, out, budget);
    }
    out.text += ")";
    return;
  }
  if (isKnownObject(value)) writeKnown(value, out, budget);
}

/** A known class's value as Class(plain form); a big one (a masked array, a frame) is not converted just for a preview. */
function writeKnown(value: PyObjectValue, out: { text: string }, budget: number): void {
  out.text += `${shorten(value.pyClass)}(`;
  // Bulky or not is decided without the plain form, so a preview reads the same before and after the node is opened.
  if (isBulky(value)) {
    out.text += "…)";
    return;
  }
  let plain: PyValue;
  try {
    // Not kept when made here: a file of a million small objects (datetimes) would hold each twice.
    plain = plainForms.get(value) ?? value.toPlain();
  } catch {
    // A value the pickle left half-built: the tree says why when it is opened.
    out.text += "?)";
    return;
  }
  write(plain, out, budget);
  out.text += ")";
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
