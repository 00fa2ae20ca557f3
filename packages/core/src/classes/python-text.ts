// How Python reads numbers out of a str: which characters are whitespace, which are digits
// (every Unicode decimal digit, not only ASCII: `Decimal("١٢")` and `Fraction("٣/٤")` are
// valid), and how long a decimal text int() converts.

/** Python's whitespace (`str.isspace()`, `\s` in a str pattern) as a regex character-class body. */
export const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const PY_SPACE_CHAR = new RegExp(`^[${PY_SPACE}]$`);
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** CPython's int_max_str_digits (3.11's default): int() of a longer decimal text is a ValueError. */
export const MAX_STR_DIGITS = 4300;

/** Refuses a decimal text of `count` digits as int() in CPython 3.11 refuses it. */
export function checkStrDigits(count: number): void {
  if (count > MAX_STR_DIGITS) {
    throw new TypeError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits (CPython's int_max_str_digits)`);
  }
}

/** Whether a code point is whitespace to Python (`Py_UNICODE_ISSPACE`). */
export function isPySpace(codePoint: number): boolean {
  return PY_SPACE_CHAR.test(String.fromCodePoint(codePoint));
}

function isDecimalDigit(codePoint: number): boolean {
  return DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * The value of a Unicode decimal digit (category Nd), as `unicodedata.decimal` gives it, or -1.
 * Unicode encodes each script's digits as a run of ten code points, 0 to 9, and adjacent runs
 * (the mathematical digits) are whole tens: a digit's value is its distance from the start of
 * its run, modulo 10.
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) return codePoint - 0x30;
  if (codePoint < 0x80 || !isDecimalDigit(codePoint)) return -1;
  let runStart = codePoint;
  while (isDecimalDigit(runStart - 1)) runStart--;
  return (codePoint - runStart) % 10;
}

/** `text` with every non-ASCII decimal digit written as its ASCII digit (other characters kept). */
export function asciiDigits(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = "";
  for (const char of text) {
    const value = decimalDigitValue(char.codePointAt(0)!);
    out += value >= 0 ? String(value) : char;
  }
  return out;
}
