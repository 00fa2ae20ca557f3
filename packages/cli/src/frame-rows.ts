import { PdDataFrame, type PyValue } from "@pkl-stream/core";

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
  for (let row = 0; row < rowCount; row++) {
    const record = new Map<PyValue, PyValue>();
    if (indexFields.length > 0) {
      const label = index.at(row);
      if (isMulti && Array.isArray(label)) {
        for (let level = 0; level < indexFields.length; level++) record.set(indexFields[level]!, label[level]!);
      } else {
        record.set(indexFields[0]!, label);
      }
    }
    for (let column = 0; column < columns.length; column++) record.set(names[column]!, columns[column]!.at(row));
    yield record;
  }
}

/** The column names `df.reset_index()` gives the index levels. */
function indexFieldNames(names: readonly PyValue[]): PyValue[] {
  if (names.length === 1) return [names[0] ?? "index"];
  return names.map((name, level) => name ?? `level_${level}`);
}
