import { long1Room, writeArrayHead, writeBinHead, writeFloat64, writeInt32, writeLong1, writeMapHead, writeStrHead } from "./msgpack-heads.js";
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
import { MsgpackDirectDriver } from "./msgpack-direct-driver.js";
import { decline, type TapeDriver } from "./tape-driver.js";
import { TapeOutput } from "./tape-output.js";
import { isWellFormedUtf8 } from "./utf8.js";

/** Room kept for the streamed root's header (map32/array32), made smaller at the end. */
const ROOT_HEAD_BYTES = 5;
const KEY_STR = 1;
const KEY_INT = 2;


/**
 * Writes msgpack straight from the tape, byte for byte what @pkl-stream/stream's msgpack writer
 * (toMsgpackPlain + msgpackr) writes for the same record: ints in their smallest form, floats
 * as float64 (2.0 and -0.0 too), str and bin copied from the input, ints past 64 bits as
 * decimal str, dict keys keeping their type. Anything else (a cycle, a repeated key, a key that
 * is not str or int, the output budget) declines to the value path.
 */
export class MsgpackTapeWriter extends TapeOutput {
  /** Where the streamed root's header room starts. */
  private rootHeadAt = 0;

  /** msgpack of plain data is about 1.35x its pickle (see TapeOutput.outputPerInputByte). */
  protected override readonly outputPerInputByte = 1.4;

  /** Records are written in one pass from the opcodes (msgpack-direct-driver.ts); entries mode keeps the tape. */
  override createDriver(maxBytesLength: number, isEntries: boolean): TapeDriver {
    return isEntries ? super.createDriver(maxBytesLength, isEntries) : new MsgpackDirectDriver(this, maxBytesLength, this.fixedBudget);
  }

  protected openRoot(): void {
    this.reserve(ROOT_HEAD_BYTES);
    this.rootHeadAt = this.pos;
    this.pos += ROOT_HEAD_BYTES;
  }

  /** The header now that the count is known; the entries move back when it is shorter. */
  protected closeRoot(isDict: boolean, count: number): void {
    const head = new Uint8Array(ROOT_HEAD_BYTES);
    const length = isDict ? writeMapHead(head, 0, count) : writeArrayHead(head, 0, count);
    const at = this.rootHeadAt;
    if (length < ROOT_HEAD_BYTES) {
      this.out.copyWithin(at + length, at + ROOT_HEAD_BYTES, this.pos);
      this.pos -= ROOT_HEAD_BYTES - length;
    }
    this.out.set(head.subarray(0, length), at);
  }

  protected entrySeparator(): void {}

  protected keySeparator(): void {}

  /** A fixarray of 2: the key (as a value, keeping its type), then the value. */
  protected openPair(): void {
    this.byte(0x92);
  }

  protected pairSeparator(): void {}

  protected closePair(): void {}

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
        this.byte(0xc0);
        return;
      case K_TRUE:
        this.byte(0xc3);
        return;
      case K_FALSE:
        this.byte(0xc2);
        return;
      case K_INT:
        this.reserve(5);
        this.pos = writeInt32(this.out, start, tape.nodeA[id]!);
        break;
      case K_LONG: {
        const length = tape.nodeB[id]!;
        this.reserve(long1Room(length));
        this.pos = writeLong1(this.out, start, this.input, tape.nodeA[id]!, length);
        break;
      }
      case K_FLOAT:
        this.reserve(9);
        this.pos = writeFloat64(this.out, start, this.input, tape.nodeA[id]!);
        break;
      case K_STR:
      case K_BYTES: {
        const at = tape.nodeA[id]!;
        const length = tape.nodeB[id]!;
        this.reserve(length + 5);
        const out = this.out;
        let p = kind === K_STR ? writeStrHead(out, start, length) : writeBinHead(out, start, length);
        if (length < 32) {
          // Short: copied byte by byte, its UTF-8 checked on the way (a str is copied as it is
          // only when well formed: a lone surrogate is the value path's to write).
          const input = this.input;
          let high = 0;
          for (let i = 0; i < length; i++) {
            const byte = input[at + i]!;
            high |= byte;
            out[p++] = byte;
          }
          if (high >= 0x80 && kind === K_STR && !isWellFormedUtf8(input, at, at + length)) decline();
        } else {
          if (kind === K_STR) this.checkUtf8(at, at + length);
          out.set(this.input.subarray(at, at + length), p);
          p += length;
        }
        this.pos = p;
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
    this.reserve(5);
    this.pos = writeArrayHead(this.out, this.pos, tape.counts[id]!);
    const children = tape.children;
    for (let run = tape.firstRun[id]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i++) this.write(tape, driver, children[i]!, depth + 1);
    }
  }

  private dict(tape: Tape, driver: TapeDriver, id: number, depth: number): void {
    const count = tape.counts[id]! >>> 1;
    this.reserve(5);
    this.pos = writeMapHead(this.out, this.pos, count);
    const children = tape.children;
    const spanBase = this.keySpanTop;
    for (let run = tape.firstRun[id]!; run >= 0; run = tape.runNext[run]!) {
      const first = tape.runStart[run]!;
      const last = first + tape.runCount[run]!;
      for (let i = first; i < last; i += 2) {
        const keyStart = this.pos;
        const keyKind = this.writeKey(tape, driver, children[i]!);
        this.pushKeySpan(keyStart, this.pos, keyKind);
        this.write(tape, driver, children[i + 1]!, depth + 1);
      }
    }
    if (count > 1 && this.hasRepeatedKey(spanBase, count)) decline();
    this.keySpanTop = spanBase;
  }

  /** A str is copied as it is only when well-formed UTF-8 (a lone surrogate is the value path's to write). */
  private checkUtf8(start: number, end: number): void {
    const input = this.input;
    let high = 0;
    for (let i = start; i < end && high < 0x80; i++) high |= input[i]!;
    if (high >= 0x80 && !isWellFormedUtf8(input, start, end)) decline();
  }

  /** str and int keys only: their msgpack bytes are equal exactly when the keys are. */
  protected writeKey(tape: Tape, driver: TapeDriver, id: number): number {
    const kind = id < 0 ? driver.memoOrigin(id) : tape.kinds[id] === K_COPY ? tape.origins[id]! : tape.kinds[id]!;
    if (kind === K_STR) {
      this.write(tape, driver, id, 0);
      return KEY_STR;
    }
    if (kind === K_INT || kind === K_LONG) {
      this.write(tape, driver, id, 0);
      return KEY_INT;
    }
    return decline();
  }
}
