import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MergeConflictError, MergeKeyCollisionError, MergeWorkerError, ShardError, mergePickles } from "@pkl-stream/stream";
import { PyFloat, dumps, isTuple, toJson } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerPool } from "../../../packages/stream/src/merge/pool.js";
import { testPath } from "../../helpers/python.js";
import { transcodeDictPickles } from "../../../packages/stream/src/merge/transcode/pickle-to-msgpack.js";
import { hasPython, makeTempDir, runPython } from "../python.js";
import { cpythonMerge, writePickles, writeShards } from "./merge-oracle.js";

describe.runIf(hasPython)("mergePickles", () => {
  const temp = makeTempDir();
  const dir = temp.dir;
  const shardPaths = (): string[] => [0, 1, 2, 3].map((s) => join(dir, `shard-0${s}.pkl`));
  const out = (name: string): string => join(dir, name);

  beforeAll(() => writeShards(dir, 400));
  afterAll(() => temp.remove());

  async function mergeToJson(onConflict: "last" | "first" | "deep", concurrency = 2): Promise<string> {
    const path = out(`merged-${onConflict}-${concurrency}.json`);
    await mergePickles({ patterns: "shard-*.pkl", cwd: dir, output: path, format: "json", onConflict, concurrency });
    return readFileSync(path, "utf8").trimEnd();
  }

  it("gives what CPython gets by loading the files in sorted order and dict.update-ing them", async () => {
    expect(await mergeToJson("last")).toBe(cpythonMerge("last", shardPaths()));
  });

  it("keeps the first value of a key with onConflict first", async () => {
    expect(await mergeToJson("first")).toBe(cpythonMerge("first", shardPaths()));
  });

  it("merges nested dicts recursively with onConflict deep", async () => {
    expect(await mergeToJson("deep")).toBe(cpythonMerge("deep", shardPaths()));
  });

  it("fails naming the key and both files with onConflict error", async () => {
    const error = await mergePickles({ patterns: "shard-*.pkl", cwd: dir, onConflict: "error" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MergeConflictError);
    const conflict = error as MergeConflictError;
    expect(conflict.firstFile).toBe(join(dir, "shard-00.pkl"));
    expect(conflict.secondFile).toBe(join(dir, "shard-01.pkl"));
    expect(conflict.message).toContain(conflict.key);
    expect(conflict.key).toMatch(/^"k\d{4}"$/);
  });

  it("names a float key of a conflict as Python writes it (2.0, not the int 2)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{2.0: 'a', -0.0: 'z'}"],
      ["b.pkl", "{2: 'b'}"],
    ]);
    const conflict = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, onConflict: "error" }).catch((e: unknown) => e);
    sub.remove();
    expect(conflict).toBeInstanceOf(MergeConflictError);
    expect((conflict as MergeConflictError).key).toBe("2.0");
  });

  it.each([
    ["{2.0: 'a'}", "{2: 'b'}", "2.0"],
    ["{'2.0': 'a'}", "{'2.0': 'b'}", '"2.0"'],
    ["{b'x': 'a'}", "{b'x': 'b'}", "<bytes 78>"],
    ["{(1, 'a'): 'a'}", "{(1, 'a'): 'b'}", '[1,"a"]'],
  ])("names a conflict's key %s the same way when writing JSON (a str quoted, a float not)", async (first, second, name) => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", first],
      ["b.pkl", second],
    ]);
    const output = join(sub.dir, "out.json");
    const conflict = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, onConflict: "error", output, format: "json" }).catch((e: unknown) => e);
    sub.remove();
    expect(conflict).toBeInstanceOf(MergeConflictError);
    expect((conflict as MergeConflictError).key).toBe(name);
  });

  it("treats a key repeated with an equal value as no conflict under onConflict error", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{'x': 1, 'y': [1, 2]}"],
      ["b.pkl", "{'y': [1, 2], 'z': 3}"],
    ]);
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, onConflict: "error" });
    sub.remove();
    expect([...merged.entries()]).toEqual([
      ["x", 1],
      ["y", [1, 2]],
      ["z", 3],
    ]);
  });

  it("writes identical bytes with concurrency 1, 2 and 4", async () => {
    for (const format of ["msgpack", "json"] as const) {
      const outputs = [];
      for (const concurrency of [1, 2, 4]) {
        const path = out(`same-${concurrency}.${format}`);
        await mergePickles({ patterns: "shard-*.pkl", cwd: dir, output: path, format, concurrency });
        outputs.push(readFileSync(path));
      }
      expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
      expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
    }
  });

  it("gives CPython's merge when one worker reads files that shrink and grow in turn (each read into the last one's buffer)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{'k%d' % i: 'v' * 50 for i in range(2000)}"],
      ["b.pkl", "{'k5': 'small'}"],
      ["c.pkl", "{'k%d' % i: ['w', i] * 10 for i in range(1000, 4000)}"],
      ["d.pkl", "{'k7': 2.5, 'k3999': None}"],
    ]);
    const destination = join(sub.dir, "out.json");
    await mergePickles({ patterns: "*.pkl", cwd: sub.dir, output: destination, format: "json", concurrency: 1 });
    const contents = readFileSync(destination, "utf8").trimEnd();
    const expected = cpythonMerge("last", ["a", "b", "c", "d"].map((name) => join(sub.dir, `${name}.pkl`)));
    sub.remove();
    expect(contents).toBe(expected);
  });

  it("resolves only once its workers have stopped, with an output and without", async () => {
    const close = WorkerPool.prototype.close;
    const events: string[] = [];
    WorkerPool.prototype.close = async function (this: WorkerPool): Promise<void> {
      await close.call(this);
      // Slower than writing this output: a merge that did not wait would resolve first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.push("workers stopped");
    };
    try {
      await mergePickles({ patterns: "shard-*.pkl", cwd: dir, output: out("closed.msgpack") });
      events.push("resolved");
      await mergePickles({ patterns: "shard-*.pkl", cwd: dir });
      events.push("resolved");
    } finally {
      WorkerPool.prototype.close = close;
    }
    expect(events).toEqual(["workers stopped", "resolved", "workers stopped", "resolved"]);
  });

  it("returns the merged dict as a Map when no output is given", async () => {
    const merged = await mergePickles({ patterns: "shard-*.pkl", cwd: dir });
    const expected = JSON.parse(cpythonMerge("last", shardPaths())) as Record<string, unknown>;
    expect([...merged.keys()]).toEqual(Object.keys(expected));
    // As CPython's JSON of it has it: the float score 0.0 stays a float.
    expect(toJson(merged.get("k0000") ?? null)).toBe('{"id":0,"name":"n-0-é","score":0.0,"active":true,"tags":[],"parent":null}');
  });

  it("keeps non-str keys apart from their text and treats 1, 1.0 and True as one key", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{1: 'int', '1': 'str', (1, 'a'): 'tuple', None: 0}"],
      ["b.pkl", "{1.0: 'float', True: 'bool', (1, 'a'): 'tuple2'}"],
    ]);
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir });
    sub.remove();
    expect([...merged.entries()]).toEqual([
      [1, "bool"],
      ["1", "str"],
      [[1, "a"], "tuple2"],
      [null, 0],
    ]);
  });

  it("returns a float with no fraction as a PyFloat, key and value, so toJson and dumps keep it a float", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'a': 2.0, 'b': -0.0, 2.0: 'k', (1, 2): 1.5}"]]);
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir });
    expect(toJson(merged)).toBe('{"a":2.0,"b":-0.0,"2.0":"k","[1,2]":1.5}');
    const keys = [...merged.keys()];
    expect(keys[2]).toBeInstanceOf(PyFloat);
    expect(isTuple(keys[3])).toBe(true);
    writeFileSync(join(sub.dir, "back.bin"), dumps(merged));
    const back = runPython("import pickle, sys; print(repr(pickle.load(open(sys.argv[1], 'rb'))))", [join(sub.dir, "back.bin")]);
    sub.remove();
    expect(back.trim()).toBe("{'a': 2.0, 'b': -0.0, 2.0: 'k', (1, 2): 1.5}");
  });

  it("keeps tuple keys in order when it reads them back from an earlier merge's msgpack, where tuples are arrays ((1, 2) and (2, 1) are two keys)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{(1, 2): 'a12', (1, 1): 'a11', 'n': {(3, 4): 1}}"],
      ["b.pkl", "{(2, 1): 'b21', (1,): 'b1', 'n': {(4, 3): 2}}"],
    ]);
    const direct = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, onConflict: "deep", output: join(sub.dir, "direct.msgpack") });
    await mergePickles({ patterns: "a.pkl", cwd: sub.dir, output: join(sub.dir, "part-a.bin") });
    await mergePickles({ patterns: "b.pkl", cwd: sub.dir, output: join(sub.dir, "part-b.bin") });
    await mergePickles({ patterns: "part-*.bin", cwd: sub.dir, onConflict: "deep", output: join(sub.dir, "composed.msgpack") });
    // A partial read back with a pickle shard: its (1, 2) is the pickle's (1, 2), one key (a conflict).
    const withSame = makeTempDir();
    writePickles(withSame.dir, [["c.pkl", "{(1, 2): 'c12'}"]]);
    const conflict = await mergePickles({ patterns: [join(sub.dir, "part-a.bin"), join(withSame.dir, "c.pkl")], onConflict: "error" }).catch((e: unknown) => e);
    const composed = readFileSync(join(sub.dir, "composed.msgpack"));
    const expected = readFileSync(join(sub.dir, "direct.msgpack"));
    sub.remove();
    withSame.remove();
    expect(direct.filesMerged).toBe(2);
    expect(composed.equals(expected)).toBe(true);
    expect(conflict).toBeInstanceOf(MergeConflictError);
    // Named as msgpack holds it, not as its hex bytes.
    expect((conflict as MergeConflictError).key).toBe("[1,2]");
  });

  it("refuses msgpack output of two keys Python keeps apart but msgpack writes alike, naming the dict, the key and both files; JSON writes both", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{__import__('datetime').date(2024, 1, 2): 'date', 'n': {frozenset({1, 2}): 'set', 7: 'int'}}"],
      ["b.pkl", "{'2024-01-02': 'str', 'n': {(1, 2): 'tuple'}}"],
      ["c.pkl", "{'x': {'y': {__import__('datetime').date(2024, 1, 2): 1, '2024-01-02': 2}}}"],
    ]);
    // Not deep: the value under "x" is packed on its own, and its path named from the record.
    const inValue = await mergePickles({ patterns: ["c.pkl"], cwd: sub.dir, output: join(sub.dir, "out.msgpack") }).catch((e: unknown) => e);
    const failure = async (patterns: string[], onConflict: "last" | "deep"): Promise<unknown> =>
      mergePickles({ patterns, cwd: sub.dir, onConflict, output: join(sub.dir, "out.msgpack") }).catch((e: unknown) => e);
    const atRoot = await failure(["a.pkl", "b.pkl"], "last");
    const nested = await failure(["a.pkl", "b.pkl"], "deep");
    const inOneFile = await failure(["c.pkl"], "deep");
    const json = await mergePickles({ patterns: ["a.pkl", "b.pkl"], cwd: sub.dir, onConflict: "deep", output: join(sub.dir, "out.json"), format: "json" });
    const jsonText = readFileSync(join(sub.dir, "out.json"), "utf8");
    const wroteMsgpack = existsSync(join(sub.dir, "out.msgpack"));
    sub.remove();
    expect(atRoot).toBeInstanceOf(MergeKeyCollisionError);
    expect(atRoot).toMatchObject({ key: '"2024-01-02"', path: "$", firstFile: join(sub.dir, "a.pkl"), secondFile: join(sub.dir, "b.pkl") });
    expect((atRoot as Error).message).toMatch(/^the merged dict at \$ has two keys that msgpack writes alike \("2024-01-02"\), from .*a\.pkl and .*b\.pkl: .*a date.*msgpack output, and the pickle merge makes from it, would lose one \(JSON output writes both\)$/);
    // The root's date key first, then the nested frozenset against the tuple.
    expect(nested).toMatchObject({ key: '"2024-01-02"', path: "$" });
    const nestedOnly = await (async () => {
      const again = makeTempDir();
      writePickles(again.dir, [
        ["a.pkl", "{'n': {frozenset({1, 2}): 'set', 7: 'int'}}"],
        ["b.pkl", "{'n': {(1, 2): 'tuple'}}"],
      ]);
      const error = await mergePickles({ patterns: "*.pkl", cwd: again.dir, onConflict: "deep", output: join(again.dir, "o.msgpack") }).catch((e: unknown) => e);
      again.remove();
      return error;
    })();
    expect(nestedOnly).toMatchObject({ name: "MergeKeyCollisionError", key: "[1,2]", path: '$["n"]' });
    expect(inOneFile).toMatchObject({ name: "MergeKeyCollisionError", key: '"2024-01-02"', path: '$["x"]["y"]', firstFile: join(sub.dir, "c.pkl"), secondFile: join(sub.dir, "c.pkl") });
    expect((inOneFile as Error).message).toContain("both in ");
    expect(inValue).toBeInstanceOf(ShardError);
    expect((inValue as Error).message).toMatch(/the dict at \$\["x"\]\["y"\] has two keys that msgpack writes alike \(2024-01-02\)/);
    expect(wroteMsgpack).toBe(false);
    expect(json.filesMerged).toBe(2);
    expect(jsonText.trimEnd()).toBe('{"\\"2024-01-02\\"":"date","n":{"[1,2]":"set","7":"int","[1,2]":"tuple"},"2024-01-02":"str"}');
  });

  it("takes a numpy scalar key as the key its item() is (np.int64(5) and 5, np.str_('cat') and 'cat' are one key in Python)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{__import__('numpy').int64(5): 'a5', __import__('numpy').str_('cat'): 'a_cat', __import__('numpy').float64(0.5): 'a_half', __import__('numpy').bool_(True): 'a1', __import__('numpy').bytes_(b'x'): 'a_x', __import__('numpy').datetime64('NaT'): 'a_nat'}"],
      ["b.pkl", "{5: 'b5', 'cat': 'b_cat', 0.5: 'b_half', 1: 'b1', 7: 'b7', b'x': 'b_x', None: 'b_none'}"],
    ]);
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, format: "json", output: join(sub.dir, "out.json") });
    const text = readFileSync(join(sub.dir, "out.json"), "utf8").trimEnd();
    sub.remove();
    expect(merged.filesMerged).toBe(2);
    // np.bytes_ b"x" is b"x"; NaT is no None (its JSON key text is the same, so JSON has "null" twice).
    expect(text).toBe('{"5":"b5","cat":"b_cat","0.5":"b_half","true":"b1","\\"eA==\\"":"b_x","null":"a_nat","7":"b7","null":"b_none"}');
  });

  it("replaces a DataFrame under a deep merge, and refuses one as a record: a frame is no dict to merge into", async () => {
    // Shards holding frames pandas pickled (the committed protocol 0 fixtures), put in a dict by
    // hand: MARK DICT, the key, the frame's opcodes (its memo indices are the only ones), SETITEM.
    const frame = (name: string): Buffer => readFileSync(testPath(`fixtures/libs/pandas/${name}.p0.pkl`));
    const shard = (frameName: string, nested: string): Buffer =>
      Buffer.concat([Buffer.from("(dVdf\n", "latin1"), frame(frameName).subarray(0, -1), Buffer.from(`sVn\n(d${nested}ss.`, "latin1")]);
    const sub = makeTempDir();
    writeFileSync(join(sub.dir, "a.pkl"), shard("frame-basic", "Vx\nI1\n"));
    writeFileSync(join(sub.dir, "b.pkl"), shard("frame-range-index", "Vy\nI2\n"));
    writeFileSync(join(sub.dir, "frame.pkl"), readFileSync(testPath("fixtures/libs/pandas/frame-basic.p4.pkl")));
    await mergePickles({ patterns: ["a.pkl", "b.pkl"], cwd: sub.dir, onConflict: "deep", format: "json", output: join(sub.dir, "out.json") });
    const text = readFileSync(join(sub.dir, "out.json"), "utf8").trimEnd();
    const error = await mergePickles({ patterns: "frame.pkl", cwd: sub.dir }).catch((e: unknown) => e);
    sub.remove();
    const rangeFrame = readFileSync(testPath("fixtures/libs/pandas/frame-range-index.json"), "utf8").trimEnd();
    expect(text).toBe(`{"df":${rangeFrame},"n":{"x":1,"y":2}}`);
    expect((error as Error).message).toMatch(/record 0 is a pandas\.core\.frame\.DataFrame, not a dict: only dicts can be merged$/);
  });

  it("treats an int and the float equal to it as one key past 2**53 too, as Python does", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{2**53: 'int', 2**60: 'int60', 10**20: 'int20', 2**53 + 1: 'odd'}"],
      ["b.pkl", "{2.0**53: 'float', 2.0**60: 'float60', 1e20: 'float20'}"],
    ]);
    await mergePickles({ patterns: "*.pkl", cwd: sub.dir, format: "json", output: join(sub.dir, "out.json") });
    const json = readFileSync(join(sub.dir, "out.json"), "utf8");
    sub.remove();
    // dict.update keeps the first key's spelling (the int) and the last value: four keys, not seven.
    expect(json).toBe('{"9007199254740992":"float","1152921504606846976":"float60","100000000000000000000":"float20","9007199254740993":"odd"}\n');
  });

  it("keeps an int key past a double's range its own key, and takes every NaN key as one (the README's exception)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{10**400: 'huge', float('nan'): 'nan'}"],
      ["b.pkl", "{float('inf'): 'inf', float('inf') - float('inf'): 'negative nan'}"],
    ]);
    await mergePickles({ patterns: "*.pkl", cwd: sub.dir, format: "json", output: join(sub.dir, "out.json") });
    const json = readFileSync(join(sub.dir, "out.json"), "utf8");
    sub.remove();
    // (BigInt(Infinity) threw: an internal error, exit 70.)
    expect(json).toBe(`{"1${"0".repeat(400)}":"huge","nan":"negative nan","inf":"inf"}\n`);
  });

  it("holds a gzip file to the budget of its decompressed bytes (a 100 MB str in 100 KB of gzip was refused)", async () => {
    const sub = makeTempDir();
    runPython("import gzip,pickle,sys\nopen(sys.argv[1],'wb').write(gzip.compress(pickle.dumps({'s':'a'*100_000_000},protocol=4)))\n", [join(sub.dir, "big.pkl.gz")]);
    const summary = await mergePickles({ patterns: "big.pkl.gz", cwd: sub.dir, output: join(sub.dir, "out.msgpack") });
    const size = readFileSync(join(sub.dir, "out.msgpack")).length;
    sub.remove();
    expect(summary.filesMerged).toBe(1);
    expect(size).toBeGreaterThan(100_000_000);
  });

  it("merges keys that are class instances or classes, compared by their JSON form (String() of them threw)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{__import__('ipaddress').ip_address('10.0.0.1'): 'first', __import__('decimal').Decimal: 'class'}"],
      ["b.pkl", "{__import__('ipaddress').ip_address('10.0.0.1'): 'second', __import__('ipaddress').ip_address('10.0.0.2'): 'other'}"],
    ]);
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, format: "json", output: join(sub.dir, "out.json") });
    const json = readFileSync(join(sub.dir, "out.json"), "utf8");
    sub.remove();
    expect(merged.filesMerged).toBe(2);
    expect(json).toBe(
      '{"{\\"__class__\\":\\"ipaddress.IPv4Address\\",\\"__args__\\":[167772161]}":"second","{\\"__global__\\":\\"decimal.Decimal\\"}":"class","{\\"__class__\\":\\"ipaddress.IPv4Address\\",\\"__args__\\":[167772162]}":"other"}\n',
    );
  });

  it("merges an empty file as a file of no records: it adds nothing (the README says so)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'a': 1}"]]);
    writeFileSync(join(sub.dir, "b.pkl"), "");
    const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir });
    const alone = await mergePickles({ patterns: "b.pkl", cwd: sub.dir });
    sub.remove();
    expect([...merged.entries()]).toEqual([["a", 1]]);
    expect(alone.size).toBe(0);
  });

  it("reads concatenated merge outputs that start with an empty one as msgpack (0x80 then a map is no PROTO)", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'a': 1}"]]);
    await mergePickles({ patterns: "a.pkl", cwd: sub.dir, output: join(sub.dir, "full.bin") });
    const joined = join(sub.dir, "joined.bin");
    writeFileSync(joined, Buffer.concat([Buffer.of(0x80), readFileSync(join(sub.dir, "full.bin"))]));
    const merged = await mergePickles({ patterns: "joined.bin", cwd: sub.dir });
    sub.remove();
    expect([...merged.entries()]).toEqual([["a", 1]]);
  });

  it("reads a previous merge's msgpack output as input, giving the same result as one big merge", async () => {
    const whole = out("whole.msgpack");
    await mergePickles({ patterns: "shard-*.pkl", cwd: dir, output: whole });
    await mergePickles({ patterns: ["shard-00.pkl", "shard-01.pkl"], cwd: dir, output: out("part-a.bin") });
    await mergePickles({ patterns: ["shard-02.pkl", "shard-03.pkl"], cwd: dir, output: out("part-b.bin") });
    const composed = out("composed.msgpack");
    await mergePickles({ patterns: ["part-*.bin"], cwd: dir, output: composed });
    expect(readFileSync(composed).equals(readFileSync(whole))).toBe(true);
  });

  it("writes a deep merge to msgpack through the transcoder as the general path does (the same records at protocol 1, which it leaves to that path)", async () => {
    const sub = makeTempDir();
    const script = `
import gzip, os, pickle, sys
for name in sorted(n for n in os.listdir(sys.argv[1]) if n.startswith("shard-") and n.endswith(".pkl")):
    raw = open(os.path.join(sys.argv[1], name), "rb").read()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    import io
    f, records = io.BytesIO(raw), []
    while f.tell() < len(raw):
        records.append(pickle.load(f))
    for protocol in (1, 4):
        os.makedirs(os.path.join(sys.argv[2], "p%d" % protocol), exist_ok=True)
        with open(os.path.join(sys.argv[2], "p%d" % protocol, name), "wb") as out:
            for record in records:
                pickle.dump(record, out, protocol=protocol)
`;
    runPython(script, [dir, sub.dir]);
    const p4 = join(sub.dir, "p4");
    for (const name of readdirSync(p4)) expect(transcodeDictPickles(readFileSync(join(p4, name)), { maxOutputBytes: 1 << 26, isDeep: true }).recordCount).toBeGreaterThan(0);
    for (const protocol of [1, 4]) {
      await mergePickles({ patterns: "*.pkl", cwd: join(sub.dir, `p${protocol}`), output: join(sub.dir, `deep-p${protocol}.msgpack`), onConflict: "deep" });
    }
    const [general, transcoded] = [1, 4].map((protocol) => readFileSync(join(sub.dir, `deep-p${protocol}.msgpack`)));
    sub.remove();
    expect(transcoded!.equals(general!)).toBe(true);
  });

  it("composes deep merges the same way", async () => {
    const whole = out("whole-deep.msgpack");
    await mergePickles({ patterns: "shard-*.pkl", cwd: dir, output: whole, onConflict: "deep" });
    await mergePickles({ patterns: ["shard-00.pkl", "shard-01.pkl"], cwd: dir, output: out("deep-a.bin"), onConflict: "deep" });
    await mergePickles({ patterns: ["shard-02.pkl", "shard-03.pkl"], cwd: dir, output: out("deep-b.bin"), onConflict: "deep" });
    const composed = out("composed-deep.msgpack");
    await mergePickles({ patterns: ["deep-*.bin"], cwd: dir, output: composed, onConflict: "deep" });
    expect(readFileSync(composed).equals(readFileSync(whole))).toBe(true);
  });

  it("fails on a bad file naming it, and leaves the destination as it was", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'x': 1}"]]);
    writeFileSync(join(sub.dir, "b.pkl"), readFileSync(join(sub.dir, "a.pkl")).subarray(0, 8));
    const destination = join(sub.dir, "out.msgpack");
    writeFileSync(destination, "previous contents");
    const error = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, output: destination }).catch((e: unknown) => e);
    const leftovers = readdirSync(sub.dir);
    const contents = readFileSync(destination, "utf8");
    sub.remove();
    expect(error).toBeInstanceOf(ShardError);
    expect((error as ShardError).message).toContain(join(sub.dir, "b.pkl"));
    expect((error as ShardError).code).toBe("TRUNCATED");
    expect(contents).toBe("previous contents");
    expect(leftovers.sort()).toEqual(["a.pkl", "b.pkl", "out.msgpack"]);
  });

  it("merges every good file with keepGoing and reports the bad ones", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{'x': 1}"],
      ["c.pkl", "{'y': 2}"],
    ]);
    writeFileSync(join(sub.dir, "b.pkl"), "not a pickle at all");
    const reported: string[] = [];
    const destination = join(sub.dir, "out.json");
    const summary = await mergePickles({
      patterns: "*.pkl",
      cwd: sub.dir,
      output: destination,
      format: "json",
      keepGoing: true,
      onFileError: (failure) => reported.push(failure.file),
    });
    const contents = readFileSync(destination, "utf8");
    sub.remove();
    expect(contents).toBe('{"x":1,"y":2}\n');
    expect(summary.filesMerged).toBe(2);
    expect(summary.failures.map((f) => f.file)).toEqual([join(sub.dir, "b.pkl")]);
    expect(reported).toEqual([join(sub.dir, "b.pkl")]);
  });

  it("fails a file with a MergeWorkerError, never a ShardError keepGoing would skip, when the worker fails or stops for its own reasons", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'x': 1}"]]);
    const settings = { format: "json", isDeep: false, maxOutputBytes: 1 << 20 } as const;
    // A worker that answers every task with a TypeError of its own.
    const failing = join(sub.dir, "failing-worker.mjs");
    writeFileSync(
      failing,
      `import { parentPort } from "node:worker_threads";
parentPort.on("message", (task) => parentPort.postMessage({ taskId: task.taskId, kind: "error", error: { name: "TypeError", message: "x is not a function", code: undefined, isInputError: false } }));`,
    );
    const pools = [new WorkerPool(1, new URL(`file://${failing}`)), new WorkerPool(1, new URL(`file://${join(sub.dir, "missing-worker.mjs")}`))];
    const errors = await Promise.all(pools.map((pool) => pool.run(join(sub.dir, "a.pkl"), settings, () => {}).catch((error: unknown) => error)));
    await Promise.all(pools.map((pool) => pool.close()));
    sub.remove();
    expect(errors[0]).toBeInstanceOf(MergeWorkerError);
    expect((errors[0] as Error).message).toMatch(/x is not a function \(TypeError in a merge worker\)/);
    expect(errors[1]).toBeInstanceOf(MergeWorkerError);
    expect((errors[1] as Error).message).toMatch(/a merge worker stopped/);
    expect(errors.some((error) => error instanceof ShardError)).toBe(false);
  });

  it("stops a memo bomb at the output budget under every policy and format, as the record path does (merge wrote 201 MB, or ran for minutes)", async () => {
    const sub = makeTempDir();
    runPython("import pickle,sys\nd={'leaf':1}\nfor i in range(30): d={'a':d,'b':d}\npickle.dump({'k':d},open(sys.argv[1],'wb'),protocol=4)\n", [join(sub.dir, "bomb.pkl")]);
    const outcomes: string[] = [];
    for (const onConflict of ["last", "deep"] as const) {
      for (const format of ["json", "msgpack", "pickle"] as const) {
        const error = await mergePickles({ patterns: "bomb.pkl", cwd: sub.dir, onConflict, format, output: join(sub.dir, `out.${format}`) }).catch((e: unknown) => e);
        outcomes.push(`${onConflict} ${format}: ${error instanceof ShardError && /output passed (maxOutputBytes|\d+ bytes)/.test(error.message)}`);
      }
    }
    const leftover = readdirSync(sub.dir).filter((name) => name !== "bomb.pkl");
    sub.remove();
    expect(outcomes).toEqual(["last json: true", "last msgpack: true", "last pickle: true", "deep json: true", "deep msgpack: true", "deep pickle: true"]);
    expect(leftover).toEqual([]);
  });

  it("refuses with a clear error, not a stack overflow, a deep merge of a dict inside itself or nested past 512 levels", async () => {
    const sub = makeTempDir();
    runPython(
      "import pickle,sys\nd={'k':1}\nd['self']=d\npickle.dump(d,open(sys.argv[1],'wb'))\nopen(sys.argv[2],'wb').write(b'\\x80\\x04}'+b'\\x8c\\x01n}'*10000+b's'*10000+b'.')\n",
      [join(sub.dir, "cycle.pkl"), join(sub.dir, "deep.pkl")],
    );
    const errors = await Promise.all(["cycle.pkl", "deep.pkl"].map((name) => mergePickles({ patterns: name, cwd: sub.dir, onConflict: "deep" }).catch((e: unknown) => e)));
    const lastPolicy = await mergePickles({ patterns: "deep.pkl", cwd: sub.dir, format: "json", output: join(sub.dir, "out.json") });
    sub.remove();
    expect(errors.map((error) => (error instanceof ShardError ? error.message.replace(sub.dir, "DIR") : String(error)))).toEqual([
      "DIR/cycle.pkl: record 0: cycle: a dict contains itself; a deep merge cannot merge a value that contains itself",
      "DIR/deep.pkl: record 0: dicts nested deeper than 512 levels: a deep merge goes no deeper (merge with another policy)",
    ]);
    expect(lastPolicy.filesMerged).toBe(1);
  });

  it("refuses a record that is not a dict, naming the file and the record", async () => {
    const sub = makeTempDir();
    const script = "import pickle,sys\nwith open(sys.argv[1],'wb') as f:\n  pickle.dump({'a':1},f)\n  pickle.dump([1,2],f)\n";
    const { runPython } = await import("../python.js");
    runPython(script, [join(sub.dir, "mixed.pkl")]);
    const error = await mergePickles({ patterns: "*.pkl", cwd: sub.dir }).catch((e: unknown) => e);
    sub.remove();
    expect(error).toBeInstanceOf(ShardError);
    expect((error as Error).message).toBe(`${join(sub.dir, "mixed.pkl")}: record 1 is a list or tuple, not a dict: only dicts can be merged`);
  });

  it("applies a key a record repeats as CPython's dict does, under every policy", async () => {
    // {"a": 1, "b": 0, "a": 2}: SETITEMS with "a" twice (CPython never writes this; pickle.loads gives {"a": 2, "b": 0}).
    const repeated = Uint8Array.of(0x80, 4, 0x7d, 0x28, 0x8c, 1, 0x61, 0x4b, 1, 0x8c, 1, 0x62, 0x4b, 0, 0x8c, 1, 0x61, 0x4b, 2, 0x75, 0x2e);
    const sub = makeTempDir();
    writeFileSync(join(sub.dir, "a.pkl"), repeated);
    const { runPython } = await import("../python.js");
    const cpython = JSON.parse(runPython("import pickle,sys,json\nprint(json.dumps(pickle.load(open(sys.argv[1],'rb'))))", [join(sub.dir, "a.pkl")]));
    for (const onConflict of ["last", "first", "error"] as const) {
      const merged = await mergePickles({ patterns: "*.pkl", cwd: sub.dir, onConflict });
      expect(Object.fromEntries(merged), onConflict).toEqual(cpython);
      expect([...merged.keys()]).toEqual(Object.keys(cpython));
    }
    sub.remove();
  });

  it("starts its workers when Node runs with V8 flags a worker may not be given (as the CLI launcher does)", () => {
    // The Worker constructor refuses V8 flags in execArgv; the pool passes the parent's flags on.
    const script = `import { mergePickles } from "@pkl-stream/stream";
const merged = await mergePickles({ patterns: "shard-*.pkl", cwd: ${JSON.stringify(dir)}, concurrency: 2 });
console.log(merged.size);`;
    const result = spawnSync(process.execPath, ["--max-semi-space-size=32", "--max-old-space-size=4096", "--input-type=module", "-e", script], {
      cwd: testPath("."),
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(String(Object.keys(JSON.parse(cpythonMerge("last", shardPaths()))).length));
  });

  it("leaves no temporary file behind after a successful write", async () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'x': 1}"]]);
    await mergePickles({ patterns: "*.pkl", cwd: sub.dir, output: join(sub.dir, "out.msgpack") });
    const names = readdirSync(sub.dir).sort();
    const exists = existsSync(join(sub.dir, "out.msgpack"));
    sub.remove();
    expect(names).toEqual(["a.pkl", "out.msgpack"]);
    expect(exists).toBe(true);
  });

  it("checks its options at the call", async () => {
    await expect(mergePickles({ patterns: [] })).rejects.toThrow(TypeError);
    await expect(mergePickles({ patterns: "*.pkl", concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(mergePickles({ patterns: "*.pkl", onConflict: "newest" as "last" })).rejects.toThrow(/onConflict/);
  });
});
