// A signal while the command waits on its input (Ctrl-C, a supervisor's SIGTERM, a closed
// terminal's SIGHUP) ends it with 128 + the signal's number, at once (not when main.ts's grace
// period runs out), and leaves no temporary file of an -o output behind: the abort removes it.
// `convert`, which reads its inputs whole and converts them with no I/O to wait on, stops at
// the next record or chunk too: nothing more written, an -o file left as it was.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dumps } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, makeWorkDir, runCli } from "./run-cli.js";

/** How a signalled run ended: its status, how long after the signal, what it wrote to stdout. */
interface SignalledExit {
  readonly status: number | null;
  /** Milliseconds from the signal to the exit (undefined: it exited before `ready()` held). */
  readonly afterSignalMs: number | undefined;
  readonly stdoutBytes: number;
}

/** The running command, as `ready` sees it. */
interface RunningCommand {
  readonly pid: number;
  readonly stdoutBytes: number;
}

/**
 * Starts the command (on a stdin that sends `first` and stays open, when given); signals it
 * once `ready()` holds; resolves to how it ended.
 */
function signalledRun(
  args: readonly string[],
  cwd: string,
  first: Uint8Array | undefined,
  signal: NodeJS.Signals,
  ready: (command: RunningCommand) => boolean,
): Promise<SignalledExit> {
  return new Promise((resolve, reject) => {
    // A grace of 10 minutes: a command that does not stop by itself shows as a test timeout,
    // never as an exit the grace timer made (main.ts).
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd,
      stdio: [first === undefined ? "ignore" : "pipe", "pipe", "ignore"],
      env: { ...process.env, PKL_STREAM_INTERRUPT_GRACE_MS: "600000" },
    });
    if (first !== undefined) child.stdin?.write(first);
    let stdoutBytes = 0;
    child.stdout?.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    let signalledAt: number | undefined;
    const poll = setInterval(() => {
      if (child.pid === undefined || !ready({ pid: child.pid, stdoutBytes })) return;
      clearInterval(poll);
      signalledAt = performance.now();
      child.kill(signal);
    }, 20);
    child.on("error", reject);
    child.on("exit", (status, killedBy) => {
      const afterSignalMs = signalledAt === undefined ? undefined : performance.now() - signalledAt;
      clearInterval(poll);
      child.stdin?.destroy();
      // The rest of stdout (a pipe) is read before resolving.
      child.on("close", () => resolve({ status: status ?? (killedBy === null ? null : -1), afterSignalMs, stdoutBytes }));
    });
  });
}

describe("pkl-stream on a signal", () => {
  const { dir, remove } = makeWorkDir();
  afterAll(() => remove());
  const records = Buffer.concat(Array.from({ length: 50 }, (_, i) => dumps({ i, text: "x".repeat(100) })));

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("ends on %s with exit %i and leaves no temporary file of its -o output", async (signal, status) => {
    const folder = join(dir, signal);
    mkdirSync(folder);
    const hasTemporary = (): boolean => readdirSync(folder).some((name) => name.endsWith(".tmp"));
    const exit = await signalledRun(["-", "-o", "out.ndjson"], folder, records, signal, hasTemporary);
    expect(exit.status).toBe(status);
    expect(readdirSync(folder)).toEqual([]);
  });

  // The grace period is 10 minutes here (signalledRun): the exit is the command's own (the read
  // of the idle pipe left behind), not the timer's. It took 30-110 ms where it took the 1 s grace.
  it.each([
    ["the decoding command to stdout", ["-"]],
    ["the decoding command to -o", ["-", "-o", "out.ndjson"]],
    ["--format json", ["-", "--format", "json"]],
    ["convert to -o", ["convert", "-", "-o", "out.ndjson"]],
    ["convert --format pickle to -o", ["convert", "-", "--format", "pickle", "-o", "out.pkl"]],
  ])("ends %s on Ctrl-C at once, while the writer of its pipe is idle", async (name, args) => {
    const folder = join(dir, name.replaceAll(/\W+/g, "-"));
    mkdirSync(folder);
    // Started: a record written out (stdout), or the -o output opened (before any input is read).
    const isWaiting = ({ stdoutBytes }: RunningCommand): boolean => (args.includes("-o") ? readdirSync(folder).length > 0 : stdoutBytes > 0);
    const exit = await signalledRun(args, folder, records, "SIGINT", isWaiting);
    expect(exit.status).toBe(130);
    expect(readdirSync(folder)).toEqual([]);
  });
});

/** `record` `count` times over: a pickle input of many records, made without pickling each. */
function repeated(record: Uint8Array, count: number): Buffer {
  const bytes = Buffer.allocUnsafe(record.length * count);
  for (let at = 0; at < bytes.length; at += record.length) bytes.set(record, at);
  return bytes;
}

