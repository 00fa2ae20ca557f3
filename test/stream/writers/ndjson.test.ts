import { OutputError, PyFloat, PyInstance, type PyValue, createDict, loadAll, markTuple, toJson } from "@pkl-stream/core";
import { Readable } from "node:stream";
import { NdjsonWriter, ndjsonWriter, pickleParser } from "@pkl-stream/stream";
import chain from "stream-chain";
import { describe, expect, it } from "vitest";
import { runPython, skipPythonTests } from "../../core/json/run-python.js";
import { runWriter } from "./collect.js";

function dict(entries: [string, PyValue][]): PyValue {
  const d = createDict();
  for (const [k, v] of entries) d[k] = v;
  return d;
}

describe("ndjsonWriter", () => {
  it("writes one compact JSON line per record by the mapping", async () => {
    const records: PyValue[] = [
      dict([["id", 1], ["big", 2n ** 100n], ["f", new PyFloat(2)], ["nan", Number.NaN]]),
      [markTuple([1, "a"]), new Set(["x", "y"]), new Uint8Array([1, 2, 3])],
      "é\u2028\ud800",
      new Map<PyValue, PyValue>([[3, "three"], [new PyFloat(1e16), true]]),
    ];
    const { output, error } = await runWriter(ndjsonWriter(), records);
    expect(error).toBeUndefined();
    expect(output.toString("utf8")).toBe(
      '{"id":1,"big":1267650600228229401496703205376,"f":2.0,"nan":null}\n' +
        '[[1,"a"],["x","y"],"AQID"]\n' +
        '"é\u2028\\ud800"\n' +
        '{"3":"three","1e+16":true}\n',
    );
    expect(output.toString("utf8")).toBe(records.map((r) => `${toJson(r)}\n`).join(""));
  });

  it("writes nothing for no records", async () => {
    const { output, error } = await runWriter(ndjsonWriter(), []);
    expect(error).toBeUndefined();
    expect(output.length).toBe(0);
  });

  it("stops at a cycle with an error naming the record, after writing every record before it", async () => {
    const cyclic: PyValue[] = ["loop"];
    cyclic.push(cyclic);
    const { output, error } = await runWriter(ndjsonWriter(), [1, [2], cyclic, 4]);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).code).toBe("CYCLE");
    expect((error as OutputError).message).toMatch(/^record 2: cycle: the list at \$ contains itself at \$\[1\]/);
    expect(output.toString()).toBe("1\n[2]\n");
  });

  it("names the record by its index when records come with metadata", async () => {
    const cyclic: PyValue[] = [];
    cyclic.push(cyclic);
    const { error } = await runWriter(ndjsonWriter({ input: "records" }), [{ value: cyclic, index: 41, inputBytes: 9 }]);
    expect((error as OutputError).recordIndex).toBe(41);
  });

  it("refuses a memo bomb at the output budget, keeping the records before it", async () => {
    let level: PyValue = ["x"];
    for (let i = 0; i < 30; i++) level = new Array<PyValue>(10).fill(level);
    const { output, error } = await runWriter(ndjsonWriter({ maxOutputBytes: 100_000 }), ["ok", level]);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).code).toBe("LIMIT_EXCEEDED");
    expect((error as OutputError).limit).toBe("maxOutputBytes");
    expect((error as OutputError).message).toMatch(/^record 1: output passed maxOutputBytes \(100000 bytes/);
    expect(output.toString()).toBe('"ok"\n');
  });

  it("scales the default budget with each record's inputBytes", async () => {
    const big = "z".repeat(65 * 1024 * 1024);
    const withHint = await runWriter(ndjsonWriter({ input: "records" }), [{ value: big, inputBytes: 2 * 1024 * 1024 }]);
    expect(withHint.error).toBeUndefined();
    expect(withHint.output.length).toBe(big.length + 3);
    const withoutHint = await runWriter(ndjsonWriter(), [big]);
    expect((withoutHint.error as OutputError).code).toBe("LIMIT_EXCEEDED");
  });

  it("takes PickleRecordInfo-shaped records (length as the input size)", async () => {
    const { output } = await runWriter(ndjsonWriter({ input: "records" }), [
      { value: [1], index: 0, offset: 0, length: 10, file: undefined },
      { value: null, index: 1, offset: 10, length: 4, file: undefined },
    ]);
    expect(output.toString()).toBe("[1]\nnull\n");
  });

  it("writes 1,000,000 nested lists as one correct line", async () => {
    let value: PyValue = [];
    for (let i = 1; i < 1_000_000; i++) value = [value];
    const { output, error } = await runWriter(ndjsonWriter(), [value]);
    expect(error).toBeUndefined();
    expect(output.length).toBe(2_000_001);
    expect(output.toString()).toBe(`${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}\n`);
  });

  it("writes __proto__, constructor and prototype keys as data, leaving Object.prototype alone", async () => {
    const record = dict([["__proto__", dict([["polluted", true]])], ["constructor", dict([["prototype", 1]])]]);
    const placeholder = new PyInstance("m", "C");
    placeholder.setState(record);
    const { output } = await runWriter(ndjsonWriter(), [record, placeholder]);
    expect(output.toString()).toBe(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":1}}\n' +
        '{"__class__":"m.C","__state__":{"__proto__":{"polluted":true},"constructor":{"prototype":1}}}\n',
    );
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("honours backpressure: stops taking records while its output is not read", async () => {
    const writer = new NdjsonWriter({ readableHighWaterMark: 1024, writableHighWaterMark: 4 });
    const line = "r".repeat(300);
    let accepted = 0;
    while (writer.write(line) && accepted < 10_000) accepted++;
    await new Promise((resolve) => setImmediate(resolve));
    // Transform holds the next record while the readable side is past its high-water mark.
    expect(accepted).toBeLessThan(10);
    expect(writer.readableLength).toBeLessThan(1024 + 2 * 304);
    const drained = new Promise((resolve) => writer.once("drain", resolve));
    const chunks: Buffer[] = [];
    writer.on("data", (chunk: Buffer) => chunks.push(chunk));
    await drained;
    writer.end();
    await new Promise((resolve) => writer.once("end", resolve));
    expect(Buffer.concat(chunks).toString()).toBe(`"${line}"\n`.repeat(accepted + 1));
  });

  it("pushes small records in batches, not one chunk per record", async () => {
    const records = Array.from({ length: 5000 }, (_, i) => dict([["id", i], ["name", `n${i}`]]));
    const writer = ndjsonWriter();
    let chunks = 0;
    writer.on("data", () => chunks++);
    const { output } = await runWriter(writer, records);
    expect(output.toString().split("\n").length).toBe(5001);
    expect(chunks).toBeLessThan(500);
  });

  it("refuses a 1 KB memo bomb pickle (BINGET x10, 40 levels) at the default budget", async () => {
    // PROTO 2, EMPTY_LIST, BININT1 0, APPEND; then 40 times: BINPUT 1, MARK, BINGET 1 x10, LIST; STOP.
    const bytes = [0x80, 2, 0x5d, 0x4b, 0, 0x61];
    for (let level = 0; level < 40; level++) {
      bytes.push(0x71, 1, 0x28);
      for (let i = 0; i < 10; i++) bytes.push(0x68, 1);
      bytes.push(0x6c);
    }
    bytes.push(0x2e);
    const pickle = Uint8Array.from(bytes);
    expect(pickle.length).toBeLessThan(1024);
    const [bomb] = loadAll(pickle);
    const { output, error } = await runWriter(ndjsonWriter({ input: "records" }), [
      { value: "before", inputBytes: 10 },
      { value: bomb, inputBytes: pickle.length },
    ]);
    expect((error as OutputError).code).toBe("LIMIT_EXCEEDED");
    expect((error as OutputError).message).toContain("maxOutputBytes (67108864 bytes");
    expect(output.toString()).toBe('"before"\n');
  });

  it("validates options at the call", () => {
    expect(() => ndjsonWriter({ maxOutputBytes: -5 })).toThrow(RangeError);
    expect(() => ndjsonWriter({ input: "rows" as never })).toThrow(TypeError);
    expect(() => ndjsonWriter({ readableHighWaterMark: 0 })).toThrow(RangeError);
  });

  it("reports a non-record chunk in records mode as a TypeError through the stream", async () => {
    const { error } = await runWriter(ndjsonWriter({ input: "records" }), [{ value: 1 }, 7]);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^record 1: with input "records"/);
  });
});

