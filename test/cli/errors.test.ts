// Every error path of `pkl-stream`: one line on stderr, the exit status of the table, no stack
// unless --debug, and the records before a failure still written.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { CLI_BIN, lines, makeWorkDir, runCli, runShell } from "./run-cli.js";

interface Places {
  readonly "cut.pkl": { readonly thirdStart: number };
  readonly "bad-get.pkl": { readonly secondStart: number; readonly getOffset: number };
  readonly "unknown-op.pkl": { readonly badOffset: number };
  readonly "parts/p-01.pkl": { readonly offsets: readonly number[] };
}

describe.runIf(requirePython())("pkl-stream errors and exit codes", () => {
  let dir = "";
  let remove = (): void => {};
  let places: Places;

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    places = JSON.parse(runPythonScript(testPath("cli/fixtures/cat/make_inputs.py"), [dir])) as Places;
    mkdirSync(join(dir, "folder"));
    // A gzip header followed by bytes that are no deflate stream.
    writeFileSync(join(dir, "broken.pkl.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff, 0xff, 0xff]));
  });
  afterAll(() => remove());

  it("reports a record cut short as one line with file, record and byte, after the records before it (exit 1)", () => {
    const result = runCli(["cut.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toBe('["one"]\n["two"]\n');
    // The byte is the opcode whose argument the input cut: FRAME, after the record's PROTO.
    const frameOffset = places["cut.pkl"].thirdStart + 2;
    expect(result.stderr).toMatch(new RegExp(`^pkl-stream: cut\\.pkl: record 2 at byte ${frameOffset}: .+ \\(opcode FRAME 0x95\\)\\n$`));
  });

  it("names the opcode that failed: a memo key nothing stored (exit 1)", () => {
    const result = runCli(["bad-get.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toBe("[1]\n");
    expect(result.stderr).toBe(
      `pkl-stream: bad-get.pkl: record 1 at byte ${places["bad-get.pkl"].getOffset}: memo key 7 is missing (opcode BINGET 0x68)\n`,
    );
  });

  it("names a byte that is no opcode (exit 1)", () => {
    const result = runCli(["unknown-op.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toBe('{"n":1}\n');
    expect(result.stderr).toMatch(new RegExp(`^pkl-stream: unknown-op\\.pkl: record 1 at byte ${places["unknown-op.pkl"].badOffset}: .*\\(opcode 0xee\\)\\n$`));
  });

  it("names the file and record in the middle of several inputs, and stops there", () => {
    const result = runCli(["uniform.pkl", "bad-get.pkl", "a.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(lines(result.text)).toHaveLength(4 + 1);
    expect(result.stderr).toMatch(/^pkl-stream: bad-get\.pkl: record 1 at byte/);
  });

  it("calls standard input <stdin> in messages", () => {
    const result = runShell("cat bad-get.pkl | pkl-stream", { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: <stdin>: record 1 at byte \d+: memo key 7 is missing/);
  });

  it("reports a record JSON cannot hold (it contains itself), after the records before it (exit 1)", () => {
    const result = runCli(["cycle.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toBe("[0]\n");
    expect(result.stderr).toMatch(/^pkl-stream: cycle\.pkl: record 1 at byte 17: cannot write it: cycle: .*\n$/);
  });

  it("reports a --select path a record does not have, naming the record (exit 1)", () => {
    const result = runCli(["uniform.pkl", "a.pkl", "--select", ".name"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(lines(result.text)).toEqual(['"u0"', '"u1"', '"u2"', '"u3"', '"rec-1-0"']);
    expect(result.stderr).toMatch(/^pkl-stream: a\.pkl: record 1 at byte \d+: \.name: cannot look up key "name" in a tuple\n$/);
    const outOfRange = runCli(["uniform.pkl", "--select", ".items[10]"], { cwd: dir });
    expect(outOfRange.status).toBe(1);
    expect(outOfRange.stderr).toBe("pkl-stream: uniform.pkl: record 0 at byte 0: .items[10]: index 10 is out of range for a list of length 10\n");
    const missingKey = runCli(["uniform.pkl", "--select", ".nmae"], { cwd: dir });
    expect(missingKey.stderr).toBe(
      'pkl-stream: uniform.pkl: record 0 at byte 0: .nmae: no key "nmae" in this dict (keys: "name", "key with space", "train", "items", "text")\n',
    );
  });

  it("reports bad gzip data (exit 1)", () => {
    const result = runCli(["broken.pkl.gz"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: broken\.pkl\.gz: bad gzip data: .+\n$/);
  });

  it("prints no stack trace unless --debug", () => {
    const plain = runCli(["bad-get.pkl"], { cwd: dir });
    expect(plain.stderr.split("\n")).toHaveLength(2);
    const debug = runCli(["bad-get.pkl", "--debug"], { cwd: dir });
    expect(debug.status).toBe(1);
    expect(debug.stderr.split("\n")[0]).toBe(plain.stderr.split("\n")[0]);
    expect(debug.stderr).toMatch(/\n\s+at .+/);
  });

  it.each([
    [["--nope", "a.pkl"], /^pkl-stream: Unknown option '--nope'\nTry 'pkl-stream --help' for examples\.\n$/],
    [["a.pkl", "--format", "xml"], /^pkl-stream: --format must be one of ndjson, json, msgpack; got "xml"\n/],
    [["a.pkl", "--limit", "-3"], /^pkl-stream: --limit must be a non-negative integer; got "-3"\nTry/],
    [["a.pkl", "-j", "-1"], /^pkl-stream: --concurrency must be a non-negative integer; got "-1"\nTry/],
    [["a.pkl", "--limit", "ten"], /^pkl-stream: --limit must be a non-negative integer; got "ten"\n/],
    [["a.pkl", "--encoding", "klingon"], /^pkl-stream: --encoding must be one of latin1, ascii, utf-8, bytes; got "klingon"\n/],
    [["a.pkl", "--select", "train"], /^pkl-stream: --select: bad path "train": expected "\." .* at character 1/],
    [["a.pkl", "--select", ".[1"], /^pkl-stream: --select: bad path "\.\[1": expected "\]" or ":" at character 4, found the end\n/],
    [["a.pkl", "--select"], /^pkl-stream: Option '-s, --select <value>' argument missing\n/],
    [["nope.pkl"], /^pkl-stream: nope\.pkl: no such file\n/],
    [["folder"], /^pkl-stream: folder: is a directory/],
    [["nothing-*.pkl"], /^pkl-stream: nothing-\*\.pkl: no files match\n/],
    [["a.pkl", "--entries", "--meta"], /^pkl-stream: --entries cannot be combined with --meta/],
    [["a.pkl", "--entries", "--skip-corrupt"], /^pkl-stream: --entries cannot be combined with --skip-corrupt\n/],
    [["a.pkl", "--progress", "--no-progress"], /^pkl-stream: --progress and --no-progress contradict each other\n/],
    [["a.pkl", "-o", "out.pkl"], /^pkl-stream: -o out\.pkl: this command writes NDJSON, JSON or msgpack, not pickles: use 'pkl-stream convert' to write a pickle, or give --format\n/],
    [["merge", "--meta", "a.pkl"], /^pkl-stream: Unknown option '--meta'\nTry 'pkl-stream merge --help' for examples\.\n$/],
    [["inspect", "--memo", "x", "a.pkl"], /\nTry 'pkl-stream inspect --help' for examples\.\n$/],
  ])("rejects bad usage %j with exit 2 and one line", (args, message) => {
    const result = runCli(args, { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.text).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it.each([
    ["pkl-stream", "pkl-stream < folder"],
    ["pkl-stream inspect -", "pkl-stream inspect - < folder"],
    ["pkl-stream convert", "pkl-stream convert < folder"],
  ])("refuses standard input that is a directory with exit 2 (%s), not as empty input", (_name, command) => {
    const result = runShell(command, { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pkl-stream: standard input is a directory/);
    expect(result.text).toBe("");
  });

  it("prints a command's own help for 'pkl-stream help COMMAND'", () => {
    for (const command of ["merge", "convert", "inspect", "show"]) {
      const result = runCli(["help", command], { cwd: dir });
      expect(result.status).toBe(0);
      expect(result.text).toBe(runCli([command, "--help"], { cwd: dir }).text);
      expect(result.text).toMatch(new RegExp(`^Usage: pkl-stream ${command} `));
    }
  });

  it.each([["--help"], ["inspect", "--help"], ["a.pkl"]])("exits 1 when standard output cannot be written (%s > /dev/full)", (...args) => {
    const result = runShell(`pkl-stream ${args.join(" ")} > /dev/full`, { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("pkl-stream: standard output: no space left on device\n");
  });

  it("ends quietly with 0 when the reader stops early (| head -1)", () => {
    const result = runShell("pkl-stream many.pkl | head -1", { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.text).toBe(`{"i":0,"pad":"${"x".repeat(40)}"}\n`);
    const json = runShell("pkl-stream many.pkl --format json | head -c 100 >/dev/null", { cwd: dir });
    expect(json.status).toBe(0);
    expect(json.stderr).toBe("");
  });

  // util-linux `script` gives the command a terminal, as a user's shell would.
  const inTerminal = (command: string): ReturnType<typeof runShell> =>
    runShell(`script -qec ${JSON.stringify(command)} /dev/null </dev/null`, { cwd: dir });

  it("refuses to write msgpack to a terminal (exit 2)", () => {
    const result = inTerminal("pkl-stream a.pkl -f msgpack");
    expect(result.status).toBe(2);
    expect(result.text).toMatch(/^pkl-stream: msgpack is binary: write it to a file \(-o out\.msgpack\) or a pipe, not the terminal\r?\n/);
  });

  it("does not wait for a terminal's input when no file is named (exit 2)", () => {
    const result = inTerminal("pkl-stream");
    expect(result.status).toBe(2);
    expect(result.text).toMatch(/^pkl-stream: no input: name pickle files, or pipe them in/);
  });

  it("shows progress by default when stderr is a terminal and the sizes are known", () => {
    const result = inTerminal("pkl-stream a.pkl b.pkl >/dev/null");
    expect(result.status).toBe(0);
    expect(result.text).toMatch(/17 records {2}[0-9.]+ MB\/s {2}ETA 0:00\r?\n$/);
    expect(inTerminal("pkl-stream a.pkl b.pkl --no-progress >/dev/null").text).toBe("");
  });

  it("suggests the command a first argument that names no file is a typo of (exit 2)", () => {
    for (const [typo, command] of [["covert", "convert"], ["mrege", "merge"], ["inspekt", "inspect"], ["shw", "show"], ["veiw", "view"]] as const) {
      const result = runCli([typo, "events.pkl"], { cwd: dir });
      expect([result.status, result.stderr.split("\n")[0]], typo).toEqual([2, `pkl-stream: ${typo}: no such file (did you mean \`pkl-stream ${command}\`?)`]);
    }
    // Not when far from every command, nor for an argument after the first.
    expect(runCli(["events.pkl"], { cwd: dir }).stderr.split("\n")[0]).toBe("pkl-stream: events.pkl: no such file");
    expect(runCli(["parts/p-01.pkl", "covert"], { cwd: dir }).stderr.split("\n")[0]).toBe("pkl-stream: covert: no such file");
    // A file of that name is read as the file it is.
    mkdirSync(join(dir, "typo"));
    writeFileSync(join(dir, "typo", "covert"), readFileSync(join(dir, "parts/p-01.pkl")));
    expect(runCli(["covert"], { cwd: join(dir, "typo") }).status).toBe(0);
  });

  it("stops on Ctrl-C (SIGINT) with status 130, after the records it had", async () => {
    const child = spawn(process.execPath, [CLI_BIN], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    const firstLine = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.includes("\n")) resolve();
      });
    });
    // One record in, and stdin left open: the command waits for more until interrupted.
    child.stdin.write(readFileSync(join(dir, "parts/p-01.pkl")).subarray(0, places["parts/p-01.pkl"].offsets[1]));
    await firstLine;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(lines(output)).toHaveLength(1);
  });
});
