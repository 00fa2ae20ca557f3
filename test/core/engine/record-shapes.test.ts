// Record shapes (record-shape.ts): the one-pass JSON and msgpack writers learn a record's shape
// (its opcodes and keys) and replay the next records of that shape, writing only their values.
// Every stream here equals the value path's NDJSON and msgpack in one push and in chunks, whatever
// the replay took or missed; where records repeat a shape the replay is shown to have written them.
import { dumps } from "@pkl-stream/core";
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { caseNamed, generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** One output format: the engine's outcome (its bytes as text or hex, its error, its counts) and the value path's. */
interface Format {
  readonly name: string;
  engine(chunks: readonly Uint8Array[]): { out: string; error: string | undefined; shapeRecords: number; recordsWritten: number };
  valuePath(bytes: Uint8Array): { out: string; error: string | undefined };
}

const FORMATS: readonly Format[] = [
  {
    name: "JSON",
    engine: (chunks) => {
      const { text, error, engine } = engineJson(chunks);
      return { out: text, error, shapeRecords: engine.shapeRecords, recordsWritten: engine.recordsWritten };
    },
    valuePath: (bytes) => {
      const { text, error } = valuePathJson(bytes);
      return { out: text, error };
    },
  },
  {
    name: "msgpack",
    engine: (chunks) => {
      const { hex, error, engine } = engineMsgpack(chunks);
      return { out: hex, error, shapeRecords: engine.shapeRecords, recordsWritten: engine.recordsWritten };
    },
    valuePath: (bytes) => {
      const { hex, error } = valuePathMsgpack(bytes);
      return { out: hex, error };
    },
  },
];

/** The outcome alone (the counts are not compared). */
const outcome = ({ out, error }: { out: string; error: string | undefined }) => ({ out, error });

/** `{"a": 1, "b": 2}` as CPython writes it at protocol 4: PROTO, a FRAME of the record, STOP. */
const PLAIN = new Uint8Array([
  0x80, 4, 0x95, 0x11, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x28, 0x8c, 1, 0x61, 0x94, 0x4b, 1, 0x8c, 1, 0x62, 0x94, 0x4b, 2, 0x75, 0x2e,
]);

/** With up to 3 of `bytes` replaced, `format`'s engine writes or fails as its value path does, in one push and in random chunks. */
function assertEditsWriteAsValuePath(format: Format, bytes: Uint8Array, runs: { numRuns: number; seed: number }): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 500 }), (edits, seed) => {
      const edited = new Uint8Array(bytes);
      for (const [at, value] of edits) edited[at] = value;
      const expected = format.valuePath(edited);
      expect(outcome(format.engine(splitRandomly(edited, seed, 200)))).toEqual(expected);
      expect(outcome(format.engine([edited]))).toEqual(expected);
    }),
    runs,
  );
}

function repeated(record: Uint8Array, times: number): Uint8Array {
  return new Uint8Array(Buffer.concat(Array.from({ length: times }, () => record)));
}

