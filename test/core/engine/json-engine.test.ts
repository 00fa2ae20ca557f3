// The tape engine's JSON equals the value path's (Unpickler + JsonWriter) for every committed
// fixture, in one shot and in chunks of every size, and it keeps the value path's errors.
import { describe, expect, it } from "vitest";
import { JsonEngine } from "@pkl-stream/core/engine";
import { CHUNK_SIZES, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson as enginePath, valuePathJson as valuePath } from "../../helpers/engine-paths.js";
import { decoderOptions, type FixtureEntry, loadManifest, readPickle } from "../../helpers/fixtures.js";



const fixtures = loadManifest();

describe.each(fixtures.map((entry) => [entry.name, entry] as const))("fixture %s", (_name, entry: FixtureEntry) => {
  const bytes = readPickle(entry);
  const options = decoderOptions(entry);
  const expected = valuePath(bytes, options);

  it("writes the value path's JSON in one push", () => {
    const result = enginePath([bytes], options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });

  it.each(CHUNK_SIZES)("writes the value path's JSON in %i-byte chunks", (size) => {
    const result = enginePath(splitEvery(bytes, size), options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });

  it("writes the value path's JSON in random chunks", () => {
    const result = enginePath(splitRandomly(bytes, 7, 300), options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });
});

/** `{"n": n, "s": "x" * 40}` as one protocol 4 pickle (66 bytes): streams of them exercise the output buffer. */
function smallRecord(n: number): Uint8Array {
  return Uint8Array.from([
    0x80, 0x04, 0x7d, 0x94, 0x28, 0x8c, 0x01, 0x6e, 0x94, 0x4a, n & 255, (n >> 8) & 255, (n >> 16) & 255, 0, 0x8c, 0x01, 0x73, 0x94, 0x8c, 40, ...new Array(40).fill(0x78), 0x94, 0x75, 0x2e,
  ]);
}

describe("the output buffer of a long stream", () => {
  it("stays the size of one record's output however many records pass, with chunks ending inside records", () => {
    // 20,000 appended records of {"n": i, "s": "x" * 40}, protocol 4: 1.2 MB of NDJSON out.
    const bytes = Buffer.concat(Array.from({ length: 20_000 }, (_, n) => smallRecord(n)));
    const engine = new JsonEngine();
    let out = 0;
    // Records are all the same size: after a first 1-byte chunk, no chunk of 16 records ends between two.
    const size = smallRecord(0).length;
    for (const chunk of [bytes.subarray(0, 1), ...splitEvery(bytes.subarray(1), 16 * size)]) {
      engine.push(chunk);
      out += engine.take().length;
    }
    engine.end();
    out += engine.take().length;
    expect(engine.tapeRecords).toBe(20_000);
    expect(out).toBeGreaterThan(1_000_000);
    expect(engine.outputBufferBytes).toBeLessThanOrEqual(1 << 16);
  });
});

describe("the output buffer when chunks seldom end between records", () => {
  it("starts again at its beginning between records (commit), so it does not grow with the stream", () => {
    // 300,000 appended records of {"n": i, "s": "x" * 40} (66 bytes each: 19.8 MB, 15 MB of
    // NDJSON) in chunks of 262,145 bytes: a chunk ends between two records once in 66 chunks
    // (17 MB), so take() never finds the buffer empty; without commit() moving the output not
    // taken to its start, the buffer doubled its way to 8 MiB.
    const count = 300_000;
    const bytes = Buffer.concat(Array.from({ length: count }, (_, n) => smallRecord(n)));
    const engine = new JsonEngine();
    const pieces: Uint8Array[] = [];
    let largest = 0;
    for (const chunk of splitEvery(bytes, 262_145)) {
      engine.push(chunk);
      pieces.push(engine.take());
      largest = Math.max(largest, engine.outputBufferBytes);
    }
    engine.end();
    pieces.push(engine.take());
    expect(largest).toBeLessThanOrEqual(1 << 22);
    const lines = Buffer.concat(pieces).toString("utf8").split("\n");
    expect(lines).toHaveLength(count + 1);
    for (const n of [0, 70_000, 123_457, count - 1]) expect(lines[n]).toBe(`{"n":${n},"s":"${"x".repeat(40)}"}`);
  });
});

describe("newOutputBytes", () => {
  it("makes every array take() returns, and each one's bytes are all the output's (none left from before)", () => {
    // 500 appended records of {"n": i, "f": i + 0.5, "s": "x" * 40}, protocol 4.
    const records = Array.from({ length: 500 }, (_, n) => {
      const float = Buffer.alloc(8);
      float.writeDoubleBE(n + 0.5);
      return Uint8Array.from([
        0x80, 0x04, 0x7d, 0x94, 0x28, 0x8c, 0x01, 0x6e, 0x94, 0x4a, n & 255, (n >> 8) & 255, 0, 0, 0x8c, 0x01, 0x66, 0x94, 0x47, ...float,
        0x8c, 0x01, 0x73, 0x94, 0x8c, 40, ...new Array(40).fill(0x78), 0x94, 0x75, 0x2e,
      ]);
    });
    const bytes = Buffer.concat(records);
    const expected = valuePath(bytes, {});
    expect(expected.error).toBeUndefined();
    const made: Uint8Array[] = [];
    // Memory that is not zeroed, as Buffer.allocUnsafeSlow may give: every byte must be set.
    const engine = new JsonEngine({
      newOutputBytes: (length) => {
        const array = new Uint8Array(length).fill(0xaa);
        made.push(array);
        return array;
      },
    });
    const taken: Uint8Array[] = [];
    for (const chunk of splitEvery(bytes, 7)) {
      engine.push(chunk);
      taken.push(engine.take());
    }
    engine.end();
    taken.push(engine.take());
    const pieces = taken.filter((piece) => piece.length > 0);
    expect(pieces.length).toBeGreaterThan(100);
    for (const piece of pieces) expect(made).toContain(piece);
    expect(Buffer.concat(taken).toString("utf8")).toBe(expected.text);
  });
});
