const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 0x3d; // "="

/** Character codes of the alphabet, and of every 12-bit pair of characters (two lookups per 3 bytes). */
const CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIRS[i] = (CODES[i >> 6]! << 8) | CODES[i & 63]!;

/** Length of the padded base64 text of `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

/**
 * Writes the standard padded base64 of `bytes` (RFC 4648, as Python's `base64.b64encode`) as
 * ASCII into `target` at `offset`; returns the offset after it. `target` must have
 * `base64Length(bytes.length)` bytes free. Core may not use Node's Buffer, so this is a table.
 */
export function encodeBase64Into(bytes: Uint8Array, target: Uint8Array, offset: number): number {
  const length = bytes.length;
  const whole = length - (length % 3);
  let at = offset;
  for (let i = 0; i < whole; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    const high = PAIRS[triple >> 12]!;
    const low = PAIRS[triple & 4095]!;
    target[at] = high >> 8;
    target[at + 1] = high & 255;
    target[at + 2] = low >> 8;
    target[at + 3] = low & 255;
    at += 4;
  }
  const rest = length - whole;
  if (rest > 0) {
    const first = bytes[whole]!;
    const second = rest === 2 ? bytes[whole + 1]! : 0;
    target[at] = CODES[first >> 2]!;
    target[at + 1] = CODES[((first & 3) << 4) | (second >> 4)]!;
    target[at + 2] = rest === 2 ? CODES[(second & 15) << 2]! : PAD;
    target[at + 3] = PAD;
    at += 4;
  }
  return at;
}

/** Bytes per slice turned into a string at once (String.fromCharCode's argument count is limited). */
const SLICE_BYTES = 8190;

/** Standard padded base64 text of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  const scratch = new Uint8Array(base64Length(Math.min(bytes.length, SLICE_BYTES)));
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    const end = encodeBase64Into(bytes.subarray(start, start + SLICE_BYTES), scratch, 0);
    parts.push(String.fromCharCode.apply(null, scratch.subarray(0, end) as unknown as number[]));
  }
  return parts.join("");
}
