/**
 * Python's `repr(float)` written as bytes without making a string, for the floats records hold
 * most: up to 15 significant digits (prices, scores, measurements, `round(x, n)`), and
 * timestamps such as `time.time()` (a 16-17 digit value between 2^26 and 2^53). Returns the
 * position after the text, or -1 for any other float (then take floatRepr). `out` needs 24 bytes
 * of room at `pos`. String() of such a float costs several times this
 * (bench/micro/short-float.bench.mjs); the text is the same, and test/core/engine checks it
 * against floatRepr on millions of values.
 */
export function writeShortFloat(out: Uint8Array, pos: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  // Python's fixed notation range; below 1e-4 and from 1e15 on, floatRepr decides.
  if (!(magnitude >= 1e-4 && magnitude < 1e15)) return -1;
  // Up to 15 significant digits: k / 10^n with k < 1e15 < 2^50. At that size Math.round finds
  // the one candidate (the error of magnitude * 10^n is under 1/4), the division is exact
  // rounding of the decimal (so equality means the text reads back as the value), and
  // candidates 10^-n apart are farther apart than the value's rounding interval is wide, so the
  // shortest text is k with its trailing zeros dropped, for the most decimals that fit in 15
  // digits (`most`, from the binary exponent: log10 is a slow call). Most floats in records
  // have at most 4 decimals: those are written from int32 pieces.
  bits[0] = magnitude;
  const exponent = ((words[HIGH]! >>> 20) & 0x7ff) - 1023;
  let most = 14 - Math.floor(exponent * LOG10_2);
  if (magnitude * POW10[most]! >= 1e15) most--;
  const scale = POW10[most]!;
  const k = Math.round(magnitude * scale);
  if (k / scale === magnitude) {
    if (most >= FEW_DECIMALS) {
      const few = Math.round(magnitude * 10 ** FEW_DECIMALS);
      if (few / 10 ** FEW_DECIMALS === magnitude) {
        // Whole and fraction as int32 pieces; the fraction's trailing zeros dropped.
        const whole = Math.floor(magnitude);
        let fraction = (few - whole * 10 ** FEW_DECIMALS) | 0;
        let n = FEW_DECIMALS;
        while (n > 0 && fraction % 10 === 0) {
          fraction /= 10;
          n--;
        }
        if (value < 0) out[pos++] = 0x2d;
        return writeFixed(out, pos, whole, fraction, n);
      }
    }
    // k's trailing zeros dropped: k / 10 is an integer exactly when k ends in 0 (k < 2^50).
    let shortest = k;
    let n = most;
    while (n > 0) {
      const tenth = shortest / 10;
      if (tenth !== Math.floor(tenth)) break;
      shortest = tenth;
      n--;
    }
    return writeDecimal(out, pos, value < 0, shortest, POW10[n]!, n);
  }
  if (exponent >= 26 && exponent < 53) return writeTimestampLike(out, pos, value, magnitude, exponent);
  return -1;
}

/** Decimals tried one by one before the longer search. */
const FEW_DECIMALS = 4;

/** k / 10^n (k < 2^53) in fixed notation; k has no trailing zero unless n = 0. */
function writeDecimal(out: Uint8Array, pos: number, isNegative: boolean, k: number, scale: number, n: number): number {
  if (isNegative) out[pos++] = 0x2d;
  let whole = Math.floor(k / scale);
  let fraction = k - whole * scale;
  if (fraction < 0) {
    // k / scale rounded up to the next integer.
    whole--;
    fraction += scale;
  }
  return writeFixed(out, pos, whole, fraction, n);
}

