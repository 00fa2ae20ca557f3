// The zip reader (core/containers/zip.ts) reads what Python's zipfile reads (expected.json, made by
// test/fixtures/libs/zip/make_zips.py), and a corrupt or hostile archive ends in a PickleError.
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32, inflateRawSync } from "node:zlib";
import { crc32, isPickleError, ZipArchive, looksLikeZip } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { pickleErrorOf } from "../../helpers/pickle-error.js";

const DIR = new URL("../../fixtures/libs/zip/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expected = JSON.parse(readFileSync(new URL("expected.json", DIR), "utf8")) as Record<string, Record<string, string>>;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(1, size) });


/** Every member read, or the PickleError: anything else escaping is a bug. */
function readAll(bytes: Uint8Array): void {
  try {
    const zip = new ZipArchive(bytes, { inflateRaw });
    for (const entry of zip.entries) zip.read(entry);
  } catch (error) {
    if (!isPickleError(error)) throw error;
  }
}

describe("ZipArchive", () => {
  it.each(Object.keys(expected))("reads every member of %s as Python's zipfile does", (name) => {
    const zip = new ZipArchive(file(name), { inflateRaw });
    const read = Object.fromEntries(zip.entries.map((entry) => [entry.name, hex(zip.read(entry))]));
    expect(read).toEqual(expected[name]);
  });

  it("returns a stored member as a view of the input, not a copy", () => {
    const bytes = file("stored.zip");
    const member = new ZipArchive(bytes).read("archive/data/0");
    expect(member.buffer).toBe(bytes.buffer);
  });

  it("finds a member by name and says undefined for a missing one", () => {
    const zip = new ZipArchive(file("zip64.zip"));
    expect(zip.entry("archive/data.pkl")?.size).toBe(5);
    expect(zip.entry("nope")).toBeUndefined();
  });

  it("refuses a deflated member without inflateRaw, naming the member and the option", () => {
    const error = pickleErrorOf(() => new ZipArchive(file("deflated.zip")).read("archive/data/0"));
    expect(error.code).toBe("UNSUPPORTED");
    expect(error.reason).toMatch(/"archive\/data\/0" is deflated and no inflateRaw was given/);
  });

  it("refuses a member over maxEntryBytes before reading it", () => {
    const error = pickleErrorOf(() => new ZipArchive(file("stored.zip"), { maxEntryBytes: 39 }).read("archive/data/0"));
    expect(error.code).toBe("LIMIT_EXCEEDED");
  });

  it("reports a member whose bytes fail their CRC-32, at the member's data", () => {
    const bytes = file("stored.zip").slice();
    const zip = new ZipArchive(bytes);
    const entry = zip.entry("archive/data/0")!;
    const dataAt = entry.localHeaderOffset + 30 + "archive/data/0".length;
    bytes[dataAt + 3] = bytes[dataAt + 3]! ^ 0xff;
    const error = pickleErrorOf(() => zip.read(entry));
    expect(error.reason).toMatch(/fails its CRC-32 check/);
    expect(error.offset).toBe(dataAt);
  });

  it("reports a claimed size past the end of the input instead of reading or allocating it", () => {
    const bytes = file("zip64.zip").slice();
    const zip = new ZipArchive(bytes);
    // The first member's zip64 extra field: its uncompressed then compressed size.
    const cd = Buffer.from(bytes).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const extra = cd + 46 + "archive/data.pkl".length + 4;
    new DataView(bytes.buffer).setBigUint64(extra, 1n << 40n, true);
    new DataView(bytes.buffer).setBigUint64(extra + 8, 1n << 40n, true);
    expect(zip.entries[0]!.size).toBe(5);
    const error = pickleErrorOf(() => new ZipArchive(bytes));
    expect(error.reason).toMatch(/claims 1099511627776 bytes/);
  });

  it("refuses a member count the central directory cannot hold", () => {
    const bytes = file("stored.zip").slice();
    const end = bytes.length - 22 - "a comment after the end record".length;
    bytes[end + 10] = 0xff;
    bytes[end + 11] = 0xff;
    const error = pickleErrorOf(() => new ZipArchive(bytes));
    expect(error.reason).toMatch(/claims 65535 members in a central directory of \d+ bytes/);
    expect(error.offset).toBe(end);
  });

  it("says a cut archive has no end record", () => {
    const bytes = file("stored.zip");
    const error = pickleErrorOf(() => new ZipArchive(bytes.subarray(0, bytes.length - 40)));
    expect(error.code).toBe("TRUNCATED");
    expect(error.reason).toMatch(/no end of central directory record/);
  });

  it.each(Object.keys(expected))("throws only PickleErrors for %s cut at every byte", (name) => {
    const bytes = file(name);
    for (let cut = 0; cut < bytes.length; cut++) readAll(bytes.subarray(0, cut));
  });

  it.each(Object.keys(expected))("throws only PickleErrors for %s with any one byte replaced", (name) => {
    const bytes = file(name);
    for (let at = 0; at < bytes.length; at++) {
      for (const value of [0x00, 0xff, bytes[at]! ^ 0x01]) {
        const copy = bytes.slice();
        copy[at] = value;
        readAll(copy);
      }
    }
  });

  it("computes the CRC-32 zlib computes, for every length up to 100 and at a view's odd offset", () => {
    const bytes = Uint8Array.from({ length: 1 << 16 }, (_, i) => (i * 2654435761) >>> 24);
    for (let length = 0; length <= 100; length++) expect(crc32(bytes.subarray(3, 3 + length)), `length ${length}`).toBe(zlibCrc32(bytes.subarray(3, 3 + length)));
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });

  it("tells a zip by its first bytes", () => {
    expect(looksLikeZip(file("stored.zip"))).toBe(true);
    expect(looksLikeZip(Uint8Array.of(0x50, 0x4b, 0x05, 0x06))).toBe(true);
    expect(looksLikeZip(Uint8Array.of(0x80, 0x02, 0x4b))).toBe(false);
  });
});
