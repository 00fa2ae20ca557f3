import { base64Length, encodeBase64Into } from "../json/base64.js";
import { floatRepr } from "../json/float-repr.js";
import { defaultOutputBudget } from "../json/output-budget.js";
import { decline, type TapeConsumer, type TapeDriver } from "./tape-driver.js";
import {
  FIRST_DYNAMIC,
  K_BYTES,
  K_COPY,
  K_DICT,
  K_FALSE,
  K_FLOAT,
  K_INT,
  K_LIST,
  K_LONG,
  K_NONE,
  K_STR,
  K_TRUE,
  K_TUPLE,
  MEMOIZED,
  OPEN,
  type Tape,
} from "./tape.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Nesting deeper than this is left to the value path (its writer is iterative). */
const MAX_DEPTH = 200;
/** Nested dicts up to this size are checked for repeated keys pairwise; bigger ones with a Set. */
const PAIRWISE_KEY_CHECK = 16;
/** Key kinds for repeated-key checks: equal key text means an equal key only within one kind. */
const KEY_STR = 1;
const KEY_INT = 2;
const HEX = "0123456789abcdef";
/** Past this, `take()` hands the buffer over instead of copying it. */
const HAND_OVER_BYTES = 1 << 22;

/** What goes around each record's JSON: a prefix (NDJSON with metadata) and a suffix (newline). */
export interface RecordFraming {
  /** UTF-8 bytes written before the record's value, from its index and absolute offset. */
  readonly prefix?: (recordIndex: number, offset: number) => Uint8Array;
  /** ASCII text written after the record's value. */
  readonly suffix: string;
}

/**
 * Writes JSON (the project's JSON mapping) straight from the tape: str bytes copied from the
 * input (escaped as JSON.stringify would), numbers formatted from their bytes, a memoized value
 * met again copied from where it was written first. Output equals JsonWriter's for the value the
 * Unpickler would build with `dict: "map"` and `wrapIntegralFloats: true`; anything it cannot
 * write exactly (a cycle, a repeated dict key, a key that is not str or int, the output budget)
 * declines, and the engine writes the record from values instead.
 */
export class JsonTapeWriter implements TapeConsumer {
  out = new Uint8Array(1 << 16);
  pos = 0;
  /** Output of complete records ends here; bytes before `taken` were handed out already. */
  committed = 0;
  taken = 0;
  private recordOutStart = 0;
  private budget = 0;
  private rootCount = 0;
  private isRootOpen = false;
  private input: Uint8Array = new Uint8Array(0);
  private inputView = new DataView(this.input.buffer);
  /** Root dict keys written (for repeated keys): open addressing on key hashes. */
  private readonly rootKeys = new RootKeyTable();
  private readonly keySpans: number[] = [];
  /**
   * True while a root batch is written: memoized values then become K_COPY (their output span),
   * since their nodes go after the batch. At the end of a record nothing refers to them again.
   */
  private isStreaming = false;

  constructor(
    private readonly framing: RecordFraming,
    private readonly fixedBudget: number | undefined,
    private readonly driverOffset: () => number,
  ) {}

  beginRecord(recordIndex: number): void {
    this.recordOutStart = this.pos;
    this.rootCount = 0;
    this.isRootOpen = false;
    this.rootKeys.reset();
    const prefix = this.framing.prefix;
    if (prefix !== undefined) this.appendBytes(prefix(recordIndex, this.driverOffset()));
  }

  abortRecord(): void {
    this.pos = this.recordOutStart;
    this.isStreaming = false;
  }

  rootItems(tape: Tape, driver: TapeDriver, root: number, items: Int32Array, from: number, to: number, inputBytes: number): void {
    this.bind(driver, inputBytes);
    const isDict = tape.kinds[root] === K_DICT;
    if (!this.isRootOpen) {
      this.isRootOpen = true;
      this.byte(isDict ? 0x7b : 0x5b);
    }
    tape.flags[root] = tape.flags[root]! | OPEN;
    this.isStreaming = true;
    // Items added while something else was open come first.
    this.writeRuns(tape, driver, root, isDict, 1);
    for (let i = from; i < to; i += isDict ? 2 : 1) {
      if (this.rootCount++ > 0) this.byte(COMMA);
      if (isDict) {
        const keyStart = this.pos;
        const keyKind = this.writeKey(tape, driver, items[i]!);
        if (this.rootKeys.addOrFind(this.out, keyStart, this.pos, keyKind)) decline();
        this.byte(COLON);
        this.write(tape, driver, items[i + 1]!, 1);
      } else {
        this.write(tape, driver, items[i]!, 1);
      }
    }
    tape.flags[root] = tape.flags[root]! & ~OPEN;
    this.isStreaming = false;
    this.checkBudget();
  }

