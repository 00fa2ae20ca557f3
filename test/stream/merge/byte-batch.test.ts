// The merge's output batching: many small copies into big chunks, written in order. A destination
// that says it is done with a chunk (a file handle's write) gets later bytes in the same memory.
import { describe, expect, it } from "vitest";
import { ByteBatch } from "../../../packages/stream/src/merge/byte-batch.js";

/**
 * Bytes 0, 1, 2, ... (mod 251) of `length`, added through every entry point of the batch in
 * pieces of `sizes` (one larger than a chunk goes out as a copy of its own).
 */
async function fill(batch: ByteBatch, length: number, sizes = [1, 3, 7, 20, 2]): Promise<Uint8Array> {
  const expected = Uint8Array.from({ length }, (_, i) => i % 251);
  const source = Buffer.from(expected);
  let at = 0;
  for (let step = 0; at < length; step++) {
    const size = Math.min(length - at, sizes[step % sizes.length]!);
    const isFull = step % 3 === 0 ? batch.addRange(source, at, at + size) : size === 1 ? batch.addByte(source[at]!) : batch.add(source.subarray(at, at + size));
    at += size;
    if (isFull) await batch.flush();
  }
  await batch.end();
  return expected;
}

describe("ByteBatch", () => {
  it("fills chunks the destination released again, writing every byte once and in order", async () => {
    const written: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    let chunks = 0;
    const batch: ByteBatch = new ByteBatch(64, async (chunk) => {
      written.push(Buffer.from(chunk)); // what the file gets, copied at write time
      chunks++;
      memory.add(chunk.buffer);
      batch.release(chunk);
    });
    const expected = await fill(batch, 10_000);
    expect(Buffer.concat(written).equals(Buffer.from(expected))).toBe(true);
    expect(chunks).toBeGreaterThan(100);
    expect(memory.size).toBeLessThanOrEqual(3);
  });

  it("makes a new chunk for each one when nothing is released (a stream may still hold them)", async () => {
    const kept: Buffer[] = [];
    const batch = new ByteBatch(64, async (chunk) => void kept.push(chunk));
    const expected = await fill(batch, 10_000);
    expect(Buffer.concat(kept).equals(Buffer.from(expected))).toBe(true);
    expect(new Set(kept.map((chunk) => chunk.buffer)).size).toBe(kept.length);
  });

  it("writes the same bytes with a value larger than a chunk among the pieces", async () => {
    const written: Buffer[] = [];
    const batch: ByteBatch = new ByteBatch(64, async (chunk) => {
      written.push(Buffer.from(chunk));
      batch.release(chunk);
    });
    const expected = await fill(batch, 5_000, [1, 3, 70, 200, 7, 64, 63, 2]);
    expect(Buffer.concat(written).equals(Buffer.from(expected))).toBe(true);
  });

  it("takes back only chunks it made: released memory of another owner is never written", async () => {
    const foreign = [new Uint8Array(64), new Uint8Array(128).subarray(0, 64), Buffer.alloc(64)];
    const written: Buffer[] = [];
    const batch: ByteBatch = new ByteBatch(64, async (chunk) => {
      written.push(Buffer.from(chunk));
      batch.release(chunk);
      batch.release(chunk); // a second release of one write changes nothing
    });
    for (const memory of foreign) batch.release(memory);
    const expected = await fill(batch, 5_000);
    expect(Buffer.concat(written).equals(Buffer.from(expected))).toBe(true);
    for (const memory of foreign) expect(memory.every((byte) => byte === 0)).toBe(true);
  });
});
