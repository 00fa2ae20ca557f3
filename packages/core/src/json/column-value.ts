import type { NumberArray } from "../classes/ndarray-data.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import { writeShortFloat } from "../engine/float-digits.js";
import { writeIntDigits, writeSmallInt } from "./int-digits.js";

// writeSmallInt lives with the other int writers; columns and JsonWriter import it from here too.
export { writeSmallInt };
import { floatJson } from "./number-text.js";

/** Typed arrays a column's numbers can sit in (a numpy column's own memory, usually a zero-copy view). */
export type { NumberArray } from "../classes/ndarray-data.js";

/** How a column's numbers print: Python ints, Python floats (`repr`, NaN as null) or bools (non-zero is true). */
export type NumberKind = "int" | "float" | "bool";

/** A column's elements as numbers, for writers that print them straight from the typed array. */
export interface ColumnNumbers {
  readonly values: NumberArray;
  readonly kind: NumberKind;
  /** Non-zero where the element is missing (`null`): a pandas nullable array's mask. */
  readonly missing: Uint8Array | null;
}

/**
 * Nested lists of numbers over `shape` (at least one dimension), their elements `numbers` in C
 * order: an ndarray's plain form (`tolist()`), which writers that know it write straight from
 * the typed array instead of building the lists (MNIST's 55M float32 pixels as lists: 1.4 GB of
 * JS heap, half the time in the scavenger).
 */
export interface NumberGrid {
  readonly shape: readonly number[];
  readonly numbers: ColumnNumbers;
}

/** The grid of a PyObjectValue whose plain form is one (`numberGrid()`, as NdArray has), else null. */
export function numberGridOf(value: PyObjectValue): NumberGrid | null {
  const source = value as { readonly numberGrid?: () => NumberGrid | null };
  return typeof source.numberGrid === "function" ? source.numberGrid() : null;
}

/**
 * Writes one element's JSON text, all ASCII (a quoted timestamp, `null`), into `out` at `pos`
 * (with `maxBytes` of room) and returns the position after it: columns whose elements are made
 * on the fly (datetimes) print without a string per element.
 */
export interface ColumnAsciiWriter {
  readonly maxBytes: number;
  write(index: number, out: Uint8Array, pos: number): number;
  /**
   * Elements `from` up to `to`, each after a comma but the column's first (what `write` per
   * element with those commas writes): one call per batch, so the column's own loop inlines
   * its element writer. Optional.
   */
  writeRun?(from: number, to: number, out: Uint8Array, pos: number): number;
}

/**
 * A one-dimensional sequence of values (a pandas column or index) whose plain form is a list.
 * Writers that know it (JsonWriter) write it element by element without building the list, and a
 * numeric column straight from its typed array; every other consumer calls `toPlain()`.
 */
export abstract class ColumnValue implements PyObjectValue {
  abstract readonly pyClass: string;
  abstract readonly length: number;
  /** Element `index` as the JSON mapping shows it (`Series.tolist()[index]`, mapped). */
  abstract at(index: number): PyValue;

  /**
   * Element `index` as a label naming a column or dict entry: `at(index)`, but for labels that
   * print as a string and are no `str` (Timestamps), which the mapping keys by their JSON text.
   */
  label(index: number): PyValue {
    return this.at(index);
  }

  /** The elements as numbers when they are all numbers (or missing), else null. */
  numbers(): ColumnNumbers | null {
    return null;
  }

  /**
   * False while the column has no values (a pickle that never ran its BUILD): writers then show
   * `toPlain()`, the placeholder of what the pickle said.
   */
  get isReady(): boolean {
    return true;
  }

  /** A writer of each element's JSON text when that is always ASCII, else null. */
  asciiWriter(): ColumnAsciiWriter | null {
    return null;
  }

  toPlain(): PyValue {
    const length = this.length;
    const items: PyValue[] = new Array(length);
    for (let i = 0; i < length; i++) items[i] = this.at(i);
    return items;
  }
}

/** A Python float's JSON (`repr`, `2.0`, `null` for NaN and infinities) into `buf` at `pos`: needs 25 bytes of room. */
export function writeFloat(buf: Uint8Array, pos: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // Python's fixed-notation range, where JavaScript prints the same shortest digits.
    if (Number.isInteger(value)) {
      pos = value > -2147483648 && value < 2147483648 ? writeSmallInt(buf, pos, value) : writeIntDigits(buf, pos, value);
      buf[pos++] = 0x2e;
      buf[pos++] = 0x30;
      return pos;
    }
    // Up to 15 significant digits (prices, measurements) from integer pieces, else String().
    const end = writeShortFloat(buf, pos, value);
    if (end >= 0) return end;
    const text = String(value);
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    return pos;
  }
  const text = floatJson(value);
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}


