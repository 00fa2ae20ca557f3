// Gzip input walked member by member (packages/stream/src/gzip-members.ts), against CPython's gzip
// module as the oracle: every byte inflated before bad bytes is handed on, NUL padding between and
// after members is skipped, headers with every optional field are read, and what follows the last
// member, a bad trailer or header, or a cut fails only after all that came before it. Each case
// runs over source chunks of 1, 2, 7 and 4096 bytes and the whole input in one chunk (headers and
// trailers straddle chunks; Node's gunzip lost the output of its last step to trailing garbage).
import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { TruncatedError } from "@pkl-stream/core";
import { GzipCutError, gunzipIfNeeded, PickleParserStream, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { chunkSource } from "../helpers/chunks.js";
import { strRecord } from "../helpers/str-records.js";
import { hasPython, makeTempDir, runPython } from "./python.js";

/** The records from `first` on, `count` of them, and their bytes. */
function recordsFrom(first: number, count: number): { texts: string[]; bytes: Buffer } {
  const records = Array.from({ length: count }, (_, i) => strRecord(first + i));
  return { texts: records.map((r) => r.text), bytes: Buffer.concat(records.map((r) => r.bytes)) };
}

interface MemberFields {
  isText?: boolean;
  extra?: Uint8Array;
  name?: string;
  comment?: string;
  /** FHCRC: the header's CRC-16, or a wrong one. */
  headerCrc?: "right" | "wrong";
  /** FLG bits set besides those the fields above set (the reserved 0xe0). */
  moreFlags?: number;
  method?: number;
  /** A trailer whose CRC-32 or ISIZE is off by one. */
  badTrailer?: "crc" | "size";
}

/** A gzip member of `data`, its header written field by field (RFC 1952). */
function member(data: Uint8Array, fields: MemberFields = {}): Buffer {
  const flags =
    (fields.isText === true ? 0x01 : 0) |
    (fields.headerCrc !== undefined ? 0x02 : 0) |
    (fields.extra !== undefined ? 0x04 : 0) |
    (fields.name !== undefined ? 0x08 : 0) |
    (fields.comment !== undefined ? 0x10 : 0) |
    (fields.moreFlags ?? 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, fields.method ?? 8, flags, 0x12, 0x34, 0x56, 0x78, 0, 255])];
  if (fields.extra !== undefined) {
    const length = Buffer.alloc(2);
    length.writeUInt16LE(fields.extra.length);
    parts.push(length, Buffer.from(fields.extra));
  }
  if (fields.name !== undefined) parts.push(Buffer.from(`${fields.name}\0`, "latin1"));
  if (fields.comment !== undefined) parts.push(Buffer.from(`${fields.comment}\0`, "latin1"));
  if (fields.headerCrc !== undefined) {
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE((crc32(Buffer.concat(parts)) + (fields.headerCrc === "wrong" ? 1 : 0)) & 0xffff);
    parts.push(crc);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE((crc32(data) + (fields.badTrailer === "crc" ? 1 : 0)) >>> 0, 0);
  trailer.writeUInt32LE((data.length + (fields.badTrailer === "size" ? 1 : 0)) >>> 0, 4);
  return Buffer.concat([...parts, deflateRawSync(data), trailer]);
}

/** A FEXTRA field of two subfields, longer than a 4096-byte chunk so that it straddles one. */
const EXTRA = Buffer.concat([Buffer.from("AP"), Buffer.from([4, 0]), Buffer.from("abcd"), Buffer.from("ZZ"), Buffer.from([0x70, 0x17]), Buffer.alloc(6000, 0x5a)]);

const first = recordsFrom(0, 300);
const second = recordsFrom(300, 200);
const third = recordsFrom(500, 100);
const allTexts = [...first.texts, ...second.texts, ...third.texts];
/** More than the 64 KiB a member may inflate to to be inflated at once (gzip-members.ts). */
const large = recordsFrom(1000, 3000);

/** Many members: the records one to three a member, with an empty member now and then. */
function manyMembers(): { gz: Buffer; texts: string[] } {
  const parts: Buffer[] = [];
  const texts: string[] = [];
  for (let i = 0, at = 0; at < 600; i++) {
    const count = (i % 3) + 1;
    const { texts: some, bytes } = recordsFrom(at, count);
    parts.push(gzipSync(bytes, { level: i % 10 }));
    if (i % 17 === 0) parts.push(gzipSync(Buffer.alloc(0)));
    texts.push(...some);
    at += count;
  }
  return { gz: Buffer.concat(parts), texts };
}

