// The deep merge's tree (merge-tree.ts) keeps a dict value met once as it came (its segment rows,
// or its bytes when the transcoder kept it whole) and makes a MergeNode only for a key given a
// dict twice: one node (with its own index table) per
// nested dict made the bench's 8 shards of 5.8M keys -> small dicts need more than 24 GB. These
// tests pin that shape (nodes per key given a dict twice, small nodes without an index) and the
// output, against CPython's recursive merge, from the transcoder's rows and ShardEncoder's both.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PyValue, dumps, loadAll } from "@pkl-stream/core";
import fc from "fast-check";
import { Unpackr } from "msgpackr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ByteBatch } from "../../../packages/stream/src/merge/byte-batch.js";
import { emitTree } from "../../../packages/stream/src/merge/emit.js";
import { MergeNode, MergeTree, SlotArena } from "../../../packages/stream/src/merge/merge-tree.js";
import type { MergeFormat } from "../../../packages/stream/src/merge/output-format.js";
import { type Segment, SegmentBuilder } from "../../../packages/stream/src/merge/segment.js";
import { ShardEncoder } from "../../../packages/stream/src/merge/shard-encoder.js";
import { NotTranscodable } from "../../../packages/stream/src/merge/transcode/pickle-to-msgpack.js";
import { transcodeShard } from "../../../packages/stream/src/merge/transcode/transcode-shard.js";
import { hasPython, makeTempDir, runPython } from "../python.js";
import { cpythonMerge } from "./merge-oracle.js";

const BUDGET = 1 << 30;
const SHARDS = 4;
const PER_SHARD = 3000;

// Shard s: PER_SHARD keys -> small dicts (the bench's shape, a dict nested in each), a tenth of
// them repeating keys of the shard before with other dicts (some keys the same, some new), and
// odd cases: a dict replaced by an int and back, a dict of 20 keys, one of 5,000 keys met twice,
// a dict in a dict in a dict met in every shard, big dicts met once.
const SHARDS_PY = `
import os, pickle, random, sys
out, shards, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repeats = 0
for s in range(shards):
    rng = random.Random(s)
    d = {}
    for i in range(per):
        d["u%d:%05d" % (s, i)] = {"id": i, "name": "n%d" % i, "tags": ["a", "b"][: i % 3], "inner": {"s": s, "i%d" % (i % 4): i}}
    if s > 0:
        for i in rng.sample(range(per), per // 10):
            d["u%d:%05d" % (s - 1, i)] = {"id": -i, "extra%d" % s: True, "inner": {"s": -s, "j": 1.5}}
            repeats += 1
    d["flip"] = 7 if s % 2 else {"was": s}
    d["wide"] = {"w%02d" % k: k * s for k in range(20)}
    d["big"] = {"b%04d" % k: (k, s) for k in range(5000) if k % (s + 1) == 0}
    d["tower"] = {"a": {"b": {"s%d" % s: s, "all": s}}}
    # Met once, too big to be written from its rows: written through a MergeNode made then.
    d["solo%d" % s] = {"w%02d" % k: {"k": k} for k in range(20)}
    if s == 0:
        d["huge"] = {"h%04d" % k: [k] for k in range(5000)}
    with open(os.path.join(out, "shard-%02d.pkl" % s), "wb") as f:
        pickle.dump(d, f, protocol=4)
print(repeats)
`;

type RowsOf = (bytes: Uint8Array, format: MergeFormat) => Segment;

/** The transcoder's rows (core's driver; for JSON converted in the worker): what a worker makes of a protocol 2+ file. */
const driverRows: RowsOf = (bytes, format) => transcodeShard(bytes, { format, isDeep: true, maxOutputBytes: BUDGET }).segment;

/** ShardEncoder's rows from decoded records: the general path. */
const encoderRows: RowsOf = (bytes, format) => {
  const encoder = new ShardEncoder({ format, isDeep: true, maxOutputBytes: BUDGET });
  let index = 0;
  for (const record of loadAll(bytes, { dict: "map", wrapIntegralFloats: true })) {
    const recordIndex = index++;
    encoder.addRecord(record, recordIndex, () => `record ${recordIndex}`);
  }
  return encoder.finish();
};

async function emitted(tree: MergeTree, format: MergeFormat): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await emitTree(tree, format, new ByteBatch(4096, async (chunk) => void chunks.push(Buffer.from(chunk))));
  return Buffer.concat(chunks);
}

/** MergeNodes under `node`, itself not counted. */
function nodesUnder(node: MergeNode): number {
  let count = 0;
  for (let slot = 0; slot < node.size; slot++) {
    const child = node.childAt(slot);
    if (child !== undefined) count += 1 + nodesUnder(child);
  }
  return count;
}

