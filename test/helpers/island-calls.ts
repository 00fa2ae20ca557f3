import { IslandReader } from "../../packages/core/src/engine/island.js";

/**
 * `run`'s result and how many times IslandReader's `method` ran meanwhile: how a test shows that
 * values were written by the driver, not read as islands. Counted by a wrapper of our own (a spy
 * keeps every call's arguments: the whole input each time).
 */
export function countingIslandCalls<T>(method: "read" | "readStateText", run: () => T): { result: T; calls: number } {
  const prototype = IslandReader.prototype as unknown as Record<typeof method, (...args: unknown[]) => unknown>;
  const original = prototype[method];
  let calls = 0;
  prototype[method] = function (this: IslandReader, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  try {
    const result = run();
    return { result, calls };
  } finally {
    prototype[method] = original;
  }
}
