// picklesToJson / picklesToMsgpack with `transientChunks`: the source reuses a chunk's memory once
// the next chunk is asked for (the CLI's stdin ring). Whatever keeps input longer (a record the
// tape declines, whose Unpickler may keep views of a long bytes value; gunzip; the parallel
// path) must copy it. Here the source scribbles over each chunk as soon as it is done with:
// the output must be what a source of fresh chunks gives.
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PicklesToBytesOptions } from "../../packages/stream/src/engine-bytes.js";
import { jsonBytesEngine, picklesToJson } from "../../packages/stream/src/json-bytes.js";
import { picklesToMsgpack } from "../../packages/stream/src/msgpack-bytes.js";
import { type ParallelTuning, parallelEngineBytes } from "../../packages/stream/src/parallel/parallel-bytes.js";
import { concatChunks, splitEvery } from "../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle } from "../helpers/declined-record.js";
import { loadManifest, readPickle } from "../helpers/fixtures.js";

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** `set([bytes])` (protocol 3): declined by the tape; its BINBYTES payload, at least 1 MiB, is a view of the input when one chunk holds it. */
function longBytesSetPickle(length: number): Uint8Array {
  const head = [0x80, 0x03, ...ascii("cbuiltins\nset\n"), 0x5d, 0x28, 0x42, length & 255, (length >> 8) & 255, (length >> 16) & 255, length >>> 24];
  const bytes = new Uint8Array(head.length + length + 4);
  bytes.set(head);
  for (let i = 0; i < length; i++) bytes[head.length + i] = (i * 7 + 3) & 255;
  bytes.set([0x65, 0x85, 0x52, 0x2e], head.length + length); // APPENDS, TUPLE1, REDUCE, STOP
  return bytes;
}

const fixtures = concatChunks(
  loadManifest()
    .filter((entry) => entry.throws === undefined && entry.options === undefined)
    .map((entry) => readPickle(entry)),
);
const longSet = longBytesSetPickle(3 << 19);
const input = concatChunks([fixtures, longSet, smallTuplePickle(1), floatSetPickle(3000, 1), smallTuplePickle(2)]);
/** Just past the long bytes value: a chunk ending here holds all of it, and the record goes on in the next. */
const payloadEnd = fixtures.length + longSet.length - 4;

/**
 * `bytes` cut at `cuts` (then every `size`), each chunk one copy in one buffer, written over once
 * the next is asked for. A Node Buffer, as file and socket reads give: its slice() is a view, so a
 * copy made with slice() would be written over too.
 */
async function* scribbled(bytes: Uint8Array, size: number, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  const scratch = Buffer.alloc(Math.max(size, ...cuts.map((cut, i) => cut - (cuts[i - 1] ?? 0))));
  let at = 0;
  const ends = [...cuts];
  while (at < bytes.length) {
    const end = ends.shift() ?? Math.min(at + size, bytes.length);
    const chunk = bytes.subarray(at, end);
    scratch.set(chunk);
    yield scratch.subarray(0, chunk.length);
    scratch.fill(0xee);
    at = end;
  }
}

async function* fresh(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (const chunk of splitEvery(bytes, size)) yield chunk.slice();
}

async function collect(bytes: AsyncGenerator<Uint8Array, void, undefined>): Promise<{ output: Buffer; error: string }> {
  const parts: Uint8Array[] = [];
  let error = "";
  try {
    for await (const part of bytes) parts.push(part.slice());
  } catch (caught) {
    error = String(caught);
  }
  return { output: Buffer.concat(parts), error };
}

