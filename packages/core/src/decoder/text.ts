/**
 * Text decoding for pickle string arguments. Small strings are decoded in JS (crossing into
 * TextDecoder costs more than it saves below ~32 bytes); larger ones by TextDecoder.
 */

import { recentStrings } from "./recent-strings.js";
import { SHORT_STRING_MAX_BYTES, shortAscii } from "./short-ascii.js";

const utf8Fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Below this many bytes, strings are decoded in JS (short-ascii.ts); from here on by TextDecoder. */
const SMALL_STRING_BYTES = SHORT_STRING_MAX_BYTES + 1;
/** Slice size for String.fromCharCode.apply, under every engine's argument limit. */
const APPLY_CHUNK = 8192;

/**
 * UTF-8 as CPython writes str (encoding "utf-8" with "surrogatepass"): lone surrogates arrive
 * as 3-byte sequences ED A0..BF xx, which TextDecoder would reject or replace. Throws a
 * `TypeError` on bytes that are not UTF-8 (the caller turns it into a PickleError).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, length: number): string {
  const end = start + length;
  if (length < SMALL_STRING_BYTES) {
    const recent = recentStrings.find(bytes, start, length);
    if (recent !== null) return recent;
    let bits = 0;
    for (let i = start; i < end; i++) bits |= bytes[i]!;
    const text = bits < 0x80 ? shortAscii(bytes, start, length) : shortUtf8(bytes, start, end);
    recentStrings.keep(bytes, start, length, text);
    return text;
  }
  const slice = bytes.subarray(start, end);
  // 0xED starts every encoded surrogate (U+D800..U+DFFF); only then is the slow path needed.
  const ed = slice.indexOf(0xed);
  if (ed >= 0 && ed + 1 < length && slice[ed + 1]! >= 0xa0) return decodeUtf8Slow(bytes, start, end);
  return utf8Fatal.decode(slice);
}

/** The UTF-16 code units of a short string (under SMALL_STRING_BYTES bytes, so as many units at most), reused. */
const shortUnits = new Uint16Array(SMALL_STRING_BYTES);

/**
 * A short string with non-ASCII characters ("Søren Müller"): 1- to 3-byte sequences (encoded
 * surrogates too, as surrogatepass) decoded into `shortUnits` and made a string by shortAscii's
 * one fromCharCode call, allocating only the result; decodeUtf8Slow's array and apply cost ~1.5x
 * per string (bench/micro/short-utf8.bench.mjs; records.pkl has ~1 million such names). Anything
 * else (4-byte sequences, invalid or overlong bytes) goes to decodeUtf8Slow, which words errors.
 */
