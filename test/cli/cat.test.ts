// `pkl-stream [FILE|GLOB|-]...`: the built binary against CPython's reading of the same files.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unpackMultiple } from "msgpackr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatChunks } from "../helpers/chunks.js";
import { floatSetPickle, smallTuplePickle } from "../helpers/declined-record.js";
import { giantDictPickle, shuffledKeys } from "../helpers/giant-dict.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { lines, makeWorkDir, runCli, runShell } from "./run-cli.js";

interface Manifest {
  readonly [file: string]: { readonly expected: string; readonly offsets: number[]; readonly size: number };
}

describe.runIf(requirePython())("pkl-stream reading records", () => {
  let dir = "";
  let remove = (): void => {};
  let manifest: Manifest = {};
  let selections: Record<string, string> = {};
  let arraySelections: Record<string, string> = {};
  const expected = (...files: string[]): string => files.map((file) => manifest[file]!.expected).join("");

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    const parsed = JSON.parse(runPythonScript(testPath("cli/fixtures/cat/make_inputs.py"), [dir])) as Record<string, unknown>;
    manifest = parsed as unknown as Manifest;
    selections = (parsed["uniform.pkl"] as { select: Record<string, string> }).select;
    arraySelections = (parsed["arrays.pkl"] as { select: Record<string, string> }).select;
  });
  afterAll(() => remove());

  it("writes every record of an appended-records file as the CPython oracle's NDJSON", () => {
    const result = runCli(["a.pkl"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected("a.pkl"));
  });

  it("reads several appended-record files piped through cat as one stream", () => {
    const result = runShell("cat a.pkl b.pkl parts/p-10.pkl | pkl-stream", { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected("a.pkl", "b.pkl", "parts/p-10.pkl"));
  });

  it("reads named files one after another, in the order given", () => {
    const result = runCli(["b.pkl", "a.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected("b.pkl", "a.pkl"));
  });

  it("reads standard input where - stands among the files", () => {
    const result = runCli(["a.pkl", "-", "b.pkl"], { cwd: dir, input: readFileSync(join(dir, "parts/p-02.pkl")) });
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected("a.pkl", "parts/p-02.pkl", "b.pkl"));
  });

  it("gunzips gzip input, named or piped, recognised by its content", () => {
    expect(runCli(["c.pkl.gz"], { cwd: dir }).text).toBe(expected("c.pkl.gz"));
    const piped = runShell("cat c.pkl.gz | pkl-stream -", { cwd: dir });
    expect(piped.status).toBe(0);
    expect(piped.text).toBe(expected("c.pkl.gz"));
  });

  it("expands a quoted glob itself, in sorted order", () => {
    const result = runCli(["parts/*.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected("parts/p-01.pkl", "parts/p-02.pkl", "parts/p-10.pkl"));
  });

  it("writes nothing and succeeds for empty input", () => {
    const result = runCli(["empty.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe("");
    expect(runCli([], { input: "" }).text).toBe("");
  });

  it("writes one JSON array holding every record with --format json", () => {
    const result = runCli(["a.pkl", "b.pkl", "--format", "json"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe(`[${lines(expected("a.pkl", "b.pkl")).join(",")}]\n`);
    expect(runCli(["empty.pkl", "-f", "json"], { cwd: dir }).text).toBe("[]\n");
  });

  it("writes msgpack values back to back with --format msgpack (bytes stay binary, big ints become text)", () => {
    const result = runCli(["parts/p-01.pkl", "--format", "msgpack"], { cwd: dir });
    expect(result.status).toBe(0);
    const records = unpackMultiple(result.stdout) as Record<string, unknown>[];
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ id: 0, name: "rec-1-0", big: "1180591620717411303424", ratio: 2 });
    expect(records[1]).toEqual([1, "tuple", expect.any(Array), null]);
    expect(Buffer.from(records[2]!["blob"] as Uint8Array)).toEqual(Buffer.from([2, 3, 4, 5, 6]));
  });

  it("writes to the file named by -o and nothing to stdout", () => {
    const result = runCli(["a.pkl", "-o", "out.ndjson"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe("");
    expect(readFileSync(join(dir, "out.ndjson"), "utf8")).toBe(expected("a.pkl"));
    expect(runCli(["a.pkl", "-f", "msgpack", "-o", "out.msgpack"], { cwd: dir }).status).toBe(0);
    expect(unpackMultiple(readFileSync(join(dir, "out.msgpack")))).toHaveLength(10);
  });

  it("takes the format from -o's extension when --format is not given", () => {
    expect(runCli(["a.pkl", "-o", "inferred.msgpack"], { cwd: dir }).status).toBe(0);
    expect(unpackMultiple(readFileSync(join(dir, "inferred.msgpack")))).toHaveLength(10);
    expect(runCli(["a.pkl", "-o", "inferred.MPK"], { cwd: dir }).status).toBe(0);
    expect(unpackMultiple(readFileSync(join(dir, "inferred.MPK")))).toHaveLength(10);
    expect(runCli(["a.pkl", "-o", "inferred.json"], { cwd: dir }).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "inferred.json"), "utf8"))).toHaveLength(10);
    for (const name of ["inferred.jsonl", "inferred.txt", "inferred"]) {
      expect(runCli(["a.pkl", "-o", name], { cwd: dir }).status).toBe(0);
      expect(readFileSync(join(dir, name), "utf8")).toBe(expected("a.pkl"));
    }
    // --format wins over the extension.
    expect(runCli(["a.pkl", "-f", "ndjson", "-o", "named.msgpack"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, "named.msgpack"), "utf8")).toBe(expected("a.pkl"));
  });

  /** `file` written with `-o` equals what stdout gets, for each set of extra arguments. */
  const expectFileEqualsStdout = (file: string, extras: readonly string[][], minBytes: number): void => {
    for (const extra of extras) {
      const piped = runCli([file, ...extra], { cwd: dir });
      expect(piped.status).toBe(0);
      expect(piped.stdout.length).toBeGreaterThan(minBytes);
      const result = runCli([file, ...extra, "-o", `${file}.out`], { cwd: dir });
      expect(result.status).toBe(0);
      expect(Buffer.compare(readFileSync(join(dir, `${file}.out`)), piped.stdout)).toBe(0);
    }
  };

  it("writes a giant record to -o in pieces with the same bytes as stdout, in every JSON format", () => {
    // A set of 700k floats: ~13 MB of JSON, handed to the file while it is written.
    writeFileSync(join(dir, "giant.pkl"), concatChunks([smallTuplePickle(1), floatSetPickle(700_000, 5), smallTuplePickle(2)]));
    expectFileEqualsStdout("giant.pkl", [[], ["--meta"], ["-f", "json"], ["-f", "json", "--meta"]], 12_000_000);
  });

  it("writes a giant root dict to -o while it is read, with the same bytes as stdout, as NDJSON and msgpack", () => {
    // 600k keys: ~11 MB of NDJSON, ~10 MB of msgpack, handed to the file batch by batch before
    // the record ends (msgpack's map32 count patched in at its end).
    writeFileSync(join(dir, "giant-root.pkl"), concatChunks([smallTuplePickle(1), giantDictPickle(shuffledKeys(600_000)), smallTuplePickle(2)]));
    expectFileEqualsStdout("giant-root.pkl", [[], ["-f", "msgpack"], ["-f", "msgpack", "--meta"]], 9_000_000);
  });

  it("drops what a giant root wrote to -o when it declines at its end (a repeated key), with the value path's bytes as on stdout, as NDJSON and msgpack", () => {
    const keys = shuffledKeys(600_000);
    writeFileSync(join(dir, "giant-repeat.pkl"), concatChunks([smallTuplePickle(1), giantDictPickle([...keys, keys[7]!]), smallTuplePickle(2)]));
    expectFileEqualsStdout("giant-repeat.pkl", [[], ["-f", "msgpack"]], 9_000_000);
  });

  it("adds the file, index and byte offset of each record with --meta", () => {
    const result = runCli(["a.pkl", "parts/p-02.pkl", "--meta"], { cwd: dir });
    expect(result.status).toBe(0);
    const got = lines(result.text).map((line) => JSON.parse(line) as { file: string; index: number; offset: number });
    const want = [
      ...manifest["a.pkl"]!.offsets.map((offset, index) => ({ file: "a.pkl", index, offset })),
      ...manifest["parts/p-02.pkl"]!.offsets.map((offset, index) => ({ file: "parts/p-02.pkl", index, offset })),
    ];
    expect(got.map(({ file, index, offset }) => ({ file, index, offset }))).toEqual(want);
    // The value is the record's text, verbatim, after the three fields.
    const values = lines(result.text).map((line) => line.replace(/^\{"file":"[^"]*","index":\d+,"offset":\d+,"value":/, "").slice(0, -1));
    expect(values).toEqual(lines(expected("a.pkl", "parts/p-02.pkl")));
  });

  it("gives file null in --meta for standard input", () => {
    const result = runCli(["--meta", "--limit", "1"], { input: readFileSync(join(dir, "b.pkl")) });
    expect(JSON.parse(lines(result.text)[0]!)).toMatchObject({ file: null, index: 0, offset: 0 });
  });

  it("picks a part of each record with --select in jq's path syntax", () => {
    for (const [path, want] of Object.entries(selections)) {
      const result = runCli(["uniform.pkl", "--select", path], { cwd: dir });
      expect({ path, status: result.status, text: result.text }).toEqual({ path, status: 0, text: want });
    }
  });

  it("indexes numpy arrays along their first axis with --select", () => {
    for (const [path, want] of Object.entries(arraySelections)) {
      const result = runCli(["arrays.pkl", "--select", path], { cwd: dir });
      expect({ path, status: result.status, text: result.text }).toEqual({ path, status: 0, text: want });
    }
  });

  it("writes the pairs of a giant root dict, or the items of a giant root list, with --entries", () => {
    const entries = (file: string): string => (manifest[file] as unknown as { entries: string }).entries;
    const dict = runCli(["giant-dict.pkl", "--entries"], { cwd: dir });
    expect(dict.status).toBe(0);
    expect(dict.text).toBe(entries("giant-dict.pkl"));
    const list = runShell("cat giant-list.pkl | pkl-stream --entries --limit 5", { cwd: dir });
    expect(list.status).toBe(0);
    expect(lines(list.text)).toEqual(lines(entries("giant-list.pkl")).slice(0, 5));
    expect(runCli(["giant-dict.pkl", "--entries", "--select", ".[1].n", "--limit", "3"], { cwd: dir }).text).toBe("0\n1\n2\n");
  });

  it("stops after --limit records, counted across files", () => {
    const result = runCli(["a.pkl", "b.pkl", "--limit", "12"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(lines(result.text)).toEqual(lines(expected("a.pkl", "b.pkl")).slice(0, 12));
    expect(runCli(["a.pkl", "--limit", "0"], { cwd: dir }).text).toBe("");
  });

  it("reads Python 2 str as latin-1 by default and as --encoding says", () => {
    expect(runCli(["py2.pkl"], { cwd: dir }).text).toBe('["cafÃ©","naÃ¯ve"]\n"cafÃ©"\n');
    expect(runCli(["py2.pkl", "--encoding", "utf-8"], { cwd: dir }).text).toBe('["café","naïve"]\n"café"\n');
    // Spelled as Python (and the library's encoding option) take it: any case, utf8, UTF_8.
    for (const spelling of ["UTF-8", "utf8", "UTF_8"]) expect(runCli(["py2.pkl", "--encoding", spelling], { cwd: dir }).text).toBe('["café","naïve"]\n"café"\n');
    expect(runCli(["py2.pkl", "--encoding", "Latin-1", "--limit", "1"], { cwd: dir }).status).toBe(0);
    expect(runCli(["py2.pkl", "--encoding", "bytes", "--limit", "1"], { cwd: dir }).text).toBe(
      `["${Buffer.from("café").toString("base64")}","${Buffer.from("naïve").toString("base64")}"]\n`,
    );
    const strict = runCli(["py2.pkl", "--encoding", "ascii"], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^pkl-stream: py2\.pkl: record 0 at byte \d+: .*\(opcode SHORT_BINSTRING 0x55\)\n$/);
  });

  it("skips corrupt bytes with --skip-corrupt, keeps the good records and says what it skipped", () => {
    const result = runCli(["damaged.pkl", "--skip-corrupt"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toBe('{"ok":1}\n{"ok":2}\n');
    const { goodLength, garbageLength } = manifest["damaged.pkl"] as unknown as { goodLength: number; garbageLength: number };
    expect(result.stderr).toBe(
      `pkl-stream: damaged.pkl: record 1 at byte ${goodLength}: invalid load key: no opcode has this byte (opcode 0xff); skipped ${garbageLength} bytes\n`,
    );
  });

  it("reports bytes, records, MB/s and the percentage on stderr with --progress", () => {
    const result = runCli(["a.pkl", "b.pkl", "--progress"], { cwd: dir });
    expect(result.stderr).not.toMatch(/internal/);
    expect(result.status).toBe(0);
    const size = ((manifest["a.pkl"]!.size + manifest["b.pkl"]!.size) / 1024 / 1024).toFixed(1);
    expect(result.stderr).toMatch(new RegExp(`^\\r${size.replace(".", "\\.")} / ${size.replace(".", "\\.")} MB 100%  17 records  [0-9.]+ MB/s  ETA 0:00\\n$`));
    expect(result.text).toBe(expected("a.pkl", "b.pkl"));
  });

  it("shows no progress when stderr is not a terminal, unless asked", () => {
    expect(runCli(["a.pkl"], { cwd: dir }).stderr).toBe("");
  });
});
