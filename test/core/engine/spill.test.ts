// A giant record the value path writes (a DataFrame, a big numpy array) may hand its JSON to a
// spill sink in pieces while it is written: the bytes, in order, are exactly those taken whole
// otherwise, and a record that fails after its first pieces went out is discarded in full. A
// giant root the tape writes spills too: JSON's batch by batch, msgpack's once its head has its
// final width (65,536 entries), its count patched in at the record's end.
import { JsonEngine, MsgpackTapeWriter, type OutputSpill, TapeEngine } from "@pkl-stream/core/engine";
import { JsonWriter } from "@pkl-stream/core/json";
import { encodeMsgpackRecord, encodeMsgpackRecordSpilled, msgpackWriter } from "@pkl-stream/stream/writers/msgpack";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { concatChunks as concat, splitEvery } from "../../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle as small } from "../../helpers/declined-record.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";

/** Spill pieces of 64 KiB: records of a few hundred KB exercise every path quickly. */
const PIECE_BYTES = 64 * 1024;

/** Where two long texts first differ (-1: equal): a failing toBe on megabytes would diff them whole. */
function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

interface RunOptions {
  readonly maxOutputBytes?: number;
  /** A prefix and suffix around each record, as --meta writes them. */
  readonly meta?: boolean;
  /** End with `abandon()` instead of `end()` (input that stopped). */
  readonly abandon?: boolean;
}

/** What the engine writes for `chunks`, in order: take()'s output, and, with a spill, what the spill kept. */
function engineRun(chunks: readonly Uint8Array[], options: RunOptions, spill: OutputSpill | undefined, written: Uint8Array[]): unknown {
  const framing = options.meta === true ? { prefix: (index: number) => new TextEncoder().encode(`{"i":${index},"v":`), suffix: "}\n" } : undefined;
  const engine = new JsonEngine({ spill, spillBytes: PIECE_BYTES, maxOutputBytes: options.maxOutputBytes, framing });
  let error: unknown;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      written.push(engine.take());
    }
    if (options.abandon === true) engine.abandon();
    else engine.end();
  } catch (caught) {
    error = caught;
  }
  written.push(engine.take());
  return error;
}

/** The output in order with a spill: what it got (less what it was told to drop) and what take() returned. */
function spilledRun(chunks: readonly Uint8Array[], options: RunOptions = {}) {
  const written: Uint8Array[] = [];
  let discarded = 0;
  let pieces = 0;
  const spill: OutputSpill = {
    write: (bytes) => {
      written.push(bytes.slice());
      pieces++;
    },
    discard: (count) => {
      discarded += count;
      let left = count;
      while (left > 0) {
        const last = written.pop()!;
        if (last.length > left) written.push(last.subarray(0, last.length - left));
        left -= Math.min(left, last.length);
      }
    },
  };
  const error = engineRun(chunks, options, spill, written);
  return { text: new TextDecoder().decode(concat(written)), pieces, discarded, error };
}

/** The output without a spill. */
function plainRun(chunks: readonly Uint8Array[], options: RunOptions = {}) {
  const parts: Uint8Array[] = [];
  const error = engineRun(chunks, options, undefined, parts);
  return { text: new TextDecoder().decode(concat(parts)), error };
}

/**
 * `input` (more than 10 pieces of output) spilled in one push and in 4 KiB chunks: several pieces
 * went out, none was dropped, and the output is the same bytes as without a spill.
 */
function expectSpillUnseen(input: Uint8Array): void {
  const expected = plainRun([input]);
  expect(expected.error).toBeUndefined();
  expect(expected.text.length).toBeGreaterThan(10 * PIECE_BYTES);
  for (const chunks of [[input], splitEvery(input, 4096)]) {
    const run = spilledRun(chunks);
    expect(run.error).toBeUndefined();
    expect(run.pieces).toBeGreaterThanOrEqual(4);
    expect(run.discarded).toBe(0);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  }
}

