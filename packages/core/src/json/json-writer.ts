import { DICT_PROTOTYPE, PyFloat, isPyObject, type PyDict, type PyValue } from "../values/py-types.js";
import { base64Length, encodeBase64Into } from "./base64.js";
import { type ColumnAsciiWriter, type ColumnNumbers, ColumnValue, type NumberGrid, numberGridOf, writeFloat, writeSmallInt } from "./column-value.js";
import { scalarKeyText } from "./key-text.js";
import { writeLongFloatRepr, writeShortFloat } from "../engine/float-digits.js";
import { writeIntDigits } from "./int-digits.js";
import { floatJson, numberJson } from "./number-text.js";
import { badTypeError, describeContainer, OutputError } from "./output-error.js";
import { type PathStep, formatPath } from "./value-path.js";

const ARRAY = 0;
const DICT = 1;
const MAP = 2;
const SET = 3;
const COLUMN = 4;

/** Elements a column writes between checks of the output limit. */
const COLUMN_BATCH = 4096;

/**
 * Open containers deeper than this are tracked in a Set to find cycles. Shallower ones are not:
 * a cycle nests without end, so it always reaches this depth, and ordinary records never pay for
 * the Set (measured on 300k small nested records: always tracking wrote 50-56 MB/s, tracking past
 * depth 64 wrote 60-66 MB/s, CPU time on a loaded machine).
 */
const CYCLE_CHECK_DEPTH = 64;

/** Frames kept in the pool between records. */
const KEPT_FRAMES = 1024;

/** A key nested in a key nested in a key...: past this, stop (only a crafted pickle gets here). */
const MAX_KEY_NESTING = 32;

/** `toPlain()` returning another PyObjectValue: follow at most this many. */
const MAX_PLAIN_HOPS = 8;

const NO_ITEMS: readonly PyValue[] = [];
const NO_KEYS: readonly string[] = [];

/** One open container. Frames are pooled by depth, so writing allocates none per container. */
class Frame {
  kind = ARRAY;
  /** ARRAY: the items. */
  items: readonly PyValue[] = NO_ITEMS;
  /** DICT: the dict and its keys. */
  dict: PyDict | null = null;
  keys: readonly string[] = NO_KEYS;
  /** MAP and SET: the live iterator. */
  entries: Iterator<[PyValue, PyValue]> | null = null;
  members: Iterator<PyValue> | null = null;
  /** Next child to write. */
  index = 0;
  /** The object whose reappearance while open is a cycle: the container or the PyObjectValue it came from. */
  identity: object = NO_ITEMS;
  /** MAP: the key of the child being written (for error paths). */
  lastKey: PyValue = null;
  /** COLUMN: the column whose elements are read one by one. */
  column: ColumnValue | null = null;

