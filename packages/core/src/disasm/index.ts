// `@pkl-stream/core/disasm`: reading a pickle without loading it: opcodes one by one (`genops`),
// pickletools-style listings (`dis`) and the security audit behind `pkl-stream inspect`.
export { genops } from "./genops.js";
export type { GenopsOptions, OpArg, PickleOp } from "./genops.js";
export { dis, disAllLines, disLines } from "./dis.js";
export type { DisAllOptions, DisMemo, DisOptions } from "./dis.js";
export { auditPickle } from "./audit.js";
export type {
  AuditCall,
  AuditError,
  AuditFinding,
  AuditImport,
  AuditOptions,
  PickleAudit,
  RecordAudit,
  RecordBytesListener,
  Verdict,
} from "./audit.js";
export { summarize } from "./audit-summary.js";
export type { AuditSummary, SummedAt, SummedCall, SummedFinding, SummedImport } from "./audit-summary.js";
export { auditedAsRaw, auditFile, looksLikeNpy, unsupportedError } from "./audit-file.js";
export { FileEnds } from "../containers/file-ends.js";
export type { AuditFileOptions, AuditMember, FileAudit } from "./audit-file.js";
export { AuditStream } from "./audit-stream.js";
export type { AuditStreamOptions } from "./audit-stream.js";
