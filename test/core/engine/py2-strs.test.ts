// Python 2 strs (SHORT_BINSTRING, BINSTRING) in the one-pass writers: read as the decoder's
// `encoding` option reads them. Under "bytes" a py2 str is bytes; under "latin1" (the default) its
// bytes are the text's code points; under "ascii" ASCII bytes are the text, and under "utf-8" any
// UTF-8; other bytes (an ASCII error, bad UTF-8) leave the record to the value path. Inside an island (a
// datetime as Python 2 pickled it) the island reads them as the decoder does. Every case, under
// every encoding, equals the value path's NDJSON and msgpack whole and in 1-byte and random chunks.
import type { UnpicklerOptions } from "@pkl-stream/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

const ENCODINGS = ["latin1", "ascii", "utf-8", "bytes"] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * Cases the tape writes under each encoding (the others are the value path's). Under "bytes" a
 * dict's py2 str keys are bytes keys, whose JSON key is the value path's (its JSON text as a str).
 */
const TEXT: readonly Encoding[] = ["latin1", "ascii", "utf-8"];
const TAPED: Record<string, readonly Encoding[]> = {
  "a dict of ASCII py2 strs": TEXT,
  "a py2 str past 255 bytes (BINSTRING)": TEXT,
  "py2 strs with Latin-1 letters": ["latin1"],
  "py2 strs that are UTF-8": ["latin1", "utf-8"],
  "the same py2 str twice (a memo read)": TEXT,
  "records with py2 str keys": TEXT,
  "a datetime as Python 2 pickled it (its state a py2 str)": ["latin1"],
  "py2 strs in a list (bytes under \"bytes\")": ENCODINGS,
  "every byte as a Latin-1 letter, and a long one (BINSTRING)": ["latin1", "bytes"],
  // One key twice for the value path under latin1 (its dict keeps one): declined.
  "a Latin-1 py2 key and a unicode key with the same text": [],
};

describe.runIf(requirePython())("Python 2 strs in the one-pass writers", () => {
  const cases = generatedCases(testPath("core/engine/py2_cases.py"));

  it("gets every case", () => {
    expect(cases.map(([name]) => name)).toEqual(Object.keys(TAPED));
  });

  describe.each(cases)("%s", (name, bytes) => {
    it.each(ENCODINGS)("under encoding %s: the value path's bytes, written by the tape where it can", (encoding) => {
      const options: UnpicklerOptions = { ...JSON_DECODE_OPTIONS, encoding };
      const expected = valuePathJson(bytes, options);
      const expectedMsgpack = valuePathMsgpack(bytes, options);
      const taped = TAPED[name]!.includes(encoding) ? 1 : 0;
      const whole = engineJson([bytes], { encoding });
      expect({ text: whole.text, error: whole.error }).toEqual(expected);
      expect(whole.engine.tapeRecords).toBe(taped);
      const wholeMsgpack = engineMsgpack([bytes], { encoding });
      expect({ hex: wholeMsgpack.hex, error: wholeMsgpack.error }).toEqual(expectedMsgpack);
      expect(wholeMsgpack.engine.tapeRecords).toBe(taped);
      for (const chunks of [splitEvery(bytes, 1), splitRandomly(bytes, 5, 200)]) {
        const json = engineJson(chunks, { encoding });
        expect({ text: json.text, error: json.error }).toEqual(expected);
        const msgpack = engineMsgpack(chunks, { encoding });
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(expectedMsgpack);
      }
    });
  });

  it("writes what the value path writes, or fails as it does, when bytes of py2 strs are replaced, under every encoding", () => {
    const [, bytes] = cases.find(([name]) => name === "a py2 str past 255 bytes (BINSTRING)")!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 64 }), fc.constantFrom(...ENCODINGS), (edits, chunkSize, encoding) => {
        const mutated = new Uint8Array(bytes);
        for (const [at, byte] of edits) mutated[at] = byte;
        const chunks = splitEvery(mutated, chunkSize);
        const options: UnpicklerOptions = { ...JSON_DECODE_OPTIONS, encoding };
        const { text, error } = engineJson(chunks, { encoding });
        expect({ text, error }).toEqual(valuePathJson(mutated, options));
        const msgpack = engineMsgpack(chunks, { encoding });
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(mutated, options));
      }),
      { numRuns: 400, seed: 5069 },
    );
  });

  it("writes py2 strs as text by default and as bytes under \"bytes\"", () => {
    const [, bytes] = cases.find(([name]) => name === "a dict of ASCII py2 strs")!;
    expect(engineJson([bytes]).text).toBe('{"name":"alice","tags":["a","b",""],"n":3,"uni":"é"}\n');
    const [, list] = cases.find(([name]) => name.startsWith("py2 strs in a list"))!;
    expect(engineJson([list]).text).toBe('["ab","cd"]\n');
    expect(engineJson([list], { encoding: "bytes" }).text).toBe('["YWI=","Y2Q="]\n');
  });
});

describe("Python 2 strs, hand-made", () => {
  it("fails as the value path does on a BINSTRING with a negative length", () => {
    // PROTO 2, BINSTRING of length -1, STOP.
    const bytes = Uint8Array.from([0x80, 2, 0x54, 0xff, 0xff, 0xff, 0xff, 0x2e]);
    const expected = valuePathJson(bytes);
    expect(expected.error).toBeDefined();
    for (const chunks of [[bytes], splitEvery(bytes, 1)]) {
      const { text, error, engine } = engineJson(chunks);
      expect({ text, error }).toEqual(expected);
      expect(engine.tapeRecords).toBe(0);
    }
  });
});
