import { OutputError, PyByteArray, PyFloat, PyGlobal, PyInstance, type PyValue, createDict, loadAll, markTuple, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { runPython, skipPythonTests } from "./run-python.js";

/** A dict in object mode from [key, value] pairs, keys in order. */
function dict(entries: [string, PyValue][]): PyValue {
  const d = createDict();
  for (const [k, v] of entries) d[k] = v;
  return d;
}

function outputError(run: () => unknown): OutputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OutputError);
    return error as OutputError;
  }
  throw new Error("expected an OutputError");
}

/**
 * Python side of the oracle: expected compact JSON per the mapping for plain data, built from
 * json.dumps (ensure_ascii=False) with the mapping's rules for what json cannot print.
 */
const PY_EXPECTED = String.raw`
import base64, json, math, re, sys
sys.set_int_max_str_digits(0)
SURROGATE = re.compile("[\ud800-\udfff]")
def jstr(s):
    return SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), json.dumps(s, ensure_ascii=False))
def key_text(k):
    if type(k) is str: return k
    if k is True: return "true"
    if k is False: return "false"
    if k is None: return "null"
    if type(k) is int: return str(k)
    if type(k) is float: return repr(k)
    return enc(k)
def enc(v):
    t = type(v)
    if v is None: return "null"
    if t is bool: return "true" if v else "false"
    if t is int: return str(v)
    if t is float: return repr(v) if math.isfinite(v) else "null"
    if t is str: return jstr(v)
    if t in (bytes, bytearray): return jstr(base64.b64encode(v).decode())
    if t in (list, tuple, set, frozenset): return "[" + ",".join(enc(x) for x in v) + "]"
    if t is dict: return "{" + ",".join(jstr(key_text(k)) + ":" + enc(x) for k, x in v.items()) + "}"
    raise TypeError(t)
`;

