// convert's NDJSON -> pickles as a stream: the line splitter gives the same pickles and errors
// however the input is chunked, and the head reader stops where the format can be judged.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { JsonPickler } from "@pkl-stream/core/internal";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readHead, readRest } from "../../packages/cli/src/convert/input-head.js";
import { isStreamableNdjson, NdjsonPickleLines } from "../../packages/cli/src/convert/json-pickles.js";
import { byteDifference, concatChunks, splitRandomly } from "../helpers/chunks.js";
import { requirePython } from "../helpers/python.js";
import { makeTempDir, runPython } from "../stream/python.js";
import { runCli } from "./run-cli.js";

const utf8 = new TextEncoder();

/** The pickles of `chunks` fed to one NdjsonPickleLines, and the error that ended them, if any. */
function pickleChunks(chunks: readonly Uint8Array[], head: Uint8Array): { bytes: Uint8Array; error: string | undefined } {
  const pickler = new JsonPickler();
  const lines = new NdjsonPickleLines(pickler, head);
  const out: Uint8Array[] = [];
  let error: string | undefined;
  try {
    // One piece at a time: a spread would drop the pieces yielded before a throw.
    for (const chunk of chunks) for (const piece of lines.feed(chunk)) out.push(piece);
    for (const piece of lines.end()) out.push(piece);
  } catch (caught) {
    error = (caught as Error).message;
  }
  if (pickler.size > 0) out.push(pickler.take());
  return { bytes: concatChunks(out), error };
}

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array, void, undefined> {
  yield* chunks;
}

describe("NdjsonPickleLines", () => {
  it("writes the same pickles, and fails on the same line, for any chunking of the input", () => {
    const line = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.constantFrom("", "  ", '{"a": }', '{"k": "\\u00e9\\ud83d\\ude00"}', "\r", '"x"\r'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }), (lines, endsWithNewline, seed) => {
        const bytes = utf8.encode(lines.join("\n") + (endsWithNewline ? "\n" : ""));
        const whole = pickleChunks([bytes], bytes);
        const oneByte = pickleChunks(Array.from(bytes, (byte) => Uint8Array.of(byte)), bytes);
        const random = pickleChunks(splitRandomly(bytes, seed, 50), bytes);
        for (const chunked of [oneByte, random]) {
          expect(byteDifference(chunked.bytes, whole.bytes)).toBe("equal");
          expect(chunked.error).toBe(whole.error);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("names the bad line by its number, after the pickles of the lines before it", () => {
    const bytes = utf8.encode('{"a": 1}\n\n[2]\n{"b": }\n[3]\n');
    const result = pickleChunks(splitRandomly(bytes, 3, 4), bytes);
    expect(result.error).toMatch(/^NDJSON line 4: JSON: value expected/);
    const expected = new JsonPickler();
    expected.pickleLine(utf8.encode('{"a": 1}'), 0, 8);
    expected.pickleLine(utf8.encode("[2]"), 0, 3);
    expect(byteDifference(result.bytes, expected.take())).toBe("equal");
  });
});

describe("readHead", () => {
  const big = (text: string): Uint8Array[] => splitRandomly(utf8.encode(text), 11, 4096);

  it("reads all of a short input, with nothing left", async () => {
    const { head, rest } = await readHead(fromChunks([utf8.encode('{"a": 1}\n'), utf8.encode("[2]\n")]));
    expect(new TextDecoder().decode(head)).toBe('{"a": 1}\n[2]\n');
    expect(rest).toBeUndefined();
  });

  it("stops past 64 KiB once a line and the start of the next are in, and readRest gives back the whole", async () => {
    const text = `${'{"k": 1}\n'.repeat(20_000)}`;
    const start = await readHead(fromChunks(big(text)));
    expect(start.head.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(start.head.length).toBeLessThan(text.length);
    expect(start.rest).toBeDefined();
    expect(new TextDecoder().decode((await readRest(start)).bytes)).toBe(text);
  });

  it("reads on through a first line longer than 64 KiB and the blank lines after it", async () => {
    const first = `["${"x".repeat(100_000)}"]`;
    const text = `${first}\n${"\n".repeat(70_000)}[1]\n${"[2]\n".repeat(30_000)}`;
    const { head } = await readHead(fromChunks(big(text)));
    expect(head.length).toBeGreaterThan(first.length + 70_000);
  });

  it("streams NDJSON only: one JSON value over many lines, or a first line the transcoder leaves, is read whole", async () => {
    const pickler = new JsonPickler();
    const ndjson = utf8.encode('{"a": 1}\n{"b": 2}\n');
    expect(isStreamableNdjson(pickler, ndjson)).toBe(true);
    expect(isStreamableNdjson(pickler, utf8.encode('{\n "a": 1\n}\n'))).toBe(false);
    expect(isStreamableNdjson(pickler, utf8.encode('[1, 2]\n   \n'))).toBe(false);
    expect(isStreamableNdjson(pickler, utf8.encode('{"a": 1, "a": 2}\n{"b": 2}\n'))).toBe(false);
    expect(pickler.size).toBe(0);
  });
});

describe.runIf(requirePython())("pkl-stream convert, NDJSON streamed", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it("converts NDJSON of several MB, lines spanning read chunks, as json.loads reads each line; a bad line late keeps the records before it", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: i, name: `n${i % 97}`, t: i / 7, tags: ["a", `t${i % 5}`] }));
    lines[1234] = JSON.stringify({ long: "é".repeat(600_000) }); // 1.2 MB: spans several 512 KiB reads
    lines[5000] = "";
    const good = join(temp.dir, "good.ndjson");
    writeFileSync(good, `${lines.join("\n")}\n`);
    const result = runCli(["convert", good, "-o", join(temp.dir, "good.pkl")]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const check = runPython(
      "import json, pickle, sys\nf = open(sys.argv[2], 'rb')\nn = 0\nfor line in open(sys.argv[1], encoding='utf-8'):\n" +
        "    if not line.strip(): continue\n    assert pickle.load(f) == json.loads(line), n\n    n += 1\nassert f.read() == b''\nprint(n)",
      [good, join(temp.dir, "good.pkl")],
    );
    expect(check.trim()).toBe("19999");

    const bad = join(temp.dir, "bad.ndjson");
    writeFileSync(bad, `${lines.slice(0, 15_000).join("\n")}\n{"broken": }\n${lines.slice(15_000).join("\n")}\n`);
    const piped = runCli(["convert", bad, "-f", "pickle"]);
    expect(piped.status).toBe(1);
    expect(piped.stderr).toContain("bad.ndjson: NDJSON line 15001: JSON: value expected");
    writeFileSync(join(temp.dir, "piped.pkl"), piped.stdout);
    const count = runPython("import pickle, sys\nf = open(sys.argv[1], 'rb')\nn = 0\nwhile True:\n    try: pickle.load(f)\n    except EOFError: break\n    n += 1\nprint(n)", [join(temp.dir, "piped.pkl")]);
    expect(count.trim()).toBe("14999");
  });
});
