/** Python's `encode_long` (LONG1/LONG4 payload): minimal little-endian two's complement; 0 is empty. */
export function encodeLong(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const negative = value < 0n;
  // Bits needed including the sign bit.
  const magnitude = negative ? -value - 1n : value;
  const bits = magnitude.toString(2).length + 1;
  const length = Math.ceil(bits / 8);
  let twos = negative ? (1n << BigInt(length * 8)) + value : value;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(twos & 0xffn);
    twos >>= 8n;
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
