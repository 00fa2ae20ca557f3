// MsgpackPickler: pickles written straight from msgpack bytes are `dumps` of what
// decodeMsgpackValues reads from the same bytes, whether the transcoder writes them or leaves
// them to the value path; what is no msgpack fails as the value path fails.
import { Pickler, type PyValue } from "@pkl-stream/core";
import { DECLINED } from "@pkl-stream/core/internal";
import { decodeMsgpackValues, MsgpackPickler, MsgpackShapeError } from "@pkl-stream/stream";
import fc from "fast-check";
import { Packr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { byteDifference } from "../helpers/chunks.js";

const PROTOCOLS = [2, 3, 4, 5] as const;
type Protocol = (typeof PROTOCOLS)[number];
const packr = new Packr({ useRecords: false, variableMapSize: true });
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/ /g, ""), "hex"));

/** `dumps` of the value the value path reads. */
function valuePath(bytes: Uint8Array, protocol: Protocol): Uint8Array {
  return new Pickler({ protocol }).dump(decodeMsgpackValues(bytes)[0] as PyValue);
}

function transcoded(bytes: Uint8Array, protocol: Protocol): Uint8Array | typeof DECLINED {
  const pickler = new MsgpackPickler({ protocol });
  const end = pickler.tryRecord(bytes, 0);
  if (end === DECLINED) return DECLINED;
  expect(end).toBe(bytes.length);
  return pickler.take();
}

function pickled(bytes: Uint8Array, protocol: Protocol): Uint8Array {
  const pickler = new MsgpackPickler({ protocol });
  expect(pickler.pickleNext(bytes, 0)).toBe(bytes.length);
  return pickler.take();
}

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

const EDGE_CASES: Record<string, Uint8Array> = {
  "a list of 2,500 items with repeated strs": packr.pack(range(2500).map((i) => (i % 3 ? `s${i % 17}` : i))),
  "a map of 1,000 pairs (a full batch, then an empty one)": packr.pack(new Map(range(1000).map((i) => [`k${i}`, i]))),
  "a map of 2,000 maps": packr.pack(new Map(range(2000).map((i) => [`k${i}`, new Map<string, unknown>([["a", i], ["b", `v${i % 9}`]])]))),
  "strs and bin of 255, 256 and 70,000 bytes, repeated": packr.pack(["a".repeat(255), "b".repeat(256), "c".repeat(70_000), "c".repeat(70_000), new Uint8Array(300), new Uint8Array(70_000).fill(3)]),
  "a record past several frames": packr.pack(range(30_000).map((i) => new Map<string, unknown>([["id", i], ["name", `n${i % 300}`], ["t", i + 0.5]]))),
  "ints of every width": packr.pack([0, -1, -32, -33, 127, 128, 255, 256, 65535, 65536, -2147483648, 2147483647, 2 ** 32, -(2 ** 40), 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n]),
  "float64 and float32, integral ones kept floats": hex("96 cb3ff0000000000000 cb8000000000000000 cb7ff8000000000000 ca3fc00000 ca40000000 ca7f800000"),
  "integral and non-integral float keys": hex("84 cb3ff0000000000000 01 cb3ff0000000000000 02 cb3ff8000000000000 03 ca3fc00000 04"),
  "array keys as tuples, nested ones too": hex("83 92 01 92 02 03 a178 90 c0 94 01 02 03 04 c3"),
  "None, booleans, str and bin keys": hex("84 c0 01 c3 02 a0 03 c40161 04"),
  "non-ASCII strs": packr.pack(["café", "😀", "\u0800\u{10ffff}", "café"]),
  "empties": packr.pack([[], new Map(), "", new Uint8Array(0)]),
};

