// The Pickler's own contract: sink, options, refusals, memo policy, cycles, out-of-band buffers.
import { spawnSync } from "node:child_process";
import { PyByteArray, PyDate, PyDateTime, PyFloat, PyTime, Pickler, type PyValue, createDict, dumps, loads, markFrozenSet, markTuple } from "@pkl-stream/core";
import { genops } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { requirePython } from "../../helpers/python.js";
import { concatChunks } from "../../helpers/chunks.js";

const opNames = (bytes: Uint8Array): string[] => [...genops(bytes)].map((op) => op.info.name);

/** A value of a few hundred KiB: many small dicts and a 100 KiB bytes payload. */
function largeValue(): PyValue {
  const rows: PyValue[] = [];
  for (let i = 0; i < 5000; i++) {
    const row = createDict();
    row["id"] = i;
    row["name"] = `row ${i}`;
    row["score"] = i / 7;
    rows.push(row);
  }
  return [rows, new Uint8Array(100_000).fill(7)];
}

describe("Pickler with a sink", () => {
  it.each([2, 3, 4, 5] as const)("hands over pieces that join into the bytes dumps returns (protocol %i)", (protocol) => {
    const pieces: Uint8Array[] = [];
    const pickler = new Pickler({ protocol, sink: (bytes) => pieces.push(bytes.slice()) });
    const value = largeValue();
    expect(pickler.dump(value)).toHaveLength(0);
    expect(pieces.length).toBeGreaterThan(2);
    expect(concatChunks(pieces)).toEqual(dumps(value, { protocol }));
  });

  it("writes one complete pickle per dump, each with a fresh memo", () => {
    const pieces: Uint8Array[] = [];
    const pickler = new Pickler({ sink: (bytes) => pieces.push(bytes.slice()) });
    const shared = ["x"];
    pickler.dump([shared, shared]);
    pickler.dump([shared, shared]);
    const stream = concatChunks(pieces);
    const first = dumps([shared, shared]);
    expect(stream).toEqual(concatChunks([first, first]));
  });
});

describe("Pickler with a sink, many small dumps", () => {
  it("hands over pieces that later dumps never overwrite (kept without a copy, they still join into each pickle)", () => {
    const pieces: Uint8Array[] = [];
    const pickler = new Pickler({ sink: (bytes) => pieces.push(bytes) });
    const records = Array.from({ length: 3000 }, (_, i) => [`record ${i}`, i, { k: "v".repeat(i % 50) }]);
    for (const record of records) pickler.dump(record as PyValue);
    expect(concatChunks(pieces)).toEqual(concatChunks(records.map((record) => dumps(record as PyValue))));
  });

  it("drops the bytes of a refused value and keeps the pieces handed over before it", () => {
    const pieces: Uint8Array[] = [];
    const pickler = new Pickler({ sink: (bytes) => pieces.push(bytes) });
    pickler.dump(["before"]);
    expect(() => pickler.dump(["x", undefined] as never)).toThrow(TypeError);
    pickler.dump(["after"]);
    expect(concatChunks(pieces)).toEqual(concatChunks([dumps(["before"]), dumps(["after"])]));
  });
});

describe("dumps of a JavaScript object with no Python value", () => {
  it("names its class with the right article", () => {
    expect(() => dumps(new ArrayBuffer(2) as never)).toThrow(/^cannot pickle an ArrayBuffer$/);
    expect(() => dumps(new Date(0) as never)).toThrow(/^cannot pickle a Date$/);
  });
});

describe("Pickler without a sink, reused", () => {
  it("returns pickles that later dumps never change (a large one handed over, a small one copied)", () => {
    const pickler = new Pickler();
    const large = Array.from({ length: 200_000 }, (_, i) => i);
    const small = ["small", 1];
    const first = pickler.dump(large);
    const second = pickler.dump(small);
    const third = pickler.dump(large.slice(0, 50_000));
    pickler.dump(["overwrite?", "x".repeat(1000)]);
    expect(first).toEqual(dumps(large));
    expect(second).toEqual(dumps(small));
    expect(third).toEqual(dumps(large.slice(0, 50_000)));
  });
});

