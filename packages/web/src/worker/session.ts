import { PdDataFrame, type PyValue, Unpickler } from "@pkl-stream/core";
import { disLines } from "@pkl-stream/core/disasm";
import { type BatchAudit, type FileSource, type FromWorker, MAX_LISTED_RECORDS, type NodePath, type RecordRow, type VerdictReason } from "../protocol.js";
import { NdView, picturePixels } from "./arrays.js";
import { childAt, describe, describeChildren, pyRepr, type TreeNode, typeName } from "./describe.js";
import { tableRows } from "./frames.js";
import { errorText } from "./text.js";

/** Work between two turns of the worker's event loop, so the page's requests are answered while a file is read. */
const SLICE_MS = 16;
const PREVIEW_CHARS = 120;
const MAX_REASONS = 50;
const MAX_DIS_LINES = 5000;
/** Characters of a record's disassembly sent to the page: 5000 lines of 20 MB strs would be 100 GB. */
const MAX_DIS_CHARS = 1_000_000;
/** Characters of one disassembly line (a str argument is one line, as long as the str). */
const DIS_LINE_CHARS = 2000;
/** Spaces of indentation kept: pickletools indents by 4 per open MARK, and 5000 MARKs are 20,000 spaces. */
const DIS_INDENT = 64;
/** A line's offset and opcode byte, then more indentation than DIS_INDENT. */
const DEEP_INDENT = new RegExp(`^(\\s*\\d+: \\S+ )( {${DIS_INDENT + 1},})`);

/** One disassembly line made short: its indentation capped, then its length, each with a note of what was left out. */
function disLine(line: string): string {
  const indented = line.replace(DEEP_INDENT, (_, head: string, run: string) => `${head}${" ".repeat(DIS_INDENT)}[+${run.length - DIS_INDENT} spaces] `);
  if (indented.length <= DIS_LINE_CHARS) return indented;
  return `${indented.slice(0, DIS_LINE_CHARS)}… (${indented.length - DIS_LINE_CHARS} more characters)`;
}

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Audits batches of records somewhere (another worker, or here) and calls back with each result. */
export interface Auditor {
  submit(id: number, batch: number, bytes: Uint8Array, first: number, start: number): void;
}

const RANK: Readonly<Record<"safe" | "unknown" | "dangerous", number>> = { safe: 0, unknown: 1, dangerous: 2 };

/** One open file: reads it through the resumable Unpickler, keeps its records, answers the page's questions about them. */
export class FileSession {
  /** The listed records' values (the first MAX_LISTED_RECORDS) and their [start, end) in the file. */
  private readonly records: PyValue[] = [];
  private readonly spans: number[] = [];
  /** Records read, listed or not, and where the last one ended. */
  private recordCount = 0;
  private lastEnd = 0;
  /** The (decompressed) bytes read so far, for the audit and the disassembly of a record. */
  private readonly chunks: Uint8Array[] = [];
  private readonly chunkStarts: number[] = [];
  private byteCount = 0;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private isCancelled = false;
  private verdict: "safe" | "unknown" | "dangerous" = "safe";
  private readonly reasons = new Map<string, VerdictReason>();

  private batches = 0;
  private pendingBatches = 0;
  private isReading = true;
  /** What the page was last told, so an unchanged verdict is not sent again for every batch. */
  private shownVerdict = "";

  constructor(
    private readonly id: number,
    private readonly post: Post,
    private readonly auditor: Auditor,
  ) {}

