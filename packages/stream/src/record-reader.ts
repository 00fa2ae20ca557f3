import { PickleError, type PyValue, Unpickler } from "@pkl-stream/core";
import { notAPickleError } from "@pkl-stream/core/internal";
import { ChunkTail } from "./chunk-tail.js";
import { HeadBytes } from "./head-bytes.js";
import { type LocatedPickleError, locateError } from "./locate-error.js";
import type { CorruptSpan, PickleRecordInfo, ReadSettings } from "./options.js";
import { PROTO, isRecordStart } from "./record-start.js";

/** What the reader hands on: a value, or a value with its location (`metadata: true`). */
export type ReaderOutput = PyValue | PickleRecordInfo;

/** Receives each output as soon as it is complete. */
export type ReaderSink = (output: ReaderOutput) => void;

/** The parts of a core Unpickler the reader uses. */
interface RecordDecoder {
  /** Appends records as they complete, so they survive a later failure in the same chunk. */
  pushTo(chunk: Uint8Array, records: PyValue[]): void;
  readonly recordSpans: readonly number[];
  end(): void;
}

/** A search for the next clean record after a corrupt one (`skipCorrupt`). */
interface Resync {
  /** Absolute offset of the first byte of the bad stretch. */
  readonly badStart: number;
  readonly error: LocatedPickleError;
  /** The next absolute offset that may start a record. */
  nextCandidate: number;
  /** The decoder trying the candidate at `trialStart`, or null between candidates. */
  trial: RecordDecoder | null;
  trialStart: number;
  /** The input is no pickle (`notAPickleError` said what it is): skip all of it, try no candidate. */
  readonly isWholeInput: boolean;
}

/**
 * Turns bytes into records over any chunking, with no Node APIs: the one engine behind
 * `pickleParser`, `PickleParserStream` and `readPickles`.
 *
 * Every record reaches the sink as soon as its STOP is read; an error is thrown only after
 * every record completed before it went to the sink. With `skipCorrupt`, the reader keeps the
 * bytes of the record in progress (references to the chunks, no copies: one record plus the
 * chunk) so that after an error it can search them for the next record that decodes cleanly.
 */
export class RecordReader {
  private readonly settings: ReadSettings;
  /** Held bytes from the record in progress on; null unless `skipCorrupt`. */
  private readonly tail: ChunkTail | null;
  private decoder: RecordDecoder | null;
  /** Absolute offset of the main decoder's first byte (decoders count from their own start). */
  private decoderBase = 0;
  /** Absolute offset where the record in progress starts (the end of the last one). */
  private recordStart = 0;
  /** Absolute offset up to which held bytes went into the main or trial decoder. */
  private fed = 0;
  private delivered = 0;
  /**
   * Has every record decoded so far started with PROTO? Then the search after a corrupt record
   * looks only at PROTO opcodes; one decoded record without (protocol 0 or 1) makes every
   * opcode byte a candidate from then on. Only a decoded record counts: input whose first
   * bytes are neither PROTO nor a record (an ELF binary, random bytes) would otherwise have
   * every opcode byte tried, and bytes that happen to decode come out as records.
   */
  private isProtoLed = true;
  private resync: Resync | null = null;
  private failure: LocatedPickleError | null = null;
  private isEnded = false;
  /** Reused between pushes: records completed by one push. */
  private readonly completed: PyValue[] = [];
  /** The input's first bytes, to say what it is when its first record fails (not a pickle). */
  private readonly head = new HeadBytes();

  constructor(settings: ReadSettings) {
    this.settings = settings;
    this.tail = settings.skipCorrupt ? new ChunkTail() : null;
    this.decoder = this.createDecoder();
  }

  /** Records (or entries) delivered so far. */
  get recordCount(): number {
    return this.delivered;
  }

  /**
   * Where the input's next bytes may be read straight into (the decoder's large payload under
   * way, see core's `Unpickler.payloadTarget`), given the bytes the caller has left; null when
   * they go through `push` as any chunk. Never with `skipCorrupt`: its held bytes are copied.
   */
  payloadTarget(available: number): Uint8Array | null {
    const decoder = this.decoder;
    return this.tail === null && decoder instanceof Unpickler && this.failure === null && !this.isEnded ? decoder.payloadTarget(available) : null;
  }

  /** Decodes `chunk`; sends completed records to `sink`, then throws if the input is bad. */
  push(chunk: Uint8Array, sink: ReaderSink): void {
    this.checkOpen();
    if (chunk.length === 0) return;
    this.head.append(chunk);
    if (this.tail === null) {
      this.feedMain(this.decoder!, chunk, sink);
      return;
    }
    this.tail.append(chunk);
    this.pump(sink, false);
  }

  /** Input is over: sends any remaining records, then throws TruncatedError for a cut record. */
  end(sink: ReaderSink): void {
    this.checkOpen();
    this.isEnded = true;
    if (this.tail === null) {
      this.endMain(this.decoder!);
      return;
    }
    this.pump(sink, true);
  }

  private checkOpen(): void {
    if (this.failure !== null) throw this.failure;
    if (this.isEnded) throw new Error("RecordReader: input already ended");
  }

  private createDecoder(): RecordDecoder {
    return new Unpickler(this.settings.decoder);
  }

