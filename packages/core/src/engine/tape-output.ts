import { defaultOutputBudget } from "../json/output-budget.js";
import { hasRepeatedKeySpan, RootKeyTable } from "./root-keys.js";
import { K_COPY, K_DICT, K_LIST, MEMOIZED, OPEN, type Tape } from "./tape.js";
import { decline, type TapeConsumer, TapeDriver } from "./tape-driver.js";
import type { OutputSpill } from "./tape-engine.js";

/** What goes around each record: a prefix (NDJSON with metadata) and a suffix (newline). */
export interface RecordFraming {
  /** Bytes written before the record's value, from its index and absolute offset. */
  readonly prefix?: (recordIndex: number, offset: number) => Uint8Array;
  /** ASCII text written after the record's value. */
  readonly suffix: string;
}

/** Nesting deeper than this is left to the value path (its writers are iterative or limited). */
const MAX_DEPTH = 200;
/** Past this, the output not taken yet moves to the buffer's start between records (commit). */
const COMPACT_BYTES = 1 << 21;
/** Past this, `take()` hands the buffer over instead of copying it. */
const HAND_OVER_BYTES = 1 << 22;
/** A giant root's output is made room for at once only past this much input (see rootItems). */
const PRESIZE_MIN_INPUT = 1 << 24;
const PRESIZE_MAX = 2 ** 31 - 1;
/** A giant root's output is handed to the spill (when there is one) every this many bytes. */
const SPILL_BYTES = 8 << 20;

/**
 * What every byte writer over the tape shares: the output buffer (records complete, handed
 * out, in progress), framing, the output budget, a giant root written batch by batch, and the
 * repeated-key checks. A subclass says how values, keys and the root's brackets are written.
 */
export abstract class TapeOutput implements TapeConsumer {
  out: Uint8Array = new Uint8Array(1 << 16);
  pos = 0;
  /** Output of complete records ends here; bytes before `taken` were handed out already. */
  protected committed = 0;
  protected taken = 0;
  protected recordOutStart = 0;
  protected budget = 0;
  /** Entries (dict pairs or list items) of the streamed root written so far. */
  protected rootCount = 0;
  protected isRootOpen = false;
  protected input: Uint8Array = new Uint8Array(0);
  protected inputView = new DataView(this.input.buffer);
  private readonly rootKeys = new RootKeyTable();
  /** For nested dicts past a few keys (hasRepeatedKeySpan). */
  private readonly nestedKeys = new RootKeyTable();
  /** Key spans of the dicts being written: start, end, kind per key. */
  protected keySpans = new Int32Array(3 * 64);
  /** Used length of keySpans. */
  protected keySpanTop = 0;
  /**
   * True while a root batch is written: memoized values then become K_COPY (their output span),
   * since their nodes go after the batch. At the end of a record nothing refers to them again.
   */
  protected isStreaming = false;
  /**
   * Entries mode (the decoder's `emit: "entries"`): each entry of a record's root container is
   * written as a record of its own (`[key, value]` for a dict, the item for a list, the value
   * itself for any other root), and each root batch is committed as it is written, so output
   * streams while a giant record arrives. Set before the first record.
   */
  emitsEntries = false;
  /** Entries of the current record written and committed (a declined record's value path skips them). */
  entriesInRecord = 0;
  /** Entries written in all. */
  entriesWritten = 0;
  /**
   * Output bytes of the current record's entries (committed or not): held, all together, to the
   * record's budget, as a whole record's output is. Each entry alone stayed under it while a
   * memo bomb's thousands of entries (`[s] * 8000`, `s` 256 KiB: 278 KB of pickle) wrote 2 GB.
   */
  entriesBytesInRecord = 0;
  /** entriesBytesInRecord at the last commit: what a declined record's value path counts as written. */
  entriesBytesCommitted = 0;
  /** The budget of the current record's entries together: that of the record's bytes read so far. */
  private entriesBudget = 0;
  /** Entries written since the last commit. */
  private countSinceCommit = 0;
  private isInRecord = false;
  /**
   * Where a giant root's batches may go while its record is still open (TapeEngine's `spill`):
   * each few MiB written are handed out as a view (the bytes stay, memo copies read them), and
   * `take()` returns only what follows. A record that declines discards what it handed out; a
   * spilled msgpack root's head is patched with its count at the record's end (spillOpenRootIfDue).
   */
  spill: OutputSpill | undefined = undefined;
  /** How much output gathers before it goes to `spill`. */
  spillBytes = SPILL_BYTES;
  /**
   * Whether a streamed root's first bytes are final once written (JSON's `{`). MsgpackTapeWriter's
   * root head takes the count's width at the end (closeRoot), so rootItems never spills it (that
   * path is entries mode only, which has no spill); the one-pass msgpack driver spills its root
   * through spillOpenRootIfDue once the head's width is final.
   */
  protected readonly isRootHeadFinal: boolean = false;
  /**
   * About how many output bytes a byte of plain pickle data makes: a giant root's output is
   * made room for at once from the input's size (0: grown as written).
   */
  protected readonly outputPerInputByte: number = 0;
  /** Output before this was handed to `spill` while the record in progress was open (0: none). */
  protected spilledEnd = 0;
  /** The open root's head spilled before its count was known: where it starts (-1: none), its length. */
  private spilledHeadAt = -1;
  private spilledHeadBytes = 0;
  /**
   * Views of `out` went to the spill (written on another thread, perhaps still): once its
   * records are taken the buffer is replaced, not written from its start again.
   */
  private hasSpilledViews = false;

