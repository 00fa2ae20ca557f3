import { readFileSync } from "node:fs";
import { auditPickle } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";

// The comparison table of packages/core/README.md, recomputed: our verdicts on the audit corpus,
// and the other scanners' lists as compare_scanners.py applied them (scanners.json).
const corpus = new URL("../../fixtures/audit-corpus/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", corpus), "utf8")) as {
  samples: { file: string; label: "malicious" | "benign"; memo?: "shared" }[];
};
const scanners = JSON.parse(readFileSync(new URL("scanners.json", corpus), "utf8")) as Record<string, Record<"picklescan" | "fickling" | "modelscan", boolean>>;
const readme = readFileSync(new URL("../../../packages/core/README.md", import.meta.url), "utf8");

function row(flagged: (file: string) => boolean): string {
  const malicious = manifest.samples.filter((sample) => sample.label === "malicious");
  const benign = manifest.samples.filter((sample) => sample.label === "benign");
  const hits = malicious.filter((sample) => flagged(sample.file)).length;
  return `| ${hits} | ${malicious.length - hits} | ${benign.filter((sample) => flagged(sample.file)).length} |`;
}

describe("the core README's comparison with the other scanners", () => {
  const verdicts = new Map(
    manifest.samples.map((sample) => [sample.file, auditPickle(new Uint8Array(readFileSync(new URL(sample.file, corpus))), { memo: sample.memo ?? "per-record" }).verdict]),
  );

  it("states pkl-stream's row as the audit computes it", () => {
    expect(readme).toContain(`| pkl-stream \`inspect\` ${row((file) => verdicts.get(file) === "dangerous")}`);
  });

  it.each(["picklescan", "fickling", "modelscan"] as const)("states %s's row as its lists give it (scanners.json)", (tool) => {
    expect(readme).toContain(`| ${tool}'s lists ${row((file) => scanners[file]![tool])}`);
  });

  it("states how many benign samples are safe and how many unknown", () => {
    const benign = manifest.samples.filter((sample) => sample.label === "benign").map((sample) => verdicts.get(sample.file));
    const safe = benign.filter((verdict) => verdict === "safe").length;
    expect(readme).toContain(`pkl-stream calls ${safe} \`safe\` and ${benign.length - safe} \`unknown\``);
  });
});
