import { PdDataFrame, type PyValue } from "@pkl-stream/core";
import { floatRepr } from "@pkl-stream/core/json";
import { pyRepr } from "./describe.js";
import { shorten } from "./text.js";

const CELL_CHARS = 80;
/** Index labels per frame, made once: a frame is paged through many times. */
const labelsOf = new WeakMap<PdDataFrame, PyValue[]>();

/** A DataFrame's size, or null for anything else (or a frame the pickle left without state). */
export function tableInfo(value: unknown): { rowCount: number; columnCount: number } | null {
  if (!(value instanceof PdDataFrame) || value.columnIndex === null) return null;
  try {
    return { rowCount: value.rowCount, columnCount: value.columns.length };
  } catch {
    return null;
  }
}

/** A column name as a header: a str as it is, anything else as a repr; both cut short. */
function columnName(name: PyValue): string {
  return typeof name === "string" ? shorten(name, CELL_CHARS) : pyRepr(name, CELL_CHARS);
}

/**
 * Rows `start..start+count` of columns `columnStart..columnStart+columnCount` of a DataFrame: the
 * names of those columns, and per row the index label then each of those columns' values, as
 * Python-like reprs. Only the columns asked for are read: a frame can have 200,000.
 */
export function tableRows(
  frame: PdDataFrame,
  start: number,
  count: number,
  columnStart: number,
  columnCount: number,
): { columns: string[]; rows: string[][] } {
  const columnIndex = frame.columnIndex;
  if (columnIndex === null) throw new Error(`${shorten(frame.pyClass)}: the pickle set no state`);
  let labels = labelsOf.get(frame);
  if (labels === undefined) {
    labels = frame.index!.toPlain() as PyValue[];
    labelsOf.set(frame, labels);
  }
  const columnEnd = Math.min(frame.columns.length, columnStart + columnCount);
  const names: string[] = [];
  const shown: { column: PdDataFrame["columns"][number]; numbers: ReturnType<PdDataFrame["columns"][number]["numbers"]> }[] = [];
  for (let i = columnStart; i < columnEnd; i++) {
    names.push(columnName(columnIndex.at(i)));
    shown.push({ column: frame.columns[i]!, numbers: frame.columns[i]!.numbers() });
  }
  const rows: string[][] = [];
  const end = Math.min(labels.length, start + count);
  for (let row = start; row < end; row++) {
    const cells = [pyRepr(labels[row]!, CELL_CHARS)];
    for (const { column, numbers } of shown) {
      if (numbers === null) {
        cells.push(pyRepr(column.at(row), CELL_CHARS));
        continue;
      }
      const value = numbers.values[row]!;
      // pandas' own words: <NA> for a nullable column's missing value, nan for a float's, True/False for bools.
      if (numbers.missing !== null && numbers.missing[row] !== 0) cells.push("<NA>");
      else if (numbers.kind === "bool") cells.push(value ? "True" : "False");
      else if (numbers.kind === "float") cells.push(floatRepr(Number(value)));
      else cells.push(value.toString());
    }
    rows.push(cells);
  }
  return { columns: names, rows };
}
