/** Python's `encode_long` (LONG1/LONG4 payload): minimal little-endian two's complement; 0 is empty. */
export function encodeLong(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const negative = value < 0n;
  // Bits needed including the sign bit.
  const magnitude = negative ? -value - 1n : value;
  const digits = magnitude.toString(16);
  const bits = magnitude === 0n ? 1 : (digits.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(digits[0]!, 16))) + 1;
  const length = Math.ceil(bits / 8);
  const twos = negative ? (1n << BigInt(length * 8)) + value : value;
  // From the hex text, read once: shifting the bigint by 8 bits per byte copied it each time
  // (quadratic: a 4M-bit int took minutes).
  const hex = twos.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const at = hex.length - 2 * (i + 1);
    out[i] = Number.parseInt(hex.slice(at, at + 2), 16);
  }
  return out;
}

/** Bytes as a latin-1 string (one char per byte): how protocols < 3 carry bytes, as `_codecs.encode(text, "latin1")`. */
export function latin1Text(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}