function shortUtf8(bytes: Uint8Array, start: number, end: number): string {
  const units = shortUnits;
  let n = 0;
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units[n++] = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 < 0xe0 && i + 1 < end && (bytes[i + 1]! & 0xc0) === 0x80) {
      units[n++] = ((b0 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < end && (bytes[i + 1]! & 0xc0) === 0x80 && (bytes[i + 2]! & 0xc0) === 0x80) {
      const cp = ((b0 & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      if (cp < 0x800) return decodeUtf8Slow(bytes, start, end); // overlong: its error comes from there
      units[n++] = cp;
      i += 3;
    } else {
      return decodeUtf8Slow(bytes, start, end);
    }
  }
  return shortAscii(units, 0, n);
}

/** A strict UTF-8 decoder that also accepts encoded surrogates (surrogatepass). */
function decodeUtf8Slow(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let text = "";
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 < 0xe0) {
      const b1 = continuation(bytes, i + 1, end);
      cp = ((b0 & 0x1f) << 6) | b1;
      i += 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      cp = ((b0 & 0x0f) << 12) | (b1 << 6) | b2;
      if (cp < 0x800) throw new TypeError(`overlong UTF-8 sequence at byte ${i - start}`);
      i += 3;
    } else if (b0 >= 0xf0 && b0 < 0xf5) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      const b3 = continuation(bytes, i + 3, end);
      cp = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
      if (cp < 0x10000 || cp > 0x10ffff) throw new TypeError(`invalid UTF-8 sequence at byte ${i - start}`);
      i += 4;
    } else {
      throw new TypeError(`invalid UTF-8 start byte 0x${b0.toString(16)} at byte ${i - start}`);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= APPLY_CHUNK) {
      text += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text + String.fromCharCode.apply(null, units);
}

function continuation(bytes: Uint8Array, index: number, end: number): number {
  if (index >= end) throw new TypeError("truncated UTF-8 sequence");
  const byte = bytes[index]!;
  if ((byte & 0xc0) !== 0x80) throw new TypeError(`invalid UTF-8 continuation byte 0x${byte.toString(16)}`);
  return byte & 0x3f;
}

/** A Node Buffer, seen without importing Node: its `latin1Slice` copies bytes into a one-byte string. */
interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/**
 * Node's `Buffer.prototype.latin1Slice`, found by feature detection (core imports nothing from
 * Node; in a browser this is undefined). It takes any Uint8Array as `this`, so the decoder's own
 * buffers (a large payload joined from stream chunks) use it too, not only Buffers.
 */
const nodeLatin1Slice: Latin1Sliceable["latin1Slice"] | undefined = (
  globalThis as { Buffer?: { prototype?: Partial<Latin1Sliceable> } }
).Buffer?.prototype?.latin1Slice;

/**
 * Latin-1: one character per byte, lossless (TextDecoder's "latin1" is windows-1252, so not used).
 * Under Node, `latin1Slice` builds the string in one copy: 8x faster on a 39 MB numpy py2 str
 * (MNIST) than fromCharCode over slices, and 3x at 64 bytes (bench/micro/latin1-strings.bench.mjs);
 * MNIST read as a stream (its arrays joined from gunzip's chunks) took 2.8 s instead of 1 s before
 * this was used beyond Buffers. Elsewhere (browsers) the portable loop below runs.
 */
export function decodeLatin1(bytes: Uint8Array, start: number, length: number): string {
  const end = start + length;
  if (length < SMALL_STRING_BYTES) return shortAscii(bytes, start, length);
  if (nodeLatin1Slice !== undefined) return nodeLatin1Slice.call(bytes, start, end);
  let text = "";
  for (let i = start; i < end; i += APPLY_CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + APPLY_CHUNK)) as unknown as number[]);
  }
  return text;
}

/** ASCII, failing on any byte >= 0x80 as CPython's default `encoding="ASCII"` does. */
export function decodeAscii(bytes: Uint8Array, start: number, length: number): string {
  for (let i = start; i < start + length; i++) {
    if (bytes[i]! >= 0x80) {
      throw new TypeError(`byte 0x${bytes[i]!.toString(16)} is not ASCII (pass encoding "latin1" or "bytes" for Python 2 data)`);
    }
  }
  return decodeLatin1(bytes, start, length);
}

/** Latin-1 text back to its bytes, or undefined when a character is above U+00FF. */
export function encodeLatin1(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  return -1;
}

/**
 * Python's "raw-unicode-escape" decoding (UNICODE opcode): bytes are Latin-1 characters, except
 * that `\uXXXX` and `\UXXXXXXXX` are escapes when preceded by an odd number of backslashes.
 */
