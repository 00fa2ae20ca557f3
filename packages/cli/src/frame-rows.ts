import { createDict, PdDataFrame, type PyValue } from "@pkl-stream/core";

/**
 * `--rows`: a DataFrame record becomes one record per row, keyed by column name (the shape of
 * `df.to_json(orient="records", lines=True)`), each value mapped by the project's JSON mapping
 * (the values of `df[name].tolist()`). The index is a field too, unless it is a default
 * RangeIndex: named as `df.reset_index()` names it (the index's name, else `index`; a
 * MultiIndex's level names, else `level_N`). Any other record passes through as it is.
 */
export function* frameRows(value: PyValue): Generator<PyValue, void, undefined> {
  if (!(value instanceof PdDataFrame)) {
    yield value;
    return;
  }
  const index = value.index!;
  const names = value.columnNames;
  const columns = value.columns;
  const indexFields = index.isDefaultRange ? [] : indexFieldNames(index.names);
  const isMulti = index.names.length > 1;
  const rowCount = value.rowCount;
  const fields = [...indexFields, ...names];
  // String names (the usual case) make object rows, which build and write faster than Maps.
  const isText = fields.every((name) => typeof name === "string");
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

/** The column names `df.reset_index()` gives the index levels. */
function indexFieldNames(names: readonly PyValue[]): PyValue[] {
  if (names.length === 1) return [names[0] ?? "index"];
  return names.map((name, level) => name ?? `level_${level}`);
}
