import { PickleError, type PickleErrorCode } from "../errors.js";

/**
 * A zip archive reader over bytes already in memory (a `torch.save` file, a numpy `.npz`). Pure
 * TypeScript, no Node APIs: core runs in browsers. The archive is trusted for nothing: every
 * size, count and offset it claims is checked against the input before it is used, so a corrupt
 * or hostile archive ends in a `PickleError` that names the byte, never in a huge allocation or
 * a read past the end.
 *
 * Stored entries (what `torch.save` and `np.savez` write) are returned as views of the input.
 * Deflated entries need the caller's `inflateRaw` (core has no inflate): Node's
 * `zlib.inflateRawSync`, a browser's `DecompressionStream("deflate-raw")` run beforehand, ...
 */

export interface ZipEntry {
  /** The member's name as stored (UTF-8 when the archive says so, else read as CP437-free latin-1). */
  readonly name: string;
  /** 0 stored, 8 deflated; anything else cannot be read. */
  readonly method: number;
  readonly compressedSize: number;
  /** Size of the member's bytes once read (uncompressed). */
  readonly size: number;
  readonly crc32: number;
  /** Offset of the member's local file header in the input. */
  readonly localHeaderOffset: number;
  /** General purpose flags (bit 0 encrypted, bit 11 UTF-8 name). */
  readonly flags: number;
}

export interface ZipOptions {
  /**
   * Inflates a raw deflate stream (no zlib header) of a deflated member. `size` is the size the
   * archive claims for the result: an implementation should stop past it (Node: `maxOutputLength`).
   */
  readonly inflateRaw?: (data: Uint8Array, size: number) => Uint8Array;
  /** Check each member's CRC-32 when it is read (default true). */
  readonly checkCrc?: boolean;
  /** Largest member `read` returns, in bytes (default: no limit beyond the input's own size for stored members). */
  readonly maxEntryBytes?: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const ZIP64_END_SIZE = 56;
const LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;

/**
 * True when `bytes` ends like a zip archive: an end of central directory record in its last 64 KiB
 * whose comment reaches the end. Python's zipfile opens such a file whatever comes before the
 * archive (pandas.read_pickle of a `.zip` does), so a pickle can be one too.
 */
export function endsLikeZip(bytes: Uint8Array): boolean {
  const at = lastEndSignature(bytes);
  return at >= 0 && at + END_SIZE + u16(bytes, at + 20) === bytes.length;
}

/** True when `bytes` starts like a zip archive (a local file header, or the end record of an empty one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  return (bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06);
}

function zipError(reason: string, offset: number, code: PickleErrorCode = "BAD_ARGUMENT"): PickleError {
  return new PickleError(`zip archive: ${reason}`, { code, offset, opcode: -1, recordIndex: 0 });
}

export class ZipArchive {
  readonly bytes: Uint8Array;
  /** The members in central directory order. */
  readonly entries: readonly ZipEntry[];
  private readonly byName: Map<string, ZipEntry>;
  private readonly options: ZipOptions;