  endRecord(tape: Tape, driver: TapeDriver, top: number, isStreamedRoot: boolean, inputBytes: number): void {
    this.bind(driver, inputBytes);
    if (isStreamedRoot) {
      const isDict = tape.kinds[top] === K_DICT;
      tape.flags[top] = tape.flags[top]! | OPEN;
      this.writeRuns(tape, driver, top, isDict, 1);
      tape.flags[top] = tape.flags[top]! & ~OPEN;
      this.byte(isDict ? 0x7d : 0x5d);
    } else {
      this.write(tape, driver, top, 0);
    }
    this.checkBudget();
    this.ascii(this.framing.suffix);
    this.committed = this.pos;
  }

  /** Appends text known to be ASCII or already UTF-8-safe JSON (a value path record is copied with `appendBytes`). */
  appendBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.out.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Marks everything written so far as complete records. */
  commit(): void {
    this.committed = this.pos;
  }

  /** The bytes of complete records not handed out yet (a copy). */
  take(): Uint8Array {
    if (this.pos === this.committed && this.committed - this.taken > HAND_OVER_BYTES) {
      // Much output and nothing in progress: hand the buffer over instead of copying it.
      const bytes = this.out.subarray(this.taken, this.committed);
      this.out = new Uint8Array(1 << 16);
      this.pos = 0;
      this.committed = 0;
      this.taken = 0;
      this.recordOutStart = 0;
      return bytes;
    }
    const bytes = this.out.slice(this.taken, this.committed);
    this.taken = this.committed;
    if (this.pos === this.committed) {
      // Nothing of a record in progress: start at the buffer's beginning again.
      // (A record in progress has written nothing then: its output starts at 0 as well.)
      this.pos = 0;
      this.committed = 0;
      this.taken = 0;
      this.recordOutStart = 0;
      if (this.out.length > 1 << 24) this.out = new Uint8Array(1 << 16);
    }
    return bytes;
  }

  /** Bytes of complete records waiting to be taken. */
  get pending(): number {
    return this.committed - this.taken;
  }

  private bind(driver: TapeDriver, inputBytes: number): void {
    if (this.input !== driver.window) {
      this.input = driver.window;
      this.inputView = new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
    }
    this.budget = this.fixedBudget ?? defaultOutputBudget(inputBytes);
  }

  private checkBudget(): void {
    if (this.pos - this.recordOutStart > this.budget) decline();
  }