describe("toJson", () => {
  it("writes None, booleans and ints (any size) exactly", () => {
    expect(toJson(null)).toBe("null");
    expect(toJson(true)).toBe("true");
    expect(toJson(false)).toBe("false");
    expect(toJson(0)).toBe("0");
    expect(toJson(-17)).toBe("-17");
    expect(toJson(2 ** 53 - 1)).toBe("9007199254740991");
    expect(toJson(123456789012345678901234567890n)).toBe("123456789012345678901234567890");
    expect(toJson(-(2n ** 200n))).toBe(`-${(2n ** 200n).toString()}`);
    // An integer-valued number is an int: its exact digits, never an exponent.
    expect(toJson(1e21)).toBe("1000000000000000000000");
    // Past 2^53 too: String(2 ** 63) is "9223372036854776000", the shortest text of that double.
    expect(toJson(2 ** 63)).toBe("9223372036854775808");
    expect(toJson(-(2 ** 60) - 2 ** 8)).toBe("-1152921504606847232");
    expect(toJson(dict([["k", 2 ** 63]]))).toBe('{"k":9223372036854775808}');
  });

  it("gives an integral float key of object mode its exact digits at any size, as its value", () => {
    // {2.0: 1, 2.0**63: 2, 1e300: 3} at protocol 4: integral floats read as numbers (no wrapIntegralFloats).
    const keys = Object.keys(loadAll(Uint8Array.from(Buffer.from("80049526000000000000007d94284740000000000000004b014743e00000000000004b02477e37e43c8800759c4b03752e", "hex")))[0] as object);
    expect(keys).toEqual(["2", "9223372036854775808", BigInt(1e300).toString()]);
  });

  it("writes floats as Python's repr, integral ones with .0, NaN and infinities as null", () => {
    expect(toJson(0.1)).toBe("0.1");
    expect(toJson(new PyFloat(2))).toBe("2.0");
    expect(toJson(new PyFloat(1e16))).toBe("1e+16");
    expect(toJson(1e-5)).toBe("1e-05");
    expect(toJson(-0)).toBe("-0.0");
    expect(toJson(Number.NaN)).toBe("null");
    expect(toJson(Number.POSITIVE_INFINITY)).toBe("null");
    expect(toJson([Number.NEGATIVE_INFINITY, new PyFloat(Number.POSITIVE_INFINITY)])).toBe("[null,null]");
  });

  it("writes bytes and bytearray as padded base64", () => {
    expect(toJson(new Uint8Array([]))).toBe('""');
    expect(toJson(new Uint8Array([0xff]))).toBe('"/w=="');
    expect(toJson(new Uint8Array([0xfb, 0xff]))).toBe('"+/8="');
    expect(toJson(PyByteArray.from([104, 105, 33]))).toBe('"aGkh"');
    // A view with a non-zero byteOffset writes only its own bytes.
    const backing = new Uint8Array([1, 2, 3, 104, 105, 33, 9]);
    expect(toJson(backing.subarray(3, 6))).toBe('"aGkh"');
  });

  it("writes lists, tuples and sets as arrays, sets in their own order", () => {
    expect(toJson([1, markTuple([2, "x"]), new Set([3, 1, 2]), []])).toBe('[1,[2,"x"],[3,1,2],[]]');
    expect(toJson(new Set())).toBe("[]");
  });

  it("writes object-mode dicts with keys in order, __proto__ and constructor as plain keys", () => {
    const d = dict([
      ["b", 1],
      ["a", [true]],
      ["__proto__", "p"],
      ["constructor", null],
    ]);
    expect(toJson(d)).toBe('{"b":1,"a":[true],"__proto__":"p","constructor":null}');
    expect(toJson(createDict())).toBe("{}");
    expect(({} as Record<string, unknown>)["p"]).toBeUndefined();
  });

  it("applies the dict-key rules to Map keys", () => {
    const m = new Map<PyValue, PyValue>([
      [1, "int"],
      [10n ** 30n, "big"],
      [new PyFloat(1e16), "float"],
      [new PyFloat(-0), "negzero"],
      [0.5, "half"],
      [Number.POSITIVE_INFINITY, "inf"],
      [Number.NaN, "nan"],
      [true, "t"],
      [null, "none"],
      [markTuple([1, "é"]), "tuple"],
      [new Uint8Array([1, 2]), "bytes"],
      ["1", "dup text"],
    ]);
    expect(toJson(m)).toBe(
      '{"1":"int","1000000000000000000000000000000":"big","1e+16":"float","-0.0":"negzero","0.5":"half",' +
        '"inf":"inf","nan":"nan","true":"t","null":"none","[1,\\"é\\"]":"tuple","\\"AQI=\\"":"bytes","1":"dup text"}',
    );
  });

  it("writes placeholders by their toPlain() dicts", () => {
    const instance = new PyInstance("mod", "Thing", [1, "a"]);
    instance.setState(dict([["x", new PyFloat(3)]]));
    instance.append(7);
    instance.setItem("k", "v");
    expect(toJson([instance, new PyGlobal("builtins", "Ellipsis")])).toBe(
      '[{"__class__":"mod.Thing","__args__":[1,"a"],"__state__":{"x":3.0},"__items__":[7,["k","v"]]},' +
        '{"__global__":"builtins.Ellipsis"}]',
    );
  });

  it("writes a shared (not nested) object each time it is reached", () => {
    const shared = [1, 2];
    expect(toJson([shared, dict([["a", shared]]), shared])).toBe('[[1,2],{"a":[1,2]},[1,2]]');
  });

  it("writes any PyObjectValue by its toPlain(), also an object literal", () => {
    const stamp: PyValue = { pyClass: "datetime.date", toPlain: () => "2024-01-02" };
    expect(toJson([stamp, stamp, new Map<PyValue, PyValue>([[stamp, 1]])])).toBe('["2024-01-02","2024-01-02",{"\\"2024-01-02\\"":1}]');
  });

  it("writes 1,000,000 nested lists without overflowing the stack", () => {
    let value: PyValue = [];
    for (let i = 1; i < 1_000_000; i++) value = [value];
    const text = toJson(value);
    expect(text.length).toBe(2_000_000);
    expect(text).toBe("[".repeat(1_000_000) + "]".repeat(1_000_000));
  });

  it("reports a list that contains itself as a cycle naming the record and the path", () => {
    const list: PyValue[] = [1];
    list.push(list);
    const error = outputError(() => toJson(list, { recordIndex: 4 }));
    expect(error.code).toBe("CYCLE");
    expect(error.recordIndex).toBe(4);
    expect(error.message).toMatch(/^record 4: cycle: the list at \$ contains itself at \$\[1\]/);
  });

  it("finds cycles that close deep inside a record and through dicts, Maps and objects", () => {
    // Closes below the depth where cycle tracking starts.
    const root: PyValue[] = [];
    let inner: PyValue[] = root;
    for (let i = 0; i < 100; i++) {
      const next: PyValue[] = [];
      inner.push(next);
      inner = next;
    }
    inner.push(root);
    expect(outputError(() => toJson(root)).code).toBe("CYCLE");

    const d = dict([["a", 1]]) as Record<string, PyValue>;
    d["self"] = [d];
    const dictError = outputError(() => toJson(d));
    expect(dictError.code).toBe("CYCLE");
    expect(dictError.message).toContain('the dict at $ contains itself at $["self"][0]');

    const instance = new PyInstance("mod", "Node");
    instance.setState(dict([["next", instance]]));
    const objectError = outputError(() => toJson([instance]));
    expect(objectError.message).toContain("the mod.Node object at $[0] contains itself");

    const map = new Map<PyValue, PyValue>();
    map.set(markTuple([1]), [map]);
    expect(outputError(() => toJson(map)).code).toBe("CYCLE");
  });

  it("names the cycle when every level of it writes a lot before the budget runs out", () => {
    const big = "x".repeat(1_000_000);
    const node: PyValue[] = [big];
    node.push(node);
    const error = outputError(() => toJson(node, { maxOutputBytes: 10_000_000 }));
    expect(error.code).toBe("CYCLE");
  });

  it("stops a memo-bomb-like expansion at maxOutputBytes with an error saying how to raise it", () => {
    // 40 levels of ten references to the level below: 10^40 leaves from 400 list slots.
    let level: PyValue = [0];
    for (let i = 0; i < 40; i++) level = new Array<PyValue>(10).fill(level);
    const error = outputError(() => toJson(level, { maxOutputBytes: 1_000_000, recordIndex: 0 }));
    expect(error.code).toBe("LIMIT_EXCEEDED");
    expect(error.limit).toBe("maxOutputBytes");
    expect(error.message).toContain("maxOutputBytes (1000000 bytes");
    expect(error.message).toContain("raise the maxOutputBytes option");
  });

  it("allows output of exactly maxOutputBytes and refuses one byte less", () => {
    const value = ["abc", 12, dict([["k", null]])];
    const text = '["abc",12,{"k":null}]';
    expect(toJson(value, { maxOutputBytes: text.length })).toBe(text);
    expect(outputError(() => toJson(value, { maxOutputBytes: text.length - 1 })).code).toBe("LIMIT_EXCEEDED");
  });

  it("scales the default budget with inputBytes", () => {
    const text = toJson("y".repeat(70 * 1024 * 1024), { inputBytes: 70 * 1024 * 1024 });
    expect(text.length).toBe(70 * 1024 * 1024 + 2);
    expect(outputError(() => toJson("y".repeat(70 * 1024 * 1024))).code).toBe("LIMIT_EXCEEDED");
  });

  it("refuses values outside the PyValue model with BAD_TYPE and the path", () => {
    const error = outputError(() => toJson([1, dict([["when", new Date(0) as unknown as PyValue]])]));
    expect(error.code).toBe("BAD_TYPE");
    expect(error.path).toBe('$[1]["when"]');
    expect(outputError(() => toJson(undefined as unknown as PyValue)).code).toBe("BAD_TYPE");
  });

  it("validates options at the call", () => {
    expect(() => toJson(1, { maxOutputBytes: -1 })).toThrow(RangeError);
    expect(() => toJson(1, "x" as never)).toThrow(TypeError);
    expect(() => toJson(1, { recordIndex: 1.5 })).toThrow(RangeError);
  });
});

