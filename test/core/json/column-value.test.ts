// JsonWriter's column paths (pandas columns): numbers straight from typed arrays and ASCII
// elements written by the column must print exactly what the list path (toPlain) prints.
import { type ColumnNumbers, ColumnValue, type NumberArray, type NumberKind, PyFloat, type PyValue, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";

class TestColumn extends ColumnValue {
  readonly pyClass = "test.Column";
  constructor(
    private readonly values: NumberArray,
    private readonly kind: NumberKind,
    private readonly missing: Uint8Array | null = null,
  ) {
    super();
  }
  get length(): number {
    return this.values.length;
  }
  at(index: number): PyValue {
    if (this.missing?.[index]) return null;
    const value = this.values[index]!;
    if (typeof value === "bigint") return value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value;
    if (this.kind === "bool") return value !== 0;
    return this.kind === "float" && Number.isInteger(value) ? new PyFloat(value) : value;
  }
  override numbers(): ColumnNumbers {
    return { values: this.values, kind: this.kind, missing: this.missing };
  }
}

/** The JSON of the column's elements as a plain list (the path every other writer takes). */
const viaList = (column: ColumnValue): string => toJson(column.toPlain());

const INT32_EDGES = [0, 1, -1, 9, 10, 99, 100, -100, 999_999_999, 1_000_000_000, 2 ** 31 - 1, -(2 ** 31)];
const INT64_EDGES = [0n, -1n, 2n ** 31n, 2n ** 31n - 1n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
const FLOATS = [0, -0, 1.5, 2, 1e16, 1e-5, 0.1, -3e9, 123456789012, Number.NaN, Number.POSITIVE_INFINITY, 5e-324, 1.7976931348623157e308];
/** 16-17 digit floats (random() * 1000, as the frame bench's x) and prices with two decimals. */
const LONG_AND_SHORT_FLOATS = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? ((i * 7919) % 100_003) / 100.0 : Math.sin(i) * 1000));

describe("JsonWriter column paths", () => {
  it.each([
    ["int32 edges", new TestColumn(Int32Array.from(INT32_EDGES), "int")],
    ["uint32", new TestColumn(Uint32Array.from([0, 2 ** 32 - 1, 2 ** 31]), "int")],
    ["int64 edges", new TestColumn(BigInt64Array.from(INT64_EDGES), "int")],
    ["uint64", new TestColumn(BigUint64Array.from([0n, 2n ** 64n - 1n, 2n ** 32n]), "int")],
    ["float64", new TestColumn(Float64Array.from(FLOATS), "float")],
    ["float64 of 17 and 4 digits", new TestColumn(Float64Array.from(LONG_AND_SHORT_FLOATS), "float")],
    ["masked int64", new TestColumn(BigInt64Array.from(INT64_EDGES), "int", Uint8Array.from(INT64_EDGES, (_, i) => i % 3))],
    ["float32", new TestColumn(Float32Array.from([0.1, 2, -2.5]), "float")],
    ["bool", new TestColumn(Uint8Array.from([1, 0, 2]), "bool")],
    ["masked ints", new TestColumn(Int32Array.from([1, 2, 3]), "int", Uint8Array.from([0, 1, 0]))],
  ])("writes a %s column from its typed array as its list would print", (_name, column) => {
    expect(toJson(column)).toBe(viaList(column));
  });

  it("writes an empty column as []", () => {
    expect(toJson(new TestColumn(new Float64Array(0), "float"))).toBe("[]");
  });
});
