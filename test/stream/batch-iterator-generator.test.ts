// BatchIterator (packages/stream/src/batch-iterator.ts) against a real async generator over the
// same items: steps asked for around a return(), and concurrent steps when the source fails,
// settle as Node's async generators settle them.
import { describe, expect, it } from "vitest";
import { BatchIterator } from "../../packages/stream/src/batch-iterator.js";
import { readPickles } from "../../packages/stream/src/sources.js";

/** Batches of items, then (when `error` is given) a failure. */
async function* batches(items: number[][], error?: Error): AsyncGenerator<number[], void, undefined> {
  for (const batch of items) yield batch.slice();
  if (error !== undefined) throw error;
}

/** The async generator that BatchIterator stands in for. */
async function* plain(items: number[][], error?: Error): AsyncGenerator<number, void, undefined> {
  for (const batch of items) yield* batch;
  if (error !== undefined) throw error;
}

type Outcome = string;

async function settle(steps: Promise<IteratorResult<number, void>>[]): Promise<Outcome[]> {
  const settled = await Promise.allSettled(steps);
  return settled.map((step) =>
    step.status === "rejected" ? `rejected ${(step.reason as Error).message}` : step.value.done === true ? "done" : `value ${step.value.value}`,
  );
}

/** Runs `scenario` on a BatchIterator and on a plain generator over the same items. */
async function both(
  items: number[][],
  error: Error | undefined,
  scenario: (iterator: AsyncGenerator<number, void, undefined>) => Promise<Outcome[]>,
): Promise<{ batched: Outcome[]; generator: Outcome[] }> {
  return { batched: await scenario(new BatchIterator(batches(items, error))), generator: await scenario(plain(items, error)) };
}

describe("BatchIterator steps, as an async generator's", () => {
  it("after return() while a next() is pending, later next() calls are done", async () => {
    const { batched, generator } = await both([[1, 2, 3, 4], [5]], undefined, async (iterator) => {
      const pending = iterator.next();
      const returned = iterator.return();
      const queued = iterator.next();
      const before = await settle([pending, returned, queued]);
      const after = await settle([iterator.next(), iterator.next(), iterator.next()]);
      return [...before, ...after];
    });
    expect(batched).toEqual(["value 1", "done", "done", "done", "done", "done"]);
    expect(batched).toEqual(generator);
  });

  it("after return() between items of a batch, next() is done", async () => {
    const { batched, generator } = await both([[1, 2, 3]], undefined, async (iterator) => {
      const first = await settle([iterator.next()]);
      const rest = await settle([iterator.return(), iterator.next(), iterator.next()]);
      return [...first, ...rest];
    });
    expect(batched).toEqual(["value 1", "done", "done", "done"]);
    expect(batched).toEqual(generator);
  });

  it("when the source fails, one pending next() rejects and the later ones are done", async () => {
    const { batched, generator } = await both([], new Error("source failed"), (iterator) =>
      settle([iterator.next(), iterator.next(), iterator.next()]),
    );
    expect(batched).toEqual(["rejected source failed", "done", "done"]);
    expect(batched).toEqual(generator);
  });

  it("a failure after items: the items, one rejection, then done", async () => {
    const { batched, generator } = await both([[1, 2], [3]], new Error("failed late"), (iterator) =>
      settle([iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next()]),
    );
    expect(batched).toEqual(["value 1", "value 2", "value 3", "rejected failed late", "done", "done"]);
    expect(batched).toEqual(generator);
  });

  it("readPickles: next() after a return() that came while a step was pending is done", async () => {
    const records = async function* (): AsyncGenerator<Uint8Array, void, undefined> {
      // Three pickles (ints 1, 2, 3: PROTO 2, BININT1 n, STOP) in one chunk: one batch.
      yield Uint8Array.of(0x80, 2, 0x4b, 1, 0x2e, 0x80, 2, 0x4b, 2, 0x2e, 0x80, 2, 0x4b, 3, 0x2e);
    };
    const iterator = readPickles(records());
    const pending = iterator.next();
    const returned = iterator.return();
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await returned).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("readPickles: concurrent next() calls on a failing source reject once", async () => {
    const failing = async function* (): AsyncGenerator<Uint8Array, void, undefined> {
      yield* [];
      throw new Error("source failed");
    };
    const iterator = readPickles(failing());
    expect(await settle([iterator.next(), iterator.next(), iterator.next()] as Promise<IteratorResult<number, void>>[])).toEqual([
      "rejected source failed",
      "done",
      "done",
    ]);
  });
});
