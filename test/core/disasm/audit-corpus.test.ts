import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isPickleError, loadAll } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";

/** One sample of test/fixtures/audit-corpus (make_corpus.py writes them; nothing there loads them). */
interface Sample {
  readonly file: string;
  readonly label: "malicious" | "benign";
  readonly source: string;
  readonly globals: [string, string][];
  readonly memo?: "shared";
  readonly note?: string;
}

const corpusDir = new URL("../../fixtures/audit-corpus/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", corpusDir), "utf8")) as { marker: string; samples: Sample[] };
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(file, corpusDir))));
const malicious = manifest.samples.filter((sample) => sample.label === "malicious");
const benign = manifest.samples.filter((sample) => sample.label === "benign");

describe("the audit corpus (picklescan, fickling and modelscan suites and advisories)", () => {
  it("holds malicious and benign samples from each of the three scanners' suites", () => {
    for (const prefix of ["picklescan", "fickling", "modelscan"]) {
      expect(malicious.some((sample) => sample.source.startsWith(prefix))).toBe(true);
    }
    expect(benign.length).toBeGreaterThanOrEqual(10);
  });

  it.each(malicious.map((sample) => [sample.file, sample] as const))("calls the malicious %s dangerous, with a reason at an opcode and offset", (_, sample) => {
    const audit = auditPickle(read(sample.file), { memo: sample.memo ?? "per-record" });
    expect(audit.verdict, JSON.stringify(audit.records.map((r) => r.findings))).toBe("dangerous");
    const findings = audit.records.flatMap((record) => record.findings).filter((finding) => finding.verdict === "dangerous");
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.offset).toBeGreaterThanOrEqual(0);
      expect(finding.offset).toBeLessThan(audit.byteLength);
      expect(finding.opcode).toMatch(/^[A-Z_0-9]+$/);
    }
  });

  it.each(benign.map((sample) => [sample.file, sample] as const))("never calls the benign %s dangerous", (_, sample) => {
    const audit = auditPickle(read(sample.file), { memo: sample.memo ?? "per-record" });
    expect(audit.verdict, JSON.stringify(audit.records.map((r) => r.findings))).not.toBe("dangerous");
  });

  it("decodes every sample without running anything: values or PickleErrors only, and the marker file never appears", () => {
    for (const sample of manifest.samples) {
      try {
        loadAll(read(sample.file), { memo: sample.memo ?? "per-record" });
      } catch (error) {
        expect(isPickleError(error), `${sample.file}: ${String(error)}`).toBe(true);
      }
    }
    expect(existsSync(manifest.marker)).toBe(false);
  });
});
