// `pkl-stream convert` and `merge --format pickle`, checked with CPython's pickle.load loop.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { requirePython } from "../helpers/python.js";
import { makeTempDir, runPython } from "../stream/python.js";
import { runCli } from "./run-cli.js";

/** Python: the records of file argv[1] (a pickle.load loop), as one repr per line. */
const LOAD_LOOP_PY = `
import pickle, sys
with open(sys.argv[1], "rb") as f:
    while True:
        try:
            print(repr(pickle.load(f)))
        except EOFError:
            break
`;

const NDJSON = '{"id": 1, "ratio": 2.0, "big": 123456789012345678901234567890, "tags": ["a", "b"]}\n\n{"id": 2, "none": null, "7": true}\n';
const NDJSON_REPR = [
  "{'id': 1, 'ratio': 2.0, 'big': 123456789012345678901234567890, 'tags': ['a', 'b']}",
  "{'id': 2, 'none': None, '7': True}",
];

describe.runIf(requirePython())("pkl-stream convert", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  const file = (name: string): string => join(temp.dir, name);
  const loadLoop = (path: string): string[] => runPython(LOAD_LOOP_PY, [path]).trim().split("\n");

  it("takes -o - as standard output for convert and merge, as the other commands do (no file named -)", () => {
    writeFileSync(file("one.pkl"), Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.", "latin1")); // {"a": 1}
    for (const args of [["convert", file("one.pkl"), "-o", "-"], ["merge", file("one.pkl"), "-f", "json", "-o", "-"]]) {
      const result = runCli(args, { cwd: temp.dir });
      expect(result.status, args.join(" ")).toBe(0);
      expect(result.text.trim()).toBe('{"a":1}');
    }
    expect(existsSync(file("-"))).toBe(false);
  });

  it.each([
    ["a byte that is no UTF-8", Buffer.from([0xff, 0x0a]), /NDJSON line 3: (not UTF-8 text|The encoded data was not valid)/],
    ["a raw control character", Buffer.from('{"c":"\u0001"}\n'), /NDJSON line 3: /],
  ])("converts the NDJSON lines before a line holding %s, then names that line (review 21: the whole input was taken for no text)", (_what, bad, says) => {
    const path = file("bad-text-line.ndjson");
    writeFileSync(path, Buffer.concat([Buffer.from('{"a":1}\n{"b":2}\n'), bad, Buffer.from('{"d":4}\n')]));
    const ndjson = runCli(["convert", path, "-f", "ndjson"]);
    expect(ndjson.status).toBe(1);
    expect(ndjson.text).toBe('{"a":1}\n{"b":2}\n');
    expect(ndjson.stderr).toMatch(says);
    const pickled = file("bad-text-line.pkl");
    const toPickle = runCli(["convert", path, "-f", "pickle", "-o", "-"]);
    expect(toPickle.status).toBe(1);
    expect(toPickle.stderr).toMatch(says);
    writeFileSync(pickled, toPickle.stdout);
    expect(loadLoop(pickled)).toEqual(["{'a': 1}", "{'b': 2}"]);
  });

  it("writes the records of earlier inputs to stdout before a later input's error, as the decoding command does", () => {
    const one = Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.", "latin1"); // {"a": 1}
    writeFileSync(file("two.pkl"), Buffer.concat([one, one]));
    writeFileSync(file("cut.pkl"), one.subarray(0, 9));
    for (const format of ["ndjson", "msgpack"]) {
      const result = runCli(["convert", "-f", format, "two.pkl", "cut.pkl"], { cwd: temp.dir });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^pkl-stream: cut\.pkl: record 0 at byte \d+: /);
      expect(result.stdout.length, format).toBe(format === "ndjson" ? 16 : 8);
    }
  });

  it("writes the records a cut gzip file holds before its cut, then names the cut at its record (protocols 0 and 4, every output)", () => {
    const one4 = Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.", "latin1"); // {"a": 1}
    const one0 = Buffer.from("(dp0\nVa\np1\nI1\ns.", "latin1"); // {"a": 1}, protocol 0
    for (const [name, one] of [["cut4.pkl.gz", one4], ["cut0.pkl.gz", one0]] as const) {
      // Records of varied sizes, so the cut lands inside one; the gzip ends 40 bytes short.
      const whole = gzipSync(Buffer.concat(Array.from({ length: 3000 }, () => one)));
      writeFileSync(file(name), whole.subarray(0, whole.length - 40));
      const cat = runCli([name], { cwd: temp.dir });
      const written = cat.text.split("\n").length - 1;
      expect(written).toBeGreaterThan(1000);
      for (const format of ["ndjson", "pickle"]) {
        const result = runCli(["convert", "-f", format, name], { cwd: temp.dir });
        expect(result.status, `${name} ${format}`).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`^pkl-stream: ${name.replace(".", "\\.")}: record ${written} at byte \\d+: the gzip data is cut short`));
        if (format === "ndjson") expect(result.text).toBe(cat.text);
        else {
          writeFileSync(file("from-cut.pkl"), result.stdout);
          expect(loadLoop(file("from-cut.pkl"))).toEqual(Array.from({ length: written }, () => "{'a': 1}"));
        }
      }
    }
  });

  it("names the cut of a gzip input in any other format, or cut inside its first record, never converting part of it", () => {
    const ndjson = gzipSync(Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"i": ${i}}\n`).join("")));
    const msgpack = gzipSync(Buffer.from("81a161cb4000000000000000".repeat(3000), "hex")); // {"a": 2.0} x 3000
    writeFileSync(file("cut.msgpack.gz"), msgpack.subarray(0, msgpack.length - 20));
    writeFileSync(file("cut.ndjson.gz"), ndjson.subarray(0, ndjson.length - 40));
    const one = gzipSync(Buffer.from(`\x80\x04X\x00\x10\x00\x00${"x".repeat(4096)}.`, "latin1"));
    writeFileSync(file("cut-first.pkl.gz"), one.subarray(0, one.length - 20));
    for (const name of ["cut.msgpack.gz", "cut.ndjson.gz", "cut-first.pkl.gz"]) {
      const result = runCli(["convert", "-f", "ndjson", name], { cwd: temp.dir });
      expect([result.status, result.text], name).toEqual([1, ""]);
      expect(result.stderr).toMatch(new RegExp(`^pkl-stream: ${name.replace(/\./g, "\\.")}: record 0 at byte \\d+: the gzip data is cut short`));
    }
  });

  it("writes the records of a protocol 0 stream before its corrupt record, as the decoding command does", () => {
    writeFileSync(file("bad0.pkl"), Buffer.from("I1\n.I2\n.I3\nZ", "latin1"));
    const result = runCli(["convert", "-f", "ndjson", "bad0.pkl"], { cwd: temp.dir });
    expect(result.status).toBe(1);
    expect(result.text).toBe("1\n2\n");
    expect(result.stderr).toMatch(/^pkl-stream: bad0\.pkl: record 2 at byte \d+: /);
  });

  it("reads msgpack ints that begin like a compressor's magic number (lzma's 5d 00, bzip2's BZh1) as msgpack, not as compressed data", () => {
    writeFileSync(file("lzma-like.msgpack"), Uint8Array.of(0x5d, 0x00, 0x01));
    writeFileSync(file("bzip2-like.msgpack"), Buffer.from("BZh1\x05", "latin1"));
    expect(runCli(["convert", "-f", "ndjson", "lzma-like.msgpack"], { cwd: temp.dir }).text).toBe("93\n0\n1\n");
    expect(runCli(["convert", "-f", "ndjson", "bzip2-like.msgpack"], { cwd: temp.dir }).text).toBe("66\n90\n104\n49\n5\n");
  });

  it("says a pandas DataFrame has no pickle form here, naming its class and what to write instead", () => {
    const frame = join(import.meta.dirname, "..", "fixtures", "libs", "pandas", "frame-basic.p4.pkl");
    const result = runCli(["convert", frame, "-o", file("frame-out.pkl")], { cwd: temp.dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot pickle pandas\.core\.frame\.DataFrame: the decoder rebuilds it for reading, not for writing back \(write JSON or msgpack instead\)\n$/);
  });

  it("refuses --protocol for output that is not pickle, with exit 2", () => {
    writeFileSync(file("one.pkl"), Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.", "latin1"));
    const result = runCli(["convert", "one.pkl", "-p", "2"], { cwd: temp.dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pkl-stream: --protocol is for pickle output; this writes ndjson\n/);
  });

  it("fails with exit 1, never an internal error, on a cycle, nesting past 1000 levels, or a msgpack map used as a key", () => {
    const cycle = Buffer.from("\x80\x02]q\x00h\x00a.", "latin1"); // l = []; l.append(l)
    writeFileSync(file("cycle.pkl"), cycle);
    writeFileSync(file("deep.json"), `${"[".repeat(5000)}${"]".repeat(5000)}`);
    writeFileSync(file("deep.msgpack"), Buffer.concat([Buffer.from([0x81, 0xa1, 0x6b]), Buffer.alloc(5000, 0x91), Buffer.from([0xc0])]));
    writeFileSync(file("mapkey.msgpack"), Buffer.from([0x81, 0x81, 0x01, 0x02, 0x03]));
    const cases: [string[], RegExp][] = [
      [["convert", file("cycle.pkl"), "-f", "ndjson"], /record 0: cannot write it: cycle: the list at \$ contains itself/],
      [["convert", file("cycle.pkl"), "-f", "msgpack"], /cannot write it: cycle/],
      [["convert", file("deep.json"), "-f", "pickle"], /nesting deeper than 1000 levels/],
      [["convert", file("deep.msgpack"), "-f", "ndjson"], /nested deeper than 1000 levels/],
      [["merge", file("deep.msgpack"), "-f", "pickle", "-o", file("merged.pkl")], /nested deeper than 1000 levels/],
      [["convert", file("mapkey.msgpack"), "-f", "pickle"], /a msgpack map key at offset 1 is a map, which has no hashable Python value/],
    ];
    for (const [args, says] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).not.toMatch(/internal error/);
    }
  });

  it("turns NDJSON into appended pickles a pickle.load loop reads back (2.0 stays a float, big ints exact, key order kept)", () => {
    writeFileSync(file("in.ndjson"), NDJSON);
    const result = runCli(["convert", file("in.ndjson"), "-o", file("out.pkl")]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(loadLoop(file("out.pkl"))).toEqual(NDJSON_REPR);
  });

  it("reads every NDJSON line as Python's json.loads does (strings with and without escapes, numbers of every shape, nesting)", () => {
    const escaped = fc.constantFrom('"tab\\there"', '"quote \\" and \\\\ slash"', '"\\u00e9t\\u00e9"', '"emoji \\ud83d\\ude00"', '"café"', '""');
    const numbers = fc.constantFrom("0", "-0", "7", "-42", "123456789012345", "-1234567890123456", "9007199254740991", "9007199254740993", "-123456789012345678901234567890", "2.0", "-1.5e-7", "1E+21", "0.1", "1e400");
    const line = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.tuple(escaped, numbers).map(([text, number]) => `{"s": ${text}, "n": ${number}, "l": [${number}, ${text}, {}]}`),
    );
    const lines = fc.sample(line, { seed: 7, numRuns: 400 });
    writeFileSync(file("lines.ndjson"), `${lines.join("\n")}\n`);
    const result = runCli(["convert", file("lines.ndjson"), "-o", file("lines.pkl")]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const expected = runPython(
      "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    print(repr(json.loads(line)))",
      [file("lines.ndjson")],
    );
    expect(loadLoop(file("lines.pkl"))).toEqual(expected.trim().split("\n"));
  });

  it("writes NDJSON records as it reads them: a bad line fails after the records before it (kept on stdout, none in an -o file)", () => {
    writeFileSync(file("bad-line.ndjson"), '{"a": 1}\n[2, 3]\n{"b": }\n{"c": 4}\n');
    const piped = runCli(["convert", file("bad-line.ndjson"), "-f", "pickle"]);
    expect(piped.status).toBe(1);
    expect(piped.stderr).toContain("bad-line.ndjson: NDJSON line 3: JSON: value expected");
    writeFileSync(file("piped.pkl"), piped.stdout);
    expect(loadLoop(file("piped.pkl"))).toEqual(["{'a': 1}", "[2, 3]"]);
    const toFile = runCli(["convert", file("bad-line.ndjson"), "-o", file("bad-line.pkl")]);
    expect(toFile.status).toBe(1);
    expect(existsSync(file("bad-line.pkl"))).toBe(false);
  });

  it("streams more than ten NDJSON inputs into one pickle file with nothing on stderr (no listener piles up on the abort signal)", () => {
    // Each past the 64 KiB head, so each is read as a stream, its reader held until its turn.
    const names = Array.from({ length: 12 }, (_, k) => {
      writeFileSync(file(`part-${k}.ndjson`), Array.from({ length: 1500 }, (_, i) => `${JSON.stringify({ k, i, text: "x".repeat(40) })}\n`).join(""));
      return file(`part-${k}.ndjson`);
    });
    const result = runCli(["convert", ...names, "-o", file("parts.pkl")]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(loadLoop(file("parts.pkl"))).toHaveLength(12 * 1500);
  });

  it("reads a JSON array as its records and gzip input by content", () => {
    writeFileSync(file("in.json.gz"), gzipSync('[{"x": 1.5}, [1, 2], "three"]'));
    const result = runCli(["convert", file("in.json.gz"), "-o", file("array.pkl"), "--protocol", "2"]);
    expect(result.status).toBe(0);
    expect(readFileSync(file("array.pkl")).subarray(0, 2)).toEqual(Buffer.from([0x80, 2]));
    expect(loadLoop(file("array.pkl"))).toEqual(["{'x': 1.5}", "[1, 2]", "'three'"]);
  });

  it("keeps Python classes from pickle to pickle and goes through msgpack and back", () => {
    runPython(
      "import pickle, sys, datetime, decimal\nwith open(sys.argv[1], 'wb') as f:\n" +
        "    pickle.dump({'at': datetime.datetime(2024, 1, 2, 3, 4, 5), 'd': decimal.Decimal('1.10'), 't': (1, 2)}, f, 2)\n" +
        "    pickle.dump([1.5, b'\\x00'], f, 4)\n",
      [file("classes.pkl")],
    );
    const classes = runCli(["convert", file("classes.pkl"), "-o", file("classes.out.pkl")]);
    expect([classes.status, classes.stderr]).toEqual([0, ""]);
    expect(loadLoop(file("classes.out.pkl"))).toEqual(loadLoop(file("classes.pkl")));

    writeFileSync(file("mid.ndjson"), NDJSON);
    const mid = runCli(["convert", file("mid.ndjson"), "-o", file("mid.msgpack")]);
    expect([mid.status, mid.stderr]).toEqual([0, ""]);
    const back = runCli(["convert", file("mid.msgpack"), "--format", "pickle"]);
    expect(back.status).toBe(0);
    writeFileSync(file("back.pkl"), back.stdout);
    // The shared mapping's msgpack rule: an int beyond 64 bits travels as its decimal text.
    const viaMsgpack = [NDJSON_REPR[0]!.replace("123456789012345678901234567890", "'123456789012345678901234567890'"), NDJSON_REPR[1]];
    expect(loadLoop(file("back.pkl"))).toEqual(viaMsgpack);
  });

  it("writes the records of NDJSON, msgpack and pickle inputs to one pickle file in input order, at any protocol", () => {
    writeFileSync(file("order-1.ndjson"), '{"a": 1}\n[2, "x"]\n');
    // msgpack of {"b": 2.0, (1, 2): b"\x00"} then "tail": an integral float, a tuple key, bin.
    writeFileSync(file("order-2.msgpack"), Buffer.from("82a162cb40000000000000009201 02c40100a47461696c".replace(/ /g, ""), "hex"));
    runPython("import pickle, sys\nwith open(sys.argv[1], 'wb') as f:\n    pickle.dump({'c': (3,)}, f, 2)\n", [file("order-3.pkl")]);
    const expected = ["{'a': 1}", "[2, 'x']", "{'b': 2.0, (1, 2): b'\\x00'}", "'tail'", "{'c': (3,)}"];
    for (const protocol of ["3", "5"]) {
      const result = runCli(["convert", file("order-1.ndjson"), file("order-2.msgpack"), file("order-3.pkl"), "-o", file(`ordered-p${protocol}.pkl`), "-p", protocol]);
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(readFileSync(file(`ordered-p${protocol}.pkl`))[1]).toBe(Number(protocol));
      expect(loadLoop(file(`ordered-p${protocol}.pkl`))).toEqual(expected);
    }
  });

  it("writes one JSON array of the records with --format json or -o FILE.json, the bytes the decoding command's --format json gives", () => {
    const one4 = Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.", "latin1"); // {"a": 1}
    const one0 = Buffer.from("(dp0\nVb\np1\nF2.0\ns.", "latin1"); // {"b": 2.0}, protocol 0
    writeFileSync(file("arr4.pkl"), Buffer.concat([one4, one4]));
    writeFileSync(file("arr0.pkl"), Buffer.concat([one0, one0]));
    writeFileSync(file("arr-empty.pkl"), Buffer.alloc(0));
    for (const inputs of [["arr4.pkl"], ["arr0.pkl"], ["arr-empty.pkl", "arr4.pkl", "arr0.pkl"], ["arr-empty.pkl"]]) {
      const cat = runCli(["-f", "json", ...inputs], { cwd: temp.dir });
      const converted = runCli(["convert", "-f", "json", ...inputs], { cwd: temp.dir });
      expect([converted.status, converted.stderr]).toEqual([0, ""]);
      expect(converted.text, inputs.join(" ")).toBe(cat.text);
      expect(runCli(["convert", ...inputs, "-o", "arr.json"], { cwd: temp.dir }).status).toBe(0);
      expect(readFileSync(file("arr.json"), "utf8")).toBe(cat.text);
    }
    expect(runCli(["-f", "json", "arr4.pkl", "arr0.pkl"], { cwd: temp.dir }).text).toBe('[{"a":1},{"a":1},{"b":2.0},{"b":2.0}]\n');
    // NDJSON input: its records as one array.
    writeFileSync(file("arr.ndjson"), '{"x": [1, 2.5]}\n"y"\n');
    expect(runCli(["convert", "-f", "json", "arr.ndjson"], { cwd: temp.dir }).text).toBe('[{"x":[1,2.5]},"y"]\n');
    // A bad record in a later input: the array of the records before it, closed; exit 1.
    writeFileSync(file("arr-cut.pkl"), one4.subarray(0, 9));
    const failed = runCli(["convert", "-f", "json", "arr4.pkl", "arr-cut.pkl"], { cwd: temp.dir });
    expect([failed.status, failed.text]).toEqual([1, '[{"a":1},{"a":1}]\n']);
  });

  it("writes NDJSON by the shared mapping when asked", () => {
    writeFileSync(file("nd.ndjson"), NDJSON);
    expect(runCli(["convert", file("nd.ndjson"), "-o", file("nd.pkl")]).status).toBe(0);
    const result = runCli(["convert", file("nd.pkl"), "--format", "ndjson"]);
    expect(result.text).toBe('{"id":1,"ratio":2.0,"big":123456789012345678901234567890,"tags":["a","b"]}\n{"id":2,"none":null,"7":true}\n');
  });

  it("exits 1 naming the file for input that is no format it reads, and 2 for a bad option", () => {
    writeFileSync(file("bad.json"), '{"a": [1, 2}\n');
    const bad = runCli(["convert", file("bad.json"), "-o", file("never.pkl")]);
    expect(bad.status).toBe(1);
    // One line is one JSON document: its error, not "NDJSON line 1".
    expect(bad.stderr).toBe(`pkl-stream: ${file("bad.json")}: JSON: ',' or ']' expected at offset 12\n`);
    // A bad NDJSON line: its number and the offset in it, the same whatever the output.
    writeFileSync(file("bad-line.ndjson"), '{"a": "é€"}\n{"c": "ü", x}\n');
    for (const format of ["pickle", "msgpack", "ndjson"]) {
      const line = runCli(["convert", file("bad-line.ndjson"), "-f", format, "-o", file(`never.${format}`)]);
      expect([line.status, line.stderr], format).toEqual([1, `pkl-stream: ${file("bad-line.ndjson")}: NDJSON line 2: JSON: key expected at offset 11\n`]);
    }
    // Text that is no JSON (a CSV): the hint says what convert reads, not to run convert.
    writeFileSync(file("table.csv"), "name,age\nbob,3\n");
    const csv = runCli(["convert", file("table.csv")]);
    expect(csv.status).toBe(1);
    expect(csv.stderr).toMatch(/this looks like plain text \(it starts "name,age"\), not a pickle: .*; the text convert reads is JSON or NDJSON \(one JSON value per line\)\n$/);
    expect(csv.stderr).not.toContain("pkl-stream convert");
    const usage = runCli(["convert", file("bad.json"), "--protocol", "1"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--protocol must be one of 2, 3, 4, 5/);
  });
});

describe("pkl-stream convert: which error a bad JSON input reports", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  const errorOf = (name: string, text: string, output: string): string => {
    const input = join(temp.dir, name);
    writeFileSync(input, text);
    const result = runCli(["convert", input, "-o", join(temp.dir, output)]);
    expect(result.status).toBe(1);
    return result.stderr.replace(`${input}: `, "");
  };
  const deep = `${"[".repeat(1200)}${"]".repeat(1200)}\n`;
  const prettyCut = '{\n "a": [\n  1,\n  {\n   "b": 3\n  }\n ]\n';
  it.each(["out.pkl", "out.msgpack"])("-o %s: the document's error for one JSON value on one line or over many, the line's for NDJSON", (output) => {
    expect(errorOf("deep.json", deep, output)).toMatch(/^pkl-stream: JSON: nesting deeper than 1000 levels .* at offset 1000\n$/);
    expect(errorOf("pretty.json", prettyCut, output)).toBe("pkl-stream: JSON: ',' or '}' expected at offset 37\n");
    // A first line that is whole and wrong, then more lines: NDJSON, named by its line.
    expect(errorOf("lines.ndjson", '{"a":1}}\n{"b":1}\n', output)).toBe("pkl-stream: NDJSON line 1: JSON: unexpected text after the value at offset 7\n");
    expect(errorOf("later.ndjson", `{"a":1}\n${deep}`, output)).toMatch(/^pkl-stream: NDJSON line 2: JSON: nesting deeper than 1000 levels/);
  });
});

describe.runIf(requirePython())("pkl-stream merge --format pickle", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it("writes one dict pickle.load reads, equal to CPython's dict.update in sorted order (float-ness and key types kept)", () => {
    runPython(
      "import pickle, sys, os\n" +
        "pickle.dump({'a': 1, 'f': 2.0, (1, 'k'): 'tuple key'}, open(os.path.join(sys.argv[1], 's1.pkl'), 'wb'), 2)\n" +
        "pickle.dump({'b': b'x', 'a': 3, 7: None}, open(os.path.join(sys.argv[1], 's2.pkl'), 'wb'), 5)\n",
      [temp.dir],
    );
    const result = runCli(["merge", join(temp.dir, "s*.pkl"), "-o", join(temp.dir, "merged.pkl")]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const verdict = runPython(
      "import pickle, sys, os, glob\nmerged = {}\n" +
        "for path in sorted(glob.glob(os.path.join(sys.argv[1], 's*.pkl'))): merged.update(pickle.load(open(path, 'rb')))\n" +
        "ours = pickle.load(open(os.path.join(sys.argv[1], 'merged.pkl'), 'rb'))\n" +
        "print(ours == merged and list(ours) == list(merged) and type(ours['f']) is float)",
      [temp.dir],
    );
    expect(verdict.trim()).toBe("True");
  });
});
