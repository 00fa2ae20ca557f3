// Standard input as a pipe, a socket and a file (packages/cli/src/stdin): the main thread reads
// the first bytes, a reading thread fills a 4 MiB ring once the pipe is first found empty. The
// output must be the same as reading the file by name, whatever way the bytes came.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDict, dumps, type PyValue } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, lines, makeWorkDir, runCli, runShell } from "./run-cli.js";

const work = makeWorkDir();
const file = join(work.dir, "events.pkl");
/** Record offsets in `file`: [start of record 0, start of record 1, ...]. */
const offsets: number[] = [];
let bytes: Uint8Array;
let expected: string;

function record(index: number): PyValue {
  const value = createDict();
  value["seq"] = index;
  value["ts"] = 1_700_000_000 + index / 7;
  value["user"] = `user:${String(index % 9973).padStart(6, "0")}`;
  value["tags"] = [`t${index % 5}`, "é✓"];
  return value;
}

beforeAll(() => {
  // ~9 MB of appended records: more than twice the ring, so it wraps.
  const parts: Uint8Array[] = [];
  let length = 0;
  for (let i = 0; i < 100_000; i++) {
    const part = dumps(record(i), { protocol: 4 });
    offsets.push(length);
    parts.push(part);
    length += part.length;
  }
  bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  writeFileSync(file, bytes);
  const byName = runCli([file]);
  expect(byName.status).toBe(0);
  expected = byName.text;
  expect(lines(expected)).toHaveLength(100_000);
});

afterAll(() => work.remove());

describe("pkl-stream reading standard input", () => {
  it("writes what it writes for the file by name, from a pipe (cat file | pkl-stream)", () => {
    const result = runShell(`cat '${file}' | pkl-stream`);
    expect(result.stderr).toBe("");
    expect(result.text).toBe(expected);
  });

  it("from a socket (a parent process's spawn with input)", () => {
    const result = runCli([], { input: bytes });
    expect(result.stderr).toBe("");
    expect(result.text).toBe(expected);
  });

  it.each([
    ["pkl-stream", (text: string) => expect(text).toBe(expected)],
    ["pkl-stream inspect", (text: string) => expect(text).toMatch(/^\/dev\/fd\/\d+: safe \(\d+ records, \d+ bytes\)\n/)],
    ["pkl-stream convert -f ndjson", (text: string) => expect(text).toBe(expected)],
  ] as const)("reads a named pipe (%s <(cat file)) in order, as it reads stdin", (command, check) => {
    // A name that is no regular file: a positioned read of it fails (ESPIPE), exit 70 before.
    const result = runShell(`${command} <(cat '${file}')`);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    check(result.text);
  });

  it("from a regular file (pkl-stream < file)", () => {
    const result = runShell(`pkl-stream < '${file}'`);
    expect(result.stderr).toBe("");
    expect(result.text).toBe(expected);
  });

  it("from a pipe that pauses inside a record, more than once", () => {
    const cut1 = offsets[1000]! + 5;
    const cut2 = offsets[60_000]! + 3;
    const result = runShell(
      `(head -c ${cut1} '${file}'; sleep 0.2; tail -c +${cut1 + 1} '${file}' | head -c ${cut2 - cut1}; sleep 0.2; tail -c +${cut2 + 1} '${file}') | pkl-stream`,
    );
    expect(result.stderr).toBe("");
    expect(result.text).toBe(expected);
  });

  it("stops at --limit while the writer keeps the pipe open, and exits at once", async () => {
    const child = spawn(process.execPath, [CLI_BIN, "--limit", "2"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // The first record and part of the second; then, after a pause in which the pipe is found
    // empty (the reading thread starts and takes over), the rest of the second. stdin stays open.
    child.stdin.write(bytes.subarray(0, offsets[1]! + 4));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin.write(bytes.subarray(offsets[1]! + 4, offsets[3]!));
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 10_000))]);
    child.stdin.destroy();
    if (code === "still running") child.kill();
    expect(code).toBe(0);
    expect(lines(output)).toEqual(lines(expected).slice(0, 2));
  });
});
