import { writeStateIso } from "../classes/datetime.js";
import { writeIntDigits } from "../json/int-digits.js";
import { writeJsonFloat, writeJsonStr, writeLong1Digits, writeQuotedAscii, writeQuotedBase64 } from "./json-escape.js";
import { HEIGHT_SHIFT, M_ISLAND, M_OPEN, M_SPAN, M_VALUE_BITS } from "./json-slots.js";
import { K_DICT, K_ISLAND } from "./tape.js";
import { ValueShapes } from "./value-shape.js";

// Value shapes (value-shape.ts) for the JSON writer's one pass: values written as
// json-direct-driver.ts writes them, `{"key":` ... `,"key":` ... `}` from the learned dict.

const COMMA = 0x2c;
const NULL = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);
const TRUE = Uint8Array.of(0x74, 0x72, 0x75, 0x65);
const FALSE = Uint8Array.of(0x66, 0x61, 0x6c, 0x73, 0x65);
/** An empty tuple's JSON. */
const EMPTY_ARRAY = Uint8Array.of(0x5b, 0x5d);
const utf8Encoder = new TextEncoder();

/** The dict shapes of a record the JSON driver writes. */
export class JsonValueShapes extends ValueShapes {
  readonly spanBit = M_SPAN;
  readonly openBit = M_OPEN;
  // The driver's memoize of a dict just made: its kind and height 1, open.
  protected readonly topPutInfo = K_DICT | (1 << HEIGHT_SHIFT) | M_OPEN;
  protected readonly valueBits = M_VALUE_BITS;
  // The driver's pushIslandText: an island's kind, its span.
  protected readonly stateTextInfo = K_ISLAND | M_SPAN;
  // The driver's pushIslandValue of a float (height 0), its span.
  protected readonly madeFloatInfo = K_ISLAND | M_SPAN;
  protected readonly islandBit = M_ISLAND;
  readonly openText: readonly number[] = [0x7b];
  readonly closeText: readonly number[] = [0x7d];
  /** After a float of 16-17 digits the next is tried the long way first, as the driver's pushFloat does (the text is the same). */
  private isLastFloatLong = false;

  keyText(key: Uint8Array, index: number): number[] {
    return [...(index > 0 ? [COMMA] : []), ...key, 0x3a];
  }

  intKeyText(value: number): Uint8Array {
    return utf8Encoder.encode(`"${value}"`);
  }

  closeHead(): number {
    return 0;
  }

  protected writeStr(input: Uint8Array, view: DataView, at: number, length: number): boolean {
    return writeJsonStr(input, view, at, length, this.writer, this.outputView(length + 2));
  }

  protected writeBytes(input: Uint8Array, _view: DataView, at: number, length: number): void {
    writeQuotedBase64(input, at, length, this.writer);
  }

  protected writeInt(value: number): void {
    const writer = this.writer;
    writer.pos = writeIntDigits(writer.room(12), writer.pos, value);
  }

  protected writeLong(input: Uint8Array, at: number, length: number): void {
    writeLong1Digits(input, at, length, this.writer);
  }

  /** A float as the driver's pushFloat writes it (Python's repr; NaN and infinities as null). */
  protected writeFloat(_input: Uint8Array, view: DataView, at: number): void {
    this.isLastFloatLong = writeJsonFloat(this.writer, view.getFloat64(at, false), this.isLastFloatLong);
  }


  protected writeConst(op: number): void {
    const bytes = op === 0x4e /* NONE */ ? NULL : op === 0x88 /* NEWTRUE */ ? TRUE : op === 0x89 /* NEWFALSE */ ? FALSE : EMPTY_ARRAY;
    const writer = this.writer;
    const out = writer.room(5);
    let p = writer.pos;
    for (let i = 0; i < bytes.length; i++) out[p++] = bytes[i]!;
    writer.pos = p;
  }

  protected writeStateText(input: Uint8Array, at: number, isDate: boolean, suffix: string): boolean {
    const writer = this.writer;
    const out = writer.room(28 + suffix.length);
    out[writer.pos] = 0x22;
    let end = writeStateIso(out, writer.pos + 1, input, at, isDate);
    if (end < 0) return false;
    for (let i = 0; i < suffix.length; i++) out[end++] = suffix.charCodeAt(i);
    out[end] = 0x22;
    writer.pos = end + 1;
    return true;
  }

  /** A float as the driver's island writes a timedelta's (the value path's JSON of a float). */
  protected writeMadeFloat(value: number): void {
    this.isLastFloatLong = writeJsonFloat(this.writer, value, this.isLastFloatLong);
  }

  /** In quotes: the text needs no escapes (a Decimal's str). */
  protected writeIslandText(text: string): boolean {
    writeQuotedAscii(this.writer, text);
    return true;
  }

  protected openList(): void {
    const writer = this.writer;
    writer.room(1)[writer.pos++] = 0x5b;
  }

  protected separateItem(count: number): void {
    if (count === 0) return;
    const writer = this.writer;
    writer.room(1)[writer.pos++] = COMMA;
  }

  protected openTuple(): void {
    this.openList();
  }

  protected closeTuple(): void {
    this.closeList();
  }

  protected closeList(): number {
    const writer = this.writer;
    writer.room(1)[writer.pos++] = 0x5d;
    return 0;
  }
}
