// The merge's transcoder (pickle bytes straight to msgpack segment rows) against the general
// path it stands in for (decode with the core Unpickler, then ShardEncoder + msgpackr): on any
// input it either gives the same rows, byte for byte, or declines with NotTranscodable and the
// general path decides (and reports bad input). It must never accept what the general path
// refuses, and must take CPython's own plain-data pickles without declining.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PyFloat, type PyValue, dumps, loadAll, markFrozenSet, markTuple } from "@pkl-stream/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMapHeader, skipValue } from "../../../packages/stream/src/merge/msgpack-walk.js";
import { ENTRY_FIELDS, isWholeNode, type Segment } from "../../../packages/stream/src/merge/segment.js";
import { ShardEncoder } from "../../../packages/stream/src/merge/shard-encoder.js";
import { NotTranscodable, transcodeDictPickles } from "../../../packages/stream/src/merge/transcode/pickle-to-msgpack.js";
import { concatChunks } from "../../helpers/chunks.js";
import { runPythonScript, testPath } from "../../helpers/python.js";
import { hasPython, makeTempDir, runPython } from "../python.js";

const BUDGET = 64 * 1024 * 1024;

/**
 * Each row as [identity, key, value] in hex: layouts may differ, these must not. A key a record
 * repeats (only hand-made pickles do) counts as Python's dict does, as the merge tree applies
 * it: one entry, in the first one's place, with the last value. A deep merge's rows are listed
 * as they are, each with its depth and whether it is a node; a node row that holds its dict's
 * bytes (kept whole, msgpack output) is listed as the same dict laid out as rows, its entries
 * read from those bytes as the main thread reads them.
 */
function rows(segment: Segment, isDeep = false): string[][] {
  const out: string[][] = [];
  const hex = (start: number, end: number): string => Buffer.from(segment.bytes.subarray(start, end)).toString("hex");
  let inRecord = new Map<string, number>();
  for (let row = 0; row < segment.entryCount; row++) {
    const at = row * ENTRY_FIELDS;
    const t = segment.table;
    if (!isDeep) expect(t[at]! & ~2).toBe(0); // depth 0, no node rows
    if ((t[at]! & 2) !== 0) {
      inRecord = new Map();
      out.push(["record"]);
    }
    const entry = [hex(t[at + 1]!, t[at + 2]!), hex(t[at + 3]!, t[at + 4]!), hex(t[at + 4]!, t[at + 5]!)];
    if (isDeep) {
      if (isWholeNode(t, at)) {
        out.push([`depth ${t[at]! >>> 2} node`, entry[0]!, entry[1]!, ""]);
        listWholeDict(segment.bytes, t[at + 4]!, (t[at]! >>> 2) + 1, out);
        continue;
      }
      out.push([`depth ${t[at]! >>> 2}${(t[at]! & 1) === 1 ? " node" : ""}`, ...entry]);
      continue;
    }
    const earlier = inRecord.get(entry[0]!);
    if (earlier === undefined) {
      inRecord.set(entry[0]!, out.length);
      out.push(entry);
    } else {
      out[earlier]![2] = entry[2]!;
    }
  }
  return out;
}

/** The entries of the msgpack map at `start` as rows() lists a dict laid out as rows (its keys are strs: their identity is their bytes). */
function listWholeDict(bytes: Uint8Array, start: number, depth: number, out: string[][]): void {
  const hex = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString("hex");
  const header = readMapHeader(bytes, start)!;
  let offset = header.offset;
  for (let n = 0; n < header.count; n++) {
    const keyEnd = skipValue(bytes, offset);
    const valueEnd = skipValue(bytes, keyEnd);
    if (readMapHeader(bytes, keyEnd) === null) {
      out.push([`depth ${depth}`, hex(offset, keyEnd), hex(offset, keyEnd), hex(keyEnd, valueEnd)]);
    } else {
      out.push([`depth ${depth} node`, hex(offset, keyEnd), hex(offset, keyEnd), ""]);
      listWholeDict(bytes, keyEnd, depth + 1, out);
    }
    offset = valueEnd;
  }
}

