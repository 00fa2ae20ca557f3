// torch.save files and joblib.dump files are recognised by their content, no flag: the command
// prints what torch's tensor.tolist() and joblib.load give (expected JSON made by the libraries,
// test/fixtures/libs/{torch,joblib}/), through every path that decodes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { unpackMultiple } from "msgpackr";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const LIBS = fileURLToPath(new URL("../fixtures/libs/", import.meta.url));
const path = (name: string): string => `${LIBS}${name}`;
const expected = (name: string): string => readFileSync(path(`${name}.json`), "utf8");

const TORCH = [
  "torch/state-dict.zip.pt",
  "torch/state-dict.legacy.pt",
  "torch/tensors.zip.pt",
  "torch/tensors.legacy.pt",
  // torch.save(..., _use_new_zipfile_serialization=False, pickle_protocol=N): N 1, 3, 4, 5.
  ...["p1", "p3", "p4", "p5"].flatMap((protocol) => [`torch/state-dict.legacy-${protocol}.pt`, `torch/tensors.legacy-${protocol}.pt`]),
] as const;
const caseOf = (file: string): string => file.replace(/\.(zip|legacy(-p\d)?)\.pt$|\.(p\d|unaligned|zlib|gzip)\.joblib$/, "");
const JOBLIB = ["joblib/model.p4.joblib", "joblib/tree.p5.joblib", "joblib/tree.zlib.joblib", "joblib/arrays.p2.joblib", "joblib/arrays.unaligned.joblib", "joblib/arrays.zlib.joblib", "joblib/model.gzip.joblib"] as const;

describe("pkl-stream on library files", () => {
  it.each([...TORCH, ...JOBLIB])("prints %s as one NDJSON record, the library's own view", (file) => {
    const result = runCli([path(file)]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected(caseOf(file)));
  });

  it.each(["torch/tensors.zip.pt", "torch/state-dict.legacy.pt", "joblib/arrays.zlib.joblib"])("reads %s from stdin the same", (file) => {
    const result = runCli([], { input: readFileSync(path(file)) });
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected(caseOf(file)));
  });

  it("wraps a torch file's one record with --meta: index 0, offset 0", () => {
    const result = runCli(["--meta", path("torch/state-dict.zip.pt")]);
    const line = JSON.parse(result.text) as { index: number; offset: number; value: unknown };
    expect([line.index, line.offset]).toEqual([0, 0]);
    expect(line.value).toEqual(JSON.parse(expected("torch/state-dict")));
  });

  it("selects a tensor of a torch file with --select and writes it as --format json", () => {
    const result = runCli(["-s", ".float64", "-f", "json", path("torch/tensors.legacy.pt")]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.text)).toEqual([(JSON.parse(expected("torch/tensors")) as Record<string, unknown>)["float64"]]);
  });

  it("writes a torch file as msgpack holding the same values", () => {
    const result = runCli(["-f", "msgpack", path("torch/state-dict.legacy.pt")]);
    expect(result.status).toBe(0);
    const values = unpackMultiple(result.stdout) as unknown[];
    expect(values).toEqual([JSON.parse(expected("torch/state-dict"))]);
  });

  it.each(["torch/state-dict.zip.pt", "torch/state-dict.legacy.pt", "joblib/model.zlib.joblib"])("converts %s to NDJSON", (file) => {
    const result = runCli(["convert", path(file)]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(expected(caseOf(file)));
  });

  it("converts a torch file to a pickle of numpy arrays that decodes to the same JSON", () => {
    const pickled = runCli(["convert", "-f", "pickle", path("torch/tensors.zip.pt")]);
    expect(pickled.status).toBe(0);
    const back = runCli([], { input: pickled.stdout });
    expect(back.text).toBe(expected("torch/tensors"));
  });

  it("merges torch state_dicts key by key", () => {
    const result = runCli(["merge", "-f", "json", path("torch/state-dict.zip.pt"), path("torch/tensors.legacy.pt")]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.text)).toEqual({ ...JSON.parse(expected("torch/state-dict")), ...JSON.parse(expected("torch/tensors")) });
  });

  it("says a torch zip cut short has no end record, exit 1", () => {
    const bytes = readFileSync(path("torch/state-dict.zip.pt"));
    const result = runCli([], { input: bytes.subarray(0, bytes.length - 30) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/zip archive: no end of central directory record/);
  });

  it("says a joblib file cut inside an array's bytes ended there, exit 1", () => {
    const bytes = readFileSync(path("joblib/arrays.p2.joblib"));
    const result = runCli([], { input: bytes.subarray(0, 300) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/input ended inside the 48 raw bytes of an array that follow this BUILD/);
  });

  it("reads xz, bzip2 and lzma-compressed joblib files through the system's xz and bzip2, as joblib.load does", () => {
    for (const file of ["joblib/model.xz.joblib", "joblib/model.bz2.joblib", "joblib/model.lzma.joblib"]) {
      const result = runCli([path(file)]);
      expect(result.stderr, file).toBe("");
      expect(result.status, file).toBe(0);
      expect(result.text, file).toBe(expected("joblib/model"));
    }
  });

  it("says which tool is missing when bzip2 or xz is not installed, exit 1", () => {
    for (const [file, message] of [
      ["joblib/model.xz.joblib", "this is xz data, which pkl-stream reads through `xz -dc`, and the xz command is not installed: install it, or decompress the file first"],
      ["joblib/model.bz2.joblib", "this is bzip2 data, which pkl-stream reads through `bzip2 -dc`, and the bzip2 command is not installed: install it, or decompress the file first"],
    ] as const) {
      // No folder on PATH: no tool is found (node itself is run by its full path).
      const result = runCli([path(file)], { env: { PATH: "" } });
      expect(result.status, file).toBe(1);
      expect(result.stderr, file).toBe(`pkl-stream: ${path(file)}: ${message}\n`);
    }
  });
});
