// Payloads of 1 MiB or more are views of the input, not copies; numpy data is then copied once
// only when it sits at an offset not aligned for its element type. Inputs are read as Node Buffers
// (what readFileSync, gunzipSync and streams give: Buffer.prototype.slice is a view there, and
// latin1Slice the fast Latin-1 path) and as plain Uint8Arrays (the portable path). CPython is the oracle.
import { Buffer } from "node:buffer";
import { loads, NdArray, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

interface LargeCase {
  readonly name: string;
  readonly pickle: string;
  readonly encoding: "ASCII" | "latin1";
  readonly kind: "array" | "text" | "arrays";
  readonly expected: ArrayExpected | ArrayExpected[] | string;
}

interface ArrayExpected {
  readonly shape: number[];
  readonly dtype: string;
  readonly data: string;
}

const hasPython = requirePython();
const CASES: LargeCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/large_payloads.py"))) : [];

/** The same bytes as a plain Uint8Array at an odd byteOffset of a larger buffer (no latin1Slice). */
function plainAtOddOffset(bytes: Uint8Array): Uint8Array {
  const backing = new Uint8Array(bytes.length + 3);
  backing.set(bytes, 3);
  return backing.subarray(3);
}

/** The one record of `bytes` pushed in chunks of `size` bytes. */
function pushedInChunks(bytes: Uint8Array, size: number, options: { encoding?: "latin1" }): unknown {
  const unpickler = new Unpickler(options);
  const records: unknown[] = [];
  for (let at = 0; at < bytes.length; at += size) records.push(...unpickler.push(bytes.subarray(at, at + size)));
  unpickler.end();
  expect(records).toHaveLength(1);
  return records[0];
}

/**
 * Every way the bytes reach the decoder: a Buffer, a plain array at an odd offset, 64 KiB chunks of
 * a Buffer (a large payload's destination is allocated part way through, its text decoded in steps
 * as it arrives), and chunks of 1,000,003 bytes of a plain array (steps ending at odd offsets).
 */
function decodings(bytes: Buffer, encoding: "ASCII" | "latin1"): [string, unknown][] {
  const options = encoding === "latin1" ? { encoding: "latin1" as const } : {};
  return [
    ["a Node Buffer", loads(bytes, options)],
    ["a plain Uint8Array", loads(plainAtOddOffset(bytes), options)],
    ["64 KiB chunks", pushedInChunks(bytes, 65_536, options)],
    ["chunks of 1,000,003 bytes", pushedInChunks(plainAtOddOffset(bytes), 1_000_003, options)],
  ];
}

function expectArray(value: unknown, expected: ArrayExpected, how: string): void {
  expect(value, how).toBeInstanceOf(NdArray);
  const array = value as NdArray;
  expect(array.shape, how).toEqual(expected.shape);
  expect(array.dtype.str, how).toBe(expected.dtype);
  expect(array.data, how).toBeInstanceOf(Float32Array);
  expect(bytesOf(array.data as Float32Array).equals(Buffer.from(expected.data, "base64")), how).toBe(true);
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

describe.runIf(hasPython)("payloads of 1 MiB or more", () => {
  it.each(CASES.filter((c) => c.kind === "array").map((c) => [c.name, c] as const))("decode %s to CPython's elements, from a Buffer, a plain array and chunks", (_, testCase) => {
    for (const [how, value] of decodings(Buffer.from(testCase.pickle, "base64"), testCase.encoding)) {
      const root = value instanceof Map ? value.get("a") : typeof value === "object" && value !== null && "a" in value ? (value as { a: unknown }).a : value;
      expectArray(root, testCase.expected as ArrayExpected, how);
    }
  });

  it("decodes each array of a tuple of Python 2 numpy arrays to CPython's elements, also when two have data of the same length", () => {
    const testCase = CASES.find((c) => c.kind === "arrays")!;
    const expected = testCase.expected as ArrayExpected[];
    for (const [how, value] of decodings(Buffer.from(testCase.pickle, "base64"), testCase.encoding)) {
      expect(Array.isArray(value), how).toBe(true);
      expect((value as unknown[]).length, how).toBe(expected.length);
      for (const [i, array] of expected.entries()) expectArray((value as unknown[])[i], array, `${how}, array ${i}`);
    }
  });

  it.each(CASES.filter((c) => c.kind === "text").map((c) => [c.name, c] as const))("decodes %s with encoding latin1 to CPython's text, from a Buffer, a plain array and chunks", (_, testCase) => {
    const expected = Buffer.from(testCase.expected as string, "base64");
    for (const [how, value] of decodings(Buffer.from(testCase.pickle, "base64"), testCase.encoding)) {
      expect(typeof value, how).toBe("string");
      expect(Buffer.from(value as string, "latin1").equals(expected), how).toBe(true);
      expect((value as string).length, how).toBe(expected.length);
    }
  });
});