/**
 * One pickle of a dict of `count` entries, `"key-N": {"a": N, "b": "NNN"}` (what the issue's
 * `pickle.dump` of a giant dict writes, without memo), put together from opcodes: dumps() takes
 * seconds for it. SETITEMS every 1000 entries, as CPython batches them.
 */
function giantDict(count: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, 0x04, 0x7d])]; // PROTO 4, EMPTY_DICT
  const text = (value: string): Buffer => Buffer.concat([Buffer.from([0x8c, value.length]), Buffer.from(value, "latin1")]); // SHORT_BINUNICODE
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) parts.push(Buffer.from([0x28])); // MARK
    const number = Buffer.from([0x4a, 0, 0, 0, 0]); // BININT
    number.writeInt32LE(i, 1);
    // key, then {"a": i, "b": str(i) * 3}: EMPTY_DICT MARK ... SETITEMS
    parts.push(text(`key-${i}`), Buffer.from([0x7d, 0x28]), text("a"), number, text("b"), text(String(i).repeat(3)), Buffer.from([0x75]));
    if (i % 1000 === 999 || i === count - 1) parts.push(Buffer.from([0x75])); // SETITEMS
  }
  parts.push(Buffer.from([0x2e])); // STOP
  return Buffer.concat(parts);
}

/**
 * Whether the command has read all of `path`: its descriptor of the file was seen open and is
 * now closed (Linux's /proc). Convert reads an input whole before converting it to a pickle.
 */
function readWhole(path: string): (command: RunningCommand) => boolean {
  let wasOpen = false;
  return ({ pid }) => {
    const isOpen = hasOpen(pid, path);
    wasOpen ||= isOpen;
    return wasOpen && !isOpen;
  };
}

/** Whether the command is reading `path`: convert reads a pickle file to NDJSON, JSON or msgpack as it converts it. */
function reading(path: string): (command: RunningCommand) => boolean {
  return ({ pid }) => hasOpen(pid, path);
}

/** Whether process `pid` has a descriptor of `path` open now (Linux's /proc). */
function hasOpen(pid: number, path: string): boolean {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === path) return true;
      } catch {
        // closed between the listing and the look
      }
    }
  } catch {
    // the process has ended
  }
  return false;
}

describe.runIf(process.platform === "linux")("pkl-stream convert on a signal", () => {
  const { dir, remove } = makeWorkDir();
  afterAll(() => remove());
  const OLD = "the old output\n";
  // One giant record (~28 MB, as in the issue): the tape engine converts it a slice of input at a time.
  const giant = join(dir, "giant.pkl");
  // ~48 MB of records not all alike: written as they are converted.
  const many = join(dir, "many.pkl");
  const COPIES = 7500;
  const pieces = Array.from({ length: 16 }, (_, i) => dumps({ id: i, name: `name-${i}`, tags: ["a", "b", String(i)], score: i / 3, text: "x".repeat(300 + i) }));
  beforeAll(() => {
    writeFileSync(giant, giantDict(600_000));
    writeFileSync(many, Buffer.concat(pieces.map((piece) => repeated(piece, COPIES))));
  });

  it.each([
    ["ndjson", "SIGINT", 130],
    ["json", "SIGTERM", 143],
    ["msgpack", "SIGINT", 130],
    ["pickle", "SIGTERM", 143],
  ] as const)("-f %s stops on %s while it converts a giant record: exit %i, the old -o file kept, no temporary file", async (format, signal, status) => {
    const folder = join(dir, format);
    mkdirSync(folder);
    writeFileSync(join(folder, "out"), OLD);
    const exit = await signalledRun(["convert", giant, "-f", format, "-o", "out"], folder, undefined, signal, format === "pickle" ? readWhole(giant) : reading(giant));
    expect(exit.afterSignalMs).toBeDefined();
    expect(exit.status).toBe(status);
    expect(readdirSync(folder)).toEqual(["out"]);
    expect(readFileSync(join(folder, "out"), "utf8")).toBe(OLD);
  });

  it.each(["ndjson", "json", "msgpack", "pickle"])("-f %s to stdout stops on Ctrl-C once output started, without writing the rest (exit 130)", async (format) => {
    // What the whole output would be: that of each record once, times the copies of each.
    const once = runCli(["convert", "-", "-f", format], { input: Buffer.concat(pieces) }).stdout.length;
    const exit = await signalledRun(["convert", many, "-f", format], dir, undefined, "SIGINT", ({ stdoutBytes }) => stdoutBytes > 0);
    expect(exit.status).toBe(130);
    expect(exit.stdoutBytes).toBeGreaterThan(0);
    expect(exit.stdoutBytes).toBeLessThan(COPIES * once);
  });
});
