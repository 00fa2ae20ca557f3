/** A protocol-2 pickle of one dict of small ints (`{"id": 3}`), written opcode by opcode: no CPython needed. */
export function dictPickle(entries: Readonly<Record<string, number>>): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, 0x02, 0x7d, 0x28])];
  for (const [key, value] of Object.entries(entries)) {
    const text = Buffer.from(key, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length);
    // BINUNICODE key, BININT1 value.
    parts.push(Buffer.from([0x58]), length, text, Buffer.from([0x4b, value]));
  }
  // SETITEMS, STOP.
  parts.push(Buffer.from([0x75, 0x2e]));
  return Buffer.concat(parts);
}
