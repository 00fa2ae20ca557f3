import { createDict, keepRepeatedKeys, PdDataFrame, type PyValue } from "@pkl-stream/core";
import type { ColumnValue } from "@pkl-stream/core";

/**
 * `--rows`: a DataFrame record becomes one record per row, keyed by column name (the shape of
 * `df.to_json(orient="records", lines=True)`), each value mapped by the project's JSON mapping
 * (the values of `df[name].tolist()`). The index is a field too, unless it is a default
 * RangeIndex: named as `df.reset_index()` names it (the index's name, else `index`; a
 * MultiIndex's level names, else `level_N`). Any other record passes through as it is.
 */
export function* frameRows(value: PyValue): Generator<PyValue, void, undefined> {
  // A frame whose state the decoder could not rebuild (a SparseArray column) has no rows: it
  // passes through as its placeholder, as any other record.
  const index = value instanceof PdDataFrame ? value.index : null;
  if (!(value instanceof PdDataFrame) || index === null) {
    yield value;
    return;
  }
  const names = value.columnNames;
  const columns = value.columns;
  const indexFields = index.isDefaultRange ? [] : indexFieldNames(index.names);
  const isMulti = index.names.length > 1;
  const rowCount = value.rowCount;
  // A name given twice (pandas allows it) keeps both fields: a RepeatedKey, in a Map.
  const fields = keepRepeatedKeys([...indexFields, ...names]);
  // String names (the usual case) make object rows, which build and write faster than Maps;
  // but an object lists integer-like keys ("0", "17") first, so those take a Map (column order).
  const isText = fields.every((name) => typeof name === "string" && !isArrayIndex(name));
  const values: PyValue[] = new Array(fields.length);
  for (let row = 0; row < rowCount; row++) {
    let at = 0;
    if (indexFields.length > 0) {
      const label = index.at(row);
      if (isMulti && Array.isArray(label)) {
        for (let level = 0; level < indexFields.length; level++) values[at++] = label[level]!;
      } else {
        values[at++] = label;
      }
    }
    for (let column = 0; column < columns.length; column++) values[at++] = columns[column]!.at(row);
    if (isText) {
      const record = createDict();
      for (let i = 0; i < fields.length; i++) record[fields[i] as string] = values[i]!;
      yield record;
    } else {
      const record = new Map<PyValue, PyValue>();
      for (let i = 0; i < fields.length; i++) record.set(fields[i]!, values[i]!);
      yield record;
    }
  }
}

/** True for a name a JS object would list before its other keys: "0", "17" (an array index). */
function isArrayIndex(name: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1;
}

/** The column names `df.reset_index()` gives the index levels. */
function indexFieldNames(names: readonly PyValue[]): PyValue[] {
  if (names.length === 1) return [names[0] ?? "index"];
  return names.map((name, level) => name ?? `level_${level}`);
}

/** A DataFrame's rows as a table JsonWriter.appendRows writes: one key and one column per field. */
export interface RowTable {
  readonly keys: readonly string[];
  readonly columns: readonly ColumnValue[];
  readonly rowCount: number;
}

/**
 * The fields of `frameRows`' records as columns, for writing rows as NDJSON without building
 * them: when every field name is a distinct str and the index is one level (a MultiIndex's
 * labels are tuples split into fields). Null otherwise (and for any other value).
 */
export function rowTable(value: PyValue): RowTable | null {
  const index = value instanceof PdDataFrame ? value.index : null;
  if (!(value instanceof PdDataFrame) || index === null) return null;
  if (index.names.length > 1) return null;
  const indexFields = index.isDefaultRange ? [] : indexFieldNames(index.names);
  const fields = [...indexFields, ...value.columnNames];
  if (!fields.every((name) => typeof name === "string") || new Set(fields).size !== fields.length) return null;
  return { keys: fields as string[], columns: indexFields.length > 0 ? [index, ...value.columns] : value.columns, rowCount: value.rowCount };
}