  /** Decodes held bytes not decoded yet, switching between decoding and searching. */
  private pump(sink: ReaderSink, isEof: boolean): void {
    const tail = this.tail!;
    for (;;) {
      if (this.resync !== null) {
        if (!this.advanceResync(sink, isEof)) return;
        continue;
      }
      const decoder = this.decoder;
      if (decoder === null) return;
      if (this.fed < tail.end) {
        // Collected first: delivering records drops held chunks.
        for (const piece of [...tail.views(this.fed)]) {
          this.fed += piece.length;
          if (!this.feedMain(decoder, piece, sink)) break;
        }
        continue;
      }
      if (!isEof) return;
      this.endMain(decoder);
    }
  }

  /** Pushes one piece into the main decoder; false when it failed (and `skipCorrupt` is on). */
  private feedMain(decoder: RecordDecoder, piece: Uint8Array, sink: ReaderSink): boolean {
    const completed = this.completed;
    let failure: unknown = null;
    try {
      decoder.pushTo(piece, completed);
    } catch (error) {
      failure = error;
    }
    this.deliver(completed, decoder.recordSpans, sink);
    if (failure === null) return true;
    this.fail(failure);
    return false;
  }

  /** Ends the main decoder; a cut record fails like a corrupt one. */
  private endMain(decoder: RecordDecoder): void {
    try {
      decoder.end();
      this.decoder = null;
    } catch (error) {
      this.fail(error);
    }
  }

  /** Sends the records of one push to the sink (and forgets them here). */
  private deliver(values: PyValue[], spans: readonly number[], sink: ReaderSink): void {
    const { isMetadata, isEntries, file } = this.settings;
    const tail = this.tail;
    const base = this.decoderBase;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const index = this.delivered++;
      if (isEntries) {
        sink(value);
        continue;
      }
      const start = base + spans[2 * i]!;
      const end = base + spans[2 * i + 1]!;
      this.recordStart = end;
      if (tail !== null) {
        if (tail.byteAt(start) !== PROTO) this.isProtoLed = false;
        tail.dropBefore(end);
      }
      sink(isMetadata ? { value, index, offset: start, length: end - start, file } : value);
    }
    values.length = 0;
  }

  /** The main decoder failed: throw (the default), or search for the next clean record. */
  private fail(thrown: unknown): void {
    if (!(thrown instanceof PickleError)) throw thrown;
    // A failure in the input's first record may mean it is no pickle at all: then say what it is.
    const notAPickle = (this.decoderBase === 0 ? notAPickleError(thrown, this.head.bytes()) : undefined) ?? null;
    const error = notAPickle ?? thrown;
    // Entries mode counts entries, not records: the decoder's own record index is the one.
    const recordIndex = this.settings.isEntries ? error.recordIndex : this.delivered;
    const located = locateError(error, this.decoderBase, recordIndex, this.settings.file);
    this.decoder = null;
    if (this.tail === null) {
      this.failure = located;
      throw located;
    }
    this.resync = {
      badStart: this.recordStart,
      error: located,
      nextCandidate: this.recordStart + 1,
      trial: null,
      trialStart: -1,
      // Input that is something else (text, an image, an archive) holds no records to skip to:
      // a search in it would only find bytes that happen to decode. It is one skipped stretch.
      isWholeInput: notAPickle !== null && this.delivered === 0,
    };
  }

  /**
   * Tries candidate record starts in order; the first whose decoder completes a record wins
   * and becomes the main decoder. Returns false when it must wait for more bytes, or is done.
   */
  private advanceResync(sink: ReaderSink, isEof: boolean): boolean {
    const tail = this.tail!;
    const resync = this.resync!;
    if (resync.trial === null) {
      const isProtoLed = this.isProtoLed;
      const start = resync.isWholeInput ? -1 : tail.find(resync.nextCandidate, (byte, next) => isRecordStart(byte, next, isProtoLed, isEof));
      if (start === -1) {
        // Nothing held can start a record: forget it (the stretch's start is remembered).
        resync.nextCandidate = tail.end;
        tail.dropBefore(tail.end);
        if (isEof) {
          this.resync = null;
          this.reportCorrupt(resync, tail.end);
        }
        return false;
      }
      tail.dropBefore(start);
      resync.trial = this.createDecoder();
      resync.trialStart = start;
      this.fed = start;
    }
    const trial = resync.trial;
    const completed = this.completed;
    for (const piece of [...tail.views(this.fed)]) {
      let failure: unknown = null;
      try {
        trial.pushTo(piece, completed);
      } catch (error) {
        if (!(error instanceof PickleError)) throw error;
        failure = error;
      }
      this.fed += piece.length;
      if (completed.length > 0) {
        // A whole record decoded: the candidate is a real start.
        this.acceptTrial(resync);
        this.deliver(completed, trial.recordSpans, sink);
        if (failure !== null) this.fail(failure);
        return true;
      }
      if (failure !== null) {
        resync.trial = null;
        resync.nextCandidate = resync.trialStart + 1;
        return true;
      }
    }
    if (!isEof) return false;
    // Input ended inside the candidate's first record: not a record start after all.
    resync.trial = null;
    resync.nextCandidate = resync.trialStart + 1;
    return true;
  }

  /** The trial decoder found a record: report the bad stretch and make it the main decoder. */
  private acceptTrial(resync: Resync): void {
    this.reportCorrupt(resync, resync.trialStart);
    this.resync = null;
    this.decoder = resync.trial;
    this.decoderBase = resync.trialStart;
    this.recordStart = resync.trialStart;
  }

  private reportCorrupt(resync: Resync, end: number): void {
    const { error } = resync;
    const span: CorruptSpan = {
      offset: resync.badStart,
      length: end - resync.badStart,
      reason: error.message,
      code: error.code,
      file: this.settings.file,
    };
    this.settings.onCorrupt?.(span);
  }
}
