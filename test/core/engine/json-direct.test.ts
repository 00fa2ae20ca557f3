// The JSON writer's one pass (json-direct-driver.ts): the opcodes write JSON straight into the
// output, separators as values are pushed, so a guess that was wrong is written again in place
// (an empty container followed by its sibling, TUPLE1-3 whose items were written as a key and a
// value, a tuple's brackets, a batch after a closing bracket), memo copies read bytes that may
// have moved, and a dict's keys may be found again in its output. Each case equals the value
// path's NDJSON in one push, in 1-byte and 7-byte chunks and in random chunks, and is written by
// the pass or declined to the value path as named.
import { dumps } from "@pkl-stream/core";
import { JsonEngine, type OutputSpill } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatChunks, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, valuePathJson } from "../../helpers/engine-paths.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** Cases the value path writes: the pass declines them (named in json_direct_cases.py). */
const DECLINED = [
  "deep nesting past the tape's depth",
  "a list inside itself",
  "a dict inside itself",
  "a str with a lone surrogate",
  "a nested dict whose SETITEM repeats a key",
  "a nested dict whose one batch repeats a key",
  "a list appended to after it was copied",
  "a dict given a repeated int key",
  "a dict with a float key",
  "a dict with a None key",
  "a dict with a tuple key",
  "a root dict whose SETITEM repeats a key",
  // Found again in the output, an int key looks like a str: the value path writes the dict.
  "a root dict whose later batch has a str key with the digits",
];

describe.runIf(requirePython())("the one-pass JSON writer", () => {
  const cases = generatedCases(testPath("core/engine/json_direct_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(154);
  });

  describe.each(cases)("%s", (name, bytes) => {
    const expected = valuePathJson(bytes);
    const isDeclined = DECLINED.some((prefix) => name.startsWith(prefix));

    it(isDeclined ? "is declined to the value path, whose bytes it writes" : "is written by the one pass, with the value path's bytes", () => {
      const { text, error, engine } = engineJson([bytes]);
      expect({ text, error }).toEqual(expected);
      expect(engine.tapeRecords).toBe(isDeclined ? 0 : 1);
    });

    it("writes the same bytes in 1-byte chunks", () => {
      const { text, error } = engineJson(splitEvery(bytes, 1));
      expect({ text, error }).toEqual(expected);
    });

    it("writes the same bytes in 7-byte and in random chunks", () => {
      for (const chunks of [splitEvery(bytes, 7), splitRandomly(bytes, 5, 200)]) {
        const { text, error } = engineJson(chunks);
        expect({ text, error }).toEqual(expected);
      }
    });
  });
});

/** The engine's output with a spill of `spillBytes` pieces, pushed in `chunkBytes` chunks; pieces the spill got before the input's last chunk. */
function spilledJson(bytes: Uint8Array, chunkBytes: number, spillBytes: number) {
  const written: Uint8Array[] = [];
  let pieces = 0;
  const spill: OutputSpill = {
    write: (piece) => {
      written.push(piece.slice());
      pieces++;
    },
    discard: () => {
      throw new Error("nothing is discarded here");
    },
  };
  const engine = new JsonEngine({ spill, spillBytes });
  const chunks = splitEvery(bytes, chunkBytes);
  let piecesWhileOpen = 0;
  for (const [index, chunk] of chunks.entries()) {
    if (index === chunks.length - 1) piecesWhileOpen = pieces;
    engine.push(chunk);
    written.push(engine.take());
  }
  engine.end();
  written.push(engine.take());
  return { text: new TextDecoder().decode(concatChunks(written)), piecesWhileOpen, direct: engine.tapeRecords };
}

