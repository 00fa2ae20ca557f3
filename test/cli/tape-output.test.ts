// cat and convert write every format of whole records (NDJSON, the JSON array, msgpack; with
// or without --meta), and --entries as NDJSON or msgpack, through core's tape engine; --select .
// keeps the value path (decode, then a writer). Both give the same bytes and the same errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { giantDictPickle, shuffledKeys } from "../helpers/giant-dict.js";
import { runCli } from "./run-cli.js";

const SAMPLE = fileURLToPath(new URL("../../samples/appended-records.pkl", import.meta.url));
// pickle.dumps(...) by CPython 3.11: a date (the tape declines it: the value path writes that
// record), a plain dict, a dict with NaN and a 70-bit int, a truncated copy of the plain dict.
const DATE = Buffer.from(
  "8002636461746574696d650a646174650a7100635f636f646563730a656e636f64650a7101580500000007c3a80102710258060000006c6174696e3171038671045271058571065271072e",
  "hex",
);
const PLAIN = Buffer.from("80027d710058010000006171015d7102284b01474004000000000000580100000078710365732e", "hex");
const NAN_BIG = Buffer.from("80049523000000000000007d94288c016194477ff80000000000008c03626967948a09000000000000000040752e", "hex");
const folder = mkdtempSync(join(tmpdir(), "pkl-tape-"));
function file(name: string, ...parts: Buffer[]): string {
  const path = join(folder, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}
const MIXED = file("mixed.pkl", PLAIN, DATE, NAN_BIG, PLAIN, DATE);
const EMPTY = file("empty.pkl");
const CUT = file("cut.pkl", PLAIN, DATE, PLAIN.subarray(0, 20));

/** The same command through the tape (as given) and through the value path (`--select .`). */
function expectSameAsValuePath(args: readonly string[], input?: Buffer): void {
  const tape = runCli(args, { input });
  const value = runCli([...args, "--select", "."], { input });
  expect(tape.status).toBe(value.status);
  expect(tape.stdout.length).toBeGreaterThan(0);
  expect(tape.stdout.toString("hex")).toBe(value.stdout.toString("hex"));
  expect(tape.stderr).toBe(value.stderr);
}

describe("output through the tape engine", () => {
  it("cat writes the NDJSON the value path writes", () => {
    const tape = runCli([SAMPLE]);
    const value = runCli([SAMPLE, "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.stdout.length).toBeGreaterThan(1000);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it("cat --meta writes the NDJSON the value path writes", () => {
    const tape = runCli([SAMPLE, "--meta", "--limit", "20"]);
    const value = runCli([SAMPLE, "--meta", "--limit", "20", "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.text.split("\n")).toHaveLength(21);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it("cat -f msgpack writes the msgpack the value path writes", () => {
    const tape = runCli([SAMPLE, "-f", "msgpack"]);
    const value = runCli([SAMPLE, "-f", "msgpack", "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it.each([
    ["-f", "json"],
    ["-f", "json", "--meta"],
    ["-f", "json", "--limit", "3"],
    ["-f", "msgpack", "--meta"],
    ["--meta"],
    ["--entries"],
    ["--entries", "-f", "msgpack"],
  ])("cat %s writes what the value path writes, over several files, declined records and an empty file", (...flags) => {
    expectSameAsValuePath([EMPTY, MIXED, SAMPLE, MIXED, ...flags]);
  });

  it.each([["-f", "json"], ["-f", "msgpack", "--meta"], ["--entries"]])("cat %s %s reading stdin writes what the value path writes (file null)", (...flags) => {
    expectSameAsValuePath(["-", ...flags], Buffer.concat([DATE, PLAIN, NAN_BIG]));
  });

  it("cat -f json of no records writes [] as the value path does", () => {
    const tape = runCli([EMPTY, "-f", "json"]);
    expect(tape.status).toBe(0);
    expect(tape.text).toBe("[]\n");
    expectSameAsValuePath([EMPTY, "-f", "json"]);
  });

  it.each([["-f", "json"], ["-f", "json", "--meta"], ["-f", "msgpack", "--meta"], ["--entries"]])(
    "cat %s %s of a cut record keeps the records before it and fails as the value path does",
    (...flags) => {
      expectSameAsValuePath([MIXED, CUT, ...flags]);
      expect(runCli([MIXED, CUT, ...flags]).status).not.toBe(0);
    },
  );

  it.each(["ndjson", "msgpack"])("convert -f %s writes what cat's value path writes", (format) => {
    const converted = runCli(["convert", SAMPLE, "-f", format]);
    const value = runCli([SAMPLE, "-f", format, "--select", "."]);
    expect(converted.status).toBe(0);
    expect(converted.stdout.equals(value.stdout)).toBe(true);
  });
});

describe("a giant record in a file, whose read input the tape lets go (the file is read again if it must be)", () => {
  // A 9 MB dict whose last entry is a set of floats: the tape declines it at its very end, after
  // it let go of the bytes it had read; the record is read from the file again for the value path.
  const dict = giantDictPickle(shuffledKeys(560_000));
  const floatSet = [0x8f, 0x28, 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x47, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x90];
  const declining = Buffer.concat([PLAIN, dict.subarray(0, dict.length - 1), Buffer.from([0x28, 0x8c, 2, 0x7a, 0x7a, ...floatSet, 0x75, 0x2e]), PLAIN]);
  const GIANT = file("giant.pkl", declining);
  const GIANT_CUT = file("giant-cut.pkl", declining.subarray(0, declining.length - 200));

  it.each([[], ["-f", "msgpack"], ["--entries"]])("cat %s writes what the value path writes, and what it writes from a pipe", (...flags) => {
    expectSameAsValuePath([GIANT, ...flags]);
    const fromFile = runCli([GIANT, ...flags]);
    const fromPipe = runCli(["-", ...flags], { input: declining });
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout.length).toBeGreaterThan(8_000_000);
    expect(fromFile.stdout.equals(fromPipe.stdout)).toBe(true);
  });

  it.each([[], ["--entries"]])("cat %s of the record cut short fails as the value path does", (...flags) => {
    expectSameAsValuePath([GIANT_CUT, ...flags]);
    expect(runCli([GIANT_CUT, ...flags]).status).not.toBe(0);
  });
});
