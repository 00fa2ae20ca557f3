// JSON and NDJSON merge output through the transcoder (pickle -> msgpack rows -> JSON rows, in
// the worker) against the general path it stands in for (decode with the core Unpickler, then
// ShardEncoder's JSON rows): on any input the fast path gives the same rows byte for byte, or
// declines with NotTranscodable and the general path decides. Then whole merges, built both
// ways in process (MergeTree + emitTree, every policy the fast path takes), write the same bytes,
// and the real merge (workers) writes what CPython's load + dict.update loop gives.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { PyFloat, type PyValue, dumps, loadAll, markTuple } from "@pkl-stream/core";
import { mergePickles } from "@pkl-stream/stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ByteBatch } from "../../../packages/stream/src/merge/byte-batch.js";
import { emitTree } from "../../../packages/stream/src/merge/emit.js";
import { JsonReadRows, MergeTree, type StoredSegment } from "../../../packages/stream/src/merge/merge-tree.js";
import type { ConflictPolicy } from "../../../packages/stream/src/merge/output-format.js";
import { ENTRY_FIELDS, type Segment, isWholeNode } from "../../../packages/stream/src/merge/segment.js";
import { ShardEncoder } from "../../../packages/stream/src/merge/shard-encoder.js";
import { msgpackRowsToJson } from "../../../packages/stream/src/merge/transcode/msgpack-to-json.js";
import { NotTranscodable, transcodeDictPickles } from "../../../packages/stream/src/merge/transcode/pickle-to-msgpack.js";
import { transcodeShard } from "../../../packages/stream/src/merge/transcode/transcode-shard.js";
import { concatChunks } from "../../helpers/chunks.js";
import { runPythonScript, testPath } from "../../helpers/python.js";
import { hasPython, makeTempDir, runPython } from "../python.js";
import { writePickles, writeShards } from "./merge-oracle.js";

const BUDGET = 64 * 1024 * 1024;
type JsonFormat = "json" | "ndjson";

/**
 * Each row as [identity (hex), key, value], with record starts marked. A key a record repeats
 * (only hand-made pickles do) counts as Python's dict does, as the merge tree applies it: one
 * entry, in the first one's place, with the last value (the transcoder writes both rows, the
 * decoded dict holds one).
 */