  /** Reads the central directory of `bytes` (the whole archive). Throws `PickleError` when it is not sound. */
  constructor(bytes: Uint8Array, options: ZipOptions = {}) {
    this.bytes = bytes;
    this.options = options;
    this.entries = readCentralDirectory(bytes);
    this.byName = new Map();
    for (const entry of this.entries) {
      if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry);
    }
  }

  /** The member named `name` (the first of that name), or undefined. */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * A member's first `length` bytes (fewer when it is shorter), to tell what it is: a view of the
   * input when stored (its CRC not checked: the whole is not read), else `read`'s.
   */
  head(entry: ZipEntry, length: number): Uint8Array {
    const bytes = this.bytes;
    const at = entry.localHeaderOffset;
    if (entry.method !== 0 || (entry.flags & 1) !== 0 || at + LOCAL_SIZE > bytes.length || u32(bytes, at) !== LOCAL_HEADER) {
      return this.read(entry).subarray(0, length);
    }
    const dataStart = at + LOCAL_SIZE + u16(bytes, at + 26) + u16(bytes, at + 28);
    return bytes.subarray(Math.min(dataStart, bytes.length), Math.min(dataStart + Math.min(length, entry.compressedSize), bytes.length));
  }

  /**
   * A member's bytes: a view of the input when stored, the caller's inflated copy when deflated.
   * Throws `PickleError` for an encrypted member, an unknown method, a missing `inflateRaw`, a
   * size over `maxEntryBytes`, a local header that disagrees with the input, or a bad CRC.
   */
  read(nameOrEntry: string | ZipEntry): Uint8Array {
    const entry = typeof nameOrEntry === "string" ? this.byName.get(nameOrEntry) : nameOrEntry;
    if (entry === undefined) throw zipError(`no member named ${JSON.stringify(nameOrEntry)}`, this.bytes.length);
    const bytes = this.bytes;
    const at = entry.localHeaderOffset;
    const name = JSON.stringify(entry.name);
    if ((entry.flags & 1) !== 0) throw zipError(`member ${name} is encrypted`, at, "UNSUPPORTED");
    const max = this.options.maxEntryBytes;
    if (max !== undefined && entry.size > max) {
      throw zipError(`member ${name} is ${entry.size} bytes, over the limit of ${max}`, at, "LIMIT_EXCEEDED");
    }
    if (at + LOCAL_SIZE > bytes.length) throw zipError(`local header of member ${name} runs past the end of the input`, at, "TRUNCATED");
    if (u32(bytes, at) !== LOCAL_HEADER) throw zipError(`no local file header for member ${name}`, at);
    const dataStart = at + LOCAL_SIZE + u16(bytes, at + 26) + u16(bytes, at + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) {
      throw zipError(`member ${name} claims ${entry.compressedSize} bytes at ${dataStart}, past the end of the input (${bytes.length} bytes)`, dataStart, "TRUNCATED");
    }
    const raw = bytes.subarray(dataStart, dataEnd);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.size !== entry.compressedSize) throw zipError(`stored member ${name} claims two sizes (${entry.compressedSize} and ${entry.size})`, at);
      data = raw;
    } else if (entry.method === 8) {
      const inflate = this.options.inflateRaw;
      if (inflate === undefined) {
        throw zipError(`member ${name} is deflated and no inflateRaw was given to read it (store it uncompressed, or pass inflateRaw)`, dataStart, "UNSUPPORTED");
      }
      try {
        data = inflate(raw, entry.size);
      } catch (error) {
        if (error instanceof PickleError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new PickleError(`zip archive: member ${name} does not inflate: ${message}`, { code: "BAD_ARGUMENT", offset: dataStart, opcode: -1, recordIndex: 0, cause: error });
      }
      if (data.length !== entry.size) throw zipError(`member ${name} inflated to ${data.length} bytes, not the ${entry.size} the archive claims`, dataStart);
    } else {
      throw zipError(`member ${name} uses compression method ${entry.method} (only stored and deflated are read)`, at, "UNSUPPORTED");
    }
    if (this.options.checkCrc !== false) {
      const crc = crc32(data);
      if (crc !== entry.crc32) {
        throw zipError(`member ${name} fails its CRC-32 check (0x${hex(crc)}, the archive says 0x${hex(entry.crc32)})`, dataStart);
      }
    }
    return data;
  }
}

function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const end = findEndRecord(bytes);
  let count = u16(bytes, end + 10);
  let cdSize = u32(bytes, end + 12);
  let cdOffset = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0) throw zipError("multi-disk archives are not read", end, "UNSUPPORTED");
  const locator = end - LOCATOR_SIZE;
  if (locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR) {
    const z64 = u64(bytes, locator + 8, locator + 8);
    if (z64 + ZIP64_END_SIZE > locator || u32(bytes, z64) !== ZIP64_END) throw zipError(`the zip64 end record it points to (byte ${z64}) is not there`, locator + 8);
    // zipfile reads the zip64 end record just before the locator, miniz (torch) where it points.
    if (z64 + ZIP64_END_SIZE !== locator) {
      throw zipError(`the zip64 locator points to byte ${z64}, not to the record just before it: zip readers disagree on this archive's directory`, locator + 8);
    }
    count = u64(bytes, z64 + 32, z64 + 32);
    cdSize = u64(bytes, z64 + 40, z64 + 40);
    cdOffset = u64(bytes, z64 + 48, z64 + 48);
  }
  const isZip64 = locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR;
  const cdLimit = isZip64 ? u64(bytes, locator + 8, locator + 8) : end;
  if (cdOffset + cdSize > cdLimit) {
    throw zipError(`central directory (${cdSize} bytes at ${cdOffset}) runs past the end record at ${cdLimit}`, end, "TRUNCATED");
  }
  // Python's zipfile takes bytes between the directory and the end record for data prepended to
  // the archive and moves every offset by them; miniz (torch) does not: the two would read
  // different members. Only an archive they read alike is read.
  if (cdOffset + cdSize !== cdLimit) {
    throw zipError(`${cdLimit - cdOffset - cdSize} bytes lie between the central directory and its end record: zip readers disagree on this archive's offsets`, end);
  }
  // Each central header takes at least 46 bytes: a claimed count beyond that is a lie, and
  // bounding it here bounds the entries array.
  if (count > cdSize / CENTRAL_SIZE) throw zipError(`claims ${count} members in a central directory of ${cdSize} bytes`, end);
  const entries: ZipEntry[] = [];
  const cdEnd = cdOffset + cdSize;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > cdEnd) throw zipError(`central directory ends inside member ${i}'s header`, at, "TRUNCATED");
    if (u32(bytes, at) !== CENTRAL_HEADER) throw zipError(`member ${i}: no central directory header signature`, at);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    let localHeaderOffset = u32(bytes, at + 42);
    const nameStart = at + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cdEnd) throw zipError(`member ${i}'s name, extra field and comment run past the central directory`, at, "TRUNCATED");
    const name = decodeName(bytes.subarray(nameStart, extraStart), (flags & 0x800) !== 0);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // zip64: the real values sit in extra field 0x0001, in this order, only for the fields that overflowed.
      const field = findExtra(bytes, extraStart, extraStart + extraLength, 0x0001);
      if (field === undefined) throw zipError(`member ${JSON.stringify(name)} has 32-bit sizes at their maximum but no zip64 extra field`, at);
      let cursor = field.start;
      const next64 = (): number => {
        if (cursor + 8 > field.end) throw zipError(`member ${JSON.stringify(name)}'s zip64 extra field is too short`, cursor);
        const value = u64(bytes, cursor, cursor);
        cursor += 8;
        return value;
      };
      if (size === 0xffffffff) size = next64();
      if (compressedSize === 0xffffffff) compressedSize = next64();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = next64();
    }
    if (localHeaderOffset + LOCAL_SIZE > cdOffset) {
      throw zipError(`member ${JSON.stringify(name)}'s local header offset ${localHeaderOffset} is not before the central directory`, at + 42);
    }
    if (localHeaderOffset + compressedSize > cdOffset) {
      throw zipError(`member ${JSON.stringify(name)} claims ${compressedSize} bytes from ${localHeaderOffset}, into the central directory at ${cdOffset}`, at + 20);
    }
    entries.push({ name, method, compressedSize, size, crc32: crc, localHeaderOffset, flags });
    at = next;
  }
  // zipfile reads members until the directory's size runs out, miniz (torch) its count of them.
  if (at !== cdEnd) throw zipError(`the central directory holds ${cdEnd - at} bytes past its ${count} members: zip readers disagree on its members`, at);
  return entries;
}

