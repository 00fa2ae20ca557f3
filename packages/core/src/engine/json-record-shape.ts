import { writeIntDigits } from "../json/int-digits.js";
import { writeJsonFloat, writeJsonStr, writeLong1Digits, writeQuotedAscii, writeQuotedBase64 } from "./json-escape.js";
import type { ShapeNode } from "./record-learn.js";
import { RecordShape, renderDicts, type ShapeFormat, type ShapeToken } from "./record-shape.js";
import { putBytes } from "./shape-bytes.js";
import type { TapeOutput } from "./tape-output.js";

// Record shapes (record-shape.ts) for the JSON writer's one pass: values written as
// json-direct-driver.ts writes them, the text between them from the learned record.

const NULL = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);
const TRUE = Uint8Array.of(0x74, 0x72, 0x75, 0x65);
const FALSE = Uint8Array.of(0x66, 0x61, 0x6c, 0x73, 0x65);
const utf8Encoder = new TextEncoder();
const TEXT: Record<string, Uint8Array> = Object.fromEntries(["{", "}", "[", "]", ":", ",", ',"__args__":', ',"__state__":'].map((text) => [text, utf8Encoder.encode(text)]));

/** A learned record shape whose replay writes JSON. */
class JsonRecordShape extends RecordShape {
  /** After a float of 16-17 digits the next is tried the long way first, as the driver's pushFloat does. */
  private isLastFloatLong = false;

  /** A str's UTF-8 bytes as a JSON string, as the driver's pushText writes it; false where the driver's general path must judge it. */
  protected writeStr(input: Uint8Array, view: DataView, at: number, length: number, writer: TapeOutput): boolean {
    return writeJsonStr(input, view, at, length, writer, this.outputView(writer, length + 2));
  }

  /** A float as the driver's pushFloat writes it (Python's repr; NaN and infinities as null). */
  protected writeFloat(_input: Uint8Array, view: DataView, at: number, writer: TapeOutput): void {
    this.isLastFloatLong = writeJsonFloat(writer, view.getFloat64(at, false), this.isLastFloatLong);
  }


  /** Bytes as base64 in quotes, as the driver's pushText writes them. */
  protected writeBytes(input: Uint8Array, _view: DataView, at: number, length: number, writer: TapeOutput): void {
    writeQuotedBase64(input, at, length, writer);
  }

  protected writeFloatValue(value: number, writer: TapeOutput): void {
    this.isLastFloatLong = writeJsonFloat(writer, value, this.isLastFloatLong);
  }

  protected openArray(writer: TapeOutput): number {
    writer.room(1)[writer.pos++] = 0x5b; // [
    return 0;
  }

  protected arraySeparator(writer: TapeOutput): void {
    writer.room(1)[writer.pos++] = 0x2c; // ,
  }

  protected closeArray(writer: TapeOutput, _head: number, _count: number): void {
    writer.room(1)[writer.pos++] = 0x5d; // ]
  }

  protected writeInt(value: number, writer: TapeOutput): void {
    writer.pos = writeIntDigits(writer.room(12), writer.pos, value);
  }

  protected writeLong(input: Uint8Array, at: number, length: number, writer: TapeOutput): void {
    writeLong1Digits(input, at, length, writer);
  }

  protected writeAscii(text: string, writer: TapeOutput): void {
    writeQuotedAscii(writer, text);
  }

  protected writeAsciiBytes(bytes: Uint8Array, length: number, writer: TapeOutput): void {
    const out = writer.room(length + 2);
    const at = writer.pos;
    out[at] = 0x22; // "
    putBytes(out, at + 1, bytes, length);
    out[at + 1 + length] = 0x22;
    writer.pos = at + length + 2;
  }

  protected writeConst(op: number, writer: TapeOutput): void {
    const bytes = op === 0x4e /* NONE */ ? NULL : op === 0x88 /* NEWTRUE */ ? TRUE : FALSE;
    const out = writer.room(5);
    let p = writer.pos;
    for (let i = 0; i < bytes.length; i++) out[p++] = bytes[i]!;
    writer.pos = p;
  }
}

/** JSON for learning: a dict's keys and a str met again are its JSON text (JSON.stringify's escapes). */
export const JSON_SHAPES: ShapeFormat = {
  render(node: ShapeNode, tokens: ShapeToken[], exactStr: (node: ShapeNode) => Uint8Array | null): void {
    if (node.type === "leaf") {
      tokens.push(exactStr(node) === null ? node.step : utf8Encoder.encode(JSON.stringify(node.text)));
      return;
    }
    if (node.type === "object") {
      // The value path's placeholder: `{"__class__": name, "__args__": [...], "__state__": ...}`.
      tokens.push(utf8Encoder.encode(`{"__class__":${JSON.stringify(node.name)}`));
      if (node.args !== null) {
        tokens.push(TEXT[',"__args__":']!);
        JSON_SHAPES.render(node.args, tokens, exactStr);
      }
      if (node.state !== null) {
        tokens.push(TEXT[',"__state__":']!);
        JSON_SHAPES.render(node.state, tokens, exactStr);
      }
      tokens.push(TEXT["}"]!);
      return;
    }
    if (node.type === "dicts") {
      renderDicts(node, tokens, exactStr, JSON_SHAPES);
      return;
    }
    // A class or a state is never left outside its REDUCE or NEWOBJ (learning checks).
    if (node.type !== "dict" && node.type !== "array") return;
    const isDict = node.type === "dict";
    tokens.push(TEXT[isDict ? "{" : "["]!);
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) tokens.push(TEXT[isDict && i % 2 === 1 ? ":" : ","]!);
      JSON_SHAPES.render(items[i]!, tokens, exactStr);
    }
    tokens.push(TEXT[isDict ? "}" : "]"]!);
  },
  make: (model, program, pieces, memoLength, timezones, loops) => new JsonRecordShape(model, program, pieces, memoLength, timezones, loops),
};
