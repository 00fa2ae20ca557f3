import { DIGIT_PAIRS } from "../json/digit-pairs.js";
import { exactQuotient } from "../json/int-digits.js";

/**
 * Python's `repr(float)` written as bytes without making a string, for every float with a
 * fraction in Python's fixed-notation range [1e-4, 1e16): the cheapest way first (up to 15
 * significant digits: prices, scores, `round(x, n)`), then any other (writeLongFloat: the
 * shortest decimal of the value's rounding interval, exactly, with a double-double product;
 * timestamps such as `time.time()` among them: 75 ns there against 91 ns for a search over 16
 * and 17 decimals). Returns the position after the text, or -1 for any other float (integers,
 * exponent notation, and the rare value whose 17 digits would carry past a split: then take
 * floatRepr). `out` needs 24 bytes of room at `pos`.
 * String() of such a float costs 1.5-4x this (bench/micro/short-float.bench.mjs); the text is
 * the same, and test/core/engine checks it against floatRepr on millions of values.
 */
export function writeShortFloat(out: Uint8Array, pos: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  // Python's fixed notation range; below 1e-4 and from 1e16 on, floatRepr decides.
  if (!(magnitude >= 1e-4 && magnitude < 1e15)) {
    if (!(magnitude >= 1e15 && magnitude < 1e16)) return -1;
    bits[0] = magnitude;
    return writeLongFloat(out, pos, value, magnitude, ((words[HIGH]! >>> 20) & 0x7ff) - 1023);
  }
  // Up to 15 significant digits: k / 10^n with k < 1e15 < 2^50. At that size Math.round finds
  // the one candidate (the error of magnitude * 10^n is under 1/4), the division is exact
  // rounding of the decimal (so equality means the text reads back as the value), and
  // candidates 10^-n apart are farther apart than the value's rounding interval is wide, so the
  // shortest text is k with its trailing zeros dropped, for the most decimals that fit in 15
  // digits (`most`, from the binary exponent: log10 is a slow call).
  // Most floats in records have at most 4 decimals (prices, round(x, n)): below 1e11 those are
  // at most 15 digits, tried first and written from int32 pieces.
  if (magnitude < 1e11) {
    const few = Math.round(magnitude * FEW_SCALE);
    if (few / FEW_SCALE === magnitude) {
      // Whole and fraction as int32 pieces; the fraction's trailing zeros dropped.
      const whole = Math.floor(magnitude);
      let fraction = (few - whole * FEW_SCALE) | 0;
      let n = FEW_DECIMALS;
      while (n > 0) {
        const tenth = (fraction / 10) | 0;
        if (tenth * 10 !== fraction) break;
        fraction = tenth;
        n--;
      }
      if (value < 0) out[pos++] = 0x2d;
      return writeFixed(out, pos, whole, fraction, n);
    }
  }
  bits[0] = magnitude;
  const exponent = ((words[HIGH]! >>> 20) & 0x7ff) - 1023;
  let most = 14 - Math.floor(exponent * LOG10_2);
  if (magnitude * POW10[most]! >= 1e15) most--;
  const scale = POW10[most]!;
  const k = Math.round(magnitude * scale);
  if (k / scale === magnitude) {
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
  return writeLongFloat(out, pos, value, magnitude, exponent);
}

/** Decimals tried one by one before the longer search. */
const FEW_DECIMALS = 4;
/** 10^FEW_DECIMALS as a constant (`**` may be a call into Math.pow). */
const FEW_SCALE = 1e4;

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
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the high 32 bits of a double in `words` (the platform's byte order). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * writeShortFloat's last way alone, for a run of 16-17 digit floats (a column of random()
 * values): skips the cheaper ways, which fail on those. Declines (-1) what it does not take,
 * short decimals among them; then take writeShortFloat.
 */
export function writeLongFloatRepr(out: Uint8Array, pos: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 1e-4 && magnitude < 1e16)) return -1;
  bits[0] = magnitude;
  return writeLongFloat(out, pos, value, magnitude, ((words[HIGH]! >>> 20) & 0x7ff) - 1023);
}