  constructor(
    private readonly framing: RecordFraming,
    /** The output allowed per record when given (else the budget of each record's size). */
    protected readonly fixedBudget: number | undefined,
  ) {}

  /** The driver that reads opcodes for this writer (the msgpack writer's writes as it reads). */
  createDriver(maxBytesLength: number, _isEntries: boolean): TapeDriver {
    return new TapeDriver(this, maxBytesLength);
  }

  /** Writes a value (node id or memo copy). */
  protected abstract write(tape: Tape, driver: TapeDriver, id: number, depth: number): void;
  /** Writes a dict key; returns its kind for repeated-key checks (declines other kinds). */
  protected abstract writeKey(tape: Tape, driver: TapeDriver, id: number): number;
  /** The streamed root's opening, before its first entry. */
  protected abstract openRoot(isDict: boolean): void;
  /** The streamed root's end, once `count` entries were written. */
  protected abstract closeRoot(isDict: boolean, count: number): void;
  /** Between two entries of the streamed root, and between a key and its value. */
  protected abstract entrySeparator(index: number): void;
  protected abstract keySeparator(): void;
  /** Around an entry of a root dict, written as the 2-tuple `(key, value)`: open, between, close. */
  protected abstract openPair(): void;
  protected abstract pairSeparator(): void;
  protected abstract closePair(): void;

  beginRecord(recordIndex: number, offset: number): void {
    this.isInRecord = true;
    this.entriesInRecord = 0;
    this.entriesBytesInRecord = 0;
    this.entriesBytesCommitted = 0;
    this.countSinceCommit = 0;
    this.recordOutStart = this.pos;
    this.rootCount = 0;
    this.isRootOpen = false;
    this.rootKeys.reset();
    // A record that declined inside a dict left its key spans.
    this.keySpanTop = 0;
    const prefix = this.framing.prefix;
    if (prefix !== undefined) this.appendBytes(prefix(recordIndex, offset));
  }

  abortRecord(): void {
    this.spilledHeadAt = -1;
    if (this.spilledEnd > 0) {
      // The record's spilled bytes are dropped; the records before it went out with them.
      this.spill!.discard(this.spilledEnd - this.recordOutStart);
      this.taken = this.recordOutStart;
      this.spilledEnd = 0;
    }
    // In entries mode the batches committed so far stay written.
    this.pos = this.emitsEntries ? this.committed : this.recordOutStart;
    this.countSinceCommit = 0;
    this.isStreaming = false;
    this.isInRecord = false;
  }

