import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount } from "./arg-checks.js";
import { floatRatio } from "./float-ratio.js";
import { decimalDigitValue, isPySpace } from "./python-text.js";
import type { ClassReconstructor } from "./registry.js";

/** `decimal.Decimal`, kept as its exact `str()` text (no arithmetic here). */
export class PyDecimal implements PyObjectValue, PyReducible {
  readonly pyClass: string = "decimal.Decimal";
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toPlain(): PyValue {
    return this.text;
  }
  /** `Decimal(str(self))`, as `Decimal.__reduce__` writes it. */
  reduceForPickle(): PyReduction {
    return { callable: ["decimal", "Decimal"], args: [this.text] };
  }
}

const FINITE = /^([+-]?)(?=\d|\.\d)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const SPECIAL = /^([+-]?)(?:(inf|infinity)|(s?nan)(\d*))$/i;

/**
 * `str(Decimal(text))`: what Python prints for a decimal string. Pickles already hold `str(self)`,
 * but hand-written ones may not (`Decimal("1e3")` prints `1E+3`), so the text is put in canonical
 * form with the specification's to-scientific-string rules, as `Decimal.__str__` does.
 */
export function canonicalDecimalText(text: string): string {
  if (isOwnStr(text)) return text;
  const trimmed = decimalAscii(text);
  const special = trimmed === undefined ? null : SPECIAL.exec(trimmed);
  if (special !== null) {
    const sign = special[1] === "-" ? "-" : "";
    if (special[2] !== undefined) return `${sign}Infinity`;
    const payload = (special[4] ?? "").replace(/^0+/, "");
    return `${sign}${special[3]!.toLowerCase() === "snan" ? "sNaN" : "NaN"}${payload}`;
  }
  const finite = trimmed === undefined ? null : FINITE.exec(trimmed);
  if (finite === null) throw new TypeError(`decimal.Decimal: invalid literal ${JSON.stringify(text)}`);
  const sign = finite[1] === "-" ? "-" : "";
  const fraction = finite[3] ?? "";
  const coefficient = (finite[2]! + fraction).replace(/^0+(?=\d)/, "");
  // Exponents are exact (BigInt): a pickled "1E+9007199254740993" is past a double's integers.
  const exponent = BigInt(finite[4] ?? "0") - BigInt(fraction.length);
  const leftDigits = exponent + BigInt(coefficient.length);
  checkExponent(text, coefficient, exponent, leftDigits - 1n);
  // Only small numbers are written without an exponent: dotPlace is then within a few digits.
  const dotPlace = exponent <= 0n && leftDigits > -6n ? Number(leftDigits) : 1;
  let body: string;
  if (dotPlace <= 0) body = `0.${"0".repeat(-dotPlace)}${coefficient}`;
  else if (dotPlace >= coefficient.length) body = coefficient + "0".repeat(dotPlace - coefficient.length);
  else body = `${coefficient.slice(0, dotPlace)}.${coefficient.slice(dotPlace)}`;
  const shown = leftDigits - BigInt(dotPlace);
  return `${sign}${body}${shown === 0n ? "" : `E${shown >= 0n ? "+" : ""}${shown}`}`;
}

/**
 * The ASCII text `Decimal(text)` parses, as CPython's numeric_as_ascii makes it: the ends
 * stripped of Python's whitespace first, then underscores dropped, other whitespace a space (which
 * the parser then refuses), any Unicode decimal digit its ASCII digit; undefined for a character
 * it refuses. (Stripping after dropping underscores took "0 _" as 0, which CPython refuses.)
 */
function decimalAscii(text: string): string | undefined {
  // Every Python whitespace character is in the BMP: char codes do.
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  const kept = start === 0 && end === text.length ? text : text.slice(start, end);
  if (!/[^\x01-\x7f]/.test(kept)) return kept.replace(/_/g, "");
  let ascii = "";
  for (const char of kept) {
    const code = char.codePointAt(0)!;
    if (code === 0x5f /* _ */) continue;
    if (code > 0 && code <= 0x7f) ascii += char;
    else if (isPySpace(code)) ascii += " ";
    else {
      const digit = decimalDigitValue(code);
      if (digit < 0) return undefined;
      ascii += String(digit);
    }
  }
  return ascii;
}

/** The largest adjusted exponent `Decimal(text)` takes (libmpdec's MAX_EMAX, the context it converts in). */
const MAX_EMAX = 999_999_999_999_999_999n;
/** The smallest exponent it takes: Etiny = MIN_EMIN - (MAX_PREC - 1). */
const MIN_ETINY = -MAX_EMAX - (MAX_EMAX - 1n);

/**
 * Refuses what `Decimal(text)` refuses for its exponent (InvalidOperation: the exact conversion
 * would overflow or round): an adjusted exponent past MAX_EMAX, an exponent below Etiny.
 */
function checkExponent(text: string, coefficient: string, exponent: bigint, adjusted: bigint): void {
  const isZero = /^0+$/.test(coefficient);
  if ((isZero ? exponent : adjusted) > MAX_EMAX || exponent < MIN_ETINY) {
    throw new TypeError(`decimal.Decimal: exponent out of range in ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text)}`);
  }
}

