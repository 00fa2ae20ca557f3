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
import { countingIslandCalls } from "../../helpers/island-calls.js";
import { caseNamed, generatedCases, requirePython, testPath } from "../../helpers/python.js";

/**
 * Cases the tape declines, by name and protocol: classes as dict keys or as the record, an island
 * past 1 MiB; and what protocol 5 writes with an opcode of its own outside the tape's subset
 * (BYTEARRAY8). (Sets and frozensets of ints and strs are the one pass's own: sets.test.ts.)
 */
function isDeclined(name: string, format: "json" | "msgpack" = "json"): boolean {
  if (name.startsWith("declined:")) return true;
  // A class as a dict key: JSON writes its JSON text as a str; msgpack writes a class whose plain
  // form is a str (a date, a Decimal) as that str, and leaves others (an object) to the value path.
  if (format === "msgpack" && name.startsWith("keys: a key with a quote")) return true;
  if (name.includes("(declined in JSON)")) return format === "json";
  if (name.includes("(declined in msgpack)")) return format === "msgpack";
  // Protocol 2 writes bytes as a latin-1 str in a _codecs.encode call: 800 KB of floats take 1.3 MB there.
  if (name.startsWith("a numpy array of 100,000 floats")) return name.includes("protocol 2");
  if (name.startsWith("bytes and a bytearray")) return name.includes("protocol 5");
  return false;
}

/**
 * With 1-3 of its bytes replaced, read in chunks of 1 to `maxChunk` bytes, `bytes` gives the value
 * path's JSON and msgpack, or fails as it does (property).
 */
function assertEditsWriteAsValuePath(bytes: Uint8Array, maxChunk: number, runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: maxChunk }), (edits, chunkSize) => {
      const mutated = new Uint8Array(bytes);
      for (const [at, byte] of edits) mutated[at] = byte;
      const { text, error } = engineJson(splitEvery(mutated, chunkSize));
      expect({ text, error }).toEqual(valuePathJson(mutated));
      const msgpack = engineMsgpack(splitEvery(mutated, chunkSize));
      expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(mutated));
    }),
    runs,
  );
}

