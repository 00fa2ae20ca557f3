/**
 * `AuditStream`: `auditFile` over input that arrives in chunks, holding one record at a time: a
 * stream of appended pickles is audited in memory the size of its largest record, not of the
 * file (`cat *.pkl | pkl-stream inspect -`, a 5 GB log of records).
 *
 * Where each record ends is found by the decoder's own walker of opcode sizes (RecordSplitter);
 * each record is then audited once, whole, by the same code `auditFile` runs, with offsets
 * counted from the start of the input. The two can disagree only where the pickle holds bytes
 * that are not opcodes (joblib writes arrays between them), or where the walker gives up (a byte
 * that is no opcode, a broken frame): from that record on, the input is gathered and audited in
 * one piece at the end, as `auditFile` would. Containers (a zip, `.npy`, a legacy torch file, a
 * tar) are recognised by their first bytes (512 of them, a tar header's) and gathered whole too:
 * they hold a few pickles, not a stream. The report is `auditFile`'s for the same bytes, however
 * they are cut.
 */
import { FileEnds, HEAD_BYTES } from "../containers/file-ends.js";
import { looksLikeTar } from "../containers/tar.js";
import { looksLikeLegacyTorch } from "../containers/torch-file.js";
import { endsLikeZip, looksLikeZip } from "../containers/zip.js";
import { joinBytes } from "../decoder/join-bytes.js";
import { RecordSplitter } from "../engine/record-splitter.js";
import { AuditRun, type RecordBytesListener } from "./audit.js";
import { type AuditFileOptions, auditFile, endingLikeZip, type FileAudit, looksLikeNpy } from "./audit-file.js";

export interface AuditStreamOptions extends AuditFileOptions {
  /**
   * Called with each record of a plain pickle stream once audited, and its bytes (a view valid
   * during the call only): to look further into a record the audit flagged (its functions).
   */
  readonly onRecord?: RecordBytesListener;
}

/** How the input is being read: fewer than HEAD_BYTES so far, container or pickle not known yet; */
const HEAD = 0;
/** record by record, as the splitter finds their ends; */
const RECORDS = 1;
/** gathered to the end, then audited in one piece from `from` (or as a container from 0); */
const WHOLE = 2;
/** the audit ended (an error): the rest is counted, not read. */
const DONE = 3;

/**
 * Audits a pickle file given in chunks: `push` each chunk in order, then `end()` for the report.
 * A chunk is read during `push` and not kept (what a record still needs of it is copied): the
 * caller may fill the same array again for the next one.
 */
export class AuditStream {
  private mode = HEAD;
  private isContainer = false;
  private readonly run: AuditRun;
  /**
   * Where records end, guessed from their frames where it can (RecordSplitter's jumpsFrames):
   * the audit checks each guess, as it reads every opcode of the records anyway.
   */
  private readonly splitter = new RecordSplitter(true);
  private readonly ends: number[] = [];
  /** Chunks from the one holding `from` on; the first starts at absolute offset `heldBase`. */
  private held: Uint8Array[] = [];
  private heldBase = 0;
  /** Absolute offset of the first byte not audited yet. */
  private from = 0;
  /** Bytes pushed so far. */
  private total = 0;
  /** The input's last bytes: a pickle that ends like a zip archive is audited as auditFile audits it. */
  private readonly fileEnds = new FileEnds();
  /** `end()` was called: the report is given once, and no chunk may follow it. */
  private isEnded = false;

  constructor(private readonly options: AuditStreamOptions = {}) {
    this.run = new AuditRun(options, undefined, Number.POSITIVE_INFINITY, options.onRecord ?? null);
  }

  /** Bytes of the chunks kept now: the record being read, and what its first chunk held before it. */
  get bytesHeld(): number {
    let bytes = 0;
    for (const chunk of this.held) bytes += chunk.length;
    return bytes;
  }

  /** Reads the input's next bytes. */
  push(chunk: Uint8Array): void {
    if (this.isEnded) throw new Error("AuditStream.push() after end(): an AuditStream audits one input; make a new one for the next");
    if (!(chunk instanceof Uint8Array)) throw new TypeError(`Expected a Uint8Array chunk, got ${chunk === null ? "null" : typeof chunk}`);
    this.total += chunk.length;
    if (chunk.length === 0) return;
    // A plain view: subarrays of a Node Buffer are Buffers, each slower to make.
    const view = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    this.fileEnds.push(view);
    if (this.mode === DONE) return;
    this.held.push(view);
    if (this.mode === HEAD) {
      if (this.total >= HEAD_BYTES) {
        this.mode = this.chooseMode();
        for (const held of [...this.held]) {
          if (this.mode !== RECORDS) break;
          this.split(held);
        }
      }
    } else if (this.mode === RECORDS) {
      this.split(view);
    }
    this.keepCopy(view);
  }

