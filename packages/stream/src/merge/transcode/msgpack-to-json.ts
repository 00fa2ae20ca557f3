import { writeShortFloat } from "@pkl-stream/core/engine";
import { floatRepr } from "@pkl-stream/core/json";
import { ENTRY_FIELDS, type Segment, SegmentBuilder } from "../segment.js";
import { NotTranscodable } from "./pickle-to-msgpack.js";

// JSON.stringify's escapes, by byte: 0 copies the byte, `u` writes \u00XX (lowercase hex, as
// JSON.stringify does), anything else is the letter after the backslash. UTF-8 bytes from 0x80
// on are copied: the transcoder only lets well-formed UTF-8 through, and JSON.stringify escapes
// nothing else (no lone surrogates can be there).
const ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) ESCAPE[c] = 0x75;
ESCAPE[0x08] = 0x62; // \b
ESCAPE[0x09] = 0x74; // \t
ESCAPE[0x0a] = 0x6e; // \n
ESCAPE[0x0c] = 0x66; // \f
ESCAPE[0x0d] = 0x72; // \r
ESCAPE[0x22] = 0x22; // \"
ESCAPE[0x5c] = 0x5c; // \\
/** Bytes an escape adds to the one it replaces. */
const ESCAPE_EXTRA = new Uint8Array(256);
for (let c = 0; c < 256; c++) ESCAPE_EXTRA[c] = ESCAPE[c] === 0 ? 0 : ESCAPE[c] === 0x75 ? 5 : 1;
const HEX = new TextEncoder().encode("0123456789abcdef");

const BASE64 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Strings at least this long with nothing to escape are copied with one `set`. */
const BULK_COPY_BYTES = 32;

/**
 * The transcoder's msgpack segment rows as the rows ShardEncoder writes for JSON and NDJSON
 * output: the same identity bytes, the key as its JSON key text (`JSON.stringify(scalarKeyText(key)
 * ?? toJson(key))`) and the value as `toJson(value)`, per docs/json-mapping.md. Byte for byte
 * what the general path writes for the same pickle, given what the transcoder lets through:
 * - a float64 is a Python float (`2.0`, repr digits, `null` when not finite; as a key `"2.0"`,
 *   `"nan"`, `"inf"`);
 * - a str is well-formed UTF-8 and never an int's digits (the transcoder declines ints past 64
 *   bits when asked to, see `TranscodeSettings.declineBigInts`);
 * - bin is bytes (base64; as a key the JSON text of that string, quotes included);
 * - keys are scalars;
 * - a deep merge's node rows (a dict value) and the rows of its entries keep their depth: the
 *   node row is its key's JSON text alone, as ShardEncoder's with isDeep; a dict the transcoder
 *   kept whole (segment.ts) stays whole, its JSON the value (see `MsgpackToJson.rowsToJson`).
 * Anything else (another msgpack type, a value whose JSON passes `maxOutputBytes`, where the
 * general path fails) throws NotTranscodable: the caller then decodes the file the general way.
 * The input's table is rewritten as the output's (declined midway, it is neither).
 */
export function msgpackRowsToJson(segment: Segment, maxOutputBytes: number, isDeep = false): Segment {
  // The bench's records write about 1.48 JSON bytes per msgpack byte, and a deep merge keeps the
  // msgpack of its dicts kept whole as well (2.48): room for that up front spares a doubling, and
  // a buffer that ends up nearly full is handed over without a copy (a deep merge's shard: 3.1 ->
  // 2.0 s against room for 1.5, which doubled, then was copied to size). The rows are the
  // input's, rewritten in place (see `rowsToJson`): the builder's table stays unused.
  const builder = new SegmentBuilder(Math.ceil(segment.bytes.length * (isDeep ? 2.5 : 1.5)) + 4096, 16);
  return new MsgpackToJson(segment.bytes, builder).rowsToJson(segment, maxOutputBytes);
}

/**
 * Writes JSON converted from msgpack into a SegmentBuilder's bytes: a shard's rows
 * (`rowsToJson`), or one dict's entries at a time (merge-tree.ts reads a dict kept whole when its
 * key comes again: `copy`, `key` and `value` there).
 */
export class MsgpackToJson {
  private src: Uint8Array;
  private view: DataView;
  /** The builder's byte array and the write position in it (see `room`). */
  private out: Uint8Array;
  private pos: number;

  constructor(
    src: Uint8Array,
    private readonly builder: SegmentBuilder,
  ) {
    this.src = src;
    this.view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    this.out = builder.buffer;
    this.pos = builder.offset;
  }

  /** Where the next byte is written (the builder's offset once `commit`ted). */
  get position(): number {
    return this.pos;
  }

