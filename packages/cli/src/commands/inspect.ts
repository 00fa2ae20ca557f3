import { isPickleError } from "@pkl-stream/core";
import { type AuditError, AuditStream, type FileAudit, type Verdict, auditFile, disAllLines, unsupportedError } from "@pkl-stream/core/disasm";
import { describeNotAPickle, joinBytes, NOT_A_PICKLE_HEAD_BYTES, notAPickleError } from "@pkl-stream/core/internal";
import { GzipCutError } from "@pkl-stream/stream";
import { UsageError, parseChoice, parseCommandArgs } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { INSPECT_HELP } from "../help.js";
import { type CarriedFunction, carriedFunctions, carriesCode, formatFunction, recordFunctions } from "../inspect-functions.js";
import { formatAudit, LISTED_RECORDS } from "../inspect-text.js";
import { inputBytes } from "../input-bytes.js";
import { type Input, inputName, resolveInputs } from "../inputs.js";
import type { CliIo } from "../io.js";
import { OutputSink } from "../output.js";
import { type ProgressMeter, progressChoice, startProgress } from "../progress.js";
import { StoredInput } from "../stored-input.js";
import { reportError } from "../report-error.js";
import { inflateRaw } from "../zip-input.js";

/** `--memo`: each record with a memo of its own (as `pickle.load` reads them), or one memo for the file (a stream written by one Pickler). */
const MEMO_SCOPES = ["per-record", "shared"] as const;
type MemoScope = (typeof MEMO_SCOPES)[number];