describe("dumps of values Python cannot load", () => {
  it("refuses a dict key or set item Python cannot hash (its pickle would fail in CPython: unhashable type)", () => {
    const selfSet = new Set<PyValue>();
    selfSet.add(selfSet);
    const cases: [PyValue, RegExp][] = [
      [new Map<PyValue, PyValue>([[[1], 2]]), /a dict key cannot be a list/],
      [new Map<PyValue, PyValue>([[new Map(), 2]]), /a dict key cannot be a dict/],
      [new Map<PyValue, PyValue>([[createDict(), 2]]), /a dict key cannot be a dict/],
      [new Map<PyValue, PyValue>([[markTuple([1, [2]]), 2]]), /a dict key cannot be a list/],
      [new Map<PyValue, PyValue>([[PyByteArray.from([1]), 2]]), /cannot be a bytearray/],
      [new Set<PyValue>([[1]]), /a set item cannot be a list/],
      [markFrozenSet(new Set<PyValue>([createDict()])), /a frozenset item cannot be a dict/],
      [selfSet, /a set item cannot be a set/],
    ];
    for (const protocol of [2, 5] as const) {
      for (const [value, says] of cases) expect(() => dumps(value, { protocol })).toThrow(says);
    }
    // Hashable keys still pass: tuples of primitives, frozensets, bytes.
    const fine = new Map<PyValue, PyValue>([[markTuple([1, "a"]), 1], [markFrozenSet(new Set<PyValue>([1])), 2], [Uint8Array.of(1), 3]]);
    expect(loads(dumps(fine), { dict: "map" })).toBeInstanceOf(Map);
  });

  it("refuses a Map that a getter grows while it is written, rather than writing a wrong dict", () => {
    const map = new Map<PyValue, PyValue>();
    const grower = {
      get x(): number {
        map.set("k2", 2);
        return 1;
      },
    };
    map.set("k", grower as unknown as PyValue);
    expect(() => dumps(map)).toThrow(/a Map changed size while it was being pickled/);
  });

  it("refuses a date, time or datetime whose fields a JS user set out of range, where the state's bytes wrapped them", () => {
    expect(() => dumps(new PyDate({ year: 70_000, month: 1, day: 1 }))).toThrow(/datetime.date: year 70000 is out of range/);
    expect(() => dumps(new PyDate({ year: 1999.5, month: 1, day: 1 }))).toThrow(/year 1999.5 is out of range/);
    expect(() => dumps(new PyTime({ hour: 25, minute: 0, second: 0, microsecond: 0, fold: 0 }))).toThrow(/hour 25 is out of range/);
    const date = { year: 2024, month: 2, day: 30 };
    expect(() => dumps(new PyDateTime(date, { hour: 0, minute: 0, second: 0, microsecond: 2_000_000, fold: 0 }))).toThrow(/datetime.datetime: /);
    expect(loads(dumps(new PyDate({ year: 2024, month: 2, day: 29 })))).toBeInstanceOf(PyDate);
  });

  it("writes an object with no prototype as a dict", () => {
    const bare = Object.create(null) as Record<string, PyValue>;
    bare.a = 1;
    expect(loads(dumps(bare as PyValue))).toEqual({ a: 1 });
  });

  it("says a value is nested deeper than the JS stack holds when maxDepth allows more, not the engine's RangeError", () => {
    let nested: PyValue = 1;
    for (let i = 0; i < 20_000; i++) nested = new Map<PyValue, PyValue>([["k", nested]]);
    expect(() => dumps(nested, { maxDepth: 100_000 })).toThrow(/value nested deeper than the JS stack holds \(depth \d+\); lower maxDepth \(100000\)/);
  });
});

describe("dumps of big ints", () => {
  it("writes ints of every size near a byte boundary, and one of 4 million bits, as loads reads them back", () => {
    const values: bigint[] = [];
    for (let bits = 0n; bits < 140n; bits++) for (const d of [-1n, 0n, 1n]) values.push((1n << bits) + d, -((1n << bits) + d));
    values.push(-(1n << 4_000_000n) + 12_345n); // its encoding shifted the bigint a byte at a time: minutes
    for (const value of values) {
      const back = loads(dumps(value));
      expect(BigInt(back as number | bigint)).toBe(value);
    }
  });
});