  /** Reads msgpack from `src` from now on (it may be the builder's own earlier bytes). */
  readFrom(src: Uint8Array): void {
    if (src === this.src) return;
    this.src = src;
    this.view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  }

  /** Sets the builder's end to what was written, so that its array and offset are current. */
  commit(): void {
    this.builder.commit(this.pos);
  }

  /**
   * Each row of the input's table is read, then rewritten in place with the JSON's offsets (its
   * flags stay): a shard's second table (121 MB for a deep merge's bench shard, a row per nested
   * entry) is never made. The input's table is then the output's, and no longer the input's.
   *
   * A deep merge's dict kept whole (segment.ts) becomes the row [identity][the dict's msgpack]
   * [JSON key][JSON value]: the msgpack right after the identity is what MergeTree reads the
   * dict's entries from if its key comes again (JSON text does not say which keys are the same
   * Python key; the msgpack, from which their identities are, does).
   */
  rowsToJson(segment: Segment, maxOutputBytes: number): Segment {
    const { table, entryCount } = segment;
    for (let row = 0; row < entryCount; row++) {
      const at = row * ENTRY_FIELDS;
      const isNode = (table[at]! & 1) === 1;
      const keyEnd = table[at + 4]!;
      const valueEnd = table[at + 5]!;
      // Deep merge: a dict value laid out as rows is its entries, the rows that follow one level
      // down (the msgpack map head after the key is theirs, not the row's); the row is its key alone.
      const isRowsNode = isNode && valueEnd === keyEnd;
      const identityStart = this.pos;
      this.copy(table[at + 1]!, table[at + 2]!);
      const identityEnd = this.pos;
      if (isNode && !isRowsNode) this.copy(keyEnd, valueEnd);
      const keyStart = this.pos;
      if (this.key(table[at + 3]!) !== keyEnd) throw this.shapeError(table[at + 3]!);
      const jsonKeyEnd = this.pos;
      if (!isRowsNode) {
        if (this.value(keyEnd) !== valueEnd) throw this.shapeError(keyEnd);
        if (this.pos - jsonKeyEnd > maxOutputBytes) throw new NotTranscodable("a value whose JSON passes maxOutputBytes", 0);
      }
      table[at + 1] = identityStart;
      table[at + 2] = identityEnd;
      table[at + 3] = keyStart;
      table[at + 4] = jsonKeyEnd;
      table[at + 5] = this.pos;
    }
    this.commit();
    return { bytes: this.builder.finish().bytes, table, entryCount };
  }

  // ---- output

  private room(extra: number): void {
    if (this.pos + extra <= this.out.length) return;
    this.builder.commit(this.pos);
    this.out = this.builder.ensure(extra);
  }

  /** Copies src[start, end) as it is. */
  copy(start: number, end: number): void {
    const length = end - start;
    this.room(length);
    if (length >= BULK_COPY_BYTES) {
      this.out.set(this.src.subarray(start, end), this.pos);
      this.pos += length;
      return;
    }
    // A short span byte by byte: cheaper than the view `set` needs.
    const out = this.out;
    const src = this.src;
    let pos = this.pos;
    for (let i = start; i < end; i++) out[pos++] = src[i]!;
    this.pos = pos;
  }

  private byte(code: number): void {
    if (this.pos === this.out.length) this.room(1);
    this.out[this.pos++] = code;
  }

