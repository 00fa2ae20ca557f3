// FileEnds keeps an input's first 512 and last 64 KiB + 22 bytes, however it is cut; auditedAsRaw
// holds the audit of a decompressed input to what torch.load and zipfile read of its stored bytes.
import { readFileSync } from "node:fs";
import { gunzipSync, inflateSync } from "node:zlib";
import { AuditStream, auditedAsRaw, FileEnds } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { testPath } from "../../helpers/python.js";

const HEAD = 512;
const TAIL = 22 + 0xffff;

function endsOf(bytes: Uint8Array, size: number): FileEnds {
  const ends = new FileEnds();
  // Each chunk a copy that is then overwritten: what FileEnds keeps must be its own.
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.slice(at, at + size);
    ends.push(chunk);
    chunk.fill(0xee);
  }
  return ends;
}

const evasion = (name: string): Uint8Array => new Uint8Array(readFileSync(testPath(`fixtures/audit-corpus/evasions/${name}`)));

describe("FileEnds", () => {
  it.each([1, 7, 511, 512, 4096, 65_557, 70_000, 300_000])("keeps the first and last bytes of inputs cut into chunks of %i", (size) => {
    for (const length of [0, 5, 600, 65_557, 200_003]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
      const ends = endsOf(bytes, size);
      expect(ends.head).toEqual(bytes.subarray(0, HEAD));
      expect(ends.tail).toEqual(bytes.subarray(Math.max(0, length - TAIL)));
    }
  });
});

describe("auditedAsRaw", () => {
  it.each([
    ["gztar.pkl.gz", gunzipSync],
    ["zlibtar.pkl", inflateSync],
  ] as const)("calls %s unknown: its decompressed pickle is harmless, its stored bytes a tar torch.load reads", (name, decompress) => {
    const stored = evasion(name);
    const stream = new AuditStream();
    stream.push(new Uint8Array(decompress(stored)));
    const audit = stream.end();
    expect(audit.verdict).toBe("safe");
    const judged = auditedAsRaw(audit, endsOf(stored, 4096));
    expect(judged.verdict).toBe("unknown");
    expect(judged.error?.reason).toMatch(/as stored \(not decompressed\) is also a tar archive, which torch\.load reads/);
  });

  it("calls a decompressed input whose stored bytes end like a zip archive unknown, and leaves others as they were", () => {
    const audit = new AuditStream().end();
    const endRecord = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    const judged = auditedAsRaw(audit, endsOf(Uint8Array.from([0x1f, 0x8b, 1, 2, 3, ...endRecord]), 3));
    expect(judged).toMatchObject({ verdict: "unknown", error: { reason: expect.stringMatching(/as stored \(not decompressed\) ends like a zip archive/) } });
    expect(auditedAsRaw(audit, endsOf(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 3))).toBe(audit);
  });
});
