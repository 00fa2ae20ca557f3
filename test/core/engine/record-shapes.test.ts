// Record shapes (json-record-shape.ts): the JSON writer learns a record's shape (its opcodes and
// keys) and replays the next records of that shape, writing only their values. Every stream here
// equals the value path's NDJSON in one push and in random chunks, whatever the replay took or
// missed; where records repeat a shape the replay is shown to have written them.
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, valuePathJson } from "../../helpers/engine-paths.js";
import { generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** The outcome alone (the engine object is not compared). */
const outcome = ({ text, error }: { text: string; error: string | undefined }) => ({ text, error });

/** `{"a": 1, "b": 2}` as CPython writes it at protocol 4: PROTO, a FRAME of the record, STOP. */
const PLAIN = new Uint8Array([
  0x80, 4, 0x95, 0x11, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x28, 0x8c, 1, 0x61, 0x94, 0x4b, 1, 0x8c, 1, 0x62, 0x94, 0x4b, 2, 0x75, 0x2e,
]);

function repeated(record: Uint8Array, times: number): Uint8Array {
  return new Uint8Array(Buffer.concat(Array.from({ length: times }, () => record)));
}

describe.runIf(requirePython())("record shapes, on CPython's streams", () => {
  const cases = generatedCases(testPath("core/engine/shape_cases.py"));

  it("gets every case", () => {
    expect(cases).toHaveLength(77);
  });

  describe.each(cases)("%s", (_name, bytes) => {
    const expected = valuePathJson(bytes);

    it("writes the value path's bytes in one push", () => {
      expect(outcome(engineJson([bytes]))).toEqual(expected);
    });

    it("writes the same bytes in 1-byte, 64-byte and random chunks", () => {
      for (const chunks of [splitEvery(bytes, 1), splitEvery(bytes, 64), splitRandomly(bytes, 11, 400)]) {
        expect(outcome(engineJson(chunks))).toEqual(expected);
      }
    });
  });

  it("replays the records of one shape after the first", () => {
    const [, events] = cases.find(([name]) => name === "events of one shape (protocol 4)")!;
    const { engine } = engineJson([events]);
    expect(engine.recordsWritten).toBe(300);
    expect(engine.shapeRecords).toBe(299);
  });

  it("replays at every protocol, framed or not", () => {
    for (const protocol of [2, 3, 4, 5]) {
      const [, events] = cases.find(([name]) => name === `events of one shape (protocol ${protocol})`)!;
      expect(engineJson([events]).engine.shapeRecords).toBe(299);
    }
  });

  it("takes ints up to 32 bits, floats, None, True and False, and escaped and non-ASCII strs by replay", () => {
    // Records not replayed: the first (learned from); CPython writes a str past 64 KiB outside
    // the record's frame, so that record is not of the shape.
    const notReplayed: [string, number][] = [
      ["ints of every size the replay takes", 1],
      ["floats of every kind", 1],
      ["None, True and False in one place", 1],
      ["strs that need escapes, non-ASCII strs and long strs", 2],
    ];
    for (const [name, count] of notReplayed) {
      const [, bytes] = cases.find(([caseName]) => caseName === `${name} (protocol 4)`)!;
      const { engine } = engineJson([bytes]);
      expect(engine.shapeRecords, name).toBe(engine.recordsWritten - count);
    }
  });

  it("learns each new shape and replays the shapes it knows", () => {
    const [, bytes] = cases.find(([name]) => name === "keys that change (protocol 4)")!;
    // {a,b} {a,b} {b,a} {a,c} {a,b} {a} {a,b,c}: the second and the fifth are of a known shape.
    expect(engineJson([bytes]).engine.shapeRecords).toBe(2);
  });
});

describe("record shapes, by hand", () => {
  it("replays a record once the one before it was learned", () => {
    const { text, engine } = engineJson([repeated(PLAIN, 5)]);
    expect(text).toBe('{"a":1,"b":2}\n'.repeat(5));
    expect(engine.shapeRecords).toBe(4);
  });

  it("does not replay a record cut by the window's end, and writes it when the rest comes", () => {
    const bytes = repeated(PLAIN, 3);
    const engine = new JsonEngine();
    const cut = PLAIN.length * 2 + 10;
    engine.push(bytes.subarray(0, cut));
    const first = Buffer.from(engine.take()).toString();
    engine.push(bytes.subarray(cut));
    engine.end();
    expect(first + Buffer.from(engine.take()).toString()).toBe('{"a":1,"b":2}\n'.repeat(3));
    expect(engine.shapeRecords).toBe(1);
  });

  it("replays records of a few shapes that take turns", () => {
    const other = new Uint8Array(PLAIN);
    other[16] = 0x7a; // "z" for "a"
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 1200; i++) parts.push(i % 2 === 0 ? PLAIN : other);
    const { text, engine } = engineJson([new Uint8Array(Buffer.concat(parts))]);
    expect(text).toBe('{"a":1,"b":2}\n{"z":1,"b":2}\n'.repeat(600));
    expect(engine.shapeRecords).toBe(1198);
  });

  it("stops learning when records seldom repeat a shape, and tries again later", () => {
    // Five shapes in turn, one more than the shapes kept: every record misses and is learned
    // from until the credit runs out; shapes rest for 1,024 records, then the same again.
    const shapes = [0x61, 0x63, 0x64, 0x65, 0x66].map((key) => {
      const record = new Uint8Array(PLAIN);
      record[16] = key;
      return record;
    });
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 3000; i++) parts.push(shapes[i % 5]!);
    const bytes = new Uint8Array(Buffer.concat(parts));
    const { text, engine } = engineJson([bytes]);
    expect(text).toBe(valuePathJson(bytes).text);
    expect(engine.shapeRecords).toBe(0);
  });

  it("learns nothing again when a record of a known shape was cut by the window's end", () => {
    // Chunks that cut every other record: those miss and are read the usual way; the shape stays.
    const bytes = repeated(PLAIN, 200);
    const { text, engine } = engineJson(splitEvery(bytes, PLAIN.length * 2 + 5));
    expect(text).toBe('{"a":1,"b":2}\n'.repeat(200));
    expect(engine.shapeRecords).toBeGreaterThan(90);
  });

  it("writes meta framing around replayed records as around the others", async () => {
    const bytes = repeated(PLAIN, 4);
    const framing = {
      prefix: (index: number, offset: number) => new TextEncoder().encode(`{"index":${index},"offset":${offset},"value":`),
      suffix: "}\n",
    };
    const engine = new JsonEngine({ framing });
    engine.push(bytes);
    engine.end();
    const lines = Buffer.from(engine.take()).toString().trim().split("\n");
    expect(lines).toEqual([0, 1, 2, 3].map((i) => `{"index":${i},"offset":${i * PLAIN.length},"value":{"a":1,"b":2}}`));
    expect(engine.shapeRecords).toBe(3);
  });

  it("leaves a record past its output budget to the value path's error", () => {
    // A small fixed budget: every record fails, replayed or not, with the value path's message.
    const bytes = repeated(PLAIN, 3);
    const engine = new JsonEngine({ maxOutputBytes: 8 });
    expect(() => {
      engine.push(bytes);
      engine.end();
    }).toThrow(/maxOutputBytes/);
  });

  it("writes what the value path writes when bytes of a stream of one shape are replaced", () => {
    const bytes = repeated(PLAIN, 12);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 500 }), (edits, seed) => {
        const edited = new Uint8Array(bytes);
        for (const [at, value] of edits) edited[at] = value;
        expect(outcome(engineJson(splitRandomly(edited, seed, 200)))).toEqual(valuePathJson(edited));
        expect(outcome(engineJson([edited]))).toEqual(valuePathJson(edited));
      }),
      { numRuns: 1500, seed: 1205 },
    );
  });
});