  release(): void {
    this.items = NO_ITEMS;
    this.dict = null;
    this.keys = NO_KEYS;
    this.entries = null;
    this.members = null;
    this.identity = NO_ITEMS;
    this.lastKey = null;
    this.column = null;
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Starting output buffer; it doubles as needed and is kept for the next record. */
const INITIAL_BUFFER_BYTES = 64 * 1024;

/** Past this, `take()` hands the buffer over instead of copying, and the writer starts small again. */
const HAND_OVER_BYTES = 4 * 1024 * 1024;

/**
 * With a spill sink: a record's output is handed out in pieces of about this size while it is
 * written, so a file can take a giant record's first bytes while the rest is still made.
 */
const SPILL_BYTES = 4 * 1024 * 1024;

/** Takes bytes of output in order while the record that holds them is still being written. */
export type SpillSink = (bytes: Uint8Array) => void;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

const NULL_BYTES = Uint8Array.from("null", (c) => c.charCodeAt(0));
const TRUE_BYTES = Uint8Array.from("true", (c) => c.charCodeAt(0));
const FALSE_BYTES = Uint8Array.from("false", (c) => c.charCodeAt(0));

function writeLiteral(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i]!;
  return pos;
}

/** A BigInt64 or BigUint64 column's elements as pairs of 32-bit halves (a double each, no BigInt); null for others. */
function int64Halves(values: ColumnNumbers["values"]): Int32Array | null {
  return values instanceof BigInt64Array || values instanceof BigUint64Array ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : null;
}

/** Element `i` of a numeric column (`halves`: int64Halves of its values): its JSON, `null` where missing. Needs 26 bytes of room. */
function writeNumberAt(buf: Uint8Array, pos: number, numbers: ColumnNumbers, halves: Int32Array | null, i: number): number {
  const { values, kind, missing } = numbers;
  if (missing !== null && missing[i] !== 0) return writeLiteral(buf, pos, NULL_BYTES);
  if (kind === "bool") return writeLiteral(buf, pos, values[i] !== 0 ? TRUE_BYTES : FALSE_BYTES);
  if (kind === "float") return writeFloat(buf, pos, values[i] as number);
  if (halves !== null) {
    const lo = halves[2 * i]! >>> 0;
    const hi = halves[2 * i + 1]!;
    const high = values instanceof BigUint64Array ? hi >>> 0 : hi;
    if ((high === 0 && lo < 0x80000000) || (high === -1 && lo >= 0x80000000)) return writeSmallInt(buf, pos, high * 4294967296 + lo);
    if (high >= -0x200000 && high < 0x200000) return writeIntDigits(buf, pos, high * 4294967296 + lo);
    const text = values[i]!.toString();
    for (let c = 0; c < text.length; c++) buf[pos++] = text.charCodeAt(c);
    return pos;
  }
  const value = values[i] as number;
  return value > -2147483648 && value < 2147483648 ? writeSmallInt(buf, pos, value) : writeIntDigits(buf, pos, value);
}

/** Elements start..end of an int64 column without missing values (as writeNumberAt writes them). */
function writeInt64Batch(buf: Uint8Array, pos: number, numbers: ColumnNumbers, halves: Int32Array, start: number, end: number, first: number): number {
  for (let i = start; i < end; i++) {
    if (i > first) buf[pos++] = COMMA;
    const lo = halves[2 * i]!;
    const hi = halves[2 * i + 1]!;
    // An int32 (the high half all sign): int32 digits; else the general writer.
    if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) pos = writeSmallInt(buf, pos, lo);
    else pos = writeNumberAt(buf, pos, numbers, halves, i);
  }
  return pos;
}

/** Elements start..end of a float64 column, comma-separated (a comma before each but the column's first). */
function writeFloatBatch(buf: Uint8Array, pos: number, values: Float64Array, missing: Uint8Array | null, start: number, end: number, first: number): number {
  // After a float of 16-17 digits (17+ bytes of text), the next is tried the long way first:
  // a column of random() values skips the cheaper ways, which fail on each of them.
  let isLong = false;
  for (let i = start; i < end; i++) {
    if (i > first) buf[pos++] = COMMA;
    if (missing !== null && missing[i] !== 0) {
      pos = writeLiteral(buf, pos, NULL_BYTES);
      continue;
    }
    const value = values[i]!;
    if (isLong) {
      const end = writeLongFloatRepr(buf, pos, value);
      if (end >= 0) {
        pos = end;
        continue;
      }
    }
    const from = pos;
    pos = writeFloat(buf, pos, value);
    isLong = pos - from >= 17;
  }
  return pos;
}

/**
 * Writes PyValues as compact JSON per docs/json-mapping.md (the output contract), as
 * UTF-8 bytes into a growing buffer. Small pieces concatenated as JS strings cost a rope node
 * each: 64 MB of `[[0,0,...` took 38 s of wall time that way, 6.6 s this way (same loaded
 * machine). Iterative: nesting lives in a pool of frames, so a million nested lists cost
 * memory, not stack. Shared references are written each time (as `json.dumps` does); a
 * container reached again while it is open is a cycle.
 *
 * One writer serves many records (the NDJSON writer appends records and newlines, then takes
 * the batch). It is not re-entrant.
 */
