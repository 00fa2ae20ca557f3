// An ndarray of numbers is written from its typed array (NdArray.numberGrid): JSON by core's
// JsonWriter, msgpack by packedGrid. Both must give exactly the bytes of its plain form, the
// nested lists `toPlain()` builds, written the usual way.
import { NdArray, NumpyDtype, type PyValue, toJson } from "@pkl-stream/core";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { registerFloat64 } from "../../packages/stream/src/writers/float64.js";
import { DEFAULT_MSGPACK_MAX_DEPTH, encodeMsgpackRecord } from "../../packages/stream/src/writers/msgpack.js";

/** A seeded xorshift, so a failure names the case that made it. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const FLOAT_EDGES = [0, -0, 1, -1, 2 ** 53, -(2 ** 31), 2 ** 32, 1e16, 1e-5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, 1.7976931348623157e308];
const INT_EDGES = [0n, 1n, -1n, 31n, 32n, -32n, -33n, 127n, 128n, -128n, -129n, 255n, 256n, 65535n, 65536n, -32768n, -32769n, 2n ** 31n - 1n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, 2n ** 64n - 1n];

/** An array of `typestr` (`>` for big-endian) over `shape` in `order`, of random and edge values. */
function arrayOf(typestr: string, shape: number[], order: "C" | "F", seed: number): NdArray {
  const isBig = typestr.startsWith(">");
  const dtype = new NumpyDtype(typestr.replace(/^[<>]/, ""));
  if (isBig) dtype.setState([3, ">", null, null, null, -1, -1, 0]);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(count * dtype.itemsize);
  const view = new DataView(bytes.buffer);
  const next = random(seed);
  const size = dtype.itemsize;
  const little = !isBig;
  for (let i = 0; i < count; i++) {
    const at = i * size;
    const pick = next();
    if (dtype.kind === "f") {
      const value = pick < 0.3 ? FLOAT_EDGES[Math.floor(next() * FLOAT_EDGES.length)]! : pick < 0.6 ? Math.round((next() - 0.5) * 1000) : (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      if (size === 4) view.setFloat32(at, value, little);
      else view.setFloat64(at, value, little);
    } else if (dtype.kind === "b") {
      bytes[at] = pick < 0.5 ? 1 : 0;
    } else {
      const bits = BigInt(size * 8);
      const edge = INT_EDGES[Math.floor(next() * INT_EDGES.length)]!;
      const wide = BigInt(Math.floor(next() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(next() * 2 ** 32));
      const raw = pick < 0.5 ? edge : wide;
      const value = dtype.kind === "u" ? BigInt.asUintN(Number(bits), raw) : BigInt.asIntN(Number(bits), raw);
      if (size === 1) view.setUint8(at, Number(BigInt.asUintN(8, value)));
      else if (size === 2) view.setUint16(at, Number(BigInt.asUintN(16, value)), little);
      else if (size === 4) view.setUint32(at, Number(BigInt.asUintN(32, value)), little);
      else view.setBigUint64(at, BigInt.asUintN(64, value), little);
    }
  }
  return NdArray.fromBuffer(dtype, shape, order, bytes);
}

const TYPES = ["f8", "f4", ">f8", ">f4", "b1", "i1", "u1", "i2", ">u2", "i4", "u4", ">i4", "i8", ">i8", "u8"];
const SHAPES: number[][] = [[0], [1], [7], [17], [70_000], [3, 0], [0, 3], [300, 0], [4, 5, 0], [0, 0, 5], [2, 3, 4], [1, 1, 1, 1], [17, 20]];

registerFloat64();
const packr = new Packr({ useRecords: false });
const msgpackOf = (value: PyValue): Buffer => encodeMsgpackRecord(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, 2 ** 31, 0);

describe.each(TYPES)("an ndarray of %s", (typestr) => {
  it.each(SHAPES.map((shape, index) => ({ shape, seed: index + 1 })))("over $shape: JSON and msgpack as its plain form's lists", ({ shape, seed }) => {
    for (const order of ["C", "F"] as const) {
      const array = arrayOf(typestr, shape, order, seed);
      expect(array.numberGrid() !== null).toBe(order === "C" || shape.length === 1);
      const plain = array.toPlain();
      expect(toJson(array)).toBe(toJson(plain));
      expect(msgpackOf(array).equals(msgpackOf(plain))).toBe(true);
      // Inside a container too (a record of arrays, as MNIST's tuple of tuples).
      const record = [array, { x: array }] as PyValue;
      const plainRecord = [plain, { x: plain }] as PyValue;
      expect(toJson(record)).toBe(toJson(plainRecord));
      expect(msgpackOf(record).equals(msgpackOf(plainRecord))).toBe(true);
    }
  });
});

describe("NdArray.numberGrid", () => {
  it("is null for arrays whose elements are no plain numbers (float16, complex, datetime64, str, 0-d)", () => {
    for (const typestr of ["f2", "c16", "M8", "U3", "S2"]) {
      const dtype = new NumpyDtype(typestr);
      expect(NdArray.fromBuffer(dtype, [2], "C", new Uint8Array(2 * dtype.itemsize)).numberGrid()).toBeNull();
    }
    expect(NdArray.fromBuffer(new NumpyDtype("f8"), [], "C", new Uint8Array(8)).numberGrid()).toBeNull();
  });
});
