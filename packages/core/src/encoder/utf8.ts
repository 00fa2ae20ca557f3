const encoder = new TextEncoder();
const SURROGATE = /[\ud800-\udfff]/;

/** Below this length a JS loop beats `encodeInto` (its call and subarray cost more than the copy). */
const ENCODE_INTO_MIN_LENGTH = 64;

/**
 * UTF-8 as CPython pickles str (`"utf-8"` with `"surrogatepass"`): a lone surrogate becomes its
 * 3-byte form (TextEncoder would write U+FFFD), so decoding gives the same string back.
 */
export function encodeUtf8(text: string): Uint8Array {
  if (!SURROGATE.test(text)) return encoder.encode(text);
  const out = new Uint8Array(text.length * 3);
  return out.subarray(0, encodeUtf8Into(text, 0, out, 0));
}

/**
 * Writes `text` from UTF-16 index `from` as UTF-8 (surrogatepass, as `encodeUtf8`) into `bytes`
 * at `at`, which must have room for 3 bytes per remaining code unit; returns the end offset.
 * No allocation for short text; long text without surrogates goes through `encodeInto`.
 */
export function encodeUtf8Into(text: string, from: number, bytes: Uint8Array, at: number): number {
  const length = text.length;
  if (length - from >= ENCODE_INTO_MIN_LENGTH && !SURROGATE.test(text)) {
    const rest = from === 0 ? text : text.slice(from);
    return at + encoder.encodeInto(rest, bytes.subarray(at)).written;
  }
  for (let i = from; i < length; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      bytes[at++] = cp;
      continue;
    }
    if (cp < 0x800) {
      bytes[at++] = 0xc0 | (cp >> 6);
      bytes[at++] = 0x80 | (cp & 0x3f);
      continue;
    }
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
        bytes[at++] = 0xf0 | (cp >> 18);
        bytes[at++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[at++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[at++] = 0x80 | (cp & 0x3f);
        continue;
      }
    }
    // BMP characters and lone surrogates (surrogatepass): 3 bytes.
    bytes[at++] = 0xe0 | (cp >> 12);
    bytes[at++] = 0x80 | ((cp >> 6) & 0x3f);
    bytes[at++] = 0x80 | (cp & 0x3f);
  }
  return at;
}
