// msgpack's smallest encodings, exactly as msgpackr writes them for the values the value path
// hands it (toMsgpackPlain in @pkl-stream/stream), so the tape's bytes equal the value path's: ints within int32 use the
// smallest int format (positive ones unsigned), str/bin/array/map headers follow the length.
// Each writer takes the target and a position with room reserved (at most 9 bytes) and
// returns the position after what it wrote.

export function writeInt32(out: Uint8Array, p: number, v: number): number {
  if (v >= 0) {
    if (v < 0x80) {
      out[p] = v;
      return p + 1;
    }
    if (v < 0x100) {
      out[p] = 0xcc;
      out[p + 1] = v;
      return p + 2;
    }
    if (v < 0x10000) {
      out[p] = 0xcd;
      out[p + 1] = v >>> 8;
      out[p + 2] = v & 0xff;
      return p + 3;
    }
    out[p] = 0xce;
    return writeUint32(out, p + 1, v);
  }
  if (v >= -0x20) {
    out[p] = v & 0xff;
    return p + 1;
  }
  if (v >= -0x80) {
    out[p] = 0xd0;
    out[p + 1] = v & 0xff;
    return p + 2;
  }
  if (v >= -0x8000) {
    out[p] = 0xd1;
    out[p + 1] = (v >> 8) & 0xff;
    out[p + 2] = v & 0xff;
    return p + 3;
  }
  out[p] = 0xd2;
  return writeUint32(out, p + 1, v >>> 0);
}

export function writeStrHead(out: Uint8Array, p: number, length: number): number {
  if (length < 0x20) {
    out[p] = 0xa0 | length;
    return p + 1;
  }
  if (length < 0x100) {
    out[p] = 0xd9;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 0xda, 0xdb);
}

export function writeBinHead(out: Uint8Array, p: number, length: number): number {
  if (length < 0x100) {
    out[p] = 0xc4;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 0xc5, 0xc6);
}

export function writeArrayHead(out: Uint8Array, p: number, count: number): number {
  return writeCountHead(out, p, count, 0x90, 0xdc, 0xdd);
}

export function writeMapHead(out: Uint8Array, p: number, count: number): number {
  return writeCountHead(out, p, count, 0x80, 0xde, 0xdf);
}

/** Arrays and maps: a fix form (the count in the low 4 bits) below 16, then 16 or 32 bits. */
function writeCountHead(out: Uint8Array, p: number, count: number, fixBase: number, code16: number, code32: number): number {
  if (count < 0x10) {
    out[p] = fixBase | count;
    return p + 1;
  }
  return writeSized(out, p, count, code16, code32);
}

/** A 16-bit form for lengths below 65536, else the 32-bit one. */
function writeSized(out: Uint8Array, p: number, length: number, code16: number, code32: number): number {
  if (length < 0x10000) {
    out[p] = code16;
    out[p + 1] = length >>> 8;
    out[p + 2] = length & 0xff;
    return p + 3;
  }
  out[p] = code32;
  return writeUint32(out, p + 1, length);
}

function writeUint32(out: Uint8Array, p: number, v: number): number {
  out[p] = v >>> 24;
  out[p + 1] = (v >>> 16) & 0xff;
  out[p + 2] = (v >>> 8) & 0xff;
  out[p + 3] = v & 0xff;
  return p + 4;
}