interface Case {
  /** The file's name in the temporary directory (what CPython reads). */
  name: string;
  gz: Buffer;
  /** The records every reader must deliver before its end or failure. */
  texts: string[];
  /** How reading ends: cleanly, bad data (CPython: BadGzipFile), or a cut (CPython: EOFError). */
  ends: "clean" | "bad" | "cut";
  /** A pattern the bad data's message must match. */
  message?: RegExp;
  /** Whether CPython's gzip module reads it as zlib does (it does not check FHCRC or reserved flags). */
  isPythonsWay?: boolean;
}

const good = member(first.bytes);
const many = manyMembers();
const junk = Buffer.from("\x01junk after it");
const CASES: Case[] = [
  {
    name: "trailing-junk.gz",
    gz: Buffer.concat([gzipSync(first.bytes), gzipSync(second.bytes), junk]),
    texts: [...first.texts, ...second.texts],
    ends: "bad",
  },
  {
    // Members too large to be inflated at once: each through a streaming inflater.
    name: "large-members-junk.gz",
    gz: Buffer.concat([gzipSync(large.bytes), Buffer.alloc(4), gzipSync(large.bytes, { level: 1 }), junk]),
    texts: [...large.texts, ...large.texts],
    ends: "bad",
  },
  {
    name: "padded-junk.gz",
    gz: Buffer.concat([gzipSync(first.bytes), Buffer.alloc(10), Buffer.from([0x1f, 0x8c, 8, 0])]),
    texts: first.texts,
    ends: "bad",
  },
  {
    name: "lone-magic-byte.gz",
    gz: Buffer.concat([gzipSync(first.bytes), Buffer.from([0x1f])]),
    texts: first.texts,
    ends: "bad",
  },
  {
    name: "nul-padding.gz",
    gz: Buffer.concat([gzipSync(first.bytes), Buffer.alloc(8), gzipSync(second.bytes), Buffer.alloc(1), gzipSync(third.bytes), Buffer.alloc(700)]),
    texts: allTexts,
    ends: "clean",
  },
  { name: "many-members.gz", gz: many.gz, texts: many.texts, ends: "clean" },
  {
    name: "header-fields.gz",
    gz: Buffer.concat([
      member(first.bytes, { isText: true, extra: EXTRA, name: "first.pkl", comment: "a comment", headerCrc: "right" }),
      member(second.bytes, { name: `${"n".repeat(5000)}.pkl` }),
      member(third.bytes, { comment: "c".repeat(300), headerCrc: "right" }),
      member(Buffer.alloc(0), { extra: Buffer.alloc(0), name: "", comment: "", headerCrc: "right" }),
    ]),
    texts: allTexts,
    ends: "clean",
  },
  {
    name: "bad-crc.gz",
    gz: Buffer.concat([good, member(second.bytes, { badTrailer: "crc" }), member(third.bytes)]),
    // Bytes are handed on as they are inflated, before the trailer can be checked: the bad
    // member's records come out too, as they do from CPython's gzip.
    texts: [...first.texts, ...second.texts],
    ends: "bad",
    message: /^incorrect data check \(the gzip member at offset \d+: its \d+ inflated bytes have CRC-32 0x[0-9a-f]{8}, its trailer says 0x[0-9a-f]{8}\)$/,
  },
  {
    name: "bad-size.gz",
    gz: Buffer.concat([good, member(second.bytes, { badTrailer: "size" }), member(third.bytes)]),
    texts: [...first.texts, ...second.texts],
    ends: "bad",
    message: /^incorrect length check \(the gzip member at offset \d+: \d+ bytes inflated, its trailer says \d+ mod 2\^32\)$/,
  },
  {
    name: "method-not-8.gz",
    gz: Buffer.concat([good, member(second.bytes, { method: 7 })]),
    texts: first.texts,
    ends: "bad",
    message: new RegExp(`^unknown compression method \\(the gzip member at offset ${good.length} has CM 7; 8, deflate, is the only one\\)$`),
  },
  {
    name: "reserved-flags.gz",
    gz: Buffer.concat([good, member(second.bytes, { moreFlags: 0x20 })]),
    texts: first.texts,
    ends: "bad",
    message: new RegExp(`^unknown header flags set \\(the gzip member at offset ${good.length} has FLG 0x20; bits 0xe0 are reserved\\)$`),
    isPythonsWay: false,
  },
  {
    name: "bad-header-crc.gz",
    gz: Buffer.concat([good, member(second.bytes, { name: "x", headerCrc: "wrong" })]),
    texts: first.texts,
    ends: "bad",
    message: /^header crc mismatch \(the gzip member at offset \d+: its header's CRC-16 is 0x[0-9a-f]{4}, FHCRC says 0x[0-9a-f]{4}\)$/,
    isPythonsWay: false,
  },
  {
    name: "cut-in-fixed-header.gz",
    gz: Buffer.concat([good, member(second.bytes).subarray(0, 6)]),
    texts: first.texts,
    ends: "cut",
  },
  {
    name: "cut-in-name.gz",
    gz: Buffer.concat([good, member(second.bytes, { extra: EXTRA, name: "second.pkl" }).subarray(0, 10 + 2 + EXTRA.length + 4)]),
    texts: first.texts,
    ends: "cut",
  },
  {
    name: "cut-in-extra.gz",
    gz: Buffer.concat([good, member(second.bytes, { extra: EXTRA }).subarray(0, 10 + 2 + 5000)]),
    texts: first.texts,
    ends: "cut",
  },
  {
    // The body cut at its middle: the records before the cut are those of the first member and
    // what CPython inflates of the second (its count is checked against CPython's below).
    name: "cut-in-body.gz",
    gz: (() => {
      const cutMember = member(second.bytes);
      return Buffer.concat([good, cutMember.subarray(0, cutMember.length >> 1)]);
    })(),
    texts: first.texts,
    ends: "cut",
  },
  {
    name: "cut-in-trailer.gz",
    gz: Buffer.concat([good, member(second.bytes).subarray(0, -3)]),
    texts: [...first.texts, ...second.texts],
    ends: "cut",
  },
  {
    name: "cut-before-trailer.gz",
    gz: Buffer.concat([good, member(second.bytes).subarray(0, -8)]),
    texts: [...first.texts, ...second.texts],
    ends: "cut",
  },
];

const SIZES = [1, 2, 7, 4096, "whole"] as const;


/** The records readPickles delivers, and what it fails with. */
async function readRecords(source: AsyncIterable<Uint8Array> | string): Promise<{ texts: unknown[]; error: unknown }> {
  const texts: unknown[] = [];
  try {
    for await (const value of readPickles(source)) texts.push(value);
  } catch (error) {
    return { texts, error };
  }
  return { texts, error: undefined };
}

/** The bytes gunzipIfNeeded hands on, and what it fails with. */
async function inflate(source: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of gunzipIfNeeded(source)) chunks.push(chunk);
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
  return { bytes: Buffer.concat(chunks), error: undefined };
}

