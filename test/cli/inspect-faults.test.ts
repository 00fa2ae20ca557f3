// `pkl-stream inspect` on input it cannot read to its end: a cut or damaged gzip file is bad data
// (an `unknown` verdict, its error named, the next files audited, --json complete), and an
// interrupt gives no verdict for the file being read (not a report of it as cut short). Also
// what the report says of nesting (containers inside each other) and of a record with no PROTO.
import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { dumps } from "@pkl-stream/core";
import { afterAll, describe, expect, it } from "vitest";
import { testPath } from "../helpers/python.js";
import { CLI_BIN, makeWorkDir, runCli } from "./run-cli.js";

interface JsonReport {
  readonly verdict: string;
  readonly files: readonly {
    readonly file: string | null;
    readonly verdict: string;
    readonly records: readonly { readonly protocol: number | null; readonly highestOpcodeProtocol: number | null; readonly maxNesting: number }[];
    readonly summary: { readonly maxNesting: number };
    readonly error: { readonly code: string; readonly reason: string; readonly recordIndex: number; readonly opcode: string | null } | null;
  }[];
}

/** Floats that do not compress away: the gzip of their pickle is far larger than the cut. */
function floats(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.sin(i) * 1e6 + 0.25);
}

const { dir, remove } = makeWorkDir();
afterAll(() => remove());
const file = (name: string): string => join(dir, name);
copyFileSync(testPath("fixtures/malicious/os-system-reduce-p4.pkl"), file("model.pkl"));
const gzipped = gzipSync(dumps(floats(200_000), { protocol: 4 }));
writeFileSync(file("cut.pkl.gz"), gzipped.subarray(0, 100_000));
// The first deflate block's type bits made 11, which no block has: zlib fails on the first byte.
const damaged = Uint8Array.from(gzipped);
damaged[10] = 0xff;
writeFileSync(file("damaged.pkl.gz"), damaged);
// Records appended in a gzip cut after the os.system call: what was inflated is still audited.
const dangerousCut = gzipSync(Buffer.concat([dumps([1, 2, 3], { protocol: 4 }), readFileSync(file("model.pkl")), dumps(floats(200_000), { protocol: 4 })]));
writeFileSync(file("dangerous-cut.pkl.gz"), dangerousCut.subarray(0, 100_000));

describe("pkl-stream inspect of a file that is no pickle", () => {
  it("says what the file is, the same in the report and on stderr, with a hint that names inspect", () => {
    // bzip2's magic and block header (pandas' to_pickle("x.pkl.bz2")): audited as stored, never safe.
    writeFileSync(file("frame.pkl.bz2"), Buffer.concat([Buffer.from("BZh91AY&SY", "latin1"), Buffer.alloc(40, 7)]));
    const result = runCli(["inspect", "frame.pkl.bz2"], { cwd: dir });
    expect(result.status).toBe(1);
    const said = "record 0 at byte 0: this is bzip2 data, not a pickle: decompress it first, e.g. `bzip2 -dc FILE | pkl-stream inspect -`";
    expect(result.text).toContain(`  error: ${said}\n`);
    expect(result.stderr).toBe(`pkl-stream: frame.pkl.bz2: ${said}\n`);
  });
});