describe.runIf(hasPython)("a deep merge's tree", () => {
  const temp = makeTempDir();
  const paths = Array.from({ length: SHARDS }, (_, s) => join(temp.dir, `shard-0${s}.pkl`));
  let repeats = 0;
  let expectedJson = "";

  beforeAll(() => {
    repeats = Number(runPython(SHARDS_PY, [temp.dir, String(SHARDS), String(PER_SHARD)]).trim());
    expectedJson = cpythonMerge("deep", paths);
  });
  afterAll(() => temp.remove());

  function treeOf(format: MergeFormat, rowsOf: RowsOf): MergeTree {
    const tree = new MergeTree("deep", format);
    for (const path of paths) tree.add(rowsOf(readFileSync(path), format), path);
    return tree;
  }

  for (const [label, rowsOf] of [
    ["the transcoder's", driverRows],
    ["ShardEncoder's", encoderRows],
  ] as const) {
    it(`makes a node only for each key given a dict twice, not one per nested dict (${label} rows)`, () => {
      const tree = treeOf("msgpack", rowsOf);
      // Keys: PER_SHARD per shard plus flip, wide, big, tower, solo<s> and huge.
      expect(tree.root.size).toBe(SHARDS * PER_SHARD + 5 + SHARDS);
      // Each repeated key (its dict and "inner" in it), wide, big, tower and its "a" and "b".
      expect(nodesUnder(tree.root)).toBe(2 * repeats + 5);
    });

    it(`writes CPython's recursive merge to JSON (${label} rows)`, async () => {
      expect((await emitted(treeOf("json", rowsOf), "json")).toString("utf8").trimEnd()).toBe(expectedJson);
    });

    it(`writes CPython's recursive merge to msgpack (${label} rows)`, async () => {
      const unpacked = new Unpackr({ useRecords: false, mapsAsObjects: true }).unpack(await emitted(treeOf("msgpack", rowsOf), "msgpack"));
      // Tuples are msgpack arrays, as JSON's: the same JSON text.
      expect(JSON.stringify(unpacked)).toBe(expectedJson);
    });
  }

  it("merges shards whose dicts are kept whole (the transcoder's) with shards laid out as rows (ShardEncoder's), in either order", async () => {
    for (const first of [0, 1]) {
      const tree = new MergeTree("deep", "msgpack");
      for (const [s, path] of paths.entries()) tree.add((s % 2 === first ? driverRows : encoderRows)(readFileSync(path), "msgpack"), path);
      expect(nodesUnder(tree.root)).toBe(2 * repeats + 5);
      const unpacked = new Unpackr({ useRecords: false, mapsAsObjects: true }).unpack(await emitted(tree, "msgpack"));
      expect(JSON.stringify(unpacked)).toBe(expectedJson);
      const jsonTree = new MergeTree("deep", "json");
      for (const [s, path] of paths.entries()) jsonTree.add((s % 2 === first ? driverRows : encoderRows)(readFileSync(path), "json"), path);
      expect(nodesUnder(jsonTree.root)).toBe(2 * repeats + 5);
      expect(await json(jsonTree)).toBe(expectedJson);
    }
  });

  it("writes the same msgpack, JSON and NDJSON bytes from the transcoder's rows and ShardEncoder's", async () => {
    for (const format of ["msgpack", "json", "ndjson"] as const) {
      const [fromDriver, fromEncoder] = await Promise.all([emitted(treeOf(format, driverRows), format), emitted(treeOf(format, encoderRows), format)]);
      expect(fromDriver.equals(fromEncoder), format).toBe(true);
    }
  });
});

/** Rows of one record by hand: [depth, key, value | null (a dict: its entries follow one level down)]. */
function handRows(entries: ReadonlyArray<readonly [number, string, string | null]>): Segment {
  const builder = new SegmentBuilder();
  builder.beginRecord();
  for (const [depth, key, value] of entries) {
    const keyStart = builder.appendText(JSON.stringify(key));
    const keyEnd = builder.offset;
    if (value !== null) builder.appendText(value);
    builder.addEntry(depth, value === null, keyStart, keyEnd, keyStart, keyEnd, builder.offset);
  }
  return builder.finish();
}

async function json(tree: MergeTree): Promise<string> {
  return (await emitted(tree, "json")).toString("utf8").trimEnd();
}

