/** Integer and float arguments: protocol 0 decimal text, and LONG1/LONG4 two's-complement bytes. */

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

/** INT: a decimal literal, where "01" and "00" stand for True and False. */
export function parseIntLine(bytes: Uint8Array, start: number, end: number): number | bigint | boolean {
  if (end - start === 2 && bytes[start] === 0x30) {
    if (bytes[start + 1] === 0x31) return true;
    if (bytes[start + 1] === 0x30) return false;
  }
  return parseDecimalInt(asciiText(bytes, start, end));
}

/** LONG: a decimal literal with an optional trailing "L" (Python 2 wrote one). */
export function parseLongLine(bytes: Uint8Array, start: number, end: number): number | bigint {
  if (end > start && bytes[end - 1] === 0x4c) end--;
  return parseDecimalInt(asciiText(bytes, start, end));
}

const FLOAT_TEXT =
  /^[ \t\n\r\f\v]*[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)[ \t\n\r\f\v]*$/i;

/** FLOAT: Python `float(text)` (repr of a float, "nan", "inf", "-inf", ...). */
export function parseFloatLine(bytes: Uint8Array, start: number, end: number): number {
  const text = asciiText(bytes, start, end);
  if (!FLOAT_TEXT.test(text)) throw new TypeError(`could not convert string to float: ${JSON.stringify(text.slice(0, 40))}`);
  const cleaned = text.trim().replace(/_/g, "").toLowerCase();
  const negative = cleaned.startsWith("-");
  const body = cleaned.replace(/^[+-]/, "");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity") return negative ? -Infinity : Infinity;
  return Number(cleaned);
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