/** Binary exponents of [1e-4, 1e16), and half the ulp of a double of each. */
const MIN_LONG_EXPONENT = -14;
const HALF_ULP = new Float64Array(54 + 14).map((_, i) => 2 ** (i + MIN_LONG_EXPONENT - 53));

/** Dekker's splitter (2^27 + 1): halves of a double whose products are exact. */
const SPLITTER = 134217729;

/**
 * Any value in [1e-4, 1e16) (16 or 17 significant digits, where the cheaper ways above decline):
 * the shortest decimal in its rounding interval, found exactly with doubles, or -1 in the rare
 * cases left to floatRepr. The value times 10^k (k from 1 to 20, so 10^k is exact) lands in
 * [1e16, 1e17) and is exactly hi + lo (Dekker's product): hi an integer, split at 10^8 into
 * exact halves, lo < 16 in magnitude. The half-ulp scaled by 10^k is exact too (a power of two
 * times 10^k), and so are lo's fraction plus or minus it: every bit lies between 2^-49 and 2^4.
 * The interval is then [I + a, I + b] for an integer I and small exact a, b: the integers in it
 * are known exactly, and of them the multiples of the largest power of ten give the shortest
 * text, the one nearest the value being repr's (Python and JavaScript agree).
 */
function writeLongFloat(out: Uint8Array, pos: number, value: number, magnitude: number, exponent: number): number {
  // `bits` holds magnitude (the caller put it there).
  const highWord = words[HIGH]!;
  const lowWord = words[1 - HIGH]!;
  let k = 16 - Math.floor(exponent * LOG10_2);
  let scale = POW10[k]!;
  let hi = magnitude * scale;
  if (hi >= 1e17) {
    k--;
    scale = POW10[k]!;
    hi = magnitude * scale;
  } else if (hi < 1e16) {
    k++;
    scale = POW10[k]!;
    hi = magnitude * scale;
  }
  if (!(hi >= 1e16 && hi < 1e17) || k < 1 || k > 20) return -1;
  // lo = magnitude * scale - hi exactly (Dekker's two-product).
  let t = SPLITTER * magnitude;
  const mHigh = t - (t - magnitude);
  const mLow = magnitude - mHigh;
  t = SPLITTER * scale;
  const sHigh = t - (t - scale);
  const sLow = scale - sHigh;
  const lo = mHigh * sHigh - hi + mHigh * sLow + mLow * sHigh + mLow * sLow;
  // hi = upper * 10^8 + low: upper * 10^8 is exact (upper * 5^8 < 2^53, then a power of two).
  let upper = exactQuotient(hi, 1e8);
  let low = hi - upper * 1e8;
  const loWhole = Math.floor(lo);
  const loFraction = lo - loWhole;
  low += loWhole;
  // The rounding interval: half an ulp each way (a quarter below a power of two), its ends
  // included when the mantissa is even (round-half-even reads them as the value).
  const halfUlp = HALF_ULP[exponent - MIN_LONG_EXPONENT]! * scale;
  const isPowerOfTwo = (highWord & 0xfffff) === 0 && lowWord === 0;
  const below = isPowerOfTwo ? halfUlp / 2 : halfUlp;
  const isEven = (lowWord & 1) === 0;
  const a = loFraction - below;
  const b = loFraction + halfUlp;
  let first = Math.ceil(a);
  if (first === a && !isEven) first++;
  let last = Math.floor(b);
  if (last === b && !isEven) last--;
  // From here in int32 arithmetic (divisions by constants become multiplications): low, from
  // and to are within 20 of [0, 1e8), shifted by 1e8 so they are not negative (a multiple of
  // 10^j, j <= 7, stays one).
  const shifted = (low + 1e8) | 0;
  const from = (shifted + first) | 0;
  const to = (shifted + last) | 0;
  if (from > to) return -1;
  // The most trailing zeros a number in [from, to] can have (past 7, the split would carry: rare).
  let zeros: number;
  let step: number;
  if (((((from + 9) / 10) | 0) * 10) > to) {
    zeros = 0;
    step = 1;
  } else if (((((from + 99) / 100) | 0) * 100) > to) {
    zeros = 1;
    step = 10;
  } else {
    zeros = 2;
    step = 100;
    while (zeros < 8) {
      const next = step * 10;
      if ((((from + next - 1) / next) | 0) * next > to) break;
      zeros++;
      step = next;
    }
    if (zeros === 8) return -1;
  }
  // Of the multiples of `step` in the interval, the nearest to the value, low + loFraction
  // (never summed: it may not be a double). The multiple below it is the one below low, and the
  // value is nearer to it when loFraction < step / 2 - (low - under); halfway (a value such as
  // 1234567890123456.25, common from 2^50 on), the one whose last digit is even.
  const quotient = step === 1 ? shifted : step === 10 ? (shifted / 10) | 0 : (shifted / step) | 0;
  const under = quotient * step;
  const toMiddle = step / 2 - (shifted - under);
  let digits = loFraction < toMiddle || (loFraction === toMiddle && (quotient & 1) === 0) ? under : under + step;
  if (digits < from) digits += step;
  else if (digits > to) digits -= step;
  if (digits < from || digits > to) return -1;
  digits -= 1e8;
  if (digits >= 1e8) {
    upper++;
    digits -= 1e8;
  } else if (digits < 0) {
    upper--;
    digits += 1e8;
  }
  if (upper >= 1e9 || upper < 1e8) return -1;
  // upper (9 digits) and digits (8) are the 17 significant digits; the value is them * 10^-k.
  if (value < 0) out[pos++] = 0x2d;
  const significant = 17 - zeros;
  if (k <= 16) {
    const wholeDigits = 17 - k;
    if (significant <= wholeDigits) return -1;
    const start = pos;
    write17Digits(out, pos, upper, digits);
    // Make room for the point after the whole digits.
    for (let i = start + significant; i > start + wholeDigits; i--) out[i] = out[i - 1]!;
    out[start + wholeDigits] = 0x2e;
    return start + significant + 1;
  }
  out[pos++] = 0x30;
  out[pos++] = 0x2e;
  for (let i = 17; i < k; i++) out[pos++] = 0x30;
  write17Digits(out, pos, upper, digits);
  return pos + significant;
}