describe("pkl-stream inspect of a cut or damaged gzip file", () => {
  it("calls a cut gzip unknown, names the cut, and goes on with the next files (exit: the worst verdict)", () => {
    const result = runCli(["inspect", "cut.pkl.gz", "model.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/^cut\.pkl\.gz: unknown \(1 record, \d+ bytes\)\n/);
    expect(result.text).toMatch(/ {2}error: record 0 at byte \d+: the gzip data is cut short \(truncated\): the compressed input ended after 100000 bytes/);
    expect(result.text).toMatch(/\nmodel\.pkl: dangerous \(1 record, \d+ bytes\)\n/);
    expect(result.text.trimEnd().split("\n").at(-1)).toBe("verdict: dangerous");
    expect(result.stderr).toMatch(/^pkl-stream: cut\.pkl\.gz: record 0 at byte \d+: the gzip data is cut short \(truncated\)[^\n]*\n$/);
  });

  it("calls damaged gzip unknown with BAD_COMPRESSION, in a complete --json report", () => {
    const result = runCli(["inspect", "--json", "damaged.pkl.gz", "cut.pkl.gz", "model.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.text) as JsonReport;
    expect(report.verdict).toBe("dangerous");
    expect(report.files.map(({ file, verdict, error }) => [file, verdict, error?.code ?? null])).toEqual([
      ["damaged.pkl.gz", "unknown", "BAD_COMPRESSION"],
      ["cut.pkl.gz", "unknown", "TRUNCATED"],
      ["model.pkl", "dangerous", null],
    ]);
    expect(report.files[0]!.error!.reason).toMatch(/^bad gzip or zlib data: invalid block type/);
    expect(report.files[1]!.error!.reason).toMatch(/^the gzip data is cut short/);
  });

  it("still finds what the part before the cut would do", () => {
    const result = runCli(["inspect", "dangerous-cut.pkl.gz"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/^dangerous-cut\.pkl\.gz: dangerous \(3 records, \d+ bytes\)\n/);
    expect(result.text).toMatch(/error: record 2 at byte \d+: the gzip data is cut short/);
  });

  it.each([["--dis"], ["--memo", "shared"]])("goes on past it with %s too (each file read whole)", (...options) => {
    const result = runCli(["inspect", ...options, "damaged.pkl.gz", "model.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^pkl-stream: damaged\.pkl\.gz: [^\n]*bad gzip or zlib data: invalid block type[^\n]*\n$/);
    expect(result.text).toMatch(options[0] === "--dis" ? /==> model\.pkl <==\n/ : /\nmodel\.pkl: dangerous/);
  });
});

describe("pkl-stream inspect's report", () => {
  it("gives nesting as containers inside each other, not the stack's height", () => {
    writeFileSync(file("nested.pkl"), dumps([[[1]]], { protocol: 4 }));
    const small = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`key-${i}`, { a: i, b: String(i) }]));
    writeFileSync(file("flat.pkl"), dumps(small, { protocol: 4 }));
    const result = runCli(["inspect", "nested.pkl", "flat.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.text).toMatch(/^ {2}record 0 at byte 0: safe, protocol 4, \d+ bytes, nesting 3, memo \d+\n/m);
    expect(result.text).toMatch(/\nflat\.pkl: safe[^\n]*\n {2}record 0 at byte 0: safe, protocol 4, \d+ bytes, nesting 2, memo \d+\n/);
    const report = JSON.parse(runCli(["inspect", "--json", "nested.pkl", "flat.pkl"], { cwd: dir }).text) as JsonReport;
    expect(report.files.map((entry) => [entry.records[0]!.maxNesting, entry.summary.maxNesting])).toEqual([
      [3, 3],
      [2, 2],
    ]);
  });

  it("says a record has no PROTO opcode, never protocol -1, and --json gives null for no opcode", () => {
    writeFileSync(file("x.json"), '{"a": 1}\n');
    writeFileSync(file("p0.pkl"), "(lp0\nI1\na.");
    const result = runCli(["inspect", "x.json", "p0.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).not.toContain("-1");
    expect(result.text).toContain("  record 0 at byte 0: unknown, no PROTO opcode (no opcode at all), 1 bytes, nesting 0, memo 0, incomplete\n    opcodes: none\n");
    expect(result.text).toMatch(/\np0\.pkl: safe[^\n]*\n {2}record 0 at byte 0: safe, no PROTO opcode \(protocol 0 or 1\), \d+ bytes, nesting 1,/);
    const report = JSON.parse(runCli(["inspect", "--json", "x.json", "p0.pkl"], { cwd: dir }).text) as JsonReport;
    expect(report.files.map((entry) => [entry.records[0]!.protocol, entry.records[0]!.highestOpcodeProtocol])).toEqual([
      [null, null],
      [null, 0],
    ]);
  });
});

/** What an interrupted run gave. */
interface Interrupted {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `pkl-stream inspect ...args` reading `first` on stdin: once the command took all of it (the
 * write completed: it is in its read loop, its signal handlers set), `signal` is sent. Then,
 * with `endAfterMs` undefined, `more` is written again and again until the command ends: stdin
 * never ends, so only the interrupt can end it, whenever the command sees it. Otherwise stdin
 * ends that long after the signal, as when Ctrl-C also ends the writer of a pipe.
 */
function interruptedRun(args: readonly string[], first: Uint8Array, more: Uint8Array, signal: NodeJS.Signals, endAfterMs?: number): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let isClosed = false;
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    // The command may end (and its stdin close) while a write is under way.
    child.stdin.on("error", () => undefined);
    const feed = (): void => {
      if (!isClosed) child.stdin.write(more, () => setTimeout(feed, 20));
    };
    child.stdin.write(first, () => {
      child.kill(signal);
      if (endAfterMs === undefined) feed();
      else setTimeout(() => child.stdin.end(), endAfterMs);
    });
    child.on("error", reject);
    child.on("close", (status) => {
      isClosed = true;
      resolve({ status, stdout, stderr });
    });
  });
}

describe("pkl-stream inspect on an interrupt", () => {
  // One record, then most of a second one (more than a pipe holds: the write completes only
  // once the command read it); then whole records, for as long as the command reads.
  const whole = dumps(floats(1000), { protocol: 4 });
  const big = dumps(floats(400_000), { protocol: 4 });
  const first = Buffer.concat([whole, big.subarray(0, 2_000_000)]);
  const noCutReport = (run: Interrupted): void => {
    expect(run.stderr).not.toMatch(/truncated|cut short|remain|STOP|TRUNCATED/);
    // The grace period may end a slow run before it says so: then it says nothing at all.
    if (run.stderr !== "") expect(run.stderr).toMatch(/^pkl-stream: <stdin>: interrupted before the end of its input: no verdict for it \(\d of \d files? audited\)\n$/);
  };

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s exits %i and gives no verdict for the file it was reading", async (signal, status) => {
    const run = await interruptedRun(["inspect", "-"], first, whole, signal);
    expect(run.status).toBe(status);
    expect(run.stdout).toBe("");
    noCutReport(run);
  });

  it("gives none either when its input ends after the interrupt (Ctrl-C ends the writer of the pipe too)", async () => {
    // The command waits on its input, idle: it takes the signal at once, long before the end.
    const run = await interruptedRun(["inspect", "-"], first, whole, "SIGINT", 500);
    expect(run.status).toBe(130);
    expect(run.stdout).toBe("");
    noCutReport(run);
  });

  it("writes no --json report, which would hold a verdict over part of the input", async () => {
    const run = await interruptedRun(["inspect", "--json", "-"], first, whole, "SIGINT");
    expect(run.status).toBe(130);
    expect(run.stdout).toBe("");
    noCutReport(run);
  });

  it("keeps the reports of the files before it, with no verdict over all files", async () => {
    const run = await interruptedRun(["inspect", "model.pkl", "-"], first, whole, "SIGINT");
    expect(run.status).toBe(130);
    expect(run.stdout).toMatch(/^model\.pkl: dangerous \(1 record, \d+ bytes\)\n/);
    expect(run.stdout).not.toMatch(/<stdin>|verdict:/);
    noCutReport(run);
  });

  it("gives no verdict for a file read whole (--memo shared) either", async () => {
    const run = await interruptedRun(["inspect", "--memo", "shared", "-"], first, whole, "SIGINT");
    expect(run.status).toBe(130);
    expect(run.stdout).toBe("");
    noCutReport(run);
  });
});
