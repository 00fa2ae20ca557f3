// Output paths (`-o`, `show --png`) of every command: what the path is decides how it is written,
// and nothing is ever destroyed. A regular file (or a symlink's target) is replaced atomically; a
// FIFO or a device is written through and stays what it was; an output that is one of the inputs
// (by any path or link) is refused before anything is opened for writing; every failure names
// the output path.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { CLI_BIN, makeWorkDir, runCli, runShell } from "./run-cli.js";

/** A command with an output path: its arguments writing to `out`. */
interface OutputCommand {
  readonly name: string;
  readonly args: (out: string) => string[];
  /** The inputs it reads (files in the work folder). */
  readonly inputs: readonly string[];
}

const COMMANDS: readonly OutputCommand[] = [
  // -f: without it, a .pkl output is refused (the decoding command writes no pickles).
  { name: "cat", args: (out) => ["events.pkl", "-f", "ndjson", "-o", out], inputs: ["events.pkl"] },
  { name: "convert", args: (out) => ["convert", "events.pkl", "-f", "ndjson", "-o", out], inputs: ["events.pkl"] },
  { name: "merge", args: (out) => ["merge", "shard-*.pkl", "-f", "ndjson", "-o", out], inputs: ["shard-0.pkl", "shard-1.pkl", "shard-2.pkl"] },
  { name: "show", args: (out) => ["show", "image.pkl", "--select", ".img", "--png", out], inputs: ["image.pkl"] },
];

const IS_ROOT = process.getuid?.() === 0;

/** Files in `dir` a failed or refused write might leave behind (`.<name>.<random>.tmp`). */
function temporaryFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(".tmp"));
}

