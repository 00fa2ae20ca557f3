// `pkl-stream inspect`: per-record facts, a verdict per file and exit codes usable as a CI gate
// (0 safe, 1 unknown, 3 dangerous); --json for machines; --dis as core's pickletools-style dis.
import { copyFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditFile, disAllLines } from "@pkl-stream/core/disasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { lines, makeWorkDir, runCli, runShell } from "./run-cli.js";

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
    readonly recordsKept: "all" | "not-safe";
    readonly summary: { readonly records: number };
    readonly records: readonly {
      readonly recordIndex: number;
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

  it("words an unknown opcode as the decoder does, naming its byte", () => {
    writeFileSync(join(dir, "unknown-op.pkl"), Uint8Array.from([0x80, 0x02, 0xff, 0x2e]));
    const result = runCli(["inspect", "unknown-op.pkl"], { cwd: dir });
    const decoded = runCli(["unknown-op.pkl"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.text).toContain("  error: record 0 at byte 2: invalid load key: no opcode has this byte (opcode 0xff)\n");
    expect(result.stderr).toBe(decoded.stderr);
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

  it("reports bytes, records and MB/s on stderr with --progress, and nothing without it when stderr is not a terminal", () => {
    const size = statSync(join(dir, "safe.pkl")).size;
    const result = runCli(["inspect", "--progress", "safe.pkl"], { cwd: dir });
    expect(result.status).toBe(0);
    const mb = (size / 1024 / 1024).toFixed(1).replace(".", "\\.");
    expect(result.stderr).toMatch(new RegExp(`^\\r${mb} / ${mb} MB 100%  ${facts.length} records  [0-9.]+ MB/s  ETA 0:00\\n$`));
    expect(runCli(["inspect", "safe.pkl"], { cwd: dir }).stderr).toBe("");
    expect(runCli(["inspect", "--progress", "--no-progress", "safe.pkl"], { cwd: dir }).status).toBe(2);
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

  describe("a file of more than 20 records", () => {
    /** `copies` of safe.pkl's three records, then `dangerous` copies of the os.system pickle. */
    function longFile(name: string, copies: number, dangerous: number): { bytes: Buffer; dangerAt: number[] } {
      const safe = readFileSync(join(dir, "safe.pkl"));
      const payload = readFileSync(join(dir, "os-system-reduce-p4.pkl"));
      const bytes = Buffer.concat([...Array(copies).fill(safe), ...Array(dangerous).fill(payload)]);
      writeFileSync(join(dir, name), bytes);
      return { bytes, dangerAt: Array.from({ length: dangerous }, (_, i) => copies * safe.length + i * payload.length) };
    }

    it("is summed up, with only its records that are not safe listed", () => {
      const { bytes, dangerAt } = longFile("long.pkl", 8, 1);
      const result = runCli(["inspect", "long.pkl"], { cwd: dir });
      expect(result.status).toBe(3);
      const text = lines(result.text);
      expect(text[0]).toBe(`long.pkl: dangerous (25 records, ${bytes.length} bytes)`);
      const protocols = new Map<number, number>(facts.map((fact) => [fact.protocol, 0]));
      protocols.set(4, 0);
      for (const fact of facts) protocols.set(fact.protocol, protocols.get(fact.protocol)! + 8);
      protocols.set(4, protocols.get(4)! + 1);
      const protocolText = [...protocols].sort((a, b) => a[0] - b[0]).map(([protocol, count]) => `protocol ${protocol} x${count}`).join(", ");
      expect(text[1]).toMatch(new RegExp(`^ {2}all 25 records: 24 safe, 1 dangerous; ${protocolText}; \\d+ to \\d+ bytes, nesting up to \\d+, memo up to \\d+$`));
      expect(text.find((line) => line.startsWith("    imports: "))).toMatch(/^ {4}imports: datetime\.datetime \[safe\] x8 \(in 8 records, first record 0\), .*, posix\.system \[dangerous\] \(in record 24\)$/);
      expect(text).toContain(`    dangerous: calls posix.system (REDUCE at byte ${bytes.length - 3} in record 24)`);
      expect(text).toContain("  the 1 record that is not safe (--records lists every record):");
      expect(text.filter((line) => line.startsWith("  record "))).toEqual([expect.stringMatching(new RegExp(`^  record 24 at byte ${dangerAt[0]}: dangerous, `))]);
    });

    it("lists at most 20 of its records that are not safe and says how many more there are", () => {
      longFile("many-bad.pkl", 1, 30);
      const text = lines(runCli(["inspect", "many-bad.pkl"], { cwd: dir }).text);
      expect(text).toContain("  the first 20 of the 30 records that are not safe (--records lists every record):");
      expect(text.filter((line) => line.startsWith("  record ")).map((line) => line.split(" ")[3])).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 3)));
      expect(text).toContain("  ... and 10 more records that are not safe (--records lists every record)");
    });

    it("lists every record with --records", () => {
      longFile("long.pkl", 8, 1);
      const text = lines(runCli(["inspect", "--records", "long.pkl"], { cwd: dir }).text);
      expect(text.filter((line) => line.startsWith("  record ")).map((line) => line.split(" ")[3])).toEqual(Array.from({ length: 25 }, (_, i) => String(i)));
      expect(text.some((line) => line.startsWith("  all "))).toBe(false);
    });

    it("gives --json the summary of every record and the records not safe, or every record with --records", () => {
      const { bytes } = longFile("long.pkl", 8, 1);
      const summed = (JSON.parse(runCli(["inspect", "--json", "long.pkl"], { cwd: dir }).text) as JsonReport).files[0]!;
      const full = auditFile(bytes);
      expect(summed).toMatchObject({ recordsKept: "not-safe", summary: JSON.parse(JSON.stringify(full.summary)) });
      expect(summed.records.map((record) => record.recordIndex)).toEqual([24]);
      const every = (JSON.parse(runCli(["inspect", "--json", "--records", "long.pkl"], { cwd: dir }).text) as JsonReport).files[0]!;
      expect(every).toEqual({ file: "long.pkl", ...JSON.parse(JSON.stringify(full)), functions: [] });
    });
  });

  it.each([
    [["inspect"], "inspect: name the pickle files to inspect (or - for stdin)"],
    [["inspect", "--dis", "--records", "safe.pkl"], "--dis lists every record already: --records is for the audit"],
    [["inspect", "--json", "--dis", "safe.pkl"], "--json and --dis are separate reports: choose one"],
    [["inspect", "missing.pkl"], "missing.pkl: no such file"],
    [["inspect", "--verbose", "safe.pkl"], "Unknown option '--verbose'"],
  ])("rejects bad usage %j with exit 2", (args, message) => {
    const result = runCli(args, { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`pkl-stream: ${message}`);
  });
});