  rootItems(tape: Tape, driver: TapeDriver, root: number, items: Int32Array, from: number, to: number, inputBytes: number): void {
    if (!this.isRootOpen && !this.emitsEntries && this.outputPerInputByte > 0) {
      // Before a giant root's first batch: room for its whole output when the input's size is
      // known, so the buffer is not copied at every growth on the way to hundreds of MB (its
      // untouched tail costs no memory).
      const rest = driver.inputSizeHint - driver.recordOffset;
      if (rest > PRESIZE_MIN_INPUT) this.reserve(Math.min(Math.ceil(rest * this.outputPerInputByte), PRESIZE_MAX - this.pos));
    }
    this.bind(driver, inputBytes);
    const isDict = tape.kinds[root] === K_DICT;
    if (this.emitsEntries) {
      tape.flags[root] = tape.flags[root]! | OPEN;
      this.isStreaming = true;
      for (let i = from; i < to; i += isDict ? 2 : 1) {
        this.writeEntry(tape, driver, isDict, items[i]!, items[i + 1]!);
        this.countSinceCommit++;
      }
      tape.flags[root] = tape.flags[root]! & ~OPEN;
      this.isStreaming = false;
      this.commitEntries();
      return;
    }
    if (!this.isRootOpen) {
      this.isRootOpen = true;
      this.openRoot(isDict);
    }
    tape.flags[root] = tape.flags[root]! | OPEN;
    this.isStreaming = true;
    // Items added while something else was open come first.
    this.writeRootRuns(tape, driver, root, isDict);
    for (let i = from; i < to; i += isDict ? 2 : 1) this.writeRootEntry(tape, driver, isDict, items[i]!, items[i + 1]!);
    tape.flags[root] = tape.flags[root]! & ~OPEN;
    this.isStreaming = false;
    this.checkBudget();
    if (this.spill !== undefined && this.isRootHeadFinal && this.pos - Math.max(this.taken, this.spilledEnd) >= this.spillBytes) this.spillOpenRecord();
  }

  /** Hands the output not taken yet (the open record's batches so far, the records before it) to `spill`. */
  protected spillOpenRecord(): void {
    const from = Math.max(this.taken, this.spilledEnd);
    this.spill!.write(this.out.subarray(from, this.pos));
    this.spilledEnd = this.pos;
    this.taken = this.pos;
    this.hasSpilledViews = true;
  }

  /**
   * For MsgpackDirectDriver, after a batch of the open root whose head (`headBytes` at `headAt`:
   * map32 or array32) has its final width: the output so far goes to the spill every
   * `spillBytes`, when the spill can patch; the head, with the count, is patched in at the
   * record's end (endDirectRecord). A spill that cannot (a pipe) gets the record whole.
   */
  spillOpenRootIfDue(headAt: number, headBytes: number): void {
    const spill = this.spill;
    if (spill?.patch === undefined || this.pos - Math.max(this.taken, this.spilledEnd) < this.spillBytes) return;
    this.spilledHeadAt = headAt;
    this.spilledHeadBytes = headBytes;
    this.spillOpenRecord();
  }

  endRecord(tape: Tape, driver: TapeDriver, top: number, isStreamedRoot: boolean, inputBytes: number): void {
    this.bind(driver, inputBytes);
    this.isInRecord = false;
    if (this.emitsEntries) {
      this.endEntries(tape, driver, top, isStreamedRoot);
      return;
    }
    if (isStreamedRoot) {
      const isDict = tape.kinds[top] === K_DICT;
      tape.flags[top] = tape.flags[top]! | OPEN;
      this.writeRootRuns(tape, driver, top, isDict);
      tape.flags[top] = tape.flags[top]! & ~OPEN;
      // A repeated key is looked for once, at the end (root-keys.ts).
      if (isDict && this.rootKeys.hasRepeated(this.out)) decline();
      this.closeRoot(isDict, this.rootCount);
    } else {
      this.write(tape, driver, top, 0);
    }
    this.checkBudget();
    this.ascii(this.framing.suffix);
    this.committed = this.pos;
    this.spilledEnd = 0;
  }