type Outcome = { readonly rows: string[][]; readonly recordCount: number } | { readonly error: Error };

function general(bytes: Uint8Array, isDeep = false): Outcome {
  const encoder = new ShardEncoder({ format: "msgpack", isDeep, maxOutputBytes: BUDGET });
  try {
    let index = 0;
    for (const record of loadAll(bytes, { dict: "map", wrapIntegralFloats: true })) {
      const recordIndex = index++;
      encoder.addRecord(record, recordIndex, () => `record ${recordIndex}`);
    }
    return { rows: rows(encoder.finish(), isDeep), recordCount: index };
  } catch (error) {
    return { error: error as Error };
  }
}

function transcoded(bytes: Uint8Array, isDeep = false): Outcome {
  try {
    const { segment, recordCount } = transcodeDictPickles(bytes, { maxOutputBytes: BUDGET, isDeep });
    return { rows: rows(segment, isDeep), recordCount };
  } catch (error) {
    return { error: error as Error };
  }
}

/** The contract: same rows, or NotTranscodable (and nothing else) from the transcoder. */
function expectAgreement(bytes: Uint8Array, label: string, isDeep = false): "same" | "declined" {
  const ours = transcoded(bytes, isDeep);
  if ("error" in ours) {
    expect(ours.error, `${label}: ${ours.error.message}`).toBeInstanceOf(NotTranscodable);
    return "declined";
  }
  const reference = general(bytes, isDeep);
  if ("error" in reference) throw new Error(`${label}: transcoded, but the general path fails: ${reference.error.message}`);
  expect(ours, label).toEqual(reference);
  return "same";
}

/** Agreement, and the transcoder took the input itself (says why when it declined). */
function expectTaken(bytes: Uint8Array, label: string, isDeep = false): void {
  const ours = transcoded(bytes, isDeep);
  if ("error" in ours) throw new Error(`${label}: declined: ${ours.error.message}`);
  expect(expectAgreement(bytes, label, isDeep)).toBe("same");
}