  private writeRuns(tape: Tape, driver: TapeDriver, root: number, isDict: boolean, depth: number): void {
    const children = tape.children;
    for (let run = tape.firstRun[root]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i += isDict ? 2 : 1) {
        if (this.rootCount++ > 0) this.byte(COMMA);
        if (isDict) {
          const keyStart = this.pos;
          const keyKind = this.writeKey(tape, driver, children[i]!);
          if (this.rootKeys.addOrFind(this.out, keyStart, this.pos, keyKind)) decline();
          this.byte(COLON);
          this.write(tape, driver, children[i + 1]!, depth);
        } else {
          this.write(tape, driver, children[i]!, depth);
        }
      }
    }
    tape.firstRun[root] = -1;
  }

  private write(tape: Tape, driver: TapeDriver, id: number, depth: number): void {
    if (id < 0) {
      this.copy(driver.memoSpanStart(id), driver.memoSpanEnd(id));
      return;
    }
    const start = this.pos;
    const kind = tape.kinds[id]!;
    switch (kind) {
      case K_NONE:
        this.ascii("null");
        return;
      case K_TRUE:
        this.ascii("true");
        return;
      case K_FALSE:
        this.ascii("false");
        return;
      case K_INT:
        this.int32(tape.nodeA[id]!);
        break;
      case K_LONG:
        this.long(tape.nodeA[id]!, tape.nodeB[id]!);
        break;
      case K_FLOAT: {
        const value = this.inputView.getFloat64(tape.nodeA[id]!, false);
        this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
        break;
      }
      case K_STR:
        this.string(tape.nodeA[id]!, tape.nodeB[id]!);
        break;
      case K_BYTES: {
        const at = tape.nodeA[id]!;
        const length = tape.nodeB[id]!;
        this.reserve(base64Length(length) + 2);
        this.out[this.pos++] = QUOTE;
        this.pos = encodeBase64Into(this.input.subarray(at, at + length), this.out, this.pos);
        this.out[this.pos++] = QUOTE;
        break;
      }
      case K_COPY:
        this.copy(tape.nodeA[id]!, tape.nodeB[id]!);
        return;
      case K_LIST:
      case K_TUPLE:
      case K_DICT: {
        if (depth >= MAX_DEPTH || (tape.flags[id]! & OPEN) !== 0) decline();
        if (this.pos - this.recordOutStart > this.budget) decline();
        tape.flags[id] = tape.flags[id]! | OPEN;
        if (kind === K_DICT) this.dict(tape, driver, id, depth);
        else this.array(tape, driver, id, depth);
        tape.flags[id] = tape.flags[id]! & ~OPEN;
        break;
      }
      default:
        decline();
    }
    if (this.isStreaming && (tape.flags[id]! & MEMOIZED) !== 0 && id >= FIRST_DYNAMIC) {
      // Written once; later uses copy these bytes (and the node may go after a root batch).
      tape.origins[id] = kind;
      tape.kinds[id] = K_COPY;
      tape.nodeA[id] = start;
      tape.nodeB[id] = this.pos;
      tape.flags[id] = tape.flags[id]! & ~MEMOIZED;
    }
  }

  private array(tape: Tape, driver: TapeDriver, id: number, depth: number): void {
    this.byte(0x5b);
    const children = tape.children;
    let count = 0;
    for (let run = tape.firstRun[id]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i++) {
        if (count++ > 0) this.byte(COMMA);
        this.write(tape, driver, children[i]!, depth + 1);
      }
    }
    this.byte(0x5d);
  }

  private dict(tape: Tape, driver: TapeDriver, id: number, depth: number): void {
    this.byte(0x7b);
    const children = tape.children;
    const spans = this.keySpans;
    const spanBase = spans.length;
    let count = 0;
    for (let run = tape.firstRun[id]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i += 2) {
        if (count++ > 0) this.byte(COMMA);
        const keyStart = this.pos;
        const keyKind = this.writeKey(tape, driver, children[i]!);
        spans.push(keyStart, this.pos, keyKind);
        this.byte(COLON);
        this.write(tape, driver, children[i + 1]!, depth + 1);
      }
    }
    if (count > 1 && this.hasRepeatedKey(spanBase, count)) decline();
    spans.length = spanBase;
    this.byte(0x7d);
  }

  /** A dict key as JSON text; returns its kind for repeated-key checks. str and int keys only. */
  private writeKey(tape: Tape, driver: TapeDriver, id: number): number {
    if (id < 0) {
      const origin = driver.memoOrigin(id);
      if (origin !== K_STR) decline();
      this.copy(driver.memoSpanStart(id), driver.memoSpanEnd(id));
      return KEY_STR;
    }
    const kind = tape.kinds[id]!;
    if (kind === K_STR || (kind === K_COPY && tape.origins[id] === K_STR)) {
      this.write(tape, driver, id, 0);
      return KEY_STR;
    }
    if (kind === K_INT || kind === K_LONG) {
      this.byte(QUOTE);
      this.write(tape, driver, id, 0);
      this.byte(QUOTE);
      return KEY_INT;
    }
    return decline();
  }

  private hasRepeatedKey(spanBase: number, count: number): boolean {
    const spans = this.keySpans;
    const out = this.out;
    if (count <= PAIRWISE_KEY_CHECK) {
      for (let i = 0; i < count; i++) {
        const a = spanBase + 3 * i;
        const aStart = spans[a]!;
        const aLength = spans[a + 1]! - aStart;
        for (let j = i + 1; j < count; j++) {
          const b = spanBase + 3 * j;
          const bStart = spans[b]!;
          if (spans[b + 1]! - bStart !== aLength || spans[b + 2] !== spans[a + 2]) continue;
          let k = 0;
          while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
          if (k === aLength) return true;
        }
      }
      return false;
    }
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const a = spanBase + 3 * i;
      let key = String(spans[a + 2]);
      for (let k = spans[a]!; k < spans[a + 1]!; k++) key += String.fromCharCode(out[k]!);
      if (seen.has(key)) return true;
      seen.add(key);
    }
    return false;
  }

  // ---- bytes

  private reserve(count: number): void {
    const needed = this.pos + count;
    if (needed <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.out.subarray(0, this.pos));
    this.out = grown;
  }

  private byte(code: number): void {
    if (this.pos === this.out.length) this.reserve(1);
    this.out[this.pos++] = code;
  }

  private ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const out = this.out;
    let pos = this.pos;
    for (let i = 0; i < length; i++) out[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  private copy(from: number, to: number): void {
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

  private int32(value: number): void {
    this.reserve(11);
    const out = this.out;
    let pos = this.pos;
    if (value < 0) {
      out[pos++] = 0x2d;
      if (value === -2147483648) {
        this.pos = pos;
        this.ascii("2147483648");
        return;
      }
      value = -value;
    }
    if (value < 10) {
      out[pos++] = 0x30 + value;
    } else {
      const first = pos;
      while (value > 0) {
        const digit = value % 10;
        out[pos++] = 0x30 + digit;
        value = (value - digit) / 10;
      }
      for (let i = first, j = pos - 1; i < j; i++, j--) {
        const t = out[i]!;
        out[i] = out[j]!;
        out[j] = t;
      }
    }
    this.pos = pos;
  }

  /** LONG1's little-endian two's complement as decimal digits. */
  private long(at: number, length: number): void {
    const input = this.input;
    if (length === 0) {
      this.byte(0x30);
      return;
    }
    if (length <= 6) {
      let value = 0;
      for (let i = length - 1; i >= 0; i--) value = value * 256 + input[at + i]!;
      if (input[at + length - 1]! >= 0x80) value -= 2 ** (8 * length);
      this.ascii(String(value));
      return;
    }
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(input[at + i]!);
    if (input[at + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
    this.ascii(value.toString());
  }

  /** A JSON string from well-formed UTF-8: as JSON.stringify escapes it, non-ASCII copied as is. */
  private string(at: number, length: number): void {
    this.reserve(length + 2);
    const input = this.input;
    let out = this.out;
    let pos = this.pos;
    out[pos++] = QUOTE;
    const end = at + length;
    for (let i = at; i < end; i++) {
      const code = input[i]!;
      if (code >= 0x20 && code !== QUOTE && code !== BACKSLASH) {
        out[pos++] = code;
        continue;
      }
      // An escape: at most 6 bytes for this one, and room for the rest as is.
      this.pos = pos;
      this.reserve(6 + (end - i) + 1);
      out = this.out;
      pos = this.pos;
      out[pos++] = BACKSLASH;
      switch (code) {
        case QUOTE:
          out[pos++] = QUOTE;
          break;
        case BACKSLASH:
          out[pos++] = BACKSLASH;
          break;
        case 0x08:
          out[pos++] = 0x62;
          break;
        case 0x09:
          out[pos++] = 0x74;
          break;
        case 0x0a:
          out[pos++] = 0x6e;
          break;
        case 0x0c:
          out[pos++] = 0x66;
          break;
        case 0x0d:
          out[pos++] = 0x72;
          break;
        default:
          out[pos++] = 0x75;
          out[pos++] = 0x30;
          out[pos++] = 0x30;
          out[pos++] = HEX.charCodeAt(code >> 4);
          out[pos++] = HEX.charCodeAt(code & 15);
      }
    }
    out[pos++] = QUOTE;
    this.pos = pos;
  }
}

/** Keys up to this count are compared one by one; past it through a hash table. */
const LINEAR_KEYS = 16;

/**
 * The root dict's keys so far, by their JSON text and kind, to find a repeated key (a giant root
 * has millions; most records' roots a handful). One table serves every record.
 */
class RootKeyTable {
  private slots: Int32Array | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private count = 0;

  reset(): void {
    this.count = 0;
    this.slots = null;
  }

  /** Adds the key out[start, end); returns true when an equal key was there already. */
  addOrFind(out: Uint8Array, start: number, end: number, kind: number): boolean {
    if (this.count < LINEAR_KEYS) {
      for (let entry = 0; entry < this.count; entry++) if (this.isSame(out, entry, start, end, kind)) return true;
      this.store(start, end, kind);
      return false;
    }
    if (this.slots === null || this.count * 2 >= this.slots.length) this.rehash(out);
    const slots = this.slots!;
    const mask = slots.length - 1;
    let slot = hashBytes(out, start, end, kind) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry < 0) break;
      if (this.isSame(out, entry, start, end, kind)) return true;
      slot = (slot + 1) & mask;
    }
    slots[slot] = this.store(start, end, kind);
    return false;
  }

  private isSame(out: Uint8Array, entry: number, start: number, end: number, kind: number): boolean {
    const entryStart = this.starts[entry]!;
    const length = end - start;
    if (this.kinds[entry] !== kind || this.ends[entry]! - entryStart !== length) return false;
    let k = 0;
    while (k < length && out[entryStart + k] === out[start + k]) k++;
    return k === length;
  }

  private store(start: number, end: number, kind: number): number {
    const entry = this.count++;
    if (entry === this.starts.length) {
      this.starts = grow32(this.starts);
      this.ends = grow32(this.ends);
      const kinds = new Uint8Array(this.kinds.length * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
    }
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.kinds[entry] = kind;
    return entry;
  }

  private rehash(out: Uint8Array): void {
    let size = 1 << 6;
    while (size < this.count * 4) size *= 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashBytes(out, this.starts[entry]!, this.ends[entry]!, this.kinds[entry]!) & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

function grow32(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** FNV-1a over the bytes and the kind. */
function hashBytes(bytes: Uint8Array, start: number, end: number, kind: number): number {
  let hash = 0x811c9dc5 ^ kind;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}
