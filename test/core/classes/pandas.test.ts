// pandas objects as pandas 1.5 pickles them (test/fixtures/libs/pandas/make_pandas.py): every
// DataFrame, Series, Index kind, Timestamp/Timedelta/NaT/NA, Categorical and nullable array decodes,
// at protocols 0, 2, 4 and 5, to the JSON pandas' own tolist() view gives (computed with pandas
// loaded); JS users get typed columns; broken layouts end in PickleErrors.
import { readFileSync } from "node:fs";
import {
  isOutputError,
  isPickleError,
  loads,
  PdDataFrame,
  PdSeries,
  type PyValue,
  RepeatedKey,
  toJson,
} from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitRandomly } from "../../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { pickleErrorOf } from "../../helpers/pickle-error.js";

const DIR = new URL("../../fixtures/libs/pandas/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expected = (name: string): string => readFileSync(new URL(`${name}.json`, DIR), "utf8").trimEnd();
const CASES = [
  "frame-basic",
  "frame-types",
  "frame-datetime-index",
  "frame-timestamp-columns",
  "frame-timestamp-columns-tz",
  "frame-timestamp-object-columns",
  "frame-multiindex",
  "frame-categorical-index",
  "frame-range-index",
  "frame-empty",
  "frame-fortran-objects",
  "frame-fortran-str",
  "frame-transposed",
  "frame-interleaved",
  "frame-period-interval",
  "series-interval",
  "indexes-period-interval",
  "frame-duplicate-columns",
  "frame-duplicate-names",
  "frame-duplicate-tuples",
  "frame-array-manager",
  "series-array-manager",
  "series-float",
  "series-datetime",
  "series-categorical",
  "scalars",
  "records",
  "indexes",
  "rows",
  "doc-frame",
  "doc-series",
  "doc-scalars",
  "doc-zones",
  "doc-index",
] as const;
const PROTOCOLS = [0, 2, 4, 5] as const;
const ALL = CASES.flatMap((name) => PROTOCOLS.map((protocol) => [name, protocol] as const));
/**
 * SYNTHETIC pandas 2.x layouts and pandas 1.0-1.2's frame manager state (make_pandas2.py:
 * stand-ins emitting the opcodes pandas' pickling code writes, read from its sources; no pandas
 * 2 or 1.1 wrote these files).
 */
const PANDAS2_CASES = ["pandas2-frame", "pandas2-series", "pandas2-scalars", "legacy-frame"] as const;
const PANDAS2 = PANDAS2_CASES.flatMap((name) => ([2, 4, 5] as const).map((protocol) => [name, protocol] as const));

const decode = (name: string, protocol: number): PyValue => loads(file(`${name}.p${protocol}.pkl`), JSON_DECODE_OPTIONS);


/** Bytes from a latin-1 string of opcodes. */
const raw = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"));

/** The pickle with its first occurrence of `from` replaced by `to` (same length). */
/** `bytes` with the first `from` (latin-1) replaced by `to` of any length: for protocol 2 pickles (no frames). */
function spliced(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`no ${from} to replace`);
  return new Uint8Array(Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), "latin1"));
}

function patched(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const at = text.indexOf(from);
  if (at < 0 || from.length !== to.length) throw new Error(`no ${from} to patch`);
  const copy = new Uint8Array(bytes);
  copy.set(Buffer.from(to, "latin1"), at);
  return copy;
}

