// A giant record the value path writes (a DataFrame, a big numpy array) may hand its JSON to a
// spill sink in pieces while it is written: the bytes, in order, are exactly those taken whole
// otherwise, and a record that fails after its first pieces went out is discarded in full.
import { JsonEngine, type OutputSpill } from "@pkl-stream/core/engine";
import { JsonWriter } from "@pkl-stream/core/json";
import { describe, expect, it } from "vitest";
import { concatChunks as concat, splitEvery } from "../../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle as small } from "../../helpers/declined-record.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";

/** Spill pieces of 64 KiB: records of a few hundred KB exercise every path quickly. */
const PIECE_BYTES = 64 * 1024;

/** Where two long texts first differ (-1: equal): a failing toBe on megabytes would diff them whole. */
function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

interface RunOptions {
  readonly maxOutputBytes?: number;
  /** A prefix and suffix around each record, as --meta writes them. */
  readonly meta?: boolean;
  /** End with `abandon()` instead of `end()` (input that stopped). */
  readonly abandon?: boolean;
}

/** What the engine writes for `chunks`, in order: take()'s output, and, with a spill, what the spill kept. */
function engineRun(chunks: readonly Uint8Array[], options: RunOptions, spill: OutputSpill | undefined, written: Uint8Array[]): unknown {
  const framing = options.meta === true ? { prefix: (index: number) => new TextEncoder().encode(`{"i":${index},"v":`), suffix: "}\n" } : undefined;
  const engine = new JsonEngine({ spill, spillBytes: PIECE_BYTES, maxOutputBytes: options.maxOutputBytes, framing });
  let error: unknown;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      written.push(engine.take());
    }
    if (options.abandon === true) engine.abandon();
    else engine.end();
  } catch (caught) {
    error = caught;
  }
  written.push(engine.take());
  return error;
}

/** The output in order with a spill: what it got (less what it was told to drop) and what take() returned. */
function spilledRun(chunks: readonly Uint8Array[], options: RunOptions = {}) {
  const written: Uint8Array[] = [];
  let discarded = 0;
  let pieces = 0;
  const spill: OutputSpill = {
    write: (bytes) => {
      written.push(bytes.slice());
      pieces++;
    },
    discard: (count) => {
      discarded += count;
      let left = count;
      while (left > 0) {
        const last = written.pop()!;
        if (last.length > left) written.push(last.subarray(0, last.length - left));
        left -= Math.min(left, last.length);
      }
    },
  };
  const error = engineRun(chunks, options, spill, written);
  return { text: new TextDecoder().decode(concat(written)), pieces, discarded, error };
}

/** The output without a spill. */
function plainRun(chunks: readonly Uint8Array[], options: RunOptions = {}) {
  const parts: Uint8Array[] = [];
  const error = engineRun(chunks, options, undefined, parts);
  return { text: new TextDecoder().decode(concat(parts)), error };
}

/**
 * `input` (more than 10 pieces of output) spilled in one push and in 4 KiB chunks: several pieces
 * went out, none was dropped, and the output is the same bytes as without a spill.
 */
function expectSpillUnseen(input: Uint8Array): void {
  const expected = plainRun([input]);
  expect(expected.error).toBeUndefined();
  expect(expected.text.length).toBeGreaterThan(10 * PIECE_BYTES);
  for (const chunks of [[input], splitEvery(input, 4096)]) {
    const run = spilledRun(chunks);
    expect(run.error).toBeUndefined();
    expect(run.pieces).toBeGreaterThanOrEqual(4);
    expect(run.discarded).toBe(0);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  }
}

describe("JsonWriter.spillTo", () => {
  it("hands a big record out in pieces whose concatenation, with the rest, is the record's JSON", () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i / 7 + 0.5);
    const whole = new JsonWriter();
    whole.append(values, 2 ** 40);
    const expected = whole.take();

    const pieces: Uint8Array[] = [];
    const writer = new JsonWriter();
    writer.spillTo((bytes) => pieces.push(bytes.slice()), PIECE_BYTES);
    writer.append(values, 2 ** 40);
    expect(pieces.length).toBeGreaterThan(1);
    expect(writer.spilled).toBe(pieces.reduce((sum, piece) => sum + piece.length, 0));
    expect(Buffer.compare(concat([...pieces, writer.take()]), expected)).toBe(0);
  });

  it("reports the bytes it spilled when the record then fails, and keeps nothing pending", () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i / 7 + 0.5);
    const pieces: Uint8Array[] = [];
    const writer = new JsonWriter();
    writer.spillTo((bytes) => pieces.push(bytes.slice()), PIECE_BYTES);
    expect(() => writer.append(values, 6 * PIECE_BYTES)).toThrow(/maxOutputBytes/);
    expect(writer.spilled).toBeGreaterThan(0);
    expect(writer.spilled).toBe(pieces.reduce((sum, piece) => sum + piece.length, 0));
    expect(writer.size).toBe(0);
  });
});

describe("the JSON engine with a spill", () => {
  const giant = floatSetPickle(40_000, 11);
  const input = concat([small(1), giant, small(2), floatSetPickle(1000, 3), small(3)]);

  it("writes the same bytes in the same order as without one, in one push and in 4 KiB chunks", () => {
    expectSpillUnseen(input);
  });

  it("spills a record's prefix before its first piece", () => {
    const expected = plainRun([input], { meta: true });
    const run = spilledRun([input], { meta: true });
    expect(firstDifference(run.text, expected.text)).toBe(-1);
    expect(run.text.startsWith('{"i":0,"v":[1]}\n{"i":1,"v":[')).toBe(true);
  });

  it("drops every spilled byte of a record that fails, keeping the records before it", () => {
    const bad = concat([small(1), small(2), giant, small(3)]);
    const expected = plainRun([bad], { maxOutputBytes: 6 * PIECE_BYTES, meta: true });
    expect(String(expected.error)).toMatch(/maxOutputBytes/);
    expect(expected.text).toBe('{"i":0,"v":[1]}\n{"i":1,"v":[2]}\n');
    const run = spilledRun([bad], { maxOutputBytes: 6 * PIECE_BYTES, meta: true });
    expect(String(run.error)).toBe(String(expected.error));
    expect(run.discarded).toBeGreaterThan(2 * PIECE_BYTES);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  });
});

describe("the JSON engine's giant root with a spill", () => {
  // 60k keys: about 1 MB of JSON, written by the tape batch by batch.
  const keys = shuffledKeys(60_000);
  const giant = giantDictPickle(keys);

  it("hands the root's batches out while the record is open, with the same bytes in the same order", () => {
    expectSpillUnseen(concat([small(1), giant, small(2)]));
  });

  it("drops what a root spilled when it declines at its end (a repeated key), then writes the value path's output", () => {
    const input = concat([small(1), giantDictPickle([...keys, keys[5]!]), small(2)]);
    const expected = plainRun([input]);
    expect(expected.error).toBeUndefined();
    const run = spilledRun([input]);
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  });

  it("drops what a root spilled when its input stops without an end (abandon)", () => {
    const cut = concat([small(1), giant]).subarray(0, giant.length - 1000);
    const run = spilledRun(splitEvery(cut, 65536), { abandon: true });
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(run.text).toBe("[1]\n");
  });
});
