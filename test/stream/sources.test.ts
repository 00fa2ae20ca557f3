import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { PickleError, TruncatedError } from "@pkl-stream/core";
import { type PickleSource, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, jsonOf, makeTempDir, runPython, writeRecords } from "./python.js";

async function readAll(source: PickleSource, options?: Parameters<typeof readPickles>[1]): Promise<string[]> {
  const out: string[] = [];
  for await (const record of readPickles(source, options)) out.push(jsonOf(record));
  return out;
}

describe.runIf(hasPython)("readPickles", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const path = join(dir, "appended.pkl");
  const expected = writeRecords(path, 90);
  const bytes = readFileSync(path);

  it("reads a path", async () => {
    expect(await readAll(path)).toEqual(expected);
  });

  it("reads a file URL", async () => {
    expect(await readAll(pathToFileURL(path))).toEqual(expected);
  });

  it("reads a Node Readable", async () => {
    expect(await readAll(createReadStream(path, { highWaterMark: 17 }))).toEqual(expected);
  });

  it("reads an AsyncIterable<Uint8Array> whose chunks are views with a byteOffset", async () => {
    async function* views(): AsyncGenerator<Uint8Array> {
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes, 5);
      for (let at = 0; at < bytes.length; at += 41) yield padded.subarray(5 + at, 5 + Math.min(at + 41, bytes.length));
    }
    expect(await readAll(views())).toEqual(expected);
  });

  it("reads a web ReadableStream", async () => {
    let at = 0;
    const web = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) controller.close();
        else controller.enqueue(bytes.slice(at, (at += 29)));
      },
    });
    expect(await readAll(web)).toEqual(expected);
  });

  it("gunzips a gzip file written by Python's gzip module (the mnist.pkl.gz case)", async () => {
    const gz = join(dir, "dataset.pkl.gz");
    const out = runPython(
      `
import gzip, pickle, json, sys
data = ([[i * 0.5 for i in range(20)], list(range(20))], {"name": "mnist-like", "n": 20})
with gzip.open(sys.argv[1], "wb") as f:
    pickle.dump(data, f, protocol=2)
print(json.dumps(data, separators=(",", ":")))
`,
      [gz],
    );
    const [record] = await readAll(gz, { wrapIntegralFloats: false });
    expect(JSON.parse(record!)).toEqual(JSON.parse(out));
  });

  it("gunzips concatenated gzip members as one stream of records", async () => {
    const half = Math.floor(bytes.length / 2);
    const twoMembers = Buffer.concat([gzipSync(bytes.subarray(0, half)), gzipSync(bytes.subarray(half))]);
    expect(await readAll(Readable.from([twoMembers.subarray(0, 1), twoMembers.subarray(1)]))).toEqual(expected);
  });

  it("ignores NUL padding after the last gzip member, as Python's gzip does", async () => {
    const padded = Buffer.concat([gzipSync(bytes), Buffer.alloc(512)]);
    expect(await readAll(Readable.from([padded.subarray(0, 7), padded.subarray(7)]))).toEqual(expected);
  });

  it("reads a gzip member after NUL padding, as Python's gzip does", async () => {
    const half = Math.floor(bytes.length / 2);
    const padded = Buffer.concat([gzipSync(bytes.subarray(0, half)), Buffer.alloc(8), gzipSync(bytes.subarray(half))]);
    expect(await readAll(Readable.from([padded]))).toEqual(expected);
  });

  it("fails on bytes after a gzip member that are not gzip, after every record before them, saying where", async () => {
    const trailing = Buffer.concat([gzipSync(bytes), Buffer.from("garbage!!")]);
    const got: string[] = [];
    let failure: unknown;
    try {
      for await (const record of readPickles(Readable.from([trailing]))) got.push(jsonOf(record));
    } catch (error) {
      failure = error;
    }
    expect(got).toEqual(expected);
    expect(failure).toMatchObject({
      code: "Z_DATA_ERROR",
      message: expect.stringMatching(/^bytes that start no gzip member follow the compressed data at offset \d+, after 1 gzip member/),
    });
  });

  it("reads gzip bytes as a pickle when detectGzip is false (and fails on them)", async () => {
    const gz = gzipSync(bytes);
    await expect(readAll(Readable.from([gz]), { detectGzip: false })).rejects.toBeInstanceOf(PickleError);
  });

  it("closes the file when the loop stops early", async () => {
    const source = createReadStream(path, { highWaterMark: 64 });
    const got: string[] = [];
    for await (const record of readPickles(source)) {
      got.push(jsonOf(record));
      if (got.length === 3) break;
    }
    expect(got).toEqual(expected.slice(0, 3));
    expect(source.destroyed).toBe(true);
    await new Promise((resolve) => (source.closed ? resolve(undefined) : source.once("close", () => resolve(undefined))));
  });

  it("cancels a web ReadableStream when the loop stops early", async () => {
    let isCancelled = false;
    let at = 0;
    const web = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(bytes.slice(at % bytes.length, (at % bytes.length) + 50));
        at += 50;
      },
      cancel() {
        isCancelled = true;
      },
    });
    for await (const _record of readPickles(web)) break;
    expect(isCancelled).toBe(true);
  });

  it("names the file in the TruncatedError of a cut path, after every complete record", async () => {
    const cut = join(dir, "cut.pkl");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 3));
    const got: string[] = [];
    const failure = await (async () => {
      for await (const record of readPickles(cut)) got.push(jsonOf(record));
    })().catch((error: unknown) => error);
    expect(got).toEqual(expected.slice(0, -1));
    expect(failure).toBeInstanceOf(TruncatedError);
    expect(failure).toMatchObject({ file: cut, recordIndex: expected.length - 1 });
    expect((failure as Error).message.startsWith(`${cut}: record ${expected.length - 1} at byte `)).toBe(true);
  });

  it("names the file an fs read stream was opened on in a cut record's error and in metadata, as for the path", async () => {
    const cut = join(dir, "cut-stream.pkl");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 3));
    const failure = await (async () => {
      for await (const _record of readPickles(createReadStream(cut, { highWaterMark: 64 }))) {
        // every record before the cut
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TruncatedError);
    expect(failure).toMatchObject({ file: cut, recordIndex: expected.length - 1 });
    expect((failure as Error).message.startsWith(`${cut}: record ${expected.length - 1} at byte `)).toBe(true);
    const infos = [];
    for await (const info of readPickles(createReadStream(path), { metadata: true })) infos.push(info);
    expect(infos.map((info) => info.file)).toEqual(expected.map(() => path));
    // The caller's own name wins.
    const named = [];
    for await (const info of readPickles(createReadStream(path), { metadata: true, file: "data.pkl" })) named.push(info.file);
    expect(new Set(named)).toEqual(new Set(["data.pkl"]));
  });

  it("gives metadata with the path as file", async () => {
    const infos = [];
    for await (const info of readPickles(path, { metadata: true })) infos.push(info);
    expect(infos.map((info) => jsonOf(info.value))).toEqual(expected);
    expect(infos.every((info) => info.file === path)).toBe(true);
    expect(infos[0]!.offset).toBe(0);
    expect(infos.at(-1)!.offset + infos.at(-1)!.length).toBe(bytes.length);
  });

  it("yields nothing for empty input", async () => {
    expect(await readAll(Readable.from([]))).toEqual([]);
  });

  it("checks its arguments at the call, before reading", () => {
    expect(() => readPickles(42 as unknown as string)).toThrow(TypeError);
    expect(() => readPickles(path, { chunkBytes: 0 })).toThrow(RangeError);
    expect(() => readPickles(path, { skipCorrupt: 1 as unknown as boolean })).toThrow(TypeError);
    // @ts-expect-error the combination throws, and does not compile either
    expect(() => readPickles(path, { emit: "entries", metadata: true })).toThrow(TypeError);
  });
});
