import type { AuditCall, AuditImport, AuditSummary, FileAudit, PickleAudit, RecordAudit, SummedAt, Verdict } from "@pkl-stream/core/disasm";

const VERDICTS: readonly Verdict[] = ["safe", "unknown", "dangerous"];

/**
 * A file of more records than this is summed up, with only its records that are not safe listed
 * (at most this many): 400k appended records would print 1.6M lines and hold every record's
 * report in memory (1.4 GB for a 71 MB log). `--records` lists every record.
 */
export const LISTED_RECORDS = 20;

/** How a summed-up report points to the full listing. */
const RECORDS_HINT = "(--records lists every record)";

/**
 * The human report of one file's audit, in pieces to write in turn: a verdict line, then each
 * record's facts, indented; or, when the audit kept only the records that are not safe (a long
 * stream), the sum over all records and then the records that are not safe.
 */
export function* formatAudit(name: string, audit: PickleAudit | FileAudit, errorText?: string): Generator<string> {
  const records = audit.summary.records;
  let head = `${name}: ${audit.verdict} (${records} record${records === 1 ? "" : "s"}, ${audit.byteLength} bytes)\n`;
  const container = "container" in audit ? audit.container : null;
  if (container !== null) {
    const audited = container.members.filter((member) => member.kind !== "data");
    const names = audited.map((member) => `${member.name ?? "(the file)"} [${member.verdict}]`).join(", ");
    head += `  ${container.format}: ${names === "" ? "no pickle inside" : `audited ${names}`}\n`;
  }
  yield head;
  if (audit.recordsKept === "not-safe") yield formatSummary(audit.summary, audit.records.length);
  for (const record of audit.records) yield formatRecord(record);
  if (audit.recordsKept === "not-safe") {
    const left = notSafeCount(audit.summary) - audit.records.length;
    if (left > 0) yield `  ... and ${left} more ${notSafeRecords(left)} ${RECORDS_HINT}\n`;
  }
  if (audit.error !== null) {
    const { recordIndex, offset, reason, opcode } = audit.error;
    yield `  error: ${errorText ?? `record ${recordIndex} at byte ${offset}: ${reason}${opcode === null ? "" : ` (opcode ${opcode})`}`}\n`;
  }
}

/**
 * All records summed up: verdicts, protocols, sizes, opcodes, imports, calls and findings, each
 * with how many records have it; then a line that heads the records listed after it.
 */
function formatSummary(summary: AuditSummary, listed: number): string {
  const verdicts = VERDICTS.filter((verdict) => summary.verdicts[verdict] > 0).map((verdict) => `${summary.verdicts[verdict]} ${verdict}`);
  const protocols = Object.entries(summary.protocols)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([protocol, count]) => `${protocol === "none" ? NO_PROTO : `protocol ${protocol}`} x${count}`);
  const lines = [
    `  all ${summary.records} records: ${verdicts.join(", ")}; ${protocols.join(", ")}; ${summary.minByteLength} to ${summary.maxByteLength} bytes, ` +
      `nesting up to ${summary.maxNesting}, memo up to ${summary.maxMemoSize}`,
    `    opcodes: ${formatCounts(summary.opcodeCounts)}`,
  ];
  if (summary.imports.length > 0) lines.push(`    imports: ${summary.imports.map((entry) => `${formatImport(entry)} (${inRecords(entry)})`).join(", ")}`);
  if (summary.calls.length > 0) lines.push(`    calls:   ${summary.calls.map((call) => `${formatCall(call)} (${inRecords(call)})`).join(", ")}`);
  for (const finding of summary.findings) {
    const more = finding.count > 1 ? `; x${finding.count} in ${finding.records} record${finding.records === 1 ? "" : "s"}` : "";
    lines.push(`    ${finding.verdict}: ${finding.reason} (${finding.opcode} at byte ${finding.offset} in record ${finding.recordIndex}${more})`);
  }
  const notSafe = notSafeCount(summary);
  lines.push(
    notSafe === 0
      ? `  each record is safe ${RECORDS_HINT}`
      : `  the ${listed === notSafe ? "" : `first ${listed} of the `}${notSafe} ${notSafeRecords(notSafe)} ${RECORDS_HINT}:`,
  );
  return `${lines.join("\n")}\n`;
}

function notSafeCount(summary: AuditSummary): number {
  return summary.records - summary.verdicts.safe;
}

function notSafeRecords(count: number): string {
  return count === 1 ? "record that is not safe" : "records that are not safe";
}

/** `in record 17` for one record, `in 2 records, first record 17` for several. */
function inRecords(entry: SummedAt): string {
  return entry.records === 1 ? `in record ${entry.recordIndex}` : `in ${entry.records} records, first record ${entry.recordIndex}`;
}

/** A record without PROTO: what its protocol may be (a protocol 0 or 1 pickler writes none). */
const NO_PROTO = "no PROTO opcode (protocol 0 or 1)";

/**
 * A record's protocol: its PROTO's; without one, protocol 0 or 1, unless its opcodes are newer
 * (a crafted pickle: CPython's pickler writes PROTO from protocol 2 on), or it has no opcode at all.
 */
function formatProtocol(record: RecordAudit): string {
  if (record.protocol !== null) return `protocol ${record.protocol}`;
  const highest = record.highestOpcodeProtocol;
  if (highest === null) return "no PROTO opcode (no opcode at all)";
  return highest <= 1 ? NO_PROTO : `no PROTO opcode, yet opcodes of protocol ${highest}`;
}

function formatRecord(record: RecordAudit): string {
  const protocol = formatProtocol(record);
  const lines = [
    `  record ${record.recordIndex} at byte ${record.offset}: ${record.verdict}, ${protocol}, ${record.byteLength} bytes, ` +
      `nesting ${record.maxNesting}, memo ${record.memoSize}${record.isComplete ? "" : ", incomplete"}`,
    `    opcodes: ${formatCounts(record.opcodeCounts)}`,
  ];
  if (record.imports.length > 0) lines.push(`    imports: ${record.imports.map(formatImport).join(", ")}`);
  if (record.calls.length > 0) lines.push(`    calls:   ${record.calls.map(formatCall).join(", ")}`);
  for (const finding of record.findings) {
    lines.push(`    ${finding.verdict}: ${finding.reason} (${finding.opcode} at byte ${finding.offset}${times(finding.count)})`);
  }
  return `${lines.join("\n")}\n`;
}

/** Opcode counts, most frequent first (ties by name). */
function formatCounts(counts: Readonly<Partial<Record<string, number>>>): string {
  const entries = Object.entries(counts) as [string, number][];
  // Input that is no pickle fails on its first byte: said, not an empty list.
  if (entries.length === 0) return "none";
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.map(([name, count]) => `${name} ${count}`).join(", ");
}

function formatImport(entry: AuditImport): string {
  const name = entry.qualname ?? "<computed at load time>";
  return `${name} [${entry.verdict}]${times(entry.count)}`;
}

function formatCall(call: AuditCall): string {
  return `${call.opcode} ${call.target ?? "<computed at load time>"} [${call.verdict}]${times(call.count)}`;
}

function times(count: number): string {
  return count > 1 ? ` x${count}` : "";
}
