// JsonPickler: pickles written straight from JSON text are the Pickler's bytes for the values
// parseJsonValue reads from the same text, whether the transcoder writes them or leaves them to
// the value path; what is no JSON fails as the value path fails.
import { Pickler } from "@pkl-stream/core";
import { genops } from "@pkl-stream/core/disasm";
import { BLANK, DECLINED, JsonPickler, parseJsonValue } from "@pkl-stream/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteDifference } from "../../helpers/chunks.js";

const PROTOCOLS = [2, 3, 4, 5] as const;
type Protocol = (typeof PROTOCOLS)[number];
const utf8 = new TextEncoder();

/** The Pickler's bytes for the value parseJsonValue reads from `text`. */
function valuePath(text: string, protocol: Protocol): Uint8Array {
  return new Pickler({ protocol }).dump(parseJsonValue(text));
}

/** The transcoder's record for `text`, or DECLINED. */
function transcoded(text: string, protocol: Protocol): Uint8Array | typeof DECLINED {
  const pickler = new JsonPickler({ protocol });
  const bytes = utf8.encode(text);
  const after = pickler.tryRecord(bytes, 0, bytes.length);
  if (after === DECLINED) return DECLINED;
  expect(after).toBe(bytes.length);
  return pickler.take();
}

/** `text` as one NDJSON line through pickleLine (the transcoder, or the value path when it declines). */
function line(text: string, protocol: Protocol): Uint8Array {
  const pickler = new JsonPickler({ protocol });
  const bytes = utf8.encode(text);
  expect(pickler.pickleLine(bytes, 0, bytes.length)).toBe(true);
  return pickler.take();
}

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

/** Values at the edges of the Pickler's batches, string headers and frames. */
const EDGE_CASES: Record<string, string> = {
  "a list of 1,000 items (one batch)": JSON.stringify(range(1000)),
  "a list of 1,001 items (a second batch of one)": JSON.stringify(range(1001)),
  "a dict of 1,000 pairs (a full batch, then an empty one)": JSON.stringify(Object.fromEntries(range(1000).map((i) => [`k${i}`, i]))),
  "a dict of 2,001 pairs with repeated str values": JSON.stringify(Object.fromEntries(range(2001).map((i) => [`k${i}`, `v${i % 50}`]))),
  "single-item containers nested in many-item ones": '[[1], {"a": [2]}, [[[3]]], {"b": {"c": {}}}, [[]], [{}]]',
  "strings of 255, 256 and 70,000 bytes, repeated": JSON.stringify(["a".repeat(255), "b".repeat(256), "c".repeat(70_000), "a".repeat(255), "c".repeat(70_000)]),
  "a record past several frames": JSON.stringify(range(20_000).map((i) => ({ id: i, name: `n${i % 300}`, t: i * 1.5 }))),
  "escapes, surrogate pairs, lone surrogates and non-ASCII text": '["tab\\t \\"q\\" \\\\ \\/ \\b\\f\\n\\r", "\\u00e9t\\u00e9", "\\ud83d\\ude00", "\\ud800x", "\\udc00", "\\ud800\\ud800\\udc00", "café 😀", "caf\\u00e9"]',
  "escapes that make a long string short": JSON.stringify(["\u00e9".repeat(100)]).replace(/\u00e9/g, "\\u00e9"),
  "ints of every width": "[0, -0, 1, 255, 256, 65535, 65536, -1, -2147483648, 2147483647, 2147483648, 123456789012345, -1234567890123456, 9007199254740991, 9007199254740993, -123456789012345678901234567890]",
  "floats of every shape": "[2.0, -0.0, 0.1, 1.5e300, 1e400, -1e-400, 1E+21, 5e-324, 1.7000000001234567e9, 1700000000.123456, 0.30000000000000004, 9007199254740993.0, 123456789012345678901234567890.5, 1e22, 1e23, 3.14e-10]",
  "literals and empties": '[true, false, null, "", [], {}, {"": ""}]',
  "whitespace between tokens": ' { "a" : [ 1 , 2 ] ,\t"b" :\r\n{ } } ',
};