const INSPECT_OPTIONS = {
  json: { type: "boolean" },
  dis: { type: "boolean" },
  records: { type: "boolean" },
  debug: { type: "boolean" },
  memo: { type: "string" },
  progress: { type: "boolean" },
  "no-progress": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The exit status of a verdict: a CI gate (`pkl-stream inspect model.pkl && python load.py`). */
const VERDICT_EXIT: Readonly<Record<Verdict, number>> = { safe: EXIT.SAFE, unknown: EXIT.UNKNOWN, dangerous: EXIT.DANGEROUS };
const VERDICT_RANK: Readonly<Record<Verdict, number>> = { safe: 0, unknown: 1, dangerous: 2 };

/** `pkl-stream inspect [--json] [--dis] FILE...`: what loading each file would do, and a verdict. */
export async function runInspect(argv: string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let inputs: Input[];
  let isJson: boolean;
  let isDis: boolean;
  let isEveryRecord: boolean;
  let memo: MemoScope;
  let showProgress: boolean | undefined;
  try {
    const { values, positionals } = parseCommandArgs(argv, INSPECT_OPTIONS);
    if (values.help === true) {
      io.stdout.write(INSPECT_HELP);
      return EXIT.OK;
    }
    isJson = values.json === true;
    isDis = values.dis === true;
    isEveryRecord = values.records === true;
    memo = values.memo === undefined ? "per-record" : parseChoice("--memo", values.memo, MEMO_SCOPES);
    if (isJson && isDis) throw new UsageError("--json and --dis are separate reports: choose one");
    if (isDis && isEveryRecord) throw new UsageError("--dis lists every record already: --records is for the audit");
    showProgress = progressChoice(values);
    if (positionals.length === 0) throw new UsageError("inspect: name the pickle files to inspect (or - for stdin)");
    inputs = await resolveInputs(positionals, io.cwd);
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  const sink = new OutputSink(io.stdout, false);
  // The listing (--dis) is its own progress.
  const meter = isDis ? undefined : await startProgress(showProgress, inputs, io, true);
  let worst: Verdict = "safe";
  const reports: unknown[] = [];
  let current: string | undefined;
  // Files reported; fewer than the inputs when an interrupt or a closed output ended the run.
  let done = 0;
  // The file an interrupt stopped the reading of, if one did.
  let cutShort: string | undefined;
  try {
    for (const input of inputs) {
      current = inputName(input);
      const auditOptions = { memo, inflateRaw, ...(isEveryRecord ? {} : { maxRecordsKept: LISTED_RECORDS }) };
      if (isDis) {
        // The listing needs every byte at once; the audit gives the exit status.
        const stored = new StoredInput();
        const read = await readStored(input, io, undefined, stored);
        if (read === null) {
          cutShort = current;
          break;
        }
        const { verdict } = stored.judge(withBadInput(auditFile(read.bytes, auditOptions), read.bad));
        if (VERDICT_RANK[verdict] > VERDICT_RANK[worst]) worst = verdict;
        await writeDis(current, read.bytes, inputs.length > 1, sink, io, isDebug);
        if (read.bad !== undefined) io.stderr.write(`pkl-stream: ${current}: ${read.bad.reason}\n`);
        done++;
        if (sink.isClosed || io.signal.aborted) break;
        continue;
      }
      const audited = memo === "shared" ? await auditWhole(input, io, auditOptions, meter) : await auditStreamed(input, io, auditOptions, meter);
      // Interrupted: what was read is not the file, and its audit would call it cut short.
      if (audited === null) {
        cutShort = current;
        break;
      }
      const { functions, head } = audited;
      const audit = judgedByName(input, audited.audit, audited.compression);
      if (VERDICT_RANK[audit.verdict] > VERDICT_RANK[worst]) worst = audit.verdict;
      // The stopping error said once, the same on stderr and in the report (what the file is, when no pickle).
      const errorText = audit.error === null ? undefined : describeAuditError(audit, head, audited.isBadInput);
      if (isJson) reports.push({ ...(jsonReport(input, audit) as object), functions });
      else {
        for (const text of formatAudit(current, audit, errorText)) {
          const wait = sink.write(text);
          if (wait !== undefined) await wait;
        }
        for (const fn of functions) await sink.write(`  function in record ${fn.recordIndex}: ${formatFunction(fn)}\n`);
      }
      if (!isJson && errorText !== undefined) io.stderr.write(`pkl-stream: ${current}: ${errorText}\n`);
      done++;
      if (sink.isClosed || io.signal.aborted) break;
    }
    if (done < inputs.length && io.signal.aborted) {
      // No verdict for a file not read to its end, nor over files some of which were not read:
      // an interrupted gate must not pass (or fail) on part of its input.
      meter?.stop();
      const audited = `${done} of ${inputs.length} file${inputs.length === 1 ? "" : "s"} audited`;
      io.stderr.write(
        cutShort === undefined
          ? `pkl-stream: interrupted: no verdict over all files (${audited})\n`
          : `pkl-stream: ${cutShort}: interrupted before the end of its input: no verdict for it (${audited})\n`,
      );
    } else {
      meter?.finish();
      if (isJson) await sink.write(`${JSON.stringify({ verdict: worst, files: reports }, null, 2)}\n`);
      else if (!isDis && inputs.length > 1) await sink.write(`verdict: ${worst}\n`);
    }
    await sink.finish();
  } catch (error) {
    meter?.stop();
    await sink.finish().catch(() => undefined);
    return reportError(error, current, io, isDebug);
  } finally {
    sink.close();
  }
  if (io.signal.aborted) return EXIT.INTERRUPTED;
  return VERDICT_EXIT[worst];
}

type AuditOptions = Parameters<typeof auditFile>[1] & { memo: MemoScope };

/**
 * File names pandas.read_pickle decompresses by (compression="infer"), and the compressions (as
 * gunzip.ts names them) whose data under that name is read here as pandas reads it.
 */
const PANDAS_COMPRESSION: readonly [name: RegExp, format: string, readAs: readonly string[]][] = [
  [/\.tar(?:\.(?:gz|bz2|xz))?$/i, "tar", []],
  [/\.xz$/i, "xz (or lzma's old format, which has no magic bytes)", ["xz", "lzma"]],
  // Audited as stored, never decompressed (stored-input.ts says why).
  [/\.bz2$/i, "bzip2", []],
  [/\.zst$/i, "zstandard", ["zstd"]],
];

/**
 * pandas.read_pickle reads a file by its name's compression, whatever its bytes: a file named
 * `*.xz` that audits as a safe pickle may be lzma data (the old format has no magic bytes; only
 * the usual properties byte, 0x5d, is known here) that unpickles to something else. Such a name
 * is never safe here, unless the file's bytes are that compression and were audited decompressed
 * (`compression`): then the audit is of what pandas unpickles.
 */
function judgedByName(input: Input, audit: FileAudit, compression: string | undefined): FileAudit {
  if (input.kind !== "file" || audit.verdict !== "safe") return audit;
  const named = PANDAS_COMPRESSION.find(([name]) => name.test(input.name));
  if (named === undefined) return audit;
  const [, format, readAs] = named;
  if (compression !== undefined && readAs.includes(compression)) return audit;
  const reason = `pandas.read_pickle reads a file of this name as ${format} data, whatever its bytes, and pkl-stream audited these bytes as they are stored: what pandas would unpickle is not audited`;
  return { ...audit, verdict: "unknown", error: unsupportedError(reason, 0) };
}

/** An input's audit, the functions it carries, and its first bytes (for the error's description). */
interface Audited {
  readonly audit: FileAudit;
  readonly functions: CarriedFunction[];
  readonly head: Uint8Array;
  /** The audit's error is the input's compression (see withBadInput), not its pickle. */
  readonly isBadInput: boolean;
  /** What the stored bytes are compressed with, when they were decompressed for the audit. */
  readonly compression: string | undefined;
}

/** Gzip or zlib input that cannot be inflated, as the audit's error names it. */
interface BadInput {
  readonly code: AuditError["code"];
  readonly reason: string;
}

/**
 * `error` as bad input when it is the compression's (a cut or damaged gzip or zlib file: bad data,
 * an `unknown` verdict for that file), else undefined (a failure to read: thrown on).
 */
function badInputOf(error: unknown): BadInput | undefined {
  // Its reason says it is cut short, and how far it was inflated.
  if (error instanceof GzipCutError) return { code: "TRUNCATED", reason: error.reason };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "Z_NEED_DICT") {
    return { code: "BAD_COMPRESSION", reason: `bad gzip or zlib data: ${(error as Error).message}` };
  }
  // bzip2/xz/zstd data its tool refused or could not read (not installed): the stream package's
  // ToolDecompressError, its message naming the tool and what it said.
  if (error instanceof Error && error.name === "ToolDecompressError") return { code: "BAD_COMPRESSION", reason: (error as Error & { reason: string }).reason };
  return undefined;
}

/**
 * The audit of what was inflated before the compression failed (a pickle before the cut may
 * already be dangerous), with that failure as its error: never safe. An error of the audit's own
 * stands, other than the cut record's TRUNCATED (the same cut): it came first in the input.
 */
function withBadInput(audit: FileAudit, bad: BadInput | undefined): FileAudit {
  if (bad === undefined) return audit;
  const verdict: Verdict = audit.verdict === "dangerous" ? "dangerous" : "unknown";
  if (audit.error !== null && audit.error.code !== "TRUNCATED") return { ...audit, verdict };
  const recordIndex = audit.error?.recordIndex ?? audit.summary.records;
  return { ...audit, verdict, error: { code: bad.code, reason: bad.reason, offset: audit.byteLength, recordIndex, opcode: null } };
}

/** True when the audit's error is `bad`'s (withBadInput keeps an earlier error of the audit's own). */
function isBadInputError(audit: FileAudit, bad: BadInput | undefined): boolean {
  return bad !== undefined && audit.error?.reason === bad.reason;
}

/**
 * The audit of an input read in chunks, one record held at a time (AuditStream): a long stream of
 * appended records takes the memory of its largest record. A record that carries code is decoded
 * alone for its functions, as it is audited. Null when an interrupt stopped the reading: the
 * bytes read are not the file (audited, they would end in a record cut short).
 */
async function auditStreamed(input: Input, io: CliIo, options: AuditOptions, meter: ProgressMeter | undefined): Promise<Audited | null> {
  const functions: CarriedFunction[] = [];
  const stream = new AuditStream({
    ...options,
    onRecord: (record, bytes) => {
      meter?.addRecord();
      if (record.isComplete && carriesCode(record)) for (const fn of recordFunctions(bytes, record.recordIndex)) functions.push(fn);
    },
  });
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  // Chunks the reader fills again once the next is asked for: the audit copies what it keeps.
  const stored = new StoredInput();
  let bad: BadInput | undefined;
  try {
    for await (const chunk of stored.read(inputBytes(input, io, (count) => meter?.addBytes(count), true, false))) {
      if (headLength < NOT_A_PICKLE_HEAD_BYTES) {
        headParts.push(chunk.slice(0, NOT_A_PICKLE_HEAD_BYTES - headLength));
        headLength += headParts.at(-1)!.length;
      }
      stream.push(chunk);
      if (io.signal.aborted) return null;
    }
  } catch (error) {
    bad = badInputOf(error);
    if (bad === undefined) throw error;
  }
  // An end of input after the interrupt may be its doing (`cat big.pkl | pkl-stream inspect -`:
  // Ctrl-C ends cat too), not the file's.
  if (io.signal.aborted) return null;
  const audit = stored.judge(withBadInput(stream.end(), bad));
  // A container's functions are not listed (carriedFunctions neither): its records are not a file's.
  return { audit, functions: audit.container === null ? functions : [], head: joinBytes(headParts, headLength), isBadInput: isBadInputError(audit, bad), compression: stored.compression };
}

/** The audit of an input read whole (one memo for all records: a record is not decoded alone); null when interrupted. */
async function auditWhole(input: Input, io: CliIo, options: AuditOptions, meter: ProgressMeter | undefined): Promise<Audited | null> {
  const stored = new StoredInput();
  const read = await readStored(input, io, meter, stored);
  if (read === null) return null;
  const { bytes, bad } = read;
  const audit = stored.judge(withBadInput(auditFile(bytes, options), bad));
  return { audit, functions: carriedFunctions(bytes, audit, options.memo), head: bytes.subarray(0, NOT_A_PICKLE_HEAD_BYTES), isBadInput: isBadInputError(audit, bad), compression: stored.compression };
}

/** An input's bytes as `StoredInput` reads them (inflated), and why they end early if they do. */
interface StoredBytes {
  readonly bytes: Uint8Array;
  readonly bad: BadInput | undefined;
}

/**
 * All the bytes of an input, inflated when it is gzip or zlib, its stored ends kept by `stored`
 * (readWhole's, with bad compression kept as what it inflated and why it stopped, not thrown:
 * `inspect` gives that file a verdict and goes on); null when an interrupt stopped the reading.
 */
async function readStored(input: Input, io: CliIo, meter: ProgressMeter | undefined, stored: StoredInput): Promise<StoredBytes | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let bad: BadInput | undefined;
  try {
    // Not transient chunks: they are kept. A zip is audited as the container it is (not opened).
    for await (const chunk of stored.read(inputBytes(input, io, (count) => meter?.addBytes(count), false, false))) {
      chunks.push(chunk);
      total += chunk.length;
      if (io.signal.aborted) return null;
    }
  } catch (error) {
    bad = badInputOf(error);
    if (bad === undefined) throw error;
  }
  // As in auditStreamed: an end after the interrupt may be the interrupt's.
  if (io.signal.aborted) return null;
  return { bytes: chunks.length === 1 ? chunks[0]! : joinBytes(chunks, total), bad };
}

