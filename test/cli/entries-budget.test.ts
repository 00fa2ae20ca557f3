// --entries holds a record's entries together to the record's output budget, as a whole record's
// output is (review 21): `pickle.dumps([s] * 8000, protocol=4)` with `s` a 256 KiB str is 278 KB
// of pickle whose entries, each one str under the budget, wrote 2 GB (3.4 GB of memory); as bytes
// it failed with Node's RangeError and wrote nothing. Now every path writes the entries up to the
// budget (64 MiB for so small an input), then fails naming maxOutputBytes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), "pkl-entries-budget-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `[s] * count` at protocol 4, `s` a str (BINUNICODE) or bytes (BINBYTES) of `size` bytes, shared through the memo. */
function bombOf(isBytes: boolean, size: number, count: number): Uint8Array {
  const head = Uint8Array.from([0x80, 0x04, 0x5d, 0x94, 0x28, isBytes ? 0x42 : 0x58, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24]);
  const body = new Uint8Array(size).fill(0x61);
  const gets = new Uint8Array(2 * (count - 1));
  for (let i = 0; i < count - 1; i++) gets.set([0x68, 0x01], 2 * i); // BINGET 1
  const tail = Uint8Array.from([0x65, 0x2e]); // APPENDS, STOP
  const out = new Uint8Array(head.length + body.length + 1 + gets.length + tail.length);
  out.set(head, 0);
  out.set(body, head.length);
  out[head.length + body.length] = 0x94; // MEMOIZE: memo 1
  out.set(gets, head.length + body.length + 1);
  out.set(tail, out.length - tail.length);
  return out;
}

describe("--entries and the output budget", () => {
  const strBomb = join(dir, "str-bomb.pkl");
  const bytesBomb = join(dir, "bytes-bomb.pkl");
  writeFileSync(strBomb, bombOf(false, 256 * 1024, 8000));
  writeFileSync(bytesBomb, bombOf(true, 256 * 1024, 8000));

  it.each([
    ["the tape path (NDJSON)", [strBomb, "--entries"]],
    ["the tape path (msgpack)", [strBomb, "--entries", "-f", "msgpack"]],
    ["the tape path, bytes entries", [bytesBomb, "--entries"]],
    ["the value path (--limit)", [strBomb, "--entries", "--limit", "100000"]],
    ["the value path (a JSON array)", [strBomb, "--entries", "-f", "json"]],
  ])("stops a memo bomb's entries at the record's budget on %s, after writing those before", (_path, args) => {
    const result = runCli(args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/maxOutputBytes/);
    expect(result.stdout.length).toBeGreaterThan(32 * MIB);
    expect(result.stdout.length).toBeLessThanOrEqual(65 * MIB);
  });

  it("writes every entry of a large ordinary record, whose output stays within its budget", () => {
    // 2,000 entries of a 3 KB str each: 6 MB of pickle and of output.
    const entries = 2000;
    const parts: number[] = [0x80, 0x04, 0x5d, 0x28];
    for (let i = 0; i < entries; i++) {
      const text = `${i}`.padEnd(3000, "x");
      parts.push(0x58, text.length & 0xff, text.length >> 8, 0, 0, ...Buffer.from(text));
    }
    parts.push(0x65, 0x2e);
    const file = join(dir, "plain.pkl");
    writeFileSync(file, Uint8Array.from(parts));
    for (const args of [[file, "--entries"], [file, "--entries", "--limit", "100000"]]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.text.split("\n").length - 1).toBe(entries);
    }
  });
});