describe.runIf(!skipPythonTests)("toJson against CPython", () => {
  it("writes strings exactly as json.dumps(ensure_ascii=False), lone surrogates as lowercase \\udXXX", () => {
    const samples: string[] = [];
    for (let c = 0; c < 0x80; c++) samples.push(String.fromCharCode(c));
    samples.push('quote " backslash \\ slash / tab \t', "é漢字", "😀 astral", "\u2028\u2029", "\u007f\u0080\u009f");
    samples.push("\ud800", "\udfff", "a\ud83dz", "\ude00b", "\ud83d\ude00", "\ufffe\uffff");
    const script = `${PY_EXPECTED}
import json, sys
for s in json.loads(sys.stdin.read()):
    print(jstr(s))
`;
    // Lone surrogates cannot cross UTF-8 stdin: send them as JSON escapes.
    const expected = runPython(script, JSON.stringify(samples).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))
      .split("\n")
      .slice(0, -1);
    expect(samples.map((s) => toJson(s))).toEqual(expected);
  });

  it("matches CPython's mapping for values decoded from CPython pickles at every protocol", () => {
    const script = `${PY_EXPECTED}
import pickle, random, sys, struct
rng = random.Random(7)
def rnd(depth, protocol):
    kind = rng.randrange(14 if depth < 4 else 8)
    # Natively pickled only from these protocols on (below, they go through classes that
    # the class registry rebuilds, which toJson does not need to test).
    if (kind == 6 and protocol < 3) or (kind == 12 and protocol < 5) or (kind == 13 and protocol < 4):
        kind = 0
    if kind == 0: return None
    if kind == 1: return rng.random() < 0.5
    if kind == 2: return rng.randint(-2**70, 2**70) if rng.random() < 0.3 else rng.randint(-1000, 1000)
    if kind == 3: return struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]
    if kind == 4: return float(rng.randint(-10**6, 10**6))
    if kind == 5: return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 32), rng.randrange(0xa0, 0x3000), rng.randrange(0x10000, 0x10400)])) for _ in range(rng.randrange(8)))
    if kind == 6: return bytes(rng.getrandbits(8) for _ in range(rng.randrange(10)))
    if kind == 7: return rng.choice([0.1, -0.0, 1e16, 1e-5, 1e300, float("nan"), float("inf")])
    if kind in (8, 9): return [rnd(depth + 1, protocol) for _ in range(rng.randrange(5))]
    if kind == 10: return tuple(rnd(depth + 1, protocol) for _ in range(rng.randrange(4)))
    if kind == 11: return {rng.choice(["a", "b", "__proto__", "constructor", "é", 1, -2, 2.5, 1e16, True, None, (1, "x"), 10**20]): rnd(depth + 1, protocol) for _ in range(rng.randrange(5))}
    if kind == 12: return bytearray(rng.getrandbits(8) for _ in range(rng.randrange(6)))
    return frozenset(rng.randint(0, 9) for _ in range(rng.randrange(5)))
out = bytearray()
expected = []
for i in range(600):
    protocol = i % 6
    v = rnd(0, protocol)
    out += pickle.dumps(v, protocol=protocol)
    expected.append(enc(v))
sys.stdout.write(json.dumps({"pickles": out.hex(), "expected": expected}))
`;
    const { pickles, expected } = JSON.parse(runPython(script)) as { pickles: string; expected: string[] };
    const records = loadAll(Buffer.from(pickles, "hex"), { dict: "map", wrapIntegralFloats: true });
    expect(records.length).toBe(expected.length);
    expect(records.map((r, i) => toJson(r, { recordIndex: i }))).toEqual(expected);
  });
});
