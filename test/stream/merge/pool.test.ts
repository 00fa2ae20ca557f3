import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type PyValue, dumps } from "@pkl-stream/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WorkerPool } from "../../../packages/stream/src/merge/pool.js";
import type { ShardTask } from "../../../packages/stream/src/merge/worker-protocol.js";
import { makeTempDir } from "../python.js";

// The merge's worker pool stops busy workers by asking, never by terminate(): a terminate that
// lands inside a zlib handle's construction aborts the whole process (pool.ts says how).

const settings: ShardTask["settings"] = { format: "msgpack", isDeep: false, maxOutputBytes: 1 << 30 };

describe("WorkerPool.close", () => {
  const temp = makeTempDir();
  let bigShard = "";
  let smallShard = "";

  beforeAll(() => {
    // Big enough for several of the transcoder's 8 MiB progress steps.
    const big = new Map<string, PyValue>();
    for (let i = 0; i < 400_000; i++) big.set(`key-${i}`, { id: i, name: `name ${i} ${"x".repeat(20)}`, tags: [i, i + 1] });
    bigShard = join(temp.dir, "big.pkl");
    writeFileSync(bigShard, dumps(big));
    smallShard = join(temp.dir, "small.pkl");
    writeFileSync(smallShard, dumps(new Map([["a", 1]])));
  });
  afterAll(() => temp.remove());
  afterEach(() => vi.restoreAllMocks());

  it("stops a worker busy with a file without terminating it, and fails its task", async () => {
    const terminate = vi.spyOn(Worker.prototype, "terminate");
    const exits: number[] = [];
    const on = vi.spyOn(Worker.prototype, "on");
    const pool = new WorkerPool(1);
    let sawProgress!: () => void;
    const progressed = new Promise<void>((resolve) => (sawProgress = resolve));
    const task = pool.run(bigShard, settings, () => sawProgress());
    const outcome = task.then(
      () => "done",
      (error: Error) => error.message,
    );
    await progressed;
    // The worker is mid-file (it reported progress and has not finished).
    const worker = on.mock.instances[0] as Worker;
    worker.once("exit", (code) => exits.push(code));
    await pool.close();
    expect(await outcome).toBe("the merge was stopped");
    expect(terminate).not.toHaveBeenCalled();
    expect(exits).toEqual([0]);
  });

  it("stops idle workers the same way and resolves once each has exited", async () => {
    const terminate = vi.spyOn(Worker.prototype, "terminate");
    const pool = new WorkerPool(2);
    const results = await Promise.all([pool.run(smallShard, settings, () => {}), pool.run(smallShard, settings, () => {})]);
    expect(results.map((result) => result.recordCount)).toEqual([1, 1]);
    await pool.close();
    expect(terminate).not.toHaveBeenCalled();
    await expect(pool.run(smallShard, settings, () => {})).rejects.toThrow("the merge worker pool is closed");
  });

  it("is one stop however often it is called", async () => {
    const pool = new WorkerPool(1);
    await pool.run(smallShard, settings, () => {});
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
  });

  it("fails queued tasks that no worker took", async () => {
    const pool = new WorkerPool(1);
    const running = pool.run(bigShard, settings, () => {}).catch((error: Error) => error.message);
    const queued = pool.run(smallShard, settings, () => {}).catch((error: Error) => error.message);
    await pool.close();
    expect(await queued).toBe("the merge was stopped");
    expect(await running).toBe("the merge was stopped");
  });
});
