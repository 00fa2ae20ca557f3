import { base64Length, encodeBase64Into } from "../json/base64.js";
import { floatRepr } from "../json/float-repr.js";
import { writeIntDigits } from "../json/int-digits.js";
import { writeShortFloat } from "./float-digits.js";
import { writeJsonEscape } from "./json-escape.js";
import { isWellFormedUtf8 } from "./utf8.js";
import { JsonDirectDriver } from "./json-direct-driver.js";
import { decline, type TapeDriver } from "./tape-driver.js";
import { TapeOutput } from "./tape-output.js";
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
/** Key kinds for repeated-key checks: equal key text means an equal key only within one kind. */
const KEY_STR = 1;
const KEY_INT = 2;

/**
 * Writes JSON (the project's JSON mapping) straight from the tape: str bytes copied from the
 * input (escaped as JSON.stringify would), numbers formatted from their bytes, a memoized value
 * met again copied from where it was written first. Output equals JsonWriter's for the value the
 * Unpickler would build with `dict: "map"` and `wrapIntegralFloats: true`; anything it cannot
 * write exactly (a cycle, a repeated dict key, a key that is not str or int, the output budget)
 * declines, and the engine writes the record from values instead.
 */
export class JsonTapeWriter extends TapeOutput {
  /** `{` or `[` opens a streamed root for good: its batches may spill while it is open. */
  protected override readonly isRootHeadFinal = true;
  /** JSON of plain data is about 1.75x its pickle (records.pkl: 149 MB -> 260 MB). */
  protected override readonly outputPerInputByte = 1.8;

  /** Records are written in one pass from the opcodes (json-direct-driver.ts); entries mode keeps the tape. */
  override createDriver(maxBytesLength: number, isEntries: boolean): TapeDriver {
    return isEntries ? super.createDriver(maxBytesLength, isEntries) : new JsonDirectDriver(this, maxBytesLength, this.fixedBudget);
  }

  /** For JsonDirectDriver, after a batch of the open root: its output so far goes to the spill every `spillBytes`. */
  spillIfDue(): void {
    if (this.spill !== undefined && this.pos - Math.max(this.taken, this.spilledEnd) >= this.spillBytes) this.spillOpenRecord();
  }

  protected openRoot(isDict: boolean): void {
    this.byte(isDict ? 0x7b : 0x5b);
  }

  protected closeRoot(isDict: boolean): void {
    this.byte(isDict ? 0x7d : 0x5d);
  }

  protected entrySeparator(index: number): void {
    if (index > 0) this.byte(COMMA);
  }

  protected keySeparator(): void {
    this.byte(COLON);
  }

  protected openPair(): void {
    this.byte(0x5b);
  }

  protected pairSeparator(): void {
    this.byte(COMMA);
  }

  protected closePair(): void {
    this.byte(0x5d);
  }

  protected write(tape: Tape, driver: TapeDriver, id: number, depth: number): void {
    // Each value, not only each container: a list of 5,000 uses of a memoized 1 MB str grew the
    // output to 16 GiB before the budget was looked at again.
    this.checkBudget();
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
        this.reserve(24);
        const end = writeShortFloat(this.out, this.pos, value);
        if (end >= 0) this.pos = end;
        else this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
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
      case K_DICT:
        this.openContainer(tape, id, depth);
        if (kind === K_DICT) this.dict(tape, driver, id, depth);
        else this.array(tape, driver, id, depth);
        tape.flags[id] = tape.flags[id]! & ~OPEN;
        break;
      default:
        decline();
    }
    if (this.isStreaming && (tape.flags[id]! & MEMOIZED) !== 0 && id >= FIRST_DYNAMIC) this.remember(tape, id, kind, start);
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
    const spanBase = this.keySpanTop;
    let count = 0;
    for (let run = tape.firstRun[id]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i += 2) {
        if (count++ > 0) this.byte(COMMA);
        const keyStart = this.pos;
        const keyKind = this.writeKey(tape, driver, children[i]!);
        this.pushKeySpan(keyStart, this.pos, keyKind);
        this.byte(COLON);
        this.write(tape, driver, children[i + 1]!, depth + 1);
      }
    }
    if (count > 1 && this.hasRepeatedKey(spanBase, count)) decline();
    this.keySpanTop = spanBase;
    this.byte(0x7d);
  }

  /** A dict key as JSON text; returns its kind for repeated-key checks. str and int keys only. */
  protected writeKey(tape: Tape, driver: TapeDriver, id: number): number {
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

  private int32(value: number): void {
    this.reserve(17);
    this.pos = writeIntDigits(this.out, this.pos, value);
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
      this.reserve(17);
      this.pos = writeIntDigits(this.out, this.pos, value);
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
    // Non-ASCII bytes are copied as they are when the whole str is well-formed UTF-8 (else the
    // record declines: a lone surrogate is the value path's to write).
    let high = 0;
    for (let i = at; i < end; i++) {
      const code = input[i]!;
      if (code >= 0x20 && code !== QUOTE && code !== BACKSLASH) {
        high |= code;
        out[pos++] = code;
        continue;
      }
      // An escape: at most 6 bytes for this one, and room for the rest as is.
      this.pos = pos;
      this.reserve(6 + (end - i) + 1);
      out = this.out;
      pos = this.pos;
      pos = writeJsonEscape(out, pos, code);
    }
    if (high >= 0x80 && !isWellFormedUtf8(input, at, end)) decline();
    out[pos++] = QUOTE;
    this.pos = pos;
  }
}

