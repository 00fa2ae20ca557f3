// A legacy torch.save file (`_use_new_zipfile_serialization=False`) is recognised by its first
// pickle, the magic number, at every protocol torch.save writes it (`pickle_protocol`, 2 by
// default): PROTO 2 or 3 then LONG1; PROTO 4 or 5, a FRAME, then LONG1; at protocols 0 and 1 a
// text LONG. Only `80 02` was recognised: a file at protocol 3-5 was read as a pickle stream (three
// records, then an error at the raw storage bytes) and `inspect` stopped at an unknown opcode there.
// The fixtures are torch 1.13's (test/fixtures/libs/torch/make_torch.py).
import { readFileSync } from "node:fs";
import { loadTorch, looksLikeLegacyTorch, toJson } from "@pkl-stream/core";
import { AuditStream, auditFile } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { legacyTorchVerdict } from "../../../packages/core/src/containers/torch-file.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";

const DIR = new URL("../../fixtures/libs/torch/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const FILES = ["legacy.pt", "legacy-p1.pt", "legacy-p3.pt", "legacy-p4.pt", "legacy-p5.pt"].flatMap((form) => [`state-dict.${form}`, `tensors.${form}`]);

describe("legacy torch.save files at every protocol", () => {
  it.each(FILES)("%s is recognised, from its first bytes on, and decodes to torch's values", (name) => {
    const bytes = file(name);
    expect(looksLikeLegacyTorch(bytes)).toBe(true);
    // A head still too short to tell is undecided, never false; one long enough is true.
    let decidedAt = -1;
    for (let length = 0; length <= 40; length++) {
      const verdict = legacyTorchVerdict(bytes.subarray(0, length));
      expect(verdict).not.toBe(false);
      if (verdict === true && decidedAt < 0) decidedAt = length;
      if (decidedAt >= 0) expect(verdict).toBe(true);
    }
    expect(decidedAt).toBeGreaterThan(0);
    expect(toJson(loadTorch(bytes, JSON_DECODE_OPTIONS))).toBe(readFileSync(new URL(`${name.slice(0, name.indexOf("."))}.json`, DIR), "utf8").trimEnd());
  });

  it.each(FILES)("inspect audits %s as the legacy container: five safe pickles, not the storages after them", (name) => {
    const bytes = file(name);
    const whole = auditFile(bytes);
    expect(whole.container?.format).toBe("torch-legacy");
    expect(whole.records.length).toBe(5);
    expect(whole.error).toBeNull();
    expect(whole.verdict).toBe("safe");
    const stream = new AuditStream();
    for (let at = 0; at < bytes.length; at += 100) stream.push(bytes.subarray(at, at + 100));
    const streamed = stream.end();
    expect(streamed.container?.format).toBe("torch-legacy");
    expect(streamed.verdict).toBe("safe");
  });

  it("tells other starts apart: a plain pickle at any protocol, a frame below protocol 4, another long", () => {
    const magic = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
    const frame = [0x95, 13, 0, 0, 0, 0, 0, 0, 0];
    const verdict = (...bytes: number[]): boolean | undefined => legacyTorchVerdict(Uint8Array.from(bytes));
    expect(verdict(0x80, 0x02, ...magic)).toBe(true);
    expect(verdict(0x80, 0x05, ...frame, ...magic)).toBe(true);
    expect(verdict(0x80, 0x03, ...frame, ...magic)).toBe(false); // FRAME is protocol 4's
    expect(verdict(0x80, 0x06, ...magic)).toBe(false);
    expect(verdict(0x80, 0x04, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x4b, 0x01, 0x2e)).toBe(false); // pickle.dumps(1, protocol=4)
    expect(verdict(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x18)).toBe(false);
    expect(verdict(...Buffer.from("L119547037146038801333356L\n."))).toBe(true);
    expect(verdict(...Buffer.from("L119547037146038801333357L\n."))).toBe(false);
    expect(verdict(...Buffer.from("(lp0\n."))).toBe(false);
    expect(verdict(0x80, 0x04, 0x95)).toBeUndefined();
    expect(verdict()).toBeUndefined();
  });
});
