// The merge's msgpack emitter joins ranges that lie next to each other in a segment (most of a
// merge) into one copy: the bytes must be those of the map written entry by entry.
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { ByteBatch } from "../../../packages/stream/src/merge/byte-batch.js";
import { emitTree } from "../../../packages/stream/src/merge/emit.js";
import { MergeTree } from "../../../packages/stream/src/merge/merge-tree.js";
import { SegmentBuilder } from "../../../packages/stream/src/merge/segment.js";

const packr = new Packr({ useRecords: false });

/** A segment of str keys -> values, laid out as the transcoder lays it out: key, value, next key... */
function segmentOf(entries: readonly (readonly [string, unknown])[]) {
  const builder = new SegmentBuilder();
  builder.beginRecord();
  for (const [key, value] of entries) {
    const keyStart = builder.append(packr.pack(key));
    const keyEnd = builder.offset;
    builder.append(packr.pack(value));
    builder.addEntry(0, false, keyStart, keyEnd, keyStart, keyEnd, builder.offset);
  }
  return builder.finish();
}

async function emitted(tree: MergeTree, chunkBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await emitTree(tree, "msgpack", new ByteBatch(chunkBytes, async (chunk) => void chunks.push(Buffer.from(chunk))));
  return Buffer.concat(chunks);
}

describe("the merge's msgpack output", () => {
  it("is the merged map's msgpack when later files override some keys and add others, whatever the chunk size", async () => {
    const first = Array.from({ length: 40 }, (_, i) => [`k${i}`, { n: i, tags: ["a", "b"] }] as const);
    const second = [
      ["k3", "over"],
      ["new1", 1.5],
      ["k17", null],
      ["k18", [1, 2, 3]],
      ["new2", "x".repeat(300)],
    ] as const;
    const third = [["k39", 7] as const, ["k0", false] as const];
    const expected = new Map<string, unknown>(first);
    for (const [key, value] of [...second, ...third]) expected.set(key, value);
    for (const chunkBytes of [7, 64, 1 << 20]) {
      const tree = new MergeTree("last", "msgpack");
      tree.add(segmentOf(first), "a.pkl");
      tree.add(segmentOf(second), "b.pkl");
      tree.add(segmentOf(third), "c.pkl");
      expect((await emitted(tree, chunkBytes)).equals(packr.pack(expected))).toBe(true);
    }
  });
});
