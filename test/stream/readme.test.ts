// Runs every js example of packages/stream/README.md, as msgpack-javascript's readme test does,
// on files CPython writes: the file names in the examples are swapped for temporary paths.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { hasPython, makeTempDir, runPython } from "./python.js";

const readme = readFileSync(fileURLToPath(new URL("../../packages/stream/README.md", import.meta.url)), "utf8");
const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe.runIf(hasPython)("packages/stream/README.md", () => {
  const { dir, remove } = makeTempDir();
  // Examples import packages by name, so they must live under test/ to resolve them.
  const runDir = fileURLToPath(new URL(`./.readme-${process.pid}/`, import.meta.url));
  mkdirSync(runDir, { recursive: true });
  afterAll(() => {
    remove();
    rmSync(runDir, { recursive: true, force: true });
  });
  const files = {
    "events.pkl": join(dir, "events.pkl"),
    "events.ndjson": join(dir, "events.ndjson"),
    "profiles.pkl": join(dir, "profiles.pkl"),
    "profiles.ndjson": join(dir, "profiles.ndjson"),
    "merged.msgpack": join(dir, "merged.msgpack"),
    "merged.pkl": join(dir, "merged.pkl"),
    "shards/*.pkl": join(dir, "shards", "*.pkl"),
    "shards/*.pkl.gz": join(dir, "shards", "*.pkl.gz"),
  };
  mkdirSync(join(dir, "shards"), { recursive: true });
  runPython(
    `
import pickle, sys
with open(sys.argv[1], "wb") as f:
    for i in range(25):
        pickle.dump({"id": i, "user": "u%d" % i, "score": i * 0.5}, f, protocol=2 + i % 4)
with open(sys.argv[2], "wb") as f:
    pickle.dump({"user:%d" % i: {"active": i % 3 == 0} for i in range(3000)}, f, protocol=4)
`,
    [files["events.pkl"], files["profiles.pkl"]],
  );
  runPython(
    `
import gzip, pickle, sys
for n in range(3):
    with open(f"{sys.argv[1]}/shard-{n}.pkl", "wb") as f:
        pickle.dump({f"k{i}": {"n": n, "i": i} for i in range(n, n + 5)}, f, protocol=4)
with gzip.open(f"{sys.argv[1]}/shard-3.pkl.gz", "wb") as f:
    pickle.dump({"k9": {"n": 3}}, f, protocol=5)
`,
    [join(dir, "shards")],
  );

  it("has the examples this test expects", () => {
    expect(examples).toHaveLength(10);
  });

  it.each(examples.map((code, index) => [index, code] as const))("runs example %i", async (index, code) => {
    let source = code;
    for (const [name, path] of Object.entries(files)) source = source.replaceAll(`"${name}"`, JSON.stringify(path));
    const file = join(runDir, `example-${index}.mjs`);
    writeFileSync(file, source);
    const logged: unknown[][] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
    const outputs = [
      () => expect(logged).toHaveLength(25),
      () => {
        const lines = readFileSync(files["events.ndjson"], "utf8").split("\n");
        expect(lines).toHaveLength(26);
        expect(lines[0]).toBe('{"id":0,"user":"u0","score":0.0}');
      },
      () => {
        const lines = readFileSync(files["profiles.ndjson"], "utf8").split("\n");
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^\{"user:0":\{"active":true\},"user:1":\{"active":false\},/);
      },
      () => expect(readFileSync(files["events.ndjson"], "utf8").split("\n")).toHaveLength(26),
      () => expect(logged.map((args) => args[0])).toEqual(Array.from({ length: 25 }, (_, i) => `u${i}`)),
      () => {
        expect(logged).toHaveLength(25);
        expect(String(logged[24]![0])).toMatch(/events\.pkl #24 bytes \d+\.\.\d+:$/);
        expect(logged[24]![1]).toBe(24);
      },
      () => expect(logged).toEqual([[1000]]),
      () => expect(logged).toEqual([[25]]),
      () => {
        expect(logged).toEqual([]);
        expect(readFileSync(files["merged.msgpack"]).length).toBeGreaterThan(0);
      },
      // The merged dict of the example before, pickled from its msgpack: CPython reads it.
      () => expect(runPython("import pickle, sys\nd = pickle.load(open(sys.argv[1], 'rb'))\nprint(sorted(d), d['k9'])", [files["merged.pkl"]]).trim()).toBe("['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k9'] {'n': 3}"),
    ];
    outputs[index]!();
  });
});
