import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPython, makeTempDir } from "../stream/python.js";
import { cpythonMerge, writePickles, writeShards } from "../stream/merge/merge-oracle.js";
import { runCli } from "./run-cli.js";

describe.runIf(hasPython)("pkl-stream merge", () => {
  const temp = makeTempDir();
  const dir = temp.dir;
  const shards = (): string[] => [0, 1, 2, 3].map((s) => join(dir, `shard-0${s}.pkl`));

  beforeAll(() => writeShards(dir, 200));
  afterAll(() => temp.remove());

  it("writes CPython's dict.update merge as JSON on stdout", () => {
    const result = runCli(["merge", "shard-*.pkl"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.text.trimEnd()).toBe(cpythonMerge("last", shards()));
  });

  it("merges nested dicts with --on-conflict deep", () => {
    const result = runCli(["merge", "shard-*.pkl", "--on-conflict", "deep", "--format", "json"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text.trimEnd()).toBe(cpythonMerge("deep", shards()));
  });

  it("writes msgpack to -o and reads it back as an input with the same result", () => {
    expect(runCli(["merge", "shard-*.pkl", "-o", "all.msgpack", "--concurrency", "1"], { cwd: dir }).status).toBe(0);
    expect(runCli(["merge", "shard-0[01].pkl", "-o", "a.part"], { cwd: dir }).status).toBe(0);
    expect(runCli(["merge", "shard-0[23].pkl", "--output", "b.part", "-j", "4"], { cwd: dir }).status).toBe(0);
    expect(runCli(["merge", "*.part", "-o", "composed.msgpack"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, "composed.msgpack")).equals(readFileSync(join(dir, "all.msgpack")))).toBe(true);
  });

  it("exits 1 naming the key and both files with --on-conflict error", () => {
    const result = runCli(["merge", "shard-*.pkl", "--on-conflict", "error"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: key "k\d{4}" has different values in shard-00\.pkl and shard-01\.pkl \(--on-conflict error; /);
  });

  it("names two records of one file when they conflict, not the file twice", () => {
    const sub = makeTempDir();
    writeFileSync(join(sub.dir, "twice.pkl"), Buffer.from("\x80\x04}\x94\x8c\x01a\x94K\x01s.\x80\x04}\x94\x8c\x01a\x94K\x02s.", "latin1"));
    const result = runCli(["merge", "twice.pkl", "--on-conflict", "error"], { cwd: sub.dir });
    sub.remove();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: key "a" has different values in two records of twice\.pkl \(--on-conflict error; /);
  });

  it("exits 1 naming the files as given when msgpack would write two of the merged dict's keys alike", () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{__import__('datetime').date(2024, 1, 2): 1}"],
      ["b.pkl", "{'2024-01-02': 2}"],
    ]);
    const result = runCli(["merge", "a.pkl", "b.pkl", "-o", "out.msgpack"], { cwd: sub.dir });
    const wrote = existsSync(join(sub.dir, "out.msgpack"));
    sub.remove();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: the merged dict at \$ has two keys that msgpack writes alike \("2024-01-02"\), from a\.pkl and b\.pkl: .*\(JSON output writes both\)\n$/);
    expect(wrote).toBe(false);
  });

  it("exits 1 on a bad file, naming it, and leaves the destination untouched", () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'x': 1}"]]);
    writeFileSync(join(sub.dir, "b.pkl"), "garbage");
    writeFileSync(join(sub.dir, "out.msgpack"), "old");
    const result = runCli(["merge", "*.pkl", "-o", "out.msgpack"], { cwd: sub.dir });
    const contents = readFileSync(join(sub.dir, "out.msgpack"), "utf8");
    const names = readdirSync(sub.dir).sort();
    sub.remove();
    expect(result.status).toBe(1);
    // Named as the glob found it, as the other commands name files (not the absolute path).
    expect(result.stderr).toMatch(/^pkl-stream: b\.pkl: /);
    expect(contents).toBe("old");
    expect(names).toEqual(["a.pkl", "b.pkl", "out.msgpack"]);
  });

  it("says a binary file whose first byte opens a msgpack map (a PNG) is neither a pickle nor a merge's output, exit 1", () => {
    const sub = makeTempDir();
    writeFileSync(join(sub.dir, "digit.png"), Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(64)]));
    const result = runCli(["merge", "digit.png"], { cwd: sub.dir });
    sub.remove();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: .*digit\.png: not a pickle, nor a merge's msgpack output: binary data starting 89 50 4e 47 0d 0a 1a 0a/);
  });

  it("merges the good files with --keep-going, lists the bad ones on stderr and exits 1", () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{'x': 1}"],
      ["c.pkl", "{'y': 2}"],
    ]);
    writeFileSync(join(sub.dir, "b.pkl"), "garbage");
    const result = runCli(["merge", "*.pkl", "--keep-going", "-o", "out.json"], { cwd: sub.dir });
    const contents = readFileSync(join(sub.dir, "out.json"), "utf8");
    sub.remove();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("pkl-stream: skipped b.pkl: ");
    expect(result.stderr).toContain("merged 2 files; 1 bad");
    expect(contents).toBe('{"x":1,"y":2}\n');
  });

  it("merges xz shards through xz, and with --keep-going skips a cut one as a bad file (exit 1), not an internal error", () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [
      ["a.pkl", "{'x': 1}"],
      ["b.pkl", "{'y': 2.0}"],
      ["c.pkl", "{'z': list(range(5000))}"],
    ]);
    for (const name of ["b", "c"]) {
      const packed = spawnSync("xz", ["-c", join(sub.dir, `${name}.pkl`)]);
      expect(packed.status, "xz -c").toBe(0);
      writeFileSync(join(sub.dir, `${name}.pkl.xz`), name === "c" ? packed.stdout.subarray(0, packed.stdout.length - 20) : packed.stdout);
    }
    const whole = runCli(["merge", "a.pkl", "b.pkl.xz", "-f", "json"], { cwd: sub.dir });
    const failed = runCli(["merge", "a.pkl", "b.pkl.xz", "c.pkl.xz", "-f", "json"], { cwd: sub.dir });
    const skipped = runCli(["merge", "a.pkl", "b.pkl.xz", "c.pkl.xz", "--keep-going", "-f", "json"], { cwd: sub.dir });
    sub.remove();
    expect(whole.status).toBe(0);
    expect(whole.text).toBe('{"x":1,"y":2.0}\n');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/c\.pkl\.xz: the xz data is damaged or cut short: `xz -dc` failed \(exit 1\): /);
    expect(failed.stderr).not.toContain("internal error");
    expect(skipped.status).toBe(1);
    expect(skipped.stderr).toContain("pkl-stream: skipped c.pkl.xz: ");
    expect(skipped.text).toBe('{"x":1,"y":2.0}\n');
  });

  it("writes one {key: value} object per line with --format ndjson", () => {
    const sub = makeTempDir();
    writePickles(sub.dir, [["a.pkl", "{'x': 1, 'y': {'z': 2.0}}"]]);
    const result = runCli(["merge", "a.pkl", "--format", "ndjson"], { cwd: sub.dir });
    sub.remove();
    expect(result.status).toBe(0);
    expect(result.text).toBe('{"x":1}\n{"y":{"z":2.0}}\n');
  });

  it("shows files, MB, MB/s and ETA on stderr with --progress", () => {
    const result = runCli(["merge", "shard-*.pkl", "--progress", "-o", "progress.msgpack"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/4\/4 files {2}[\d.]+ \/ [\d.]+ MB {2}[\d.]+ MB\/s {2}ETA 0:00\n$/);
  });

  it("merges a file whose name has glob characters as that file, as the other commands read it", () => {
    mkdirSync(join(dir, "named"), { recursive: true });
    writeFileSync(join(dir, "named", "model (1)!.pkl"), readFileSync(shards()[1]!));
    const result = runCli(["merge", "model (1)!.pkl"], { cwd: join(dir, "named") });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.text.trimEnd()).toBe(cpythonMerge("last", [shards()[1]!]));
  });

  it("merges files whose names hold a backslash, named or matched by a glob", () => {
    const folder = join(dir, "backslash");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "a\\b.pkl"), readFileSync(shards()[0]!));
    writeFileSync(join(folder, "c.pkl"), readFileSync(shards()[1]!));
    const expected = cpythonMerge("last", [shards()[0]!, shards()[1]!]);
    for (const args of [["a\\b.pkl", "c.pkl"], ["*.pkl"]]) {
      const result = runCli(["merge", ...args], { cwd: folder });
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(result.text.trimEnd()).toBe(expected);
    }
  });

  it.each([
    [["-"], /^pkl-stream: merge: reads named files in parallel, not standard input \(-\)/],
    [["."], /^pkl-stream: \.: is a directory/],
    [["pipe"], /^pkl-stream: pipe: not a regular file \(a pipe\?\)/],
  ])("refuses %j with one line and exit 2: the workers read each named file by position", (args, message) => {
    const pipe = join(dir, "pipe");
    if (!existsSync(pipe)) expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    const result = runCli(["merge", ...args], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("exits 2 when the patterns match nothing or an option is wrong", () => {
    expect(runCli(["merge", "nothing-*.pkl"], { cwd: dir }).status).toBe(2);
    expect(runCli(["merge", "shard-*.pkl", "--on-conflict", "newest"], { cwd: dir }).status).toBe(2);
    expect(runCli(["merge"], { cwd: dir }).status).toBe(2);
    expect(runCli(["merge", "shard-*.pkl", "--progress", "--no-progress"], { cwd: dir }).stderr).toMatch(/^pkl-stream: --progress and --no-progress contradict each other\n/);
    // Not on a terminal: no meter unless asked for, --no-progress taken.
    const quiet = runCli(["merge", "shard-*.pkl", "--no-progress"], { cwd: dir });
    expect([quiet.status, quiet.stderr]).toEqual([0, ""]);
  });

  it("states one rule for every bad -j value: -j abc as -j 0 (they used to disagree), exit 2", () => {
    for (const value of ["abc", "0", "-1", "1.5", ""]) {
      const result = runCli(["merge", "shard-*.pkl", "-j", value], { cwd: dir });
      expect([result.status, result.stderr.split("\n")[0]]).toEqual([2, `pkl-stream: --concurrency must be a positive integer (at least 1); got "${value}"`]);
    }
    expect(runCli(["merge", "shard-*.pkl", "-j", "1"], { cwd: dir }).status).toBe(0);
  });
});
