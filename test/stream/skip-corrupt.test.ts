import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CorruptSpan, type PickleRecordInfo, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, jsonOf, makeTempDir, recordOffsets, writeRecords } from "./python.js";

/** A small seeded generator (mulberry32), so every run corrupts the same bytes. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readSkipping(bytes: Uint8Array, chunkSize: number): Promise<{ records: PickleRecordInfo[]; spans: CorruptSpan[] }> {
  const spans: CorruptSpan[] = [];
  const records: PickleRecordInfo[] = [];
  const options = { metadata: true, skipCorrupt: true, onCorrupt: (span: CorruptSpan) => spans.push(span) } as const;
  for await (const record of readPickles(inChunks(bytes, chunkSize), options)) records.push(record);
  return { records, spans };
}

describe.runIf(hasPython)("skipCorrupt", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);

  describe.each([
    ["protocol 0", [0]],
    ["protocol 2", [2]],
    ["protocol 4 (framed)", [4]],
    ["protocols 0 to 5 mixed", [0, 1, 2, 3, 4, 5]],
  ])("on 1,000 appended records, %s", (_name, protocols) => {
    const path = join(dir, `records-${protocols.join("")}.pkl`);
    const expected = writeRecords(path, 1000, protocols);
    const starts = recordOffsets(path);
    const bytes = readFileSync(path);
    const random = seeded(protocols.length * 1000 + protocols[0]!);
    const cases = Array.from({ length: 16 }, (_, i) => {
      const offset = Math.floor(random() * bytes.length);
      const runLength = i % 3 === 0 ? 1 + Math.floor(random() * 40) : 1;
      return { offset, runLength, fill: Math.floor(random() * 256), chunkSize: [61, 509, 4096][i % 3]! };
    });

    it.each(cases)("delivers every record the corruption at byte $offset (x$runLength) did not touch, in order", async (c) => {
      const bad = Uint8Array.from(bytes);
      const end = Math.min(c.offset + c.runLength, bad.length);
      for (let at = c.offset; at < end; at++) bad[at] = (bad[at]! + 1 + c.fill) & 0xff;
      const { records, spans } = await readSkipping(bad, c.chunkSize);
      const byOffset = new Map(records.map((record) => [record.offset, record]));
      for (let i = 0; i < expected.length; i++) {
        const isTouched = starts[i]! < end && c.offset < starts[i + 1]!;
        if (isTouched) continue;
        const record = byOffset.get(starts[i]!);
        expect(record, `record ${i} at ${starts[i]}`).toBeDefined();
        expect(jsonOf(record!.value)).toBe(expected[i]);
        expect(record!.length).toBe(starts[i + 1]! - starts[i]!);
      }
      const offsets = records.map((record) => record.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(records.map((record) => record.index)).toEqual(records.map((_, i) => i));
      for (const span of spans) {
        // A reported stretch never covers a record that was delivered.
        expect(records.some((r) => r.offset < span.offset + span.length && span.offset < r.offset + r.length)).toBe(false);
      }
    });
  });

  it("reports a cut last record as a stretch reaching the end, not as an error", async () => {
    const path = join(dir, "cut.pkl");
    const expected = writeRecords(path, 40, [3]);
    const starts = recordOffsets(path);
    const bytes = readFileSync(path).subarray(0, starts[39]! + 5);
    const { records, spans } = await readSkipping(bytes, 100);
    expect(records.map((r) => jsonOf(r.value))).toEqual(expected.slice(0, 39));
    expect(spans).toEqual([expect.objectContaining({ offset: starts[39], length: 5, code: "TRUNCATED" })]);
  });

  it("makes no records of input that is no pickle: an ELF binary with PROTO-like bytes, a PNG, text", async () => {
    // Bytes that decode by chance (an opcode byte, then a few more, then "." STOP) once came out as
    // records: only PROTO starts a record until a record without one has decoded.
    const elf = new Uint8Array(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46], 0);
    elf.set([0x4e, 0x2e, 0x4b, 0x07, 0x2e, 0x5d, 0x2e], 100); // None. / 7. / []. mid-file
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode("IHDR]."), 0, 0]);
    const text = new TextEncoder().encode("name,count\nN.,1\n].,2\n");
    for (const bytes of [elf, png, text]) {
      const { records, spans } = await readSkipping(bytes, 64);
      expect(records).toEqual([]);
      expect(spans).toEqual([expect.objectContaining({ offset: 0, length: bytes.length })]);
    }
  });

  it("finds protocol 0 records after a bad stretch once a protocol 0 record has decoded", async () => {
    const encoder = new TextEncoder();
    const bytes = encoder.encode("(dp0\nVi\np1\nI0\ns.garbage!!(dp0\nVi\np1\nI1\ns.");
    const { records, spans } = await readSkipping(bytes, 5);
    expect(records.map((r) => jsonOf(r.value))).toEqual(['{"i":0}', '{"i":1}']);
    expect(spans).toEqual([expect.objectContaining({ offset: 16, length: 9 })]);
  });

  it("reports garbage between records and resumes at the next record", async () => {
    const path = join(dir, "garbage.pkl");
    const expected = writeRecords(path, 30, [2, 0, 5]);
    const starts = recordOffsets(path);
    const bytes = readFileSync(path);
    const garbage = new Uint8Array(300).fill(0xff);
    const joined = new Uint8Array(bytes.length + garbage.length);
    joined.set(bytes.subarray(0, starts[10]!), 0);
    joined.set(garbage, starts[10]!);
    joined.set(bytes.subarray(starts[10]!), starts[10]! + garbage.length);
    const { records, spans } = await readSkipping(joined, 77);
    expect(records.map((r) => jsonOf(r.value))).toEqual(expected);
    expect(spans).toEqual([expect.objectContaining({ offset: starts[10], length: 300, code: "UNKNOWN_OPCODE" })]);
  });
});
