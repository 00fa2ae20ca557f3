// The audit of a long stream: its summary is every record's audit summed up, and with
// `maxRecordsKept` it keeps only the records that are not safe, with the same summary.
import { readFileSync } from "node:fs";
import { dumps } from "@pkl-stream/core";
import { auditFile, auditPickle, genops, type PickleAudit, type RecordAudit, summarize } from "@pkl-stream/core/disasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks } from "../../helpers/chunks.js";
import { testPath } from "../../helpers/python.js";

const DANGEROUS = new Uint8Array(readFileSync(testPath("fixtures/malicious/os-system-reduce-p4.pkl")));
const safeRecord = (index: number): Uint8Array => dumps({ id: index, name: `row ${index}`, tags: ["a", index % 3 === 0 ? "b" : "c"] });

/** A stream of appended records, `dangerous` at the indices given, safe ones elsewhere. */
function stream(length: number, dangerous: ReadonlySet<number>): Uint8Array {
  return concatChunks(Array.from({ length }, (_, index) => (dangerous.has(index) ? DANGEROUS : safeRecord(index))));
}

const notSafe = (records: readonly RecordAudit[]): RecordAudit[] => records.filter((record) => record.verdict !== "safe");

describe("the audit's summary", () => {
  it("sums every record: verdicts, protocols, sizes, opcodes, and each import, call and finding once, with its first record", () => {
    const audit = auditPickle(stream(6, new Set([2, 4])));
    const { summary } = audit;
    expect(summary.records).toBe(6);
    expect(summary.verdicts).toEqual({ safe: 4, unknown: 0, dangerous: 2 });
    expect(summary.protocols).toEqual({ "4": 2, "5": 4 });
    expect(summary.minByteLength).toBe(Math.min(...audit.records.map((record) => record.byteLength)));
    expect(summary.maxByteLength).toBe(Math.max(...audit.records.map((record) => record.byteLength)));
    expect(summary.opcodeCounts.STOP).toBe(6);
    expect(summary.opcodeCounts.PROTO).toBe(6);
    const [system] = summary.imports;
    expect(system).toMatchObject({ qualname: "posix.system", verdict: "dangerous", count: 2, records: 2, recordIndex: 2, offset: audit.records[2]!.imports[0]!.offset });
    expect(summary.calls).toEqual([expect.objectContaining({ opcode: "REDUCE", target: "posix.system", count: 2, records: 2, recordIndex: 2 })]);
    expect(summary.findings.map((finding) => [finding.verdict, finding.records, finding.recordIndex])).toEqual([
      ["dangerous", 2, 2],
      ["dangerous", 2, 2],
    ]);
  });

  it("counts each record's opcodes in byte order, as the report lists them", () => {
    const bytes = stream(3, new Set([1]));
    for (const record of auditPickle(bytes).records) {
      const codeOf = new Map<string, number>();
      for (const op of genops(bytes, { start: record.offset })) codeOf.set(op.info.name, op.info.code);
      const codes = Object.keys(record.opcodeCounts).map((name) => codeOf.get(name)!);
      expect(codes).toEqual([...codes].sort((a, b) => a - b));
    }
  });

  it("is the same summary as summarize() of the records, for an empty input, one record and an error", () => {
    const broken = concatChunks([safeRecord(1), DANGEROUS.subarray(0, 20)]);
    for (const bytes of [new Uint8Array(0), safeRecord(1), stream(3, new Set([1])), broken]) {
      const audit = auditPickle(bytes);
      expect(audit.recordsKept).toBe("all");
      expect(audit.summary).toEqual(summarize(audit.records));
    }
    expect(auditPickle(broken).summary.verdicts).toEqual({ safe: 1, unknown: 1, dangerous: 0 });
  });
});

describe("maxRecordsKept", () => {
  it("keeps every record while there are at most that many", () => {
    const bytes = stream(5, new Set([1]));
    const audit = auditPickle(bytes, { maxRecordsKept: 5 });
    expect(audit.recordsKept).toBe("all");
    expect(audit).toEqual(auditPickle(bytes));
  });

  it("past that many, keeps only the records that are not safe, with the full audit's summary and verdict", () => {
    const bytes = stream(30, new Set([0, 7, 29]));
    const full = auditPickle(bytes);
    const kept = auditPickle(bytes, { maxRecordsKept: 5 });
    expect(kept.recordsKept).toBe("not-safe");
    expect(kept.records).toEqual(notSafe(full.records));
    expect(kept.summary).toEqual(full.summary);
    expect(kept.verdict).toBe(full.verdict);
  });

  it("keeps at most that many records that are not safe", () => {
    const bytes = stream(12, new Set([1, 2, 3, 4, 5, 6]));
    const kept = auditPickle(bytes, { maxRecordsKept: 4 });
    expect(kept.records.map((record) => record.recordIndex)).toEqual([1, 2, 3, 4]);
    expect(kept.summary.verdicts.dangerous).toBe(6);
  });

  it("keeps the record that ends in an error, which is not safe", () => {
    const bytes = concatChunks([stream(8, new Set()), DANGEROUS.subarray(0, 20)]);
    const kept = auditPickle(bytes, { maxRecordsKept: 3 });
    expect(kept.records.map((record) => [record.recordIndex, record.isComplete])).toEqual([[8, false]]);
    expect(kept.error?.recordIndex).toBe(8);
  });

  it("is what auditFile does for a plain file", () => {
    const bytes = stream(10, new Set([4]));
    const file = auditFile(bytes, { maxRecordsKept: 2 });
    const { container: _, ...pickle } = file;
    expect(pickle).toEqual(auditPickle(bytes, { maxRecordsKept: 2 }) satisfies PickleAudit);
  });

  it("rejects a negative count", () => {
    expect(() => auditPickle(safeRecord(1), { maxRecordsKept: -1 })).toThrow(RangeError);
  });

  it("keeps the first not-safe records of the full audit and its summary, for any stream and any limit (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), fc.nat({ max: 12 }), (isDangerous, limit) => {
        const dangerous = new Set(isDangerous.flatMap((flag, index) => (flag ? [index] : [])));
        const bytes = stream(isDangerous.length, dangerous);
        const full = auditPickle(bytes);
        const kept = auditPickle(bytes, { maxRecordsKept: limit });
        expect(kept.summary).toEqual(full.summary);
        expect(kept.verdict).toBe(full.verdict);
        if (isDangerous.length <= limit) expect(kept.records).toEqual(full.records);
        else expect(kept.records).toEqual(notSafe(full.records).slice(0, limit));
      }),
      { numRuns: 150 },
    );
  });
});
