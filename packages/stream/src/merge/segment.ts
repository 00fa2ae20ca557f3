/**
 * What a worker hands the main thread for one input file: every entry's bytes in one buffer
 * and a table saying where each entry's parts lie. Both cross the thread boundary as
 * transferred ArrayBuffers (no structured clone of decoded values).
 *
 * Table row (`ENTRY_FIELDS` Uint32s): [depth << 2 | isRecordStart << 1 | isNode, identityStart, identityEnd, keyStart,
 * keyEnd, valueEnd]. The value is [keyEnd, valueEnd): it follows its key. The identity bytes
 * decide which keys are the same Python key (the msgpack form of the canonical key; often the
 * key bytes themselves).
 *
 * A node row (deep merge only) is a dict value, in one of two layouts:
 * - laid out as rows: its value span is empty (valueEnd = keyEnd), and its entries follow as rows
 *   at depth + 1;
 * - kept whole (str keys only): its value span is the dict's bytes (for JSON output its JSON,
 *   with its msgpack between the identity and the key: msgpack-to-json.ts), and no rows
 *   follow. Most keys of a merge are met once, and such a dict is then copied as it is; the
 *   main thread reads its entries from the bytes when its key is met again (MergeTree).
 */
export const ENTRY_FIELDS = 6;

/** True when the row at `at` (a table offset) is a node row whose entries follow it as rows. */
export function isRowsNode(table: Uint32Array, at: number): boolean {
  return (table[at]! & 1) === 1 && table[at + 5] === table[at + 4];
}

/** True when the row at `at` is a node row that holds its dict's bytes as its value (no rows follow). */
export function isWholeNode(table: Uint32Array, at: number): boolean {
  return (table[at]! & 1) === 1 && table[at + 5] !== table[at + 4];
}

export interface Segment {
  readonly bytes: Uint8Array;
  readonly table: Uint32Array;
  readonly entryCount: number;
}

/**
 * The segment's top-level keys: its rows at depth 0 (a deep merge's segment has a row per
 * entry of every nested dict as well: 7 rows per key in the bench's shards).
 */
export function countKeys(segment: Segment): number {
  const table = segment.table;
  let count = 0;
  for (let at = 0; at < segment.entryCount * ENTRY_FIELDS; at += ENTRY_FIELDS) if (table[at]! >>> 2 === 0) count++;
  return count;
}

const MAX_SEGMENT_BYTES = 0xffffffff;
/** A row estimate larger than this starts here and doubles (a table of 1 GiB). */
const MAX_INITIAL_ROWS = (1 << 30) / (4 * ENTRY_FIELDS);

/** Builds one Segment: bytes and rows grow by doubling. */
export class SegmentBuilder {
  private bytes: Uint8Array;
  private byteLength = 0;
  private table: Uint32Array;
  private entryCount = 0;
  private isRecordStart = false;
  private readonly encoder = new TextEncoder();

  /**
   * `initialBytes` and `initialRows`: size estimates, when the caller has them (growth is by
   * doubling, each a copy). Room past what is written is never touched, so it costs address
   * space, not memory: a generous guess is cheap, a short one copies.
   */
  constructor(initialBytes = 1 << 16, initialRows = 1024) {
    this.bytes = new Uint8Array(Math.min(MAX_SEGMENT_BYTES, initialBytes));
    this.table = new Uint32Array(ENTRY_FIELDS * Math.max(16, Math.min(MAX_INITIAL_ROWS, initialRows)));
  }

  /** Marks the next row as a record's first (the tree applies a record's repeated keys as Python's dict does). */
  beginRecord(): void {
    this.isRecordStart = true;
  }

  /** Rows added so far. */
  get rows(): number {
    return this.entryCount;
  }

  /** Current end of the bytes: where the next append starts. */
  get offset(): number {
    return this.byteLength;
  }

  /** Appends `chunk`, returning its start offset. */
  append(chunk: Uint8Array): number {
    const start = this.byteLength;
    this.reserve(chunk.length);
    this.bytes.set(chunk, start);
    this.byteLength += chunk.length;
    return start;
  }

  /** Appends `text` as UTF-8, returning its start offset. */
  appendText(text: string): number {
    const start = this.byteLength;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    const { written } = this.encoder.encodeInto(text, this.bytes.subarray(start));
    this.byteLength += written;
    return start;
  }

  /**
   * Room for `extra` more bytes at `offset`: returns the backing array to write into directly
   * (valid until the next call that may grow it); `commit` then moves the end. For writers
   * that emit many tiny pieces (the transcoder), where `append` per piece would cost a view each.
   */
  ensure(extra: number): Uint8Array {
    this.reserve(extra);
    return this.bytes;
  }

  /** Sets the end of the bytes after writing through `ensure`'s array (never past its room). */
  commit(end: number): void {
    this.byteLength = end;
  }

  /** The backing array as it is now (read-only use: copying earlier output). */
  get buffer(): Uint8Array {
    return this.bytes;
  }

  /** The bytes appended from `start` on (a view, valid until the next append). */
  view(start: number): Uint8Array {
    return this.bytes.subarray(start, this.byteLength);
  }

  addEntry(depth: number, isNode: boolean, identityStart: number, identityEnd: number, keyStart: number, keyEnd: number, valueEnd: number): void {
    if (this.table.length < (this.entryCount + 1) * ENTRY_FIELDS) {
      const grown = new Uint32Array(this.table.length * 2);
      grown.set(this.table);
      this.table = grown;
    }
    const row = this.entryCount++ * ENTRY_FIELDS;
    const table = this.table;
    table[row] = (depth << 2) | (this.isRecordStart ? 2 : 0) | (isNode ? 1 : 0);
    this.isRecordStart = false;
    table[row + 1] = identityStart;
    table[row + 2] = identityEnd;
    table[row + 3] = keyStart;
    table[row + 4] = keyEnd;
    table[row + 5] = valueEnd;
  }

  /**
   * The finished segment, trimmed to size (what gets transferred); bytes that fill most of
   * their array are handed over as they are rather than copied. The table is handed over as it
   * is: the part past its rows was never written, so it takes address space but no memory
   * (copying a shard's 17 MB of rows cost a page fault per 4 KiB and the copy).
   */
  finish(): Segment {
    const isTight = this.byteLength >= this.bytes.length - (this.bytes.length >>> 3);
    return {
      bytes: isTight ? this.bytes.subarray(0, this.byteLength) : this.bytes.slice(0, this.byteLength),
      table: this.table.subarray(0, this.entryCount * ENTRY_FIELDS),
      entryCount: this.entryCount,
    };
  }

  private reserve(extra: number): void {
    const needed = this.byteLength + extra;
    if (needed <= this.bytes.length) return;
    if (needed > MAX_SEGMENT_BYTES) {
      throw new RangeError(`one input file encodes to more than 4 GiB (${needed} bytes); split it before merging`);
    }
    const grown = new Uint8Array(Math.min(MAX_SEGMENT_BYTES, Math.max(needed, this.bytes.length * 2)));
    grown.set(this.bytes.subarray(0, this.byteLength));
    this.bytes = grown;
  }
}
