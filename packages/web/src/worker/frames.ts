import { PdDataFrame, type PyValue } from "@pkl-stream/core";
import { floatRepr } from "@pkl-stream/core/json";
import { pyRepr } from "./describe.js";

const CELL_CHARS = 80;
const labelsOf = new WeakMap<PdDataFrame, PyValue[]>();

/** A DataFrame's size and column names, or null for anything else (or a frame the pickle left without state). */
export function tableInfo(value: unknown): { rowCount: number; columns: string[] } | null {
  if (!(value instanceof PdDataFrame)) return null;
  try {
    return { rowCount: value.rowCount, columns: value.columnNames.map((name) => (typeof name === "string" ? name : pyRepr(name, CELL_CHARS))) };
  } catch {
    return null;
  }
}

/** Rows `start..start+count` of a DataFrame: the index label, then each column's value, as Python-like reprs. */
export function tableRows(frame: PdDataFrame, start: number, count: number): string[][] {
  let labels = labelsOf.get(frame);
  if (labels === undefined) {
    labels = frame.toColumns().index;
    labelsOf.set(frame, labels);
  }
  const columns = frame.columns.map((column) => ({ column, numbers: column.numbers() }));
  const rows: string[][] = [];
  const end = Math.min(labels.length, start + count);
  for (let row = start; row < end; row++) {
    const cells = [pyRepr(labels[row]!, CELL_CHARS)];
    for (const { column, numbers } of columns) {
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
  return rows;
}
