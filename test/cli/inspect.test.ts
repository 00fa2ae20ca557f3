// `pkl-stream inspect`: per-record facts, a verdict per file and exit codes usable as a CI gate
// (0 safe, 1 unknown, 3 dangerous); --json for machines; --dis as core's pickletools-style dis.
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { auditFile, disAllLines } from "@pkl-stream/core/disasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { makeWorkDir, runCli, runShell } from "./run-cli.js";

interface RecordFacts {
  readonly offset: number;
  readonly length: number;
  readonly protocol: number;
  readonly opcodes: number;
}

interface JsonReport {
  readonly verdict: string;
  readonly files: readonly {
    readonly file: string | null;
    readonly verdict: string;
    readonly byteLength: number;
    readonly records: readonly {
      readonly offset: number;
      readonly byteLength: number;
      readonly protocol: number | null;
      readonly opcodeCounts: Record<string, number>;
      readonly imports: readonly { readonly qualname: string | null; readonly verdict: string }[];
    }[];
    readonly error: { readonly code: string } | null;
  }[];
}

describe.runIf(requirePython())("pkl-stream inspect", () => {
  let dir = "";
  let remove = (): void => {};
  let facts: RecordFacts[] = [];

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    facts = JSON.parse(runPythonScript(testPath("cli/fixtures/inspect/make_inputs.py"), [dir])) as RecordFacts[];
    for (const name of ["os-system-reduce-p4.pkl", "second-record-p4.pkl", "eval-p2.pkl"]) {
      copyFileSync(testPath(`fixtures/malicious/${name}`), join(dir, name));
    }
  });
  afterAll(() => remove());

  it("says safe (exit 0) for plain data and rebuilt classes, with each record's protocol, size and offset", () => {
    const result = runCli(["inspect", "safe.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const total = facts.reduce((sum, fact) => sum + fact.length, 0);
    expect(result.text.split("\n")[0]).toBe(`safe.pkl: safe (3 records, ${total} bytes)`);
    facts.forEach((fact, index) => {
      expect(result.text).toContain(`  record ${index} at byte ${fact.offset}: safe, protocol ${fact.protocol}, ${fact.length} bytes, nesting `);
    });
    expect(result.text).toMatch(/imports: datetime\.datetime \[safe\]/);
    expect(result.text).toMatch(/opcodes: .*PROTO 1/);
  });

  it("says dangerous (exit 3) for os.system and names the import and the call", () => {
    const result = runCli(["inspect", "os-system-reduce-p4.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/^os-system-reduce-p4\.pkl: dangerous \(1 record, \d+ bytes\)\n/);
    expect(result.text).toMatch(/imports: posix\.system \[dangerous\]/);
    expect(result.text).toMatch(/calls: +REDUCE posix\.system \[dangerous\]/);
  });

  it("finds a payload in a later appended record", () => {
    const result = runCli(["inspect", "second-record-p4.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/record 0 at byte 0: safe/);
    expect(result.text).toMatch(/record 1 at byte \d+: dangerous/);
  });

  it("says unknown (exit 1) for a class whose code would run", () => {
    const result = runCli(["inspect", "unknown.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toMatch(/^unknown\.pkl: unknown/);
    expect(result.text).toMatch(/geometry\.Point \[unknown\]/);
  });

  it("says unknown (exit 1) for malformed input, and reports the error as one line on stderr", () => {
    const result = runCli(["inspect", "truncated.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toMatch(/^truncated\.pkl: unknown/);
    expect(result.stderr).toMatch(/^pkl-stream: truncated\.pkl: record 0 at byte \d+: .+\n$/);
  });

  it("exits with the worst verdict over several files and prints it last", () => {
    const result = runCli(["inspect", "safe.pkl", "unknown.pkl", "eval-p2.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text.trimEnd().split("\n").at(-1)).toBe("verdict: dangerous");
    expect(runCli(["inspect", "safe.pkl", "unknown.pkl"], { cwd: dir }).status).toBe(1);
  });

  it("works as a CI gate in a shell: && runs the next step only for safe files", () => {
    expect(runShell("pkl-stream inspect safe.pkl >/dev/null && echo load", { cwd: dir }).text).toBe("load\n");
    expect(runShell("pkl-stream inspect eval-p2.pkl >/dev/null && echo load; echo $?", { cwd: dir }).text).toBe("3\n");
  });

  it("writes one JSON report with --json: the audit of core for each file, and the worst verdict", () => {
    const result = runCli(["inspect", "--json", "safe.pkl", "os-system-reduce-p4.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    const report = JSON.parse(result.text) as JsonReport;
    expect(report.verdict).toBe("dangerous");
    expect(report.files.map((file) => [file.file, file.verdict])).toEqual([
      ["safe.pkl", "safe"],
      ["os-system-reduce-p4.pkl", "dangerous"],
    ]);
    const audit = auditFile(readFileSync(join(dir, "safe.pkl")));
    expect(report.files[0]).toEqual({ file: "safe.pkl", ...JSON.parse(JSON.stringify(audit)), functions: [] });
    expect(report.files[0]!.records.map((record) => [record.offset, record.byteLength, record.protocol])).toEqual(
      facts.map((fact) => [fact.offset, fact.length, fact.protocol]),
    );
    const opcodeTotals = report.files[0]!.records.map((record) => Object.values(record.opcodeCounts).reduce((a, b) => a + b, 0));
    expect(opcodeTotals).toEqual(facts.map((fact) => fact.opcodes));
  });

  it("reads standard input as file null in --json", () => {
    const result = runCli(["inspect", "--json", "-"], { input: readFileSync(join(dir, "safe.pkl")) });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.text) as JsonReport).files[0]!.file).toBeNull();
  });

  it("prints core's pickletools-style disassembly of every record with --dis", () => {
    const result = runCli(["inspect", "--dis", "safe.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    const want = [...disAllLines(readFileSync(join(dir, "safe.pkl")))].map((line) => `${line}\n`).join("");
    expect(result.text).toBe(want);
    expect(result.text).toMatch(/^ {4}0: \\x80 PROTO {6}2\n/);
  });

  it("heads each file's disassembly with its name when there are several", () => {
    const result = runCli(["inspect", "--dis", "safe.pkl", "eval-p2.pkl"], { cwd: dir });
    expect(result.status).toBe(3);
    expect(result.text).toMatch(/^==> safe\.pkl <==\n/);
    expect(result.text).toMatch(/\n==> eval-p2\.pkl <==\n/);
  });

  it("stops a disassembly at malformed input with the error on stderr", () => {
    const result = runCli(["inspect", "--dis", "truncated.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^pkl-stream: truncated\.pkl: record 0 at byte \d+: /);
  });

  it.each([
    [["inspect"], "inspect: name the pickle files to inspect (or - for stdin)"],
    [["inspect", "--json", "--dis", "safe.pkl"], "--json and --dis are separate reports: choose one"],
    [["inspect", "missing.pkl"], "missing.pkl: no such file"],
    [["inspect", "--verbose", "safe.pkl"], "Unknown option '--verbose'"],
  ])("rejects bad usage %j with exit 2", (args, message) => {
    const result = runCli(args, { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`pkl-stream: ${message}`);
  });
});
