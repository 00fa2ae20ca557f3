// Input compressed with bzip2, xz, legacy lzma or zstd (pandas' to_pickle("x.pkl.bz2"), joblib's
// compress="xz", pickle.dump into bz2.open) is read through the system's own tool, as gzip is
// through zlib: every record, in order, whatever the chunking; a cut or damaged file gives the
// records before the damage, then an error naming the file and the tool's message; a missing tool
// is said as such. CI installs the tools (.ci/run), so there these tests must run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dumps } from "@pkl-stream/core";
import { ToolDecompressError, picklesToJson, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { chunkSource } from "../helpers/chunks.js";
import { strRecord } from "../helpers/str-records.js";
import { makeTempDir } from "./python.js";

const COUNT = 20_000;
const records = Array.from({ length: COUNT }, (_, i) => strRecord(i));
const plain = Buffer.concat(records.map((r) => r.bytes));
const texts = records.map((r) => r.text);

/** How each compression is made here: the tool that reads it, compressing. */
const COMPRESSORS = {
  // 100 kB blocks (-1): a cut file then has whole blocks before the cut to give (bzip2 hands on
  // nothing of a block it cannot finish).
  bzip2: ["bzip2", "-c", "-1"],
  xz: ["xz", "-c"],
  lzma: ["xz", "--format=lzma", "-c"],
  zstd: ["zstd", "-c", "-q"],
} as const;
type Compression = keyof typeof COMPRESSORS;

function hasCommand(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

function compress(compression: Compression, bytes: Uint8Array): Buffer {
  const [command, ...args] = COMPRESSORS[compression];
  const result = spawnSync(command, args, { input: bytes, maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}


/** The records read from `source` and the error that ended it, if any. */
async function readAll(source: Parameters<typeof readPickles>[0]): Promise<{ got: unknown[]; failure: unknown }> {
  const got: unknown[] = [];
  let failure: unknown;
  try {
    for await (const value of readPickles(source as string)) got.push(value);
  } catch (error) {
    failure = error;
  }
  return { got, failure };
}

const isCi = process.env.CI === "true";

/** Child processes of this one running `command` (Linux's /proc; none found elsewhere). */
function childrenNamed(command: string): number[] {
  if (!existsSync("/proc/self/stat")) return [];
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === process.pid && comm === command && state !== "Z") found.push(Number(name));
    } catch {}
  }
  return found;
}

describe.each(Object.keys(COMPRESSORS) as Compression[])("%s input", (compression) => {
  const command = COMPRESSORS[compression][0];
  const isInstalled = hasCommand(command);
  const { dir, remove } = makeTempDir();
  afterAll(remove);

  it(`has ${command} installed where the suite must run whole (CI)`, () => {
    if (isCi) expect(isInstalled).toBe(true);
  });

  describe.runIf(isInstalled)(`with ${command} installed`, () => {
    const packed = compress(compression, plain);
    const path = join(dir, `records.${compression}`);
    writeFileSync(path, packed);

    it("gives every record of a file, in order", async () => {
      const { got, failure } = await readAll(path);
      expect(failure).toBeUndefined();
      expect(got).toEqual(texts);
    });

    it("gives every record whatever the chunking of the compressed bytes (1 and 7 bytes, 64 KiB)", async () => {
      const some = Buffer.concat(records.slice(0, 300).map((r) => r.bytes));
      const small = compress(compression, some);
      for (const size of [1, 7, 65536]) {
        const { got, failure } = await readAll(chunkSource(small, size) as never);
        expect(failure).toBeUndefined();
        expect(got).toEqual(texts.slice(0, 300));
      }
    });

    it("reads compressed streams one after the other (cat a b)", async () => {
      const first = compress(compression, Buffer.concat(records.slice(0, 100).map((r) => r.bytes)));
      const second = compress(compression, Buffer.concat(records.slice(100, 250).map((r) => r.bytes)));
      const joined = join(dir, `joined.${compression}`);
      writeFileSync(joined, Buffer.concat([first, second]));
      const { got, failure } = await readAll(joined);
      if (compression === "lzma") {
        // xz reads one legacy stream and calls what follows damaged, after the first stream's
        // records. CPython's lzma module reads both: a difference, said in the issue note.
        expect(got).toEqual(texts.slice(0, 100));
        expect(failure).toBeInstanceOf(ToolDecompressError);
        return;
      }
      expect(failure).toBeUndefined();
      expect(got).toEqual(texts.slice(0, 250));
    });

    it("gives the records before a cut, then an error naming the file and what the tool said", async () => {
      const cut = join(dir, `cut.${compression}`);
      writeFileSync(cut, packed.subarray(0, Math.floor(packed.length * 0.6)));
      const { got, failure } = await readAll(cut);
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBeLessThan(COUNT);
      expect(got).toEqual(texts.slice(0, got.length));
      expect(failure).toBeInstanceOf(ToolDecompressError);
      const error = failure as ToolDecompressError;
      expect(error.code).toBe("TOOL_FAILED");
      expect(error.compression).toBe(compression);
      expect(error.message).toContain(cut);
      expect(error.message).toMatch(new RegExp(`the ${compression} data is damaged or cut short: \`${command} [^\`]*\` failed \\(exit \\d+\\): .+`));
    });

    it("stops the tool when the reader stops early: no child process of it is left", async () => {
      let count = 0;
      for await (const _ of readPickles(path)) if (++count === 10) break;
      expect(count).toBe(10);
      for (let tries = 0; tries < 100 && childrenNamed(command).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(childrenNamed(command)).toEqual([]);
    });

    it("gives the entries of a cut file's root dict before the cut (emit: entries), then the error, and leaves no tool running", async () => {
      const dict = Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`k${i}`, `${"v".repeat(i % 50)}${i}`]));
      const some = compress(compression, dumps(dict, { protocol: 4 }));
      const cut = join(dir, `entries.${compression}`);
      writeFileSync(cut, some.subarray(0, Math.floor(some.length * 0.7)));
      const got: unknown[] = [];
      let failure: unknown;
      try {
        for await (const entry of readPickles(cut, { emit: "entries" })) got.push(entry);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(ToolDecompressError);
      expect(got.length).toBeLessThan(20000);
      if (compression !== "bzip2") expect(got.length).toBeGreaterThan(0);
      expect(childrenNamed(command)).toEqual([]);
    });

    it("writes NDJSON through the tape engine (picklesToJson), the same lines", async () => {
      const out: Buffer[] = [];
      for await (const bytes of picklesToJson(chunkSource(packed, 65536))) out.push(Buffer.from(bytes));
      const lines = Buffer.concat(out).toString("utf8").trimEnd().split("\n");
      expect(lines).toEqual(texts.map((text) => JSON.stringify(text)));
    });
  });
});

describe("a compressed input whose tool is not installed", () => {
  it("fails saying which command is missing and what to do, with code TOOL_MISSING", async () => {
    // bzip2's magic, then bytes no tool is run on: PATH names no folder.
    const bytes = Buffer.concat([Buffer.from("BZh91AY&SY"), Buffer.alloc(40, 7)]);
    const path = process.env.PATH;
    process.env.PATH = "";
    let outcome: Awaited<ReturnType<typeof readAll>>;
    try {
      outcome = await readAll(chunkSource(bytes, 1 << 20) as never);
    } finally {
      process.env.PATH = path;
    }
    expect(outcome.got).toEqual([]);
    expect(outcome.failure).toBeInstanceOf(ToolDecompressError);
    const error = outcome.failure as ToolDecompressError;
    expect(error.code).toBe("TOOL_MISSING");
    expect(error.message).toBe("this is bzip2 data, which pkl-stream reads through `bzip2 -dc`, and the bzip2 command is not installed: install it, or decompress the file first");
  });
});
