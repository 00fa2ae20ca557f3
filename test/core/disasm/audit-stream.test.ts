// AuditStream: the audit of input given in chunks is auditFile's for the same bytes, however they
// are cut, while it holds only the record being read (a long stream in bounded memory).
import { readdirSync, readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { dumps } from "@pkl-stream/core";
import { AuditStream, type AuditStreamOptions, auditFile, type FileAudit } from "@pkl-stream/core/disasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks, seededRandom, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { testPath } from "../../helpers/python.js";

const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });

/** Every file of the audit's fixture folders: library files (joblib, torch, npz...), attacks, benign samples, value fixtures. */
function fixtureFiles(): { name: string; bytes: Uint8Array }[] {
  const folders = ["fixtures/audit-corpus/libs", "fixtures/audit-corpus/samples", "fixtures/malicious", "fixtures/values"];
  return folders.flatMap((folder) =>
    readdirSync(testPath(folder))
      .filter((name) => /\.(pkl|joblib|npy|npz|pt)$/.test(name))
      .sort()
      .map((name) => ({ name: `${folder.split("/").pop()}/${name}`, bytes: new Uint8Array(readFileSync(testPath(`${folder}/${name}`))) })),
  );
}
const FILES = fixtureFiles();
const named = (suffix: string): Uint8Array => FILES.find((file) => file.name.endsWith(suffix))!.bytes;

function streamed(chunks: readonly Uint8Array[], options: AuditStreamOptions = {}): FileAudit {
  const stream = new AuditStream({ inflateRaw, ...options });
  for (const chunk of chunks) stream.push(chunk);
  return stream.end();
}
const whole = (bytes: Uint8Array, options: AuditStreamOptions = {}): FileAudit => auditFile(bytes, { inflateRaw, ...options });

describe("AuditStream", () => {
  it("finds the fixtures (the comparisons below are not empty)", () => {
    expect(FILES.length).toBeGreaterThan(300);
    expect(FILES.some((file) => file.name.endsWith(".joblib"))).toBe(true);
  });

  it.each(FILES.map((file) => [file.name, file.bytes] as const))("audits %s as auditFile does, in one chunk, in chunks of 1, 7 and 4096 bytes and in random ones", (_, bytes) => {
    const expected = whole(bytes);
    expect(streamed([bytes])).toEqual(expected);
    if (bytes.length <= 20_000) expect(streamed(splitEvery(bytes, 1))).toEqual(expected);
    expect(streamed(splitEvery(bytes, 7))).toEqual(expected);
    expect(streamed(splitEvery(bytes, 4096))).toEqual(expected);
    expect(streamed(splitRandomly(bytes, bytes.length, 300))).toEqual(expected);
  });

  it("audits files of appended fixtures (attacks, joblib arrays, broken records among them) as auditFile does (property)", () => {
    const pickles = FILES.filter((file) => !/\.(npy|npz|pt)$/.test(file.name));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: pickles.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 5000 }),
        (picks, seed, maxChunk) => {
          const bytes = concatChunks(picks.map((index) => pickles[index]!.bytes));
          expect(streamed(splitRandomly(bytes, seed, maxChunk), { maxRecordsKept: 3 })).toEqual(whole(bytes, { maxRecordsKept: 3 }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("audits bytes with random edits as auditFile does: the same verdict, records and error (property)", () => {
    const base = concatChunks([named("values/appended_mixed.pkl"), named("libs/joblib-tree.joblib"), named("malicious/eval-p2.pkl")]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (edits, seed) => {
          const bytes = base.slice();
          for (const [at, byte] of edits) bytes[at] = byte;
          expect(streamed(splitRandomly(bytes, seed, 200))).toEqual(whole(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("with one memo for all records, audits as auditFile does", () => {
    for (const name of ["values/appended_shared_memo.p2.pkl", "values/appended_shared_memo.p4.pkl", "samples/benign-shared-memo-data.pkl"]) {
      const bytes = named(name);
      expect(streamed(splitEvery(bytes, 5), { memo: "shared" })).toEqual(whole(bytes, { memo: "shared" }));
    }
  });

  it("keeps nothing of a chunk after push: a caller that reads every chunk into one array again gets the same report (property)", () => {
    const pickles = FILES.filter((file) => !/\.(npy|npz|pt)$/.test(file.name));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: pickles.length - 1 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3000 }),
        (picks, seed, maxChunk) => {
          const bytes = concatChunks(picks.map((index) => pickles[index]!.bytes));
          const reused = new Uint8Array(maxChunk);
          const stream = new AuditStream({ inflateRaw });
          for (const chunk of splitRandomly(bytes, seed, maxChunk)) {
            reused.set(chunk);
            stream.push(reused.subarray(0, chunk.length));
            reused.fill(0xff);
          }
          expect(stream.end()).toEqual(whole(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("holds only the record being read: a long stream's chunks are let go as their records are audited", () => {
    const record = (index: number): Uint8Array => dumps({ id: index, name: `row ${index}`, values: [index, index / 2, "x".repeat(index % 50)] });
    const stream = new AuditStream({ maxRecordsKept: 20 });
    const random = seededRandom(7);
    let largest = 0;
    let mostHeld = 0;
    for (let index = 0; index < 20_000; index++) {
      const bytes = record(index);
      largest = Math.max(largest, bytes.length);
      // Each record in two chunks, cut at a random place.
      const cut = Math.floor(random() * bytes.length);
      stream.push(bytes.subarray(0, cut));
      stream.push(bytes.subarray(cut));
      mostHeld = Math.max(mostHeld, stream.bytesHeld);
    }
    const audit = stream.end();
    expect(audit.summary.records).toBe(20_000);
    expect(audit.verdict).toBe("safe");
    // The first 512 bytes are held until a tar header (the longest container head) is ruled out.
    expect(mostHeld).toBeLessThanOrEqual(Math.max(2 * largest, 512));
  });

  it("gives each record audited with its bytes, which are the input's in order", () => {
    const bytes = concatChunks([named("values/appended_mixed.pkl"), named("malicious/eval-p2.pkl"), named("values/bools.p2.pkl")]);
    const seen: { index: number; offset: number; bytes: Uint8Array }[] = [];
    const audit = streamed(splitEvery(bytes, 3), {
      onRecord: (record, recordBytes) => seen.push({ index: record.recordIndex, offset: record.offset, bytes: recordBytes.slice() }),
    });
    expect(seen.map((entry) => entry.index)).toEqual(audit.records.map((record) => record.recordIndex));
    expect(seen.map((entry) => entry.offset)).toEqual(audit.records.map((record) => record.offset));
    expect(concatChunks(seen.map((entry) => entry.bytes))).toEqual(bytes);
  });

  it("stops reading at the first record with an error, as auditFile does, and keeps the records before it", () => {
    const good = named("values/appended_mixed.pkl");
    const bytes = concatChunks([good, Uint8Array.of(0x80, 0x04, 0xff), good]);
    const audit = streamed(splitEvery(bytes, 11));
    expect(audit).toEqual(whole(bytes));
    expect(audit.error).toMatchObject({ code: "UNKNOWN_OPCODE", offset: good.length + 2 });
    expect(audit.records.slice(0, -1).every((record) => record.isComplete)).toBe(true);
  });

  it("audits an empty input and one shorter than a container's magic as auditFile does", () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0x4e, 0x2e), Uint8Array.of(0x50, 0x4b), Uint8Array.of(0x80)]) {
      expect(streamed(splitEvery(bytes, 1))).toEqual(whole(bytes));
    }
  });
});