const LOG10_2 = Math.log10(2);
const POW10 = new Float64Array(23).map((_, n) => 10 ** n);
/** The ulp of a double with binary exponent 26 + i (what writeTimestampLike takes). */
const ULP_BY_EXPONENT = new Float64Array(27).map((_, i) => 2 ** (26 + i - 52));
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the high 32 bits of a double in `words` (the platform's byte order). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * A value in [2^26, 2^53) with a fraction, needing 16 or 17 digits: the shortest decimal in its
 * rounding interval found exactly. magnitude = I + f * u (u the value's ulp, f < 2^26), so the
 * interval scaled by 10^n, (2f -+ 1) * 10^n * u/2, is exact in doubles while (2f + 1) * 10^n <
 * 2^53; the first n whose interval holds an integer gives the shortest text, and of its
 * integers the one nearest the value is repr's (Python and JavaScript agree; on a tie, the even one). Its ends belong to
 * the interval when the mantissa is even (round-half-even reads them as the value).
 */
function writeTimestampLike(out: Uint8Array, pos: number, value: number, magnitude: number, exponent: number): number {
  const whole = Math.floor(magnitude);
  const fraction = magnitude - whole;
  if (fraction === 0) return -1;
  const ulp = ULP_BY_EXPONENT[exponent - 26]!;
  const f = fraction / ulp;
  const isEven = (f & 1) === 0;
  const halfUlp = ulp / 2;
  // Texts of up to 15 digits were tried already: start where the text has 16.
  let wholeDigits = 8;
  while (wholeDigits < 16 && whole >= POW10[wholeDigits]!) wholeDigits++;
  for (let n = 16 - wholeDigits; n <= 17; n++) {
    const scale = POW10[n]!;
    if ((2 * f + 1) * scale >= 2 ** 53) return -1;
    const low = (2 * f - 1) * scale * halfUlp;
    const high = (2 * f + 1) * scale * halfUlp;
    let first = Math.ceil(low);
    if (!isEven && first === low) first++;
    let last = Math.floor(high);
    if (!isEven && last === high) last--;
    if (first > last) continue;
    const exact = f * scale * ulp;
    let digits = Math.round(exact);
    // Halfway between two candidates: the even one, as repr (and JavaScript) choose.
    if (digits - exact === 0.5 && (digits & 1) === 1) digits--;
    if (digits < first) digits = first;
    else if (digits > last) digits = last;
    if (value < 0) out[pos++] = 0x2d;
    return writeFixed(out, pos, whole, digits, n);
  }
  return -1;
}

/**
 * `whole.fraction`, the fraction zero-padded to n digits (`12.5`, `0.0012`; n = 0 writes
 * `whole.0`). Both below 2^53: digits are made from int32 pieces of 9 digits, never with a double
 * modulo (a call into fmod per digit).
 */
function writeFixed(out: Uint8Array, pos: number, whole: number, fraction: number, n: number): number {
  pos = writeDigits(out, pos, whole, 1);
  out[pos++] = 0x2e;
  if (n === 0) {
    out[pos++] = 0x30;
    return pos;
  }
  return writeDigits(out, pos, fraction, n);
}

/** value < 2^53 in decimal, at least `width` digits (zeros in front). */
function writeDigits(out: Uint8Array, pos: number, value: number, width: number): number {
  if (value < 1e9) return writeSmallDigits(out, pos, value | 0, width);
  // Split at 10^9: the quotient is at most one off after rounding, and the remainder says which way.
  let high = Math.floor(value / 1e9);
  let low = value - high * 1e9;
  if (low < 0) {
    high--;
    low += 1e9;
  } else if (low >= 1e9) {
    high++;
    low -= 1e9;
  }
  pos = writeDigits(out, pos, high, width > 9 ? width - 9 : 1);
  return writeSmallDigits(out, pos, low | 0, 9);
}

/** "00" to "99" as byte pairs: two digits per division. */
const DIGIT_PAIRS = new Uint8Array(200).map((_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : ((i >> 1) / 10) | 0));

/** value < 2^31 in decimal, at least `width` digits. */
function writeSmallDigits(out: Uint8Array, pos: number, value: number, width: number): number {
  let length = 1;
  for (let limit = 10; value >= limit && length < 10; limit *= 10) length++;
  if (length < width) length = width;
  let at = pos + length;
  let rest = value;
  while (rest >= 100) {
    const next = (rest / 100) | 0;
    const pair = (rest - next * 100) << 1;
    out[--at] = DIGIT_PAIRS[pair + 1]!;
    out[--at] = DIGIT_PAIRS[pair]!;
    rest = next;
  }
  while (at > pos) {
    const next = (rest / 10) | 0;
    out[--at] = 0x30 + rest - next * 10;
    rest = next;
  }
  return pos + length;
}
