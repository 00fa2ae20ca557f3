// A record's opcode counts by name: records that count the same share one frozen object (the
// audit of a long stream builds it once), records that count differently never do, and the
// summary sums shared and unshared objects alike.
import { dumps } from "@pkl-stream/core";
import { auditPickle, genops, type RecordAudit, summarize } from "@pkl-stream/core/disasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks } from "../../helpers/chunks.js";

/** Each opcode's count in the record, as genops reads it: what the audit must report. */
function countsByGenops(bytes: Uint8Array, start: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of genops(bytes, { start })) counts[op.info.name] = (counts[op.info.name] ?? 0) + 1;
  return counts;
}

const sortedEntries = (counts: Record<string, number>): string => JSON.stringify(Object.entries(counts).sort());

const plainValue = fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 4 }), fc.constant(null), fc.double({ noNaN: true }));
const record = fc.dictionary(fc.constantFrom("a", "b", "c"), fc.oneof(plainValue, fc.array(plainValue, { maxLength: 3 })), { maxKeys: 3 }).map((entries) => ({ ...entries }));

describe("a record's opcode counts", () => {
  it("are genops' counts, one frozen object for records that count the same, never for records that differ", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), fc.constantFrom(2, 3, 4, 5 as const), (values, protocol) => {
        const pickles = values.map((value) => dumps(value, { protocol }));
        const bytes = concatChunks(pickles);
        const audit = auditPickle(bytes);
        const expected = audit.records.map((audited) => countsByGenops(bytes, audited.offset));
        audit.records.forEach((audited, index) => {
          expect({ ...audited.opcodeCounts }).toEqual(expected[index]);
          expect(Object.isFrozen(audited.opcodeCounts)).toBe(true);
        });
        for (let i = 0; i < audit.records.length; i++) {
          for (let j = i + 1; j < audit.records.length; j++) {
            const isSame = sortedEntries(expected[i]!) === sortedEntries(expected[j]!);
            if (!isSame) expect(audit.records[i]!.opcodeCounts).not.toBe(audit.records[j]!.opcodeCounts);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keep their keys in opcode byte order and the highest opcode protocol of the record", () => {
    const bytes = concatChunks([dumps({ a: 1, b: [true, "x"] }, { protocol: 5 }), dumps({ a: 2, b: [false, "y"] }, { protocol: 5 })]);
    const [first, second] = auditPickle(bytes).records as [RecordAudit, RecordAudit];
    const codes = Object.keys(first.opcodeCounts).map((name) => [...genops(bytes)].find((op) => op.info.name === name)!.info.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(first.highestOpcodeProtocol).toBe(4);
    // `True` and `False` are different opcodes: the two records count differently.
    expect(second.opcodeCounts).not.toBe(first.opcodeCounts);
    expect(second.opcodeCounts.NEWFALSE).toBe(1);
    expect(first.opcodeCounts.NEWFALSE).toBeUndefined();
  });

  it("shared or not, sum to the same summary", () => {
    const bytes = concatChunks(Array.from({ length: 40 }, (_, index) => dumps({ id: index % 3 === 0 ? 2 ** 20 : index, ok: index % 2 === 0 })));
    const audit = auditPickle(bytes);
    const shared = new Set(audit.records.map((audited) => audited.opcodeCounts));
    expect(shared.size).toBeLessThan(audit.records.length);
    // The same records with count objects of their own (not the audit's): the summer's other path.
    const copies = audit.records.map((audited) => ({ ...audited, opcodeCounts: { ...audited.opcodeCounts } }));
    expect(summarize(copies)).toEqual(audit.summary);
    expect(audit.summary.opcodeCounts.STOP).toBe(40);
    expect(audit.summary.opcodeCounts.NEWTRUE).toBe(20);
  });
});