describe.runIf(requirePython())("islands in the one-pass JSON writer", () => {
  const cases = generatedCases(testPath("core/engine/island_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(216);
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

  it("writes a stream of records each making its timezones, Decimals and numpy scalars, in any order and chunking, as the value path does", () => {
    // Each record makes its timezone or dtypes anew; the engine reads each once and then knows
    // its bytes (engine/island-parts.ts): a record of other bytes or another memo must not be
    // taken for one.
    const records = cases.filter(([name]) => name.startsWith("stream: ")).map(([, bytes]) => bytes);
    expect(records).toHaveLength(44);
    fc.assert(
      fc.property(fc.array(fc.nat(records.length - 1), { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 400 }), (order, chunkSize) => {
        const stream = Buffer.concat(order.map((i) => records[i]!));
        const { text, error, engine } = engineJson(splitEvery(stream, chunkSize));
        expect({ text, error }).toEqual(valuePathJson(stream));
        expect(engine.valueRecords).toBe(0);
        const msgpack = engineMsgpack(splitEvery(stream, chunkSize));
        expect({ hex: msgpack.hex, error: msgpack.error }).toEqual(valuePathMsgpack(stream));
      }),
      { numRuns: 150, seed: 21 },
    );
  });

  it("reads those timezones, Decimals and numpy number scalars from their bytes at protocols 3-5, without the Machine", () => {
    // Protocol 2 writes a datetime's state as a latin-1 str in a _codecs.encode call: the
    // Machine's; so is a structured scalar (its dtype's state holds its fields).
    const records = cases
      .filter(([name]) => name.startsWith("stream: ") && !name.endsWith("(protocol 2)") && !name.includes("structured"))
      .map(([, bytes]) => bytes);
    const stream = Buffer.concat([...records, ...records]);
    const { calls } = countingIslandCalls("read", () => {
      for (const chunks of [[stream], splitEvery(stream, 5)]) {
        const { text, error } = engineJson(chunks);
        expect({ text, error }).toEqual(valuePathJson(stream));
      }
    });
    expect(calls).toBe(0);
  });

  it("writes what the value path writes, or fails as it does, when bytes of a record after one with the same timezone or dtypes are replaced", () => {
    // The first record makes the parts the engine then knows by their bytes; the second is changed.
    for (const name of ["stream: a UTC datetime (protocol 4)", "stream: a named timezone and a Decimal (protocol 3)", "stream: numpy scalars of three dtypes (protocol 5)"]) {
      const [, record] = cases.find(([caseName]) => caseName === name)!;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(record.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 60 }), (edits, chunkSize) => {
          const stream = new Uint8Array(2 * record.length);
          stream.set(record);
          stream.set(record, record.length);
          for (const [at, byte] of edits) stream[record.length + at] = byte;
          const { text, error } = engineJson(splitEvery(stream, chunkSize));
          expect({ text, error }).toEqual(valuePathJson(stream));
        }),
        { numRuns: 400, seed: 31 },
      );
    }
  });

  it.each([3, 4, 5])("writes the rows' datetimes and dates after the first from their state bytes, without reading them as islands (protocol %i)", (protocol) => {
    // 400 rows, each a datetime and a date: only the first of each (its class made there) is
    // read by readStateText; the others read their class from the memo (DirectDriver.naiveStateText).
    const [, bytes] = cases.find(([caseName]) => caseName === `rows holding naive datetimes and dates (protocol ${protocol})`)!;
    const { result, calls } = countingIslandCalls("readStateText", () => engineJson([bytes]));
    expect({ text: result.text, error: result.error }).toEqual(valuePathJson(bytes));
    expect(calls).toBe(2);
  });

  it("writes what the value path writes, or fails as it does, when bytes of rows of datetimes are replaced", () => {
    const [, bytes] = cases.find(([caseName]) => caseName === "rows holding naive datetimes and dates (protocol 4)")!;
    assertEditsWriteAsValuePath(bytes, 5000, { numRuns: 150, seed: 41 });
  });

  it("keeps a dtype it knows from a record that sets its state again, as the value path does", () => {
    // The first record makes np.float64's dtype, which the engine then knows (and shares); the
    // second makes it from the same bytes, then gives it a state again (hand-made). That record is
    // the value path's, and the third must not see the changed dtype.
    const named = (name: string): Uint8Array => caseNamed(cases, name);
    const first = named("handmade: a scalar alone in a list");
    const rebuilt = named("declined: a scalar, then one whose dtype read from the memo is given a state again (the engine shares the dtypes it knows)");
    const stream = Buffer.concat([first, rebuilt, first, rebuilt, first]);
    for (const chunks of [[stream], splitEvery(stream, 7)]) {
      const { text, error } = engineJson(chunks);
      expect({ text, error }).toEqual(valuePathJson(stream));
    }
    // numpy's scalars keep their values (CPython: [1.5, 8.20788039913184e-304]).
    expect(valuePathJson(rebuilt).text).toBe("[1.5,8.20788039913184e-304]\n");
    expect(valuePathJson(first).text).toBe("[1.5]\n");
  });

  it("does not take a record's timezone for the last one when the same bytes read another memo", () => {
    // Both records: {"a": <str>, "at": datetime(..., tzinfo=timezone(timedelta(0)))}, the
    // timezone's module read from the memo entry of the str. In the first it is "datetime"; in the
    // second "datetimX", with every byte from the datetime's class on the same.
    const text = (value: string): number[] => [0x8c, value.length, ...Buffer.from(value)];
    const record = (str: string): Uint8Array =>
      Uint8Array.from([
        0x80, 4, 0x7d, 0x94, 0x28, ...text("a"), 0x94, ...text(str), 0x94, ...text("at"), 0x94,
        ...text("datetime"), 0x94, ...text("datetime"), 0x94, 0x93, 0x94, 0x43, 10, 7, 232, 1, 2, 3, 4, 5, 0, 0, 9, 0x94,
        0x68, 2, ...text("timezone"), 0x94, 0x93, 0x94, 0x68, 2, ...text("timedelta"), 0x94, 0x93, 0x94,
        0x4b, 0, 0x4b, 0, 0x4b, 0, 0x87, 0x94, 0x52, 0x94, 0x85, 0x94, 0x52, 0x94, 0x86, 0x94, 0x52, 0x94, 0x75, 0x2e,
      ]);
    const good = record("datetime");
    const other = record("datetimX");
    expect(valuePathJson(good).text).toBe('{"a":"datetime","at":"2024-01-02T03:04:05.000009+00:00"}\n');
    for (const stream of [Buffer.concat([good, other, good]), Buffer.concat([other, good, other])]) {
      for (const chunks of [[stream], splitEvery(stream, 3)]) {
        const { text: written, error } = engineJson(chunks);
        expect({ text: written, error }).toEqual(valuePathJson(stream));
      }
    }
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
    assertEditsWriteAsValuePath(bytes, 40, { numRuns: 300, seed: 12 });
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