/** upper (9 digits, no leading zero) then low (8 digits, zero-padded), two digits per step. */
function write17Digits(out: Uint8Array, pos: number, upper: number, low: number): void {
  const top = (upper / 1e8) | 0;
  out[pos] = 0x30 + top;
  write8Digits(out, pos + 1, upper - top * 1e8);
  write8Digits(out, pos + 9, low);
}

/** value < 10^8 as exactly 8 digits. */
function write8Digits(out: Uint8Array, pos: number, value: number): void {
  const high = (value / 10000) | 0;
  const low = value - high * 10000;
  let pair = ((high / 100) | 0) << 1;
  out[pos] = DIGIT_PAIRS[pair]!;
  out[pos + 1] = DIGIT_PAIRS[pair + 1]!;
  pair = (high - ((high / 100) | 0) * 100) << 1;
  out[pos + 2] = DIGIT_PAIRS[pair]!;
  out[pos + 3] = DIGIT_PAIRS[pair + 1]!;
  pair = ((low / 100) | 0) << 1;
  out[pos + 4] = DIGIT_PAIRS[pair]!;
  out[pos + 5] = DIGIT_PAIRS[pair + 1]!;
  pair = (low - ((low / 100) | 0) * 100) << 1;
  out[pos + 6] = DIGIT_PAIRS[pair]!;
  out[pos + 7] = DIGIT_PAIRS[pair + 1]!;
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
  const high = exactQuotient(value, 1e9);
  const low = value - high * 1e9;
  pos = writeDigits(out, pos, high, width > 9 ? width - 9 : 1);
  return writeSmallDigits(out, pos, low | 0, 9);
}


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
