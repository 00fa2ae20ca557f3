// Every command that decodes says what a file that is not a pickle is, instead of blaming an
// opcode (`memo key 101 is missing` for a text file, `encoding "latin1"` for a numpy .npz); the
// library files that are no plain pickles but that pkl-stream reads (a torch.save zip, a joblib
// file, compressed or not) decode instead.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../stream/python.js";
import { runCli } from "./run-cli.js";

const FIXTURES = fileURLToPath(new URL("fixtures/not-a-pickle/", import.meta.url));

const NPZ = /this is a zip archive \(a numpy \.npz\?\) whose first member is "x\.npy", not a pickle: load it in Python with numpy\.load/;
const TEXT = /this looks like plain text \(it starts "hello"\), not a pickle/;

describe("a file that is not a pickle", () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  const file = (name: string): string => join(temp.dir, name);
  for (const name of ["weights.pt", "arrays.npz", "array.npy", "model.joblib", "model-compressed.joblib"]) {
    copyFileSync(join(FIXTURES, name), file(name));
  }
  writeFileSync(file("hello.txt"), "hello\n");
  writeFileSync(file("data.csv"), "name,age\nbob,3\n");
  writeFileSync(file("README.md"), "# Title\n\nSome prose.\n");
  writeFileSync(file("twice.pkl.gz"), gzipSync(gzipSync(Buffer.from([0x80, 2, 0x4e, 0x2e]))));

  const KINDS: readonly (readonly [string, RegExp])[] = [
    ["arrays.npz", NPZ],
    ["array.npy", /this is a numpy \.npy file, not a pickle: load it in Python with numpy\.load/],
    ["hello.txt", TEXT],
    ["data.csv", /this looks like plain text \(it starts "name,age"\)/],
    ["README.md", /this looks like plain text \(it starts "# Title"\)/],
    ["twice.pkl.gz", /this is gzip data, not a pickle: .*compressed twice/],
  ];

  it.each(KINDS)("%s: the main command exits 1 saying what the file is", (name, expected) => {
    const result = runCli([file(name)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  // inspect audits zip archives member by member (see inspect.test.ts).
  const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
    ["show", ["show"]],
    ["merge", ["merge", "-f", "ndjson"]],
    ["convert", ["convert"]],
  ];

  describe.each(COMMANDS)("%s", (_title, args) => {
    it("names a numpy .npz and a text file for what they are, exit 1", () => {
      const zip = runCli([...args, file("arrays.npz")]);
      expect(zip.stderr).toMatch(NPZ);
      expect(zip.status).toBe(1);
      const text = runCli([...args, file("hello.txt")]);
      expect(text.stderr).toMatch(TEXT);
      expect(text.status).toBe(1);
    });
  });

  const DECODERS: readonly (readonly [string, readonly string[]])[] = [
    ["the main command", []],
    ["convert", ["convert"]],
  ];

  describe.each(DECODERS)("%s", (_title, args) => {
    it.each(["weights.pt", "model.joblib", "model-compressed.joblib"])("decodes %s instead of refusing it, exit 0", (name) => {
      const result = runCli([...args, file(name)]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.text.trim().split("\n")).toHaveLength(1);
    });
  });
});
