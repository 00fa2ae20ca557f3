import { NdArray, NumpyDtype, PyFloat, PyInstance, isPickleError, loads } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { fromHex, plainForm } from "./plain-form.js";

// Pickles made once by CPython 3.11 / numpy 2.4 (the snippet is in each comment).

/** pickle.dumps(np.array([[1, 2, 3], [4, 5, 6]], "<i4"), protocol=5, buffer_callback=bufs.append) */
const OUT_OF_BAND =
  "8005956d000000000000008c136e756d70792e5f636f72652e6e756d65726963948c0b5f66726f6d62756666657294939428978c056e756d7079948c0564747970659493948c02693494898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494624b024b0386948c014394749452942e";
const OUT_OF_BAND_BUFFER = "010000000200000003000000040000000500000006000000";
/** pickle.dumps(np.array([2**53 + 1, -5], "i8"), protocol=2) */
const INT64 =
  "8002636e756d70792e5f636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b0285710a636e756d70790a64747970650a710b58020000006938710c898887710d52710e284b0358010000003c710f4e4e4e4affffffff4affffffff4b007471106289680358180000000100000000002000c3bbc3bfc3bfc3bfc3bfc3bfc3bfc3bf71116805867112527113747114622e";
/** pickle.dumps(np.array([1.0, 0.5, 65504], "f2"), protocol=2) */
const FLOAT16 =
  "8002636e756d70792e5f636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b0385710a636e756d70790a64747970650a710b58020000006632710c898887710d52710e284b0358010000003c710f4e4e4e4affffffff4affffffff4b00747110628968035807000000003c0038c3bf7b71116805867112527113747114622e";
/** pickle.dumps(np.array([1.5, -2.25], ">f8"), protocol=5) */
const BIG_ENDIAN =
  "80059584000000000000008c136e756d70792e5f636f72652e6e756d65726963948c0b5f66726f6d627566666572949394289610000000000000003ff8000000000000c002000000000000948c056e756d7079948c0564747970659493948c02663894898887945294284b038c013e944e4e4e4affffffff4affffffff4b007494624b0285948c014394749452942e";

function asArray(value: unknown): NdArray {
  expect(value).toBeInstanceOf(NdArray);
  return value as NdArray;
}