  async read(source: FileSource): Promise<void> {
    let isGzip = false;
    let read = 0;
    let total: number | null = null;
    /** Records not yet sent to the page. */
    let rows: RecordRow[] = [];
    // wrapIntegralFloats: 2.0 stays a float (a PyFloat), not the int 2.
    const unpickler = new Unpickler({ dict: "map", wrapIntegralFloats: true });
    try {
      let raw: ReadableStream<Uint8Array>;
      if (source.kind === "file") {
        raw = source.file.stream();
        total = source.file.size;
      } else {
        const response = await fetch(source.url);
        if (!response.ok || response.body === null) throw new Error(`the server answered ${response.status} ${response.statusText}`);
        raw = response.body;
        const length = response.headers.get("content-length");
        total = length === null ? null : Number(length);
      }
      const rawReader = raw.getReader();
      const first = await rawReader.read();
      const head = first.value ?? new Uint8Array(0);
      read += head.length;
      isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
      // The first chunk again, then the rest, counting the bytes that come off the file.
      let stream: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>({
        start(controller) {
          if (head.length > 0) controller.enqueue(head);
          if (first.done === true) controller.close();
        },
        async pull(controller) {
          const next = await rawReader.read();
          if (next.done) controller.close();
          else {
            read += next.value.length;
            controller.enqueue(next.value);
          }
        },
        cancel(reason) {
          return rawReader.cancel(reason);
        },
      });
      if (isGzip) stream = stream.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
      this.reader = stream.getReader();
      let sliceStart = performance.now();
      for (;;) {
        if (this.isCancelled) break;
        const next = await this.reader.read();
        if (next.done || this.isCancelled) break;
        const chunk = next.value;
        this.chunks.push(chunk);
        this.chunkStarts.push(this.byteCount);
        this.byteCount += chunk.length;
        const completed: PyValue[] = [];
        try {
          // pushTo keeps the records a chunk completed before a bad byte later in it.
          unpickler.pushTo(chunk, completed);
        } finally {
          const spans = unpickler.recordSpans;
          for (let i = 0; i < completed.length; i++) {
            const row = this.addRecord(completed[i]!, spans[2 * i]!, spans[2 * i + 1]!);
            if (row !== null) rows.push(row);
          }
          // The records this chunk completed, audited as one batch elsewhere while decoding goes on.
          if (completed.length > 0) this.audit(this.recordCount - completed.length, spans[0]!, spans[2 * completed.length - 1]!);
        }
        if (rows.length > 0 || performance.now() - sliceStart > SLICE_MS) {
          this.postProgress(read, total, rows);
          rows = [];
        }
        if (performance.now() - sliceStart > SLICE_MS) {
          // Let the page's requests (tree, pictures, cancel) in between chunks.
          await new Promise((resolve) => setTimeout(resolve, 0));
          sliceStart = performance.now();
        }
      }
      if (this.isCancelled) {
        this.postProgress(read, total, rows);
        this.post({ type: "done", id: this.id, state: "cancelled", error: null, isGzip });
        return;
      }
      unpickler.end();
      this.postProgress(read, total, rows);
      this.post({ type: "done", id: this.id, state: "done", error: null, isGzip });
    } catch (error) {
      // Bytes after the last whole record: the audit says what they would have done.
      if (this.byteCount > this.lastEnd) this.audit(this.recordCount, this.lastEnd, this.byteCount);
      // A PickleError's message already says where ("record N at byte B: ..."); it can quote the pickle, so it is shortened.
      const message = errorText(error);
      this.postProgress(read, total, rows);
      this.post({ type: "done", id: this.id, state: "error", error: message, isGzip });
    } finally {
      this.reader = null;
      this.isReading = false;
      this.postVerdict();
    }
  }

  cancel(): void {
    this.isCancelled = true;
    void this.reader?.cancel().catch(() => {});
  }

  private postProgress(read: number, total: number | null, rows: RecordRow[]): void {
    this.post({ type: "progress", id: this.id, read, total, recordCount: this.recordCount, records: rows });
  }

  /** Counts a record; lists it (keeps its value, makes its row) while fewer than MAX_LISTED_RECORDS are listed. */
  private addRecord(value: PyValue, start: number, end: number): RecordRow | null {
    const index = this.recordCount++;
    this.lastEnd = end;
    if (index >= MAX_LISTED_RECORDS) return null;
    this.records.push(value);
    this.spans.push(start, end);
    const bytes = this.bytes(start, Math.min(end, start + 2));
    return {
      index,
      offset: start,
      size: end - start,
      protocol: bytes[0] === 0x80 && bytes.length > 1 ? bytes[1]! : null,
      type: typeName(value),
      preview: pyRepr(value, PREVIEW_CHARS),
    };
  }

  private audit(first: number, start: number, end: number): void {
    this.pendingBatches++;
    this.auditor.submit(this.id, this.batches++, this.bytes(start, end), first, start);
  }

  /** Folds a batch's audit into the file's verdict and reasons (one entry per distinct reason). */
  audited(audit: BatchAudit): void {
    this.pendingBatches--;
    for (const reason of audit.reasons) this.addReason(reason);
    if (RANK[audit.verdict] > RANK[this.verdict]) this.verdict = audit.verdict;
    this.postVerdict();
  }

