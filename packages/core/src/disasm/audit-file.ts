/**
 * `auditFile`: the audit of a file as the libraries write them. A plain pickle (or stream of
 * pickles) is audited as `auditPickle` does; containers are opened first, so the pickles inside
 * are what gets judged:
 *
 * - a zip archive (`torch.save`'s default format, numpy's `.npz`, pandas' `to_pickle("x.zip")`):
 *   in a torch archive every `.pkl` member (`<name>/data.pkl` and its siblings) as a pickle, raw
 *   storages (`<name>/data/0`) and text skipped; a TorchScript archive (`constants.pkl`, `code/`)
 *   is never safe: torch.jit.load compiles and runs its code;
 *   in any other, every member with the `.npy` magic as below and every other member as a pickle;
 * - a `.npy` file: an object array (dtype with `O`) carries a pickle after the header, audited;
 *   any other dtype is raw numbers, `safe`;
 * - a legacy `torch.save` file: its five pickles (magic, protocol, sys info, object, storage
 *   keys); the raw storage bytes after them are not pickles;
 * - a tar archive (torch's oldest format, which `torch.load` tries first on a file it can seek):
 *   every member as a pickle, and the file itself as one (`pickle.load` reads it so, and a file
 *   can be both), the worst verdict of all, and at least `unknown` (torch reads raw bytes between
 *   the pickles of its `storages` member, by lengths only it knows).
 *
 * A file is also held to every other way a library reads it: torch.load reads any file that does
 * not start with a zip's local header as a tar first, and zipfile an archive at any file's end.
 *
 * Record, finding and error offsets of stored members are absolute in the file; members that are
 * deflated count offsets inside the member (the member's name is in every reason either way).
 */
import { isTorchDataMember, looksLikeLegacyTorch } from "../containers/torch-file.js";
import { looksLikeTar, tarMembers } from "../containers/tar.js";
import { endsLikeZip, looksLikeZip, ZipArchive, type ZipOptions } from "../containers/zip.js";
import { PickleError } from "../errors.js";
import { type AuditOptions, auditPickle, auditTorchPickle, type PickleAudit, type RecordAudit } from "./audit.js";
import { summarize } from "./audit-summary.js";
import { type Verdict, worstVerdict } from "./dangerous-globals.js";

export interface AuditFileOptions extends AuditOptions, Pick<ZipOptions, "inflateRaw"> {}

/** A pickle found inside a container. */
export interface AuditMember {
  /** The zip member's name, or null for the file itself (a `.npy`, a legacy torch file). */
  readonly name: string | null;
  /** What it is: `pickle` (audited), `npy` (an object array's pickle audited), `data` (skipped). */
  readonly kind: "pickle" | "npy" | "data";
  /** Offset of its first byte in the file (of the member's data for a stored zip member), or -1 when deflated. */
  readonly offset: number;
  readonly verdict: Verdict;
}

