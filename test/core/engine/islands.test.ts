// Islands (engine/island.ts): classes inside plain data, read with the value decoder's machine
// and written by the value path's encoder where they go, while the one-pass writers write the
// data around them. Each case equals the value path's NDJSON and msgpack in one push, in 1-byte,
// 7-byte and random chunks, and is written by the tape (its islands included) or declined as
// named.
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

/**
 * Cases the tape declines, by name and protocol: classes as dict keys or as the record, an island
 * past 1 MiB; and what protocol 5 writes with an opcode of its own outside the tape's subset
 * (BYTEARRAY8). (Sets and frozensets of ints and strs are the one pass's own: sets.test.ts.)
 */
function isDeclined(name: string, format: "json" | "msgpack" = "json"): boolean {
  if (name.startsWith("declined:")) return true;
  // A class as a dict key: JSON writes its JSON text as a str; msgpack writes a class whose plain
  // form is a str (a date) as that str, and leaves others (a numpy int, an object) to the value path.
  if (format === "msgpack" && (name.startsWith("keys: a Decimal key, a numpy int key") || name.startsWith("keys: a key with a quote"))) return true;
  if (name.includes("(declined in JSON)")) return format === "json";
  if (name.includes("(declined in msgpack)")) return format === "msgpack";
  // Protocol 2 writes bytes as a latin-1 str in a _codecs.encode call: 800 KB of floats take 1.3 MB there.
  if (name.startsWith("a numpy array of 100,000 floats")) return name.includes("protocol 2");
  if (name.startsWith("bytes and a bytearray")) return name.includes("protocol 5");
  return false;
}

describe.runIf(requirePython())("islands in the one-pass JSON writer", () => {
  const cases = generatedCases(testPath("core/engine/island_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(142);
  });

  describe.each(cases)("%s", (name, bytes) => {
    const expected = valuePathJson(bytes);
    const declined = isDeclined(name);

    it(declined ? "is declined to the value path, whose bytes it writes" : "is written by the tape, islands included, with the value path's bytes", () => {
      const { text, error, engine } = engineJson([bytes]);
      expect({ text, error }).toEqual(expected);
      expect(engine.tapeRecords).toBe(declined ? 0 : 1);
    });

    it("writes the same bytes in 1-byte, 7-byte and random chunks", () => {
      for (const chunks of [splitEvery(bytes, 1), splitEvery(bytes, 7), splitRandomly(bytes, 11, 300)]) {
        const { text, error } = engineJson(chunks);
        expect({ text, error }).toEqual(expected);
      }
    });

    const declinedMsgpack = isDeclined(name, "msgpack");
    it(declinedMsgpack ? "is declined to the value path in msgpack" : "is written by the tape as msgpack too, whole and in 1-byte and random chunks", () => {
      const expectedMsgpack = valuePathMsgpack(bytes);
      const { hex, error, engine } = engineMsgpack([bytes]);
      expect({ hex, error }).toEqual(expectedMsgpack);
      expect(engine.tapeRecords).toBe(declinedMsgpack ? 0 : 1);
      for (const chunks of [splitEvery(bytes, 1), splitRandomly(bytes, 13, 300)]) {
        const chunked = engineMsgpack(chunks);
        expect({ hex: chunked.hex, error: chunked.error }).toEqual(expectedMsgpack);
      }
    });
  });

  it("writes a stream of records each holding a datetime with the tape, as the value path does", () => {
    const records = cases.filter(([name]) => name.startsWith("a datetime in a dict") || name.startsWith("datetimes with a timezone"));
    const stream = Buffer.concat(records.map(([, bytes]) => bytes));
    const { text, error, engine } = engineJson(splitEvery(stream, 64));
    expect({ text, error }).toEqual(valuePathJson(stream));
    expect(engine.tapeRecords).toBe(records.length);
    expect(engine.valueRecords).toBe(0);
  });

  it("writes small records with islands after one with thousands of them, as the value path does", () => {
    // The island memo of the big record (past its first block) is dropped; the small ones after
    // it each start from an empty one (a value left from the record before would be read again).
    const named = (prefix: string) => cases.filter(([name]) => name.startsWith(prefix)).map(([, bytes]) => bytes);
    const stream = Buffer.concat([...named("3,000 datetimes, each read again"), ...named("the same datetime three times"), ...named("a datetime in a dict")]);
    for (const chunks of [[stream], splitEvery(stream, 4096), splitRandomly(stream, 17, 5000)]) {
      const { text, error, engine } = engineJson(chunks);
      expect({ text, error }).toEqual(valuePathJson(stream));
      expect(engine.valueRecords).toBe(0);
    }
  });

  it("writes what the value path writes, or fails as it does, when bytes of a record with islands are replaced", () => {
    const [, bytes] = cases.find(([name]) => name === "two datetimes with the same timezone object (protocol 4)")!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 40 }), (edits, chunkSize) => {
        const mutated = new Uint8Array(bytes);
        for (const [at, byte] of edits) mutated[at] = byte;
        const { text, error } = engineJson(splitEvery(mutated, chunkSize));
        expect({ text, error }).toEqual(valuePathJson(mutated));
        const msgpack = engineMsgpack(splitEvery(mutated, chunkSize));
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(mutated));
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("reads an island on into the next frame, and fails as the value path does when an opcode runs past its frame", () => {
    const text = (value: string): number[] => [0x8c, value.length, ...Buffer.from(value)];
    const datetimeCall = [...text("datetime"), ...text("datetime"), 0x93, 0x43, 10, 7, 232, 1, 2, 3, 4, 5, 0, 0, 9, 0x85, 0x52];
    const body = [0x7d, ...text("at"), ...datetimeCall, 0x73, 0x2e];
    const frame = (bytes: number[]): number[] => [0x95, bytes.length, 0, 0, 0, 0, 0, 0, 0, ...bytes];
    // The island (from STACK_GLOBAL at 25) starts in the first frame and ends in the second: the
    // frames split it after SHORT_BINBYTES (26-37).
    const twoFrames = Uint8Array.from([0x80, 4, ...frame(body.slice(0, 38)), ...frame(body.slice(38))]);
    // The first frame ends inside SHORT_BINBYTES' payload.
    const crossing = Uint8Array.from([0x80, 4, ...frame(body.slice(0, 31)), ...body.slice(31)]);
    for (const bytes of [twoFrames, crossing]) {
      const expected = valuePathJson(bytes);
      for (const chunks of [[bytes], splitEvery(bytes, 1), splitEvery(bytes, 5)]) {
        const { text: written, error, engine } = engineJson(chunks);
        expect({ text: written, error }).toEqual(expected);
        expect(engine.tapeRecords).toBe(bytes === twoFrames ? 1 : 0);
      }
    }
    expect(valuePathJson(twoFrames).text).toBe('{"at":"2024-01-02T03:04:05.000009"}\n');
    expect(valuePathJson(crossing).error).toMatch(/frame/i);
  });

  it("leaves islands to the value path when the decoder has classes of the user's", () => {
    const [, bytes] = cases.find(([name]) => name === "a datetime in a dict (protocol 4)")!;
    const engine = new JsonEngine({ decoder: { classes: { "__main__.Nothing": { construct: () => null } } } });
    engine.push(bytes);
    engine.end();
    expect(Buffer.from(engine.take()).toString("utf8")).toBe(valuePathJson(bytes).text);
    expect(engine.valueRecords).toBe(1);
  });
});
