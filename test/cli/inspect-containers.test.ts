import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dumps } from "@pkl-stream/core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPath } from "../helpers/python.js";
import { makeWorkDir, runCli } from "./run-cli.js";

// Files the libraries wrote (fixtures/audit-corpus/libs) and samples of the audit corpus.
const LIBS = ["torch-state-dict.pt", "numpy-compressed.npz", "joblib-tree.joblib", "cloudpickle-closure.pkl", "dill-closure.pkl"];
const CORPUS = ["issue-shared-memo.pkl", "benign-shared-memo-data.pkl"];

describe("pkl-stream inspect on containers and shared-memo streams", () => {
  let dir = "";
  let remove = (): void => {};

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    for (const name of LIBS) copyFileSync(testPath(`fixtures/audit-corpus/libs/${name}`), join(dir, name));
    for (const name of CORPUS) copyFileSync(testPath(`fixtures/audit-corpus/samples/${name}`), join(dir, name));
  });
  afterAll(() => remove());

  it("never calls a file named as pandas decompresses it (.xz, .bz2, .zst, .tar) safe: pandas reads it so whatever its bytes", () => {
    for (const name of ["frame.pkl.xz", "frame.pkl.bz2", "frame.zst", "frame.tar.gz"]) {
      writeFileSync(join(dir, name), dumps({ a: 1 }));
      const result = runCli(["inspect", name], { cwd: dir });
      expect(result.status, name).toBe(1);
      expect(result.stderr).toMatch(/pandas\.read_pickle reads a file of this name as/);
    }
    writeFileSync(join(dir, "frame.pkl"), dumps({ a: 1 }));
    expect(runCli(["inspect", "frame.pkl"], { cwd: dir }).status).toBe(0);
  });

  it("audits xz and zstd files decompressed (through the system's tools), so their names stand: a safe one is safe, a dangerous one dangerous", () => {
    const compressors = [
      ["frame.pkl.xz", "xz"],
      ["frame.zst", "zstd"],
    ] as const;
    for (const [name, tool] of compressors) {
      for (const [bytes, verdict, status] of [
        [dumps({ a: 1 }), "safe", 0],
        [Buffer.from("cos\nsystem\n(S'id'\ntR."), "dangerous", 3],
      ] as const) {
        const packed = spawnSync(tool, ["-c"], { input: bytes });
        expect(packed.status, `${tool} -c`).toBe(0);
        writeFileSync(join(dir, name), packed.stdout);
        const result = runCli(["inspect", name], { cwd: dir });
        expect(result.status, `${name} ${verdict}`).toBe(status);
        expect(result.text).toMatch(new RegExp(`^${name.replaceAll(".", "\\.")}: ${verdict} \\(1 record`));
      }
    }
  });

  it("audits a bzip2 file as stored, never safe: 'B' is a pickle opcode, so a file can be bzip2 of a harmless pickle and, as stored, a pickle that runs code", () => {
    const packed = spawnSync("bzip2", ["-c"], { input: dumps({ a: 1 }) });
    expect(packed.status, "bzip2 -c").toBe(0);
    for (const name of ["frame.pkl.bz2", "frame.pkl"]) {
      writeFileSync(join(dir, name), packed.stdout);
      const result = runCli(["inspect", name], { cwd: dir });
      expect(result.status, name).toBe(1);
      expect(result.text).toMatch(new RegExp(`^${name.replaceAll(".", "\\.")}: unknown`));
    }
  });

  it("audits a gzip member after NUL padding, which Python's gzip reads (a dangerous one there is found)", () => {
    writeFileSync(join(dir, "padded.pkl.gz"), Buffer.concat([gzipSync(dumps({ a: 1 })), Buffer.alloc(8), gzipSync(Buffer.from("cos\nsystem\n(S'id'\ntR."))]));
    const result = runCli(["inspect", "padded.pkl.gz"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/^padded\.pkl\.gz: dangerous \(2 records, \d+ bytes\)\n/);
  });

  it("calls gzip data with bytes after its last member that start none unknown, its members before them audited", () => {
    writeFileSync(join(dir, "junk.pkl.gz"), Buffer.concat([gzipSync(dumps({ a: 1 })), Buffer.from("junk")]));
    const result = runCli(["inspect", "junk.pkl.gz"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toMatch(/^junk\.pkl\.gz: unknown \(1 record, \d+ bytes\)\n/);
    expect(result.stderr).toMatch(/^pkl-stream: junk\.pkl\.gz: record 1 at byte \d+: bad gzip or zlib data: bytes that start no gzip member follow the compressed data at offset \d+/);
  });

  it("never calls a gzip or zlib file safe whose stored bytes are a tar torch.load reads, however it is audited", () => {
    for (const name of ["gztar.pkl.gz", "zlibtar.pkl"]) {
      copyFileSync(testPath(`fixtures/audit-corpus/evasions/${name}`), join(dir, name));
      for (const extra of [[], ["--memo", "shared"], ["--dis"]]) {
        const result = runCli(["inspect", name, ...extra], { cwd: dir });
        expect(result.status, `${name} ${extra.join(" ")}`).toBe(1);
        if (extra[0] !== "--dis") expect(result.stderr).toMatch(/as stored \(not decompressed\) is also a tar archive, which torch\.load reads/);
      }
    }
  });

  it("audits a torch.save zip by its data.pkl and names it", () => {
    const result = runCli(["inspect", "torch-state-dict.pt"], { cwd: dir });
    // A state_dict: tensors over storages torch.load's persistent ids name, all read by pkl-stream.
    expect(result.status).toBe(0);
    expect(result.text).toMatch(/\n {2}torch-zip: audited [^/\n]+\/data\.pkl \[safe\]\n/);
    expect(result.stderr).toBe("");
  });

  it("opens a deflated .npz with node's inflate and audits its object array", () => {
    const result = runCli(["inspect", "--json", "numpy-compressed.npz"], { cwd: dir });
    const report = JSON.parse(result.text) as { files: { container: { format: string; members: { name: string; kind: string }[] } }[] };
    expect(report.files[0]!.container.format).toBe("npz");
    expect(report.files[0]!.container.members).toEqual([expect.objectContaining({ name: "o.npy", kind: "npy" })]);
  });

  it("reads a joblib file past its raw array bytes without an error", () => {
    const result = runCli(["inspect", "joblib-tree.joblib"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.text).not.toMatch(/error:/);
  });

  it("names the function a cloudpickle closure carries and exits 3", () => {
    const result = runCli(["inspect", "cloudpickle-closure.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/dangerous: builds the code object of the function make_closure\.<locals>\.scale \(file [^)]+\): .* \(REDUCE at byte \d+\)/);
  });

  it("shows the seed user's closures: the function's name, parameters and captured values 5 and [5, 10], from cloudpickle and dill", () => {
    for (const file of ["cloudpickle-closure.pkl", "dill-closure.pkl"]) {
      const result = runCli(["inspect", file], { cwd: dir });
      expect(result.status).toBe(3);
      expect(result.text).toContain("  function in record 0: __main__.make_closure.<locals>.scale(x) captures factor=5, steps=[5,10]\n");
      const report = JSON.parse(runCli(["inspect", "--json", file], { cwd: dir }).text) as { files: { functions: unknown[] }[] };
      expect(report.files[0]!.functions).toEqual([
        { recordIndex: 0, name: "__main__.make_closure.<locals>.scale", parameters: ["x"], closure: { factor: 5, steps: [5, 10] } },
      ]);
    }
  });

  it("reads a stream from stdin record by record: the functions of each record that carries one, with its index, the same as from the file", () => {
    const closure = readFileSync(join(dir, "cloudpickle-closure.pkl"));
    const data = Buffer.from(dumps({ id: 1, name: "plain data" }));
    const stream = Buffer.concat([data, closure, data, data, closure]);
    writeFileSync(join(dir, "stream.pkl"), stream);
    const fromStdin = runCli(["inspect", "--json", "-"], { cwd: dir, input: stream });
    expect(fromStdin.status).toBe(3);
    const report = JSON.parse(fromStdin.text) as { files: { file: string | null; functions: { recordIndex: number; name: string }[] }[] };
    expect(report.files[0]!.functions.map((fn) => [fn.recordIndex, fn.name])).toEqual([
      [1, "__main__.make_closure.<locals>.scale"],
      [4, "__main__.make_closure.<locals>.scale"],
    ]);
    const fromFile = JSON.parse(runCli(["inspect", "--json", "stream.pkl"], { cwd: dir }).text) as typeof report;
    expect({ ...fromFile.files[0], file: null }).toEqual(report.files[0]);
  });

  it("follows memo entries across records with --memo shared, and calls the hidden os.system dangerous", () => {
    expect(runCli(["inspect", "issue-shared-memo.pkl"], { cwd: dir }).status).toBe(1);
    const shared = runCli(["inspect", "--memo", "shared", "issue-shared-memo.pkl"], { cwd: dir });
    expect(shared.status).toBe(3);
    expect(shared.text).toMatch(/dangerous: imports os\.system: os can run commands, code or I\/O \(STACK_GLOBAL at byte \d+\)/);
    expect(runCli(["inspect", "--memo", "shared", "benign-shared-memo-data.pkl"], { cwd: dir }).status).toBe(0);
  });

  it("rejects a --memo mode it does not know with exit 2", () => {
    const result = runCli(["inspect", "--memo", "global", "issue-shared-memo.pkl"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('pkl-stream: --memo must be one of per-record, shared; got "global"');
  });
});