describe("pandas pickles", () => {
  it.each(ALL)("%s at protocol %i decodes to what pandas' tolist() view gives", (name, protocol) => {
    expect(toJson(decode(name, protocol))).toBe(expected(name));
  });

  it.each(PANDAS2)("synthetic pandas 2.x layout %s at protocol %i decodes to its expected JSON", (name, protocol) => {
    expect(toJson(decode(name, protocol))).toBe(expected(name));
  });

  it.each(CASES)("%s decodes the same in random chunks", (name) => {
    const { records } = decodeChunks(splitRandomly(file(`${name}.p5.pkl`), 11, 64), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([expected(name)]);
  });

  it.each([...ALL, ...PANDAS2, ["frame-sparse", 4], ["frame-unknown-index", 4], ["series-unknown-index", 4], ["frame-unknown-bounds", 4], ["series-unknown-bounds", 4]] as const)(
    "%s at protocol %i: the CLI's tape writers give the value path's JSON and msgpack, whole and in random chunks",
    (name, protocol) => {
      const bytes = file(`${name}.p${protocol}.pkl`);
      const json = valuePathJson(bytes);
      const msgpack = valuePathMsgpack(bytes);
      expect(json.error).toBeUndefined();
      for (const chunks of [[bytes], splitRandomly(bytes, 5, 97)]) {
        expect(engineJson(chunks, JSON_DECODE_OPTIONS)).toMatchObject({ text: json.text, error: undefined });
        expect(engineMsgpack(chunks, JSON_DECODE_OPTIONS)).toMatchObject({ hex: msgpack.hex, error: msgpack.error });
      }
    },
  );

  it("keeps both of two columns of one name: JSON writes the name twice, toColumns() keys the second by a RepeatedKey, msgpack refuses", () => {
    const frame = decode("frame-duplicate-columns", 4) as PdDataFrame;
    const keys = [...frame.toColumns().columns.keys()];
    expect(keys.slice(0, 2)).toEqual(["a", "b"]);
    expect(keys[2]).toBeInstanceOf(RepeatedKey);
    expect((keys[2] as RepeatedKey).key).toBe("a");
    expect(valuePathMsgpack(file("frame-duplicate-columns.p4.pkl")).error).toMatch(
      /the dict at \$\["columns"\] has the key a twice \(a DataFrame with two columns of that name; JSON output keeps both\); msgpack output would lose one/,
    );
    // Equal as Python compares names (2 and 2.0), and a MultiIndex's repeated tuple: refused too.
    expect(valuePathMsgpack(file("frame-duplicate-names.p4.pkl")).error).toMatch(/has the key 2\.0 twice/);
    expect(valuePathMsgpack(file("frame-duplicate-tuples.p4.pkl")).error).toMatch(/has the key \[.*\] twice \(a DataFrame/);
  });

  it("keys a Timestamp column name by its JSON text in JSON, as a datetime dict key; toColumns() and msgpack by its isoformat()", () => {
    expect(expected("frame-timestamp-columns")).toBe('{"index":[0],"columns":{"\\"2024-01-01T00:00:00\\"":[1],"\\"2024-01-02T00:00:00\\"":[2]}}');
    const frame = decode("frame-timestamp-columns", 4) as PdDataFrame;
    expect([...frame.toColumns().columns.keys()]).toEqual(["2024-01-01T00:00:00", "2024-01-02T00:00:00"]);
    // msgpack: {"index": [0], "columns": {"2024-01-01T00:00:00": [1], ...}}: the names as str.
    expect(valuePathMsgpack(file("frame-timestamp-columns.p4.pkl")).hex).toContain(Buffer.from("\xb32024-01-01T00:00:00", "latin1").toString("hex"));
  });

  it("decodes with dicts as objects as it does with Maps", () => {
    expect(toJson(loads(file("frame-types.p4.pkl"), { wrapIntegralFloats: true }))).toBe(expected("frame-types"));
  });

  it("gives a JS user a DataFrame's numeric columns as typed arrays and other columns as arrays", () => {
    const frame = decode("frame-basic", 5) as PdDataFrame;
    expect(frame).toBeInstanceOf(PdDataFrame);
    const { index, columns } = frame.toColumns();
    expect(index).toEqual([10, 20, 30]);
    expect([...columns.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(columns.get("a")).toEqual(new BigInt64Array([1n, 2n, -3n]));
    expect(columns.get("b")).toEqual(["x", null, "zé"]);
    expect(columns.get("c")).toBeInstanceOf(Float64Array);
    expect([...(columns.get("c") as Float64Array)]).toEqual([1.5, 2, Number.NaN]);
    expect(columns.get("d")).toEqual(new Uint8Array([1, 0, 1]));
  });

  it("tells a JS user a DataFrame's row count and column names", () => {
    const frame = decode("frame-multiindex", 5) as PdDataFrame;
    expect(frame.rowCount).toBe(3);
    expect(frame.columnNames).toEqual([0, 1]);
  });

  it("stops writing a DataFrame's columns at maxOutputBytes with an OutputError", () => {
    const frame = decode("frame-types", 5);
    expect(() => toJson(frame, { maxOutputBytes: 200 })).toThrow(expect.objectContaining({ code: "LIMIT_EXCEEDED" }));
  });

  it("writes the same JSON through toPlain() lists as through the column writer", () => {
    const frame = decode("frame-types", 5) as PdDataFrame;
    const asLists = (frame.toPlain() as Map<PyValue, PyValue>).get("columns") as Map<PyValue, { toPlain(): PyValue }>;
    const plain = new Map([...asLists].map(([name, column]) => [name, column.toPlain()]));
    expect(`{"index":[0,1,2,3],"columns":${toJson(plain)}}`).toBe(expected("frame-types"));
  });

  it("gives a Series its name, index and values", () => {
    const series = decode("series-float", 4) as PdSeries;
    expect(series).toBeInstanceOf(PdSeries);
    expect(series.name).toBe("price");
    expect(series.index!.toPlain()).toEqual([0, 1]);
  });

  it("refuses a block placed outside the frame's columns with a PickleError", () => {
    // frame-basic p2 places its int block at slice(0, 1, 1): BININT1 0, BININT1 1, BININT1 1, TUPLE3.
    const bytes = patched(file("frame-basic.p2.pkl"), "K\x00K\x01K\x01\x87", "K\x07K\x08K\x01\x87");
    const error = pickleErrorOf(() => loads(bytes, JSON_DECODE_OPTIONS));
    expect(error.code).toBe("BAD_ARGUMENT");
    expect(error.message).toMatch(/block placement 7 is outside the columns/);
  });

  it("refuses a placement slice of 2**40 positions before making any, and a position that is no int", () => {
    // slice(0, 2**40, 1): LONG1 of 6 bytes for the stop. pandas refuses it (wrong number of items).
    const huge = spliced(file("frame-basic.p2.pkl"), "K\x00K\x01K\x01\x87", "K\x00\x8a\x06\x00\x00\x00\x00\x00\x01K\x01\x87");
    expect(pickleErrorOf(() => loads(huge, JSON_DECODE_OPTIONS)).message).toMatch(/placement slice\(0, 1099511627776, 1\) names 1099511627776 positions from 0, for \d+ columns/);
    // slice(0.5, 1, 1): a float start (BINFLOAT 0.5).
    const float = spliced(file("frame-basic.p2.pkl"), "K\x00K\x01K\x01\x87", "G\x3f\xe0\x00\x00\x00\x00\x00\x00K\x01K\x01\x87");
    expect(pickleErrorOf(() => loads(float, JSON_DECODE_OPTIONS)).message).toMatch(/expected an int/);
  });

  it("shows a Series or nullable array whose BUILD never ran as the placeholder of its call", () => {
    // PROTO 2, GLOBAL, EMPTY_TUPLE, NEWOBJ, (same), TUPLE2, STOP: no BUILD state for either.
    const bytes = raw("\x80\x02cpandas.core.series\nSeries\n)\x81cpandas.core.arrays.integer\nIntegerArray\n)\x81\x86.");
    expect(toJson(loads(bytes, JSON_DECODE_OPTIONS))).toBe(
      '[{"__class__":"pandas.core.series.Series"},{"__class__":"pandas.core.arrays.integer.IntegerArray"}]',
    );
  });

  it.each([
    ["frame-sparse", "pandas.core.frame.DataFrame", "a column"],
    ["frame-unknown-index", "pandas.core.frame.DataFrame", "an index"],
    ["series-unknown-index", "pandas.core.series.Series", "an index"],
    ["frame-unknown-bounds", "pandas.core.frame.DataFrame", "an IntervalArray column whose bounds are"],
    ["series-unknown-bounds", "pandas.core.series.Series", "an IntervalIndex whose bounds are"],
  ])("keeps %s, a %s with %s of a class it does not rebuild, as the placeholder of its state", (name, pyClass) => {
    const text = toJson(loads(file(`${name}.p4.pkl`), JSON_DECODE_OPTIONS));
    expect(text.startsWith(`{"__class__":"${pyClass}","__state__":{"_mgr":`)).toBe(true);
    expect(text).toContain('"__class__":"pandas.core.arrays.sparse.array.SparseArray"');
  });

  it("shows an unread frame's block manager and blocks as the calls they were pickled as (BlockManager(blocks, axes), _unpickle_block(values, placement, ndim))", () => {
    const text = toJson(loads(file("frame-sparse.p4.pkl"), JSON_DECODE_OPTIONS));
    // pd.DataFrame({"a": [1, 2], "s": SparseArray([0, 1])}): the int block, then the sparse one, then the axes.
    expect(text).toContain(
      '"_mgr":{"__class__":"pandas.core.internals.managers.BlockManager","__args__":[[{"__class__":"pandas._libs.internals._unpickle_block","__args__":[[[1,2]],{"__class__":"builtins.slice","__args__":[0,1,1]},2]},{"__class__":"pandas._libs.internals._unpickle_block","__args__":[{"__class__":"pandas.core.arrays.sparse.array.SparseArray"',
    );
    expect(text).toContain('{"__class__":"builtins.slice","__args__":[1,2,1]},2]}],[["a","s"],[0,1]]]}');
  });

  it("keeps a PeriodArray whose dtype names its freq by a string as the placeholder of its state, not a made-up offset", () => {
    // PeriodDtype("period[M]") where pandas 1.5 wrote PeriodDtype(MonthEnd(1, False)): the element
    // Periods would need an offset the pickle does not give, so the frame stays its pickled state.
    const bytes = spliced(file("frame-period-interval.p2.pkl"), "cpandas._libs.tslibs.offsets\nMonthEnd\nq\x0bK\x01\x89\x86q\x0cRq\r", "X\x09\x00\x00\x00period[M]q\x0bq\x0cq\r");
    const text = toJson(loads(bytes, JSON_DECODE_OPTIONS));
    expect(text.startsWith('{"__class__":"pandas.core.frame.DataFrame","__state__":{"_mgr":')).toBe(true);
    expect(text).toContain('{"__class__":"pandas.core.dtypes.dtypes.PeriodDtype","__args__":["period[M]"]}');
  });

  it("keeps an Index of labels it does not rebuild as the placeholder of its _new_Index call", () => {
    // The frame's index alone: _new_Index(Index, {"data": SparseArray([...]), "name": None}).
    const frame = loads(file("frame-unknown-index.p4.pkl"), JSON_DECODE_OPTIONS);
    const text = toJson(frame);
    expect(text).toContain('{"__class__":"pandas.core.indexes.base._new_Index","__args__":[{"__global__":"pandas.core.indexes.base.Index"},{"data":{"__class__":"pandas.core.arrays.sparse.array.SparseArray","__args__":[["x","y","z"]]},"name":null}]}');
  });

  it("refuses a RangeIndex longer than a list can hold with a PickleError", () => {
    // _new_Index(RangeIndex, {"start": 0, "stop": 2**40, "step": 1}); a few bytes, no data.
    const bytes = raw(
      "\x80\x02cpandas.core.indexes.base\n_new_Index\ncpandas.core.indexes.range\nRangeIndex\n}(X\x05\x00\x00\x00startK\x00X\x04\x00\x00\x00stop\x8a\x06\x00\x00\x00\x00\x00\x01X\x04\x00\x00\x00stepK\x01u\x86R.",
    );
    const error = pickleErrorOf(() => loads(bytes, JSON_DECODE_OPTIONS));
    expect(error.code).toBe("BAD_ARGUMENT");
    expect(error.message).toMatch(/RangeIndex: 1099511627776 labels/);
  });

  it("fails on mutated pandas pickles only with PickleErrors (decoding) or OutputErrors (writing)", () => {
    const names = [...CASES, ...PANDAS2_CASES].flatMap((name) => [`${name}.p2.pkl`, `${name}.p5.pkl`]);
    let seed = 20240101;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const escaped: string[] = [];
    for (let iteration = 0; iteration < 4000; iteration++) {
      const bytes = file(names[Math.floor(random() * names.length)]!);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        toJson(loads(bytes, JSON_DECODE_OPTIONS), { maxOutputBytes: 1 << 22 });
      } catch (error) {
        if (!isPickleError(error) && !isOutputError(error)) escaped.push(String(error));
      }
    }
    expect(escaped).toEqual([]);
  });

  it("refuses a Categorical code that names no category with a PickleError", () => {
    // series-categorical p2: codes b'\x01\x00\x01' (int8); make the last code 5 (only 2 categories).
    const bytes = file("series-categorical.p2.pkl");
    const text = Buffer.from(bytes).toString("latin1");
    const at = text.lastIndexOf("\x01\x00\x01");
    expect(at).toBeGreaterThan(0);
    const copy = new Uint8Array(bytes);
    copy[at + 2] = 5;
    const error = pickleErrorOf(() => loads(copy, JSON_DECODE_OPTIONS));
    expect(error.code).toBe("BAD_ARGUMENT");
    expect(error.message).toMatch(/code 5 does not name one of its 2 categories/);
  });
});
