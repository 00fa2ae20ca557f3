// `pkl-stream -j N`: records of a large input encoded by worker threads give the same bytes and
// the same errors as one thread (-j 0), from a pipe and from a file, NDJSON and msgpack.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatChunks } from "../helpers/chunks.js";
import { floatSetPickle } from "../helpers/declined-record.js";
import { loadManifest, readPickle } from "../helpers/fixtures.js";
import { makeWorkDir, runCli } from "./run-cli.js";

/** Every default-options fixture appended, repeated past the 4 MiB where workers start. */
const fixtureStream = concatChunks(
  loadManifest()
    .filter((entry) => entry.throws === undefined && entry.options === undefined)
    .map((entry) => readPickle(entry)),
);
const large = concatChunks([...Array.from({ length: 30 }, () => fixtureStream), floatSetPickle(500, 1), fixtureStream]);

describe("pkl-stream -j", () => {
  let dir = "";
  let remove = (): void => {};
  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    writeFileSync(join(dir, "large.pkl"), large);
  });
  afterAll(() => remove());

  it("writes the same NDJSON with worker threads as with none, from a pipe", () => {
    expect(large.length).toBeGreaterThan(5 << 20);
    const one = runCli(["-j", "0"], { input: large });
    const two = runCli(["-j", "2"], { input: large });
    expect(one.status).toBe(0);
    expect(two.stderr).toBe("");
    expect(two.status).toBe(0);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it("writes the same msgpack file with worker threads as with none", () => {
    const one = runCli(["-j", "0", "-f", "msgpack", "large.pkl", "-o", "one.msgpack"], { cwd: dir });
    const three = runCli(["-j", "3", "-f", "msgpack", "large.pkl", "-o", "three.msgpack"], { cwd: dir });
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    expect(readFileSync(join(dir, "three.msgpack")).equals(readFileSync(join(dir, "one.msgpack")))).toBe(true);
  });

  it("stops at the same record with the same message and exit status for a bad record", () => {
    // A file: the command stops reading at the error, which a pipe's writer would see as EPIPE.
    writeFileSync(join(dir, "bad.pkl"), concatChunks([large, Uint8Array.from([0x80, 0x04, 0x68, 0x07, 0x2e]), fixtureStream]));
    const one = runCli(["-j", "0", "bad.pkl"], { cwd: dir });
    const two = runCli(["-j", "2", "bad.pkl"], { cwd: dir });
    expect(one.status).toBe(1);
    expect(two.status).toBe(one.status);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stderr).toMatch(/record \d+ at byte \d+: memo key 7 is missing/);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it("refuses a count that is not a number", () => {
    const result = runCli(["-j", "many"], { input: large.subarray(0, 10) });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--concurrency/);
  });
});
