/**
 * True when bytes[start, end) is well-formed UTF-8 in the strict sense (no overlong forms, no
 * encoded surrogates, nothing past U+10FFFF). Python pickles str with "surrogatepass", so a lone
 * surrogate arrives as ED A0..BF xx: such text is not copied as is (the general path decides
 * what it becomes).
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    if (b0 < 0xc2) return false;
    if (b0 < 0xe0) {
      if (i + 1 >= end || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
      continue;
    }
    if (b0 < 0xf0) {
      if (i + 2 >= end) return false;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80) return false;
      if (b0 === 0xe0 && b1 < 0xa0) return false; // overlong
      if (b0 === 0xed && b1 >= 0xa0) return false; // surrogate
      i += 3;
      continue;
    }
    if (b0 > 0xf4 || i + 3 >= end) return false;
    const b1 = bytes[i + 1]!;
    if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80 || (bytes[i + 3]! & 0xc0) !== 0x80) return false;
    if (b0 === 0xf0 && b1 < 0x90) return false; // overlong
    if (b0 === 0xf4 && b1 >= 0x90) return false; // past U+10FFFF
    i += 4;
  }
  return true;
}