describe("dumps options", () => {
  it.each([1, 6, "5", 4.5])("refuses protocol %s with a RangeError", (protocol) => {
    expect(() => dumps(1, { protocol: protocol as never })).toThrow(RangeError);
  });

  it("refuses a sink (dumps returns the bytes)", () => {
    expect(() => dumps(1, { sink: () => {} })).toThrow(TypeError);
  });

  it("refuses bufferCallback below protocol 5, and non-functions", () => {
    expect(() => dumps(1, { protocol: 4, bufferCallback: () => {} })).toThrow(/protocol 5/);
    expect(() => dumps(1, { bufferCallback: 3 as never })).toThrow(TypeError);
  });

  it("refuses bad maxDepth, outOfBandMinBytes and numbersAsFloats values", () => {
    expect(() => dumps(1, { maxDepth: 0 })).toThrow(RangeError);
    expect(() => dumps(1, { outOfBandMinBytes: -1 })).toThrow(RangeError);
    expect(() => dumps(1, { numbersAsFloats: "yes" as never })).toThrow(TypeError);
  });

  it("writes integral numbers as floats with numbersAsFloats, bigints still as ints", () => {
    const back = loads(dumps([2, 2n], { numbersAsFloats: true }), { wrapIntegralFloats: true }) as PyValue[];
    expect(back[0]).toEqual(new PyFloat(2));
    expect(back[1]).toBe(2);
  });
});

describe("values without a Python form", () => {
  it.each([
    ["undefined", [undefined]],
    ["a function", [() => 1]],
    ["a Date", [new Date(0)]],
    ["a symbol", [Symbol("s")]],
  ])("refuses %s with a TypeError", (_name, value) => {
    expect(() => dumps(value as never)).toThrow(TypeError);
  });

  it("writes a plain object's own enumerable string keys only, as Object.keys reads them (the README says so)", () => {
    const object: Record<string | symbol, PyValue> = { a: 1 };
    object[Symbol("hidden")] = 2;
    Object.defineProperty(object, "quiet", { value: 3, enumerable: false });
    expect(loads(dumps(object as PyValue), { dict: "map" })).toEqual(new Map([["a", 1]]));
  });

  it("refuses nesting deeper than maxDepth with a RangeError", () => {
    const root: PyValue[] = [];
    let current = root;
    for (let i = 0; i < 50; i++) {
      const next: PyValue[] = [];
      current.push(next);
      current = next;
    }
    expect(() => dumps(root, { maxDepth: 20 })).toThrow(RangeError);
    expect(loads(dumps(root, { maxDepth: 60 }))).toEqual(root);
  });

  it("refuses a value that contains itself only through tuples", () => {
    const tuple = markTuple<PyValue[]>([1]);
    tuple.push(tuple);
    expect(() => dumps(tuple)).toThrow(/contains itself/);
  });

  it("refuses a frozenset that contains itself, directly or through a tuple, at every protocol (not as a depth error)", () => {
    const direct = markFrozenSet(new Set<PyValue>([1]));
    direct.add(direct);
    const viaTuple = markFrozenSet(new Set<PyValue>());
    viaTuple.add(markTuple<PyValue[]>([viaTuple]));
    for (const protocol of [2, 3, 4, 5] as const) {
      expect(() => dumps(direct, { protocol })).toThrow(/contains itself/);
      expect(() => dumps(viaTuple, { protocol })).toThrow(/contains itself/);
    }
    // A frozenset shared (not contained) is written once and read back twice.
    const shared = markFrozenSet(new Set<PyValue>([1, 2]));
    expect(loads(dumps([shared, markTuple<PyValue[]>([shared])], { protocol: 2 }))).toHaveLength(2);
  });
});

