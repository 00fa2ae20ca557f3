import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TruncatedError } from "@pkl-stream/core";
import { readPickles, scanMemoReads } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { hasPython, jsonOf, makeTempDir, runPython } from "./python.js";

/** Python that pickles `ROOT` to argv[1] at protocol argv[2] and prints its entries as JSON lines. */
function writeRoot(path: string, protocol: number, rootPy: string): string[] {
  const out = runPython(
    `
import pickle, json, sys
shared = {"shared": [1, 2, 3]}
${rootPy}
with open(sys.argv[1], "wb") as f:
    pickle.dump(ROOT, f, protocol=int(sys.argv[2]))
entries = [[k, v] for k, v in ROOT.items()] if isinstance(ROOT, dict) else ROOT
for e in entries: print(json.dumps(e, separators=(",", ":"), ensure_ascii=False))
`,
    [path, String(protocol)],
  );
  return out.split("\n").filter((line) => line.length > 0);
}

async function readEntries(source: string | NodeJS.ReadableStream, options: Parameters<typeof readPickles>[1] = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of readPickles(source, { ...options, emit: "entries" })) out.push(jsonOf(entry));
  return out;
}

describe.runIf(hasPython)("entries mode", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);

  it.each([0, 1, 2, 3, 4, 5])("yields a root dict's [key, value] pairs at protocol %i", async (protocol) => {
    const path = join(dir, `dict-${protocol}.pkl`);
    const expected = writeRoot(path, protocol, `ROOT = {"k%d" % i: {"i": i, "name": "n%d" % i} for i in range(2500)}`);
    expect(await readEntries(path)).toEqual(expected);
  });

  it.each([2, 4, 5])("yields a root list's items at protocol %i", async (protocol) => {
    const path = join(dir, `list-${protocol}.pkl`);
    const expected = writeRoot(path, protocol, `ROOT = [[i, "v%d" % i] for i in range(2500)]`);
    expect(await readEntries(path)).toEqual(expected);
  });

  it.each([2, 4, 5])("resolves memo references to entries already yielded, at protocol %i", async (protocol) => {
    const path = join(dir, `shared-${protocol}.pkl`);
    const expected = writeRoot(path, protocol, `ROOT = {"k%d" % i: (shared if i % 700 == 0 else [i, "s%d" % (i % 5)]) for i in range(3000)}`);
    // From a path: the first pass tells the decoder which memo entries are read back.
    expect(await readEntries(path)).toEqual(expected);
    // From a stream (no first pass): the decoder keeps the whole memo, same answer.
    expect(await readEntries(createReadStream(path, { highWaterMark: 999 }))).toEqual(expected);
  });

  it("yields the batches completed before a cut, then fails with TruncatedError for record 0", async () => {
    const path = join(dir, "cut-root.pkl");
    const expected = writeRoot(path, 4, `ROOT = {"k%d" % i: i for i in range(2500)}`);
    const bytes = readFileSync(path);
    const cut = join(dir, "cut-root-part.pkl");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    const got: string[] = [];
    const failure = await (async () => {
      for await (const entry of readPickles(cut, { emit: "entries" })) got.push(jsonOf(entry));
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TruncatedError);
    expect(failure).toMatchObject({ recordIndex: 0, file: cut });
    // Whole batches of 1000 only: the cut falls in the third.
    expect(got).toEqual(expected.slice(0, 2000));
  });

  it.each([0, 1, 2, 4])("finds exactly the memo indices pickletools sees GET opcodes read, at protocol %i", async (protocol) => {
    const path = join(dir, `gets-${protocol}.pkl`);
    writeRoot(path, protocol, `ROOT = {"k%d" % i: (shared if i % 300 == 0 else "s%d" % (i % 7)) for i in range(2000)}`);
    const fromPython = runPython(
      `
import pickletools, sys, json
reads = set()
with open(sys.argv[1], "rb") as f:
    for op, arg, pos in pickletools.genops(f):
        if op.name in ("GET", "BINGET", "LONG_BINGET"): reads.add(int(arg))
print(json.dumps(sorted(reads)))
`,
      [path],
    );
    const found = await scanMemoReads(createReadStream(path, { highWaterMark: 3 }));
    expect([...(found ?? [])].sort((a, b) => a - b)).toEqual(JSON.parse(fromPython));
  });
});
