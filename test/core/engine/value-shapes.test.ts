// Value shapes (value-shape.ts): inside a giant root, the one-pass JSON and msgpack writers
// learn a dict's shape (its opcodes and keys) and replay the next dicts of that shape, writing
// only their values. Every root here equals the value path's JSON and msgpack in one push and in
// chunks, whatever the replay took or missed, including memo reads (later in the root) of values
// the replay wrote; where dicts repeat a shape the replay is shown to have written them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";
import { caseNamed, generatedCases, requirePython, testPath } from "../../helpers/python.js";

/** One output format: the engine's output (text, or msgpack as hex) with its error as a last line and how many dicts value shapes wrote, and the value path's. */
interface Format {
  readonly name: string;
  engine(chunks: readonly Uint8Array[]): { text: string; shapeValues: number };
  valuePath(bytes: Uint8Array): string;
}

const FORMATS: readonly Format[] = [
  {
    name: "JSON",
    engine: (chunks) => {
      const { text, error, engine } = engineJson(chunks);
      return { text: error === undefined ? text : `${text}error: ${error}`, shapeValues: engine.shapeValues };
    },
    valuePath: (bytes) => {
      const { text, error } = valuePathJson(bytes);
      return error === undefined ? text : `${text}error: ${error}`;
    },
  },
  {
    name: "msgpack",
    engine: (chunks) => {
      const { hex, error, engine } = engineMsgpack(chunks);
      return { text: error === undefined ? hex : `${hex}\nerror: ${error}`, shapeValues: engine.shapeValues };
    },
    valuePath: (bytes) => {
      const { hex, error } = valuePathMsgpack(bytes);
      return error === undefined ? hex : `${hex}\nerror: ${error}`;
    },
  },
];

