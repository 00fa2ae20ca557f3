import { createReadStream, createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Transform, Writable, pipeline as pipelineCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TruncatedError } from "@pkl-stream/core";
import { type CorruptSpan, NdjsonWriter, PickleParserStream, type PickleRecordInfo } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, jsonOf, makeTempDir, recordOffsets, runPython, writeRecords } from "./python.js";

/** A Readable over `bytes` in chunks of `size`, counting the bytes it handed out. */
function countingSource(bytes: Uint8Array, size: number): Readable & { handedOut: number } {
  let at = 0;
  const source = new Readable({
    highWaterMark: size,
    read() {
      if (at >= bytes.length) {
        this.push(null);
        return;
      }
      const chunk = bytes.subarray(at, at + size);
      at += chunk.length;
      source.handedOut = at;
      this.push(chunk);
    },
  }) as Readable & { handedOut: number };
  source.handedOut = 0;
  return source;
}

/** Collects a parser's records through pipeline(). */
async function parseAll(source: Readable, parser: PickleParserStream<{ metadata: true; skipCorrupt?: boolean }>): Promise<PickleRecordInfo[]> {
  const records: PickleRecordInfo[] = [];
  await pipeline(source, parser, async (records$: AsyncIterable<PickleRecordInfo>) => {
    for await (const record of records$) records.push(record);
  });
  return records;
}

