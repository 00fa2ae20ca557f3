import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TruncatedError } from "@pkl-stream/core";
import { pickleParser } from "@pkl-stream/stream";
import chain from "stream-chain";
import { none } from "stream-chain/defs.js";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, jsonOf, makeTempDir, writeRecords } from "./python.js";

/** Collects what a readable stream yields. */
async function collect(stream: AsyncIterable<unknown>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of stream) out.push(jsonOf(item));
  return out;
}

describe.runIf(hasPython)("pickleParser", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const path = join(dir, "appended.pkl");
  const expected = writeRecords(path, 120);
  const bytes = readFileSync(path);

  it("yields records from chunks and finishes when called with none", () => {
    const parse = pickleParser();
    const got: string[] = [];
    for (let at = 0; at < bytes.length; at += 33) {
      for (const record of parse(bytes.subarray(at, at + 33))) got.push(jsonOf(record));
    }
    for (const record of parse(none)) got.push(jsonOf(record));
    expect(got).toEqual(expected);
  });

  it("works as a stage of stream-chain's chain([...]) next to plain functions", async () => {
    const pipe = chain([createReadStream(path, { highWaterMark: 100 }), pickleParser({ metadata: true }), (info: { index: number; value: unknown }) => ({ index: info.index, json: jsonOf(info.value) })]);
    const got: { index: number; json: string }[] = [];
    for await (const item of pipe) got.push(item as { index: number; json: string });
    expect(got.map((item) => item.json)).toEqual(expected);
    expect(got.map((item) => item.index)).toEqual(expected.map((_, i) => i));
  });

  it("works in stream.pipeline through .asStream()", async () => {
    let got: string[] = [];
    await pipeline(createReadStream(path, { highWaterMark: 50 }), pickleParser.asStream(), async (records) => {
      got = await collect(records);
    });
    expect(got).toEqual(expected);
  });

  it("throws TruncatedError from the final flush after yielding every complete record", () => {
    const parse = pickleParser({ file: "cut.pkl" });
    const got: string[] = [];
    for (const record of parse(bytes.subarray(0, bytes.length - 2))) got.push(jsonOf(record));
    expect(got).toEqual(expected.slice(0, -1));
    expect(() => [...parse(none)]).toThrow(TruncatedError);
  });

  it("yields the records before a corrupt one, then throws", () => {
    const parse = pickleParser();
    const bad = Uint8Array.from(bytes);
    bad[bad.length - 1] = 0xff; // the last STOP
    const got: string[] = [];
    expect(() => {
      for (const record of parse(bad)) got.push(jsonOf(record));
    }).toThrow(/record 119/);
    expect(got).toEqual(expected.slice(0, -1));
  });

  it("refuses text chunks with a TypeError", () => {
    const parse = pickleParser();
    expect(() => [...parse("not bytes" as unknown as Uint8Array)]).toThrow(TypeError);
  });

  it("checks its options at the call", () => {
    expect(() => pickleParser({ metadata: "yes" as unknown as boolean })).toThrow(TypeError);
    expect(() => pickleParser({ emit: "rows" as unknown as "records" })).toThrow(TypeError);
    // @ts-expect-error the combination throws, and does not compile either
    expect(() => pickleParser({ emit: "entries", skipCorrupt: true })).toThrow(TypeError);
  });

  it("lets pipeline() close the source when the consumer stops early", async () => {
    const source = createReadStream(path, { highWaterMark: 64 });
    const got: string[] = [];
    const outcome = await pipeline(source, pickleParser.asStream(), async (records: AsyncIterable<unknown>) => {
      for await (const record of records) {
        got.push(jsonOf(record));
        if (got.length === 3) break;
      }
    }).catch((error: unknown) => error);
    // pipeline() reports the early stop as an AbortError while it tears the streams down.
    expect(outcome === undefined || (outcome as Error).name === "AbortError").toBe(true);
    expect(got).toEqual(expected.slice(0, 3));
    await new Promise((resolve) => (source.closed ? resolve(undefined) : source.once("close", () => resolve(undefined))));
    expect(source.destroyed).toBe(true);
  });

  it("keeps Readable.from sources and a Writable sink in one pipeline", async () => {
    const got: string[] = [];
    await pipeline(
      Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]),
      pickleParser.asStream(),
      new Writable({
        objectMode: true,
        write(record: unknown, _encoding, callback) {
          got.push(jsonOf(record));
          callback();
        },
      }),
    );
    expect(got).toEqual(expected);
  });
});