function rows(segment: Segment): string[][] {
  const out: string[][] = [];
  const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
  const t = segment.table;
  let inRecord = new Map<string, number>();
  for (let row = 0; row < segment.entryCount; row++) {
    const at = row * ENTRY_FIELDS;
    expect(t[at]! & ~2).toBe(0);
    if ((t[at]! & 2) !== 0) {
      inRecord = new Map();
      out.push(["record"]);
    }
    const entry = [bytes.toString("hex", t[at + 1]!, t[at + 2]!), bytes.toString("utf8", t[at + 3]!, t[at + 4]!), bytes.toString("utf8", t[at + 4]!, t[at + 5]!)];
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

type Outcome = { readonly segment: Segment; readonly recordCount: number } | { readonly error: Error };

function general(bytes: Uint8Array, format: JsonFormat, maxOutputBytes = BUDGET, isDeep = false): Outcome {
  const encoder = new ShardEncoder({ format, isDeep, maxOutputBytes });
  try {
    let index = 0;
    for (const record of loadAll(bytes, { dict: "map", wrapIntegralFloats: true })) {
      const recordIndex = index++;
      encoder.addRecord(record, recordIndex, () => `record ${recordIndex}`);
    }
    return { segment: encoder.finish(), recordCount: index };
  } catch (error) {
    return { error: error as Error };
  }
}

function fast(bytes: Uint8Array, format: JsonFormat, maxOutputBytes = BUDGET, isDeep = false): Outcome {
  try {
    return transcodeShard(bytes, { format, isDeep, maxOutputBytes });
  } catch (error) {
    return { error: error as Error };
  }
}

/** The contract: the same rows, or NotTranscodable (and nothing else) from the fast path. */
function expectAgreement(bytes: Uint8Array, label: string, maxOutputBytes = BUDGET): "same" | "declined" {
  const ours = fast(bytes, "json", maxOutputBytes);
  if ("error" in ours) {
    expect(ours.error, `${label}: ${ours.error.message}`).toBeInstanceOf(NotTranscodable);
    return "declined";
  }
  const reference = general(bytes, "json", maxOutputBytes);
  if ("error" in reference) throw new Error(`${label}: transcoded, but the general path fails: ${reference.error.message}`);
  expect({ rows: rows(ours.segment), count: ours.recordCount }, label).toEqual({ rows: rows(reference.segment), count: reference.recordCount });
  return "same";
}

/**
 * Each row as [depth << 2 | isRecordStart << 1 | isNode, identity (hex), key, value]: a deep
 * merge's layout, as it is, but for a dict kept whole (the transcoder's, str keys only): that is
 * listed as the same dict laid out as rows, its entries read as the main thread reads them
 * (MergeTree's JsonReadRows, from the msgpack the row holds), so that they must equal the general
 * path's rows.
 */
function deepRows(segment: Segment): (string | number)[][] {
  const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
  const stored: StoredSegment = { bytes, table: segment.table, file: "shard.pkl" };
  const readRows = new JsonReadRows("shard.pkl");
  const out: (string | number)[][] = [];
  const list = (source: StoredSegment, row: number): void => {
    const t = source.table;
    const at = row * ENTRY_FIELDS;
    const text = (start: number, end: number): string => source.bytes.toString("utf8", start, end);
    if (!isWholeNode(t, at)) {
      out.push([t[at]!, source.bytes.toString("hex", t[at + 1]!, t[at + 2]!), text(t[at + 3]!, t[at + 4]!), text(t[at + 4]!, t[at + 5]!)]);
      return;
    }
    out.push([t[at]!, source.bytes.toString("hex", t[at + 1]!, t[at + 2]!), text(t[at + 3]!, t[at + 4]!), ""]);
    const { first, end } = readRows.addEntries(source, row);
    for (let entry = first; entry < end; entry++) list(readRows, entry);
  };
  for (let row = 0; row < segment.entryCount; row++) list(stored, row);
  return out;
}

/** expectAgreement for a deep merge: node rows and their entries' rows, depth and all. */
function expectDeepAgreement(bytes: Uint8Array, label: string, format: JsonFormat = "json"): "same" | "declined" {
  const ours = fast(bytes, format, BUDGET, true);
  if ("error" in ours) {
    expect(ours.error, `${label}: ${ours.error.message}`).toBeInstanceOf(NotTranscodable);
    return "declined";
  }
  const reference = general(bytes, format, BUDGET, true);
  if ("error" in reference) throw new Error(`${label}: transcoded, but the general path fails: ${reference.error.message}`);
  expect({ rows: deepRows(ours.segment), count: ours.recordCount }, label).toEqual({ rows: deepRows(reference.segment), count: reference.recordCount });
  return "same";
}

function expectTaken(bytes: Uint8Array, label: string): void {
  const ours = fast(bytes, "json");
  if ("error" in ours) throw new Error(`${label}: declined: ${ours.error.message}`);
  expect(expectAgreement(bytes, label)).toBe("same");
}

/** A whole merge in process, each file's rows from `rowsOf`: the output bytes, or the error. */
async function mergeInProcess(
  files: ReadonlyArray<readonly [string, Uint8Array]>,
  format: JsonFormat,
  policy: ConflictPolicy,
  rowsOf: (bytes: Uint8Array, format: JsonFormat, isDeep: boolean) => Outcome,
): Promise<string> {
  const tree = new MergeTree(policy, format);
  try {
    for (const [name, file] of files) {
      const bytes = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
      const outcome = rowsOf(bytes, format, policy === "deep");
      if ("error" in outcome) throw outcome.error;
      tree.add(outcome.segment, name);
    }
  } catch (error) {
    return `error: ${(error as Error).name}: ${(error as Error).message}`;
  }
  const chunks: Buffer[] = [];
  await emitTree(tree, format, new ByteBatch(4096, async (chunk) => void chunks.push(Buffer.from(chunk))));
  return Buffer.concat(chunks).toString("utf8");
}

/** The fast path where it takes the file, else the general path: what the worker does. */
const fastOrGeneral = (bytes: Uint8Array, format: JsonFormat, isDeep: boolean): Outcome => {
  const outcome = fast(bytes, format, BUDGET, isDeep);
  return "error" in outcome && outcome.error instanceof NotTranscodable ? general(bytes, format, BUDGET, isDeep) : outcome;
};

/** The general path alone. */
const generalOnly = (bytes: Uint8Array, format: JsonFormat, isDeep: boolean): Outcome => general(bytes, format, BUDGET, isDeep);

async function expectSameMerges(files: ReadonlyArray<readonly [string, Uint8Array]>, label: string): Promise<void> {
  for (const format of ["json", "ndjson"] as const) {
    for (const policy of ["last", "first", "error", "deep"] as const) {
      const expected = await mergeInProcess(files, format, policy, generalOnly);
      expect(await mergeInProcess(files, format, policy, fastOrGeneral), `${label} ${format} ${policy}`).toBe(expected);
    }
  }
}

const plainValue = new Map<PyValue, PyValue>([
  ["str", 'héllo wörld ✓ 𝄞 "quoted" back\\slash \u0000\u0001\u0008\t\n\u000b\f\r\u001f\u007f \u2028\u2029'],
  ["ints", [0, 1, 9, 10, 99, 100, 127, 128, 255, 256, 65535, 65536, 2 ** 31 - 1, -1, -9, -10, -32, -33, -128, -129, -32768, -32769, -(2 ** 31)]],
  ["bigints", [2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 63n), -(2n ** 32n)]],
  ["floats", [0.5, -0.0, 0.0, new PyFloat(2), new PyFloat(-0), Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, new PyFloat(-1e300), 1.5e-300, 1e16, 1e-5, 123.456, 1 / 3, 5e-324]],
  ["bytes", [new Uint8Array([1, 2, 3]), new Uint8Array([0xff]), new Uint8Array([0xfb, 0xff]), new Uint8Array(0), new Uint8Array(300).map((_, i) => i), new Uint8Array(70000)]],
  ["nested", new Map<PyValue, PyValue>([["a", markTuple([1, "x", null, true, false])], [7, new Map<PyValue, PyValue>([[null, []], [-3, {}], [2n ** 40n, 1], [new Uint8Array([0x61, 0x62]), 2], ["é\n", 3]])]])],
  ["empty", [[], markTuple([]), new Map()]],
  ["long str", "x".repeat(70000)],
  ["long escaped str", "\u0001".repeat(300) + "é".repeat(40000)],
  [42, "an int key"],
  [-7, "a negative int key"],
  [2n ** 40n, "a big int key"],
  [2.5, "a float key"],
  [new PyFloat(3), "an integral float key"],
  [Number.NaN, "a NaN key"],
  [Number.NEGATIVE_INFINITY, "an infinite key"],
  [-0.0, "a negative zero key"],
  [true, "a bool key"],
  [false, "another bool key"],
  [null, "a None key"],
  [new Uint8Array([0x61, 0xff]), "a bytes key"],
  ['"key"\n', "a key to escape"],
]);

describe("JSON merge rows through the transcoder", () => {
  it("writes what the general path writes for plain values at protocols 3 to 5", () => {
    for (const protocol of [3, 4, 5] as const) expectTaken(dumps(plainValue, { protocol }), `protocol ${protocol}`);
  });

  it("writes what the general path writes at protocol 2 (no bytes opcodes there)", () => {
    const withoutBytes = new Map([...plainValue].filter(([key, value]) => key !== "bytes" && key !== "nested" && !(key instanceof Uint8Array) && !(value instanceof Uint8Array)));
    expectTaken(dumps(withoutBytes, { protocol: 2 }), "protocol 2");
  });

  it("writes floats as repr does, whole thousandths (a shortcut) and others alike (property)", () => {
    const thousandths = fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((k) => k / 1000);
    const near = fc.tuple(thousandths, fc.integer({ min: -3, max: 3 })).map(([v, steps]) => {
      // A neighbour a few ulps away: not a whole number of thousandths.
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, v);
      view.setBigInt64(0, view.getBigInt64(0) + BigInt(steps));
      return view.getFloat64(0);
    });
    const float = fc.oneof(thousandths, near, fc.double({ noNaN: true }), fc.constantFrom(0.001, -0.001, 0.0005, 999999999.999, 1e9, 1e9 - 0.001, 0.1, 0.7, 1.1, 123.456, 5e-324));
    fc.assert(
      fc.property(fc.array(float, { minLength: 1, maxLength: 20 }), (floats) => {
        const items = floats.map((v): PyValue => (Number.isInteger(v) ? new PyFloat(v) : v));
        expectTaken(dumps(new Map<PyValue, PyValue>([["f", items]]), { protocol: 4 }), JSON.stringify(floats));
      }),
      { numRuns: 500 },
    );
  });

  it("writes NDJSON rows equal to JSON rows, as the general path does", () => {
    const bytes = dumps(plainValue, { protocol: 4 });
    const ours = fast(bytes, "ndjson");
    const reference = general(bytes, "ndjson");
    if ("error" in ours || "error" in reference) throw new Error("a path failed");
    expect(rows(ours.segment)).toEqual(rows(reference.segment));
  });

  it("copies a value met again through the memo, and reads appended records each with its own memo", () => {
    const shared = ["tag-a", "tag-b"];
    const records = [0, 1, 2, 3].map((i) => new Map<PyValue, PyValue>([[`k${i}`, new Map<PyValue, PyValue>([["tags", shared], ["same", shared], ["name", "tag-a"], ["f", 0.1 * i]])], ["same", i]]));
    expectTaken(concatChunks(records.map((r, i) => dumps(r, { protocol: ((i % 4) + 2) as 2 | 3 | 4 | 5 }))), "appended");
  });

  it("declines an int past 64 bits, which the msgpack rows would hold as a str", () => {
    for (const big of [2n ** 64n, -(2n ** 63n) - 1n, 10n ** 40n]) {
      const bytes = dumps(new Map<PyValue, PyValue>([["a", "12"], ["big", [big]]]), { protocol: 4 });
      expect(expectAgreement(bytes, String(big))).toBe("declined");
      // msgpack output still takes it (as the digits' str, as its general path writes).
      expect(transcodeDictPickles(bytes, { maxOutputBytes: BUDGET }).recordCount).toBe(1);
    }
  });

  it("declines a value whose JSON passes maxOutputBytes, where the general path fails", () => {
    // 3000 control characters: 3 KB of msgpack, 18 KB of JSON.
    const bytes = dumps(new Map<PyValue, PyValue>([["s", "\u0001".repeat(3000)]]), { protocol: 4 });
    expect(expectAgreement(bytes, "budget", 10_000)).toBe("declined");
    expect("error" in general(bytes, "json", 10_000)).toBe(true);
    expect(expectAgreement(bytes, "budget", 20_000)).toBe("same");
  });

  it("converts a deep merge's node rows and their entries' rows as the general path writes them, depth and all, to JSON and NDJSON", () => {
    // Nested dicts keyed by str, int, None and bytes (a float or bool key in one declines, deep or not).
    // Not the -0.0 key (a Map's 0): it and False are one Python key, which a deep merge's record
    // may not give twice through the transcoder (the general path takes such a record).
    const nested = new Map<PyValue, PyValue>([
      ...[...plainValue].filter(([key]) => key !== 0),
      ["deeper", new Map<PyValue, PyValue>([["a", new Map<PyValue, PyValue>([["b", new Map<PyValue, PyValue>([[1, "x"]])], [null, new Map()]])], ["list", [new Map<PyValue, PyValue>([["in a list", 1]])]]])],
      [7, new Map<PyValue, PyValue>([[new Uint8Array([0x61]), new Map<PyValue, PyValue>([[2n ** 40n, 1]])]])],
    ]);
    // Protocol 3 on: bytes at protocol 2 are the general path's (see above).
    for (const protocol of [3, 4, 5] as const) {
      for (const format of ["json", "ndjson"] as const) {
        const bytes = concatChunks([dumps(nested, { protocol }), dumps(new Map<PyValue, PyValue>([["second", new Map([["record", 1]])]]), { protocol })]);
        expect(expectDeepAgreement(bytes, `protocol ${protocol} ${format}`, format)).toBe("same");
      }
    }
  });

  it("agrees with the general path on random nested dicts for a deep merge (property)", () => {
    // Keys the transcoder takes in a nested dict (not floats or bools: those decline, deep or not).
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -300, max: 300 }), fc.constant(null), fc.uint8Array({ maxLength: 3 }));
    const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.constant(null)),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((entries) => new Map<PyValue, PyValue>(entries)),
      ),
    }));
    const record = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((entries) => new Map<PyValue, PyValue>(entries));
    let taken = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(3, 4, 5), (records, protocol) => {
        const bytes = concatChunks(records.map((r) => dumps(r, { protocol: protocol as 3 | 4 | 5 })));
        if (expectDeepAgreement(bytes, `protocol ${protocol}`) === "same") taken++;
      }),
      { numRuns: 300 },
    );
    // The driver declines as many of these records deep or not (about 45% each, doubles among them).
    expect(taken).toBeGreaterThan(50);
  });

  it("declines msgpack it was not made for", () => {
    const float32 = { bytes: Uint8Array.of(0xa1, 0x61, 0xca, 0, 0, 0, 0), table: Uint32Array.of(2, 0, 2, 0, 2, 7), entryCount: 1 };
    expect(() => msgpackRowsToJson(float32, BUDGET)).toThrow(NotTranscodable);
    const mapKey = { bytes: Uint8Array.of(0xa1, 0x61, 0x81, 0x90, 0xc0), table: Uint32Array.of(2, 0, 2, 0, 2, 5), entryCount: 1 };
    expect(() => msgpackRowsToJson(mapKey, BUDGET)).toThrow(NotTranscodable);
  });

  it("agrees with the general path on random plain values at every protocol (property)", () => {
    const pyFloat = fc.double().map((d): PyValue => (Number.isInteger(d) ? new PyFloat(d) : d));
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
      // An integral JS number is a Python int (huge ones LONG1s the transcoder leaves alone): floats as PyFloat.
      pyFloat,
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }),
    );
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -300, max: 300 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n }), fc.constant(null), fc.uint8Array({ maxLength: 5 }));
    const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 5 }),
        fc.array(tie("value"), { maxLength: 4 }).map((items) => markTuple(items)),
        fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => new Map<PyValue, PyValue>(entries)),
      ),
    }));
    const record = fc.array(fc.tuple(fc.oneof(key, pyFloat, fc.boolean()), value), { maxLength: 8 }).map((entries) => new Map<PyValue, PyValue>(entries));
    let taken = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), fc.constantFrom(2, 3, 4, 5), (records, protocol) => {
        const bytes = concatChunks(records.map((r) => dumps(r, { protocol: protocol as 2 | 3 | 4 | 5 })));
        if (expectAgreement(bytes, `protocol ${protocol}`) === "same") taken++;
      }),
      { numRuns: 400 },
    );
    // About a third of the runs are taken (95-150 of 400 over seeds from the clock; 95 failed a CI
    // run when this asked for more than 100): the check is that the transcoder takes a real share.
    expect(taken).toBeGreaterThan(60);
  });

  it("never accepts what the general path refuses, on mutated pickles (property)", () => {
    const base = concatChunks([
      dumps(new Map<PyValue, PyValue>([["a", [1, "x\n", 2.5]], ["b", new Map<PyValue, PyValue>([["c", "x"]])], [3, 2n ** 60n], ["f", new PyFloat(2)]]), { protocol: 4 }),
      dumps(new Map<PyValue, PyValue>([["d", markTuple(["x", "x"])], [new Uint8Array([1]), new Uint8Array([2, 3])]]), { protocol: 5 }),
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

  it("writes the same merged JSON and NDJSON as the general path for random shards under last, first, error and deep (property)", async () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "c", "é", 'q"'), fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.0, 2.5, Number.NaN), fc.boolean(), fc.constant(null));
    const scalar = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), fc.constant(null));
    // Dicts (two levels) for the deep merge to merge.
    const inner = fc.array(fc.tuple(key, scalar), { maxLength: 3 }).map((entries) => new Map<PyValue, PyValue>(entries));
    const value = fc.oneof(scalar, inner, fc.array(fc.tuple(key, fc.oneof(scalar, inner)), { maxLength: 3 }).map((entries) => new Map<PyValue, PyValue>(entries)));
    const shard = fc.array(fc.array(fc.tuple(key, value), { maxLength: 6 }).map((entries) => new Map<PyValue, PyValue>(entries)), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(shard, { minLength: 1, maxLength: 4 }), async (shards) => {
        const files = shards.map((records, i) => [`shard-${i}.pkl`, concatChunks(records.map((r) => dumps(r, { protocol: 4 })))] as const);
        await expectSameMerges(files, "random shards");
      }),
      { numRuns: 60 },
    );
  });
});

