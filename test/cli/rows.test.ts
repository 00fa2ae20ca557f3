// `pkl-stream frame.pkl --rows`: a pandas DataFrame record as one NDJSON line per row, keyed by
// column name, the index as fields unless it is a default RangeIndex: what pandas itself writes
// with `df.reset_index().to_json(orient="records", lines=True)` (expected text committed by
// test/fixtures/libs/pandas/make_pandas.py, which pandas 1.5 ran).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lines, runCli } from "./run-cli.js";

const DIR = new URL("../fixtures/libs/pandas/", import.meta.url);
const path = (name: string): string => fileURLToPath(new URL(name, DIR));
const text = (name: string): string => readFileSync(new URL(name, DIR), "utf8");

describe("pkl-stream --rows", () => {
  it.each([
    ["rows", "a named index as its own field"],
    ["frame-multiindex", "a MultiIndex as one field per level"],
    ["frame-interleaved", "a default RangeIndex left out"],
    ["rows-mixed", "integer-like column names in column order, a list cell"],
  ])("writes %s (%s) as pandas' to_json(orient='records', lines=True) does", (name) => {
    for (const protocol of [0, 5]) {
      const result = runCli([path(`${name}.p${protocol}.pkl`), "--rows"]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.text).toBe(text(`${name}.rows.ndjson`));
    }
  });

  it.each(["gz", "zip"])("reads a df.to_pickle file compressed with %s as it is, in every command that decodes", (extension) => {
    const file = path(`frame-basic.to_pickle.pkl.${extension}`);
    const result = runCli([file]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.text).toBe(text("frame-basic.json"));
    const converted = runCli(["convert", file, "-f", "ndjson"]);
    expect([converted.status, converted.text]).toEqual([0, text("frame-basic.json")]);
    const inspected = runCli(["inspect", file]);
    expect(inspected.status).toBe(0);
    expect(inspected.text).toMatch(/: safe \(1 record, /);
  });

  it("passes a DataFrame it could not rebuild through as its placeholder", () => {
    const result = runCli([path("frame-sparse.p4.pkl"), "--rows"]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(runCli([path("frame-sparse.p4.pkl")]).text);
    expect(JSON.parse(result.text).__class__).toBe("pandas.core.frame.DataFrame");
  });

  it("passes records that are no DataFrame through as they are", () => {
    const result = runCli([path("scalars.p4.pkl"), "--rows"]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(text("scalars.json"));
  });

  it("keeps integer-like column names in column order in every output format", () => {
    const result = runCli([path("rows-mixed.p4.pkl"), "--rows", "--format", "json"]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(`[${lines(text("rows-mixed.rows.ndjson")).join(",")}]\n`);
  });

  it("writes both fields of two columns of one name, in column order", () => {
    const result = runCli([path("frame-duplicate-columns.p4.pkl"), "--rows"]);
    expect(result.stderr).toBe("");
    expect(result.text).toBe('{"index":7,"a":1,"b":"x","a":2.5}\n{"index":8,"a":3,"b":null,"a":-1.0}\n');
  });

  it("counts rows against --limit", () => {
    const result = runCli([path("rows.p5.pkl"), "--rows", "--limit", "2"]);
    expect(lines(result.text)).toEqual(lines(text("rows.rows.ndjson")).slice(0, 2));
  });

  it("names an unnamed index `index`, as reset_index does, in any output format", () => {
    const result = runCli([path("frame-basic.p4.pkl"), "--rows", "--format", "json"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.text)).toEqual([
      { index: 10, a: 1, b: "x", c: 1.5, d: true },
      { index: 20, a: 2, b: null, c: 2, d: false },
      { index: 30, a: -3, b: "zé", c: null, d: true },
    ]);
  });

  it("refuses --rows with --entries as a usage error", () => {
    const result = runCli([path("rows.p5.pkl"), "--rows", "--entries"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--entries cannot be combined with --rows/);
  });

  it("says what --rows does in the help", () => {
    expect(runCli(["--help"]).text).toMatch(/--rows {10}a pandas DataFrame record as one record per row/);
  });
});