describe("a deep merge's tree on random shards", () => {
  it("writes the same msgpack, JSON and NDJSON from dicts kept whole (the transcoder's) as from dicts laid out as rows (ShardEncoder's), and from a mix of the two (property)", async () => {
    // Few key names, so keys meet again at every depth: dict into dict, dict over a value and back,
    // empty dicts; an int key now and then lays its dict out as rows even in the transcoder.
    const key = fc.oneof({ weight: 9, arbitrary: fc.constantFrom("a", "b", "c", "d") }, { weight: 1, arbitrary: fc.constantFrom<PyValue>(1, 2) });
    const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 5 }), fc.constantFrom("x", "y"), fc.double({ noNaN: true })),
        fc.array(tie("value"), { maxLength: 2 }),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((entries) => new Map<PyValue, PyValue>(entries)),
      ),
    }));
    const shard = fc.array(fc.tuple(fc.constantFrom("k1", "k2", "k3"), value), { minLength: 1, maxLength: 4 }).map((entries) => new Map<PyValue, PyValue>(entries));
    await fc.assert(
      fc.asyncProperty(fc.array(shard, { minLength: 2, maxLength: 4 }), fc.constantFrom<MergeFormat>("msgpack", "json", "ndjson"), async (shards, format) => {
        const files = shards.map((record) => dumps(record, { protocol: 4 }));
        const merged = async (rowsOf: (bytes: Uint8Array, index: number) => Segment): Promise<Buffer> => {
          const tree = new MergeTree("deep", format);
          for (const [index, bytes] of files.entries()) tree.add(rowsOf(bytes, index), `shard-${index}.pkl`);
          return emitted(tree, format);
        };
        // As a worker does: the transcoder's rows, or the general path's for a file it leaves to it.
        const workerRows = (bytes: Uint8Array): Segment => {
          try {
            return driverRows(bytes, format);
          } catch (error) {
            if (!(error instanceof NotTranscodable)) throw error;
            return encoderRows(bytes, format);
          }
        };
        const reference = await merged((bytes) => encoderRows(bytes, format));
        expect((await merged(workerRows)).equals(reference)).toBe(true);
        expect((await merged((bytes, index) => (index % 2 === 0 ? workerRows(bytes) : encoderRows(bytes, format)))).equals(reference)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("a deep merge's tree, by hand", () => {
  it("keeps a key a nested dict gives twice once, with the later value in the first one's place, as Python's dict does", async () => {
    const tree = new MergeTree("deep", "json");
    tree.add(handRows([[0, "a", null], [1, "x", "1"], [1, "y", "2"], [1, "x", "3"]]), "a.pkl");
    expect(await json(tree)).toBe('{"a":{"x":3,"y":2}}');
  });

  it("replaces a dict by a value and a value by a dict, and merges a dict into a dict met once before", async () => {
    const tree = new MergeTree("deep", "json");
    tree.add(handRows([[0, "d", null], [1, "k", "1"], [0, "v", "0"], [0, "m", null], [1, "p", "1"], [1, "q", null], [2, "r", "1"]]), "a.pkl");
    tree.add(handRows([[0, "d", "5"], [0, "v", null], [1, "n", "2"], [0, "m", null], [1, "q", null], [2, "s", "2"], [1, "p", "9"]]), "b.pkl");
    expect(await json(tree)).toBe('{"d":5,"v":{"n":2},"m":{"p":9,"q":{"r":1,"s":2}}}');
    // Only "m" and its "q" were given a dict twice.
    expect(nodesUnder(tree.root)).toBe(2);
  });
});

describe("MergeNode", () => {
  function keysSegment(count: number): Segment {
    return handRows(Array.from({ length: count }, (_, i) => [0, `key${i}`, String(i)] as const));
  }

  it("finds a nested node's keys by a scan up to 8 keys and through an index past that, every key found", () => {
    const segment = keysSegment(40);
    const segments = [{ bytes: Buffer.from(segment.bytes), table: segment.table, file: "a.pkl" }];
    const node = new MergeNode(segments, new SlotArena(16));
    const identity = (row: number): [number, number] => [segment.table[row * 6 + 1]!, segment.table[row * 6 + 2]!];
    const hashOf = (row: number): number => {
      const [start, end] = identity(row);
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ segment.bytes[i]!, 0x01000193);
      return hash;
    };
    for (let row = 0; row < 40; row++) {
      expect(node.find(hashOf(row), segment.bytes, ...identity(row))).toBe(-1);
      node.addSlot(hashOf(row), 0, row);
      expect(node.isIndexed).toBe(row + 1 > 8);
      for (let seen = 0; seen <= row; seen++) expect(node.find(hashOf(seen), segment.bytes, ...identity(seen))).toBe(seen);
    }
  });

  it("keeps each nested node's slots when others sharing its arena grow past it", () => {
    const segment = keysSegment(30);
    const segments = [{ bytes: Buffer.from(segment.bytes), table: segment.table, file: "a.pkl" }];
    const arena = new SlotArena(16);
    const nodes = [0, 1, 2].map(() => new MergeNode(segments, arena, 1));
    // Interleaved adds: each node outgrows its room while the others are placed after it.
    for (let row = 0; row < 30; row++) nodes[row % 3]!.addSlot(row, 0, row);
    nodes.forEach((node, n) => {
      expect(node.size).toBe(10);
      for (let slot = 0; slot < 10; slot++) expect([node.keyRow(slot), node.valueRow(slot)]).toEqual([3 * slot + n, 3 * slot + n]);
    });
  });
});