/** The machine report of one file: its name (null for stdin) and the audit as core gives it. */
function jsonReport(input: Input, audit: FileAudit): unknown {
  return { file: input.kind === "stdin" ? null : input.name, ...audit };
}

/** `pickletools.dis` text of every record; a sanity-check failure ends that file's listing. */
async function writeDis(name: string, bytes: Uint8Array, hasHeader: boolean, sink: OutputSink, io: CliIo, isDebug: boolean): Promise<void> {
  if (hasHeader) await sink.write(`==> ${name} <==\n`);
  try {
    for (const line of disAllLines(bytes)) {
      const wait = sink.write(`${line}\n`);
      if (wait !== undefined) await wait;
      if (sink.isClosed) return;
    }
  } catch (error) {
    if (!isPickleError(error)) throw error;
    reportError(notAPickleError(error, bytes) ?? error, name, io, isDebug);
  }
}

/**
 * The audit's stopping error as the one-line form: `record N at byte B: reason (opcode X)`; when the
 * first record fails on a file that is no pickle at all (a zip, text...), what it is instead
 * (from `head`, the input's first NOT_A_PICKLE_HEAD_BYTES bytes).
 */
function describeAuditError(audit: FileAudit, head: Uint8Array, isBadInput: boolean): string {
  const { recordIndex, offset, reason, opcode } = audit.error!;
  // A container the audit opened and could not read says why itself (not "this is a zip archive"),
  // and so does compression that could not be inflated (its head is what was inflated, if any).
  const isContainerError = isBadInput || /^(?:zip archive|\.npy header)/.test(reason);
  const notAPickle = recordIndex === 0 && !isContainerError ? describeNotAPickle(head, offset) : undefined;
  // Its hint names the decoding command (`bzip2 -dc FILE | pkl-stream`): here the audit's.
  if (notAPickle !== undefined) return `record 0 at byte ${offset}: ${notAPickle.replaceAll("| pkl-stream`", "| pkl-stream inspect -`")}`;
  return `record ${recordIndex} at byte ${offset}: ${reason}${opcode === null ? "" : ` (opcode ${opcode})`}`;
}
