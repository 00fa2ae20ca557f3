// Tar archives: torch.load tries torch's oldest format (a tar whose `storages`, `tensors` and
// `pickle` members are pickles) first on a file it can seek, so a file that is both a harmless
// pickle and a tar with a harmful member (a review's find) must be judged by both readings.
import { AuditStream, auditFile } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { looksLikeTar, tarMembers } from "../../../packages/core/src/containers/tar.js";

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));
const OS_SYSTEM = latin1("cos\nsystem\n(S'id'\ntR.");
const BLOCK = 512;

/** A ustar header for a regular file, its checksum computed as tar writes it. */
function tarHeader(name: Uint8Array, size: number, type = "0"): Uint8Array {
  const header = new Uint8Array(BLOCK);
  header.set(name.subarray(0, 100), 0);
  header.set(latin1("0000644\0"), 100);
  header.set(latin1("0000000\0"), 108);
  header.set(latin1("0000000\0"), 116);
  header.set(latin1(`${size.toString(8).padStart(11, "0")}\0`), 124);
  header.set(latin1("00000000000\0"), 136);
  header.fill(0x20, 148, 156);
  header[156] = type.charCodeAt(0);
  header.set(latin1("ustar\x0000"), 257);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.set(latin1(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
  return header;
}

/** A tar of `members`, then the two zero blocks that end it, then `after`. */
function tar(members: [name: Uint8Array, data: Uint8Array][], after: Uint8Array = new Uint8Array()): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, data] of members) {
    parts.push(tarHeader(name, data.length), data, new Uint8Array((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(new Uint8Array(2 * BLOCK), after);
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

/** A tar that is also a pickle: its first member's name is BINBYTES and a length that swallows the rest, then STOP. */
function polyglot(storages: Uint8Array): Uint8Array {
  const size = (name: Uint8Array) => tar([[name, new Uint8Array()], [latin1("storages"), storages]], latin1(".")).length;
  const name = new Uint8Array(5);
  name[0] = 0x42; // BINBYTES
  const length = size(name) - 5 - 1;
  new DataView(name.buffer).setUint32(1, length, true);
  return tar([[name, new Uint8Array()], [latin1("storages"), storages]], latin1("."));
}

describe("tar archives (torch's oldest format)", () => {
  it("reads members as tarfile lists them, and tells a tar from a pickle by its header's checksum", () => {
    const bytes = tar([[latin1("sys_info"), latin1("abc")], [latin1("storages"), OS_SYSTEM]]);
    expect(looksLikeTar(bytes)).toBe(true);
    expect(tarMembers(bytes).map((member) => [member.name, member.size])).toEqual([
      ["sys_info", 3],
      ["storages", OS_SYSTEM.length],
    ]);
    const broken = bytes.slice();
    broken[10] = broken[10]! ^ 1;
    expect(looksLikeTar(broken)).toBe(false);
    expect(looksLikeTar(OS_SYSTEM)).toBe(false);
  });

  it("audits every member as a pickle: os.system in `storages` is dangerous", () => {
    const audit = auditFile(tar([[latin1("storages"), OS_SYSTEM]]));
    expect(audit.verdict).toBe("dangerous");
    expect(audit.container?.format).toBe("tar");
    expect(audit.container?.members).toContainEqual(expect.objectContaining({ name: "storages", kind: "pickle", verdict: "dangerous" }));
  });

  it("judges a file that is both a harmless pickle and a tar by both: dangerous", () => {
    const bytes = polyglot(OS_SYSTEM);
    const audit = auditFile(bytes);
    // pickle.load reads one BINBYTES then STOP (safe); torch.load's tar reader unpickles `storages`.
    expect(audit.container?.members[0]).toMatchObject({ name: null, kind: "pickle", verdict: "safe" });
    expect(audit.verdict).toBe("dangerous");
    const storages = audit.records.find((record) => record.findings.some((finding) => finding.reason.startsWith("in storages: ")));
    expect(storages?.offset).toBe(2 * BLOCK); // two headers, the first member empty
    // The same in chunks.
    for (const size of [1, 100, 511, 4096]) {
      const stream = new AuditStream();
      for (let at = 0; at < bytes.length; at += size) stream.push(bytes.subarray(at, at + size));
      expect(stream.end().verdict).toBe("dangerous");
    }
  });

  it("gathers a member of 200,000 records (a spread of them threw RangeError)", () => {
    const record = latin1("K\x01.");
    const member = new Uint8Array(record.length * 200_000);
    for (let i = 0; i < 200_000; i++) member.set(record, i * record.length);
    const audit = auditFile(tar([[latin1("pickle"), member]]));
    expect(audit.summary.records).toBeGreaterThanOrEqual(200_000);
    expect(audit.container?.members.find((entry) => entry.name === "pickle")?.verdict).toBe("safe");
  });

  it("calls a tar of harmless members unknown, never safe: torch reads raw bytes between its pickles (data members skipped)", () => {
    const bytes = tar([[latin1("dir/"), new Uint8Array()], [latin1("pickle"), latin1("(lp0\nI1\na.")]]);
    const audit = auditFile(bytes);
    expect(audit.verdict).toBe("unknown");
    expect(audit.container?.members.map((member) => [member.name, member.kind, member.verdict])).toEqual([
      [null, "pickle", "unknown"],
      ["dir/", "data", "safe"],
      ["pickle", "pickle", "safe"],
    ]);
  });
});
