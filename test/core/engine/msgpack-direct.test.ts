// The msgpack writer's one pass (msgpack-direct-driver.ts): the opcodes write msgpack straight
// into the output, so a container's head is written when it closes (the bytes after it moved
// when it needs 3 or 5 bytes), a tuple's head is put in front of its items, memo copies read
// bytes that may have moved, and a dict's keys may be found again in its output. Each case
// equals the value path's bytes (decode, then the msgpack writer per record) in one push, in
// 1-byte and 7-byte chunks and in random chunks, and is written by the pass or declined to the
// value path as named.
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineMsgpack, valuePathMsgpack as valuePath } from "../../helpers/engine-paths.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** The engine's bytes and error, and how many records the one pass wrote. */
function enginePath(chunks: readonly Uint8Array[]): { hex: string; error: string | undefined; direct: number } {
  const { hex, error, engine } = engineMsgpack(chunks);
  return { hex, error, direct: engine.tapeRecords };
}

/** Cases the value path writes: the pass declines them (named in msgpack_direct_cases.py). */
const DECLINED = [
  "deep nesting past the tape's depth",
  "a list inside itself",
  "a dict inside itself",
  "a str with a lone surrogate",
  "a nested dict whose second batch repeats a key of its first",
  "a nested dict whose one batch repeats a key",
  "a dict that repeats a key after copying a dict of 17 keys opened before it",
  "a list appended to after it was copied",
  "a list whose copy is appended to",
  "a list memoized after its own item",
  "a root list memoized after its own item",
];

describe.runIf(requirePython())("the one-pass msgpack writer", () => {
  const cases = generatedCases(testPath("core/engine/msgpack_direct_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(52);
  });

  describe.each(cases)("%s", (name, bytes) => {
    const expected = valuePath(bytes);
    const isDeclined = DECLINED.some((prefix) => name.startsWith(prefix));

    it(isDeclined ? "is declined to the value path, whose bytes it writes" : "is written by the one pass, with the value path's bytes", () => {
      const whole = enginePath([bytes]);
      expect({ hex: whole.hex, error: whole.error }).toEqual(expected);
      expect(whole.direct).toBe(isDeclined ? 0 : 1);
    });

    it("writes the same bytes in 1-byte chunks (every head patched after its container spans chunks)", () => {
      const { hex, error } = enginePath(splitEvery(bytes, 1));
      expect({ hex, error }).toEqual(expected);
    });

    it("writes the same bytes in 7-byte and in random chunks", () => {
      for (const chunks of [splitEvery(bytes, 7), splitRandomly(bytes, 5, 200)]) {
        const { hex, error } = enginePath(chunks);
        expect({ hex, error }).toEqual(expected);
      }
    });
  });
});

describe("the output budget of a record pushed whole", () => {
  it("is the record's (64 bytes per input byte), not the floor of the input read before run() began", () => {
    // [s, s, s, ...]: 700,000 copies of one 100-byte str, 1.4 MB of pickle and 71 MB of msgpack
    // (past the 64 MiB floor, within 64 x 1.4 MB).
    const count = 700_000;
    const text = "x".repeat(100);
    const bytes = new Uint8Array(2 + 3 + 2 + text.length + 1 + 2 * (count - 1) + 2);
    bytes.set([0x80, 4, 0x5d, 0x94, 0x28, 0x8c, text.length]);
    bytes.set(new TextEncoder().encode(text), 7);
    let at = 7 + text.length;
    bytes[at++] = 0x94;
    for (let i = 1; i < count; i++) {
      bytes[at++] = 0x68;
      bytes[at++] = 1;
    }
    bytes[at++] = 0x65;
    bytes[at++] = 0x2e;
    const written = enginePath([bytes]);
    expect(written.error).toBeUndefined();
    expect(written.direct).toBe(1);
    expect(written.hex.length / 2).toBe(5 + count * (text.length + 2));
    expect(written.hex === valuePath(bytes).hex).toBe(true);
  });
});
