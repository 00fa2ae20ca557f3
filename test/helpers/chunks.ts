// Ways to cut one input into chunks: every value test also runs split (STYLE.md section 9).
import { type PyValue, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";

/** The fixed chunk sizes every fixture is decoded with. */
export const CHUNK_SIZES: readonly number[] = [1, 2, 3, 7, 4096];

/** The chunks joined back into one array (the inverse of the splitters below). */
export function concatChunks(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A deterministic PRNG (mulberry32) in [0, 1): the same seed gives the same splits. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Views of `bytes`, `size` bytes each (the last may be shorter). */
export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

/** `bytes` as an async source of `size`-byte views (as a stream hands them), or in one piece. */
export async function* chunkSource(bytes: Uint8Array, size: number | "whole"): AsyncGenerator<Uint8Array, void, undefined> {
  if (size === "whole") {
    yield bytes;
    return;
  }
  yield* splitEvery(bytes, size);
}

/** Views of `bytes` with seeded random lengths from 0 (an empty push) to `maxSize`. */
export function splitRandomly(bytes: Uint8Array, seed: number, maxSize = 64): Uint8Array[] {
  const random = seededRandom(seed);
  const chunks: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    const size = Math.floor(random() * (maxSize + 1));
    chunks.push(bytes.subarray(start, start + size));
    start += size;
  }
  return chunks;
}

/** Views of `bytes` cut at the given offsets (any order, duplicates allowed). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((offset) => Math.min(Math.max(offset, 0), bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

/**
 * A copy of `bytes` seen through a view with a non-zero `byteOffset`, inside a larger buffer whose
 * other bytes are noise (0xff, the byte no opcode has): a decoder that ignores byteOffset or reads
 * past the view's end decodes garbage.
 */
export function withNoisyOffset(bytes: Uint8Array, padding = 13): Uint8Array {
  const backing = new Uint8Array(bytes.length + 2 * padding).fill(0xff);
  backing.set(bytes, padding);
  return backing.subarray(padding, padding + bytes.length);
}

export interface ChunkedResult {
  readonly records: PyValue[];
  /** `[start, end)` of every record, in order, gathered from each push. */
  readonly spans: number[];
  /** `Unpickler.offset` after the last push. */
  readonly offset: number;
}

/** Decodes the chunks with one Unpickler, push by push, then `end()`. */
export function decodeChunks(chunks: Iterable<Uint8Array>, options?: UnpicklerOptions): ChunkedResult {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  const spans: number[] = [];
  for (const chunk of chunks) {
    records.push(...unpickler.push(chunk));
    spans.push(...unpickler.recordSpans);
  }
  unpickler.end();
  return { records, spans, offset: unpickler.offset };
}

/**
 * `actual` (a number when a transcoder declined) and `expected` compared by bytes, cheaply for large ones (vitest's toEqual walks a
 * Uint8Array element by element): "equal", or where they first differ with a few bytes of each.
 */
export function byteDifference(actual: Uint8Array | number, expected: Uint8Array): string {
  if (typeof actual === "number") return `no bytes but ${actual}`;
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))) return "equal";
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(Math.max(0, at - 8), at + 16)).toString("hex");
  return `lengths ${actual.length} and ${expected.length}, first difference at ${at}: ${around(actual)} vs ${around(expected)}`;
}