  // ---- for the one-pass drivers (json-direct-driver.ts, msgpack-direct-driver.ts), which write into this output

  /** Room for `count` more bytes at `pos`; the buffer (a new one when it grew). */
  room(count: number): Uint8Array {
    this.reserve(count);
    return this.out;
  }

  /** Where the record in progress starts in the output. */
  get recordOutputStart(): number {
    return this.recordOutStart;
  }

  /** The record a one-pass driver wrote is complete. */
  endDirectRecord(): void {
    if (this.spilledHeadAt >= 0) {
      // The head now holds the count; the spilled bytes end at spilledEnd.
      const at = this.spilledHeadAt;
      this.spill!.patch!(this.spilledEnd - at, this.out.slice(at, at + this.spilledHeadBytes));
      this.spilledHeadAt = -1;
    }
    this.ascii(this.framing.suffix);
    this.committed = this.pos;
    this.spilledEnd = 0;
    this.isInRecord = false;
  }

  /** Appends bytes as they are (a record the value path wrote, a prefix). */
  appendBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.out.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Appends ASCII text (a record's suffix). */
  appendAscii(text: string): void {
    this.ascii(text);
  }

  /** Marks everything written so far as complete records. */
  commit(): void {
    this.committed = this.pos;
    // Between records nothing points into the buffer but the output not taken yet: once the
    // buffer's end is far out, that output moves to its start. Else a stream whose chunks end
    // inside records (so take() never finds the buffer empty to start again) writes ever further
    // into a buffer that doubles: 8-16 MiB for cat stream.pkl, and its peak RSS grew with the
    // input's length. Only when the move is a small part of the buffer (amortized: little copying).
    if (!this.isInRecord && this.pos > COMPACT_BYTES && this.pos - this.taken <= this.pos >> 2 && !this.hasSpilledViews && this.spilledEnd === 0) {
      const length = this.pos - this.taken;
      this.out.copyWithin(0, this.taken, this.pos);
      this.taken = 0;
      this.pos = length;
      this.committed = length;
      this.recordOutStart = length;
    }
  }

  /** The bytes of complete records not handed out yet. */
  take(): Uint8Array {
    // An open record handed its batches to the spill: nothing is complete past them yet.
    if (this.taken >= this.committed && this.pos !== this.committed) return new Uint8Array(0);
    // Mid-record in entries mode the buffer stays: memo copies may read entries written before.
    // (Otherwise a record in progress has committed nothing: the buffer may start again.)
    if (this.isInRecord && this.emitsEntries) {
      const bytes = this.copyOut(this.taken, this.committed);
      this.taken = this.committed;
      return bytes;
    }
    if (this.pos === this.committed && this.committed - this.taken > HAND_OVER_BYTES) {
      // Much output and nothing in progress: hand the buffer over instead of copying it.
      const bytes = this.out.subarray(this.taken, this.committed);
      this.out = new Uint8Array(1 << 16);
      this.hasSpilledViews = false;
      this.restart();
      return bytes;
    }
    const bytes = this.copyOut(this.taken, this.committed);
    this.taken = this.committed;
    // Nothing of a record in progress (a record that started has written nothing then either):
    // start at the buffer's beginning again.
    if (this.pos === this.committed) this.restart();
    return bytes;
  }

  /**
   * Makes the array `take()` copies output into (TapeEngineOptions.newOutputBytes): by default a
   * fresh Uint8Array, which the engine zeroes only for the copy to overwrite every byte.
   */
  newOutputBytes: (length: number) => Uint8Array = (length) => new Uint8Array(length);

  /** Makes the output buffer, the memo tables and the input window as they grow (TapeEngineOptions.newWorkBytes). */
  newWorkBytes: (length: number, from: number, to: number) => Uint8Array = (length) => new Uint8Array(length);

  /** Output bytes [from, to) in an array of their own. */
  private copyOut(from: number, to: number): Uint8Array {
    const bytes = this.newOutputBytes(to - from);
    bytes.set(this.out.subarray(from, to));
    return bytes;
  }

  /** Bytes of complete records waiting to be taken. */
  get pending(): number {
    return Math.max(0, this.committed - this.taken);
  }

  private restart(): void {
    if (this.hasSpilledViews) {
      this.out = new Uint8Array(1 << 16);
      this.hasSpilledViews = false;
    }
    this.pos = 0;
    this.committed = 0;
    this.taken = 0;
    this.recordOutStart = 0;
  }

  private writeRootRuns(tape: Tape, driver: TapeDriver, root: number, isDict: boolean): void {
    const children = tape.children;
    for (let run = tape.firstRun[root]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i += isDict ? 2 : 1) this.writeRootEntry(tape, driver, isDict, children[i]!, children[i + 1]!);
    }
    tape.firstRun[root] = -1;
  }

