import { auditPickle } from "@pkl-stream/core/disasm";
import type { BatchAudit, VerdictReason } from "../protocol.js";
import { errorText, shorten } from "./text.js";

/**
 * `pkl-stream inspect`'s audit of whole records that sit at `start` in the file, the first being
 * record `first`, reduced to the verdict and its reasons (one per distinct reason). A reason quotes
 * the pickle (a class name can be 20 MB), so it is shortened here, before it reaches the page. An
 * audit that throws gives the verdict unknown with the error as its reason: the page must still
 * get an answer for the batch, or its verdict would stay "so far" for ever.
 */
export function auditBatch(bytes: Uint8Array, first: number, start: number): BatchAudit {
  try {
    return auditRecords(bytes, first, start);
  } catch (error) {
    return { verdict: "unknown", reasons: [{ verdict: "unknown", reason: `the audit failed: ${errorText(error)}`, record: first, offset: start, count: 1 }] };
  }
}

function auditRecords(bytes: Uint8Array, first: number, start: number): BatchAudit {
  const audit = auditPickle(bytes);
  const reasons: VerdictReason[] = [];
  for (const record of audit.records) {
    for (const finding of record.findings) {
      reasons.push({ verdict: finding.verdict, reason: shorten(finding.reason), record: first + record.recordIndex, offset: start + finding.offset, count: finding.count });
    }
  }
  if (audit.error !== null) {
    reasons.push({ verdict: "unknown", reason: shorten(audit.error.reason), record: first + audit.error.recordIndex, offset: start + audit.error.offset, count: 1 });
  }
  return { verdict: audit.verdict, reasons };
}
