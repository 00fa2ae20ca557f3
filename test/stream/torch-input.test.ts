// sniffTorch tells a torch.save file by its first bytes without holding back a pickle stream:
// it decides as soon as the bytes so far can no longer start a torch file.
import { readFileSync } from "node:fs";
import { readPickles, sniffTorch } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";

const LIBS = new URL("../fixtures/libs/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, LIBS)));

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of source) out.push(...chunk);
  return out;
}

describe("sniffTorch", () => {
  it.each([
    ["torch/state-dict.zip.pt", true],
    ["torch/state-dict.legacy.pt", true],
    ["torch/state-dict.p2.pkl", false],
    ["joblib/model.p4.joblib", false],
  ] as const)("says whether %s is a torch file in 1-byte chunks, and replays every byte", async (name, expected) => {
    const bytes = file(name);
    const sniffed = await sniffTorch(chunks(bytes, 1));
    expect(sniffed.isTorch).toBe(expected);
    expect(await collect(sniffed.bytes)).toEqual([...bytes]);
  });

  it("says no for input shorter than any torch file's start, and for empty input", async () => {
    for (const bytes of [Uint8Array.of(0x80, 0x02, 0x8a), Uint8Array.of(0x50, 0x4b), new Uint8Array(0)]) {
      const sniffed = await sniffTorch(chunks(bytes, 1));
      expect(sniffed.isTorch).toBe(false);
      expect(await collect(sniffed.bytes)).toEqual([...bytes]);
    }
  });

  it("hands on the first record of a pickle stream before more bytes arrive", async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow(): AsyncGenerator<Uint8Array, void, undefined> {
      yield Uint8Array.of(0x80, 0x02, 0x4b, 0x07, 0x2e); // pickle.dumps(7, protocol=2)
      await blocked; // the producer has nothing more until the first record was read
      yield Uint8Array.of(0x80, 0x02, 0x4b, 0x08, 0x2e);
    }
    const records: unknown[] = [];
    for await (const record of readPickles(slow())) {
      records.push(record);
      release();
    }
    expect(records).toEqual([7, 8]);
  });
});
