/** A growable output buffer: doubles on demand, hands out committed bytes as copies or views. */
export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.bytes = new Uint8Array(initialCapacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  byte2(first: number, second: number): void {
    this.ensure(2);
    this.bytes[this.length++] = first;
    this.bytes[this.length++] = second;
  }

  uint32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  int32(value: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, value, true);
    this.length += 4;
  }

  uint64(value: number): void {
    this.ensure(8);
    this.view.setUint32(this.length, value % 2 ** 32, true);
    this.view.setUint32(this.length + 4, Math.floor(value / 2 ** 32), true);
    this.length += 8;
  }

  float64BigEndian(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, value, false);
    this.length += 8;
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /**
   * Writes `text` as UTF-8 if it is all ASCII and returns true; otherwise writes nothing and
   * returns false (the caller encodes it another way). The common case costs no allocation.
   */
  asciiIfPossible(text: string): boolean {
    const length = text.length;
    this.ensure(length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return false;
      bytes[at++] = code;
    }
    this.length = at;
    return true;
  }

  /** ASCII text (GLOBAL lines, protocol-0 style arguments). */
  ascii(text: string): void {
    this.ensure(text.length);
    for (let i = 0; i < text.length; i++) this.bytes[this.length++] = text.charCodeAt(i) & 0x7f;
  }

  /** A copy of everything written, and the writer emptied. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }
}