  private ascii(text: string): void {
    const length = text.length;
    this.room(length);
    const out = this.out;
    let pos = this.pos;
    for (let i = 0; i < length; i++) out[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** A non-negative integer below 2**32, in decimal. */
  private digits(value: number): void {
    this.room(10);
    const out = this.out;
    const pos = this.pos;
    if (value < 10) {
      out[pos] = 0x30 + value;
      this.pos = pos + 1;
      return;
    }
    let length = 2;
    for (let bound = 100; value >= bound && length < 10; bound *= 10) length++;
    let at = pos + length;
    this.pos = at;
    // Past 2**31 `| 0` would wrap: the first step divides as a float.
    let rest = value;
    if (rest > 0x7fffffff) {
      out[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    while (at > pos) {
      const tenth = (rest / 10) | 0;
      out[--at] = 0x30 + rest - tenth * 10;
      rest = tenth;
    }
  }

  /** Up to 5 ASCII bytes given as codes (`null`, `true`, `false`): no string to read. */
  private literal(a: number, b: number, c: number, d: number, e: number, length: number): void {
    this.room(5);
    const out = this.out;
    const pos = this.pos;
    out[pos] = a;
    out[pos + 1] = b;
    out[pos + 2] = c;
    out[pos + 3] = d;
    out[pos + 4] = e;
    this.pos = pos + length;
  }

  /**
   * A float written as repr writes it from integer pieces (core/engine's writeShortFloat: most
   * floats in records, timestamps); false for the rest, which then take floatRepr.
   * bench/micro/short-float.bench.mjs: String() of such floats costs several times this.
   */
  private shortFloat(value: number): boolean {
    this.room(24);
    const end = writeShortFloat(this.out, this.pos, value);
    if (end < 0) return false;
    this.pos = end;
    return true;
  }

  private int(value: number): void {
    if (value < 0) {
      this.byte(0x2d);
      this.digits(-value);
    } else {
      this.digits(value);
    }
  }

  // ---- values

  /** Writes the JSON of the msgpack value at `p`; returns the offset past it. */
  value(p: number): number {
    const src = this.src;
    const head = src[p]!;
    if (head < 0x80) {
      this.digits(head);
      return p + 1;
    }
    if (head >= 0xe0) {
      this.int(head - 0x100);
      return p + 1;
    }
    if (head < 0x90) return this.map(p + 1, head & 0x0f);
    if (head < 0xa0) return this.array(p + 1, head & 0x0f);
    if (head < 0xc0) return this.str(p + 1, head & 0x1f);
    const view = this.view;
    switch (head) {
      case 0xc0:
        this.literal(0x6e, 0x75, 0x6c, 0x6c, 0, 4); // null
        return p + 1;
      case 0xc2:
        this.literal(0x66, 0x61, 0x6c, 0x73, 0x65, 5); // false
        return p + 1;
      case 0xc3:
        this.literal(0x74, 0x72, 0x75, 0x65, 0, 4); // true
        return p + 1;
      case 0xc4:
        return this.bin(p + 2, this.length(p, 1, src[p + 1]));
      case 0xc5:
        return this.bin(p + 3, this.length(p, 2, view.getUint16(p + 1)));
      case 0xc6:
        return this.bin(p + 5, this.length(p, 4, view.getUint32(p + 1)));
      case 0xcb: {
        const value = view.getFloat64(p + 1);
        if (!this.shortFloat(value)) this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
        return p + 9;
      }
      case 0xcc:
        this.digits(src[p + 1]!);
        return p + 2;
      case 0xcd:
        this.digits(view.getUint16(p + 1));
        return p + 3;
      case 0xce:
        this.digits(view.getUint32(p + 1));
        return p + 5;
      case 0xcf:
        this.ascii(view.getBigUint64(p + 1).toString());
        return p + 9;
      case 0xd0:
        this.int(view.getInt8(p + 1));
        return p + 2;
      case 0xd1:
        this.int(view.getInt16(p + 1));
        return p + 3;
      case 0xd2:
        this.int(view.getInt32(p + 1));
        return p + 5;
      case 0xd3:
        this.ascii(view.getBigInt64(p + 1).toString());
        return p + 9;
      case 0xd9:
        return this.str(p + 2, this.length(p, 1, src[p + 1]));
      case 0xda:
        return this.str(p + 3, this.length(p, 2, view.getUint16(p + 1)));
      case 0xdb:
        return this.str(p + 5, this.length(p, 4, view.getUint32(p + 1)));
      case 0xdc:
        return this.array(p + 3, view.getUint16(p + 1));
      case 0xdd:
        return this.array(p + 5, view.getUint32(p + 1));
      case 0xde:
        return this.map(p + 3, view.getUint16(p + 1));
      case 0xdf:
        return this.map(p + 5, view.getUint32(p + 1));
      default:
        throw this.shapeError(p);
    }
  }

  /**
   * A dict key's JSON text at `p`, as the mapping spells keys (`scalarKeyText`): str as is, an
   * int's digits, a float's repr, `true`/`false`/`null`; bytes as the JSON text of their base64
   * string. Returns the offset past the key.
   */
  key(p: number): number {
    const head = this.src[p]!;
    if ((head & 0xe0) === 0xa0) return this.str(p + 1, head & 0x1f);
    if (head === 0xd9 || head === 0xda || head === 0xdb) return this.value(p);
    if (head === 0xcb) {
      this.byte(QUOTE);
      this.ascii(floatRepr(this.view.getFloat64(p + 1)));
      this.byte(QUOTE);
      return p + 9;
    }
    if (head === 0xc4 || head === 0xc5 || head === 0xc6) {
      this.byte(QUOTE);
      this.byte(BACKSLASH);
      const end = this.value(p);
      this.out[this.pos - 1] = BACKSLASH;
      this.byte(QUOTE);
      this.byte(QUOTE);
      return end;
    }
    // int, None, bool: the value's own text in quotes.
    if (head < 0x80 || head >= 0xe0 || head === 0xc0 || head === 0xc2 || head === 0xc3 || (head >= 0xcc && head <= 0xd3)) {
      this.byte(QUOTE);
      const end = this.value(p);
      this.byte(QUOTE);
      return end;
    }
    throw new NotTranscodable("a dict key of this kind", p);
  }

  private array(p: number, count: number): number {
    this.byte(0x5b);
    for (let i = 0; i < count; i++) {
      if (i > 0) this.byte(COMMA);
      p = this.value(p);
    }
    this.byte(0x5d);
    return p;
  }

  private map(p: number, count: number): number {
    this.byte(0x7b);
    for (let i = 0; i < count; i++) {
      if (i > 0) this.byte(COMMA);
      p = this.key(p);
      this.byte(COLON);
      p = this.value(p);
    }
    this.byte(0x7d);
    return p;
  }

  /**
   * A JSON string from `length` UTF-8 bytes at `p`, escaped as JSON.stringify escapes. Copied
   * on the guess that nothing needs escaping (most strings); the first byte that does sends
   * the rest to `escapedStr`.
   */
  private str(p: number, length: number): number {
    const src = this.src;
    const end = p + length;
    this.room(length + 2);
    const out = this.out;
    let pos = this.pos;
    out[pos++] = QUOTE;
    if (length >= BULK_COPY_BYTES) {
      let i = p;
      while (i < end && ESCAPE[src[i]!] === 0) i++;
      if (i < end) {
        this.pos = pos;
        return this.escapedStr(p, i, end);
      }
      out.set(src.subarray(p, end), pos);
      pos += length;
    } else {
      for (let i = p; i < end; i++) {
        const c = src[i]!;
        if (ESCAPE[c] !== 0) {
          this.pos = pos - (i - p);
          return this.escapedStr(p, i, end);
        }
        out[pos++] = c;
      }
    }
    out[pos++] = QUOTE;
    this.pos = pos;
    return end;
  }

  /** The string's bytes [p, end) after the opening quote, the first to escape at `first`. */
  private escapedStr(p: number, first: number, end: number): number {
    const src = this.src;
    let extra = 0;
    for (let i = first; i < end; i++) extra += ESCAPE_EXTRA[src[i]!]!;
    this.room(end - p + extra + 1);
    const out = this.out;
    let pos = this.pos;
    for (let i = p; i < first; i++) out[pos++] = src[i]!;
    for (let i = first; i < end; i++) {
      const c = src[i]!;
      const letter = ESCAPE[c]!;
      if (letter === 0) {
        out[pos++] = c;
        continue;
      }
      out[pos++] = BACKSLASH;
      if (letter !== 0x75) {
        out[pos++] = letter;
        continue;
      }
      out[pos++] = 0x75;
      out[pos++] = 0x30;
      out[pos++] = 0x30;
      out[pos++] = HEX[c >>> 4]!;
      out[pos++] = HEX[c & 15]!;
    }
    out[pos++] = QUOTE;
    this.pos = pos;
    return end;
  }

  /** Standard padded base64 (RFC 4648, as Python's `base64.b64encode`) in quotes. */
  private bin(p: number, length: number): number {
    const src = this.src;
    this.room(Math.ceil(length / 3) * 4 + 2);
    const out = this.out;
    let pos = this.pos;
    out[pos++] = QUOTE;
    const whole = p + length - (length % 3);
    let i = p;
    for (; i < whole; i += 3) {
      const triple = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
      out[pos++] = BASE64[triple >>> 18]!;
      out[pos++] = BASE64[(triple >>> 12) & 63]!;
      out[pos++] = BASE64[(triple >>> 6) & 63]!;
      out[pos++] = BASE64[triple & 63]!;
    }
    const rest = p + length - whole;
    if (rest > 0) {
      const first = src[i]!;
      const second = rest === 2 ? src[i + 1]! : 0;
      out[pos++] = BASE64[first >>> 2]!;
      out[pos++] = BASE64[((first & 3) << 4) | (second >>> 4)]!;
      out[pos++] = rest === 2 ? BASE64[(second & 15) << 2]! : 0x3d;
      out[pos++] = 0x3d;
    }
    out[pos++] = QUOTE;
    this.pos = pos;
    return p + length;
  }

  /** A str/bin length read from a head of `size` bytes at `p`, checked against the input. */
  private length(p: number, size: number, length: number | undefined): number {
    if (length === undefined || p + 1 + size + length > this.src.length) throw this.shapeError(p);
    return length;
  }

  private shapeError(p: number): NotTranscodable {
    return new NotTranscodable("msgpack the converter does not take", p);
  }
}