export class JsonWriter {
  private readonly frames: Frame[] = [];
  /** Frames used by the current record (the high-water mark, for release). */
  private framesUsed = 0;
  private depth = 0;
  private buf: Uint8Array;
  private pos = 0;
  /** Where the record being written started, and the position it may not pass. */
  private recordStart = 0;
  private limitEnd = 0;
  private recordIndex: number | undefined = undefined;
  /** Open identities, once the stack got deeper than CYCLE_CHECK_DEPTH (or always, for a key writer). */
  private openSet: Set<object> | null = null;
  /**
   * Where a big record's output goes while it is written (see `spillTo`), and how many bytes of
   * the current `append` went there.
   */
  private spill: SpillSink | null = null;
  private spillBytes = SPILL_BYTES;
  private spilledBytes = 0;

  /**
   * @param keyNesting 0 for a record writer; a writer for composite dict keys is one deeper.
   * @param ancestors identities open around a composite key (reaching one is a cycle).
   * @param pathPrefix where a key writer's value sits, for error paths.
   */
  constructor(
    private readonly keyNesting = 0,
    private readonly ancestors: ReadonlySet<object> | null = null,
    private readonly pathPrefix = "$",
  ) {
    this.buf = new Uint8Array(keyNesting === 0 ? INITIAL_BUFFER_BYTES : 256);
  }

  /** Bytes written and not yet taken. */
  get size(): number {
    return this.pos;
  }

  /**
   * Lets `append` hand output to `sink` while it writes (pending bytes first, then the record's
   * in pieces of a few MiB) instead of growing one buffer for the whole record: a giant record
   * (a DataFrame's columns) then reaches a file while the rest of it is made, and is never held
   * whole. What was not handed out stays pending as usual. If the record then fails, the bytes
   * handed out for it are `spilled` bytes of it (the caller drops them; the sink got them all
   * in order, so they are its last ones). `null` turns it off. `pieceBytes` (default 4 MiB)
   * is about how much gathers before a piece goes out.
   */
  spillTo(sink: SpillSink | null, pieceBytes: number = SPILL_BYTES): void {
    this.spill = sink;
    this.spillBytes = pieceBytes;
  }

  /** Bytes of the last `append` (with pending bytes before it) handed to the spill sink. */
  get spilled(): number {
    return this.spilledBytes;
  }

  /**
   * The JSON text of `value` as a string (any pending bytes are discarded first). Throws
   * OutputError: `CYCLE`, `LIMIT_EXCEEDED` once the UTF-8 text passes `maxOutputBytes`, or
   * `BAD_TYPE` for a value outside the PyValue model. `recordIndex` only labels errors.
   */
  write(value: PyValue, maxOutputBytes: number, recordIndex?: number): string {
    this.pos = 0;
    try {
      this.append(value, maxOutputBytes, recordIndex);
      return utf8Decoder.decode(this.buf.subarray(0, this.pos));
    } finally {
      this.pos = 0;
      // Do not keep a huge record's buffer alive between calls.
      if (this.buf.length > HAND_OVER_BYTES) this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    }
  }

  /**
   * Appends the JSON of `value` (UTF-8) after the pending bytes. On error nothing of this value
   * stays: the pending bytes are what they were before the call.
   */
  append(value: PyValue, maxOutputBytes: number, recordIndex?: number): void {
    this.recordStart = this.pos;
    this.limitEnd = this.pos + maxOutputBytes;
    this.spilledBytes = 0;
    this.recordIndex = recordIndex;
    this.depth = 0;
    this.openSet = this.ancestors === null ? null : new Set(this.ancestors);
    try {
      this.run(value);
    } catch (error) {
      // Spilled: the pending bytes before the record went out with its first piece.
      this.pos = this.spilledBytes > 0 ? 0 : this.recordStart;
      throw error;
    } finally {
      for (let i = 0; i < this.framesUsed; i++) this.frames[i]!.release();
      this.framesUsed = 0;
      this.openSet = null;
      // A very deep record must not keep its million frames alive in a long-lived writer.
      if (this.frames.length > KEPT_FRAMES) this.frames.length = KEPT_FRAMES;
    }
  }