describe("JsonPickler", () => {
  describe.each(PROTOCOLS)("protocol %i", (protocol) => {
    it.each(Object.entries(EDGE_CASES))("writes the Pickler's bytes for %s", (_name, text) => {
      expect(byteDifference(line(text, protocol), valuePath(text, protocol))).toBe("equal");
    });

    it("writes the Pickler's bytes for any JSON value, itself (no value path) when no key repeats", () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }), fc.boolean(), (value, isIndented) => {
          const text = JSON.stringify(value, null, isIndented ? 1 : undefined);
          expect(byteDifference(transcoded(text, protocol), valuePath(text, protocol))).toBe("equal");
        }),
        { numRuns: 300 },
      );
    });
  });

  it("writes floats with the double Number() reads, for any decimal text", () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: -330, max: 330 }), fc.boolean())
      .map(([digits, point, exponent, isNegative]) => {
        const text = digits.toString().padStart(point + 1, "0");
        const split = text.length - point;
        return `${isNegative ? "-" : ""}${text.slice(0, split)}.${text.slice(split) || "0"}e${exponent}`;
      });
    fc.assert(
      fc.property(decimal, (text) => {
        const record = transcoded(text, 2);
        expect(record).not.toBe(DECLINED);
        const view = new DataView((record as Uint8Array).buffer, (record as Uint8Array).byteOffset);
        expect(view.getFloat64(3, false)).toBe(Number(text)); // PROTO 2, BINFLOAT, 8 bytes (no frame before protocol 4)
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves a dict with a repeated key to the value path, which keeps the last value at the first key's place", () => {
    const text = '{"a": 1, "b": 2, "a": 3}';
    expect(transcoded(text, 5)).toBe(DECLINED);
    expect(byteDifference(line(text, 5), valuePath(text, 5))).toBe("equal");
    const names = [...genops(line(text, 5))].map((op) => op.info.name);
    expect(names.filter((name) => name === "SETITEMS")).toHaveLength(1);
    // A key repeated only in another dict, or as a value, is a GET of the first str, not a repeat.
    expect(transcoded('[{"a": "b"}, {"a": 1, "b": "a"}]', 5)).not.toBe(DECLINED);
  });

  it("leaves nesting past maxDepth to the value path, which refuses it as the Pickler does", () => {
    const pickler = new JsonPickler({ maxDepth: 3 });
    const deep = utf8.encode("[[[[1]]]]");
    expect(pickler.tryRecord(deep, 0, deep.length)).toBe(DECLINED);
    expect(() => pickler.pickleLine(deep, 0, deep.length)).toThrow(/maxDepth \(3\)/);
    const fits = utf8.encode("[[[1]]]");
    expect(pickler.tryRecord(fits, 0, fits.length)).toBe(fits.length);
  });

  it("leaves a one-item container whose item crosses a frame boundary to the value path (its frames would differ)", () => {
    const text = JSON.stringify({ rows: range(20_000).map((i) => [i, `s${i}`]) });
    expect(transcoded(text, 5)).toBe(DECLINED);
    expect(byteDifference(line(text, 5), valuePath(text, 5))).toBe("equal");
    // Without frames (protocol 2) the same record is the transcoder's.
    expect(byteDifference(transcoded(text, 2), valuePath(text, 2))).toBe("equal");
  });

  it("fails a line that is not one JSON value with the value path's SyntaxError, writing nothing", () => {
    const pickler = new JsonPickler();
    for (const text of ['{"a": }', "[1, 2", '{"a": 1} x', "01", "1.", "-", '"\\x"', '"\\u12"', "tru", "NaN", '{"a" 1}', '"a\tb"']) {
      const bytes = utf8.encode(text);
      expect(() => pickler.pickleLine(bytes, 0, bytes.length), text).toThrow(SyntaxError);
      expect(pickler.size).toBe(0);
    }
  });

  it("fails a line that is not UTF-8 (the value path's TypeError), and copies valid multi-byte text as it is", () => {
    const pickler = new JsonPickler();
    for (const bad of [[0x22, 0xc3, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe0, 0x80, 0x80, 0x22], [0x22, 0xff, 0x22]]) {
      const bytes = Uint8Array.from(bad);
      expect(pickler.tryRecord(bytes, 0, bytes.length)).toBe(DECLINED);
      expect(() => pickler.pickleLine(bytes, 0, bytes.length)).toThrow(TypeError);
    }
    expect(byteDifference(line('"\u0800 \u{10ffff} \u00ff"', 5), valuePath('"\u0800 \u{10ffff} \u00ff"', 5))).toBe("equal");
  });

  it("reads one line of NDJSON up to its end: a blank line is no record, and the next line is never read", () => {
    const pickler = new JsonPickler();
    const bytes = utf8.encode(' \t\r\n{"a": [1,\n2]}\n');
    expect(pickler.tryRecord(bytes, 0, 3)).toBe(BLANK);
    expect(pickler.pickleLine(bytes, 0, 3)).toBe(false);
    // `{"a": [1,` ends at the newline: not a value, even though the next line would complete it.
    expect(() => pickler.pickleLine(bytes, 4, 13)).toThrow(SyntaxError);
    expect(pickler.size).toBe(0);
  });

  it("gathers records in one buffer and hands them over by take, each a whole pickle", () => {
    const pickler = new JsonPickler({ protocol: 4 });
    const bytes = utf8.encode('{"a": 1}\n[2]\n"three"\n');
    let start = 0;
    while (start < bytes.length) {
      const end = bytes.indexOf(0x0a, start);
      pickler.pickleLine(bytes, start, end);
      start = end + 1;
    }
    const taken = pickler.take();
    expect(taken).toEqual(Uint8Array.from([...valuePath('{"a": 1}', 4), ...valuePath("[2]", 4), ...valuePath('"three"', 4)]));
    expect(pickler.size).toBe(0);
  });
});
