import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { expectArgCount, readInt, readString } from "./arg-checks.js";
import { PyDecimal } from "./decimal.js";
import { floatRatio } from "./float-ratio.js";
import { asciiDigits, checkStrDigits, PY_DIGIT, PY_SPACE } from "./python-text.js";
import type { ClassReconstructor } from "./registry.js";

/** `fractions.Fraction` in lowest terms with a positive denominator; JSON shows `str()` (`"1/3"`, `"3"`). */
export class PyFraction implements PyObjectValue, PyReducible {
  readonly pyClass: string = "fractions.Fraction";
  readonly numerator: bigint;
  readonly denominator: bigint;
  constructor(numerator: bigint, denominator: bigint) {
    if (denominator === 0n) throw new TypeError("fractions.Fraction: zero denominator");
    const divisor = gcd(numerator, denominator) * (denominator < 0n ? -1n : 1n);
    this.numerator = numerator / divisor;
    this.denominator = denominator / divisor;
  }
  toString(): string {
    return this.denominator === 1n ? `${this.numerator}` : `${this.numerator}/${this.denominator}`;
  }
  toPlain(): PyValue {
    return this.toString();
  }
  /** `Fraction(numerator, denominator)`, as Python 3.11's `__reduce__` writes it. */
  reduceForPickle(): PyReduction {
    return { callable: ["fractions", "Fraction"], args: [this.numerator, this.denominator] };
  }
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Decimal digits per byte of an int (log10(256)). */
const DIGITS_PER_BYTE = Math.log10(256);
/** Digits of the largest int the decoder reads by default (maxIntBytes, 1 MiB: 2,525,223 digits), outside a decoder. */
const MAX_EXPONENT_DIGITS = Math.ceil((1 << 20) * DIGITS_PER_BYTE);

const DIGITS = `[${PY_DIGIT}]+(?:_[${PY_DIGIT}]+)*`;
// Python 3.11's fractions._RATIONAL_FORMAT, as it matches: \d is any decimal digit Python knows,
// \s Python's whitespace, and the fraction group's first branch is a literal `d*` (CPython's
// typo: "1." matches with an empty fraction, "1.d" matches and int() then refuses it).
const RATIONAL = new RegExp(
  `^[${PY_SPACE}]*([-+]?)(?=[${PY_DIGIT}]|\\.[${PY_DIGIT}])([${PY_DIGIT}]*|${DIGITS})` +
    `(?:(?:/(${DIGITS}))?|(?:\\.(d*|${DIGITS}))?(?:e([-+]?${DIGITS}))?)[${PY_SPACE}]*$`,
  "iu",
);

/** `int(text)` of a group the pattern matched: Unicode digits, underscores between them, a sign. */
function intOfGroup(text: string): bigint {
  if (/d/i.test(text)) throw new TypeError(`fractions.Fraction: invalid literal for int() with base 10: ${JSON.stringify(text.slice(0, 40))}`);
  // Counted before converting: a million Unicode digits are refused at once.
  checkStrDigits(digitCount(text));
  return BigInt(asciiDigits(text).replace(/_/g, ""));
}

/** The digits of a group (code points, not UTF-16 units: U+1D7CE is one digit), signs and underscores left out. */
function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate ends a digit its high surrogate already counted.
    if (code !== 0x5f && code !== 0x2b && code !== 0x2d && !(code >= 0xdc00 && code <= 0xdfff)) count++;
  }
  return count;
}

/** `Fraction("3/4")`, `Fraction("-1.25e-3")` as Python 3.11 parses them (older Pythons pickle `str(self)`). */
function parseFraction(text: string, maxDigits: number): PyFraction {
  const match = RATIONAL.exec(text);
  if (match === null) throw new TypeError(`fractions.Fraction: invalid literal ${JSON.stringify(text.slice(0, 60))}`);
  const [, sign, whole, denominator, decimals, exponentText] = match;
  const signOf = (value: bigint): bigint => (sign === "-" ? -value : value);
  const numerator = whole === "" ? 0n : intOfGroup(whole!);
  if (denominator !== undefined) return new PyFraction(signOf(numerator), intOfGroup(denominator));
  let scaled = numerator;
  let scale = 1n;
  if (decimals !== undefined && decimals !== "") {
    const fraction = intOfGroup(decimals);
    scale = 10n ** BigInt(digitCount(decimals));
    scaled = numerator * scale + fraction;
  }
  if (exponentText === undefined) return new PyFraction(signOf(scaled), scale);
  const exponent = intOfGroup(exponentText);
  // A few bytes of "1e-100000000" would cost 10n ** 10**8: seconds of CPU and a 100M-digit int.
  if (!(exponent <= BigInt(maxDigits) && -exponent <= BigInt(maxDigits))) {
    throw new TypeError(`fractions.Fraction: exponent ${exponentText} in ${JSON.stringify(text.slice(0, 60))} is past the ${maxDigits} digits read (the decoder's largest int, maxIntBytes)`);
  }
  const power = 10n ** (exponent < 0n ? -exponent : exponent);
  return exponent >= 0n ? new PyFraction(signOf(scaled * power), scale) : new PyFraction(signOf(scaled), scale * power);
}

/** An int or Fraction argument of `Fraction(a, b)` (Python: "both arguments should be Rational instances"). */
function rationalOf(qualname: string, value: PyValue | undefined): { numerator: bigint; denominator: bigint } {
  if (value instanceof PyFraction) return value;
  if (typeof value === "number" && !Number.isInteger(value)) throw new TypeError(`${qualname}: both arguments should be Rational instances`);
  return { numerator: readInt(qualname, value), denominator: 1n };
}

/** `Fraction(numerator, denominator)` (Python 3.11+) or `Fraction(str)` (earlier versions, Python 2). */
const fractionReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "fractions.Fraction";
    expectArgCount(qualname, args, 1, 2);
    // The exponent's power is an int the size of its digits: held to the decoder's maxIntBytes.
    const maxIntBytes = context.limits?.maxIntBytes;
    const maxDigits = maxIntBytes === undefined ? MAX_EXPONENT_DIGITS : Math.ceil(maxIntBytes * DIGITS_PER_BYTE);
    const [first, second] = args;
    if (typeof first === "string" && second === undefined) return parseFraction(readString(qualname, first), maxDigits);
    if (second === undefined) {
      // Fraction(float), Fraction(Decimal), Fraction(Fraction): the exact value.
      if (first instanceof PyFloat || (typeof first === "number" && !Number.isInteger(first))) return new PyFraction(...floatRatio(Number(first)));
      if (first instanceof PyFraction) return first;
      if (first instanceof PyDecimal) return parseFraction(first.text, maxDigits);
      return new PyFraction(readInt(qualname, first), 1n);
    }
    // Fraction(a, b) of ints or Fractions (numbers.Rational): a / b.
    const [a, b] = [rationalOf(qualname, first), rationalOf(qualname, second)];
    return new PyFraction(a.numerator * b.denominator, a.denominator * b.numerator);
  },
};

/** Reconstructors for `fractions`. */
export const fractionsClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["fractions.Fraction", fractionReconstructor]]);
