import type { AuditCall, AuditImport, FileAudit, PickleAudit, RecordAudit } from "@pkl-stream/core/disasm";

/** The human report of one file's audit: a verdict line, then each record's facts, indented. */
export function formatAudit(name: string, audit: PickleAudit | FileAudit): string {
  const records = audit.records.length;
  let text = `${name}: ${audit.verdict} (${records} record${records === 1 ? "" : "s"}, ${audit.byteLength} bytes)\n`;
  const container = "container" in audit ? audit.container : null;
  if (container !== null) {
    const audited = container.members.filter((member) => member.kind !== "data");
    const names = audited.map((member) => `${member.name ?? "(the file)"} [${member.verdict}]`).join(", ");
    text += `  ${container.format}: ${names === "" ? "no pickle inside" : `audited ${names}`}\n`;
  }
  for (const record of audit.records) text += formatRecord(record);
  if (audit.error !== null) {
    const { recordIndex, offset, reason, opcode } = audit.error;
    text += `  error: record ${recordIndex} at byte ${offset}: ${reason}${opcode === null ? "" : ` (opcode ${opcode})`}\n`;
  }
  return text;
}

function formatRecord(record: RecordAudit): string {
  const protocol = record.protocol === null ? `protocol ${record.highestOpcodeProtocol} (no PROTO)` : `protocol ${record.protocol}`;
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