describe.runIf(requirePython()).each(FORMATS)("value shapes in the one-pass $name writer", (format) => {
  const enginePath = format.engine;
  const valuePath = format.valuePath;
  const cases = generatedCases(testPath("core/engine/value_shape_cases.py"));
  const named = (name: string): Uint8Array => caseNamed(cases, name);

  it("gets every case at protocols 2 to 5", () => {
    expect(cases).toHaveLength(89);
  });

  it.each(cases)("writes %s as the value path does, whole and in chunks", (_name, bytes) => {
    const expected = valuePath(bytes);
    expect(enginePath([bytes]).text).toBe(expected);
    expect(enginePath(splitEvery(bytes, 4096)).text).toBe(expected);
    expect(enginePath(splitEvery(bytes, 61)).text).toBe(expected);
    expect(enginePath(splitRandomly(bytes, bytes.length, 9000)).text).toBe(expected);
  });

  it.each([2, 3, 4, 5])("replays the dicts of a root of records, by key and in a list (protocol %i)", (protocol) => {
    for (const name of ["records by key", "a list of records"]) {
      const { shapeValues } = enginePath([named(`${name} (protocol ${protocol})`)]);
      // 3000 records, one shape whatever their tags and parents: learned from one read past
      // 16 KiB, then all replayed but a handful (across a frame's end, the shape's check).
      expect(shapeValues, name).toBeGreaterThan(2000);
    }
  });

  it("replays dicts of every kind of scalar, nested dicts and lists, and leaves the rest to the driver", () => {
    // (A lone surrogate in the last dicts declines the whole record: the value path writes it.)
    // msgpack replays no dict whose list passes 15 items (its head would take more than a byte).
    const { shapeValues } = enginePath([named("scalars of every kind (protocol 4)")]);
    expect(shapeValues).toBeGreaterThan(1500);
    // Dicts whose keys are ints, or that hold a list of dicts: none replayed; the four other
    // kinds (one with a datetime) are.
    const mixed = enginePath([named("shapes that change (protocol 5)")]).shapeValues;
    expect(mixed).toBeGreaterThan(1400);
    expect(mixed).toBeLessThanOrEqual(2000);
  });

  it("replays dicts holding lists of 16 items or more, whose strs a later dict reads", () => {
    expect(enginePath([named("dicts holding lists of 16 items or more (protocol 4)")]).shapeValues).toBeGreaterThan(1200);
  });

  it("replays dicts holding tuples of 1, 2, 3 and 4 or more items", () => {
    // Each dict's tuple of 0-5 items (EMPTY_TUPLE, TUPLE1-3, or MARK and TUPLE) makes 6 shapes,
    // all kept; the shared tuple is a memo read of a container, copied.
    expect(enginePath([named("dicts holding tuples (protocol 4)")]).shapeValues).toBeGreaterThan(2000);
  });

  it.each([3, 4, 5])("replays dicts holding naive datetimes and dates, written from their state (protocol %i)", (protocol) => {
    // Each dict's datetime, date and nested datetime are written from their state bytes; a
    // timezone-aware one (every 500th dict) and the dicts whose shared datetime is a memo read or
    // None make shapes of their own or misses. Protocol 2 pickles the state as a call of
    // _codecs.encode: no shape takes it.
    expect(enginePath([named(`dicts holding datetimes and dates (protocol ${protocol})`)]).shapeValues).toBeGreaterThan(2500);
  });

  it.each([3, 4, 5])("replays dicts holding bytes, short and long, shared and in tuples (protocol %i)", (protocol) => {
    // Protocol 2 pickles bytes as a call of _codecs.encode: no shape takes it.
    expect(enginePath([named(`dicts holding bytes (protocol ${protocol})`)]).shapeValues).toBeGreaterThan(2500);
  });

  it.each([2, 3, 4, 5])("replays dicts holding lists of dicts, of 0 to 19 items and nested (protocol %i)", (protocol) => {
    // Each dict's lists of dicts are written by the item's steps, once per item, inside the one
    // replay of the dict: about one replay per dict of the 2,501. Were the dicts holding lists of
    // dicts not replayed, each item would be a replay of its own (over 12,000).
    const { shapeValues } = enginePath([named(`dicts holding lists of dicts (protocol ${protocol})`)]);
    expect(shapeValues).toBeGreaterThan(2000);
    expect(shapeValues).toBeLessThan(3000);
  });

  it.each([2, 3, 4, 5])("replays dicts holding Decimals, written as their str (protocol %i)", (protocol) => {
    // Ten kinds of Decimal in turn (NaN, sNaN, -0, exponents; the 32-digit one a str8 in msgpack).
    const { shapeValues } = enginePath([named(`dicts holding Decimals (protocol ${protocol})`)]);
    expect(shapeValues).toBeGreaterThan(2500);
  });

  it.each([3, 4, 5])("replays dicts holding datetimes with a fixed-offset timezone read from the memo (protocol %i)", (protocol) => {
    // UTC and +05:30, with the timezone's memo read compared as learned and its offset written
    // after the time; in msgpack a text of 32 characters (microseconds and an offset, one dict in
    // four) is a str8, as the value path packs it.
    const { shapeValues } = enginePath([named(`dicts holding datetimes with timezones (protocol ${protocol})`)]);
    expect(shapeValues).toBeGreaterThan(2500);
  });

  it.each([0x00, 0x4e, 0x30])("writes and fails as the value path does when a replayed datetime's REDUCE is byte %i", (byte) => {
    // The TUPLE1, its put and REDUCE of a datetime late in the root (0x00: no opcode; NONE and
    // POP: opcodes that read on). A replay that took the REDUCE unchecked wrote the datetime.
    const bytes = named("dicts holding datetimes and dates (protocol 4)");
    const tail = Uint8Array.of(0x85, 0x94, 0x52);
    // Three quarters in (the last dict, with a timezone-aware datetime, is not replayed).
    let at = Math.floor(bytes.length * 0.75);
    while (at > 0 && !tail.every((value, i) => bytes[at + i] === value)) at--;
    expect(at).toBeGreaterThan(bytes.length / 2);
    const mutated = new Uint8Array(bytes);
    mutated[at + 2] = byte;
    expect(enginePath([mutated]).text).toBe(valuePath(mutated));
    expect(enginePath(splitEvery(mutated, 4059)).text).toBe(valuePath(mutated));
  });

  it("fails as the value path does on a datetime out of range late in a root of replayed dicts", () => {
    const bytes = named("a datetime out of range late in a root (protocol 4)");
    const whole = enginePath([bytes]);
    expect(whole.text).toBe(valuePath(bytes));
    expect(whole.text).toMatch(/error: .*hour 24 is out of range/);
  });

  it.each([2, 3, 4, 5])("replays dicts holding Decimals whose strs a later dict reads (protocol %i)", (protocol) => {
    // Each dict's `prev` reads the str of the dict before's Decimal: a str's span when it is the
    // Decimal's text, an island's entry when it is not (every 10th, `"13e0"`, written as `13`).
    const bytes = named(`Decimals whose strs are read again (protocol ${protocol})`);
    const { text, shapeValues } = enginePath([bytes]);
    expect(text).toBe(valuePath(bytes));
    expect(shapeValues).toBeGreaterThan(2000);
    if (format.name === "JSON") expect(text).toContain('{"price":"14.14","prev":"13e0"}');
  });

  // Timedeltas: days of every int opcode and sign, up to 999,999,999; the shared one (every 10th
  // dict) a memo read of a value a replay wrote; every 250th dict a timezone made of its own
  // timedelta (the island reads it from the memo: made then from the ints the replay kept).
  // UUIDs: ints of every opcode up to 2**128 - 1; the shared one a memo read; every 300th with
  // `is_safe` in its state (the general island's).
  it.each(
    [
      ["timedeltas", "written as their total_seconds()", '{"id":5,"took":86399999913785.05,'],
      ["UUIDs", "written as str(uuid)", '"uid":"ffffffff-ffff-ffff-ffff-ffffffffffff"'],
    ].flatMap(([kind, form, sample]) => [2, 3, 4, 5].map((protocol) => [kind!, form!, protocol, sample!] as const)),
  )("replays dicts holding %s, %s (protocol %i)", (kind, _form, protocol, sample) => {
    const bytes = named(`dicts holding ${kind} (protocol ${protocol})`);
    const { text, shapeValues } = enginePath([bytes]);
    expect(text).toBe(valuePath(bytes));
    expect(shapeValues).toBeGreaterThan(2500);
    if (format.name === "JSON") expect(text).toContain(sample);
  });

  it.each([2, 3, 4, 5])("replays dicts keyed by ints, and dicts holding them (protocol %i)", (protocol) => {
    // 2500 records, each a dict holding three int-keyed dicts (one of 0-4 keys in turn: five
    // shapes); those in the root's first 16 KiB are the driver's.
    expect(enginePath([named(`dicts keyed by ints (protocol ${protocol})`)]).shapeValues).toBeGreaterThan(1500);
    expect(enginePath([named(`int keys and str keys of the same digits (protocol ${protocol})`)]).shapeValues).toBeGreaterThan(1500);
  });

  it("leaves dicts of two scalars under 16 bytes to the driver", () => {
    const bytes = named("small dicts keyed by a few ints (protocol 4)");
    const { text, shapeValues } = enginePath([bytes]);
    expect(text).toBe(valuePath(bytes));
    expect(shapeValues).toBe(0);
  });

  it("keeps 8 shapes of a root that cycles through 10, and stops learning", () => {
    // Learning stops after 16 shapes learned: the last 8 stay and replay 8 dicts in 10 (learning
    // on at every miss would evict a shape before its turn came again: no replay at all).
    const { shapeValues } = enginePath([named("dicts of 10 shapes in turn (protocol 4)")]);
    expect(shapeValues).toBeGreaterThan(1500);
  });

  it("replays dicts whose values are memo reads of their keys", () => {
    expect(enginePath([named("keys met again as values (protocol 5)")]).shapeValues).toBeGreaterThan(2500);
  });

  it("learns a shape met late in a root read in chunks that cut many dicts before it", () => {
    // 1 KiB chunks cut a dict at each chunk's end (over 100 before the second shape): those cost
    // no learning attempt, so the second shape is learned as the first was.
    const bytes = named("a second shape late (protocol 4)");
    const chunked = enginePath(splitEvery(bytes, 1024));
    expect(chunked.text).toBe(valuePath(bytes));
    expect(chunked.shapeValues).toBeGreaterThan(4500);
  });

  it("replays nothing in chunks too small to hold a dict, and writes the same", () => {
    const bytes = named("records by key (protocol 5)");
    const tiny = enginePath(splitEvery(bytes, 7));
    expect(tiny.text).toBe(valuePath(bytes));
    expect(tiny.shapeValues).toBeLessThan(enginePath([bytes]).shapeValues);
  });

  it.each(["records by key (protocol 5)", "scalars of every kind (protocol 2)", "shared values (protocol 4)", "dicts holding datetimes and dates (protocol 4)", "dicts holding bytes (protocol 5)", "dicts holding lists of dicts (protocol 4)", "dicts holding Decimals (protocol 3)", "dicts holding datetimes with timezones (protocol 4)", "dicts keyed by ints (protocol 4)", "int keys and str keys of the same digits (protocol 2)", "Decimals whose strs are read again (protocol 5)", "dicts holding timedeltas (protocol 4)", "dicts holding timedeltas (protocol 2)", "dicts holding UUIDs (protocol 5)", "dicts holding UUIDs (protocol 3)"])(
    "writes and fails as the value path does when bytes of %s are replaced",
    (name) => {
      const bytes = named(name);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: 64, max: 20000 }), (edits, chunk) => {
          const mutated = new Uint8Array(bytes);
          for (const [at, value] of edits) mutated[at] = value;
          expect(enginePath(splitEvery(mutated, chunk)).text).toBe(valuePath(mutated));
        }),
        { numRuns: 60, seed: 12 },
      );
    },
  );

  it("writes as the value path does when a replayed dict's int key is another int", () => {
    // A BININT1's byte changed: a key then repeats in its dict, or is the int of a str key's
    // digits (in JSON both are `"0"`), or is a value's int changed.
    const bytes = named("int keys and str keys of the same digits (protocol 4)");
    fc.assert(
      fc.property(fc.nat(bytes.length - 3), fc.integer({ min: 0, max: 3 }), (at, value) => {
        const mutated = new Uint8Array(bytes);
        const found = mutated.indexOf(0x4b /* BININT1 */, at);
        if (found < 0 || found + 2 >= mutated.length) return;
        mutated[found + 1] = value;
        expect(enginePath([mutated]).text).toBe(valuePath(mutated));
      }),
      { numRuns: 80, seed: 5 },
    );
  });

  it("writes as the value path does when a replayed dict's opcodes are swapped for another scalar's", () => {
    // Byte edits that keep the pickle valid: a BININT1 value made a NONE + pad, a key's memo read
    // pointed at another key, a MEMOIZE made a BINPUT of the wrong index.
    const bytes = named("a list of records (protocol 4)");
    fc.assert(
      fc.property(fc.nat(bytes.length - 3), fc.constantFrom("get", "put", "int"), (at, kind) => {
        const mutated = new Uint8Array(bytes);
        const found = mutated.indexOf(kind === "get" ? 0x68 : kind === "put" ? 0x94 : 0x4b, at);
        if (found < 0 || found + 2 >= mutated.length) return;
        if (kind === "get") mutated[found + 1] = (mutated[found + 1]! + 1) & 0xff;
        else if (kind === "int") mutated[found] = 0x4e;
        else mutated[found] = 0x71;
        expect(enginePath([mutated]).text).toBe(valuePath(mutated));
      }),
      { numRuns: 80, seed: 3 },
    );
  });
});
