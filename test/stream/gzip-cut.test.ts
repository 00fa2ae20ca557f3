// A gzip input cut short (zlib's Z_BUF_ERROR "unexpected end of file"): every record inflated
// before the cut comes out first, then an error as clear as a cut plain pickle's: the file, that
// the gzip data is cut, and (where records are read) a TruncatedError at the record it cut.
import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { type PickleError, TruncatedError } from "@pkl-stream/core";
import { GzipCutError, gunzipIfNeeded, PickleParserStream, picklesToJson, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { strRecord } from "../helpers/str-records.js";
import { makeTempDir } from "./python.js";

const COUNT = 20_000;
const records = Array.from({ length: COUNT }, (_, i) => strRecord(i));
const plain = Buffer.concat(records.map((r) => r.bytes));
const gz = gzipSync(plain);
// Cut in the middle of the compressed bytes.
const cut = gz.subarray(0, Math.floor(gz.length / 2));
/** What can be inflated from the cut file (what Python's gzip module recovers). */
const inflatable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).length;
/** Records complete within it. */
let complete = 0;
for (let end = 0; complete < COUNT && (end += records[complete]!.bytes.length) <= inflatable; ) complete++;
const texts = records.slice(0, complete).map((r) => r.text);

describe("a gzip file cut short", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const path = join(dir, "cut.pkl.gz");
  writeFileSync(path, cut);

  it("has records before the cut and a record cut by it (the test's premise)", () => {
    expect(complete).toBeGreaterThan(1000);
    expect(complete).toBeLessThan(COUNT);
  });

  it("readPickles(path): every record before the cut, then a TruncatedError naming the file and the cut", async () => {
    const got: unknown[] = [];
    let failure: unknown;
    try {
      for await (const value of readPickles(path)) got.push(value);
    } catch (error) {
      failure = error;
    }
    expect(got).toEqual(texts);
    expect(failure).toBeInstanceOf(TruncatedError);
    const error = failure as TruncatedError & { file?: string };
    expect(error.code).toBe("TRUNCATED");
    expect(error.recordIndex).toBe(complete);
    expect(error.offset).toBe(inflatable);
    expect(error.file).toBe(path);
    expect(error.message).toBe(
      `${path}: record ${complete} at byte ${inflatable}: the gzip data is cut short (truncated): the compressed input ended after ${cut.length} bytes, inside a gzip member (${inflatable} bytes inflated before it; zlib: unexpected end of file)`,
    );
    expect(error.cause).toBeInstanceOf(GzipCutError);
  });

  it("readPickles(fs stream) with metadata: the same, the file named from the stream's path", async () => {
    let count = 0;
    const error = await (async () => {
      for await (const info of readPickles(createReadStream(path, { highWaterMark: 1000 }), { metadata: true })) {
        expect(info.index).toBe(count++);
      }
    })().catch((thrown: unknown) => thrown);
    expect(count).toBe(complete);
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as PickleError).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: record ${complete} at byte ${inflatable}: the gzip data is cut short`));
  });

  it.each([100, 1000, 4096])("readPickles over %i-byte chunks that come at once: every record before the cut (none lost with zlib's last step)", async (size) => {
    // Chunks queued faster than zlib inflates them: the last one used to be inflated in the
    // failing final step, and Node drops what a failing step inflated.
    async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
      for (let at = 0; at < cut.length; at += size) yield cut.subarray(at, at + size);
    }
    const got: unknown[] = [];
    const error = await (async () => {
      for await (const value of readPickles(chunks())) got.push(value);
    })().catch((thrown: unknown) => thrown);
    expect(got).toEqual(texts);
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as TruncatedError).offset).toBe(inflatable);
  });

  it("readPickles in entries mode with the memo scan still delivers what comes before the cut", async () => {
    // A root list of the records' texts, as pickle writes one (PROTO, EMPTY_LIST, then MARK, 100
    // items, APPENDS for each batch, STOP): its items come out batch by batch.
    const parts: Uint8Array[] = [Buffer.from([0x80, 2, 0x5d])];
    for (let i = 0; i < COUNT; i += 100) {
      parts.push(Buffer.from([0x28]), ...records.slice(i, i + 100).map((r) => r.bytes.subarray(2, -1)), Buffer.from([0x65]));
    }
    const items = Buffer.concat([...parts, Buffer.from([0x2e])]);
    const listGz = gzipSync(items);
    const listPath = join(dir, "list.pkl.gz");
    writeFileSync(listPath, listGz.subarray(0, Math.floor(listGz.length / 2)));
    let count = 0;
    const error = await (async () => {
      for await (const _item of readPickles(listPath, { emit: "entries" })) count++;
    })().catch((thrown: unknown) => thrown);
    expect(count).toBeGreaterThan(1000);
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as Error).message).toContain(`${listPath}: record `);
    expect((error as Error).message).toContain("the gzip data is cut short (truncated)");
  });

  it("pipeline(fs stream, gunzipIfNeeded, PickleParserStream): every record, then a GzipCutError naming the file", async () => {
    const got: unknown[] = [];
    const sink = new Writable({
      objectMode: true,
      write(value: unknown, _encoding, callback) {
        got.push(value);
        callback();
      },
    });
    const error = await pipeline(createReadStream(path), gunzipIfNeeded, new PickleParserStream(), sink).catch((thrown: unknown) => thrown);
    expect(got).toEqual(texts);
    expect(error).toBeInstanceOf(GzipCutError);
    const cutError = error as GzipCutError;
    expect(cutError.code).toBe("Z_BUF_ERROR");
    expect(cutError.file).toBe(path);
    expect(cutError.inflatedBytes).toBe(inflatable);
    expect(cutError.compressedBytes).toBe(cut.length);
    expect(cutError.message).toBe(
      `${path}: the gzip data is cut short (truncated): the compressed input ended after ${cut.length} bytes, inside a gzip member (${inflatable} bytes inflated before it; zlib: unexpected end of file)`,
    );
  });

  it("picklesToJson: every record's line, then a TruncatedError with the file", async () => {
    const lines: string[] = [];
    const error = await (async () => {
      for await (const chunk of picklesToJson(createReadStream(path), { file: "cut.pkl.gz" })) lines.push(Buffer.from(chunk).toString("utf8"));
    })().catch((thrown: unknown) => thrown);
    expect(lines.join("").split("\n").filter((line) => line !== "")).toEqual(texts.map((text) => JSON.stringify(text)));
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as Error).message).toMatch(new RegExp(`^cut\\.pkl\\.gz: record ${complete} at byte ${inflatable}: the gzip data is cut short`));
  });

  it("a cut inside the gzip header: no records, the same error", async () => {
    const headPath = join(dir, "head.pkl.gz");
    writeFileSync(headPath, gz.subarray(0, 5));
    const error = await (async () => {
      for await (const _value of readPickles(headPath)) throw new Error("no record expected");
    })().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as Error).message).toBe(
      `${headPath}: record 0 at byte 0: the gzip data is cut short (truncated): the compressed input ended after 5 bytes, inside a gzip member (0 bytes inflated before it; zlib: unexpected end of file)`,
    );
  });
});
