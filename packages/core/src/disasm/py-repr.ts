/**
 * Python's `repr()` of the argument values pickletools prints, so our disassembly can be
 * compared with CPython's line by line.
 */
import { floatRepr } from "../json/float-repr.js";
import type { OpArg } from "./read-argument.js";

// str.isprintable() is false for these general categories (space excepted). The engine's
// Unicode tables may be newer than CPython 3.11's (14.0): a code point assigned since then
// prints as itself here and as an escape in CPython.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/** `repr(str)`. */
export function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (ch !== " " && NOT_PRINTABLE.test(ch)) {
      out += cp <= 0xff ? "\\x" + hex(cp, 2) : cp <= 0xffff ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

/**
 * `repr(bytes)`; with `isByteArray`, the `b'...'` inside `repr(bytearray)`, which escapes a
 * single quote even inside double quotes.
 */
export function reprBytes(bytes: Uint8Array, isByteArray = false): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? 0x22 : 0x27;
  const parts: string[] = ["b", String.fromCharCode(quote)];
  for (const b of bytes) {
    if (b === quote || b === 0x5c || (isByteArray && b === 0x27)) parts.push("\\" + String.fromCharCode(b));
    else if (b === 0x09) parts.push("\\t");
    else if (b === 0x0a) parts.push("\\n");
    else if (b === 0x0d) parts.push("\\r");
    else if (b < 0x20 || b >= 0x7f) parts.push("\\x" + hex(b, 2));
    else parts.push(String.fromCharCode(b));
  }
  parts.push(String.fromCharCode(quote));
  return parts.join("");
}

/** CPython 3.11's `sys.get_int_max_str_digits()` default: longer ints do not print. */
const MAX_INT_DIGITS = 4300;

/**
 * `repr(int)`. CPython 3.11 refuses to print ints of more than 4300 digits (pickletools.dis
 * fails on them); we print those in hex instead.
 */
export function reprInt(value: number | bigint): string {
  const text = value.toString();
  if (text.replace("-", "").length <= MAX_INT_DIGITS) return text;
  return (value < 0 ? "-0x" : "0x") + (value < 0 ? -BigInt(value) : BigInt(value)).toString(16);
}

/** `repr(arg)` for an opcode argument, as pickletools prints it; `argKind` tells bytes from bytearray. */
export function reprArg(arg: OpArg, argKind: string): string {
  if (arg === null) return "None";
  if (typeof arg === "boolean") return arg ? "True" : "False";
  if (typeof arg === "bigint") return reprInt(arg);
  if (typeof arg === "number") return argKind === "float8" || argKind === "floatnl" ? floatRepr(arg) : reprInt(arg);
  if (typeof arg === "string") return reprStr(arg);
  if (arg instanceof Uint8Array) return argKind === "bytearray8" ? `bytearray(${reprBytes(arg, true)})` : reprBytes(arg);
  // GLOBAL and INST: pickletools joins module and name with a space.
  return reprStr(`${arg[0]} ${arg[1]}`);
}