describe.runIf(hasPython)("PickleParserStream", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const path = join(dir, "appended.pkl");
  const expected = writeRecords(path, 300);
  const bytes = readFileSync(path);

  it.each([1, 7, 4096, 1 << 20])("yields the records pickle.load reads, in %i-byte chunks", async (size) => {
    const got: string[] = [];
    await pipeline(createReadStream(path, { highWaterMark: size }), new PickleParserStream(), async (records) => {
      for await (const record of records) got.push(jsonOf(record));
    });
    expect(got).toEqual(expected);
  });

  it("refuses text (a read stream opened with an encoding) saying so, not as bytes that fail as opcodes", async () => {
    const failure = await pipeline(createReadStream(path, { encoding: "latin1" }), new PickleParserStream(), async (records) => {
      for await (const _record of records);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe("Expected a pickle chunk to be a Uint8Array or Buffer, got string");
  });

  it("runs in stream.pipeline from fs.createReadStream to an NDJSON file equal to CPython's", async () => {
    const out = join(dir, "out.ndjson");
    const toLine = new Transform({
      writableObjectMode: true,
      transform(record: unknown, _encoding, callback) {
        callback(null, `${jsonOf(record)}\n`);
      },
    });
    await pipeline(createReadStream(path), new PickleParserStream(), toLine, createWriteStream(out));
    expect(readFileSync(out, "utf8")).toBe(`${expected.join("\n")}\n`);
  });

  it("feeds the NDJSON writer: file -> parser -> NdjsonWriter -> file equals CPython's pickle.load loop", async () => {
    const out = join(dir, "writer.ndjson");
    await pipeline(
      createReadStream(path, { highWaterMark: 1000 }),
      new PickleParserStream({ metadata: true, wrapIntegralFloats: true }),
      new NdjsonWriter({ input: "records" }),
      createWriteStream(out),
    );
    expect(readFileSync(out, "utf8")).toBe(`${expected.join("\n")}\n`);
  });

  it("gives each record's offset and length as CPython's f.tell() sees them", async () => {
    const starts = recordOffsets(path);
    const records = await parseAll(createReadStream(path, { highWaterMark: 100 }), new PickleParserStream({ metadata: true, file: path }));
    expect(records.map((r) => r.offset)).toEqual(starts.slice(0, -1));
    expect(records.map((r) => r.offset + r.length)).toEqual(starts.slice(1));
    expect(records.map((r) => r.index)).toEqual(expected.map((_, i) => i));
    expect(new Set(records.map((r) => r.file))).toEqual(new Set([path]));
  });

  it("stops pulling from its source while nobody reads its records", async () => {
    const source = countingSource(bytes, 256);
    const parser = pipelineCallback(source, new PickleParserStream({ readableHighWaterMark: 4, writableHighWaterMark: 256 }), () => {});
    await new Promise<void>((resolve) => parser.once("readable", resolve));
    const first: unknown = parser.read();
    // Let every pending read and transform run; nothing consumes the records meanwhile.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(jsonOf(first)).toBe(expected[0]);
    expect(source.handedOut).toBeLessThan(bytes.length / 4);
    // Reading on resumes the flow and delivers everything.
    const rest: string[] = [];
    for await (const record of parser) rest.push(jsonOf(record));
    expect(rest).toEqual(expected.slice(1));
    expect(source.handedOut).toBe(bytes.length);
  });

  it("ends with a TruncatedError naming file, record index and offset after every complete record", async () => {
    const starts = recordOffsets(path);
    const cutAt = starts[200]! + Math.floor((starts[201]! - starts[200]!) / 2);
    const cut = join(dir, "cut.pkl");
    writeFileSync(cut, bytes.subarray(0, cutAt));
    const got: string[] = [];
    const failure = await pipeline(createReadStream(cut, { highWaterMark: 64 }), new PickleParserStream({ file: cut }), async (records) => {
      for await (const record of records) got.push(jsonOf(record));
    }).catch((error: unknown) => error);
    expect(got).toEqual(expected.slice(0, 200));
    expect(failure).toBeInstanceOf(TruncatedError);
    const error = failure as TruncatedError & { file?: string };
    expect(error.recordIndex).toBe(200);
    expect(error.offset).toBeGreaterThanOrEqual(starts[200]!);
    expect(error.offset).toBeLessThanOrEqual(cutAt);
    expect(error.file).toBe(cut);
    expect(error.message).toContain(cut);
    expect(error.message).toContain("record 200");
  });

  it("fails on a corrupt record in the middle after delivering the records before it", async () => {
    const starts = recordOffsets(path);
    const bad = Uint8Array.from(bytes);
    bad[starts[120]!] = 0xff; // no opcode is 0xff
    const got: string[] = [];
    const failure = await pipeline(Readable.from([bad]), new PickleParserStream(), async (records) => {
      for await (const record of records) got.push(jsonOf(record));
    }).catch((error: unknown) => error);
    expect(got).toEqual(expected.slice(0, 120));
    expect(failure).toMatchObject({ name: "PickleError", code: "UNKNOWN_OPCODE", recordIndex: 120, offset: starts[120] });
  });

  it("emits 'corrupt' with the bad span and goes on with skipCorrupt", async () => {
    const starts = recordOffsets(path);
    const bad = Uint8Array.from(bytes);
    bad[starts[51]! - 1] = 0xff; // record 50's STOP
    const spans: CorruptSpan[] = [];
    const parser = new PickleParserStream({ metadata: true, skipCorrupt: true });
    parser.on("corrupt", (span: CorruptSpan) => spans.push(span));
    const records = await parseAll(countingSource(bad, 100), parser);
    expect(records.map((r) => jsonOf(r.value))).toEqual([...expected.slice(0, 50), ...expected.slice(51)]);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ offset: starts[50], length: starts[51]! - starts[50]!, code: "UNKNOWN_OPCODE" });
    expect(spans[0]!.reason).toContain("0xff");
  });

  it("closes when destroyed while a failure waits for its records to be read", async () => {
    const bad = Uint8Array.from(bytes);
    bad[bad.length - 1] = 0xff;
    const parser = new PickleParserStream();
    parser.end(bad);
    await new Promise<void>((resolve) => parser.once("readable", () => resolve()));
    expect(jsonOf(parser.read())).toBe(expected[0]);
    const closed = new Promise<void>((resolve) => parser.once("close", () => resolve()));
    parser.destroy();
    await closed;
    expect(parser.destroyed).toBe(true);
  });

  it("yields a root dict's entries with emit: entries", async () => {
    const got: unknown[] = [];
    const root = join(dir, "root.pkl");
    writeFileSync(root, Buffer.from(runPython(`import pickle,sys; sys.stdout.write(pickle.dumps({"k%d" % i: i for i in range(2500)}, protocol=4).hex())`), "hex"));
    await pipeline(createReadStream(root, { highWaterMark: 500 }), new PickleParserStream({ emit: "entries" }), async (entries: AsyncIterable<unknown>) => {
      for await (const entry of entries) got.push(entry);
    });
    expect(got).toHaveLength(2500);
    expect(got[2499]).toEqual(["k2499", 2499]);
  });

  it("releases its source and leaves no pending work when destroyed mid-way", async () => {
    const source = createReadStream(path, { highWaterMark: 128 });
    const parser = new PickleParserStream();
    const taken: string[] = [];
    const head = new Writable({
      objectMode: true,
      write(record: unknown, _encoding, callback) {
        taken.push(jsonOf(record));
        if (taken.length === 3) parser.destroy();
        callback();
      },
    });
    const failure = await pipeline(source, parser, head).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
    expect(taken).toEqual(expected.slice(0, 3));
    expect(parser.destroyed).toBe(true);
    expect(source.destroyed).toBe(true);
    await new Promise((resolve) => source.once("close", () => resolve(undefined)).closed && resolve(undefined));
    expect(source.closed).toBe(true);
  });
});