describe("JsonWriter.spillTo", () => {
  it("hands a big record out in pieces whose concatenation, with the rest, is the record's JSON", () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i / 7 + 0.5);
    const whole = new JsonWriter();
    whole.append(values, 2 ** 40);
    const expected = whole.take();

    const pieces: Uint8Array[] = [];
    const writer = new JsonWriter();
    writer.spillTo((bytes) => pieces.push(bytes.slice()), PIECE_BYTES);
    writer.append(values, 2 ** 40);
    expect(pieces.length).toBeGreaterThan(1);
    expect(writer.spilled).toBe(pieces.reduce((sum, piece) => sum + piece.length, 0));
    expect(Buffer.compare(concat([...pieces, writer.take()]), expected)).toBe(0);
  });

  it("reports the bytes it spilled when the record then fails, and keeps nothing pending", () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i / 7 + 0.5);
    const pieces: Uint8Array[] = [];
    const writer = new JsonWriter();
    writer.spillTo((bytes) => pieces.push(bytes.slice()), PIECE_BYTES);
    expect(() => writer.append(values, 6 * PIECE_BYTES)).toThrow(/maxOutputBytes/);
    expect(writer.spilled).toBeGreaterThan(0);
    expect(writer.spilled).toBe(pieces.reduce((sum, piece) => sum + piece.length, 0));
    expect(writer.size).toBe(0);
  });
});

describe("the JSON engine with a spill", () => {
  const giant = floatSetPickle(40_000, 11);
  const input = concat([small(1), giant, small(2), floatSetPickle(1000, 3), small(3)]);

  it("writes the same bytes in the same order as without one, in one push and in 4 KiB chunks", () => {
    expectSpillUnseen(input);
  });

  it("spills a record's prefix before its first piece", () => {
    const expected = plainRun([input], { meta: true });
    const run = spilledRun([input], { meta: true });
    expect(firstDifference(run.text, expected.text)).toBe(-1);
    expect(run.text.startsWith('{"i":0,"v":[1]}\n{"i":1,"v":[')).toBe(true);
  });

  it("drops every spilled byte of a record that fails, keeping the records before it", () => {
    const bad = concat([small(1), small(2), giant, small(3)]);
    const expected = plainRun([bad], { maxOutputBytes: 6 * PIECE_BYTES, meta: true });
    expect(String(expected.error)).toMatch(/maxOutputBytes/);
    expect(expected.text).toBe('{"i":0,"v":[1]}\n{"i":1,"v":[2]}\n');
    const run = spilledRun([bad], { maxOutputBytes: 6 * PIECE_BYTES, meta: true });
    expect(String(run.error)).toBe(String(expected.error));
    expect(run.discarded).toBeGreaterThan(2 * PIECE_BYTES);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  });
});

describe("the JSON engine's giant root with a spill", () => {
  // 60k keys: about 1 MB of JSON, written by the tape batch by batch.
  const keys = shuffledKeys(60_000);
  const giant = giantDictPickle(keys);

  it("hands the root's batches out while the record is open, with the same bytes in the same order", () => {
    expectSpillUnseen(concat([small(1), giant, small(2)]));
  });

  it("drops what a root spilled when it declines at its end (a repeated key), then writes the value path's output", () => {
    const input = concat([small(1), giantDictPickle([...keys, keys[5]!]), small(2)]);
    const expected = plainRun([input]);
    expect(expected.error).toBeUndefined();
    const run = spilledRun([input]);
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(firstDifference(run.text, expected.text)).toBe(-1);
  });

  it("leaves the pieces it handed out as they were while the records after the root are written (a file writes them later)", () => {
    // Input that ends at each root's end (see the msgpack test of the same name).
    const after = Array.from({ length: 50 }, (_, i) => small(100 + i));
    const expected = plainRun([concat([small(1), giant, giant, ...after])]);
    const file = new FileSpill(false);
    const engine = new JsonEngine({ spill: file.spill, spillBytes: PIECE_BYTES });
    for (const chunk of [...splitEvery(concat([small(1), giant]), 4096), ...splitEvery(giant, 4096), ...after]) {
      engine.push(chunk);
      file.append(engine.take());
    }
    engine.end();
    file.append(engine.take());
    expect(file.pieces).toBeGreaterThanOrEqual(4);
    expect(firstDifference(new TextDecoder().decode(file.bytes), expected.text)).toBe(-1);
  });

  it("drops what a root spilled when its input stops without an end (abandon)", () => {
    const cut = concat([small(1), giant]).subarray(0, giant.length - 1000);
    const run = spilledRun(splitEvery(cut, 65536), { abandon: true });
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(run.text).toBe("[1]\n");
  });
});

// ---- msgpack

// The msgpack writer registers its float64 extension (2.0 stays a float) when made.
msgpackWriter();
const packr = new Packr({ useRecords: false });

/** A prefix before each record, as --meta writes one (a fixmap's head and its first keys). */
const MSGPACK_PREFIX = Uint8Array.from([0x82, 0xa1, 0x69, 0x00, 0xa1, 0x76]);

