/**
 * Opcodes rare in real data, out of the hot switch: protocol 0's text forms (INT, LONG, FLOAT,
 * STRING, UNICODE, GET, PUT, GLOBAL, INST, PERSID), EXT1/2/4, BINPERSID and protocol 5's buffers.
 * The loop has checked that the whole argument is in `buf[pos + 1, argEnd)` (text ends with its newline).
 */
import { TWO_NEWLINES } from "../../opcodes/arg-kinds.js";
import * as OP from "../../opcodes/codes.js";
import { ARG_SIZE, NOT_AN_OPCODE } from "../../opcodes/table.js";
import { PyOutOfBandBuffer } from "../../values/placeholders.js";
import { markTuple, PyFloat } from "../../values/py-types.js";
import type { Machine } from "../machine.js";
import { parseFloatLine, parseIntLine, parseLongLine, parseMemoIndex } from "../numbers.js";
import { decodeAscii, decodeGlobalName, decodeQuotedString, decodeRawUnicodeEscape } from "../text.js";

/**
 * Where the argument of the rare opcode at `pos` ends (past its newline for text), or -1 when it
 * does not end before `end` (the chunk's or the frame's end: the loop suspends). A byte that is no
 * opcode, or a text line longer than maxLineLength, is refused here.
 */
export function rareArgumentEnd(m: Machine, buf: Uint8Array, op: number, pos: number, end: number): number {
  const size = ARG_SIZE[op]!;
  if (size === NOT_AN_OPCODE) {
    throw m.error("UNKNOWN_OPCODE", "invalid load key: no opcode has this byte", op, pos);
  }
  if (size >= 0) {
    const argEnd = pos + 1 + size;
    return argEnd > end ? -1 : argEnd;
  }
  // UP_TO_NEWLINE or TWO_NEWLINES
  let newline = buf.indexOf(0x0a, pos + 1);
  if (newline >= 0 && size === TWO_NEWLINES) newline = buf.indexOf(0x0a, newline + 1);
  const isCut = newline < 0 || newline >= end;
  // The same limit on the bytes seen so far of a cut line and on a whole one: a chunk boundary
  // must not decide whether a line is refused.
  const maxLineLength = m.settings.maxLineLength;
  if ((isCut ? end : newline) - pos > maxLineLength + 2) {
    throw m.error("LIMIT_EXCEEDED", `text argument longer than maxLineLength (${maxLineLength})`, op, pos);
  }
  return isCut ? -1 : newline + 1;
}

/** Runs the rare opcode at `pos` whose argument ends at `argEnd` (see rareArgumentEnd). */
export function runRareOp(m: Machine, buf: Uint8Array, view: DataView, op: number, pos: number, argEnd: number): void {
  const stack = m.stack;
  const marks = m.marks;
  const fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
  const lineEnd = argEnd - 1; // the newline, for text arguments
  switch (op) {
    case OP.INT:
      if (lineEnd - pos - 1 > m.settings.maxIntBytes) throw m.limit("INT literal longer than maxIntBytes", op, pos);
      stack.push(parseIntLine(buf, pos + 1, lineEnd));
      return;
    case OP.LONG:
      if (lineEnd - pos - 1 > m.settings.maxIntBytes) throw m.limit("LONG literal longer than maxIntBytes", op, pos);
      stack.push(parseLongLine(buf, pos + 1, lineEnd));
      return;
    case OP.FLOAT: {
      const value = parseFloatLine(buf, pos + 1, lineEnd);
      stack.push(m.settings.wrapIntegralFloats && Number.isInteger(value) ? new PyFloat(value) : value);
      return;
    }
    case OP.STRING: {
      let stop = lineEnd;
      if (stop > pos + 1 && buf[stop - 1] === 0x0d) stop--; // Python 2 on Windows wrote \r\n
      const raw = decodeQuotedString(buf, pos + 1, stop);
      stack.push(m.py2String(raw, 0, raw.length, true));
      return;
    }
    case OP.UNICODE:
      stack.push(decodeRawUnicodeEscape(buf, pos + 1, lineEnd));
      return;
    case OP.GET:
      stack.push(m.memoGet(parseMemoIndex(buf, pos + 1, lineEnd), op, pos));
      return;
    case OP.PUT:
      if (stack.length <= fence) throw m.underflow(op, pos);
      m.memoPut(parseMemoIndex(buf, pos + 1, lineEnd), stack[stack.length - 1]!, op, pos);
      return;
    case OP.GLOBAL: {
      const newline = buf.indexOf(0x0a, pos + 1);
      const module = decodeGlobalName(buf, pos + 1, newline - pos - 1, false);
      const name = decodeGlobalName(buf, newline + 1, lineEnd - newline - 1, false);
      stack.push(m.classes.resolve(module, name, m.proto));
      return;
    }
    case OP.INST: {
      const newline = buf.indexOf(0x0a, pos + 1);
      const module = decodeGlobalName(buf, pos + 1, newline - pos - 1, true);
      const name = decodeGlobalName(buf, newline + 1, lineEnd - newline - 1, true);
      const args = m.takeMarked(op, pos);
      stack.push(m.callAt(m.classes.resolve(module, name, m.proto), markTuple(args), null, op, pos));
      return;
    }
    case OP.EXT1:
    case OP.EXT2:
    case OP.EXT4: {
      const code = op === OP.EXT1 ? buf[pos + 1]! : op === OP.EXT2 ? buf[pos + 1]! | (buf[pos + 2]! << 8) : view.getInt32(pos + 1, true);
      const entry = m.settings.extensions?.get(code);
      if (entry === undefined) throw m.error("BAD_ARGUMENT", `unregistered extension code ${code} (pass it in the extensions option)`, op, pos);
      stack.push(m.classes.resolve(entry[0], entry[1], 3));
      return;
    }
    case OP.PERSID: {
      const pid = decodeAscii(buf, pos + 1, lineEnd - pos - 1);
      stack.push(m.persistent(pid));
      return;
    }
    case OP.BINPERSID:
      if (stack.length <= fence) throw m.underflow(op, pos);
      stack.push(m.persistent(stack.pop()!));
      return;
    case OP.NEXT_BUFFER:
      stack.push(m.nextBuffer(op, pos));
      return;
    case OP.READONLY_BUFFER: {
      if (stack.length <= fence) throw m.underflow(op, pos);
      const top = stack[stack.length - 1];
      if (top instanceof PyOutOfBandBuffer) top.isReadonly = true;
      return;
    }
    default:
      throw m.error("UNSUPPORTED", "opcode not handled", op, pos);
  }
}