describe.each([
  ["JSON", picklesToJson],
  ["msgpack", picklesToMsgpack],
] as const)("%s with transientChunks", (_name, encode) => {
  it.each([4096, 65_536, 1 << 20])("writes what fresh chunks give, in %i-byte chunks", async (size) => {
    const expected = await collect(encode(fresh(input, size)));
    expect(expected.error).toBe("");
    const transient = await collect(encode(scribbled(input, size), { transientChunks: true }));
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });

  it("copies a chunk the value path keeps a view of (a long bytes value, its record going on in the next chunk)", async () => {
    const expected = await collect(encode(fresh(input, 65_536)));
    const transient = await collect(encode(scribbled(input, 65_536, [payloadEnd]), { transientChunks: true }));
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });

  it("copies a chunk the value path keeps a view of after records that all declined (one push per record, then a record going on in the next chunk)", async () => {
    // Four declined records start a run of records sent to the value path without the tape; the
    // fifth goes on into the second chunk, where the run's next record (a long bytes value, a
    // view of that chunk when pushed uncopied) goes on into the third.
    const declined = [0, 1, 2, 3].map((i) => floatSetPickle(2, i));
    const spanning = floatSetPickle(50, 9);
    const head = concatChunks([...declined, spanning]);
    const run = concatChunks([head, longSet, smallTuplePickle(3)]);
    const cuts = [head.length - 200, head.length + longSet.length - 4];
    const expected = await collect(encode(fresh(run, 1 << 22)));
    expect(expected.error).toBe("");
    const transient = await collect(encode(scribbled(run, 1 << 22, cuts), { transientChunks: true }));
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });

  it("writes what fresh chunks give for any mix of declined, plain and long-bytes records, cut anywhere (property)", async () => {
    // A shorter long-bytes record than `longSet` (still past the 1 MiB at which payloads are views).
    const viewed = longBytesSetPickle(1 << 20);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("declined", "plain", "viewed"), { minLength: 1, maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        async (order, cutShares) => {
          const run = concatChunks(order.map((kind, i) => (kind === "declined" ? floatSetPickle(2, i) : kind === "plain" ? smallTuplePickle(i) : viewed)));
          const cuts = [...new Set(cutShares.map((share) => Math.floor(share * run.length)))].filter((cut) => cut > 0 && cut < run.length).sort((a, b) => a - b);
          const expected = await collect(encode(fresh(run, 1 << 22)));
          const transient = await collect(encode(scribbled(run, 1 << 22, cuts), { transientChunks: true }));
          expect(transient.error).toBe(expected.error);
          expect(transient.output.equals(expected.output)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 0x7a5 },
    );
  });

  it("copies a chunk the value path keeps a view of in entries mode (chunks go to the Unpickler whole)", async () => {
    // [set([bytes])] as a root list (protocol 3): its one entry is declined in the first chunk
    // (at the global), the second holds the whole bytes value, the third the rest.
    const inner = longSet.subarray(2, longSet.length - 1);
    const root = concatChunks([Uint8Array.from([0x80, 0x03, 0x5d, 0x28]), inner, Uint8Array.from([0x65, 0x2e])]);
    const cuts = [4 + 16, 4 + inner.length - 3];
    const expected = await collect(encode(fresh(root, 1 << 22), { entries: true }));
    expect(expected.error).toBe("");
    const transient = await collect(encode(scribbled(root, 1 << 22, cuts), { entries: true, transientChunks: true }));
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });

  it("gunzips a transient source", async () => {
    const gzipped = gzipSync(input);
    const expected = await collect(encode(fresh(input, 65_536)));
    const transient = await collect(encode(scribbled(gzipped, 7_000), { transientChunks: true }));
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });
});

describe("the parallel path with transientChunks", () => {
  it("copies the chunks it holds: batches and the calling thread's tail", async () => {
    const tuning: ParallelTuning = { minInputBytes: 0, batchBytes: 20_000, maxRecordBytes: 1 << 20, maxFirstRecordBytes: 1 << 20, batchesPerWorker: 2 };
    const options: PicklesToBytesOptions = { workers: 1, transientChunks: true };
    const expected = await collect(picklesToJson(fresh(input, 65_536)));
    const parallel = parallelEngineBytes("json", scribbled(input, 5_000), options, jsonBytesEngine, tuning);
    expect(parallel).toBeDefined();
    const transient = await collect(parallel!);
    expect(transient.error).toBe("");
    expect(transient.output.equals(expected.output)).toBe(true);
  });
});