  private writeRootEntry(tape: Tape, driver: TapeDriver, isDict: boolean, first: number, second: number): void {
    this.entrySeparator(this.rootCount++);
    if (!isDict) {
      this.write(tape, driver, first, 1);
      return;
    }
    const keyStart = this.pos;
    const keyKind = this.writeKey(tape, driver, first);
    this.rootKeys.add(this.out, keyStart, this.pos, keyKind);
    this.keySeparator();
    this.write(tape, driver, second, 1);
  }

  // ---- entries mode

  /** One entry as a record: `(key, value)` or the item, then the suffix; its own output budget. */
  private writeEntry(tape: Tape, driver: TapeDriver, isDict: boolean, first: number, second: number): void {
    this.recordOutStart = this.pos;
    if (isDict) {
      this.openPair();
      this.write(tape, driver, first, 1);
      this.pairSeparator();
      this.write(tape, driver, second, 1);
      this.closePair();
    } else {
      this.write(tape, driver, first, 1);
    }
    this.checkBudget();
    this.entriesBytesInRecord += this.pos - this.recordOutStart;
    // Past the record's budget: the value path words the error (after the entries written).
    if (this.entriesBytesInRecord > this.entriesBudget) decline();
    this.ascii(this.framing.suffix);
  }

  private commitEntries(): void {
    const count = this.countSinceCommit;
    this.committed = this.pos;
    this.entriesBytesCommitted = this.entriesBytesInRecord;
    this.entriesInRecord += count;
    this.entriesWritten += count;
    this.countSinceCommit = 0;
  }

  /**
   * At STOP, as the value decoder's entries mode: what the root still holds (a list's items
   * from runs not streamed), or the record's value itself when it is not a dict or list. A dict
   * root that kept entries (built by DICT, not streamed) declines: the decoder's dict would merge
   * repeated keys.
   */
  private endEntries(tape: Tape, driver: TapeDriver, top: number, isStreamedRoot: boolean): void {
    if (top < 0) decline();
    const kind = tape.kinds[top];
    if (isStreamedRoot || kind === K_DICT || kind === K_LIST) {
      const isDict = kind === K_DICT;
      if (isDict && tape.firstRun[top]! >= 0) decline();
      tape.flags[top] = tape.flags[top]! | OPEN;
      const children = tape.children;
      for (let run = tape.firstRun[top]!; run >= 0; run = tape.runNext[run]!) {
        const first = tape.runStart[run]!;
        const last = first + tape.runCount[run]!;
        for (let i = first; i < last; i++) {
          this.writeEntry(tape, driver, false, children[i]!, 0);
          this.countSinceCommit++;
        }
      }
      tape.flags[top] = tape.flags[top]! & ~OPEN;
    } else {
      this.writeEntry(tape, driver, false, top, 0);
      this.countSinceCommit++;
    }
    this.commitEntries();
  }

  /** Before a container's children: a cycle, nesting this deep, or the budget spent declines. */
  protected openContainer(tape: Tape, id: number, depth: number): void {
    if (depth >= MAX_DEPTH || (tape.flags[id]! & OPEN) !== 0) decline();
    if (this.pos - this.recordOutStart > this.budget) decline();
    tape.flags[id] = tape.flags[id]! | OPEN;
  }

