/** Integer and float arguments: protocol 0 decimal text, and LONG1/LONG4 two's-complement bytes. */
import { checkStrDigits } from "../classes/python-text.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** An int as the value model holds it: number when safe, else bigint. */
export function normalizeInt(value: bigint): number | bigint {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
}

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

// What Python's int() accepts: surrounding whitespace, a sign, digits with single underscores.
const INT_TEXT = /^[ \t\n\r\f\v]*([+-]?)(\d(?:_?\d)*)[ \t\n\r\f\v]*$/;

/** Python `int(text)` for a decimal literal; throws TypeError on anything else. */
export function parseDecimalInt(text: string): number | bigint {
  const match = INT_TEXT.exec(text);
  if (match === null) throw new TypeError(`invalid literal for int(): ${JSON.stringify(text.slice(0, 40))}`);
  const digits = match[2]!.replace(/_/g, "");
  const negative = match[1] === "-";
  if (digits.length < 16) {
    const value = Number(digits);
    return negative ? (value === 0 ? 0 : -value) : value;
  }
  const big = BigInt(digits);
  return normalizeInt(negative ? -big : big);
}

/**
 * INT, the line bytes[start, end) without its newline, as CPython's C unpickler reads it: C's
 * `strtol(line, &end, 0)` (a leading 0 is octal, 0x hex, leading whitespace and a sign allowed),
 * which must stop at the newline or a NUL; a line of two characters that gives 0 or 1 is False or
 * True ("00", "01", "-0", " 1"). Anything else strtol cannot take (past 64 bits, "0o7", "1_0") is
 * read as `int(text, 0)`.
 */
export function parseIntLine(bytes: Uint8Array, start: number, end: number): number | bigint | boolean {
  const value = strtolBase0(bytes, start, end);
  if (value === undefined) return parseBase0Int(cString(bytes, start, end));
  return end - start === 2 && (value === 0 || value === 1) ? value === 1 : value;
}

/**
 * LONG: `int(text, 0)` of the line, its trailing "L" (Python 2 wrote one) dropped, as CPython
 * reads it: "123L", "0x10", "0o7"; "010" is refused (int() takes no leading zeros).
 */
export function parseLongLine(bytes: Uint8Array, start: number, end: number): number | bigint {
  if (end > start && bytes[end - 1] === 0x4c) end--;
  return parseBase0Int(cString(bytes, start, end));
}

/** bytes[start, end) up to the first NUL: the C string CPython's readers see of a line. */
function cString(bytes: Uint8Array, start: number, end: number): string {
  const nul = bytes.subarray(start, end).indexOf(0);
  return asciiText(bytes, start, nul === -1 ? end : start + nul);
}

const INT64_MAX = (1n << 63n) - 1n;

/** C whitespace (isspace in the C locale), which strtol and int() skip. */
function isCSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/**
 * `strtol(text, &stop, 0)` of a 64-bit long: the value when it read digits that end at `end` or
 * at a NUL and fit, else undefined (CPython then reads the line with int(text, 0)).
 */
function strtolBase0(bytes: Uint8Array, start: number, end: number): number | bigint | undefined {
  // Most lines: plain decimal digits, not starting with 0, that a double holds.
  if (end - start < 16 && end > start && bytes[start] !== 0x30) {
    let plain = 0;
    let at = start;
    for (; at < end; at++) {
      const digit = bytes[at]! - 0x30;
      if (digit < 0 || digit > 9) break;
      plain = plain * 10 + digit;
    }
    if (at === end) return plain;
  }
  let i = start;
  while (i < end && isCSpace(bytes[i]!)) i++;
  const negative = bytes[i] === 0x2d;
  if (i < end && (bytes[i] === 0x2b || negative)) i++;
  let base = 10;
  if (bytes[i] === 0x30) {
    base = 8;
    // "0x" takes hex digits only when one follows; else the 0 alone is read and strtol stops at x.
    if ((bytes[i + 1] === 0x78 || bytes[i + 1] === 0x58) && i + 2 < end && digitValue(bytes[i + 2]!) < 16) {
      base = 16;
      i += 2;
    }
  }
  const first = i;
  let value = 0n;
  for (; i < end; i++) {
    const digit = digitValue(bytes[i]!);
    if (digit >= base) break;
    value = value * BigInt(base) + BigInt(digit);
    // Past 64 bits strtol overflows (CPython then reads int(text, 0)): stop here, so each step
    // is on a bigint of at most 64 bits, not one that grows with the line.
    if (value > INT64_MAX + 1n) return undefined;
  }
  if (i === first || (i < end && bytes[i] !== 0)) return undefined;
  if (negative ? value > INT64_MAX + 1n : value > INT64_MAX) return undefined;
  return normalizeInt(negative ? -value : value);
}