/**
 * An output file as the CLI's: the spill's pieces and take()'s output land in call order,
 * `discard` drops the last bytes, `patch` (when `canPatch`) overwrites bytes already given. The
 * pieces are kept as given, views of the engine's buffer, and read at the end, as a file's
 * writes on another thread read them later: they must stay as they were.
 */
class FileSpill {
  private readonly segments: Uint8Array[] = [];
  private size = 0;
  private readonly patched: [at: number, bytes: Uint8Array][] = [];
  pieces = 0;
  discarded = 0;
  patches = 0;
  readonly spill: OutputSpill;
  constructor(canPatch: boolean) {
    this.spill = {
      write: (piece) => {
        this.append(piece);
        this.pieces++;
      },
      discard: (count) => {
        this.discarded += count;
        this.size -= count;
        let left = count;
        while (left > 0) {
          const last = this.segments.pop()!;
          if (last.length > left) this.segments.push(last.subarray(0, last.length - left));
          left -= Math.min(left, last.length);
        }
      },
    };
    if (canPatch) {
      this.spill.patch = (back, piece) => {
        expect(back).toBeGreaterThanOrEqual(piece.length);
        expect(back).toBeLessThanOrEqual(this.size);
        this.patched.push([this.size - back, piece]);
        this.patches++;
      };
    }
  }

  append(piece: Uint8Array): void {
    this.segments.push(piece);
    this.size += piece.length;
  }

  /** The file's content: the pieces as they are now, then the patches. */
  get bytes(): Buffer {
    const bytes = Buffer.concat(this.segments);
    for (const [at, piece] of this.patched) bytes.set(piece, at);
    return bytes;
  }
}

/** The msgpack engine fed `chunks` (a spill of 64 KiB pieces when `file` has one): its output goes to `file`. */
function msgpackRun(chunks: readonly Uint8Array[], options: RunOptions, file: FileSpill, spill: OutputSpill | undefined): unknown {
  const framing = options.meta === true ? { prefix: () => MSGPACK_PREFIX, suffix: "" } : { suffix: "" };
  const engine = new TapeEngine(
    new MsgpackTapeWriter(framing, options.maxOutputBytes),
    // As msgpackBytesEngine's: a record the value path writes goes out in pieces with a spill.
    (value, budget, index, sink) =>
      sink === null
        ? encodeMsgpackRecord(packr, value, 512, budget, index)
        : encodeMsgpackRecordSpilled(packr, value, 512, budget, index, sink, PIECE_BYTES),
    { spill, spillBytes: PIECE_BYTES, maxOutputBytes: options.maxOutputBytes, framing },
    { suffix: "" },
  );
  let error: unknown;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      file.append(engine.take());
    }
    if (options.abandon === true) engine.abandon();
    else engine.end();
  } catch (caught) {
    error = caught;
  }
  file.append(engine.take());
  return error;
}

/** The msgpack output with a spill that can write in place (a regular file), or cannot (`canPatch` false: a pipe). */
function msgpackSpilledRun(chunks: readonly Uint8Array[], options: RunOptions = {}, canPatch = true) {
  const file = new FileSpill(canPatch);
  const error = msgpackRun(chunks, options, file, file.spill);
  return { bytes: file.bytes, pieces: file.pieces, discarded: file.discarded, patches: file.patches, error };
}

/** The msgpack output without a spill. */
function msgpackPlainRun(chunks: readonly Uint8Array[], options: RunOptions = {}) {
  const file = new FileSpill(false);
  const error = msgpackRun(chunks, options, file, undefined);
  return { bytes: file.bytes, error };
}

/** Where two byte strings first differ (-1: equal). */
function firstByteDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.compare(a, b) === 0) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A protocol 4 list of the ints 0..count-1, appended by APPENDS batches of 1,000 as CPython batches them. */
function giantListPickle(count: number): Uint8Array {
  const parts: number[] = [0x80, 4, 0x5d, 0x94];
  for (let first = 0; first < count; first += 1000) {
    parts.push(0x28);
    for (let i = first; i < Math.min(count, first + 1000); i++) parts.push(0x4a, i & 0xff, (i >>> 8) & 0xff, (i >>> 16) & 0xff, 0);
    parts.push(0x65);
  }
  parts.push(0x2e);
  return Uint8Array.from(parts);
}

/** `pickle` (a root dict or list ending in STOP) with `ops` run on its root before the STOP. */
function withTail(pickle: Uint8Array, ops: readonly number[]): Uint8Array {
  return concat([pickle.subarray(0, pickle.length - 1), Uint8Array.from([...ops, 0x2e])]);
}

