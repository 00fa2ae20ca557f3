// readPickles on a path reads large payloads straight into the decoder's memory (file-chunks.ts).
// The records must be what loads gives for the same bytes, whatever the chunk size, and a
// compressed file, a FIFO, a file cut inside a payload and a loop left early behave as before.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadAll, NdArray, PyByteArray, TruncatedError } from "@pkl-stream/core";
import { readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, makeTempDir, runPython } from "./python.js";

/** Appended records with numpy arrays, bytes and strs of 70 KB to 1.5 MB, at protocols 4 and 5. */
const WRITE_PY = `
import pickle, sys, numpy as np
with open(sys.argv[1], "wb") as f:
    for protocol in (4, 5):
        pickle.dump({"a": np.arange(200_000, dtype=np.float64) * 0.5, "b": np.arange(30_000, dtype=np.int32)}, f, protocol=protocol)
        pickle.dump([bytes(range(256)) * 6000, bytearray(b"xyz" * 40_000), "é€" * 100_000, "tail"], f, protocol=protocol)
        pickle.dump({"small": 1, "odd": np.arange(77_777, dtype=np.int16)}, f, protocol=protocol)
`;

async function readAll(path: string, options?: Parameters<typeof readPickles>[1]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const record of readPickles(path, options)) out.push(record);
  return out;
}

/** Records as comparable text: arrays by their elements, bytes by their hex. */
function textOf(records: unknown[]): string {
  return JSON.stringify(records, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `this[key]`: the value before JSON.stringify called a Buffer's toJSON.
    const raw = this[key];
    if (raw instanceof NdArray) return { shape: raw.shape, dtype: raw.dtype.str, data: Array.from(raw.data as ArrayLike<number>) };
    if (raw instanceof Uint8Array) return `${raw instanceof PyByteArray ? "bytearray" : "bytes"}:${Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString("hex")}`;
    return value;
  });
}

function openFds(): number {
  return readdirSync("/proc/self/fd").length;
}

describe.runIf(hasPython)("readPickles on a path: large payloads read in place", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const path = join(dir, "payloads.pkl");
  runPython(WRITE_PY, [path]);
  const bytes = readFileSync(path);
  const expected = textOf(loadAll(bytes));

  it.each([1000, 65_536, 256 * 1024, 4 << 20])("gives what loadAll gives, in reads of %i bytes", async (chunkBytes) => {
    expect(textOf(await readAll(path, { chunkBytes }))).toBe(expected);
  });

  it("gives the same from the gzipped file (inflated, so never read in place)", async () => {
    const gz = join(dir, "payloads.pkl.gz");
    writeFileSync(gz, gzipSync(bytes));
    expect(textOf(await readAll(gz))).toBe(expected);
  });

  it("gives the same from a FIFO, read as a stream", async () => {
    if (spawnSync("mkfifo", [join(dir, "fifo")]).status !== 0) return; // no mkfifo here: nothing to test
    const writer = spawn("sh", ["-c", `cat "${path}" > "${join(dir, "fifo")}"`]);
    const written = new Promise((resolve) => writer.once("close", resolve));
    const got = textOf(await readAll(join(dir, "fifo")));
    expect(await written).toBe(0);
    expect(got).toBe(expected);
  });

  it("names the file in the TruncatedError of a file cut inside a payload, after the records before it", async () => {
    const cut = join(dir, "cut.pkl");
    // Inside the first record's 1.6 MB float64 array.
    writeFileSync(cut, bytes.subarray(0, 1_000_000));
    const got: unknown[] = [];
    const failure = await (async () => {
      for await (const record of readPickles(cut)) got.push(record);
    })().catch((error: unknown) => error);
    expect(got).toEqual([]);
    expect(failure).toBeInstanceOf(TruncatedError);
    expect(failure).toMatchObject({ file: cut, recordIndex: 0 });
  });

  it.runIf(process.platform === "linux")("closes the file when the loop stops early, and when it ends", async () => {
    const before = openFds();
    for await (const _record of readPickles(path, { chunkBytes: 4096 })) break;
    expect(openFds()).toBe(before);
    await readAll(path);
    expect(openFds()).toBe(before);
  });
});