describe.runIf(requirePython())("record shapes, on CPython's streams", () => {
  const cases = generatedCases(testPath("core/engine/shape_cases.py"));
  const named = (name: string): Uint8Array => caseNamed(cases, name);

  it("gets every case", () => {
    expect(cases).toHaveLength(219);
  });

  describe.each(FORMATS)("$name", (format) => {
    describe.each(cases)("%s", (_name, bytes) => {
      const expected = format.valuePath(bytes);

      it("writes the value path's bytes in one push", () => {
        expect(outcome(format.engine([bytes]))).toEqual(expected);
      });

      it("writes the same bytes in 1-byte, 64-byte and random chunks", () => {
        for (const chunks of [splitEvery(bytes, 1), splitEvery(bytes, 64), splitRandomly(bytes, 11, 400)]) {
          expect(outcome(format.engine(chunks))).toEqual(expected);
        }
      });
    });

    it("replays the records of one shape after the first, at every protocol", () => {
      for (const protocol of [2, 3, 4, 5]) {
        const written = format.engine([named(`events of one shape (protocol ${protocol})`)]);
        expect(written.recordsWritten).toBe(300);
        expect(written.shapeRecords).toBe(299);
      }
    });

    it("takes ints (BININT1, BININT2, BININT, LONG1), floats, None, True and False, escaped and non-ASCII strs and wide dicts and lists by replay", () => {
      // Records not replayed: the first of each shape (learned from); CPython writes a str past
      // 64 KiB outside the record's frame, so that record is not of the shape.
      const notReplayed: [string, number][] = [
        ["ints of every size the replay takes", 1],
        ["ints past 32 bits among small ones (LONG1)", 1],
        ["floats of every kind", 1],
        ["None, True and False in one place", 1],
        ["strs that need escapes, non-ASCII strs and long strs", 2],
        ["records of 20 keys and lists of 20 items", 2],
      ];
      for (const [name, count] of notReplayed) {
        const written = format.engine([named(`${name} (protocol 4)`)]);
        expect(written.shapeRecords, name).toBe(written.recordsWritten - count);
      }
    });

    it("replays naive datetimes and dates at protocols 3 to 5 (protocol 2's come by _codecs)", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      for (const protocol of [3, 4, 5]) {
        expect(replayed(`records with a naive datetime (protocol ${protocol})`)).toBe(39);
        expect(replayed(`records with two datetimes and a date (the class met again) (protocol ${protocol})`)).toBe(11);
        // fold=1 (learned), fold=0, a midnight, a tz-aware one (not of the shape), another naive one.
        expect(replayed(`datetimes with fold and without microseconds, and a tz-aware one among them (protocol ${protocol})`)).toBe(3);
      }
      expect(replayed("records with a naive datetime (protocol 2)")).toBe(0);
    });

    it("replays datetimes in fixed-offset timezones and Decimals at protocols 3 to 5, each offset a shape of its own", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      for (const protocol of [3, 4, 5]) {
        expect(replayed(`orders: a UTC datetime and a Decimal in each record (protocol ${protocol})`)).toBe(39);
        // +05:30, -08:00, +00:00:15.000007 and a named +01:00 in turn: four shapes learned, then replayed.
        expect(replayed(`datetimes in four fixed-offset timezones, in turn (protocol ${protocol})`)).toBe(36);
        expect(replayed(`two datetimes sharing one timezone (its memo read) (protocol ${protocol})`)).toBe(19);
        // A timezone of a user's own is a placeholder, not an offset: no shape.
        expect(replayed(`datetimes in a timezone of a user's own (not replayed) (protocol ${protocol})`)).toBe(0);
      }
      // Protocol 2 writes a datetime's state by _codecs.encode: not a shape.
      expect(replayed("orders: a UTC datetime and a Decimal in each record (protocol 2)")).toBe(0);
      for (const protocol of [2, 3, 4, 5]) {
        // All but the first and the Decimal of 300 digits (its str past 255 bytes, the driver's).
        expect(replayed(`Decimals of every form (protocol ${protocol})`)).toBe(11);
      }
      // Bytes: SHORT_BINBYTES no REDUCE takes as a state, and BINBYTES. The first record of the
      // second case is not learned from (its two b"" are one object: the second a memo read of
      // bytes), the second is; a 70000-byte one is written outside the record's frame from
      // protocol 4 on: not of the shape.
      for (const protocol of [3, 4, 5]) {
        expect(replayed(`bytes values (protocol ${protocol})`)).toBe(4);
        expect(replayed(`bytes of every size, in lists and beside a datetime's state (protocol ${protocol})`)).toBe(protocol === 3 ? 8 : 7);
      }
      // Timedeltas (total_seconds() as a float; days past 100,000 the exact bigint way) and UUIDs
      // (str(uuid), from an int of any size up to 128 bits).
      for (const protocol of [2, 3, 4, 5]) {
        expect(replayed(`timedeltas of every size (protocol ${protocol})`)).toBe(10);
        expect(replayed(`UUIDs of every size (protocol ${protocol})`)).toBe(28);
      }
      for (const protocol of [3, 4, 5]) expect(replayed(`a timedelta beside a datetime in a timezone (protocol ${protocol})`)).toBe(19);
      // An int the reconstructors refuse is the driver's error, as the value path's; the records before it were replayed.
      for (const name of ["a UUID int past 128 bits after records of that shape (hand-made)", "a timedelta past its range after records of that shape (hand-made)"]) {
        const refused = format.engine([named(name)]);
        expect(refused.shapeRecords, name).toBe(2);
        expect(refused.error, name).toBeDefined();
      }
      // Strs Decimal() takes but CPython never writes (" 1.0 ", "1_000.5", "-inf"...): str(Decimal(text)).
      expect(replayed("Decimal strs that are not canonical, after records of that shape (hand-made)")).toBe(11);
      // One it refuses ("12a") is the driver's error, as the value path's; the records before it were replayed.
      const refused = format.engine([named("a Decimal str it refuses after records of that shape (hand-made)")]);
      expect(refused.shapeRecords).toBe(2);
      expect(refused.error).toBeDefined();
    });

    it("replays objects of classes we do not rebuild, as records and inside records, at every protocol", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      for (const protocol of [2, 3, 4, 5]) {
        for (const name of ["objects as records", "namedtuples as records", "objects made by REDUCE with values, as records", "slots dataclasses as records", "a str subclass given a state, as records"]) {
          expect(replayed(`${name} (protocol ${protocol})`), name).toBe(39);
        }
      }
      for (const protocol of [2, 3, 4, 5]) {
        expect(replayed(`dicts holding objects and namedtuples (protocol ${protocol})`)).toBe(39);
        // The six timedeltas (the first learned); an OrderedDict record and a bare Decimal record are not shapes.
        expect(replayed(`timedeltas, OrderedDicts and Decimals (classes we rebuild) (protocol ${protocol})`)).toBe(5);
      }
    });

    it("replays lists of dicts of any length from protocol 4 on, unless memo reads tie them to one length", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      for (const protocol of [4, 5]) {
        // 40 orders of 0 to 20 lines (one APPEND for one line; a msgpack array16 head for 20), a
        // line's note None or a str: learned from the first (3 lines), all the others replayed.
        expect(replayed(`orders with 0 to 20 lines (lists of dicts of any length) (protocol ${protocol})`)).toBe(39);
        // Records that are lists of dicts: 2 (learned), 5, 1, 3 and 17; the empty one has no frame (not of the shape).
        expect(replayed(`records that are lists of dicts (protocol ${protocol})`)).toBe(4);
      }
      // Protocols 2 and 3 number their puts: the third line's BINPUTs are not the second's.
      for (const protocol of [2, 3]) expect(replayed(`orders with 0 to 20 lines (lists of dicts of any length) (protocol ${protocol})`)).toBe(0);
      for (const protocol of [2, 3, 4, 5]) {
        // A key after the list that its dicts have too reads the first dict's entry (or, with no
        // dicts, is spelled); later dicts sharing a value read past the first: a shape per count,
        // so only a count met again is replayed (3, 0, 1, 2, 5, 3, ...; 2, 3, 1, 2, 4).
        expect(replayed(`a key after a list of dicts that its dicts have too (protocol ${protocol})`)).toBe(1);
        expect(replayed(`later dicts of a list sharing a value the first does not have (protocol ${protocol})`)).toBe(1);
      }
    });

    it.each([0, 1, 2, 5])("fails as the value path does on a memo read of a missing index after a replayed record with %i dicts in its list", (count) => {
      // The error says whether the record before had the index (12: a record of no dicts has
      // fewer entries): its memo length, learned from a record of 3 dicts, counted for this one's.
      const bytes = named(`a memo read of a missing index after a record with ${count} dicts in its list (hand-made)`);
      const written = format.engine([bytes]);
      expect(outcome(written)).toEqual(format.valuePath(bytes));
      expect(written.shapeRecords).toBe(1);
      expect(written.error).toMatch(/memo key 12 is missing/);
      if (count >= 1) expect(written.error).toMatch(/an earlier record's memo had it/);
      else expect(written.error).not.toMatch(/an earlier record's memo had it/);
    });

    it("replays lists of scalars of any length as one hole, unless a memo read follows them", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      // From protocol 4 on, puts carry no index: one shape for any lengths. Protocols 2 and 3
      // number their puts, so a list of another length moves the indices after it: a miss.
      for (const protocol of [4, 5]) expect(replayed(`lists of scalars of any length (tags, scores, flags) (protocol ${protocol})`)).toBe(59);
      for (const protocol of [2, 3, 4, 5]) {
        // A memo read after the list keeps its length fixed: lengths 0, 1 and 2, three shapes.
        expect(replayed(`a list of scalars followed by a memo read (its length fixed) (protocol ${protocol})`)).toBe(9);
        expect(replayed(`lists of scalars inside lists and objects (protocol ${protocol})`)).toBe(19);
        // 3 (learned), 1000, 1001 (two batches: a miss, learned as a list of that length), 2, 1000.
        expect(replayed(`a list of 1000 scalars and of 1001 (two batches) (protocol ${protocol})`)).toBe(3);
      }
    });

    it("replays sets of different strs of any size, from protocol 4 on", () => {
      const replayed = (name: string) => format.engine([named(name)]).shapeRecords;
      for (const protocol of [4, 5]) {
        expect(replayed(`sets of strs of any size (protocol ${protocol})`)).toBe(39);
        // A set of ints is no shape; an empty set is one (the fifth record, after the first).
        expect(replayed(`sets of ints (only the empty ones replayed) (protocol ${protocol})`)).toBe(1);
      }
      // Protocols 2 and 3 pickle a set by REDUCE of builtins.set: no shape.
      for (const protocol of [2, 3]) expect(replayed(`sets of strs of any size (protocol ${protocol})`)).toBe(0);
      // Two equal strs in one set: the driver's (the value path keeps one); the records around it replayed.
      expect(replayed("a set whose strs repeat after records of that shape (hand-made)")).toBe(3);
    });

    it("learns each new shape and replays the shapes it knows", () => {
      // {a,b} {a,b} {b,a} {a,c} {a,b} {a} {a,b,c}: the second and the fifth are of a known shape.
      expect(format.engine([named("keys that change (protocol 4)")]).shapeRecords).toBe(2);
    });

    it.each([
      "objects as records (protocol 4)",
      "a str subclass given a state, as records (protocol 5)",
      "dicts holding objects and namedtuples (protocol 4)",
      "orders: a UTC datetime and a Decimal in each record (protocol 5)",
      "datetimes in four fixed-offset timezones, in turn (protocol 3)",
      "bytes of every size, in lists and beside a datetime's state (protocol 4)",
      "a timedelta beside a datetime in a timezone (protocol 5)",
      "UUIDs of every size (protocol 4)",
      "lists of scalars of any length (tags, scores, flags) (protocol 5)",
      "lists of scalars inside lists and objects (protocol 4)",
      "sets of strs of any size (protocol 5)",
      "orders with 0 to 20 lines (lists of dicts of any length) (protocol 4)",
      "records that are lists of dicts (protocol 5)",
    ])(
      "writes what the value path writes when bytes of %s are replaced",
      (name) => {
        assertEditsWriteAsValuePath(format, named(name), { numRuns: 200, seed: 1206 });
      },
    );
  });
});

