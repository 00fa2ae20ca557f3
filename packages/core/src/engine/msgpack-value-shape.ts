import { writeStateIso } from "../classes/datetime.js";
import { long1Room, writeArrayHead, writeAsciiStr, writeStrHead, writeFloat64, writeFloat64Value, writeInt32, writeLong1, writeMsgpackText } from "./msgpack-heads.js";
import { ISLAND_MEMO, ISLAND_TEXT_SLOT, OPEN_MEMO, SLOT_BITS, SPAN_MEMO } from "./msgpack-slots.js";
import { K_DICT, K_ISLAND } from "./tape.js";
import { ValueShapes } from "./value-shape.js";

// Value shapes (value-shape.ts) for the msgpack writer's one pass: values written as
// msgpack-direct-driver.ts writes them, keys from the learned dict. The driver reserves one byte
// for a container's head and writes it when the container closes: a replayed dict is left open
// as the driver leaves it after its SETITEMS (its parent closes it), its nested dicts and lists
// closed with their heads, as the dict's SETITEMS closes them: a list of 16 items or more gets
// an array16 head, its items moved 2 bytes on as the driver moves them; a nested dict of 16 pairs
// or more is not replayed.

/** The most items a fixmap or fixarray head holds. */
const MAX_FIX_ITEMS = 15;
/** A dict's first batch of up to this many keys is checked and not kept by the driver (its PAIRWISE_KEYS). */
const MAX_UNKEPT_PAIRS = 16;

/** The dict shapes of a record the msgpack driver writes. */
export class MsgpackValueShapes extends ValueShapes {
  readonly spanBit = SPAN_MEMO;
  readonly openBit = OPEN_MEMO;
  // The driver's memoize of a container still open: its kind alone.
  protected readonly topPutInfo = K_DICT | OPEN_MEMO;
  protected readonly valueBits = SLOT_BITS;
  // The driver's pushIslandText: an island packed as a str, its span.
  protected readonly stateTextInfo = K_ISLAND | ISLAND_TEXT_SLOT | SPAN_MEMO;
  // The driver's pushIslandValue of a float: not a str, height 0, its span.
  protected readonly madeFloatInfo = K_ISLAND | SPAN_MEMO;
  protected readonly islandBit = ISLAND_MEMO;
  /** The reserved head byte (the driver's pushEmpty writes a dict's as 0x80). */
  readonly openText: readonly number[] = [0x80];
  readonly closeText: readonly number[] = [];

  keyText(key: Uint8Array): number[] {
    return [...key];
  }

  intKeyText(value: number): Uint8Array {
    const bytes = new Uint8Array(5);
    return bytes.slice(0, writeInt32(bytes, 0, value));
  }

  /** A nested dict's fixmap head; the dict itself stays open (its reserved byte). */
  closeHead(pairs: number, isNested: boolean): number {
    if (isNested) return pairs <= MAX_FIX_ITEMS ? 0x80 | pairs : -1;
    return pairs <= MAX_UNKEPT_PAIRS ? 0 : -1;
  }

  protected writeStr(input: Uint8Array, view: DataView, at: number, length: number): boolean {
    return writeMsgpackText(input, view, at, length, true, this.writer, this.outputView(length + 5));
  }

  protected writeBytes(input: Uint8Array, view: DataView, at: number, length: number): void {
    writeMsgpackText(input, view, at, length, false, this.writer, this.outputView(length + 5));
  }

  protected writeInt(value: number): void {
    const writer = this.writer;
    writer.pos = writeInt32(writer.room(5), writer.pos, value);
  }

  protected writeLong(input: Uint8Array, at: number, length: number): void {
    const writer = this.writer;
    writer.pos = writeLong1(writer.room(long1Room(length)), writer.pos, input, at, length);
  }

  protected writeFloat(input: Uint8Array, _view: DataView, at: number): void {
    const writer = this.writer;
    writer.pos = writeFloat64(writer.room(9), writer.pos, input, at);
  }

  protected writeConst(op: number): void {
    const writer = this.writer;
    // NONE, NEWTRUE, NEWFALSE, EMPTY_TUPLE (an empty fixarray).
    writer.room(1)[writer.pos++] = op === 0x4e /* NONE */ ? 0xc0 : op === 0x88 /* NEWTRUE */ ? 0xc3 : op === 0x89 /* NEWFALSE */ ? 0xc2 : 0x90;
  }

  /** A fixstr, as the driver's pushIslandText writes one (a text of 32 bytes or more is the driver's: the value path's encoder). */
  /**
   * A str, as the driver's pushIslandText writes one: a fixstr, or past 31 characters (an
   * isoformat with microseconds and an offset) a str8, as the value path packs it.
   */
  protected writeStateText(input: Uint8Array, at: number, isDate: boolean, suffix: string): boolean {
    const hasMicroseconds = !isDate && (input[at + 7]! | input[at + 8]! | input[at + 9]!) !== 0;
    const length = (isDate ? 10 : hasMicroseconds ? 26 : 19) + suffix.length;
    const writer = this.writer;
    const out = writer.room(length + 2);
    let end = writeStateIso(out, writeStrHead(out, writer.pos, length), input, at, isDate);
    if (end < 0) return false;
    for (let i = 0; i < suffix.length; i++) out[end++] = suffix.charCodeAt(i);
    writer.pos = end;
    return true;
  }

  /** As the driver's pushIslandText writes it (the value path's str: a fixstr, or a str8 past 31 characters). */
  /** A float 64, as the value path packs a timedelta's `total_seconds()`. */
  protected writeMadeFloat(value: number): void {
    const writer = this.writer;
    writer.pos = writeFloat64Value(writer.room(9), writer.pos, value);
  }

  protected writeIslandText(text: string): boolean {
    if (text.length > 255) return false;
    writeAsciiStr(this.writer, text);
    return true;
  }

  protected openList(): void {
    const writer = this.writer;
    writer.room(1)[writer.pos++] = 0x90;
  }

  protected separateItem(): void {}

  /** A tuple's head, its count known from the learned dict (the driver writes it when TUPLE comes, before the items). */
  protected openTuple(count: number): void {
    const writer = this.writer;
    writer.pos = writeArrayHead(writer.room(5), writer.pos, count);
  }

  protected closeTuple(): void {}

  /** The list's head over its reserved byte: a fixarray, or an array16 with the items moved 2 bytes on (as the driver's close moves them). */
  protected closeList(start: number, count: number): number {
    const writer = this.writer;
    if (count <= MAX_FIX_ITEMS) {
      writer.out[start] = 0x90 | count;
      return 0;
    }
    if (count > 0xffff) return -1;
    const end = writer.pos;
    const out = writer.room(2);
    out.copyWithin(start + 3, start + 1, end);
    writer.pos = end + 2;
    writeArrayHead(out, start, count);
    return 2;
  }
}