describe.runIf(requirePython())("output paths", () => {
  let dir = "";
  let remove = (): void => {};
  /** What each command writes to a fresh regular file: the bytes every other kind of path must get. */
  const reference = new Map<string, Buffer>();

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    // Readable by the unprivileged user of the permission cases.
    chmodSync(dir, 0o755);
    runPythonScript(testPath("cli/fixtures/output-paths/make_inputs.py"), [dir]);
    for (const command of COMMANDS) {
      const out = `ref-${command.name}.out`;
      const result = runCli(command.args(out), { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      reference.set(command.name, readFileSync(join(dir, out)));
      expect(reference.get(command.name)!.length).toBeGreaterThan(0);
    }
  });
  afterAll(() => remove());

  describe.each(COMMANDS)("$name", (command) => {
    const expected = (): Buffer => reference.get(command.name)!;

    it("replaces an existing regular file with the whole output and keeps its permission bits", () => {
      const out = join(dir, `regular-${command.name}.out`);
      writeFileSync(out, "old content that is longer than nothing");
      chmodSync(out, 0o640);
      const result = runCli(command.args(out), { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(readFileSync(out).equals(expected())).toBe(true);
      expect(statSync(out).mode & 0o777).toBe(0o640);
      expect(temporaryFiles(dir)).toEqual([]);
    });

    it("writes a symlink's target and keeps the link a link", () => {
      const sub = join(dir, `link-${command.name}`);
      mkdirSync(join(sub, "real"), { recursive: true });
      const target = join(sub, "real", "target.out");
      writeFileSync(target, "old");
      const link = join(sub, "link.out");
      symlinkSync("real/target.out", link);
      const result = runCli(command.args(link), { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe("real/target.out");
      expect(readFileSync(target).equals(expected())).toBe(true);
      expect([...temporaryFiles(sub), ...temporaryFiles(join(sub, "real"))]).toEqual([]);
    });

    it("creates the file a dangling symlink points to, keeping the link", () => {
      const sub = join(dir, `dangling-${command.name}`);
      mkdirSync(sub);
      const link = join(sub, "link.out");
      symlinkSync("new.out", link);
      const result = runCli(command.args(link), { cwd: dir });
      expect(result.status).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(sub, "new.out")).equals(expected())).toBe(true);
    });

    it("writes through a FIFO: its reader gets the bytes and the FIFO stays a FIFO", () => {
      const fifo = join(dir, `${command.name}.fifo`);
      const got = join(dir, `${command.name}.fifo-read`);
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const args = command.args(fifo).map((arg) => `'${arg}'`).join(" ");
      // The reader gives up after 30 s, so a command that never opens the FIFO fails the test, not hangs it.
      const result = runShell(`timeout 30 cat '${fifo}' > '${got}' & pkl-stream ${args}; status=$?; wait; exit $status`, { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(readFileSync(got).equals(expected())).toBe(true);
      expect(temporaryFiles(dir)).toEqual([]);
    });

    it("writes through a character device (1,3: null) and leaves it a device", () => {
      // As root, a device node of our own (mknod); otherwise /dev/null itself, which a non-root
      // user cannot replace anyway.
      const device = IS_ROOT ? join(dir, `${command.name}.null`) : "/dev/null";
      if (IS_ROOT) expect(spawnSync("mknod", [device, "c", "1", "3"]).status).toBe(0);
      const result = runCli(command.args(device), { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const stats = statSync(device);
      expect(stats.isCharacterDevice()).toBe(true);
      expect([Number(stats.rdev >> 8), stats.rdev & 0xff]).toEqual([1, 3]);
      expect(temporaryFiles(dir)).toEqual([]);
    });

    it.each(["the same path", "a hard link", "a symlink"])("refuses an output that is one of its inputs through %s, exit 2, the input intact", (how) => {
      const input = command.inputs[command.inputs.length - 1]!;
      const before = readFileSync(join(dir, input));
      const alias = how === "the same path" ? input : `alias-${command.name}-${how === "a hard link" ? "hard" : "soft"}.pkl`;
      rmSync(join(dir, alias === input ? "-none-" : alias), { force: true });
      if (how === "a hard link") linkSync(join(dir, input), join(dir, alias));
      if (how === "a symlink") symlinkSync(input, join(dir, alias));
      const result = runCli(command.args(alias), { cwd: dir });
      expect(result.status).toBe(2);
      const via = alias === input ? "" : ` \\(${input.replace(/\./g, "\\.")}\\)`;
      expect(result.stderr).toMatch(new RegExp(`^pkl-stream: ${alias.replace(/\./g, "\\.")}: is also an input${via}; writing it would destroy it`));
      expect(readFileSync(join(dir, input)).equals(before)).toBe(true);
      expect(temporaryFiles(dir)).toEqual([]);
    });

    it("names the output path when its folder does not exist, exit 2", () => {
      const out = join(dir, "no-such-folder", "x.out");
      const result = runCli(command.args(out), { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`pkl-stream: ${out}: no such folder (${join(dir, "no-such-folder")})\n`);
    });

    it("names the output path when it is a directory, exit 2", () => {
      const out = join(dir, `folder-${command.name}`);
      mkdirSync(out);
      const result = runCli(command.args(out), { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`pkl-stream: ${out}: is a directory\n`);
    });

    it("refuses an empty output name and one ending in a slash, exit 2, writing nothing (resolve() made them the working folder, or a file named after the folder meant)", () => {
      const flag = command.name === "show" ? "--png" : "-o";
      const empty = runCli(command.args(""), { cwd: dir });
      expect([empty.status, empty.stderr.split("\n")[0]]).toEqual([2, `pkl-stream: ${flag} needs a file name${flag === "-o" ? " (or - for standard output)" : ""}`]);
      const folder = `new-folder-${command.name}/`;
      const slashed = runCli(command.args(folder), { cwd: dir });
      expect([slashed.status, slashed.stderr.split("\n")[0]]).toEqual([2, `pkl-stream: ${flag} ${folder}: names a folder (it ends in /); give a file name inside it`]);
      expect(readdirSync(dir).filter((name) => name.startsWith("new-folder"))).toEqual([]);
      expect(temporaryFiles(dir)).toEqual([]);
    });

    it("names the output path when writing it is not permitted, exit 2, the old file intact", () => {
      const sub = join(dir, `locked-${command.name}`);
      mkdirSync(sub);
      const existing = join(sub, "kept.out");
      writeFileSync(existing, "old");
      chmodSync(existing, 0o444);
      chmodSync(sub, 0o555);
      for (const out of [join(sub, "new.out"), existing]) {
        const result = runAsUnprivileged(command.args(out), dir);
        // A read-only file is refused as such; for a new one, the temporary file beside it
        // cannot be made: the message says so, naming the folder.
        const why = out === existing ? "" : ` to create a file in ${sub} (the output is written to a temporary file there, then renamed over it; make the folder writable, or redirect with >)`;
        expect(result.stderr).toBe(`pkl-stream: ${out}: permission denied${why}\n`);
        expect(result.status).toBe(2);
      }
      expect(readFileSync(existing, "utf8")).toBe("old");
      expect(readdirSync(sub)).toEqual(["kept.out"]);
    });
  });

  it("never replaces a socket: it cannot be opened for writing, the error names it, exit 2", async () => {
    const path = join(dir, "out.sock");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const result = runCli(["events.pkl", "-o", "out.sock"], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe("pkl-stream: out.sock: cannot be opened for writing (a socket, or a device with nothing behind it)\n");
      expect(statSync(path).isSocket()).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses an output that is the file standard input is redirected from", () => {
    const before = readFileSync(join(dir, "events.pkl"));
    const result = runShell("pkl-stream - -f ndjson -o events.pkl < events.pkl", { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pkl-stream: events\.pkl: is also an input \(<stdin>\)/);
    expect(readFileSync(join(dir, "events.pkl")).equals(before)).toBe(true);
  });

  it("names the input, not the output, when an input cannot be read", () => {
    const locked = join(dir, "unreadable.pkl");
    writeFileSync(locked, readFileSync(join(dir, "events.pkl")));
    chmodSync(locked, 0o000);
    // Outputs in a folder anyone may write: only the input is out of reach.
    mkdirSync(join(dir, "open"));
    chmodSync(join(dir, "open"), 0o777);
    for (const args of [
      ["unreadable.pkl", "-o", "open/out-a.json"],
      ["convert", "unreadable.pkl", "-o", "open/out-b.json"],
      ["show", "unreadable.pkl", "--png", "open/out-c.png"],
    ]) {
      const result = runAsUnprivileged(args, dir);
      expect(result.stderr.split("\n")[0]).toBe("pkl-stream: unreadable.pkl: permission denied");
      expect(result.status).toBe(2);
    }
  });

  it("names the relative output path as typed", () => {
    const result = runCli(["events.pkl", "-o", "missing/x.json"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^pkl-stream: missing\/x\.json: no such folder/);
  });
});

/**
 * The command as a user without root's power over file permissions: as root, through setpriv
 * with uid/gid 65534 (nobody); otherwise as this user, whom the modes already bind.
 */
function runAsUnprivileged(args: readonly string[], cwd: string): { status: number | null; stderr: string } {
  const command = IS_ROOT
    ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, CLI_BIN, ...args]
    : [process.execPath, CLI_BIN, ...args];
  const result = spawnSync(command[0]!, command.slice(1), { cwd, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stderr: result.stderr };
}