  /** A memoized value written while a root batch is: later uses copy its bytes, and its node may go. */
  protected remember(tape: Tape, id: number, kind: number, start: number): void {
    tape.origins[id] = kind;
    tape.kinds[id] = K_COPY;
    tape.nodeA[id] = start;
    tape.nodeB[id] = this.pos;
    tape.flags[id] = tape.flags[id]! & ~MEMOIZED;
  }

  protected bind(driver: TapeDriver, inputBytes: number): void {
    if (this.input !== driver.window) {
      this.input = driver.window;
      this.inputView = new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
    }
    // An entry has no bytes of its own: the value path gives it the budget's floor. The record's
    // entries together get the budget of the record's bytes read so far.
    this.budget = this.fixedBudget ?? defaultOutputBudget(this.emitsEntries ? undefined : inputBytes);
    if (this.emitsEntries) this.entriesBudget = this.fixedBudget ?? defaultOutputBudget(inputBytes);
  }

  protected checkBudget(): void {
    if (this.pos - this.recordOutStart > this.budget) decline();
  }

  /** Records a dict key's output span and kind (for hasRepeatedKey). */
  protected pushKeySpan(start: number, end: number, kind: number): void {
    const top = this.keySpanTop;
    if (top + 3 > this.keySpans.length) {
      const grown = new Int32Array(this.keySpans.length * 2);
      grown.set(this.keySpans);
      this.keySpans = grown;
    }
    this.keySpans[top] = start;
    this.keySpans[top + 1] = end;
    this.keySpans[top + 2] = kind;
    this.keySpanTop = top + 3;
  }

  /** True when two of the `count` keys whose spans start at `spanBase` are the same key. */
  protected hasRepeatedKey(spanBase: number, count: number): boolean {
    return hasRepeatedKeySpan(this.out, this.keySpans, spanBase, spanBase + 3 * count, this.nestedKeys);
  }

  // ---- bytes

  /** Makes room for `count` more bytes (small, so that it inlines; the growing is `grow`'s). */
  protected reserve(count: number): void {
    if (this.pos + count > this.out.length) this.grow(count);
  }

  private grow(count: number): void {
    const needed = this.pos + count;
    // Past 16 MiB (a giant record's output) by 4: fewer copies of what was written, and the
    // untouched tail of a fresh buffer costs no memory until written (zeroed pages are lazy).
    const isGiant = this.out.length >= 1 << 24;
    let size = this.out.length * (isGiant ? 4 : 2);
    while (size < needed) size *= 2;
    // A giant record's output grown again (its input's size unknown: a pipe) is guessed to write
    // as much again as it has, so that much of the new room is asked to be touched ahead
    // (newWorkBytes), not the next bytes only: those faults then cost the other core. Not all the
    // room: MNIST's 283 MB of NDJSON, grown to 1 GiB, then left 740 MB touched and unwritten.
    const grown = this.newWorkBytes(size, this.pos, isGiant ? Math.max(needed, Math.min(size, 2 * this.pos)) : needed);
    grown.set(this.out.subarray(0, this.pos));
    this.out = grown;
  }

  protected byte(code: number): void {
    if (this.pos === this.out.length) this.reserve(1);
    this.out[this.pos++] = code;
  }

  /** Appends ASCII `text`. */
  ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const out = this.out;
    let pos = this.pos;
    for (let i = 0; i < length; i++) out[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Output bytes [from, to) written again (a memoized value met again). */
  protected copy(from: number, to: number): void {
    const length = to - from;
    if (this.pos + length - this.recordOutStart > this.budget) decline();
    this.reserve(length);
    const out = this.out;
    if (length < 32) {
      for (let i = 0; i < length; i++) out[this.pos + i] = out[from + i]!;
    } else {
      out.copyWithin(this.pos, from, to);
    }
    this.pos += length;
  }
}