  private postVerdict(): void {
    const isFinal = !this.isReading && this.pendingBatches === 0;
    const shown = `${this.verdict} ${this.reasons.size} ${isFinal}`;
    if (shown === this.shownVerdict) return;
    this.shownVerdict = shown;
    this.post({ type: "verdict", id: this.id, verdict: this.verdict, reasons: [...this.reasons.values()], isFinal });
  }

  private addReason(reason: VerdictReason): void {
    const known = this.reasons.get(reason.reason);
    if (known !== undefined) {
      const verdict = RANK[reason.verdict] > RANK[known.verdict] ? reason.verdict : known.verdict;
      this.reasons.set(reason.reason, { ...known, count: known.count + reason.count, verdict });
      return;
    }
    if (this.reasons.size < MAX_REASONS) this.reasons.set(reason.reason, reason);
  }

  /** A copy of bytes [start, end) of what was read. */
  private bytes(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start);
    let low = 0;
    let high = this.chunkStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.chunkStarts[mid]! <= start) low = mid;
      else high = mid - 1;
    }
    for (let i = low; i < this.chunks.length && this.chunkStarts[i]! < end; i++) {
      const chunk = this.chunks[i]!;
      const chunkStart = this.chunkStarts[i]!;
      const from = Math.max(start, chunkStart) - chunkStart;
      const to = Math.min(end, chunkStart + chunk.length) - chunkStart;
      out.set(chunk.subarray(from, to), chunkStart + from - start);
    }
    return out;
  }

  private resolve(record: number, path: NodePath): TreeNode | undefined {
    if (record < 0 || record >= this.records.length) return undefined;
    let node: TreeNode = this.records[record]!;
    for (const index of path) {
      const child = childAt(node, index);
      if (child === undefined) return undefined;
      node = child.node;
    }
    return node;
  }

  children(req: number, record: number, path: NodePath, start: number, count: number): void {
    const node = this.resolve(record, path);
    this.post({ type: "children", req, nodes: node === undefined ? [] : describeChildren(node, start, count) });
  }

  node(req: number, record: number, path: NodePath): void {
    const node = this.resolve(record, path);
    this.post({ type: "node", req, node: node === undefined ? null : describe(node, "", null) });
  }

  pixels(req: number, record: number, path: NodePath, shape: readonly number[], start: number, count: number, maxSide: number): void {
    const node = this.resolve(record, path);
    try {
      if (!(node instanceof NdView) && !(typeof node === "object" && node !== null && "dtype" in node && "shape" in node)) throw new Error("not a numpy array");
      const view = node instanceof NdView ? node : NdView.of(node as never);
      const result = picturePixels(view, shape, start, count, maxSide);
      this.post({ type: "pixels", req, ...result, error: null }, result.images.map((image) => image.buffer as ArrayBuffer));
    } catch (error) {
      this.post({ type: "pixels", req, width: 0, height: 0, step: 1, images: [], error: errorText(error) });
    }
  }

  rows(req: number, record: number, path: NodePath, start: number, count: number, columnStart: number, columnCount: number): void {
    const node = this.resolve(record, path);
    try {
      if (!(node instanceof PdDataFrame)) throw new Error("not a pandas DataFrame");
      this.post({ type: "rows", req, ...tableRows(node, start, count, columnStart, columnCount), error: null });
    } catch (error) {
      this.post({ type: "rows", req, columns: [], rows: [], error: errorText(error) });
    }
  }

  dis(req: number, record: number): void {
    if (record < 0 || record >= this.records.length) {
      this.post({ type: "dis", req, text: "" });
      return;
    }
    const bytes = this.bytes(this.spans[2 * record]!, this.spans[2 * record + 1]!);
    const lines: string[] = [];
    let chars = 0;
    try {
      for (const line of disLines(bytes, { recordIndex: record })) {
        if (lines.length === MAX_DIS_LINES) {
          lines.push(`... (the first ${MAX_DIS_LINES} opcodes; pkl-stream inspect --dis prints them all)`);
          break;
        }
        const short = disLine(line);
        if (chars + short.length > MAX_DIS_CHARS) {
          lines.push(`... (the first ${MAX_DIS_CHARS} characters; pkl-stream inspect --dis prints it all)`);
          break;
        }
        chars += short.length + 1;
        lines.push(short);
      }
    } catch (error) {
      lines.push(`error: ${errorText(error)}`);
    }
    this.post({ type: "dis", req, text: lines.join("\n") });
  }
}