  /**
   * What is still held of `view` (the chunk just pushed, or parts of it) becomes a copy: the
   * caller may reuse its chunk once `push` returns (a reader's buffers, read into again). For a
   * stream of small records that is the part of a record the chunk's end cut.
   */
  private keepCopy(view: Uint8Array): void {
    const held = this.held;
    // Only the last entry (the chunk itself) and the first two (what `gather` put in place of
    // the chunks it joined: the joined bytes, the rest of the last one) can be of it; the others
    // are copies already. Not a scan of all: a record cut into many tiny chunks holds them all.
    const last = held.length - 1;
    for (const i of last > 2 ? [0, 1, last] : [0, 1, 2]) {
      const entry = held[i];
      if (entry === undefined || entry.buffer !== view.buffer) continue;
      // Of the first, only what is not audited yet.
      const skip = i === 0 ? Math.min(Math.max(this.from - this.heldBase, 0), entry.length) : 0;
      held[i] = entry.slice(skip);
      this.heldBase += skip;
    }
    if (held.length > 0 && held[0]!.length === 0) held.shift();
  }

  /** The report, once every chunk was pushed. */
  end(): FileAudit {
    if (this.isEnded) throw new Error("AuditStream.end() called twice: it gives its report once; make a new AuditStream for another input");
    this.isEnded = true;
    if (this.mode === HEAD) this.mode = this.chooseMode();
    if (this.isContainer) return auditFile(this.bytesFrom(0, this.total), this.options);
    if (this.mode !== DONE && this.from < this.total) this.run.auditAll(this.bytesFrom(this.from, this.total), this.from, true);
    this.held = [];
    const audit = this.run.result(this.total);
    return endsLikeZip(this.fileEnds.tail) ? endingLikeZip(audit) : { ...audit, container: null };
  }

  /** Containers are audited whole, and so is everything with one memo for all records. */
  private chooseMode(): number {
    const head = this.bytesFrom(0, Math.min(this.total, HEAD_BYTES));
    this.isContainer = looksLikeZip(head) || looksLikeNpy(head) || looksLikeLegacyTorch(head) || looksLikeTar(head);
    // A shared memo's entries are set by each record: one audited again would set them twice.
    return this.isContainer || this.options.memo === "shared" ? WHOLE : RECORDS;
  }

  /**
   * Audits the records `chunk` ends, in one pass from the first byte not audited to the last end
   * the splitter saw: first the record the chunk's start cut (its bytes joined), then the ones
   * within the chunk (a view of it). The audit must end a record exactly at each of the two ends:
   * where it does not (the splitter guessed wrong, or took data for opcodes: joblib's arrays), or
   * the splitter cannot follow the input, the rest is gathered and audited at the end, from the
   * first record not audited.
   */
  private split(chunk: Uint8Array): void {
    const ends = this.ends;
    ends.length = 0;
    this.splitter.push(chunk, ends);
    if (ends.length > 0 && this.auditTo(ends[0]!)) {
      const last = ends[ends.length - 1]!;
      if (last > this.from) this.auditTo(last);
    }
    if (this.mode === RECORDS && this.splitter.isLost) this.mode = WHOLE;
  }

  /** Audits the records from `from` to absolute `end`; false (and the mode changed) when the audit does not end a record there, or ended. */
  private auditTo(end: number): boolean {
    const reached = this.from + this.run.auditAll(this.gather(this.from, end), this.from, false);
    if (this.run.isDone) {
      this.mode = DONE;
      this.held = [];
      return false;
    }
    this.from = reached;
    this.dropBefore(reached);
    if (reached === end) return true;
    this.mode = WHOLE;
    return false;
  }

  /** Absolute [start, end) of the held bytes: a view when one chunk holds it, else a copy. */
  private bytesFrom(start: number, end: number): Uint8Array {
    if (start === end) return new Uint8Array(0);
    let at = this.heldBase;
    let i = 0;
    while (at + this.held[i]!.length <= start) at += this.held[i++]!.length;
    const first = this.held[i]!;
    if (end - at <= first.length) return first.subarray(start - at, end - at);
    const parts: Uint8Array[] = [first.subarray(start - at)];
    at += first.length;
    for (i++; at < end; i++) {
      const chunk = this.held[i]!;
      parts.push(end - at < chunk.length ? chunk.subarray(0, end - at) : chunk);
      at += chunk.length;
    }
    return joinBytes(parts, end - start);
  }

  /**
   * The held bytes from absolute `start` (in the first held chunk) to `end`, in one array. When
   * that takes a copy, the copy is held in place of the chunks it was made from: a record of
   * 100 MB is not held twice while it is audited.
   */
  private gather(start: number, end: number): Uint8Array {
    const bytes = this.bytesFrom(start, end);
    const held = this.held;
    // A view of a held chunk: nothing was copied.
    if (bytes.length === 0 || held.some((chunk) => chunk.buffer === bytes.buffer)) return bytes;
    let at = this.heldBase;
    let i = 0;
    while (at + held[i]!.length <= end && i < held.length - 1) at += held[i++]!.length;
    // held[i] holds `end` (or is the last): what it has past `end` stays.
    const rest = at + held[i]!.length > end ? [held[i]!.subarray(end - at)] : [];
    this.held = [bytes, ...rest, ...held.slice(i + 1)];
    this.heldBase = start;
    return bytes;
  }

  /** Lets go of the chunks wholly before absolute offset `offset`. */
  private dropBefore(offset: number): void {
    let dropped = 0;
    while (dropped < this.held.length - 1 && this.heldBase + this.held[dropped]!.length <= offset) this.heldBase += this.held[dropped++]!.length;
    if (dropped > 0) this.held.splice(0, dropped);
  }
}