describe.each(FORMATS)("list and set holes, $name", (format) => {
  const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.constantFrom(null, true, false), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }));
  const record = fc
    .record({
      id: fc.nat(),
      tags: fc.array(scalar, { maxLength: 6 }),
      more: fc.array(fc.array(scalar, { maxLength: 3 }), { maxLength: 2 }),
      labels: fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 5 }).map((items) => new Set(items)),
      last: scalar,
    })
    .map((value) => ({ ...value }));

  it("write the value path's bytes for streams of records whose lists of scalars and sets of strs change length, in one push and in chunks", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 2, maxLength: 30 }), fc.constantFrom(2, 3, 4, 5 as const), fc.integer({ min: 1, max: 500 }), (records, protocol, seed) => {
        const bytes = new Uint8Array(Buffer.concat(records.map((value) => dumps(value, { protocol }))));
        const expected = format.valuePath(bytes);
        expect(outcome(format.engine([bytes]))).toEqual(expected);
        expect(outcome(format.engine(splitRandomly(bytes, seed, 300)))).toEqual(expected);
      }),
      { numRuns: 300, seed: 1207 },
    );
  });

  it("replay records whose lists change length at protocol 4", () => {
    const bytes = new Uint8Array(Buffer.concat(Array.from({ length: 50 }, (_, i) => dumps({ id: i, tags: Array.from({ length: i % 7 }, (_, j) => `t${j}`), n: i + 0.5 }, { protocol: 4 }))));
    const written = format.engine([bytes]);
    expect(outcome(written)).toEqual(format.valuePath(bytes));
    expect(written.shapeRecords).toBe(49);
  });
});