describe("the memo", () => {
  it("memoizes every container and str on first sight, as CPython does, and writes a repeat as a GET", () => {
    const shared = [1];
    const ops = opNames(dumps([shared, shared, [2], "once", "twice", "twice"], { protocol: 4 }));
    // The outer list, shared, [2], "once", "twice"; ints are not memoized.
    expect(ops.filter((name) => name === "MEMOIZE")).toHaveLength(5);
    expect(ops.filter((name) => name === "BINGET")).toHaveLength(2);
  });

  it("finds a str written long before (thousands of other strings in between) and writes a GET", () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `word ${i}`);
    const bytes = dumps([...words, ...words]);
    const ops = opNames(bytes);
    expect(ops.filter((name) => name === "SHORT_BINUNICODE")).toHaveLength(20_000);
    expect(ops.filter((name) => name === "LONG_BINGET" || name === "BINGET")).toHaveLength(20_000);
    expect(loads(bytes)).toEqual([...words, ...words]);
  });

  it("writes the same bytes when the same value is dumped again (its containers already met by an earlier dump)", () => {
    const shared = [1, 2];
    const rows = Array.from({ length: 3000 }, (_, i) => new Map<PyValue, PyValue>([["id", i], ["tags", [i]]]));
    const value: PyValue[] = [rows, shared, rows[10]!, shared];
    const pickler = new Pickler();
    const first = pickler.dump(value);
    expect(pickler.dump(value)).toEqual(first);
    expect(dumps(value)).toEqual(first);
    const back = loads(first, { dict: "map" }) as PyValue[];
    expect(back[2]).toBe((back[0] as PyValue[])[10]);
    expect(back[3]).toBe(back[1]);
  });

  it("finds strs written before and after a large list's size projection grew the str memo at once, then starts the next dump empty", () => {
    // 40,000 items: the projection at 1,000 reserves the str memo for about 45,000 strs.
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    const pickler = new Pickler();
    const bytes = pickler.dump([...words, ...words.slice().reverse()]);
    const ops = opNames(bytes);
    expect(ops.filter((name) => name === "SHORT_BINUNICODE")).toHaveLength(20_000);
    expect(loads(bytes)).toEqual([...words, ...words.slice().reverse()]);
    expect(pickler.dump(["w1", "w1", "x"])).toEqual(dumps(["w1", "w1", "x"]));
  });

  it("starts each dump of a reused Pickler with an empty memo (no GET of an earlier dump's str)", () => {
    const pieces: Uint8Array[] = [];
    const pickler = new Pickler({ sink: (bytes) => pieces.push(bytes.slice()) });
    pickler.dump(["key", "other", "key"]);
    const first = concatChunks(pieces);
    pieces.length = 0;
    pickler.dump(["other", "key"]);
    expect(first).toEqual(dumps(["key", "other", "key"]));
    expect(concatChunks(pieces)).toEqual(dumps(["other", "key"]));
  });

  it("writes a list that contains itself through a tuple the way CPython does", () => {
    const list: PyValue[] = [1];
    const tuple = markTuple<PyValue[]>([list]);
    list.push(tuple);
    const back = loads(dumps(tuple)) as PyValue[];
    const innerList = back[0] as PyValue[];
    expect(innerList[1]).toBe(back);
  });

  it("memoizes a repeated global once (STACK_GLOBAL written once)", () => {
    const set = markFrozenSet(new Set<PyValue>([1]));
    const ops = opNames(dumps([set, markFrozenSet(new Set<PyValue>([2]))], { protocol: 3 }));
    expect(ops.filter((name) => name === "GLOBAL")).toHaveLength(1);
  });
});