/**
 * The end of central directory record: the last signature in the last 64 KiB, as Python's zipfile
 * and miniz (torch) find it. Its comment must end the input: where it does not (an earlier
 * record, or a signature inside a comment), readers pick different records.
 */
function findEndRecord(bytes: Uint8Array): number {
  if (bytes.length < END_SIZE) throw zipError(`input of ${bytes.length} bytes is too short for a zip end record`, bytes.length, "TRUNCATED");
  const at = lastEndSignature(bytes);
  if (at < 0) throw zipError("no end of central directory record in the last 64 KiB (the archive is cut short or not a zip)", bytes.length, "TRUNCATED");
  if (at + END_SIZE + u16(bytes, at + 20) !== bytes.length) {
    throw zipError(`the last end of central directory record (byte ${at}) has a comment that does not end the input: zip readers disagree on which record to read`, at);
  }
  return at;
}

/** Where the last end of central directory signature in the last 64 KiB is (zipfile's and miniz's search), or -1. */
function lastEndSignature(bytes: Uint8Array): number {
  const lowest = Math.max(0, bytes.length - END_SIZE - MAX_COMMENT);
  for (let at = bytes.length - END_SIZE; at >= lowest; at--) {
    if (bytes[at] === 0x50 && u32(bytes, at) === END_OF_CENTRAL) return at;
  }
  return -1;
}

function findExtra(bytes: Uint8Array, start: number, end: number, id: number): { start: number; end: number } | undefined {
  let at = start;
  while (at + 4 <= end) {
    const fieldId = u16(bytes, at);
    const length = u16(bytes, at + 2);
    const fieldEnd = at + 4 + length;
    if (fieldEnd > end) return undefined;
    if (fieldId === id) return { start: at + 4, end: fieldEnd };
    at = fieldEnd;
  }
  return undefined;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  let ascii = true;
  for (const byte of bytes) if (byte > 0x7f) ascii = false;
  if (ascii || !utf8) {
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return text;
  }
  return new TextDecoder("utf-8").decode(bytes);
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** A little-endian u64 that must fit a safe integer (an offset or size into memory always does). */
function u64(bytes: Uint8Array, at: number, reportAt: number): number {
  const low = u32(bytes, at);
  const high = u32(bytes, at + 4);
  if (high > 0x1fffff) throw zipError(`64-bit value at ${at} is too large to be a size or offset`, reportAt);
  return high * 0x100000000 + low;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, "0");
}

/** CRC-32 tables for slicing by 8 (eight bytes per step): table k at offset 256 * k. */
let crcTables: Uint32Array | undefined;

function crcTablesOnce(): Uint32Array {
  if (crcTables !== undefined) return crcTables;
  const tables = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[256 * k + n] = (tables[256 * (k - 1) + n]! >>> 8) ^ tables[tables[256 * (k - 1) + n]! & 0xff]!;
  }
  crcTables = tables;
  return tables;
}

/** CRC-32 (IEEE 802.3, as zip uses it), eight bytes per step: a member of a large .pt is checked at about 1 GB/s. */
export function crc32(data: Uint8Array): number {
  const t = crcTablesOnce();
  let crc = 0xffffffff;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    const a = (crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    const b = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
    crc =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + (b & 0xff)]! ^
      t[512 + ((b >>> 8) & 0xff)]! ^
      t[256 + ((b >>> 16) & 0xff)]! ^
      t[(b >>> 24) & 0xff]!;
  }
  for (; i < data.length; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