describe("NdArray", () => {
  it("views an out-of-band buffer without copying when buffers are given", () => {
    const buffer = fromHex(OUT_OF_BAND_BUFFER);
    const array = asArray(loads(fromHex(OUT_OF_BAND), { buffers: [buffer] }));
    expect(array.data).toBeInstanceOf(Int32Array);
    expect((array.data as Int32Array).buffer).toBe(buffer.buffer);
    expect(array.shape).toEqual([2, 3]);
    expect(array.toList()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("copies once when the bytes sit at an offset not aligned for the element width", () => {
    const padded = new Uint8Array(OUT_OF_BAND_BUFFER.length / 2 + 1);
    padded.set(fromHex(OUT_OF_BAND_BUFFER), 1);
    const array = asArray(loads(fromHex(OUT_OF_BAND), { buffers: [padded.subarray(1)] }));
    expect((array.data as Int32Array).buffer).not.toBe(padded.buffer);
    expect([...(array.data as Int32Array)]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps a _frombuffer call with a missing out-of-band buffer as a placeholder", () => {
    const value = loads(fromHex(OUT_OF_BAND));
    expect(value).toBeInstanceOf(PyInstance);
    expect(plainForm(value)).toEqual({
      __class__: "numpy._core.numeric._frombuffer",
      __args__: [{ __buffer__: 0 }, "int32", [2, 3], "C"],
    });
  });

  it("converts big-endian data to native values in data, leaving the pickled bytes as they were", () => {
    const array = asArray(loads(fromHex(BIG_ENDIAN)));
    expect(array.dtype.toString()).toBe(">f8");
    expect([...(array.data as Float64Array)]).toEqual([1.5, -2.25]);
    expect(array.bytes![0]).toBe(0x3f);
  });

  it("gives int64 values beyond 2**53 as bigint and smaller ones as numbers", () => {
    const array = asArray(loads(fromHex(INT64)));
    expect(array.data).toBeInstanceOf(BigInt64Array);
    expect(array.toList()).toEqual([2n ** 53n + 1n, -5]);
  });

  it("keeps float16 bits in data and decodes them in toList", () => {
    const array = asArray(loads(fromHex(FLOAT16)));
    expect(array.data).toBeInstanceOf(Uint16Array);
    expect(array.toList()).toEqual([1, 0.5, 65504]);
  });

  it("wraps integral floats in PyFloat only in toPlain", () => {
    const array = asArray(loads(fromHex(FLOAT16)));
    const plain = array.toPlain() as unknown[];
    expect(plain[0]).toBeInstanceOf(PyFloat);
    expect(plain[1]).toBe(0.5);
  });

  it("rejects BUILD data whose length does not fill the shape", () => {
    const array = new NdArray();
    const dtype = new NumpyDtype("f8");
    expect(() => array.setState([1, [3], dtype, false, new Uint8Array(16)])).toThrow(/do not fill shape/);
  });

  it("refuses an empty array whose shape would expand to millions of lists", () => {
    const array = new NdArray();
    expect(() => array.setState([1, [10_000_000, 0], new NumpyDtype("f8"), false, new Uint8Array(0)])).toThrow(/would expand to 10000001 lists and values from 0 bytes of data/);
    array.setState([1, [0, 10_000_000], new NumpyDtype("f8"), false, new Uint8Array(0)]);
    expect(array.toList()).toEqual([]);
  });

  it("refuses an object array whose shape would expand to millions of lists from no objects", () => {
    const array = new NdArray();
    expect(() => array.setState([1, [10_000_000, 0], new NumpyDtype("O8"), false, []])).toThrow(/shape \(10000000, 0\) of objects would expand/);
  });

  it("refuses a sub-array dtype that expands to millions of lists from no bytes, directly, in a field or in a scalar's dtype", () => {
    // numpy loads dtype(('<f8', (2**40, 0))): an element of 0 bytes that tolist() makes 2**40 lists of.
    const zeroSub = (): NumpyDtype => {
      const dtype = new NumpyDtype("V0");
      expect(() => dtype.setState([3, "|", [new NumpyDtype("f8"), [2 ** 40, 0]], null, null, 0, 8, 0])).toThrow(/an element would expand to 1099511627777 lists and values from 0 bytes of data/);
      return dtype;
    };
    zeroSub();
    const small = new NumpyDtype("V0");
    small.setState([3, "|", [new NumpyDtype("f8"), [1000, 0]], null, null, 0, 8, 0]); // 1001 lists: allowed
    const record = new NumpyDtype("V4");
    const fields = new Map<string, unknown>([["a", [small, 0]], ["b", [new NumpyDtype("i4"), 0]]]);
    record.setState([3, "|", null, ["a", "b"], fields as never, 4, 4, 16]);
    expect(record.entriesPerElement).toBe(1 + 1001 + 1);
  });

  it("refuses shapes of more than 64 dimensions, as numpy does, and dtypes nested more than 64 deep", () => {
    const array = new NdArray();
    const ones = (count: number): number[] => new Array<number>(count).fill(1);
    array.setState([1, ones(64), new NumpyDtype("f8"), false, new Uint8Array(8)]);
    expect(array.toList()).toEqual(ones(63).reduce<unknown>((inner) => [inner], [0]));
    expect(() => array.setState([1, ones(65), new NumpyDtype("f8"), false, new Uint8Array(8)])).toThrow(/65 dimensions \(numpy allows at most 64\)/);
    let dtype = new NumpyDtype("f8");
    for (let level = 1; level <= 65; level++) {
      const outer = new NumpyDtype("V8");
      const state = [3, "|", [dtype, [1]], null, null, 8, 8, 0];
      if (level <= 64) outer.setState(state);
      else expect(() => outer.setState(state)).toThrow(/nested 65 deep/);
      dtype = outer;
    }
  });

  it("refuses a sub-array dtype whose shape does not fill its itemsize", () => {
    const dtype = new NumpyDtype("V16");
    const state = [3, "|", [new NumpyDtype("f8"), [1_000_000]], null, null, 16, 8, 0];
    expect(() => dtype.setState(state)).toThrow(/does not fill 16 bytes/);
  });

  it("reports a bad array state as a PickleError at the BUILD opcode", () => {
    const bytes = fromHex(INT64);
    // Shape (2,) -> (3,): the 16 data bytes no longer fill it.
    const doctored = bytes.slice();
    const at = Buffer.from(doctored).indexOf(Buffer.from("284b014b0285", "hex"));
    doctored[at + 4] = 3;
    let caught: unknown;
    try {
      loads(doctored);
    } catch (error) {
      caught = error;
    }
    expect(isPickleError(caught)).toBe(true);
    expect((caught as { opcode: number }).opcode).toBe(0x62);
  });
});
