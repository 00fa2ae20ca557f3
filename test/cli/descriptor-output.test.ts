// `-o /dev/stdout` (and /dev/stderr, /dev/fd/N, /proc/self/fd/N) when the shell redirected the
// stream to a regular file: the output goes through the descriptor the shell opened, in place.
// It used to follow /dev/stdout to the file and rename a temporary file over it: `>> app.log`
// lost the log's earlier lines, and a `{ echo before; ...; echo after; } > out` group lost
// "before" and "after" (written to the old, unlinked file). Run through `sh -c`, as users do.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, makeWorkDir, runCli } from "./run-cli.js";
import { dictPickle } from "../helpers/dict-pickle.js";

/** A command writing to `-o OUT`, as a shell line (`pkl` is the command). */
interface DescriptorCommand {
  readonly name: string;
  readonly line: (out: string) => string;
}

const COMMANDS: readonly DescriptorCommand[] = [
  { name: "decode", line: (out) => `pkl events.pkl -o ${out}` },
  { name: "convert", line: (out) => `pkl convert d1.pkl -o ${out}` },
  { name: "merge", line: (out) => `pkl merge a.pkl b.pkl -o ${out} -f json` },
];

/** `sh -c` with a `pkl` function running the built command; stdout and stderr are the test's. */
function runSh(script: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("sh", ["-c", `pkl() { "$PKL_NODE" "$PKL_CLI" "$@"; }\n${script}`], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PKL_NODE: process.execPath, PKL_CLI: CLI_BIN },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("an output path naming a descriptor the shell redirected to a file", () => {
  let dir = "";
  let remove = (): void => {};
  /** What each command writes to a fresh regular file. */
  const reference = new Map<string, string>();

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    writeFileSync(join(dir, "events.pkl"), Buffer.concat([dictPickle({ id: 0 }), dictPickle({ id: 1 }), dictPickle({ id: 2 })]));
    writeFileSync(join(dir, "d1.pkl"), dictPickle({ a: 1 }));
    writeFileSync(join(dir, "a.pkl"), dictPickle({ a: 1, b: 2 }));
    writeFileSync(join(dir, "b.pkl"), dictPickle({ c: 3 }));
    // A bad record after a good one: the decoding command keeps the records before it.
    writeFileSync(join(dir, "bad.pkl"), Buffer.concat([dictPickle({ id: 0 }), Buffer.from([0x80, 0x02, 0xff])]));
    for (const command of COMMANDS) {
      const result = runSh(command.line(`ref-${command.name}.out`), dir);
      expect([result.status, result.stderr]).toEqual([0, ""]);
      reference.set(command.name, readFileSync(join(dir, `ref-${command.name}.out`), "utf8"));
    }
    expect(reference.get("decode")).toBe('{"id":0}\n{"id":1}\n{"id":2}\n');
  });
  afterAll(() => remove());

  describe.each(COMMANDS)("$name", (command) => {
    const expected = (): string => reference.get(command.name)!;

    it.each(["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])("appends to a log (>>) through %s, keeping its lines and the file", (out) => {
      const log = join(dir, `append-${command.name}.log`);
      writeFileSync(log, "old1\nold2\n");
      const inode = statSync(log).ino;
      const result = runSh(`${command.line(out)} >> ${log}`, dir);
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(readFileSync(log, "utf8")).toBe(`old1\nold2\n${expected()}`);
      expect(statSync(log).ino).toBe(inode);
    });

    it("keeps a { echo before; ...; echo after; } > file group whole and in order", () => {
      const out = join(dir, `group-${command.name}.out`);
      const result = runSh(`{ echo before; ${command.line("/dev/stdout")}; echo after; } > ${out}`, dir);
      expect([result.status, result.stderr]).toEqual([0, ""]);
      expect(readFileSync(out, "utf8")).toBe(`before\n${expected()}after\n`);
    });

    it("appends through /dev/stderr (2>>), the log kept", () => {
      const log = join(dir, `stderr-${command.name}.log`);
      writeFileSync(log, "old\n");
      const result = runSh(`${command.line("/dev/stderr")} 2>> ${log}`, dir);
      expect(result.status).toBe(0);
      expect(readFileSync(log, "utf8")).toBe(`old\n${expected()}`);
    });
  });

  it("keeps the log's lines and the records before a bad one (>>), exit 1", () => {
    const log = join(dir, "bad.log");
    writeFileSync(log, "old\n");
    const result = runSh(`pkl bad.pkl -o /dev/stdout >> ${log}`, dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pkl-stream: bad\.pkl: record 1 at byte \d+/);
    expect(readFileSync(log, "utf8")).toBe('old\n{"id":0}\n');
  });

  it("refuses a descriptor path open only for reading (-o /dev/stdin) as bad usage, exit 2, for every command", () => {
    writeFileSync(join(dir, "read-only.txt"), "input\n");
    for (const command of COMMANDS) {
      const result = runSh(`${command.line("/dev/stdin")} < read-only.txt`, dir);
      expect({ name: command.name, status: result.status, stderr: result.stderr }).toEqual({
        name: command.name,
        status: 2,
        stderr: "pkl-stream: /dev/stdin: is not open for writing\n",
      });
    }
    expect(readFileSync(join(dir, "read-only.txt"), "utf8")).toBe("input\n");
  });

  it("writes /dev/stdout through when it is a socket (Node's spawn), which no path opens", () => {
    const result = runCli(["events.pkl", "-o", "/dev/stdout"], { cwd: dir });
    expect([result.status, result.stderr, result.text]).toEqual([0, "", reference.get("decode")]);
  });

  it("waits for a socket's slow reader (the non-blocking descriptor refuses writes meanwhile) and loses nothing", async () => {
    const count = 40000;
    const records = Array.from({ length: count }, (_, i) => dictPickle({ [`id-${"x".repeat(40)}`]: i % 256 }));
    writeFileSync(join(dir, "many.pkl"), Buffer.concat(records));
    const child = spawn(process.execPath, [CLI_BIN, "many.pkl", "-o", "/dev/stdout"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    // Nothing is read for a while: far more than a socket's buffer waits in the command.
    child.stdout.pause();
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.resume();
    const status = await new Promise<number | null>((resolveExit) => child.on("close", resolveExit));
    expect([status, stderr]).toEqual([0, ""]);
    const lines = Buffer.concat(chunks).toString("utf8").split("\n");
    expect(lines.length).toBe(count + 1);
    expect(lines[count - 1]).toBe(`{"id-${"x".repeat(40)}":${(count - 1) % 256}}`);
  });
});