interface PythonRead {
  /** Bytes CPython's gzip module hands on (read1 by read1) before its end or failure. */
  bytes: number;
  /** Complete pickles in them. */
  records: number;
  /** The exception's class, or null. */
  error: string | null;
}

/** What CPython's gzip module reads of each file. */
function pythonReads(dir: string, names: readonly string[]): Record<string, PythonRead> {
  const out = runPython(
    `
import gzip, io, json, os, pickle, sys
out = {}
for name in sys.argv[2:]:
    data = bytearray()
    error = None
    with gzip.open(os.path.join(sys.argv[1], name), "rb") as f:
        try:
            while True:
                chunk = f.read1(65536)
                if not chunk:
                    break
                data += chunk
        except Exception as e:
            error = type(e).__name__
    stream = io.BytesIO(bytes(data))
    records = 0
    while stream.tell() < len(data):
        try:
            pickle.load(stream)
        except Exception:
            break
        records += 1
    out[name] = {"bytes": len(data), "records": records, "error": error}
print(json.dumps(out))
`,
    [dir, ...names],
  );
  return JSON.parse(out) as Record<string, PythonRead>;
}

describe.runIf(hasPython)("gzip members, walked one by one", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  for (const c of CASES) writeFileSync(join(dir, c.name), c.gz);
  const python = pythonReads(
    dir,
    CASES.map((c) => c.name),
  );

  describe.each(CASES)("$name", (c) => {
    const read = python[c.name]!;
    const pythonError = c.ends === "clean" ? null : c.ends === "cut" ? "EOFError" : "BadGzipFile";

    it("is read by CPython's gzip module as the case says (the oracle)", () => {
      if (c.isPythonsWay === false) {
        // CPython skips FHCRC unchecked and ignores reserved flags: it reads on.
        expect(read.error).toBeNull();
        return;
      }
      expect(read.error).toBe(pythonError);
      if (c.name === "cut-in-body.gz") expect(read.records).toBeGreaterThan(first.texts.length);
      else expect(read.records).toBe(c.texts.length);
    });

    it.each(SIZES)("readPickles over %s-byte chunks: every record before the end, then the failure", async (size) => {
      const { texts, error } = await readRecords(chunkSource(c.gz, size));
      if (c.isPythonsWay !== false) expect(texts).toHaveLength(read.records);
      if (c.name === "cut-in-body.gz") expect(texts.slice(0, c.texts.length)).toEqual(c.texts);
      else expect(texts).toEqual(c.texts);
      if (c.ends === "clean") expect(error).toBeUndefined();
      else if (c.ends === "cut") {
        expect(error).toBeInstanceOf(TruncatedError);
        expect((error as Error).cause).toBeInstanceOf(GzipCutError);
      } else {
        expect(error).toMatchObject({ code: "Z_DATA_ERROR" });
        if (c.message !== undefined) expect((error as Error).message).toMatch(c.message);
      }
    });

    it.each(SIZES)("gunzipIfNeeded over %s-byte chunks hands on what CPython's gzip does, then fails as it does", async (size) => {
      const { bytes, error } = await inflate(chunkSource(c.gz, size));
      if (c.isPythonsWay !== false) expect(bytes.length).toBe(read.bytes);
      if (c.ends === "clean") expect(error).toBeUndefined();
      else if (c.ends === "cut") {
        expect(error).toBeInstanceOf(GzipCutError);
        const cut = error as GzipCutError;
        expect(cut.code).toBe("Z_BUF_ERROR");
        expect(cut.compressedBytes).toBe(c.gz.length);
        expect(cut.inflatedBytes).toBe(bytes.length);
        expect(cut.message).toMatch(/^the gzip data is cut short \(truncated\): the compressed input ended after \d+ bytes, inside a gzip member \(\d+ bytes inflated before it; zlib: unexpected end of file\)$/);
      } else expect(error).toMatchObject({ code: "Z_DATA_ERROR" });
    });
  });

  it("says where the bytes that start no member are, after the NUL padding, and that all before them was handed on", async () => {
    const gz = Buffer.concat([gzipSync(first.bytes), Buffer.alloc(3), gzipSync(second.bytes), Buffer.alloc(5), junk]);
    const { bytes, error } = await inflate(chunkSource(gz, 7));
    expect(bytes).toEqual(Buffer.concat([first.bytes, second.bytes]));
    expect(error).toMatchObject({
      code: "Z_DATA_ERROR",
      message: `bytes that start no gzip member follow the compressed data at offset ${gz.length - junk.length}, after 2 gzip members (${bytes.length} bytes inflated, all handed on; Python's gzip module also stops there, with BadGzipFile)`,
    });
  });

  it("delivers every record of a large file with junk appended, as CPython does (Node's gunzip lost the last 1 MiB step's)", async () => {
    // The measured case, smaller: appended pickles gzipped, 12 bytes of junk after them.
    const { texts: expected, bytes } = recordsFrom(0, 60_000);
    const path = join(dir, "appended-junk.pkl.gz");
    writeFileSync(path, Buffer.concat([gzipSync(bytes), Buffer.from("twelve bytes")]));
    const oracle = pythonReads(dir, ["appended-junk.pkl.gz"])["appended-junk.pkl.gz"]!;
    expect(oracle).toEqual({ bytes: bytes.length, records: 60_000, error: "BadGzipFile" });
    const { texts, error } = await readRecords(path);
    expect(texts.length).toBe(oracle.records);
    expect(texts).toEqual(expected);
    expect(error).toMatchObject({ code: "Z_DATA_ERROR", message: expect.stringMatching(/^bytes that start no gzip member follow the compressed data at offset \d+, after 1 gzip member /) });
  });

  it("names the file of a cut in a later member's header when piped through gunzipIfNeeded", async () => {
    const path = join(dir, "cut-in-name.gz");
    const gz = CASES.find((c) => c.name === "cut-in-name.gz")!.gz;
    const got: unknown[] = [];
    const sink = new Writable({
      objectMode: true,
      write(value: unknown, _encoding, callback) {
        got.push(value);
        callback();
      },
    });
    const error = await pipeline(createReadStream(path, { highWaterMark: 100 }), gunzipIfNeeded, new PickleParserStream(), sink).catch((thrown: unknown) => thrown);
    expect(got).toEqual(first.texts);
    expect(error).toBeInstanceOf(GzipCutError);
    expect((error as GzipCutError).file).toBe(path);
    expect((error as GzipCutError).compressedBytes).toBe(gz.length);
    expect((error as GzipCutError).inflatedBytes).toBe(first.bytes.length);
  });
});

