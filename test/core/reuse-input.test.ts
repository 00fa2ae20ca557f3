// `reuseInput: true`: a large bytes, bytearray or Python 2 str payload at an offset no typed array
// may start at is moved back over its own opcode and length field, so numpy arrays view the input
// instead of copying it. Hand-made pickles check where each payload lands and that what follows it
// still decodes; CPython's numpy pickles (every offset mod 8, protocols 3-5, several dtypes) check
// the elements against CPython's own.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loads, NdArray, PyByteArray, Unpickler } from "@pkl-stream/core";
import { afterAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

const MIB = 1 << 20;

interface PayloadOp {
  readonly name: string;
  readonly code: number;
  /** Bytes of the length field after the opcode. */
  readonly lengthBytes: 4 | 8;
  readonly options: { encoding?: "bytes" };
}

const OPS: readonly PayloadOp[] = [
  { name: "BINBYTES", code: 0x42, lengthBytes: 4, options: {} },
  { name: "BINBYTES8", code: 0x8e, lengthBytes: 8, options: {} },
  { name: "BYTEARRAY8", code: 0x96, lengthBytes: 8, options: {} },
  { name: "BINSTRING (encoding bytes)", code: 0x54, lengthBytes: 4, options: { encoding: "bytes" } },
];

/** The byte at `i` of every test payload: a pattern that shows a payload moved by any amount. */
const patternByte = (i: number): number => (i * 7 + (i >> 8)) & 0xff;

/**
 * A protocol 4 pickle of the tuple `(pad, payload, "after")`, where `pad` is a str of `padLength`
 * bytes that walks the payload through the offsets mod 8, and "after" shows that the opcodes after
 * a moved payload still decode. `at`: where the payload's bytes start in the pickle.
 */
function tuplePickle(op: PayloadOp, padLength: number, payloadLength: number): { bytes: Uint8Array; at: number } {
  const parts: number[] = [0x80, 0x04, 0x28, 0x8c, padLength, ...Array.from({ length: padLength }, () => 0x78), op.code];
  const lengthField = new Uint8Array(op.lengthBytes);
  new DataView(lengthField.buffer).setUint32(0, payloadLength, true);
  parts.push(...lengthField);
  const at = parts.length;
  const bytes = new Uint8Array(at + payloadLength + 9);
  bytes.set(parts);
  for (let i = 0; i < payloadLength; i++) bytes[at + i] = patternByte(i);
  bytes.set([0x8c, 0x05, 0x61, 0x66, 0x74, 0x65, 0x72, 0x74, 0x2e], at + payloadLength); // "after", TUPLE, STOP
  return { bytes, at };
}

/** The payload value's bytes, whatever its type. */
function bytesOfValue(value: unknown): Uint8Array {
  if (value instanceof PyByteArray || value instanceof Uint8Array) return value;
  throw new Error(`not a bytes value: ${String(value)}`);
}

function expectPattern(bytes: Uint8Array, length: number): void {
  expect(bytes.length).toBe(length);
  let mismatches = 0;
  for (let i = 0; i < length; i++) if (bytes[i] !== patternByte(i)) mismatches++;
  expect(mismatches).toBe(0);
}

describe("reuseInput with hand-made payloads", () => {
  for (const op of OPS) {
    for (let pad = 0; pad < 8; pad++) {
      it(`${op.name} after a pad of ${pad}: moved back to a multiple of 8 when its header has room, and what follows decodes`, () => {
        const { bytes, at } = tuplePickle(op, pad, MIB + 3);
        const plain = loads(bytes.slice(), op.options) as unknown[];
        const value = loads(bytes, { ...op.options, reuseInput: true }) as unknown[];
        const payload = bytesOfValue(value[1]);
        const shift = at % 8;
        // The header (opcode and length field) is the room the payload may move into.
        const expectedStart = shift <= 1 + op.lengthBytes ? at - shift : at;
        expect(payload.buffer).toBe(bytes.buffer);
        expect(payload.byteOffset).toBe(expectedStart);
        expectPattern(payload, MIB + 3);
        expect(value[0]).toBe("x".repeat(pad));
        expect(value[2]).toBe("after");
        expect(value[1]).toBeInstanceOf(op.code === 0x96 ? PyByteArray : Uint8Array);
        expect(Buffer.from(bytesOfValue(value[1])).equals(bytesOfValue(plain[1]))).toBe(true);
      });
    }
  }

  it("counts the offset from the start of the ArrayBuffer, not of the view it is given", () => {
    const op = OPS[2]!;
    const { bytes, at } = tuplePickle(op, 0, MIB);
    const backing = new Uint8Array(bytes.length + 5);
    backing.set(bytes, 5);
    const input = backing.subarray(5);
    const payload = bytesOfValue((loads(input, { reuseInput: true }) as unknown[])[1]);
    expect(payload.byteOffset % 8).toBe(0);
    expect(payload.byteOffset).toBe(5 + at - ((5 + at) % 8));
    expectPattern(payload, MIB);
  });

  it("leaves the input as it was without the option, and for payloads under 1 MiB with it", () => {
    for (const [length, options] of [
      [MIB + 1, {}],
      [MIB - 1, { reuseInput: true }],
    ] as const) {
      const { bytes } = tuplePickle(OPS[1]!, 3, length);
      const before = bytes.slice();
      loads(bytes, options);
      expect(Buffer.from(bytes).equals(Buffer.from(before))).toBe(true);
    }
  });

  it("decodes the same values when the input comes in chunks (a payload split across chunks is assembled, not moved)", () => {
    for (const op of OPS) {
      const { bytes } = tuplePickle(op, 5, MIB + 7);
      const expected = loads(bytes.slice(), op.options) as unknown[];
      for (const size of [1000, 65_536, MIB + 40, bytes.length]) {
        const input = bytes.slice();
        const unpickler = new Unpickler({ ...op.options, reuseInput: true });
        const records: unknown[] = [];
        for (let at = 0; at < input.length; at += size) records.push(...unpickler.push(input.subarray(at, at + size)));
        unpickler.end();
        expect(records, `${op.name}, chunks of ${size}`).toHaveLength(1);
        const value = records[0] as unknown[];
        expect(value[0]).toBe(expected[0]);
        expect(value[2]).toBe("after");
        expectPattern(bytesOfValue(value[1]), MIB + 7);
      }
    }
  });
});

interface NumpyCase {
  readonly name: string;
  readonly file: string;
  readonly protocol: number;
  readonly dtype: string;
  readonly shape: number[];
  readonly sha256: string;
}

const hasPython = requirePython();
const directory = mkdtempSync(join(tmpdir(), "pkl-reuse-input-"));
const CASES: NumpyCase[] = hasPython ? JSON.parse(runPythonScript(testPath("core/reuse_input.py"), [directory])) : [];
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function sha256Of(view: ArrayBufferView): string {
  return createHash("sha256").update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)).digest("hex");
}

