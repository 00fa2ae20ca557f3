// Appended records of one str each, for the compressed-input tests (gzip, bzip2, xz, zstd).

/** Record i: a protocol-2 pickle of one str (BINUNICODE), varied enough not to compress to nothing. */
export function strRecord(i: number): { text: string; bytes: Uint8Array } {
  const text = `record ${i} ${((i * 2654435761) >>> 0).toString(16)} ${"xyz".repeat(i % 7)}`;
  const utf8 = new TextEncoder().encode(text);
  const bytes = new Uint8Array(2 + 1 + 4 + utf8.length + 1);
  bytes.set([0x80, 2, 0x58], 0);
  new DataView(bytes.buffer).setUint32(3, utf8.length, true);
  bytes.set(utf8, 7);
  bytes[bytes.length - 1] = 0x2e;
  return { text, bytes };
}
