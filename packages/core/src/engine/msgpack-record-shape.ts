import { long1Room, writeArrayHead, writeFloat64, writeFloat64Value, writeInt32, writeLong1, writeMapHead, writeAsciiStr, writeMsgpackText, writeStrHead } from "./msgpack-heads.js";
import type { ShapeNode } from "./record-learn.js";
import { RecordShape, renderDicts, type ShapeFormat, type ShapeToken } from "./record-shape.js";
import { putBytes } from "./shape-bytes.js";
import type { TapeOutput } from "./tape-output.js";

// Record shapes (record-shape.ts) for the msgpack writer's one pass: values written as
// msgpack-direct-driver.ts writes them, map and array heads and keys from the learned record.

/** A learned record shape whose replay writes msgpack. */
class MsgpackRecordShape extends RecordShape {

  /** A str as the driver's pushText writes it: its head and bytes; false unless well-formed UTF-8 (the general path's to judge). */
  protected writeStr(input: Uint8Array, view: DataView, at: number, length: number, writer: TapeOutput): boolean {
    return writeMsgpackText(input, view, at, length, true, writer, this.outputView(writer, length + 5));
  }

  /** Bytes as bin, as the driver writes them. */
  protected writeBytes(input: Uint8Array, view: DataView, at: number, length: number, writer: TapeOutput): void {
    writeMsgpackText(input, view, at, length, false, writer, this.outputView(writer, length + 5));
  }

  /** A fixarray head's byte, set at the end; an array of 16 items or more moves its items for array16's 3. */
  protected openArray(writer: TapeOutput): number {
    writer.room(1);
    return writer.pos++;
  }

  protected arraySeparator(_writer: TapeOutput): void {}

  protected closeArray(writer: TapeOutput, head: number, count: number): void {
    if (count < 16) {
      writer.out[head] = 0x90 | count;
      return;
    }
    const out = writer.room(2);
    out.copyWithin(head + 3, head + 1, writer.pos);
    writer.pos += 2;
    writeArrayHead(out, head, count);
  }

  protected writeInt(value: number, writer: TapeOutput): void {
    writer.pos = writeInt32(writer.room(5), writer.pos, value);
  }

  protected writeLong(input: Uint8Array, at: number, length: number, writer: TapeOutput): void {
    writer.pos = writeLong1(writer.room(long1Room(length)), writer.pos, input, at, length);
  }

  protected writeFloat(input: Uint8Array, _view: DataView, at: number, writer: TapeOutput): void {
    writer.pos = writeFloat64(writer.room(9), writer.pos, input, at);
  }

  protected writeFloatValue(value: number, writer: TapeOutput): void {
    writer.pos = writeFloat64Value(writer.room(9), writer.pos, value);
  }

  protected writeAscii(text: string, writer: TapeOutput): void {
    writeAsciiStr(writer, text);
  }

  protected writeAsciiBytes(bytes: Uint8Array, length: number, writer: TapeOutput): void {
    const out = writer.room(length + 5);
    const at = writeStrHead(out, writer.pos, length);
    putBytes(out, at, bytes, length);
    writer.pos = at + length;
  }

  protected writeConst(op: number, writer: TapeOutput): void {
    writer.room(1)[writer.pos++] = op === 0x4e /* NONE */ ? 0xc0 : op === 0x88 /* NEWTRUE */ ? 0xc3 : 0xc2;
  }
}

/** `text` packed as a str (its head, then its UTF-8). */
function packedStr(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 5);
  const at = writeStrHead(out, 0, bytes.length);
  out.set(bytes, at);
  return out.subarray(0, at + bytes.length);
}

/** msgpack for learning: heads by item count, a dict's keys and a str met again as msgpack strs. */
export const MSGPACK_SHAPES: ShapeFormat = {
  render(node: ShapeNode, tokens: ShapeToken[], exactStr: (node: ShapeNode) => Uint8Array | null): void {
    if (node.type === "leaf") {
      const bytes = exactStr(node);
      if (bytes === null) {
        tokens.push(node.step);
        return;
      }
      const head = new Uint8Array(5);
      tokens.push(head.subarray(0, writeStrHead(head, 0, bytes.length)), bytes);
      return;
    }
    if (node.type === "object") {
      // The value path's placeholder: a map of `__class__` (its name), `__args__`, `__state__` as it has them.
      const head = new Uint8Array(5);
      tokens.push(head.subarray(0, writeMapHead(head, 0, 1 + (node.args !== null ? 1 : 0) + (node.state !== null ? 1 : 0))));
      tokens.push(packedStr("__class__"), packedStr(node.name));
      if (node.args !== null) {
        tokens.push(packedStr("__args__"));
        MSGPACK_SHAPES.render(node.args, tokens, exactStr);
      }
      if (node.state !== null) {
        tokens.push(packedStr("__state__"));
        MSGPACK_SHAPES.render(node.state, tokens, exactStr);
      }
      return;
    }
    if (node.type === "dicts") {
      renderDicts(node, tokens, exactStr, MSGPACK_SHAPES);
      return;
    }
    // A class or a state is never left outside its REDUCE or NEWOBJ (learning checks).
    if (node.type !== "dict" && node.type !== "array") return;
    const isDict = node.type === "dict";
    const count = isDict ? node.items.length / 2 : node.items.length;
    const head = new Uint8Array(5);
    tokens.push(head.subarray(0, isDict ? writeMapHead(head, 0, count) : writeArrayHead(head, 0, count)));
    for (const item of node.items) MSGPACK_SHAPES.render(item, tokens, exactStr);
  },
  make: (model, program, pieces, memoLength, timezones, loops) => new MsgpackRecordShape(model, program, pieces, memoLength, timezones, loops),
};