export function decodeRawUnicodeEscape(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let text = "";
  let i = start;
  while (i < end) {
    const byte = bytes[i]!;
    if (byte !== 0x5c) {
      units.push(byte);
      i++;
    } else {
      const runStart = i;
      while (i < end && bytes[i] === 0x5c) {
        units.push(0x5c);
        i++;
      }
      const isOddRun = ((i - runStart) & 1) === 1;
      if (isOddRun && i < end && (bytes[i] === 0x75 || bytes[i] === 0x55)) {
        const digits = bytes[i] === 0x75 ? 4 : 8;
        units.pop();
        let cp = 0;
        for (let k = 1; k <= digits; k++) {
          const h = i + k < end ? hexValue(bytes[i + k]!) : -1;
          if (h < 0) throw new TypeError(`truncated \\${digits === 4 ? "u" : "U"} escape in raw-unicode-escape text`);
          cp = cp * 16 + h;
        }
        if (cp > 0x10ffff) throw new TypeError("\\U escape beyond U+10FFFF");
        if (cp >= 0x10000) {
          cp -= 0x10000;
          units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
        } else {
          units.push(cp);
        }
        i += digits + 1;
      }
    }
    if (units.length >= APPLY_CHUNK) {
      text += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text + String.fromCharCode.apply(null, units);
}

const SIMPLE_ESCAPES: Readonly<Record<number, number>> = {
  92: 0x5c, // \\
  39: 0x27, // \'
  34: 0x22, // \"
  97: 0x07, // \a
  98: 0x08, // \b
  102: 0x0c, // \f
  110: 0x0a, // \n
  114: 0x0d, // \r
  116: 0x09, // \t
  118: 0x0b, // \v
};

/**
 * The STRING opcode's argument: a quoted Python 2 repr, unescaped as `codecs.escape_decode`
 * does (\\, \', \", \a..\v, \xhh, octal \ooo, backslash-newline; other escapes kept literally).
 * Returns the raw bytes.
 */
export function decodeQuotedString(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const quote = bytes[start];
  if (end - start < 2 || (quote !== 0x27 && quote !== 0x22) || bytes[end - 1] !== quote) {
    throw new TypeError("the STRING opcode argument must be quoted");
  }
  const out = new Uint8Array(end - start);
  let length = 0;
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const byte = bytes[i]!;
    if (byte !== 0x5c) {
      out[length++] = byte;
      i++;
      continue;
    }
    i++;
    if (i >= stop) throw new TypeError("trailing \\ in string");
    const esc = bytes[i]!;
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      out[length++] = simple;
      i++;
    } else if (esc === 0x0a) {
      i++; // line continuation
    } else if (esc === 0x78) {
      const h1 = i + 1 < stop ? hexValue(bytes[i + 1]!) : -1;
      const h2 = i + 2 < stop ? hexValue(bytes[i + 2]!) : -1;
      if (h1 < 0 || h2 < 0) throw new TypeError("invalid \\x escape in STRING argument");
      out[length++] = h1 * 16 + h2;
      i += 3;
    } else if (esc >= 0x30 && esc <= 0x37) {
      let value = esc - 0x30;
      i++;
      for (let k = 0; k < 2 && i < stop && bytes[i]! >= 0x30 && bytes[i]! <= 0x37; k++, i++) {
        value = value * 8 + (bytes[i]! - 0x30);
      }
      out[length++] = value & 0xff;
    } else {
      out[length++] = 0x5c;
      out[length++] = esc;
      i++;
    }
  }
  return out.slice(0, length);
}

/** True when bytes[start, start + length) hold an encoded surrogate (ED A0..BF xx): 0xED is never a continuation byte. */
export function hasEncodedSurrogate(bytes: Uint8Array, start: number, length: number): boolean {
  // Within the range only: indexOf would search on to the end of the input at every name.
  const end = start + length;
  for (let i = start; i + 1 < end; i++) if (bytes[i] === 0xed && bytes[i + 1]! >= 0xa0) return true;
  return false;
}

/**
 * UTF-8 as Python's strict "utf-8" codec reads it (a Python 2 str under `encoding: "utf-8"`, a
 * GLOBAL's names): decodeUtf8 without its surrogatepass. Throws a `TypeError`.
 */
export function decodeUtf8Strict(bytes: Uint8Array, start: number, length: number): string {
  if (hasEncodedSurrogate(bytes, start, length)) throw new TypeError("'utf-8' codec can't decode an encoded surrogate (bytes ED A0..BF): not UTF-8 to Python's strict codec");
  return decodeUtf8(bytes, start, length);
}

/**
 * A module or class name of GLOBAL (UTF-8) or INST (ASCII), as CPython's _pickle reads it:
 * strictly (an encoded surrogate, which str arguments may carry, is no name), and never empty
 * (CPython: "pickle data was truncated" for an empty line). Throws a `TypeError`.
 */
export function decodeGlobalName(bytes: Uint8Array, start: number, length: number, isAscii: boolean): string {
  if (length === 0) throw new TypeError("empty module or class name (CPython: pickle data was truncated)");
  return isAscii ? decodeAscii(bytes, start, length) : decodeUtf8Strict(bytes, start, length);
}