describe("a giant root written by the one pass", () => {
  it("hands its batches to the spill while it is open, with the bytes written without a spill", () => {
    const bytes = giantDictPickle(shuffledKeys(20_000));
    const whole = engineJson([bytes]);
    const spilled = spilledJson(bytes, 4096, 16 * 1024);
    expect(spilled.piecesWhileOpen).toBeGreaterThan(10);
    expect(spilled.direct).toBe(1);
    expect(spilled.text).toBe(whole.text);
    expect(whole.text).toBe(valuePathJson(bytes).text);
  });

  it.runIf(requirePython())("copies a memoized list written before the spill took it", () => {
    const [, bytes] = generatedCases(testPath("core/engine/json_direct_cases.py")).find(([name]) =>
      name.startsWith("a root dict of 5,000 keys whose values copy a list of its first batch (protocol 4)"),
    )!;
    const spilled = spilledJson(bytes, 1000, 4096);
    expect(spilled.piecesWhileOpen).toBeGreaterThan(2);
    expect(spilled.direct).toBe(1);
    expect(spilled.text).toBe(valuePathJson(bytes).text);
  });
});

describe("the output budget of a record pushed whole", () => {
  it("is the record's (64 bytes per input byte), not the floor of the input read before run() began", () => {
    // [s, s, s, ...]: 700,000 copies of one 100-byte str, 1.4 MB of pickle and 72 MB of JSON
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
    const { text: written, error, engine } = engineJson([bytes]);
    expect(error).toBeUndefined();
    expect(engine.tapeRecords).toBe(1);
    expect(written.length).toBe(count * (text.length + 3) + 2);
    expect(written === valuePathJson(bytes).text).toBe(true);
  });
});

/** A protocol 4 record of one dict: MARK, then each key (a str, or an int when it is all digits) with value 1, then SETITEMS into a dict at the root or inside a list. */
function smallDictPickle(keys: readonly string[], isNested: boolean): Uint8Array {
  const body: number[] = isNested ? [0x5d, 0x7d, 0x28] : [0x7d, 0x28];
  for (const key of keys) {
    if (/^[0-9]{1,2}$/.test(key)) body.push(0x4b, Number(key));
    else body.push(0x8c, key.length, ...new TextEncoder().encode(key));
    body.push(0x4b, 1);
  }
  body.push(0x75);
  if (isNested) body.push(0x61);
  return new Uint8Array([0x80, 4, ...body, 0x2e]);
}

describe("a dict batch's repeated keys", () => {
  it("are found whatever the keys (a repeat declines to the value path, which keeps the last value)", () => {
    // Keys from a small alphabet, so that some batches repeat one; ints and their digits as strs alike.
    const key = fc.oneof(fc.stringMatching(/^[a-d]{0,3}$/), fc.stringMatching(/^[0-9]$/), fc.constantFrom("id", "name", "payload", "tag"));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 20 }), fc.boolean(), (keys, isNested) => {
        const bytes = smallDictPickle(keys, isNested);
        const { text, error, engine } = engineJson([bytes]);
        expect({ text, error }).toEqual(valuePathJson(bytes));
        const isRepeated = new Set(keys.map((k) => (/^[0-9]{1,2}$/.test(k) ? `int ${k}` : `str ${k}`))).size < keys.length;
        expect(engine.tapeRecords).toBe(isRepeated ? 0 : 1);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});

describe("a str with escapes where the output grows", () => {
  // The escaping loop makes room for the escaped text after the opening quote is written at the
  // output's end: a larger buffer takes the bytes before that end only, and the quote was lost
  // (a NUL in its place) whenever the buffer grew right there. Found by the value shapes' fuzz.
  it.each([64400, 64800, 65200, 65320])("writes the quote of a str that starts %i bytes in", (padding) => {
    const text = "line\nbreak".repeat(20);
    const bytes = dumps(["a".repeat(padding), text], { protocol: 4 });
    const { text: written, error } = engineJson([bytes]);
    expect(error).toBeUndefined();
    expect(written).toBe(`${JSON.stringify(["a".repeat(padding), text])}\n`);
    expect(written).toBe(valuePathJson(bytes).text);
  });
});
