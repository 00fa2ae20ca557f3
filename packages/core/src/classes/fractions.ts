import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import { expectArgCount, readInt, readString } from "./arg-checks.js";
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

const RATIONAL = /^([+-]?)(\d+)(?:\/(\d+)|(?:\.(\d*))?(?:e([+-]?\d+))?)$/i;

/** `Fraction("3/4")`, `Fraction("-1.25e-3")` as Python parses them (older Pythons pickle `str(self)`). */
function parseFraction(text: string, maxDigits: number): PyFraction {
  const match = RATIONAL.exec(text.trim().replace(/_/g, ""));
  if (match === null) throw new TypeError(`fractions.Fraction: invalid literal ${JSON.stringify(text)}`);
  const sign = match[1] === "-" ? -1n : 1n;
  if (match[3] !== undefined) return new PyFraction(sign * BigInt(match[2]!), BigInt(match[3]));
  const decimals = match[4] ?? "";
  const exponent = Number(match[5] ?? "0") - decimals.length;
  // A few bytes of "1e-100000000" would cost 10n ** 10**8: seconds of CPU and a 100M-digit int.
  if (!(Math.abs(exponent) <= maxDigits)) {
    throw new TypeError(`fractions.Fraction: exponent ${match[5]} in ${JSON.stringify(text.slice(0, 60))} is past the ${maxDigits} digits read (the decoder's largest int, maxIntBytes)`);
  }
  const digits = sign * BigInt(match[2]! + decimals);
  return exponent >= 0 ? new PyFraction(digits * 10n ** BigInt(exponent), 1n) : new PyFraction(digits, 10n ** BigInt(-exponent));
}

/** `Fraction(numerator, denominator)` (Python 3.11+) or `Fraction(str)` (earlier versions, Python 2). */
const fractionReconstructor: ClassReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "fractions.Fraction";
    expectArgCount(qualname, args, 1, 2);
    // The exponent's power is an int the size of its digits: held to the decoder's maxIntBytes.
    const maxIntBytes = context.limits?.maxIntBytes;
    const maxDigits = maxIntBytes === undefined ? MAX_EXPONENT_DIGITS : Math.ceil(maxIntBytes * DIGITS_PER_BYTE);
    if (typeof args[0] === "string") return parseFraction(readString(qualname, args[0]), maxDigits);
    return new PyFraction(readInt(qualname, args[0]), args.length > 1 ? readInt(qualname, args[1]) : 1n);
  },
};

/** Reconstructors for `fractions`. */
export const fractionsClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["fractions.Fraction", fractionReconstructor]]);
