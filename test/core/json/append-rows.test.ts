// JsonWriter.appendRows: a table's rows as NDJSON lines straight from its columns, each exactly
// what `append` writes for the row's dict; it stops before a row it does not write itself.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ColumnValue, keepRepeatedKeys, loads, PdDataFrame, type PyValue, toJson } from "@pkl-stream/core";
import { JsonWriter } from "@pkl-stream/core/json";
import { describe, expect, it } from "vitest";

const DIR = new URL("../../fixtures/libs/pandas/", import.meta.url);
const decode = (bytes: Uint8Array): PyValue => loads(bytes, { dict: "map", wrapIntegralFloats: true });

/** Every DataFrame among the committed pandas fixtures, with its fixture's name. */
function fixtureFrames(): [string, PdDataFrame][] {
  const frames: [string, PdDataFrame][] = [];
  const visit = (name: string, value: PyValue): void => {
    if (value instanceof PdDataFrame) frames.push([name, value]);
    else if (Array.isArray(value)) for (const item of value) visit(name, item);
    else if (value instanceof Map) for (const item of value.values()) visit(name, item);
  };
  for (const file of readdirSync(DIR).filter((name) => /\.p[0-5]\.pkl$/.test(name))) {
    try {
      visit(file, decode(readFileSync(fileURLToPath(new URL(file, DIR)))));
    } catch {
      // Fixtures of frames the decoder refuses (their own tests say how) have no rows to write.
    }
  }
  return frames;
}

/** The frame's columns, the index first when it is a field, and the field names. */
function table(frame: PdDataFrame): { keys: string[]; columns: ColumnValue[] } {
  const index = frame.index!;
  const names = frame.columnNames.map(String);
  if (index.isDefaultRange) return { keys: names, columns: frame.columns };
  return { keys: [String(index.names[0] ?? "index"), ...names], columns: [index, ...frame.columns] };
}

/** What `append` writes for each row's dict (a Map: column order), a line each. */
function rowsByAppend(keys: readonly string[], columns: readonly ColumnValue[], rowCount: number): string {
  const writer = new JsonWriter();
  for (let row = 0; row < rowCount; row++) {
    // A name given twice keeps both fields, as appendRows writes them.
    const names = keepRepeatedKeys(keys);
    writer.append(new Map<PyValue, PyValue>(names.map((key, c) => [key, columns[c]!.at(row)])), 2 ** 40);
    writer.appendAscii("\n");
  }
  return Buffer.from(writer.take()).toString("utf8");
}

/** appendRows over all rows, a stopped row written by `append`: what the CLI does. */
function rowsByAppendRows(keys: readonly string[], columns: readonly ColumnValue[], rowCount: number): { text: string; stops: number } {
  const writer = new JsonWriter();
  let stops = 0;
  for (let row = 0; row < rowCount; ) {
    row = writer.appendRows(keys, columns, row, rowCount, 2 ** 40);
    if (row < rowCount) {
      stops++;
      // A name given twice keeps both fields, as appendRows writes them.
    const names = keepRepeatedKeys(keys);
    writer.append(new Map<PyValue, PyValue>(names.map((key, c) => [key, columns[c]!.at(row)])), 2 ** 40);
      writer.appendAscii("\n");
      row++;
    }
  }
  return { text: Buffer.from(writer.take()).toString("utf8"), stops };
}

describe("a Categorical column's JSON copied per element from its categories' JSON", () => {
  it("equals its list's JSON for every Categorical among the pandas fixtures (missing codes included)", () => {
    const columns: ColumnValue[] = [];
    const visit = (value: PyValue): void => {
      if (value instanceof ColumnValue && value.pyClass === "pandas.core.arrays.categorical.Categorical") columns.push(value);
      if (value instanceof PdDataFrame && value.index !== null) {
        for (const column of value.columns) visit(column);
        visit(value.index);
      } else if (Array.isArray(value)) for (const item of value) visit(item);
      else if (value instanceof Map) for (const item of value.values()) visit(item);
      else if (value instanceof ColumnValue && "labels" in value) visit((value as unknown as { labels: PyValue }).labels);
    };
    for (const file of readdirSync(DIR).filter((name) => /\.p[0-5]\.pkl$/.test(name))) {
      try {
        visit(decode(readFileSync(fileURLToPath(new URL(file, DIR)))));
      } catch {
        // Refused fixtures have their own tests.
      }
    }
    expect(columns.length).toBeGreaterThan(3);
    for (const column of columns) {
      expect(column.asciiWriter()).not.toBeNull();
      expect(toJson(column)).toBe(toJson(column.toPlain()));
    }
  });
});

describe("JsonWriter.appendRows", () => {
  const frames = fixtureFrames().filter(([, frame]) => frame.index !== null && frame.index.names.length === 1);

  it("writes every fixture frame's rows as append writes their dicts", () => {
    expect(frames.length).toBeGreaterThan(20);
    for (const [name, frame] of frames) {
      const { keys, columns } = table(frame);
      expect(rowsByAppendRows(keys, columns, frame.rowCount).text, name).toBe(rowsByAppend(keys, columns, frame.rowCount));
    }
  });

  it("stops before a row holding a cell it does not write itself (a list), and goes on after it", () => {
    const [, frame] = frames.find(([name]) => name === "rows-mixed.p5.pkl")!;
    const { keys, columns } = table(frame);
    const writer = new JsonWriter();
    expect(writer.appendRows(keys, columns, 0, 3, 2 ** 40)).toBe(2);
    expect(Buffer.from(writer.take()).toString("utf8")).toBe('{"b":1,"1":0.5,"0":"x"}\n{"b":2,"1":1.25,"0":null}\n');
    expect(rowsByAppendRows(keys, columns, 3).stops).toBe(1);
  });

  it("stops before a row longer than the budget, leaving the rows before it", () => {
    const [, frame] = frames.find(([name]) => name === "rows-mixed.p5.pkl")!;
    const { keys, columns } = table(frame);
    const writer = new JsonWriter();
    expect(writer.appendRows(keys, columns, 0, 2, 23)).toBe(1);
    expect(Buffer.from(writer.take()).toString("utf8")).toBe('{"b":1,"1":0.5,"0":"x"}\n');
  });
});