/** A protocol 4 root dict of `count` keys whose values are the list [1, 2, 3] of its first entry, copied (BINGET 1). */
function sharedValueDictPickle(count: number): Uint8Array {
  const parts: number[] = [0x80, 4, 0x7d, 0x94];
  for (let first = 0; first < count; first += 1000) {
    parts.push(0x28);
    for (let i = first; i < Math.min(count, first + 1000); i++) {
      const key = Buffer.from(`k${i}`);
      parts.push(0x8c, key.length, ...key);
      if (i === 0) parts.push(0x5d, 0x94, 0x28, 0x4b, 1, 0x4b, 2, 0x4b, 3, 0x65);
      else parts.push(0x68, 1);
    }
    parts.push(0x75);
  }
  parts.push(0x2e);
  return Uint8Array.from(parts);
}

/**
 * `input` (more than 10 pieces of msgpack) spilled in one push and in 4 KiB chunks, with or
 * without a prefix per record: several pieces went out and one count was patched, none was
 * dropped, and the output is the same bytes as without a spill.
 */
function expectMsgpackSpillUnseen(input: Uint8Array): void {
  for (const meta of [false, true]) {
    const expected = msgpackPlainRun([input], { meta });
    expect(expected.error).toBeUndefined();
    expect(expected.bytes.length).toBeGreaterThan(10 * PIECE_BYTES);
    for (const chunks of [[input], splitEvery(input, 4096)]) {
      const run = msgpackSpilledRun(chunks, { meta });
      expect(run.error).toBeUndefined();
      expect(run.pieces).toBeGreaterThanOrEqual(4);
      expect(run.patches).toBe(1);
      expect(run.discarded).toBe(0);
      expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
    }
  }
}

describe("the msgpack engine's giant root with a spill that can patch", () => {
  // 100k keys: about 1.36 MB of msgpack, a map32 (past 65,535 entries; 0.84 MB up to there).
  const keys = shuffledKeys(100_000);
  const giant = giantDictPickle(keys);

  it("hands a root dict's batches out while the record is open and patches its count in, with the same bytes in the same order", () => {
    expectMsgpackSpillUnseen(concat([small(1), giant, small(2)]));
  });

  it("does the same for a root list (array32)", () => {
    expectMsgpackSpillUnseen(concat([small(1), giantListPickle(300_000), small(2)]));
  });

  it("copies a memoized list written before the spill took it", () => {
    expectMsgpackSpillUnseen(concat([sharedValueDictPickle(100_000), small(2)]));
  });

  it("keeps a root of 65,535 entries whole (its head is then map16, 2 bytes shorter than the map32 it was written with)", () => {
    const input = concat([small(1), giantDictPickle(keys.slice(0, 65_535)), small(2)]);
    const expected = msgpackPlainRun([input]);
    expect(expected.bytes.length).toBeGreaterThan(10 * PIECE_BYTES);
    expect(expected.bytes[2]).toBe(0xde);
    const run = msgpackSpilledRun([input]);
    expect(run.pieces).toBe(0);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });

  it("keeps the open root whole for a spill that cannot patch (a pipe), with the same bytes", () => {
    const input = concat([small(1), giant, small(2)]);
    const expected = msgpackPlainRun([input]);
    const run = msgpackSpilledRun([input], {}, false);
    expect(run.pieces).toBe(0);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });

  it("drops what a root spilled when it declines at its end (a repeated key), then writes the value path's output", () => {
    const input = concat([small(1), giantDictPickle([...keys, keys[5]!]), small(2)]);
    const expected = msgpackPlainRun([input]);
    expect(expected.error).toBeUndefined();
    for (const chunks of [[input], splitEvery(input, 4096)]) {
      const run = msgpackSpilledRun(chunks);
      expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
      expect(run.patches).toBe(0);
      expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
    }
  });

  it("drops what a root spilled when it declines after its spill (a float key), then writes the value path's output", () => {
    // (1.5: 1) set after the 100,000 str keys: the one pass takes str and int keys only.
    const floatKey = [0x28, 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x4b, 1, 0x75];
    const input = concat([small(1), withTail(giant, floatKey), small(2)]);
    const expected = msgpackPlainRun([input]);
    expect(expected.error).toBeUndefined();
    const run = msgpackSpilledRun(splitEvery(input, 4096));
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });

  it("drops every spilled byte of a record that fails, keeping the records before it", () => {
    // The budget passes between the first spill (65,536 entries) and the root's end; the value path fails too.
    const maxOutputBytes = 1_100_000;
    const input = concat([small(1), small(2), giant, small(3)]);
    const expected = msgpackPlainRun([input], { maxOutputBytes, meta: true });
    expect(String(expected.error)).toMatch(/maxOutputBytes/);
    expect(expected.bytes).toEqual(Buffer.from([...MSGPACK_PREFIX, 0x91, 1, ...MSGPACK_PREFIX, 0x91, 2]));
    const run = msgpackSpilledRun([input], { maxOutputBytes, meta: true });
    expect(String(run.error)).toBe(String(expected.error));
    expect(run.discarded).toBeGreaterThan(2 * PIECE_BYTES);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });

  it("drops what a root spilled when its input stops without an end (abandon)", () => {
    const cut = concat([small(1), giant]).subarray(0, giant.length - 1000);
    const run = msgpackSpilledRun(splitEvery(cut, 65536), { abandon: true });
    expect(run.discarded).toBeGreaterThan(4 * PIECE_BYTES);
    expect(run.bytes).toEqual(Buffer.from([0x91, 1]));
  });

  it("leaves the pieces it handed out as they were while the records after the root are written (a file writes them later)", () => {
    // Input that ends at each root's end: the second root is written from the start of the
    // buffer the first one grew, and the records after it in a buffer of their own, not over
    // the second root's pieces.
    const after = Array.from({ length: 50 }, (_, i) => small(100 + i));
    const expected = msgpackPlainRun([concat([small(1), giant, giant, ...after])]);
    const run = msgpackSpilledRun([...splitEvery(concat([small(1), giant]), 4096), ...splitEvery(giant, 4096), ...after]);
    expect(run.pieces).toBeGreaterThanOrEqual(4);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });
});

