/**
 * The audit of many records summed up: how many records got each verdict, the opcodes, imports,
 * calls and findings over all of them. This is what a long stream's audit reports, because a
 * report for each of 400k appended records is too long to read and too large to keep in memory.
 * The summer folds each record as it is audited and keeps one entry per distinct name.
 */
import { type OpcodeName, opcodeByCode, opcodeByName } from "../opcodes/table.js";
import type { AuditCall, AuditFinding, AuditImport, RecordAudit } from "./audit.js";
import type { Verdict } from "./dangerous-globals.js";
import { countsOf } from "./opcode-counts.js";

/** Where an import, call or finding first occurs, and in how many records it occurs. */
export interface SummedAt {
  /** The record of the first occurrence (its `offset` is the first occurrence's). */
  readonly recordIndex: number;
  /** How many records have it (`count` is how many times it occurs in all). */
  readonly records: number;
}

export type SummedImport = AuditImport & SummedAt;
export type SummedCall = AuditCall & SummedAt;
export type SummedFinding = AuditFinding & SummedAt;

export interface AuditSummary {
  /** Records audited, complete or not. */
  readonly records: number;
  /** How many records got each verdict. */
  readonly verdicts: Readonly<Record<Verdict, number>>;
  /** How many records have each PROTO protocol (`"none"`: protocols 0 and 1, which have no PROTO). */
  readonly protocols: Readonly<Record<string, number>>;
  /** The smallest and the largest record in bytes (0 when there are no records). */
  readonly minByteLength: number;
  readonly maxByteLength: number;
  /** The deepest container nesting (RecordAudit.maxNesting) and the largest memo of any record. */
  readonly maxNesting: number;
  readonly maxMemoSize: number;
  /** How many times each opcode occurs in all records. */
  readonly opcodeCounts: Readonly<Partial<Record<OpcodeName, number>>>;
  readonly imports: readonly SummedImport[];
  readonly calls: readonly SummedCall[];
  readonly findings: readonly SummedFinding[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Folds records' audits into an `AuditSummary`, in the order the records come. */
export class AuditSummer {
  private records = 0;
  private readonly verdicts: Record<Verdict, number> = { safe: 0, unknown: 0, dangerous: 0 };
  private readonly protocols: Record<string, number> = Object.create(null);
  private minByteLength = Number.POSITIVE_INFINITY;
  private maxByteLength = 0;
  private maxNesting = 0;
  private maxMemoSize = 0;
  /** Summed by opcode byte, not by name: a keyed store per opcode per record was 7% of an audit. */
  private readonly opcodeCounts = new Float64Array(256);
  private readonly imports = new SummedEntries<SummedImport>((a, b) => a.module === b.module && a.name === b.name && a.verdict === b.verdict);
  private readonly calls = new SummedEntries<SummedCall>((a, b) => a.opcode === b.opcode && a.verdict === b.verdict);
  private readonly findings = new SummedEntries<SummedFinding>((a, b) => a.verdict === b.verdict);

  add(record: RecordAudit): void {
    this.records++;
    this.verdicts[record.verdict]++;
    const protocol = record.protocol === null ? "none" : String(record.protocol);
    this.protocols[protocol] = (this.protocols[protocol] ?? 0) + 1;
    if (record.byteLength < this.minByteLength) this.minByteLength = record.byteLength;
    if (record.byteLength > this.maxByteLength) this.maxByteLength = record.byteLength;
    if (record.maxNesting > this.maxNesting) this.maxNesting = record.maxNesting;
    if (record.memoSize > this.maxMemoSize) this.maxMemoSize = record.memoSize;
    const counts = record.opcodeCounts;
    const compact = countsOf(counts);
    if (compact !== undefined) {
      // The audit's own count object: its codes and counts as arrays (no name looked up).
      const { codes } = compact;
      for (let i = 0; i < codes.length; i++) this.opcodeCounts[codes[i]!]! += compact.counts[i]!;
    } else {
      for (const name in counts) this.opcodeCounts[opcodeByName(name)!.code]! += counts[name as OpcodeName]!;
    }
    // Every field that tells entries apart is compared, so a summed entry says one thing.
    for (const entry of record.imports) this.imports.add(entry.qualname, entry, record.recordIndex);
    for (const call of record.calls) this.calls.add(call.target, call, record.recordIndex);
    for (const finding of record.findings) this.findings.add(finding.reason, finding, record.recordIndex);
  }

  /** The counts by name, in opcode byte order, as a record's are. */
  private namedCounts(): Partial<Record<OpcodeName, number>> {
    const named: Partial<Record<OpcodeName, number>> = {};
    for (let code = 0; code < 256; code++) {
      const count = this.opcodeCounts[code]!;
      if (count > 0) named[opcodeByCode(code)!.name] = count;
    }
    return named;
  }

  summary(): AuditSummary {
    return {
      records: this.records,
      verdicts: { ...this.verdicts },
      protocols: { ...this.protocols },
      minByteLength: this.records === 0 ? 0 : this.minByteLength,
      maxByteLength: this.maxByteLength,
      maxNesting: this.maxNesting,
      maxMemoSize: this.maxMemoSize,
      opcodeCounts: this.namedCounts(),
      imports: [...this.imports.list],
      calls: [...this.calls.list],
      findings: [...this.findings.list],
    };
  }
}

/** The summary of `records`, folded in order. */
export function summarize(records: readonly RecordAudit[]): AuditSummary {
  const summer = new AuditSummer();
  for (const record of records) summer.add(record);
  return summer.summary();
}

/**
 * Summed entries in the order first seen, found by one field (a qualname, a call's target, a
 * reason) and told apart by the rest (`isSame`). The qualnames and targets are the audit's own
 * strings, the same objects record after record, so V8 keeps their hashes: a key joined from all
 * the fields was a new string to hash for every import and call of every record (5% of a stream's
 * audit).
 */
class SummedEntries<S extends { count: number; records: number }> {
  readonly list: Mutable<S>[] = [];
  private readonly byField = new Map<string | null, Mutable<S>[]>();

  constructor(private readonly isSame: (seen: S, entry: Omit<S, keyof SummedAt>) => boolean) {}

  add(field: string | null, entry: Omit<S, keyof SummedAt>, recordIndex: number): void {
    let group = this.byField.get(field);
    if (group === undefined) this.byField.set(field, (group = []));
    for (const seen of group) {
      if (this.isSame(seen, entry)) {
        seen.count += entry.count;
        seen.records++;
        return;
      }
    }
    const summed = { ...entry, recordIndex, records: 1 } as unknown as Mutable<S>;
    group.push(summed);
    this.list.push(summed);
  }
}
