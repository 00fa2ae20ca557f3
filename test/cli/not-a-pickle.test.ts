// Every command that decodes says what a file that is not a pickle is, instead of blaming an
// opcode (`memo key 101 is missing` for a text file, `encoding "latin1"` for a torch.save zip).
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../stream/python.js";
import { runCli } from "./run-cli.js";

const FIXTURES = fileURLToPath(new URL("fixtures/not-a-pickle/", import.meta.url));

const ZIP = /this is a zip archive \(torch\.save \/ numpy \.npz\?\) whose first member is "archive\/data\.pkl", not a pickle: load it in Python with torch\.load/;
const JOBLIB = /at byte \d+: this looks like a joblib file \(joblib\.dump\): joblib writes numpy arrays as raw bytes between pickle opcodes/;
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
    ["weights.pt", ZIP],
    ["arrays.npz", /this is a zip archive \(torch\.save \/ numpy \.npz\?\) whose first member is "x\.npy"/],
    ["array.npy", /this is a numpy \.npy file, not a pickle: load it in Python with numpy\.load/],
    ["model.joblib", JOBLIB],
    ["model-compressed.joblib", /this looks like zlib-compressed data \(joblib\.dump with compress=\?\)/],
    ["hello.txt", TEXT],
    ["data.csv", /this looks like plain text \(it starts "name,age"\)/],
    ["README.md", /this looks like plain text \(it starts "# Title"\)/],
    ["twice.pkl.gz", /this is gzip data .*compressed twice/],
  ];

  it.each(KINDS)("%s: the main command exits 1 saying what the file is", (name, expected) => {
    const result = runCli([file(name)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
    ["show", ["show"]],
    ["merge", ["merge", "-f", "ndjson"]],
    ["convert", ["convert"]],
    ["inspect", ["inspect"]],
    ["inspect --dis", ["inspect", "--dis"]],
  ];

  describe.each(COMMANDS)("%s", (_title, args) => {
    it("names a torch.save zip and a text file for what they are, exit 1", () => {
      const zip = runCli([...args, file("weights.pt")]);
      expect(zip.stderr).toMatch(ZIP);
      expect(zip.status).toBe(1);
      const text = runCli([...args, file("hello.txt")]);
      expect(text.stderr).toMatch(TEXT);
      expect(text.status).toBe(1);
    });

    it("names a joblib file for what it is", () => {
      const result = runCli([...args, file("model.joblib")]);
      expect(result.stderr).toMatch(JOBLIB);
      expect(result.status).not.toBe(0);
    });
  });
});
