// The CLI's work buffers (packages/cli/src/prefault.ts): a large one is shared memory a worker
// touches ahead of the writer, a page at a time. It must never change a byte the writer set.
import { describe, expect, it } from "vitest";
import { prefaultedBytes } from "../../packages/cli/src/prefault.js";

const PAGE = 4096;

describe("prefaultedBytes", () => {
  it("makes a small buffer as usual: zeroed, of the length asked for", () => {
    const bytes = prefaultedBytes(1 << 20, 0, 1 << 20);
    expect(bytes.length).toBe(1 << 20);
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect(bytes.every((byte) => byte === 0)).toBe(true);
  });

  it("makes a large one in shared memory, zeroed, of the length asked for", () => {
    const bytes = prefaultedBytes(48 << 20, 0, 40 << 20);
    expect(bytes.length).toBe(48 << 20);
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bytes.every((byte) => byte === 0)).toBe(true);
  });

  it("keeps every byte the writer sets while the worker touches the pages", async () => {
    const length = 64 << 20;
    const bytes = prefaultedBytes(length, 0, length);
    // The first byte of each page, where the worker's exchange goes, written at once in order
    // (the worker starts from the front too), then again after it has had time to finish.
    for (let at = 0; at < length; at += PAGE) bytes[at] = ((at / PAGE) % 255) + 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let at = 0; at < length; at += PAGE) {
      if (bytes[at] !== ((at / PAGE) % 255) + 1) expect.fail(`byte ${at} is ${bytes[at]}`);
    }
  });
});