  /**
   * Appends rows `from` up to `to` of a table as NDJSON lines, each exactly what `append` writes
   * for the dict `{keys[c]: columns[c].at(row)}` plus a newline, without building the dicts:
   * numeric columns from their typed arrays, ASCII ones (datetimes, ranges) written in place,
   * str and None cells directly. It stops before the first row holding any other cell (a list,
   * an object) or longer than `maxOutputBytes`, and returns that row (or `to`): the caller
   * writes that row with `append`, which says what is wrong if anything is, and goes on.
   */
  appendRows(keys: readonly string[], columns: readonly ColumnValue[], from: number, to: number, maxOutputBytes: number): number {
    const count = columns.length;
    const keyBytes = keys.map((key, c) => utf8Encoder.encode(`${c === 0 ? "{" : ","}${JSON.stringify(key)}:`));
    const numbers = columns.map((column) => column.numbers());
    const halves = numbers.map((column) => (column === null ? null : int64Halves(column.values)));
    const asciiWriters = columns.map((column, c) => (numbers[c] === null ? column.asciiWriter() : null));
    // Room for a row's keys and its numeric and ASCII cells, and `{}` and a newline.
    let room = count === 0 ? 3 : 2;
    for (let c = 0; c < count; c++) room += keyBytes[c]!.length + (numbers[c] !== null ? 26 : (asciiWriters[c]?.maxBytes ?? 4));
    for (let row = from; row < to; row++) {
      const rowStart = this.pos;
      this.reserve(room);
      let buf = this.buf;
      let pos = this.pos;
      if (count === 0) buf[pos++] = OPEN_OBJECT;
      for (let c = 0; c < count; c++) {
        const key = keyBytes[c]!;
        for (let k = 0; k < key.length; k++) buf[pos++] = key[k]!;
        const cellNumbers = numbers[c]!;
        if (cellNumbers !== null) {
          pos = writeNumberAt(buf, pos, cellNumbers, halves[c]!, row);
          continue;
        }
        const writer = asciiWriters[c]!;
        if (writer !== null) {
          pos = writer.write(row, buf, pos);
          continue;
        }
        const cell = columns[c]!.at(row);
        if (cell === null) {
          pos = writeLiteral(buf, pos, NULL_BYTES);
          continue;
        }
        if (typeof cell !== "string") {
          this.pos = rowStart;
          return row;
        }
        this.pos = pos;
        this.string(cell);
        this.reserve(room);
        buf = this.buf;
        pos = this.pos;
      }
      buf[pos++] = CLOSE_OBJECT;
      buf[pos++] = 0x0a;
      if (pos - rowStart - 1 > maxOutputBytes) {
        this.pos = rowStart;
        return row;
      }
      this.pos = pos;
    }
    return to;
  }

  /** Appends ASCII text as is (a newline between records, `[`, `,`). */
  appendAscii(text: string): void {
    this.ascii(text);
  }

  /** A copy of the pending bytes; the writer is empty afterwards (its buffer is kept). */
  take(): Uint8Array {
    let bytes: Uint8Array;
    if (this.pos > HAND_OVER_BYTES) {
      // Big output: hand the buffer itself over (no copy) and start again small, so one huge
      // record does not keep a huge buffer alive for the rest of the stream.
      bytes = this.buf.subarray(0, this.pos);
      this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    } else {
      bytes = this.buf.slice(0, this.pos);
    }
    this.pos = 0;
    return bytes;
  }

  /**
   * The pending bytes as a view into the writer's buffer: no copy, valid until the next call
   * that writes, takes or clears. Node callers copy it with `Buffer.from(view)` (no zero-fill),
   * then `clear()`.
   */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Drops the pending bytes. */
  clear(): void {
    this.pos = 0;
  }