describe.runIf(hasPython)("JSON merges through the transcoder on CPython's pickles", () => {
  const temp = makeTempDir();
  const dir = temp.dir;
  beforeAll(() => {
    writeShards(dir, 200);
    // Shards the fast path takes whole (no ints past 64 bits), overlapping, one of appended records.
    runPython(
      `
import pickle, os, sys, random
out = sys.argv[1]
rng = random.Random(11)
names = ["Ana", "Lars Nováková", "Mei 王", 'quote " and \\\\', "tab\\tline\\n"]
def value(i):
    return {"id": i, "name": rng.choice(names), "score": round(rng.random() * 1000, 3) if i % 3 else rng.random(),
            "whole": float(i), "active": i % 2 == 0, "tags": rng.sample(["tag-a", "tag-b", "tag-c"], 2),
            "parent": None if i % 4 == 0 else i * 7, "big": 2 ** 62 + i, "raw": bytes([i % 256]) * (i % 4), 5: "int key"}
os.mkdir(os.path.join(out, "plain"))
for s in range(3):
    d = {"user:%05d" % (s * 150 + i): value(s * 1000 + i) for i in range(300)}
    d[7] = s
    d[2.5] = "float key"
    with open(os.path.join(out, "plain", "p-%d.pkl" % s), "wb") as f:
        if s == 1:
            items = list(d.items())
            for p, part in zip((3, 4, 5), (items[0::3], items[1::3], items[2::3])):
                pickle.dump(dict(part), f, protocol=p)
        else:
            pickle.dump(d, f, protocol=4 + s // 2)
# Datetimes (naive, and with fixed-offset timezones: the first made in place, the rest read from
# the memo), dates and Decimals in values (nested too), overlapping keys; and dates as dict keys.
import datetime, decimal
os.mkdir(os.path.join(out, "dates"))
EST = datetime.timezone(datetime.timedelta(hours=-5), "EST")
for s in range(3):
    d = {"user:%05d" % (s * 150 + i): {"at": datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=(s * 1000 + i) * 7919, microseconds=i % 3),
        "day": datetime.date(2020, 1, 1) + datetime.timedelta(days=i), "n": i, "inner": {"when": datetime.date(2021, 1, 1 + s)},
        "utc": datetime.datetime(2024, 1, 1, tzinfo=(datetime.timezone.utc, EST)[i % 2]) + datetime.timedelta(minutes=i),
        "price": decimal.Decimal("%d.%02d" % (i, s)), "list": [datetime.datetime(1999, 12, 31, 23, 59, 59), s]} for i in range(300)}
    with open(os.path.join(out, "dates", "d-%d.pkl" % s), "wb") as f:
        pickle.dump(d, f, protocol=3 + s)
with open(os.path.join(out, "date-keys.pkl"), "wb") as f:
    pickle.dump({"u%d" % i: {datetime.date(2020, 1, 1 + j): j for j in range(1 + i % 5)} for i in range(50)}, f, protocol=4)
`,
      [dir],
    );
  });
  afterAll(() => temp.remove());

  const filesIn = (folder: string, prefix: string): [string, Uint8Array][] =>
    readdirSync(folder)
      .filter((name) => name.startsWith(prefix))
      .sort()
      .map((name) => [join(folder, name), readFileSync(join(folder, name))]);

  it("writes the same bytes as the general path for the merge tests' shards (ints past 64 bits, gzip, appended records)", async () => {
    await expectSameMerges(filesIn(dir, "shard-"), "merge test shards");
  });

  it("writes the same bytes as the general path for the merge tests' small cases", async () => {
    const cases: [string, string][][] = [
      [["a.pkl", "{1: 'int', '1': 'str', (1, 'a'): 'tuple', None: 0}"], ["b.pkl", "{1.0: 'float', True: 'bool', (1, 'a'): 'tuple2'}"]],
      [["a.pkl", "{'x': 1, 'y': [1, 2]}"], ["b.pkl", "{'y': [1, 2], 'z': 3}"]],
      [["a.pkl", "{'x': 1.0, 'y': float('nan')}"], ["b.pkl", "{'x': 1, 'y': None}"]],
      [["a.pkl", "{b'k': b'v', 2.0: -0.0, False: {'n': {1: 2}}}"], ["b.pkl", "{0: 'zero', 'e\\u00e9': '\\x00\\u2028'}"]],
    ];
    for (const files of cases) {
      const sub = makeTempDir();
      writePickles(sub.dir, files);
      await expectSameMerges(filesIn(sub.dir, ""), JSON.stringify(files));
      sub.remove();
    }
  });

  it("takes datetimes (fixed-offset timezones too), dates and Decimals in values, with the general path's rows and merges, and declines dates as dict keys", async () => {
    const files = filesIn(join(dir, "dates"), "d-");
    for (const [name, bytes] of files) {
      expectTaken(bytes, name);
      expect(expectDeepAgreement(bytes, `${name}, deep`)).toBe("same");
    }
    await expectSameMerges(files, "datetimes, dates and Decimals");
    // As keys: JSON writes a date key as its JSON text, and a deep merge must keep it apart from a str.
    const keys = readFileSync(join(dir, "date-keys.pkl"));
    expect(expectAgreement(keys, "date keys")).toBe("declined");
    expect(expectDeepAgreement(keys, "date keys, deep")).toBe("declined");
  });

  it("takes CPython's plain shards whole, with the general path's rows", () => {
    for (const [name, bytes] of filesIn(join(dir, "plain"), "p-")) expectTaken(bytes, name);
  });

  it("writes what CPython's load + dict.update loop gives, through the worker pool, as JSON and NDJSON", async () => {
    const paths = filesIn(join(dir, "plain"), "p-").map(([path]) => path);
    const expected = runPython(
      `
import json, pickle, sys
merged = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        while True:
            try:
                merged.update(pickle.load(f))
            except EOFError:
                break
def plain(v):
    if isinstance(v, bytes):
        import base64
        return base64.b64encode(v).decode()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
d = plain(merged)
print(json.dumps(d, separators=(",", ":"), ensure_ascii=False))
for k, v in d.items():
    print(json.dumps({k: v}, separators=(",", ":"), ensure_ascii=False))
`,
      paths,
    ).split("\n");
    const json = join(dir, "out.json");
    const ndjson = join(dir, "out.ndjson");
    await mergePickles({ patterns: "plain/p-*.pkl", cwd: dir, output: json, format: "json", concurrency: 2 });
    await mergePickles({ patterns: "plain/p-*.pkl", cwd: dir, output: ndjson, format: "ndjson", concurrency: 2 });
    expect(readFileSync(json, "utf8")).toBe(`${expected[0]}\n`);
    expect(readFileSync(ndjson, "utf8")).toBe(`${expected.slice(1).join("\n")}`);
  });

  it("takes every committed fixture value wrapped in a dict, at protocols 2 to 5, or declines", () => {
    const out = join(dir, "fixtures");
    runPythonScript(testPath("stream/merge/wrap_fixtures.py"), [testPath("fixtures/values"), out]);
    const counts = { same: 0, declined: 0 };
    for (const name of readdirSync(out).sort()) counts[expectAgreement(readFileSync(join(out, name)), name)]++;
    expect(counts.same + counts.declined).toBeGreaterThan(400);
    expect(counts.same).toBeGreaterThan(100);
  });
});