describe("MsgpackPickler", () => {
  describe.each(PROTOCOLS)("protocol %i", (protocol) => {
    it.each(Object.entries(EDGE_CASES))("writes dumps' bytes for %s", (_name, bytes) => {
      expect(byteDifference(pickled(bytes, protocol), valuePath(bytes, protocol))).toBe("equal");
    });

    it("refuses a map in a key, as msgpack.unpackb does (no hashable Python value): the transcoder leaves it to the value path, which says so", () => {
      for (const bytes of [hex("81 81 01 02 03"), hex("81 91 81 a161 92 01 02 c2"), hex("81 de0001 01 02 03")]) {
        expect(transcoded(bytes, protocol)).toBe(DECLINED);
        expect(() => pickled(bytes, protocol)).toThrow(/is a map, which has no hashable Python value/);
      }
    });

    it("writes dumps' bytes for any msgpack of maps, arrays, strs, ints, floats, bin, booleans and nil", () => {
      const leaf = fc.oneof(
        fc.integer(),
        fc.double(),
        fc.string({ unit: "binary" }),
        fc.boolean(),
        fc.constant(null),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom("a", "b", "key"),
      );
      const key = fc.oneof(fc.string(), fc.integer({ min: -3, max: 3 }), fc.constantFrom("a", "b"), fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }));
      const { tree } = fc.letrec<{ tree: unknown; list: unknown[]; map: Map<unknown, unknown> }>((tie) => ({
        tree: fc.oneof({ depthSize: "small" }, leaf, tie("list"), tie("map")),
        list: fc.array(tie("tree"), { maxLength: 6 }),
        map: fc.array(fc.tuple(key, tie("tree")), { maxLength: 6 }).map((pairs) => new Map(pairs)),
      }));
      fc.assert(
        fc.property(tree, (value) => {
          const bytes = packr.pack(value);
          expect(byteDifference(pickled(bytes, protocol), valuePath(bytes, protocol))).toBe("equal");
          // The transcoder itself takes everything but bytes before protocol 3.
          if (protocol >= 3) expect(transcoded(bytes, protocol)).not.toBe(DECLINED);
        }),
        { numRuns: 300 },
      );
    });
  });

  it("leaves a map with a repeated key to the value path (the last value at the first key's place)", () => {
    for (const bytes of [hex("83 a161 01 a162 02 a161 03"), hex("82 01 01 01 02"), hex("82 cb3ff8000000000000 01 cb3ff8000000000000 02"), hex("82 c3 01 c3 02")]) {
      expect(transcoded(bytes, 5)).toBe(DECLINED);
      expect(byteDifference(pickled(bytes, 5), valuePath(bytes, 5))).toBe("equal");
    }
    // A key that repeats only in another map, or as a value, is no repeat.
    expect(transcoded(hex("92 81 a161 a162 82 a161 01 a162 a161"), 5)).not.toBe(DECLINED);
  });

  it("leaves bytes at protocol 2, strs that are no UTF-8 and nesting past maxDepth to the value path", () => {
    expect(transcoded(hex("c40161"), 2)).toBe(DECLINED);
    expect(byteDifference(pickled(hex("c40161"), 2), valuePath(hex("c40161"), 2))).toBe("equal");
    const badText = hex("a3 61 c3 28");
    expect(transcoded(badText, 5)).toBe(DECLINED);
    expect(byteDifference(pickled(badText, 5), valuePath(badText, 5))).toBe("equal"); // U+FFFD, as TextDecoder replaces it
    const deep = new MsgpackPickler({ maxDepth: 2 });
    expect(deep.tryRecord(hex("91 91 91 01"), 0)).toBe(DECLINED);
    expect(() => deep.pickleNext(hex("91 91 91 01"), 0)).toThrow(/maxDepth \(2\)/);
  });

  it("fails what is no msgpack value with the value path's MsgpackShapeError, writing nothing", () => {
    const pickler = new MsgpackPickler();
    for (const bytes of [hex("92 01"), hex("d40100"), hex("c1"), hex("a5 6162")]) {
      expect(() => pickler.pickleNext(bytes, 0)).toThrow(MsgpackShapeError);
      expect(pickler.size).toBe(0);
    }
  });

  it("pickles a stream of values one record each, from where the last one ended", () => {
    const bytes = Uint8Array.from([...packr.pack({ a: 1 }), ...packr.pack([2]), ...packr.pack("three")]);
    const pickler = new MsgpackPickler({ protocol: 4 });
    let at = 0;
    while (at < bytes.length) at = pickler.pickleNext(bytes, at);
    const records = decodeMsgpackValues(bytes).map((value) => new Pickler({ protocol: 4 }).dump(value));
    expect(pickler.take()).toEqual(Uint8Array.from(records.flatMap((record) => [...record])));
  });
});