export interface FileAudit extends PickleAudit {
  /** The container the pickles were found in, or null for a plain pickle file. */
  readonly container: null | {
    readonly format: "zip" | "torch-zip" | "npz" | "npy" | "torch-legacy" | "tar";
    readonly members: readonly AuditMember[];
  };
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** A member named as a pickle (torch's reader finds names in any case). */
const PICKLE_NAME = /\.(?:pkl|pickle)$/i;

/** A numeric type string as numpy writes it (`'<f8'`, `'|b1'`, `'<U5'`, `'<M8[ns]'`). */
const NUMERIC_DESCR = String.raw`'[<>|=]?(?:\?|b1|[iu][1248]|f(?:2|4|8|10|12|16)|c(?:8|16|20|24|32)|[SUV]\d+|[mM]8(?:\[\d*[A-Za-z]+\])?)'`;
/** A structured type of numeric fields, plain names, optional subarray shapes. */
const STRUCTURED_DESCR = String.raw`\[(?:\('[A-Za-z0-9_ ]*', ${NUMERIC_DESCR}(?:, \((?:\d+L?, )*\d+L?,?\))?\)(?:, )?)*\]`;
const NPY_SHAPE = String.raw`\((?:\d+L?,)?\)|\(\d+L?(?:, \d+L?)+\)`;
/**
 * The header numpy writes for a numeric array (keys sorted, values by repr, padded with spaces):
 * anything else is read as an object array might be.
 */
const NUMERIC_NPY_HEADER = new RegExp(
  String.raw`^\{'descr': (?:${NUMERIC_DESCR}|${STRUCTURED_DESCR}), 'fortran_order': (?:True|False), 'shape': (?:${NPY_SHAPE}), \} *\n?$`,
);
/** A member only a TorchScript archive (torch.jit.save) has: its constants, or its code. */
const TORCHSCRIPT_MEMBER = /(?:^|\/)(?:constants\.pkl$|code\/)/i;
/** The pickles of a legacy torch.save file before its raw storages. */
const LEGACY_TORCH_PICKLES = 5;

/** True when `bytes` starts with numpy's `.npy` magic. */
export function looksLikeNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 10 && NPY_MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * Audits a file: a pickle, or the pickles inside a torch zip, an `.npz`, an `.npy` or a legacy
 * torch file. Never throws on bad input: a container that cannot be read ends as an `error`.
 */
export function auditFile(bytes: Uint8Array, options: AuditFileOptions = {}): FileAudit {
  // A container holds a few pickles of a record or so each: all of them are kept.
  const { maxRecordsKept: _, ...memberOptions } = options;
  let audit = auditByStart(bytes, options, memberOptions);
  // Each library reads the bytes its own way, whatever the others make of them: torch.load takes
  // any file that does not start with a zip's local header for a tar first (a file can be an
  // .npy, an empty zip's end record or a legacy torch file and a tar), and zipfile finds an
  // archive at the end of any file (pandas.read_pickle of a `.zip`).
  if (audit.container?.format !== "tar" && isTarForTorch(bytes)) audit = worseOf(audit, auditTar(bytes, memberOptions));
  if (!isZipFormat(audit) && endsLikeZip(bytes)) audit = endingLikeZip(audit);
  return audit;
}

/** The audit of the container (or pickle) a file's first bytes say it is. */
function auditByStart(bytes: Uint8Array, options: AuditFileOptions, memberOptions: AuditFileOptions): FileAudit {
  try {
    if (looksLikeZip(bytes)) return auditZip(bytes, memberOptions);
    if (looksLikeNpy(bytes)) {
      const { audit, member } = auditNpy(bytes, 0, null, memberOptions);
      return { ...audit, container: { format: "npy", members: [member] } };
    }
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    return containerError(bytes, error);
  }
  if (looksLikeTar(bytes)) return auditTar(bytes, memberOptions);
  if (looksLikeLegacyTorch(bytes)) return auditLegacyTorch(bytes, memberOptions);
  return { ...auditPickle(bytes, options), container: null };
}

/**
 * True when torch.load reads `bytes` (a file's first bytes at least) as a tar archive: it opens
 * a file as a zip only when it starts with a local header (`PK\x03\x04`), and tries a tar
 * before a pickle.
 */
function isTarForTorch(bytes: Uint8Array): boolean {
  return !(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) && looksLikeTar(bytes);
}

function isZipFormat(audit: FileAudit): boolean {
  const format = audit.container?.format;
  return format === "zip" || format === "torch-zip" || format === "npz";
}

/** Of two audits of the same bytes read two ways, the worse (the first when as bad), with an error if either has one. */
function worseOf(first: FileAudit, second: FileAudit): FileAudit {
  const worse = worstVerdict(first.verdict, second.verdict) === first.verdict ? first : second;
  const other = worse === first ? second : first;
  return worse.error === null && other.error !== null ? { ...worse, error: other.error } : worse;
}

/**
 * The audit of a file that ends like a zip archive (and is not read as one): Python's zipfile
 * opens it whatever comes before the archive (pandas.read_pickle of a `.zip`), reading members
 * the audit does not read: never safe, and the error says why.
 */
export function endingLikeZip(audit: PickleAudit | FileAudit): FileAudit {
  return {
    ...audit,
    verdict: worstVerdict(audit.verdict, "unknown"),
    error:
      audit.error ??
      unsupportedError(
        "the file ends like a zip archive, which Python's zipfile opens whatever comes before it (pandas.read_pickle of a .zip): the audit does not read its members",
        audit.byteLength,
      ),
    container: "container" in audit ? audit.container : null,
  };
}

/**
 * `audit` (of an input as decompressed: a gzip or zlib file) held to what the libraries that do
 * not decompress it read of its raw bytes, given by their `ends`: torch.load a tar from its first
 * bytes, zipfile an archive at its end. Neither is audited from here: either makes it at least
 * `unknown`.
 */
export function auditedAsRaw(audit: FileAudit, ends: { readonly head: Uint8Array; readonly tail: Uint8Array }): FileAudit {
  const unread = (reason: string): FileAudit => ({ ...audit, verdict: "unknown", error: unsupportedError(`the file as stored (not decompressed) ${reason}`, 0) });
  let judged = audit;
  if (isTarForTorch(ends.head)) {
    judged = worseOf(judged, unread("is also a tar archive, which torch.load reads before anything else: the audit read the decompressed bytes, not the tar's members"));
  }
  if (endsLikeZip(ends.tail)) {
    judged = worseOf(
      judged,
      unread("ends like a zip archive, which Python's zipfile opens whatever comes before it (pandas.read_pickle of a .zip): the audit does not read its members"),
    );
  }
  return judged;
}

function containerError(bytes: Uint8Array, error: PickleError): FileAudit {
  return {
    byteLength: bytes.length,
    verdict: "unknown",
    records: [],
    recordsKept: "all",
    summary: summarize([]),
    error: { code: error.code, reason: error.reason, offset: error.offset, recordIndex: 0, opcode: null },
    container: null,
  };
}

function auditZip(bytes: Uint8Array, options: AuditFileOptions): FileAudit {
  const zip = new ZipArchive(bytes, options.inflateRaw === undefined ? {} : { inflateRaw: options.inflateRaw });
  const isTorch = zip.entries.some((entry) => isTorchDataMember(entry.name));
  const gathered = new MemberAudits();
  let hasNpy = false;
  for (const entry of zip.entries) {
    // torch finds its members in any case (data.PKL) and reads raw storages and text besides its
    // pickles; numpy.load opens any member that starts with the .npy magic, whatever its name;
    // pandas.read_pickle unpickles a zip's one member, whatever its name (`df.to_pickle("x.zip")`).
    const isNamedPickle = PICKLE_NAME.test(entry.name);
    const isNpy = !isNamedPickle && looksLikeNpy(zip.head(entry, 10));
    const isPickle = !isNpy && (isTorch ? isNamedPickle : entry.size > 0 && !entry.name.endsWith("/"));
    if (!isPickle && !isNpy) {
      gathered.addData(entry.name, -1);
      continue;
    }
    const data = zip.read(entry);
    const base = data.buffer === bytes.buffer ? data.byteOffset - bytes.byteOffset : -1;
    if (isNpy) {
      hasNpy = true;
      const { audit, member } = auditNpy(data, base, entry.name, options);
      gathered.add(member, audit);
    } else {
      // torch.load reads `<name>/data.pkl` with its persistent_load: storage ids are its data.
      const isTorchData = isTorch && isTorchDataMember(entry.name);
      const audit = shift(isTorchData ? auditTorchPickle(data, options, 5) : auditPickle(data, options), base, entry.name);
      gathered.add({ name: entry.name, kind: "pickle", offset: base, verdict: audit.verdict }, audit);
    }
  }
  if (!gathered.members.some((member) => member.kind !== "data")) gathered.verdict = worstVerdict(gathered.verdict, "unknown");
  // torch.load hands a zip with a constants.pkl to torch.jit.load, which compiles the TorchScript
  // of its code/ members and runs it (a class's __setstate__ at BUILD) for the classes data.pkl
  // names, whatever they are named: code, not data.
  const script = zip.entries.find((entry) => TORCHSCRIPT_MEMBER.test(entry.name));
  if (script !== undefined) {
    gathered.verdict = worstVerdict(gathered.verdict, "unknown");
    gathered.error ??= unsupportedError(
      `a TorchScript archive (member ${JSON.stringify(script.name)}): torch.load hands it to torch.jit.load, which compiles and runs the code of its code/ members; the audit reads pickles, not TorchScript`,
      0,
    );
  }
  return gathered.fileAudit(bytes.length, isTorch ? "torch-zip" : hasNpy ? "npz" : "zip");
}

/** The members of a container as they are audited: each member, their records in order, the worst verdict, the first error. */
class MemberAudits {
  readonly members: AuditMember[] = [];
  private readonly records: RecordAudit[] = [];
  verdict: Verdict = "safe";
  error: PickleAudit["error"] = null;

  addData(name: string, offset: number): void {
    this.members.push({ name, kind: "data", offset, verdict: "safe" });
  }

  add(member: AuditMember, audit: PickleAudit): void {
    this.members.push(member);
    for (const record of audit.records) this.records.push(record); // a member of 200k records: no spread
    this.verdict = worstVerdict(this.verdict, audit.verdict);
    this.error ??= audit.error;
  }

  fileAudit(byteLength: number, format: NonNullable<FileAudit["container"]>["format"]): FileAudit {
    const { records, verdict, error, members } = this;
    return { byteLength, verdict, records, recordsKept: "all", summary: summarize(records), error, container: { format, members } };
  }
}

/** An error that says why the audit cannot vouch for the input, where nothing stopped it. */
export function unsupportedError(reason: string, offset: number): NonNullable<PickleAudit["error"]> {
  return { code: "UNSUPPORTED", reason, offset, recordIndex: 0, opcode: null };
}

/** The audit of one `.npy` (a file, or a member at `base`): its pickle for an object array. */
function auditNpy(bytes: Uint8Array, base: number, name: string | null, options: AuditOptions): { audit: PickleAudit; member: AuditMember } {
  const major = bytes[6]!;
  const headerSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + headerSize) throw new PickleError(".npy header is cut short", { code: "TRUNCATED", offset: base, opcode: -1, recordIndex: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset + 8, headerSize);
  const headerLength = headerSize === 2 ? view.getUint16(0, true) : view.getUint32(0, true);
  const dataStart = 8 + headerSize + headerLength;
  if (dataStart > bytes.length) throw new PickleError(".npy header runs past the end", { code: "TRUNCATED", offset: base, opcode: -1, recordIndex: 0 });
  let header = "";
  for (let i = 8 + headerSize; i < dataStart; i++) header += String.fromCharCode(bytes[i]!);
  // numpy reads the header with ast.literal_eval and then np.dtype(descr): anything but the
  // header numpy writes for a numeric type may be an object array (`"descr": "object"`, a
  // second 'descr', escapes), whose pickle numpy.load(allow_pickle=True) runs.
  if (NUMERIC_NPY_HEADER.test(header)) {
    const audit: PickleAudit = { byteLength: bytes.length, verdict: "safe", records: [], recordsKept: "all", summary: summarize([]), error: null };
    return { audit, member: { name, kind: "npy", offset: base, verdict: "safe" } };
  }
  const audit = shift(auditPickle(bytes.subarray(dataStart), options), base >= 0 ? base + dataStart : -1, name ?? ".npy object array");
  return { audit, member: { name, kind: "npy", offset: base, verdict: audit.verdict } };
}

/**
 * A tar archive: `torch.load` unpickles its `storages`, `tensors` and `pickle` members (names a
 * PAX or GNU header may give another member: every member is audited), `pickle.load` the file
 * itself. Member offsets are absolute in the file.
 */
function auditTar(bytes: Uint8Array, options: AuditOptions): FileAudit {
  const gathered = new MemberAudits();
  const whole = auditPickle(bytes, options);
  gathered.add({ name: null, kind: "pickle", offset: 0, verdict: whole.verdict }, whole);
  for (const member of tarMembers(bytes)) {
    if (member.size === 0) {
      gathered.addData(member.name, member.offset);
      continue;
    }
    const audit = shift(auditPickle(bytes.subarray(member.offset, member.offset + member.size), options), member.offset, member.name);
    gathered.add({ name: member.name, kind: "pickle", offset: member.offset, verdict: audit.verdict }, audit);
  }
  // torch's legacy_load reads `storages` as pickles between raw storage bytes whose lengths only
  // it knows: the audit cannot tell that nothing hides among them, so a tar is never safe.
  gathered.verdict = worstVerdict(gathered.verdict, "unknown");
  gathered.error ??= unsupportedError(
    "a tar archive (torch's oldest format): torch reads raw storage bytes between the pickles of its members, by lengths only it knows, so the audit cannot vouch for what lies among them",
    0,
  );
  return gathered.fileAudit(bytes.length, "tar");
}

function auditLegacyTorch(bytes: Uint8Array, options: AuditOptions): FileAudit {
  const audit = auditTorchPickle(bytes, options, 6);
  // The raw storages after the fifth pickle are numbers, not opcodes: an error there is no finding.
  const records = audit.records.slice(0, LEGACY_TORCH_PICKLES);
  let verdict: Verdict = records.length === LEGACY_TORCH_PICKLES ? "safe" : "unknown";
  for (const record of records) verdict = worstVerdict(verdict, record.verdict);
  const error = audit.error !== null && audit.error.recordIndex < LEGACY_TORCH_PICKLES ? audit.error : null;
  return {
    byteLength: bytes.length,
    verdict: error === null ? verdict : worstVerdict(verdict, "unknown"),
    records,
    recordsKept: "all",
    summary: summarize(records),
    error,
    container: { format: "torch-legacy", members: [{ name: null, kind: "pickle", offset: 0, verdict }] },
  };
}

/** `audit` with offsets moved by `base` (when known) and reasons naming the member. */
function shift(audit: PickleAudit, base: number, member: string): PickleAudit {
  const by = Math.max(base, 0);
  const where = `in ${member}${base >= 0 ? "" : " (offsets inside the member)"}: `;
  const records = audit.records.map((record) => ({
    ...record,
    offset: record.offset + by,
    imports: record.imports.map((entry) => ({ ...entry, offset: entry.offset + by })),
    calls: record.calls.map((call) => ({ ...call, offset: call.offset + by })),
    findings: record.findings.map((finding) => ({ ...finding, offset: finding.offset + by, reason: where + finding.reason })),
  }));
  return {
    byteLength: audit.byteLength,
    verdict: audit.verdict,
    records,
    recordsKept: "all",
    summary: summarize(records),
    error: audit.error === null ? null : { ...audit.error, offset: audit.error.offset + by, reason: where + audit.error.reason },
  };
}