describe("transcodeDictPickles", () => {
  it("writes what the general path writes for plain values at protocols 2 to 5", () => {
    const value = new Map<PyValue, PyValue>([
      ["str", "héllo wörld ✓ 𝄞"],
      ["ints", [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31)]],
      ["bigints", [2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, -(2n ** 63n), -(2n ** 63n) - 1n, 10n ** 40n]],
      ["floats", [0.5, -0.0, new PyFloat(2), new PyFloat(-0), Number.NaN, Number.POSITIVE_INFINITY, new PyFloat(-1e300), 1.5e-300]],
      ["bytes", [new Uint8Array([1, 2, 3]), new Uint8Array(300), new Uint8Array(70000)]],
      ["nested", new Map<PyValue, PyValue>([["a", markTuple([1, "x", null, true, false])], [7, new Map([[null, []]])]])],
      ["long str", "x".repeat(70000)],
      [42, "an int key"],
      [2.5, "a float key"],
      [true, "a bool key"],
      [null, "a None key"],
      [new Uint8Array([0x61]), "a bytes key"],
    ]);
    for (const protocol of [3, 4, 5] as const) {
      const bytes = dumps(value, { protocol });
      expectTaken(bytes, `protocol ${protocol}`);
    }
    // Protocol 2 has no bytes opcodes (bytes are a _codecs.encode call): without them it is taken too.
    const withoutBytes = new Map([...value].filter(([key]) => key !== "bytes" && !(key instanceof Uint8Array)));
    expectTaken(dumps(withoutBytes, { protocol: 2 }), "protocol 2");
  });

  it("copies a value met again through the memo (shared lists, repeated strings)", () => {
    const shared = ["tag-a", "tag-b"];
    const records = [0, 1, 2].map((i) => new Map<PyValue, PyValue>([[`k${i}`, new Map<PyValue, PyValue>([["tags", shared], ["same", shared], ["name", "tag-a"]])]]));
    for (const protocol of [2, 4, 5] as const) {
      const bytes = dumps(new Map<PyValue, PyValue>(records.flatMap((m) => [...m])), { protocol });
      expectTaken(bytes, `protocol ${protocol}`);
    }
  });

  it("reads appended records, each with its own memo", () => {
    const bytes = concatChunks([0, 1, 2, 3].map((i) => dumps(new Map<PyValue, PyValue>([[`k${i}`, ["x", "x", i]], ["same", i]]), { protocol: ((i % 4) + 2) as 2 | 3 | 4 | 5 })));
    expectTaken(bytes, "appended");
  });

  it("reads each file with an empty memo after a file that stopped midway with a full one (memo arrays kept between files)", () => {
    // PROTO 4, {}, 'k': 'v' with 'v' put at memo 9 (0-8 holes), then 'j': memo 5, a hole here.
    const readsHole = Uint8Array.from([0x80, 4, 0x7d, 0x8c, 1, 0x6b, 0x8c, 1, 0x76, 0x71, 9, 0x73, 0x8c, 1, 0x6a, 0x68, 5, 0x73, 0x2e]);
    const before = transcoded(readsHole);
    // Memoizes 3000 strs (memo 5 among them), then stops: truncated.
    const full = dumps(new Map<PyValue, PyValue>(Array.from({ length: 1000 }, (_, i) => [`key${i}`, [`a${i}`, `b${i}`]])), { protocol: 4 });
    expect(transcoded(full.subarray(0, full.length - 100))).toEqual({ error: expect.any(NotTranscodable) });
    expect(before).toEqual({ error: expect.any(NotTranscodable) });
    expect(transcoded(readsHole)).toEqual(before);
    const small = dumps(new Map<PyValue, PyValue>([["x", ["y", "y"]]]), { protocol: 4 });
    expect(transcoded(small)).toEqual(general(small));
    expectTaken(full, "the full file after");
  });

  it("takes a dict of entries a few bytes each (more rows than its table is first made for)", () => {
    const tiny = new Map<PyValue, PyValue>(Array.from({ length: 5000 }, (_, i) => [i, i % 7]));
    const bytes = dumps(tiny, { protocol: 4 });
    expect(bytes.length / 5000).toBeLessThan(32);
    expectTaken(bytes, "tiny entries");
  });

  it("takes an empty file and an empty dict", () => {
    expectTaken(new Uint8Array(0), "empty file");
    expectTaken(dumps(new Map(), { protocol: 4 }), "empty dict");
  });

  it("takes sets and frozensets of strs and ints as the general path packs them (arrays), in last-wins and deep merges", () => {
    const value = new Map<PyValue, PyValue>([
      ["s", new Set<PyValue>([1, "a", 300])],
      ["nested", new Map<PyValue, PyValue>([["f", markFrozenSet(new Set<PyValue>(["x", 2]))], ["e", new Set()]])],
    ]);
    for (const protocol of [4, 5] as const) {
      expectTaken(dumps(value, { protocol }), `sets at protocol ${protocol}`);
      expectTaken(dumps(value, { protocol }), `sets at protocol ${protocol}, deep`, true);
    }
  });

  it.each([
    ["a set of floats", new Map<PyValue, PyValue>([["s", new Set([1.5, 2.5])]])],
    ["a lone surrogate", new Map<PyValue, PyValue>([["s", "\ud800"]])],
    ["a tuple key", new Map<PyValue, PyValue>([[markTuple([1, 2]), 1]])],
    ["a nested float key", new Map<PyValue, PyValue>([["d", new Map<PyValue, PyValue>([[1.5, 1]])]])],
  ])("declines %s, and the general path takes it", (label, value) => {
    const bytes = dumps(value, { protocol: 4 });
    const ours = transcoded(bytes);
    expect("error" in ours ? ours.error : ours, label).toBeInstanceOf(NotTranscodable);
    const reference = general(bytes);
    expect("error" in reference ? reference.error.message : reference.recordCount, label).toBe(1);
  });

  it("declines protocol 0 and 1, a record that is not a dict, and a truncated file", () => {
    const top = dumps(new Map<PyValue, PyValue>([["a", 1]]), { protocol: 4 });
    const cases: [string, Uint8Array][] = [
      ["protocol 0", Buffer.from("(dp0\nVa\np1\nI1\ns.", "latin1")],
      ["a list record", dumps([1, 2], { protocol: 4 })],
      ["truncated", top.subarray(0, top.length - 1)],
      ["trailing garbage", concatChunks([top, Uint8Array.of(0x00)])],
    ];
    for (const [label, bytes] of cases) expect(expectAgreement(bytes, label)).toBe("declined");
  });

  it("declines a nested dict that repeats a key (Python keeps one entry), and one inside itself", () => {
    // {"d": {"a": 1, "a": 2}}: PROTO 4, EMPTY_DICT, "d", EMPTY_DICT, MARK "a" 1 "a" 2 SETITEMS, SETITEM, STOP
    const repeated = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x64, 0x7d, 0x28, 0x8c, 1, 0x61, 0x4b, 1, 0x8c, 1, 0x61, 0x4b, 2, 0x75, 0x73, 0x2e);
    expect(expectAgreement(repeated, "repeated key")).toBe("declined");
    // {"l": L} where L = [L]: EMPTY_LIST MEMOIZE BINGET 0 APPEND
    const cycle = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x6c, 0x5d, 0x94, 0x68, 0, 0x61, 0x73, 0x2e);
    expect(expectAgreement(cycle, "cycle")).toBe("declined");
  });

  it("declines a nested dict that repeats a None key or a bytes key, which it otherwise takes", () => {
    // {"d": {None: 1, None: 2}} and {"d": {b"a": 1, b"a": 2}}: the general path keeps one entry each.
    const none = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x64, 0x7d, 0x28, 0x4e, 0x4b, 1, 0x4e, 0x4b, 2, 0x75, 0x73, 0x2e);
    const bytes = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x64, 0x7d, 0x28, 0x43, 1, 0x61, 0x4b, 1, 0x43, 1, 0x61, 0x4b, 2, 0x75, 0x73, 0x2e);
    expect(expectAgreement(none, "None keys")).toBe("declined");
    expect(expectAgreement(bytes, "bytes keys")).toBe("declined");
    expectTaken(dumps(new Map<PyValue, PyValue>([["d", new Map<PyValue, PyValue>([[null, 1], [new Uint8Array([0x61]), 2], ["a", 3]])]]), { protocol: 4 }), "None, bytes and str keys");
  });

  it("declines a record whose root dict is inside itself (a value of its own, or in a list of its own)", () => {
    // {"a": <the root>}: PROTO 4, EMPTY_DICT, MEMOIZE, "a", BINGET 0, SETITEM, STOP
    const asValue = Uint8Array.of(0x80, 4, 0x7d, 0x94, 0x8c, 1, 0x61, 0x68, 0, 0x73, 0x2e);
    // {"a": [<the root>]}: ... "a", EMPTY_LIST, BINGET 0, APPEND, SETITEM, STOP
    const inList = Uint8Array.of(0x80, 4, 0x7d, 0x94, 0x8c, 1, 0x61, 0x5d, 0x68, 0, 0x61, 0x73, 0x2e);
    // {<the root>: 1}, then the root left on the stack: STOP with two values
    const asKey = Uint8Array.of(0x80, 4, 0x7d, 0x94, 0x68, 0, 0x4b, 1, 0x73, 0x2e);
    for (const [label, bytes] of [["as a value", asValue], ["in a list", inList], ["as a key", asKey]] as const) {
      expect(expectAgreement(bytes, label)).toBe("declined");
    }
  });

  it("takes a list built from a MARK (LIST), written as the general path writes a list", () => {
    // {"a": [1, 2], "b": []}: PROTO 4, EMPTY_DICT, "a", MARK 1 2 LIST, "b", MARK LIST, SETITEMS... as SETITEM twice
    const bytes = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x61, 0x28, 0x4b, 1, 0x4b, 2, 0x6c, 0x73, 0x8c, 1, 0x62, 0x28, 0x6c, 0x73, 0x2e);
    expectTaken(bytes, "LIST");
    // Appended to after LIST: the transcoder may decline it, never write it differently.
    const appended = Uint8Array.of(0x80, 4, 0x7d, 0x8c, 1, 0x61, 0x28, 0x4b, 1, 0x6c, 0x4b, 2, 0x61, 0x73, 0x2e);
    expectAgreement(appended, "LIST then APPEND");
  });

  it("reports its progress on a file past 8 MiB, in order, with the rows it gives without reports", () => {
    // 20 entries of 1 MiB of bytes each (all different: none is a memo copy), in one record.
    const bytes = dumps(new Map<PyValue, PyValue>(Array.from({ length: 20 }, (_, i) => [`k${i}`, new Uint8Array(1 << 20).fill(i)])), { protocol: 4 });
    const reports: number[] = [];
    const reported = transcodeDictPickles(bytes, { maxOutputBytes: BUDGET, onProgress: (done) => reports.push(done) });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports.every((done) => done > 0 && done < bytes.length)).toBe(true);
    expect(rows(reported.segment)).toEqual(rows(transcodeDictPickles(bytes, { maxOutputBytes: BUDGET }).segment));
    expect(reported.segment.entryCount).toBe(20);
  });

  it("declines a record whose output passes maxOutputBytes, and takes the next file with room for it", () => {
    const bytes = dumps(new Map<PyValue, PyValue>([["a", "x".repeat(1000)]]), { protocol: 4 });
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: 100 })).toThrow(NotTranscodable);
    expect(transcodeDictPickles(bytes, { maxOutputBytes: 2000 }).recordCount).toBe(1);
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: 100 })).toThrow(NotTranscodable);
  });

  it("takes values nested 150 deep, as the general path writes them, and declines 250 deep", () => {
    const nested = (depth: number): Uint8Array => {
      let value: PyValue = [1];
      for (let i = 0; i < depth; i++) value = i % 2 === 1 ? [value] : new Map<PyValue, PyValue>([["k", value]]);
      return dumps(new Map<PyValue, PyValue>([["a", value]]), { protocol: 4 });
    };
    expectTaken(nested(150), "150 deep");
    expect(expectAgreement(nested(250), "250 deep")).toBe("declined");
  });

  it("agrees with the general path on random plain values at every protocol (property)", () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.double(),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }),
    );
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -300, max: 300 }), fc.constant(null));
    const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 5 }),
        fc.array(tie("value"), { maxLength: 4 }).map((items) => markTuple(items)),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => new Map<PyValue, PyValue>(entries)),
      ),
    }));
    const record = fc.array(fc.tuple(fc.oneof(key, fc.double(), fc.boolean()), value), { maxLength: 8 }).map((entries) => new Map<PyValue, PyValue>(entries));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 3, 4, 5), (records, protocol) => {
        const bytes = concatChunks(records.map((r) => dumps(r, { protocol: protocol as 2 | 3 | 4 | 5 })));
        expectAgreement(bytes, `protocol ${protocol}`);
      }),
      { numRuns: 300 },
    );
  });

  it("never accepts what the general path refuses, on mutated pickles (property)", () => {
    const base = concatChunks([
      dumps(new Map<PyValue, PyValue>([["a", [1, "x", 2.5]], ["b", new Map<PyValue, PyValue>([["c", "x"]])], [3, 2n ** 64n]]), { protocol: 4 }),
      dumps(new Map<PyValue, PyValue>([["d", markTuple(["x", "x"])]]), { protocol: 2 }),
    ]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = Uint8Array.from(base);
        for (const [at, byte] of edits) bytes[at] = byte;
        expectAgreement(bytes, `edits ${JSON.stringify(edits)}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("transcodeDictPickles for a deep merge", () => {
  it("lays out nested dicts as node rows followed by their entries, as the general path does", () => {
    const inner = new Map<PyValue, PyValue>([["x", 1], [2, "two"], [null, [3, new Map([["not", "a node"]])]], [new Uint8Array([0x62]), new Map()]]);
    const record = new Map<PyValue, PyValue>([
      ["a", inner],
      ["b", new Map<PyValue, PyValue>([["c", new Map<PyValue, PyValue>([["d", new Map([["e", 1.5]])]])], ["f", "g"]])],
      [7, inner],
      ["h", [inner]],
      ["i", "plain"],
    ]);
    // (Protocol 2 has no bytes opcodes: its bytes key is a _codecs.encode call, the general path's.)
    for (const protocol of [3, 4, 5] as const) expectTaken(dumps(record, { protocol }), `protocol ${protocol}`, true);
  });

  it("keeps a dict whole when it and every dict in it have only str keys, and lays out the others as rows", () => {
    const layout = (value: Map<PyValue, PyValue>): string[] => {
      const { segment } = transcodeDictPickles(dumps(value, { protocol: 4 }), { maxOutputBytes: BUDGET, isDeep: true });
      const kinds: string[] = [];
      for (let row = 0; row < segment.entryCount; row++) {
        const at = row * ENTRY_FIELDS;
        kinds.push(isWholeNode(segment.table, at) ? "whole" : (segment.table[at]! & 1) === 1 ? "rows" : `depth ${segment.table[at]! >>> 2}`);
      }
      return kinds;
    };
    const strKeyed = new Map<PyValue, PyValue>([["x", 1], ["y", new Map([["z", [1, 2]]])], ["w", new Map()]]);
    expect(layout(new Map<PyValue, PyValue>([["a", strKeyed], ["b", 2], ["c", new Map()]]))).toEqual(["whole", "depth 0", "whole"]);
    // An int key two levels down: the whole value is rows (its identity is not its bytes).
    const intKeyed = new Map<PyValue, PyValue>([["x", 1], ["y", new Map<PyValue, PyValue>([[5, "five"]])]]);
    expect(layout(new Map<PyValue, PyValue>([["a", intKeyed]]))).toEqual(["rows", "depth 1", "rows", "depth 2"]);
    // A dict of 16 entries or more has a 3-byte head: kept whole too.
    const wide = new Map<PyValue, PyValue>(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(layout(new Map<PyValue, PyValue>([["a", wide]]))).toEqual(["whole"]);
    // For JSON output (ints past 64 bits declined) the same: the converter keeps them whole too.
    const { segment } = transcodeDictPickles(dumps(new Map<PyValue, PyValue>([["a", strKeyed]]), { protocol: 4 }), { maxOutputBytes: BUDGET, isDeep: true, declineBigInts: true });
    expect(isWholeNode(segment.table, 0)).toBe(true);
    expect(segment.entryCount).toBe(1);
  });

  it("never keeps whole a dict that gives a key twice (a hand-made pickle): the driver declines it", () => {
    // {"a": {"x": 1, "x": 2}} at protocol 4, the inner SETITEMS giving "x" twice. Kept whole, its
    // bytes would be copied with both entries, where the general path's dict keeps one.
    const bytes = Uint8Array.from([
      0x80, 0x04, 0x7d, 0x28, 0x8c, 0x01, 0x61, 0x7d, 0x28, 0x8c, 0x01, 0x78, 0x4b, 0x01, 0x8c, 0x01, 0x78, 0x4b, 0x02, 0x75, 0x75, 0x2e,
    ]);
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: BUDGET, isDeep: true })).toThrow(NotTranscodable);
    expect(expectAgreement(bytes, "a nested key given twice", true)).toBe("declined");
  });

  it("declines a record that gives a root key twice (a hand-made pickle), in a deep merge only", () => {
    // {"b": {"x": 1}, "b": {"z": 2}}: the record's dict holds {"z": 2} alone, where the tree would
    // merge the two dicts into an earlier file's "b" (a fuzz find). Without deep the tree keeps the
    // later value, as the general path does.
    const bytes = Uint8Array.from(Buffer.from("80047d288c01627d288c01784b01758c01627d288c017a4b0275752e", "hex"));
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: BUDGET, isDeep: true })).toThrow(NotTranscodable);
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: BUDGET })).not.toThrow();
    // An int key and a str key with the same digits are two keys: taken.
    const twoKeys = dumps(new Map<PyValue, PyValue>([[1, new Map([["x", 1]])], ["1", new Map([["y", 2]])]]), { protocol: 4 });
    expectTaken(twoKeys, "an int key and its digits as a str", true);
  });

  it("declines a nested key that is an int past 64 bits, or a str of its digits, and takes such ints as values", () => {
    // msgpack holds the int as its digits: the two keys would look the same.
    for (const key of [2n ** 70n, -(2n ** 70n), (2n ** 70n).toString(), (-(2n ** 64n)).toString()]) {
      const bytes = dumps(new Map<PyValue, PyValue>([["a", new Map<PyValue, PyValue>([[key, 1]])]]), { protocol: 4 });
      expect(expectAgreement(bytes, `key ${key}`, true)).toBe("declined");
      expectTaken(bytes, `key ${key}, not deep`);
    }
    const values = dumps(new Map<PyValue, PyValue>([["a", new Map<PyValue, PyValue>([["big", 2n ** 70n], ["digits", "1".repeat(18)], ["1".repeat(18), "a str key of 18 digits"]])]]), { protocol: 4 });
    expectTaken(values, "an int past 64 bits as a value", true);
  });

  it("agrees with the general path on random nested dicts (property)", () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -300, max: 300 }), fc.constant(null));
    const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 10 })),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((entries) => new Map<PyValue, PyValue>(entries)),
      ),
    }));
    const record = fc.array(fc.tuple(fc.oneof(key, fc.double()), value), { maxLength: 6 }).map((entries) => new Map<PyValue, PyValue>(entries));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 3, 4, 5), (records, protocol) => {
        const bytes = concatChunks(records.map((r) => dumps(r, { protocol: protocol as 2 | 3 | 4 | 5 })));
        expectAgreement(bytes, `protocol ${protocol}`, true);
      }),
      { numRuns: 300 },
    );
  });
});

describe.runIf(hasPython)("transcodeDictPickles on CPython's pickles", () => {
  it("takes every committed fixture value wrapped in a dict, at protocols 2 to 5, or declines", () => {
    // Each fixture value (read back by CPython) becomes {"v": value, 7: value, "again": value}.
    const temp = makeTempDir();
    const fixtures = testPath("fixtures/values");
    runPythonScript(testPath("stream/merge/wrap_fixtures.py"), [fixtures, temp.dir]);
    const counts = { same: 0, declined: 0 };
    for (const name of readdirSync(temp.dir).sort()) counts[expectAgreement(readFileSync(join(temp.dir, name)), name)]++;
    temp.remove();
    expect(counts.same + counts.declined).toBeGreaterThan(400);
    expect(counts.same).toBeGreaterThan(100);
  });

  it("takes CPython's records-shaped shards without declining", () => {
    const temp = makeTempDir();
    runPython(
      `
import pickle, sys, random
rng = random.Random(7)
d = {}
for i in range(3000):
    d["user:%06d" % i] = {"id": i, "name": rng.choice(["Ana", "Lars Nováková", "Mei 王"]), "score": rng.random() * 500,
        "active": i % 2 == 0, "tags": rng.sample(["tag-a", "tag-b", "tag-c", "tag-d"], 2), "parent": None if i % 3 else i * 7,
        "big": 2 ** 40 + i, "raw": bytes([i % 256]) * (i % 5)}
for p in (2, 3, 4, 5):
    if p == 2:  # protocol 2 writes bytes as a _codecs.encode call: the general path's business
        for v in d.values():
            del v["raw"]
    with open("%s/shard-p%d.pkl" % (sys.argv[1], p), "wb") as f:
        pickle.dump(d, f, protocol=p)
`,
      [temp.dir],
    );
    for (const name of readdirSync(temp.dir).sort()) expectTaken(readFileSync(join(temp.dir, name)), name);
    temp.remove();
  });

  it("takes classes inside values (islands), packed as the general path packs them; declines them as root keys, in a deep merge and for JSON", () => {
    const temp = makeTempDir();
    runPython(
      `
import collections, datetime, decimal, pickle, sys
import numpy as np
class Point:
    def __init__(self, x):
        self.x = x
UTC = datetime.timezone.utc
d = {}
for i in range(500):
    d["user:%04d" % i] = {"at": datetime.datetime(2024, 1, 1, tzinfo=UTC if i % 2 else None) + datetime.timedelta(seconds=i),
        "day": datetime.date(2020, 1, 1 + i % 28), "price": decimal.Decimal("%d.25" % i), "raw": bytearray(b"ab"),
        "counts": collections.Counter("aab"), "vec": np.arange(3, dtype=np.int32) + i, "p": Point(i), "n": i}
for p in (2, 3, 4):
    with open("%s/taken-p%d.pkl" % (sys.argv[1], p), "wb") as f:
        pickle.dump(d, f, protocol=p)
with open("%s/dates.pkl" % sys.argv[1], "wb") as f:
    pickle.dump({"user:%04d" % i: {"at": datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=i * 7919), "day": datetime.date(2020, 1, 1 + i % 28),
        "inner": {"when": datetime.date(2021, 1, 1)}, "utc": datetime.datetime(2024, 1, 1, i % 24, tzinfo=UTC), "price": decimal.Decimal("%d.5" % i),
        "n": i} for i in range(500)}, f, protocol=4)
with open("%s/key.pkl" % sys.argv[1], "wb") as f:
    pickle.dump({datetime.date(2020, 1, 1): 1}, f, protocol=4)
with open("%s/nested-keys.pkl" % sys.argv[1], "wb") as f:
    pickle.dump({"u%d" % i: {datetime.date(2020, 1, 1 + j): j for j in range(i % 5)} for i in range(50)}, f, protocol=4)
`,
      [temp.dir],
    );
    for (const protocol of [2, 3, 4]) {
      const bytes = readFileSync(join(temp.dir, `taken-p${protocol}.pkl`));
      expectTaken(bytes, `protocol ${protocol}`);
      // A deep merge and JSON take datetimes, dates and Decimals only (engine/island.ts readStateText).
      expect(expectAgreement(bytes, `protocol ${protocol}, deep`, true)).toBe("declined");
      expect(() => transcodeDictPickles(bytes, { maxOutputBytes: BUDGET, declineBigInts: true })).toThrow(NotTranscodable);
    }
    const dates = readFileSync(join(temp.dir, "dates.pkl"));
    expectTaken(dates, "datetimes, dates and Decimals");
    expectTaken(dates, "datetimes, dates and Decimals, deep", true);
    expect(transcodeDictPickles(dates, { maxOutputBytes: BUDGET, declineBigInts: true }).recordCount).toBe(1);
    expect(expectAgreement(readFileSync(join(temp.dir, "key.pkl")), "a date key")).toBe("declined");
    // Inside a value, a class packed as a str is a key as the general path packs it; not in a
    // deep merge (a str key with the same text is another key) nor for JSON.
    const nestedKeys = readFileSync(join(temp.dir, "nested-keys.pkl"));
    expectTaken(nestedKeys, "date keys inside values");
    expect(expectAgreement(nestedKeys, "date keys inside values, deep", true)).toBe("declined");
    expect(() => transcodeDictPickles(nestedKeys, { maxOutputBytes: BUDGET, declineBigInts: true })).toThrow(NotTranscodable);
    temp.remove();
  });
});
