// The CLI's output arrays (packages/cli/src/output-arrays.ts): the tape engine's output is copied
// into them and each is used again once stdout wrote it, so piped decoding makes no garbage per
// chunk. An array must never be handed out again while a write may still read it.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { OutputArrays, writeEach } from "../../packages/cli/src/output-arrays.js";

async function* from(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

describe("OutputArrays", () => {
  it("gives arrays of the length asked for, and one released again for a length that fits", () => {
    const arrays = new OutputArrays();
    const first = arrays.allocate(1000);
    expect(first.length).toBe(1000);
    arrays.release(first);
    const second = arrays.allocate(2000);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(2000);
  });

  it("never gives out an array that is not released", () => {
    const arrays = new OutputArrays();
    const first = arrays.allocate(100);
    const second = arrays.allocate(100);
    expect(second.buffer).not.toBe(first.buffer);
  });

  it("ignores arrays it did not make, and an array released twice is given out once", () => {
    const arrays = new OutputArrays();
    arrays.release(new Uint8Array(100));
    const made = arrays.allocate(10);
    arrays.release(made);
    arrays.release(made);
    const a = arrays.allocate(10);
    const b = arrays.allocate(10);
    expect(a.buffer).toBe(made.buffer);
    expect(b.buffer).not.toBe(made.buffer);
  });
});

describe("writeEach", () => {
  it("releases each array only after the stream's callback for it, and writes them in order", async () => {
    const arrays = new OutputArrays();
    const pieces = [arrays.allocate(3), arrays.allocate(3)];
    pieces[0]!.set([1, 2, 3]);
    pieces[1]!.set([4, 5, 6]);
    const written: number[][] = [];
    const pending: (() => void)[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        // The write completes later: until then the array must stay out of the pool.
        written.push([...chunk]);
        pending.push(() => callback());
        setTimeout(() => pending.shift()?.(), 5);
      },
    });
    await writeEach(from(pieces), destination, arrays, new AbortController().signal);
    expect(written).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const reused = arrays.allocate(3);
    expect([pieces[0]!.buffer, pieces[1]!.buffer]).toContain(reused.buffer);
  });

  it("rejects with the stream's error (EPIPE from | head -1)", async () => {
    const arrays = new OutputArrays();
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    const destination = new Writable({
      write(_chunk, _encoding, callback) {
        callback(epipe);
      },
    });
    destination.on("error", () => undefined);
    await expect(writeEach(from([arrays.allocate(4), arrays.allocate(4)]), destination, arrays, new AbortController().signal)).rejects.toBe(epipe);
  });

  it("stops when the signal is aborted (Ctrl-C)", async () => {
    const arrays = new OutputArrays();
    const controller = new AbortController();
    controller.abort();
    const destination = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    await expect(writeEach(from([arrays.allocate(4)]), destination, arrays, controller.signal)).rejects.toThrow();
  });
});
