// BatchIterator (packages/stream/src/batch-iterator.ts): readPickles hands out the records of each
// decoded chunk one by one from a batch. One test per behaviour of the async generator it stands
// in for.
import { describe, expect, it } from "vitest";
import { BatchIterator } from "../../packages/stream/src/batch-iterator.js";

/** A batches' generator that logs what happens to it. */
function logged(batches: number[][], log: string[], failAfter = -1): AsyncGenerator<number[], void, undefined> {
  return (async function* () {
    try {
      for (let i = 0; i < batches.length; i++) {
        log.push(`batch ${i}`);
        yield batches[i]!;
        if (i === failAfter) throw new Error(`failed after batch ${i}`);
      }
    } finally {
      log.push("closed");
    }
  })();
}

async function collect(iterator: AsyncIterable<number>): Promise<number[]> {
  const items: number[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe("BatchIterator", () => {
  it("hands out every item of every batch in order, skipping empty batches", async () => {
    const log: string[] = [];
    expect(await collect(new BatchIterator(logged([[1, 2], [], [3], [4, 5, 6]], log)))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log).toEqual(["batch 0", "batch 1", "batch 2", "batch 3", "closed"]);
  });

  it("asks for the next batch only when the current one is used up", async () => {
    const log: string[] = [];
    const iterator = new BatchIterator(logged([[1, 2], [3]], log));
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    expect(log).toEqual(["batch 0"]);
    expect(await iterator.next()).toEqual({ value: 3, done: false });
    expect(log).toEqual(["batch 0", "batch 1"]);
  });

  it("forgets each item as it hands it out", async () => {
    const batch = [1, 2, 3];
    const iterator = new BatchIterator(logged([batch], []));
    await iterator.next();
    await iterator.next();
    expect(batch).toEqual([undefined, undefined, 3]);
  });

  it("hands out a batch's items before the error that followed them", async () => {
    const iterator = new BatchIterator(logged([[1, 2], [3]], [], 0));
    const items: number[] = [];
    await expect(
      (async () => {
        for await (const item of iterator) items.push(item);
      })(),
    ).rejects.toThrow("failed after batch 0");
    expect(items).toEqual([1, 2]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("closes the batches' generator when the loop is left early", async () => {
    const log: string[] = [];
    for await (const item of new BatchIterator(logged([[1, 2], [3]], log))) {
      if (item === 1) break;
    }
    expect(log).toEqual(["batch 0", "closed"]);
  });

  it("throw() closes the batches' generator and rejects with the error", async () => {
    const log: string[] = [];
    const iterator = new BatchIterator(logged([[1, 2], [3]], log));
    await iterator.next();
    await expect(iterator.throw(new Error("stop"))).rejects.toThrow("stop");
    expect(log).toEqual(["batch 0", "closed"]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("answers steps asked for before the previous one settled, in order", async () => {
    const iterator = new BatchIterator(logged([[1], [2, 3], [4]], []));
    const steps = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(steps).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
      { value: 4, done: false },
      { value: undefined, done: true },
    ]);
  });

  it("is its own async iterator", () => {
    const iterator = new BatchIterator(logged([], []));
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
  });
});
