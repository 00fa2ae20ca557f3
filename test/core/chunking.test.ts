// Chunk boundaries never change what is decoded: every fixture, cut every way, gives the records
// (and record spans) of one-shot decoding.
import { type PyValue, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHUNK_SIZES,
  type ChunkedResult,
  decodeChunks,
  splitAt,
  splitEvery,
  splitRandomly,
  withNoisyOffset,
} from "../helpers/chunks.js";
import { compareDataNotClosures } from "../helpers/equality.js";
import { decoderOptions, type FixtureEntry, loadManifest, readPickle } from "../helpers/fixtures.js";

compareDataNotClosures();

const RANDOM_SEEDS = [1, 2, 3];

interface OneShot {
  readonly records: PyValue[];
  readonly spans: readonly number[];
}

function decodeOneShot(entry: FixtureEntry, bytes: Uint8Array): OneShot {
  const unpickler = new Unpickler(decoderOptions(entry));
  const records = unpickler.push(bytes);
  const spans = [...unpickler.recordSpans];
  unpickler.end();
  return { records, spans };
}

function expectSameAsOneShot(result: ChunkedResult, reference: OneShot, length: number): void {
  expect(result.records).toEqual(reference.records);
  expect(result.spans).toEqual(reference.spans);
  expect(result.offset).toBe(length);
}

describe.each(loadManifest())("fixture $name", (entry) => {
  const bytes = readPickle(entry);
  // Decoded inside each test (once), so a fixture the decoder rejects fails its own tests only.
  let oneShot: OneShot | undefined;
  const reference = (): OneShot => (oneShot ??= decodeOneShot(entry, bytes));

  it("spans the whole file with its records in one-shot decoding", () => {
    const { records, spans } = reference();
    expect(records).toHaveLength(entry.records);
    expect(spans[0]).toBe(0);
    expect(spans.at(-1)).toBe(bytes.length);
  });

  it.each(CHUNK_SIZES)("gives the same records and spans in %i-byte chunks", (size) => {
    expectSameAsOneShot(decodeChunks(splitEvery(bytes, size), decoderOptions(entry)), reference(), bytes.length);
  });

  it.each(RANDOM_SEEDS)("gives the same records in random chunks (seed %i, empty chunks included)", (seed) => {
    expectSameAsOneShot(decodeChunks(splitRandomly(bytes, seed), decoderOptions(entry)), reference(), bytes.length);
  });

  it("gives the same records from a view with a non-zero byteOffset inside a noisy buffer", () => {
    const view = withNoisyOffset(bytes);
    expectSameAsOneShot(decodeChunks([view], decoderOptions(entry)), reference(), bytes.length);
    expectSameAsOneShot(decodeChunks(splitRandomly(view, 7, 16), decoderOptions(entry)), reference(), bytes.length);
  });

  it("gives the same records for any cut points (fast-check, fixed seed)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expectSameAsOneShot(decodeChunks(splitAt(bytes, cuts), decoderOptions(entry)), reference(), bytes.length);
      }),
      { seed: 20240229, numRuns: 25 },
    );
  });
});

describe("errors of a payload that arrives in pieces", () => {
  // A str (SHORT_BINUNICODE) that is not UTF-8: the error names the opcode and its offset
  // however the bytes arrive (the payload was once read as the input, and the error named its
  // first byte as an opcode).
  const bytes = Uint8Array.from([0x80, 4, 0x8c, 3, 0x61, 0x8c, 0x62, 0x2e]);
  const failure = (chunks: readonly Uint8Array[], options: UnpicklerOptions = {}): string => {
    const unpickler = new Unpickler(options);
    try {
      for (const chunk of chunks) unpickler.push(chunk);
      unpickler.end();
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };

  it.each([1, 2, 3, 4, 5])("names the opcode in %i-byte chunks as in one piece", (size) => {
    expect(failure([bytes])).toMatch(/^record 0 at byte 2: invalid UTF-8 .*\(opcode SHORT_BINUNICODE 0x8c\)$/);
    expect(failure(splitEvery(bytes, size))).toBe(failure([bytes]));
  });

  it.each([1, 2, 3, 4, 5])("names SHORT_BINSTRING for a Python 2 str that is no UTF-8 under encoding utf-8 in %i-byte chunks as in one piece", (size) => {
    const py2 = Uint8Array.from([0x80, 2, 0x55, 3, 0x61, 0x8c, 0x62, 0x2e]);
    const decode = (chunks: readonly Uint8Array[]): string => failure(chunks, { encoding: "utf-8" });
    expect(decode([py2])).toMatch(/^record 0 at byte 2: invalid UTF-8 .*\(opcode SHORT_BINSTRING 0x55\)$/);
    expect(decode(splitEvery(py2, size))).toBe(decode([py2]));
  });
});

describe("text lines that arrive in pieces (protocol 0)", () => {
  // A long str line, a GLOBAL's two lines, an int line and a line past maxLineLength, cut into
  // small chunks: the carry counts the newlines it holds as bytes come (it once rescanned the
  // held bytes per chunk, quadratic in the line's length).
  const longText = "ab\u00e9".repeat(40_000);
  const stream = Buffer.from(`V${longText}\n.cbuiltins\nlen\n.I${"9".repeat(4000)}\n.`, "latin1");
  const oneShot = decodeChunks([stream]);

  it.each([1, 3, 7, 64, 4096])("gives the one-shot records in %i-byte chunks", (size) => {
    const result = decodeChunks(splitEvery(stream, size));
    expectSameAsOneShot(result, oneShot, stream.length);
    expect(result.records[0]).toBe(longText);
    expect(result.records[1]).toMatchObject({ module: "builtins", name: "len" });
    expect(result.records[2]).toBe(BigInt("9".repeat(4000)));
  });

  it.each([1, 5, 64])("refuses a line past maxLineLength in %i-byte chunks as in one piece", (size) => {
    const long = Buffer.from(`I${"1".repeat(300)}\n.`, "latin1");
    const failure = (chunks: readonly Uint8Array[]): string => {
      try {
        decodeChunks(chunks, { maxLineLength: 100 });
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    expect(failure([long])).toMatch(/opcode INT 0x49/);
    expect(failure(splitEvery(long, size))).toBe(failure([long]));
  });
});