  /** Drops pending bytes past `size` (a separator written before a record that then failed). */
  truncate(size: number): void {
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= this.pos)) {
      throw new RangeError(`truncate: size must be an integer from 0 to ${this.pos}, got ${String(size)}`);
    }
    this.pos = size;
  }

  private run(root: PyValue): void {
    const frames = this.frames;
    let value: PyValue = root;
    for (;;) {
      // Write `value`: a scalar completely, a container by its opening bracket and a new frame.
      let identity: object | null = null;
      for (let hops = 0; ; hops++) {
        switch (typeof value) {
          case "string":
            this.string(value);
            break;
          case "number":
            if ((value | 0) === value && (value !== 0 || 1 / value > 0)) this.int32(value);
            else this.fraction(value);
            break;
          case "boolean":
            this.ascii(value ? "true" : "false");
            break;
          case "bigint":
            this.ascii(value.toString());
            break;
          case "object": {
            if (value === null) {
              this.ascii("null");
              break;
            }
            if (Array.isArray(value)) {
              if (value.length === 0) {
                this.ascii("[]");
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(ARRAY, identity ?? value);
              frame.items = value;
              break;
            }
            const proto: unknown = Object.getPrototypeOf(value);
            // Decoded dicts first; a plain object is a dict too, unless it is a PyObjectValue literal.
            if (proto === DICT_PROTOTYPE || ((proto === Object.prototype || proto === null) && !isPyObject(value))) {
              const keys = Object.keys(value);
              if (keys.length === 0) {
                this.ascii("{}");
                break;
              }
              this.byte(OPEN_OBJECT);
              const frame = this.open(DICT, identity ?? value);
              frame.dict = value as PyDict;
              frame.keys = keys;
              break;
            }
            if (value instanceof PyFloat) {
              this.ascii(floatJson(value.value));
              break;
            }
            if (value instanceof Uint8Array) {
              this.base64(value);
              break;
            }
            if (value instanceof Map) {
              if (value.size === 0) {
                this.ascii("{}");
                break;
              }
              this.byte(OPEN_OBJECT);
              const frame = this.open(MAP, identity ?? value);
              frame.entries = value.entries();
              break;
            }
            if (value instanceof Set) {
              if (value.size === 0) {
                this.ascii("[]");
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(SET, identity ?? value);
              frame.members = value.values();
              break;
            }
            if (value instanceof ColumnValue && value.isReady) {
              // A pandas column: numbers straight from its typed array, ASCII elements (datetimes)
              // straight into the buffer, anything else element by element, never as a list.
              if (value.length === 0) {
                this.ascii("[]");
                break;
              }
              const numbers = value.numbers();
              if (numbers !== null) {
                this.numberColumn(numbers);
                break;
              }
              const writer = value.asciiWriter();
              if (writer !== null) {
                this.asciiColumn(writer, value.length);
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(COLUMN, identity ?? value);
              frame.column = value;
              break;
            }
            if (isPyObject(value)) {
              // An ndarray of numbers: its lists straight from its typed array.
              const grid = numberGridOf(value);
              if (grid !== null) {
                this.numberGrid(grid);
                break;
              }
              if (hops < MAX_PLAIN_HOPS) {
                // Write the plain form; the object itself is what a cycle would reach again.
                identity ??= value;
                value = value.toPlain();
                continue;
              }
            }
            throw this.badType(value);
          }
          default:
            throw this.badType(value);
        }
        break;
      }
      if (this.pos > this.limitEnd) throw this.overBudget();

      // Find the next value: the next child of the innermost open container, closing finished ones.
      for (;;) {
        if (this.depth === 0) {
          if (this.pos > this.limitEnd) throw this.overBudget();
          return;
        }
        const frame = frames[this.depth - 1]!;
        const index = frame.index++;
        if (frame.kind === ARRAY) {
          const items = frame.items;
          if (index < items.length) {
            if (index > 0) this.byte(COMMA);
            value = items[index]!;
            break;
          }
          this.byte(CLOSE_ARRAY);
        } else if (frame.kind === DICT) {
          const keys = frame.keys;
          if (index < keys.length) {
            const key = keys[index]!;
            if (index > 0) this.byte(COMMA);
            this.string(key);
            this.byte(COLON);
            value = frame.dict![key]!;
            break;
          }
          this.byte(CLOSE_OBJECT);
        } else if (frame.kind === COLUMN) {
          const column = frame.column!;
          if (index < column.length) {
            if (index > 0) this.byte(COMMA);
            value = column.at(index);
            break;
          }
          this.byte(CLOSE_ARRAY);
        } else if (frame.kind === MAP) {
          const step = frame.entries!.next();
          if (!step.done) {
            const key = step.value[0];
            frame.lastKey = key;
            const text = scalarKeyText(key) ?? this.compositeKeyText(key);
            if (index > 0) this.byte(COMMA);
            this.string(text);
            this.byte(COLON);
            value = step.value[1];
            break;
          }
          this.byte(CLOSE_OBJECT);
        } else {
          const step = frame.members!.next();
          if (!step.done) {
            if (index > 0) this.byte(COMMA);
            value = step.value;
            break;
          }
          this.byte(CLOSE_ARRAY);
        }
        this.close(frame);
      }
    }
  }

  // ---- columns

  /** `[n, n, ...]` of a numeric column, from its typed array, with `null` where it is missing. */
  private numberColumn(numbers: ColumnNumbers): void {
    const length = numbers.values.length;
    // Grow once for the whole column (a guess per kind) rather than doubling through it; a
    // spilling writer hands out pieces instead.
    if (this.spill === null) this.reserve(length * (numbers.kind === "float" ? 19 : numbers.kind === "int" ? 9 : 6));
    this.numberSpan(numbers, int64Halves(numbers.values), 0, length);
  }

  /**
   * An ndarray's nested lists (`tolist()`) from its typed array: the innermost lists are spans
   * of it, written as a column's numbers are. Recursion depth is the number of dimensions.
   */
  private numberGrid(grid: NumberGrid): void {
    const { shape, numbers } = grid;
    // No room made for the whole at once, as for a column: an array's elements may be many more.
    const halves = int64Halves(numbers.values);
    const last = shape.length - 1;
    const rowLength = shape[last]!;
    const writeDimension = (dimension: number, start: number, stride: number): void => {
      if (dimension === last) {
        this.numberSpan(numbers, halves, start, start + rowLength);
        return;
      }
      const count = shape[dimension]!;
      const inner = stride / count;
      this.byte(OPEN_ARRAY);
      for (let i = 0; i < count; i++) {
        if (i > 0) this.byte(COMMA);
        writeDimension(dimension + 1, start + i * inner, inner);
      }
      this.byte(CLOSE_ARRAY);
    };
    writeDimension(0, 0, numbers.values.length);
  }

  /** `[n, n, ...]` of elements `from` up to `to` of a numeric column or grid (`halves`: int64Halves of its values). */
  private numberSpan(numbers: ColumnNumbers, halves: Int32Array | null, from: number, to: number): void {
    const { values, kind, missing } = numbers;
    this.byte(OPEN_ARRAY);
    for (let start = from; start < to; start += COLUMN_BATCH) {
      const end = Math.min(to, start + COLUMN_BATCH);
      // Room for the longest element of the batch: a float's repr or a 20-digit int, and a comma.
      this.reserve((end - start) * 26);
      const buf = this.buf;
      let pos = this.pos;
      if (kind === "float" && values instanceof Float64Array) {
        // The common float64 and int64 columns: loops of their own, monomorphic in the array's type.
        this.pos = writeFloatBatch(buf, pos, values, missing, start, end, from);
        if (this.pos > this.limitEnd) throw this.overBudget();
        continue;
      }
      if (kind === "int" && missing === null && values instanceof BigInt64Array) {
        this.pos = writeInt64Batch(buf, pos, numbers, halves!, start, end, from);
        if (this.pos > this.limitEnd) throw this.overBudget();
        continue;
      }
      for (let i = start; i < end; i++) {
        if (i > from) buf[pos++] = COMMA;
        pos = writeNumberAt(buf, pos, numbers, halves, i);
      }
      this.pos = pos;
      if (pos > this.limitEnd) throw this.overBudget();
    }
    this.byte(CLOSE_ARRAY);
  }

  /** `[...]` of a column that writes its elements' ASCII JSON itself. */
  private asciiColumn(writer: ColumnAsciiWriter, length: number): void {
    this.byte(OPEN_ARRAY);
    const room = writer.maxBytes + 1;
    for (let start = 0; start < length; start += COLUMN_BATCH) {
      const end = Math.min(length, start + COLUMN_BATCH);
      this.reserve((end - start) * room);
      const buf = this.buf;
      let pos = this.pos;
      if (writer.writeRun !== undefined) {
        pos = writer.writeRun(start, end, buf, pos);
      } else {
        for (let i = start; i < end; i++) {
          if (i > 0) buf[pos++] = COMMA;
          pos = writer.write(i, buf, pos);
        }
      }
      this.pos = pos;
      if (pos > this.limitEnd) throw this.overBudget();
    }
    this.byte(CLOSE_ARRAY);
  }

  // ---- output bytes

  /** Makes room for `count` more bytes. */
  private reserve(count: number): void {
    const needed = this.pos + count;
    if (needed <= this.buf.length) return;
    if (this.spill !== null && this.pos >= this.spillBytes) {
      // Hand what is written to the sink (it owns that buffer now) and go on in a new one.
      const written = this.pos;
      this.spill(this.buf.subarray(0, written));
      this.spilledBytes += written;
      this.recordStart -= written;
      this.limitEnd -= written;
      this.pos = 0;
      this.buf = new Uint8Array(Math.max(2 * this.spillBytes, count));
      return;
    }
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  private byte(code: number): void {
    if (this.pos === this.buf.length) this.reserve(1);
    this.buf[this.pos++] = code;
  }

  /** Text known to be ASCII (numbers, literals, base64). */
  private ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /**
   * A number that is no int32: a float with up to 15 significant digits straight from integer
   * pieces (the engine's writeShortFloat, as the tape writer does), anything else through
   * numberJson (big ints, 17-digit floats, -0, NaN).
   */
  private fraction(value: number): void {
    if (!Number.isInteger(value)) {
      this.reserve(25);
      const end = writeShortFloat(this.buf, this.pos, value);
      if (end >= 0) {
        this.pos = end;
        return;
      }
    }
    this.ascii(numberJson(value));
  }

  /** A non-negative or negative int32 (not -0), digit by digit: no string allocated. */
  private int32(value: number): void {
    this.reserve(17);
    this.pos = writeIntDigits(this.buf, this.pos, value);
  }

  /**
   * A JSON string: exactly `JSON.stringify` (which is `json.dumps(s, ensure_ascii=False)` with
   * lone surrogates as lowercase `\udXXX`), encoded as UTF-8. Printable ASCII without quotes or
   * backslashes (most keys and values) is copied directly; anything else goes through
   * JSON.stringify and TextEncoder.
   */
  private string(text: string): void {
    const length = text.length;
    this.reserve(length + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code === QUOTE || code === 0x5c || code > 0x7e) {
        this.escapedString(text);
        return;
      }
      buf[pos++] = code;
    }
    buf[pos++] = QUOTE;
    this.pos = pos;
  }

  private escapedString(text: string): void {
    const json = JSON.stringify(text);
    this.reserve(json.length * 3);
    this.pos += utf8Encoder.encodeInto(json, this.buf.subarray(this.pos)).written;
  }

  private base64(bytes: Uint8Array): void {
    this.reserve(base64Length(bytes.length) + 2);
    this.buf[this.pos++] = QUOTE;
    this.pos = encodeBase64Into(bytes, this.buf, this.pos);
    this.buf[this.pos++] = QUOTE;
  }

  /** Pushes a frame (from the pool) for a container whose opening bracket was written. */
  private open(kind: number, identity: object): Frame {
    const depth = this.depth;
    if (depth >= CYCLE_CHECK_DEPTH || this.openSet !== null) this.track(identity);
    let frame = this.frames[depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames.push(frame);
    }
    frame.kind = kind;
    frame.index = 0;
    frame.identity = identity;
    this.depth = depth + 1;
    if (this.depth > this.framesUsed) this.framesUsed = this.depth;
    return frame;
  }

  private close(frame: Frame): void {
    this.depth--;
    if (this.openSet !== null) this.openSet.delete(frame.identity);
    frame.release();
  }

  /** Adds an identity to the open set (built from the stack the first time); a repeat is a cycle. */
  private track(identity: object): void {
    let open = this.openSet;
    if (open === null) {
      open = new Set();
      for (let i = 0; i < this.depth; i++) {
        const earlier = this.frames[i]!.identity;
        if (open.has(earlier)) throw this.cycle(earlier, i);
        open.add(earlier);
      }
      this.openSet = open;
    }
    if (open.has(identity)) throw this.cycle(identity, this.depth);
    open.add(identity);
  }

  /** A Map key that is not str/int/float/bool/None: its own compact JSON text, with the same rules. */
  private compositeKeyText(key: PyValue): string {
    const path = this.pathTo(this.depth);
    if (this.keyNesting >= MAX_KEY_NESTING) {
      throw new OutputError(`dict keys nested more than ${MAX_KEY_NESTING} deep inside keys at ${path}`, {
        code: "LIMIT_EXCEEDED",
        recordIndex: this.recordIndex,
        path,
      });
    }
    const ancestors = new Set<object>(this.ancestors);
    for (let i = 0; i < this.depth; i++) ancestors.add(this.frames[i]!.identity);
    const keyWriter = new JsonWriter(this.keyNesting + 1, ancestors, `${path}<key>`);
    return keyWriter.write(key, this.limitEnd - this.pos, this.recordIndex);
  }

  /** The path of the value `frameCount` frames deep: each frame's current child, in order. */
  private pathTo(frameCount: number): string {
    const steps: PathStep[] = [];
    for (let i = 0; i < frameCount; i++) {
      const frame = this.frames[i]!;
      const child = frame.index - 1;
      if (frame.kind === DICT) steps.push({ key: frame.keys[child]! });
      else if (frame.kind === MAP) steps.push({ key: scalarKeyText(frame.lastKey) ?? "<key>" });
      else steps.push({ index: child });
    }
    return formatPath(this.pathPrefix, steps);
  }

  private cycle(identity: object, reachedAtDepth: number): OutputError {
    let first = -1;
    for (let i = 0; i < reachedAtDepth; i++) {
      if (this.frames[i]!.identity === identity) {
        first = i;
        break;
      }
    }
    const again = this.pathTo(reachedAtDepth);
    const where = first < 0 ? "an enclosing container" : `the ${describeContainer(identity)} at ${this.pathTo(first)}`;
    return new OutputError(`cycle: ${where} contains itself at ${again}; JSON cannot write a value that contains itself`, {
      code: "CYCLE",
      recordIndex: this.recordIndex,
      path: again,
    });
  }

  private overBudget(): OutputError {
    // A cycle whose every level writes a lot can pass the budget before CYCLE_CHECK_DEPTH: name the cycle.
    const seen = new Set<object>(this.ancestors);
    for (let i = 0; i < this.depth; i++) {
      const identity = this.frames[i]!.identity;
      if (seen.has(identity)) return this.cycle(identity, i);
      seen.add(identity);
    }
    const path = this.pathTo(this.depth);
    return new OutputError(
      `output passed maxOutputBytes (${this.limitEnd - this.recordStart} bytes; ${this.pos - this.recordStart} written so far, at ${path}). ` +
        "A small pickle whose shared objects expand without end (a memo bomb) stops here; " +
        "if this record really is that large, raise the maxOutputBytes option",
      { code: "LIMIT_EXCEEDED", recordIndex: this.recordIndex, path, limit: "maxOutputBytes" },
    );
  }

  private badType(value: unknown): OutputError {
    return badTypeError(value, this.pathTo(this.depth), this.recordIndex);
  }

}