/** canonicalDecimalText of `text`, or undefined where `Decimal(text)` refuses it (the driver's general path then answers). */
export function canonicalDecimalOrUndefined(text: string): string | undefined {
  try {
    return canonicalDecimalText(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is already `str(Decimal(text))` in its most common form, checked without a
 * regex (a stream of prices holds one in every record): an optional "-", then "0" or digits
 * not starting with 0, then maybe "." and digits; after "0." fewer than 6 zeros before another
 * digit, or at most 6 zeros in all (`Decimal("0.0000001")` prints `1E-7`, `Decimal("0.0000000")`
 * `0E-7`).
 */
function isOwnStr(text: string): boolean {
  const length = text.length;
  let i = text.charCodeAt(0) === 0x2d /* - */ ? 1 : 0;
  const first = i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  const intDigits = i - first;
  if (intDigits === 0 || (intDigits > 1 && text.charCodeAt(first) === 0x30)) return false;
  if (i === length) return true;
  if (text.charCodeAt(i) !== 0x2e /* . */) return false;
  const fractionStart = ++i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  if (i !== length || i === fractionStart) return false;
  if (intDigits > 1 || text.charCodeAt(first) !== 0x30) return true;
  let zeros = 0;
  while (fractionStart + zeros < length && text.charCodeAt(fractionStart + zeros) === 0x30) zeros++;
  return fractionStart + zeros === length ? zeros <= 6 : zeros < 6;
}

/**
 * isOwnStr over the ASCII bytes[from, to) of a pickled str (a Decimal's state read where it lies,
 * no str made): true when they are already `str(Decimal(text))` in its most common form.
 */
export function isOwnDecimalBytes(bytes: Uint8Array, from: number, to: number): boolean {
  let i = bytes[from] === 0x2d /* - */ ? from + 1 : from;
  const first = i;
  while (i < to && isDigit(bytes[i]!)) i++;
  const intDigits = i - first;
  if (intDigits === 0 || (intDigits > 1 && bytes[first] === 0x30)) return false;
  if (i === to) return true;
  if (bytes[i] !== 0x2e /* . */) return false;
  const fractionStart = ++i;
  while (i < to && isDigit(bytes[i]!)) i++;
  if (i !== to || i === fractionStart) return false;
  if (intDigits > 1 || bytes[first] !== 0x30) return true;
  let zeros = 0;
  while (fractionStart + zeros < to && bytes[fractionStart + zeros] === 0x30) zeros++;
  return fractionStart + zeros === to ? zeros <= 6 : zeros < 6;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `Decimal(str)`, as `Decimal.__reduce__` writes it, and the other arguments a class's own `__reduce__` may give. */
const decimalReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("decimal.Decimal", args, 0, 2);
    return new PyDecimal(decimalTextOf(args[0]));
  },
};

/**
 * `str(Decimal(value))`: of a str; of an int (bool too) or a float, exactly (`Decimal(0.1)` is
 * the double's 55 digits, `Decimal(-0.0)` is `-0`, a NaN float is `NaN` whatever its sign); of a
 * `(sign, digits, exponent)` tuple (exponent `"F"` Infinity, `"n"` NaN, `"N"` sNaN); of a Decimal.
 */
function decimalTextOf(value: PyValue | undefined): string {
  const qualname = "decimal.Decimal";
  if (value === undefined) return "0";
  if (typeof value === "string") return canonicalDecimalText(value);
  if (value instanceof PyDecimal) return value.text;
  if (typeof value === "bigint" || typeof value === "boolean") return String(BigInt(value));
  if (typeof value === "number" || value instanceof PyFloat) {
    const number = Number(value);
    if (Number.isNaN(number)) return "NaN";
    if (!Number.isFinite(number)) return number > 0 ? "Infinity" : "-Infinity";
    if (Object.is(number, -0)) return "-0";
    const [numerator, denominator] = floatRatio(number);
    // n / 2**k is n * 5**k / 10**k: an exact decimal of k places.
    const places = denominator.toString(2).length - 1;
    return canonicalDecimalText(`${numerator * 5n ** BigInt(places)}E-${places}`);
  }
  if (Array.isArray(value)) return decimalTupleText(value);
  throw new TypeError(`${qualname}: conversion from ${describeValue(value)} to Decimal is not supported`);
}

/** `Decimal((sign, digits, exponent))`, checked as Python checks it. */
function decimalTupleText(tuple: readonly PyValue[]): string {
  const qualname = "decimal.Decimal";
  const [signValue, digits, exponent] = tuple;
  // A bool is an int to Python: Decimal((True, (1,), 0)) is Decimal('-1').
  const sign = typeof signValue === "boolean" ? Number(signValue) : signValue;
  if (tuple.length !== 3 || !Array.isArray(digits)) throw new TypeError(`${qualname}: argument must be a sequence of length 3`);
  if (sign !== 0 && sign !== 1) throw new TypeError(`${qualname}: sign must be an integer with the value 0 or 1`);
  let coefficient = "";
  for (const digit of digits) {
    if (typeof digit !== "number" || !Number.isInteger(digit) || digit < 0 || digit > 9) {
      throw new TypeError(`${qualname}: coefficient must be a tuple of digits`);
    }
    coefficient += String(digit);
  }
  const signText = sign === 1 ? "-" : "";
  if (exponent === "F") return `${signText}Infinity`;
  if (exponent === "n" || exponent === "N") return canonicalDecimalText(`${signText}${exponent === "N" ? "sNaN" : "NaN"}${coefficient}`);
  if (typeof exponent !== "number" && typeof exponent !== "bigint") throw new TypeError(`${qualname}: exponent must be an integer`);
  if (typeof exponent === "number" && !Number.isInteger(exponent)) throw new TypeError(`${qualname}: exponent must be an integer`);
  return canonicalDecimalText(`${signText}${coefficient === "" ? "0" : coefficient}E${exponent}`);
}

/** Reconstructors for `decimal` (the C module `_decimal` pickles under the same name). */
export const decimalClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["decimal.Decimal", decimalReconstructor]]);
