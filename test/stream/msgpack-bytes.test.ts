// picklesToMsgpack: pickle bytes to msgpack through the tape engine, byte for byte what
// readPickles + msgpackWriter (toMsgpackPlain + msgpackr) write, in any chunking, errors too.
import { readFileSync } from "node:fs";
import { MsgpackTapeWriter, TapeEngine } from "@pkl-stream/core/engine";
import { msgpackWriter, picklesToMsgpack } from "@pkl-stream/stream";
import { encodeMsgpackRecord } from "@pkl-stream/stream/writers/msgpack";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, splitEvery, splitRandomly } from "../helpers/chunks.js";
import { valuePathMsgpack } from "../helpers/engine-paths.js";
import { loadManifest, readPickle } from "../helpers/fixtures.js";
import { giantDictPickle, shuffledKeys } from "../helpers/giant-dict.js";

interface Outcome {
  readonly bytes: string;
  readonly error: string | undefined;
}

const packr = new Packr({ useRecords: false });
// The msgpack writer registers its float64 extension (2.0 stays a float) when made.
msgpackWriter();

/** The value path: decode, then the msgpack writer's encoding per record. */
function valuePath(bytes: Uint8Array): Outcome {
  const { hex, error } = valuePathMsgpack(bytes);
  return { bytes: hex, error };
}

async function tapePath(chunks: readonly Uint8Array[]): Promise<Outcome> {
  async function* source(): AsyncGenerator<Uint8Array> {
    yield* chunks;
  }
  const parts: Uint8Array[] = [];
  let error: string | undefined;
  try {
    for await (const part of picklesToMsgpack(source())) parts.push(part);
  } catch (caught) {
    error = ((caught as Error).cause as Error | undefined)?.message ?? (caught as Error).message;
  }
  return { bytes: Buffer.concat(parts).toString("hex"), error };
}

const fixtures = loadManifest().filter((entry) => entry.options === undefined);

describe.each(fixtures.map((entry) => [entry.name, entry] as const))("fixture %s", (_name, entry) => {
  const bytes = readPickle(entry);
  const expected = valuePath(bytes);

  it("writes the value path's msgpack in one chunk", async () => {
    expect(await tapePath([bytes])).toEqual(expected);
  });

  it.each(CHUNK_SIZES)("writes the value path's msgpack in %i-byte chunks", async (size) => {
    expect(await tapePath(splitEvery(bytes, size))).toEqual(expected);
  });

  it("writes the value path's msgpack in random chunks", async () => {
    expect(await tapePath(splitRandomly(bytes, 11, 300))).toEqual(expected);
  });
});

describe("picklesToMsgpack", () => {
  it("writes a giant root dict streamed by batches with the header msgpackr writes", async () => {
    // A protocol 4 dict of 70,000 str -> int entries, pickled by SETITEMS batches of 1,000.
    const sample = readFileSync(new URL("../../samples/appended-records.pkl", import.meta.url));
    const parts: number[] = [0x80, 4, 0x7d, 0x94];
    for (let batch = 0; batch < 70; batch++) {
      parts.push(0x28);
      for (let i = 0; i < 1000; i++) {
        const key = `k${batch * 1000 + i}`;
        parts.push(0x8c, key.length, ...Buffer.from(key), 0x4a, ...[i, 0, 0, 0]);
      }
      parts.push(0x75);
    }
    parts.push(0x2e);
    const root = Buffer.from(parts);
    const bytes = Buffer.concat([root, sample]);
    expect(await tapePath(splitEvery(bytes, 65536))).toEqual(valuePath(bytes));
    // And the tape wrote it, batch by batch, without the value path.
    const engine = new TapeEngine(new MsgpackTapeWriter({ suffix: "" }, undefined), () => {
      throw new Error("the value path was asked");
    }, {}, { suffix: "" });
    for (const chunk of splitEvery(root, 4096)) engine.push(chunk);
    engine.end();
    expect([engine.tapeRecords, engine.valueRecords]).toEqual([1, 0]);
    expect(Buffer.from(engine.take()).toString("hex")).toBe(valuePath(root).bytes);
  });

  const tapeEngine = (options: { inputSizeHint?: number }): TapeEngine =>
    new TapeEngine(new MsgpackTapeWriter({ suffix: "" }, undefined), (value, budget, index) => encodeMsgpackRecord(packr, value, 512, budget, index), options, { suffix: "" });

  it("makes room for a giant root's whole output at once when the input's size is known, writing the same bytes", () => {
    // 21 MB of pickle (past the 16 MiB where the writer sizes its buffer from the input).
    const bytes = giantDictPickle(Array.from({ length: 700_000 }, (_, i) => `user:profile:${String(i).padStart(8, "0")}`));
    const outputs: Buffer[] = [];
    const sizesSeen: Set<number>[] = [];
    for (const inputSizeHint of [bytes.length, undefined]) {
      const engine = tapeEngine(inputSizeHint === undefined ? {} : { inputSizeHint });
      const sizes = new Set<number>();
      for (const chunk of splitEvery(bytes, 1 << 20)) {
        engine.push(chunk);
        sizes.add(engine.outputBufferBytes);
      }
      engine.end();
      outputs.push(Buffer.from(engine.take()));
      sizesSeen.push(sizes);
    }
    expect(outputs[0]!.equals(outputs[1]!)).toBe(true);
    // With the hint: one buffer of at least 1.4 times the input from the first batch on; without: doubling.
    expect(sizesSeen[0]!.size).toBe(1);
    expect(Math.max(...sizesSeen[0]!)).toBeGreaterThanOrEqual(bytes.length * 1.4);
    expect(sizesSeen[1]!.size).toBeGreaterThan(2);
  });

  /** The tape's msgpack of `bytes` and whether the tape (not the value path) wrote it. */
  function tapeOnly(bytes: Uint8Array): { hex: string; tapeRecords: number } {
    const engine = tapeEngine({});
    const parts: Uint8Array[] = [];
    for (const chunk of splitEvery(bytes, 65536)) {
      engine.push(chunk);
      parts.push(engine.take());
    }
    engine.end();
    parts.push(engine.take());
    return { hex: Buffer.concat(parts).toString("hex"), tapeRecords: engine.tapeRecords };
  }

  it("writes a giant root dict whose distinct keys come in no order on the tape, as the value path does", () => {
    const bytes = giantDictPickle(shuffledKeys(30000));
    expect(tapeOnly(bytes)).toEqual({ hex: valuePath(bytes).bytes, tapeRecords: 1 });
  });

  it("leaves a giant root dict that repeats a key (in no order, or right after it in ascending order) to the value path", () => {
    const shuffled = shuffledKeys(30000);
    shuffled[29000] = shuffled[3]!;
    const ascending = Array.from({ length: 30000 }, (_, i) => `user:${String(i).padStart(8, "0")}`);
    ascending[25000] = ascending[24999]!;
    for (const keys of [shuffled, ascending]) {
      const bytes = giantDictPickle(keys);
      expect(tapeOnly(bytes)).toEqual({ hex: valuePath(bytes).bytes, tapeRecords: 0 });
    }
  });
});