/** `set([...])` of `count` distinct str (`é0000`, `é0001`...; é is 1 UTF-16 unit, 2 UTF-8 bytes; protocol 2, BINUNICODE). */
function accentSetPickle(count: number): Uint8Array {
  const parts: number[] = [0x80, 0x02, ...Buffer.from("cbuiltins\nset\n"), 0x5d, 0x28];
  for (let i = 0; i < count; i++) {
    const text = Buffer.from(`é${String(i).padStart(4, "0")}`);
    parts.push(0x58, text.length, 0, 0, 0, ...text);
  }
  parts.push(0x65, 0x85, 0x52, 0x2e); // APPENDS, TUPLE1, REDUCE, STOP
  return Uint8Array.from(parts);
}

describe("the msgpack engine's value path with a spill", () => {
  // builtins.set(...) is a REDUCE: the value path writes it, an array of 100k float64 (~900 KB).
  const input = concat([small(1), floatSetPickle(100_000, 11), small(2)]);

  it("hands a giant record out in pieces (its head first: the count is known) with the bytes written without a spill", () => {
    for (const meta of [false, true]) {
      const expected = msgpackPlainRun([input], { meta });
      expect(expected.bytes.length).toBeGreaterThan(10 * PIECE_BYTES);
      for (const chunks of [[input], splitEvery(input, 4096)]) {
        const run = msgpackSpilledRun(chunks, { meta });
        expect(run.error).toBeUndefined();
        expect(run.pieces).toBeGreaterThanOrEqual(10);
        expect(run.discarded).toBe(0);
        expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
      }
    }
  });

  it("hands a giant dict it writes (a root the one pass declined) out in pieces, with the same bytes", () => {
    const declined = concat([small(1), giantDictPickle([...shuffledKeys(60_000), "key-5"]), small(2)]);
    const expected = msgpackPlainRun([declined]);
    const run = msgpackSpilledRun([declined]);
    expect(run.pieces).toBeGreaterThanOrEqual(10);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
  });

  it("drops the pieces of a record whose UTF-8 passes the output budget once packed, keeping the records before it", () => {
    // 20k str (é and 4 or 5 digits): 150,003 bytes packed, at least 130,003 by the UTF-16 count checked before packing.
    const maxOutputBytes = 135_000;
    const bad = concat([small(1), accentSetPickle(20_000), small(3)]);
    const expected = msgpackPlainRun([bad], { maxOutputBytes, meta: true });
    expect(String(expected.error)).toMatch(/maxOutputBytes .*the record needs 150003/);
    const run = msgpackSpilledRun([bad], { maxOutputBytes, meta: true });
    expect(String(run.error)).toBe(String(expected.error));
    expect(run.discarded).toBeGreaterThan(PIECE_BYTES);
    expect(firstByteDifference(run.bytes, expected.bytes)).toBe(-1);
    expect(run.bytes).toEqual(Buffer.from([...MSGPACK_PREFIX, 0x91, 1]));
  });
});