describe.runIf(!skipPythonTests)("ndjsonWriter against CPython", () => {
  it("writes what CPython's json.dumps writes for records appended by many pickle.dump calls", async () => {
    const script = `
import io, json, pickle, random, sys
rng = random.Random(3)
buf = io.BytesIO()
lines = []
for i in range(2000):
    rec = {"id": i, "name": "n%d" % i, "score": rng.random() * 100, "tags": [rng.randrange(100) for _ in range(3)],
           "big": rng.randrange(2**80), "ok": rng.random() < 0.5, "none": None, "ratio": float(rng.randrange(10)),
           "text": "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(6)))}
    pickle.dump(rec, buf, protocol=i % 6)
    lines.append(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
sys.stdout.write(json.dumps({"pickles": buf.getvalue().hex(), "ndjson": "".join(l + "\\n" for l in lines)}))
`;
    const { pickles, ndjson } = JSON.parse(runPython(script)) as { pickles: string; ndjson: string };
    const records = loadAll(Buffer.from(pickles, "hex"), { wrapIntegralFloats: true });
    const { output, error } = await runWriter(ndjsonWriter(), records);
    expect(error).toBeUndefined();
    expect(output.toString("utf8")).toBe(ndjson);

    // The same bytes through stream-chain: parser (metadata mode) -> writer (records input).
    const bytes = Buffer.from(pickles, "hex");
    const chunks = Array.from({ length: Math.ceil(bytes.length / 777) }, (_, i) => bytes.subarray(i * 777, (i + 1) * 777));
    const pipe = chain([Readable.from(chunks), pickleParser({ metadata: true, wrapIntegralFloats: true }), ndjsonWriter({ input: "records" })]);
    const piped: Buffer[] = [];
    for await (const chunk of pipe) piped.push(chunk as Buffer);
    expect(Buffer.concat(piped).toString("utf8")).toBe(ndjson);
  });
});