describe.each(FORMATS)("record shapes by hand, $name", (format) => {
  it("replays a record once the one before it was learned", () => {
    const bytes = repeated(PLAIN, 5);
    const written = format.engine([bytes]);
    expect(outcome(written)).toEqual(format.valuePath(bytes));
    expect(written.shapeRecords).toBe(4);
  });

  it("replays records of a few shapes that take turns", () => {
    const other = new Uint8Array(PLAIN);
    other[16] = 0x7a; // "z" for "a"
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 1200; i++) parts.push(i % 2 === 0 ? PLAIN : other);
    const bytes = new Uint8Array(Buffer.concat(parts));
    const written = format.engine([bytes]);
    expect(outcome(written)).toEqual(format.valuePath(bytes));
    expect(written.shapeRecords).toBe(1198);
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
    const written = format.engine([bytes]);
    expect(outcome(written)).toEqual(format.valuePath(bytes));
    expect(written.shapeRecords).toBe(0);
  });

  it("learns nothing again when a record of a known shape was cut by the window's end", () => {
    // Chunks that cut every other record: those miss and are read the usual way; the shape stays.
    const bytes = repeated(PLAIN, 200);
    const written = format.engine(splitEvery(bytes, PLAIN.length * 2 + 5));
    expect(outcome(written)).toEqual(format.valuePath(bytes));
    expect(written.shapeRecords).toBeGreaterThan(90);
  });

  it("writes what the value path writes when bytes of a stream of one shape are replaced", () => {
    assertEditsWriteAsValuePath(format, repeated(PLAIN, 12), { numRuns: 1000, seed: 1205 });
  });
});

describe("record shapes by hand, JSON framing and budget", () => {
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

  it("writes meta framing around replayed records as around the others", () => {
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
});
