// How Python reads numbers out of a str: which characters are whitespace, which are digits
// (every Unicode decimal digit, not only ASCII: `Decimal("١٢")` and `Fraction("٣/٤")` are
// valid), and how long a decimal text int() converts.

/** Python's whitespace (`str.isspace()`, `\s` in a str pattern) as a regex character-class body. */
export const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/**
 * The code point of digit zero of each run of ten decimal digits, as CPython 3.11 knows them
 * (Unicode 14: `unicodedata.decimal(c) == 0`). Python's `int()`, `Decimal()` and a str pattern's
 * `\d` take exactly these; JS's `\p{Nd}` follows Node's newer Unicode. Regenerate with:
 *   python3 -c 'import unicodedata as u; print([c for c in range(0x110000) if u.decimal(chr(c), -1) == 0])'
 */
const ZERO_DIGITS: readonly number[] = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
  0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40,
  0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0,
  0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50,
  0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950,
  0x1fbf0,
];

/** A regex character-class body of every decimal digit Python knows (for a `u` pattern). */
export const PY_DIGIT = ZERO_DIGITS.map((zero) => `\\u{${zero.toString(16)}}-\\u{${(zero + 9).toString(16)}}`).join("");

/** CPython's int_max_str_digits (3.11's default): int() of a longer decimal text is a ValueError. */
export const MAX_STR_DIGITS = 4300;

/** Refuses a decimal text of `count` digits as int() in CPython 3.11 refuses it. */
export function checkStrDigits(count: number): void {
  if (count > MAX_STR_DIGITS) {
    throw new TypeError(`Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${count} digits (CPython's int_max_str_digits)`);
  }
}

/** Whether a code point is whitespace to Python (`Py_UNICODE_ISSPACE`): the characters of PY_SPACE. */
export function isPySpace(codePoint: number): boolean {
  if (codePoint < 0x80) return (codePoint >= 0x09 && codePoint <= 0x0d) || (codePoint >= 0x1c && codePoint <= 0x20);
  if (codePoint < 0x1680) return codePoint === 0x85 || codePoint === 0xa0;
  return (
    codePoint === 0x1680 ||
    (codePoint >= 0x2000 && codePoint <= 0x200a) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    codePoint === 0x202f ||
    codePoint === 0x205f ||
    codePoint === 0x3000
  );
}

/** The value of a decimal digit, as `unicodedata.decimal` gives it, or -1: a binary search of ZERO_DIGITS. */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint < 0x80) return codePoint >= 0x30 && codePoint <= 0x39 ? codePoint - 0x30 : -1;
  let low = 0;
  let high = ZERO_DIGITS.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (ZERO_DIGITS[middle]! <= codePoint) low = middle;
    else high = middle - 1;
  }
  const value = codePoint - ZERO_DIGITS[low]!;
  return value >= 0 && value <= 9 ? value : -1;
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