describe.runIf(hasPython)("reuseInput with CPython's numpy pickles", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: CPython's elements, viewing the input where the data could move", (_, testCase) => {
    const input = readFileSync(testCase.file);
    const plain = (loads(readFileSync(testCase.file)) as { a: NdArray }).a;
    const array = (loads(input, { reuseInput: true }) as { a: NdArray }).a;
    expect(array).toBeInstanceOf(NdArray);
    expect(array.shape).toEqual(testCase.shape);
    expect(array.dtype.str).toBe(testCase.dtype);
    const data = array.data as ArrayBufferView;
    expect(sha256Of(data)).toBe(testCase.sha256);
    expect(sha256Of(data)).toBe(sha256Of(plain.data as ArrayBufferView));
    // Protocol 5 writes the data as BYTEARRAY8 (9 bytes of header, room for any shift); in native
    // byte order it is then always a view of the input. A swapped dtype is always a copy.
    const isNative = !testCase.dtype.startsWith(">");
    if (testCase.protocol === 5 && isNative) expect(data.buffer).toBe(input.buffer);
    if (!isNative) expect(data.buffer).not.toBe(input.buffer);
  });

  it("covers payloads that cannot move (BINBYTES with a shift of 6 or 7) as well as those that can", () => {
    const protocol3 = CASES.filter((c) => c.protocol === 3);
    const shared = protocol3.filter((c) => {
      const input = readFileSync(c.file);
      return ((loads(input, { reuseInput: true }) as { a: NdArray }).a.data as ArrayBufferView).buffer === input.buffer;
    });
    // float64 needs a multiple of 8: of the eight pads, the two whose shift would be 6 or 7 copy.
    expect(protocol3).toHaveLength(8);
    expect(shared).toHaveLength(6);
  });
});
