import { describe, expect, it } from "vitest";
import { IdentityIndex, type IdentitySpan, hashBytes } from "../../../packages/stream/src/merge/identity-index.js";
import { WritePipeline } from "../../../packages/stream/src/merge/write-pipeline.js";

/** A destination whose writes finish only when the test says so. */
function manualSink() {
  const started: Uint8Array[] = [];
  const finishers: ((error?: Error) => void)[] = [];
  const write = (chunk: Uint8Array): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      started.push(chunk);
      finishers.push((error) => (error === undefined ? resolve() : reject(error)));
    });
  return { started, finishers, write };
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("WritePipeline", () => {
  it("starts the next writes before the earlier ones finish, up to its depth", async () => {
    const sink = manualSink();
    const pipeline = new WritePipeline(sink.write, 3);
    let returned = 0;
    void pipeline.write(Uint8Array.of(1)).then(() => returned++);
    void pipeline.write(Uint8Array.of(2)).then(() => returned++);
    const third = pipeline.write(Uint8Array.of(3)).then(() => returned++);
    await flushPromises();
    expect(sink.started.map((chunk) => chunk[0])).toEqual([1, 2, 3]);
    // The third call waits: three writes are in flight.
    expect(returned).toBe(2);
    sink.finishers[0]!();
    await third;
    expect(returned).toBe(3);
  });

  it("waits in drain until every write issued has finished", async () => {
    const sink = manualSink();
    const pipeline = new WritePipeline(sink.write, 4);
    await pipeline.write(Uint8Array.of(1));
    await pipeline.write(Uint8Array.of(2));
    let isDrained = false;
    const drained = pipeline.drain().then(() => {
      isDrained = true;
    });
    sink.finishers[1]!();
    await flushPromises();
    expect(isDrained).toBe(false);
    sink.finishers[0]!();
    await drained;
    expect(isDrained).toBe(true);
  });

  it("throws a failed write's error from the next write and from drain, without starting that write", async () => {
    const sink = manualSink();
    const pipeline = new WritePipeline(sink.write, 4);
    await pipeline.write(Uint8Array.of(1));
    sink.finishers[0]!(new Error("ENOSPC"));
    await flushPromises();
    await expect(pipeline.write(Uint8Array.of(2))).rejects.toThrow("ENOSPC");
    expect(sink.started).toHaveLength(1);
    await expect(pipeline.drain()).rejects.toThrow("ENOSPC");
  });

  it("refuses a depth below 1", () => {
    expect(() => new WritePipeline(async () => undefined, 0)).toThrow(RangeError);
  });
});

describe("IdentityIndex", () => {
  const keyBytes = (i: number): Uint8Array => new TextEncoder().encode(`key-${i}`);

  it("finds every key added after reserve made room ahead, and no key it was not given", () => {
    const index = new IdentityIndex();
    const keys = Array.from({ length: 5000 }, (_, i) => keyBytes(i));
    index.reserve(3000);
    const span: IdentitySpan = { bytes: new Uint8Array(0), start: 0, end: 0 };
    const identityOf = (slot: number) => {
      span.bytes = keys[slot]!;
      span.end = keys[slot]!.length;
      return span;
    };
    for (const [slot, key] of keys.entries()) {
      const hash = hashBytes(key, 0, key.length);
      expect(index.find(hash, key, 0, key.length, identityOf)).toBe(-1);
      index.add(hash, slot);
      // reserve in the middle of adding keeps what is there
      if (slot === 2500) index.reserve(20000);
    }
    for (const [slot, key] of keys.entries()) expect(index.find(hashBytes(key, 0, key.length), key, 0, key.length, identityOf)).toBe(slot);
    const other = keyBytes(99999);
    expect(index.find(hashBytes(other, 0, other.length), other, 0, other.length, identityOf)).toBe(-1);
  });
});