/** A byte's digit value in bases up to 16, or 99. */
function digitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : 99;
}

// Python's int(text, 0): whitespace, a sign, then 0x/0o/0b digits, zeros, or decimal digits not
// starting with 0, single underscores between digits (and after a prefix).
const BASE0_INT_TEXT =
  /^[ \t\n\r\f\v]*([+-]?)(?:0[xX]((?:_?[0-9a-fA-F])+)|0[oO]((?:_?[0-7])+)|0[bB]((?:_?[01])+)|(0(?:_?0)*)|([1-9](?:_?\d)*))[ \t\n\r\f\v]*$/;

/** Python `int(text, 0)`; throws TypeError on anything it refuses. */
export function parseBase0Int(text: string): number | bigint {
  const match = BASE0_INT_TEXT.exec(text);
  if (match === null) throw new TypeError(`invalid literal for int() with base 0: ${JSON.stringify(text.slice(0, 40))}`);
  const [, sign, hex, octal, binary, zeros, decimal] = match;
  if (zeros !== undefined) return 0;
  if (decimal !== undefined) {
    const digits = decimal.replace(/_/g, "");
    checkStrDigits(digits.length);
    return parseDecimalInt(`${sign}${digits}`);
  }
  const prefix = hex !== undefined ? "0x" : octal !== undefined ? "0o" : "0b";
  const big = BigInt(prefix + (hex ?? octal ?? binary)!.replace(/_/g, ""));
  return normalizeInt(sign === "-" ? -big : big);
}

// What CPython's C unpickler takes for FLOAT (PyOS_string_to_double, which must stop at the
// newline or a NUL): no whitespace, no underscores.
const FLOAT_TEXT = /^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** FLOAT: the line as CPython's C unpickler reads it (repr of a float, "nan", "inf", "-inf", ...); a finite literal past a double's range is refused, as its OverflowError. */
export function parseFloatLine(bytes: Uint8Array, start: number, end: number): number {
  const text = cString(bytes, start, end);
  if (!FLOAT_TEXT.test(text)) throw new TypeError(`could not convert string to float: ${JSON.stringify(text.slice(0, 40))}`);
  const lower = text.toLowerCase();
  const negative = lower.startsWith("-");
  const body = lower.replace(/^[+-]/, "");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity") return negative ? -Infinity : Infinity;
  const value = Number(lower);
  if (!Number.isFinite(value)) throw new TypeError(`float ${JSON.stringify(text.slice(0, 40))} is out of range (CPython: OverflowError)`);
  return value;
}

/** A decimal memo index (GET, PUT), non-negative. */
export function parseMemoIndex(bytes: Uint8Array, start: number, end: number): number {
  const value = parseDecimalInt(asciiText(bytes, start, end));
  if (typeof value !== "number" || value < 0) throw new TypeError("memo index must be a non-negative integer");
  return value;
}

/** LONG1/LONG4 payload: little-endian two's complement, any length (0 bytes is 0). */
export function decodeLongBytes(bytes: Uint8Array, start: number, length: number): number | bigint {
  if (length === 0) return 0;
  if (length <= 6) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[start + i]!;
    if (bytes[start + length - 1]! & 0x80) value -= 2 ** (8 * length);
    return value;
  }
  let value: bigint;
  if (length <= MAX_WORD_LONG_BYTES) {
    // 32 bits at a time from the top (a UUID's 16 or 17 bytes: ~3.5x the hex text's speed), then
    // the low bytes under a whole word.
    value = 0n;
    let i = length;
    while (i >= 4) {
      i -= 4;
      const at = start + i;
      value = (value << 32n) | BigInt((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0);
    }
    while (i > 0) {
      i--;
      value = (value << 8n) | BigInt(bytes[start + i]!);
    }
  } else {
    // A long int: its hex text parsed once (shifts of a growing bigint per word would be quadratic).
    let hex = "0x";
    for (let i = length - 1; i >= 0; i--) hex += HEX_PAIRS[bytes[start + i]!];
    value = BigInt(hex);
  }
  if (bytes[start + length - 1]! & 0x80) value -= 1n << BigInt(8 * length);
  return normalizeInt(value);
}

/** LONG1 / LONG4 payloads up to this long are read a word at a time (decodeLongBytes). */
const MAX_WORD_LONG_BYTES = 64;
/** Each byte's two hex digits. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