describe("gzip members: the inflater's damage, the source's own errors, backpressure", () => {
  it("fails damaged deflate data with zlib's message and code, after the members before it", async () => {
    // A stored block header whose length and its complement disagree.
    const damaged = Buffer.concat([member(first.bytes), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 0x00, 0x05, 0x00, 0x05, 0x00, 1, 2, 3, 4, 5])]);
    for (const size of SIZES) {
      const { bytes, error } = await inflate(chunkSource(damaged, size));
      expect(bytes).toEqual(first.bytes);
      expect(error).toMatchObject({ code: "Z_DATA_ERROR", message: expect.stringMatching(/^invalid stored block lengths \(in the gzip member at offset \d+; \d+ bytes inflated before it\): the compressed data is damaged/) });
    }
  });

  it("passes the source's own error on as it is", async () => {
    const failure = new Error("disk on fire");
    async function* failing(): AsyncGenerator<Uint8Array, void, undefined> {
      yield good.subarray(0, 100);
      throw failure;
    }
    const { error } = await inflate(failing());
    expect(error).toBe(failure);
  });

  it("reads the source no further than the output asked for needs, and closes it when the reader stops", async () => {
    const { bytes } = recordsFrom(0, 200_000);
    const gz = gzipSync(bytes, { level: 1 });
    let pulled = 0;
    let isClosed = false;
    async function* source(): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        for (let at = 0; at < gz.length; at += 65536) {
          pulled++;
          yield gz.subarray(at, at + 65536);
        }
      } finally {
        isClosed = true;
      }
    }
    expect(gz.length).toBeGreaterThan(10 * 65536);
    for await (const _chunk of gunzipIfNeeded(source())) break;
    expect(pulled).toBeLessThanOrEqual(2);
    expect(isClosed).toBe(true);
  });

  describe("a zlib stream (Node's zlib-format inflater, which does not read on past its end)", () => {
    const zlibbed = deflateSync(first.bytes);
    it.each(SIZES)("over %s-byte chunks: NUL padding after it is read past, anything else fails after every byte", async (size) => {
      expect(await inflate(chunkSource(Buffer.concat([zlibbed, Buffer.alloc(9)]), size))).toEqual({ bytes: first.bytes, error: undefined });
      const { bytes, error } = await inflate(chunkSource(Buffer.concat([zlibbed, Buffer.alloc(2), junk]), size));
      expect(bytes).toEqual(first.bytes);
      expect(error).toMatchObject({
        code: "Z_DATA_ERROR",
        message: `bytes that are not NUL padding follow the zlib stream at offset ${zlibbed.length + 2}, after its end (${first.bytes.length} bytes inflated, all handed on)`,
      });
      const cut = await inflate(chunkSource(zlibbed.subarray(0, -2), size));
      expect(cut.bytes).toEqual(first.bytes);
      expect(cut.error).toBeInstanceOf(GzipCutError);
      expect((cut.error as GzipCutError).message).toMatch(/^the zlib data is cut short \(truncated\)/);
    });
  });
});
