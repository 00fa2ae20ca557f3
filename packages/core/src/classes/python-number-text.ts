// `float(text)` and `complex(text)` as CPython 3.11 reads a str: the text made ASCII first
// (_PyUnicode_TransformDecimalAndSpaceToASCII), underscores checked and dropped
// (_Py_string_to_number_with_underscores), then the longest float literal at each place
// (PyOS_string_to_double, which takes no leading space).

import { decimalDigitValue, isPySpace } from "./python-text.js";

/**
 * The ASCII text CPython parses a number from: a character below 127 kept, any other space a
 * space, a Unicode decimal digit its ASCII digit, and the text cut after a `?` at the first
 * other character (so the parse fails there, as CPython's does).
 */
function numberAscii(text: string): string {
  if (!/[^\x00-\x7e]/.test(text)) return text;
  let ascii = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 127) ascii += char;
    else if (isPySpace(code)) ascii += " ";
    else {
      const digit = decimalDigitValue(code);
      if (digit < 0) return `${ascii}?`;
      ascii += String(digit);
    }
  }
  return ascii;
}

const isAsciiDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** `text` without its underscores, or undefined when one is not between two digits. */
function withoutUnderscores(text: string): string | undefined {
  if (!text.includes("_")) return text;
  let kept = "";
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5f) {
      if (!isAsciiDigit(previous)) return undefined;
    } else {
      if (previous === 0x5f && !isAsciiDigit(code)) return undefined;
      kept += text[i];
    }
    previous = code;
  }
  return previous === 0x5f ? undefined : kept;
}

/** Py_ISSPACE: the C locale's whitespace (the text is ASCII by then). */
const isCSpace = (code: number): boolean => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/** A float literal read at `at`: its value and where it ends. */
interface FloatPrefix {
  readonly value: number;
  readonly end: number;
}

const SPECIALS: readonly [string, number][] = [
  ["infinity", Infinity],
  ["inf", Infinity],
  ["nan", Number.NaN],
];

/** The longest float literal at `at` (sign, digits with an optional point, exponent; inf, nan), or undefined. */
function floatPrefix(text: string, at: number): FloatPrefix | undefined {
  let i = at;
  const sign = text[i] === "-" ? -1 : 1;
  if (text[i] === "+" || text[i] === "-") i++;
  const rest = text.slice(i, i + 8).toLowerCase();
  for (const [word, value] of SPECIALS) {
    if (rest.startsWith(word)) return { value: sign * value, end: i + word.length };
  }
  const digitsStart = i;
  while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
  let digits = i - digitsStart;
  if (text[i] === ".") {
    i++;
    const fractionStart = i;
    while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
    digits += i - fractionStart;
  }
  if (digits === 0) return undefined;
  if (text[i] === "e" || text[i] === "E") {
    // An exponent without digits is not read: "1e" is the float 1 followed by "e".
    let j = i + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    const exponentStart = j;
    while (j < text.length && isAsciiDigit(text.charCodeAt(j))) j++;
    if (j > exponentStart) i = j;
  }
  // JS reads this grammar as C's strtod does (correctly rounded; "1." and ".5" too).
  return { value: Number(text.slice(at, i)), end: i };
}

/** `float(text)`, or undefined where Python raises ValueError. */
export function pythonFloatOf(text: string): number | undefined {
  const ascii = withoutUnderscores(numberAscii(text));
  if (ascii === undefined) return undefined;
  let start = 0;
  let end = ascii.length;
  while (start < end && isCSpace(ascii.charCodeAt(start))) start++;
  while (end > start && isCSpace(ascii.charCodeAt(end - 1))) end--;
  const read = floatPrefix(ascii, start);
  return read !== undefined && read.end === end && end > start ? read.value : undefined;
}

/**
 * `complex(text)`, or undefined where Python raises ValueError: `<float>`, `<float>j`,
 * `<float><signed float>j`, and the older `<float><sign>j`, `<sign>j`, `j`, each maybe in
 * parentheses, with spaces around (none inside, "1 + 2j" is refused).
 */
export function pythonComplexOf(text: string): { real: number; imag: number } | undefined {
  const ascii = withoutUnderscores(numberAscii(text));
  if (ascii === undefined) return undefined;
  let i = 0;
  const skipSpace = (): void => {
    while (i < ascii.length && isCSpace(ascii.charCodeAt(i))) i++;
  };
  skipSpace();
  const hasBracket = ascii[i] === "(";
  if (hasBracket) {
    i++;
    skipSpace();
  }
  let real = 0;
  let imag = 0;
  const isJ = (): boolean => ascii[i] === "j" || ascii[i] === "J";
  const first = floatPrefix(ascii, i);
  if (first !== undefined) {
    i = first.end;
    if (ascii[i] === "+" || ascii[i] === "-") {
      real = first.value;
      const second = floatPrefix(ascii, i);
      if (second !== undefined) {
        imag = second.value;
        i = second.end;
      } else {
        imag = ascii[i] === "+" ? 1 : -1;
        i++;
      }
      if (!isJ()) return undefined;
      i++;
    } else if (isJ()) {
      imag = first.value;
      i++;
    } else {
      real = first.value;
    }
  } else {
    if (ascii[i] === "+" || ascii[i] === "-") {
      imag = ascii[i] === "+" ? 1 : -1;
      i++;
    } else {
      imag = 1;
    }
    if (!isJ()) return undefined;
    i++;
  }
  skipSpace();
  if (hasBracket) {
    if (ascii[i] !== ")") return undefined;
    i++;
    skipSpace();
  }
  return i === ascii.length && ascii.length > 0 ? { real, imag } : undefined;
}

/** `int(text)` in base 10 as its digit text (sign kept, underscores dropped), or undefined where Python raises ValueError. */
export function pythonIntDigitsOf(text: string): string | undefined {
  const ascii = numberAscii(text);
  let start = 0;
  let end = ascii.length;
  while (start < end && isCSpace(ascii.charCodeAt(start))) start++;
  while (end > start && isCSpace(ascii.charCodeAt(end - 1))) end--;
  const literal = ascii.slice(start, end);
  return /^[+-]?\d+(?:_\d+)*$/.test(literal) ? literal.replace(/_/g, "") : undefined;
}