describe.runIf(requirePython())("out-of-band buffers (protocol 5)", () => {
  it("hands bytes at or above outOfBandMinBytes to bufferCallback; CPython loads them back with buffers=", () => {
    const buffers: Uint8Array[] = [];
    const big = new Uint8Array(64).fill(1);
    const bytes = dumps([big, new Uint8Array([9])], { bufferCallback: (buffer) => buffers.push(buffer), outOfBandMinBytes: 32 });
    expect(buffers).toEqual([big]);
    const script = "import pickle,sys; v=pickle.loads(bytes.fromhex(sys.argv[1]), buffers=[bytes.fromhex(sys.argv[2])]); print(repr(v))";
    const result = spawnSync("python3", ["-c", script, Buffer.from(bytes).toString("hex"), Buffer.from(big).toString("hex")], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(`[b'${"\\x01".repeat(64)}', b'\\t']`);
  });
});

/** `levels` frozensets, each holding the one before and its level, around `core`. */
function frozenSetChain(levels: number, core: PyValue): PyValue {
  let value = core;
  for (let level = 0; level < levels; level++) value = markFrozenSet(new Set<PyValue>([value, level]));
  return value;
}

describe("hashability checks of nested sets and keys", () => {
  it("still refuses an unhashable item deep in a frozenset chain, or beside a tuple already found hashable", () => {
    const big = markTuple(Array.from({ length: 1000 }, (_, i) => i));
    expect(() => dumps(frozenSetChain(500, markTuple([1, [2]])))).toThrow(/a frozenset item cannot be a list/);
    expect(() => dumps(new Set<PyValue>([frozenSetChain(300, createDict())]))).toThrow(/a set item cannot be a dict/);
    // `big` is checked (and passes) first, then met again beside a Map.
    const key = markTuple([frozenSetChain(50, big), markTuple([big, new Map()])]);
    expect(() => dumps(new Map<PyValue, PyValue>([[key, 1]]))).toThrow(/a dict key cannot be a dict/);
    // A value found hashable in one dump is checked again in the next: it may have changed.
    const tuple = markTuple([1]);
    const pickler = new Pickler();
    pickler.dump(markFrozenSet(new Set<PyValue>([tuple])));
    (tuple as PyValue[]).push([2]);
    expect(() => pickler.dump(markFrozenSet(new Set<PyValue>([tuple])))).toThrow(/a frozenset item cannot be a list/);
  });
});

describe.runIf(requirePython())("a deep frozenset chain around a large tuple", () => {
  it("is checked for hashability once per value and loads in CPython as written", () => {
    // 600 levels around 200,000 ints: checked once per level, 900 levels took ~30 s to write.
    // (Protocol 2 writes a frozenset as a reduction, 3 levels deep: maxDepth is raised for it.
    // 900 levels were near what the JS stack holds: 826 fit in the main thread, and CI's worker
    // overflowed at depth 1629, then at 1719 when `save` ran unoptimized, its frames larger.)
    const size = 200_000;
    const levels = 600;
    const value = frozenSetChain(levels, markTuple(Array.from({ length: size }, (_, i) => i)));
    const script = [
      "import pickle, sys",
      "v = pickle.loads(sys.stdin.buffer.read())",
      "levels = []",
      "while isinstance(v, frozenset):",
      "    inner = [x for x in v if isinstance(x, frozenset) or isinstance(x, tuple)]",
      "    levels.append(sorted(x for x in v if isinstance(x, int))[0])",
      "    assert len(v) == 2 and len(inner) == 1, v",
      "    v = inner[0]",
      "print(levels == list(range(int(sys.argv[2]) - 1, -1, -1)), type(v).__name__, v == tuple(range(int(sys.argv[1]))))",
    ].join("\n");
    for (const protocol of [2, 5] as const) {
      const result = spawnSync("python3", ["-c", script, String(size), String(levels)], { input: dumps(value, { protocol, maxDepth: 4000 }), encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.stdout.trim()).toBe("True tuple True");
    }
  });
});

describe("dumps of a long str shared many times (review 21: its memo read every character at each use)", () => {
  it("writes it once and a GET for every other use, long and short strs alike", () => {
    const long = "a".repeat(256 * 1024);
    const other = "b".repeat(256 * 1024);
    const value = [...Array.from({ length: 2000 }, () => long), other, other, "short", "short"];
    const bytes = dumps(value);
    const ops = [...genops(bytes)].map((op) => op.info.name);
    // The long strs and the short one each once; every repeat a memo read.
    expect(ops.filter((name) => name === "BINUNICODE" || name === "SHORT_BINUNICODE")).toHaveLength(3);
    expect(ops.filter((name) => name.endsWith("GET"))).toHaveLength(2000 - 1 + 1 + 1);
    expect(bytes.length).toBeLessThan(2 * 256 * 1024 + 10_000);
    expect(loads(bytes)).toEqual(value);
  });
});
