import { auditPickle } from "@pkl-stream/core/disasm";
import type { BatchAudit, VerdictReason } from "../protocol.js";

/**
 * `pkl-stream inspect`'s audit of whole records that sit at `start` in the file, the first being
 * record `first`, reduced to the verdict and its reasons (one per distinct reason).
 */
export function auditBatch(bytes: Uint8Array, first: number, start: number): BatchAudit {
  const audit = auditPickle(bytes);
  const reasons: VerdictReason[] = [];
  for (const record of audit.records) {
    for (const finding of record.findings) {
      reasons.push({ verdict: finding.verdict, reason: finding.reason, record: first + record.recordIndex, offset: start + finding.offset, count: finding.count });
    }
  }
  if (audit.error !== null) {
    reasons.push({ verdict: "unknown", reason: audit.error.reason, record: first + audit.error.recordIndex, offset: start + audit.error.offset, count: 1 });
  }
  return { verdict: audit.verdict, reasons };
}
