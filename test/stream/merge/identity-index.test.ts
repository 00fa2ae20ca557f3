// The merge tree's index of keys by identity bytes: open addressing over 32-bit hashes, equal
// hashes told apart by the bytes. The tree loads the positions of a block of rows ahead of
// their lookups (touch); that must change nothing it finds.
import { describe, expect, it } from "vitest";
import { IdentityIndex, type IdentitySpan, hashBytes } from "../../../packages/stream/src/merge/identity-index.js";

/** Keys as bytes in one buffer, and a lookup of a slot's span, as the tree keeps them. */
function keys(texts: readonly string[]): { bytes: Uint8Array; spans: number[]; identityOf: (slot: number) => IdentitySpan } {
  const bytes = Buffer.from(texts.join(""), "latin1");
  const spans: number[] = [];
  let at = 0;
  for (const text of texts) {
    spans.push(at, at + text.length);
    at += text.length;
  }
  const span: IdentitySpan = { bytes, start: 0, end: 0 };
  return {
    bytes,
    spans,
    identityOf: (slot) => {
      span.start = spans[2 * slot]!;
      span.end = spans[2 * slot + 1]!;
      return span;
    },
  };
}

describe("IdentityIndex", () => {
  it("tells apart keys whose hashes are all equal, through growth, with their positions touched first", () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `key-${i}`);
    const { bytes, spans, identityOf } = keys(texts);
    const index = new IdentityIndex();
    const sameHash = 0x5a5a5a5a;
    const hashes = new Int32Array(32);
    for (let slot = 0; slot < texts.length; slot++) {
      hashes.fill(sameHash);
      index.touch(hashes, 32);
      expect(index.find(sameHash, bytes, spans[2 * slot]!, spans[2 * slot + 1]!, identityOf)).toBe(-1);
      index.add(sameHash, slot);
    }
    for (let slot = 0; slot < texts.length; slot += 7) {
      expect(index.find(sameHash, bytes, spans[2 * slot]!, spans[2 * slot + 1]!, identityOf)).toBe(slot);
    }
  });

  it("finds by hashes that share their low bits (one table position) and differ above", () => {
    const texts = Array.from({ length: 500 }, (_, i) => `k${i}`);
    const { bytes, spans, identityOf } = keys(texts);
    const index = new IdentityIndex();
    const hashOf = (slot: number): number => (slot << 20) | 0x123;
    for (let slot = 0; slot < texts.length; slot++) index.add(hashOf(slot), slot);
    const block = Int32Array.from({ length: 32 }, (_, i) => hashOf(i * 13));
    index.touch(block, block.length);
    for (let slot = 0; slot < texts.length; slot++) {
      expect(index.find(hashOf(slot), bytes, spans[2 * slot]!, spans[2 * slot + 1]!, identityOf)).toBe(slot);
      // The right hash but other bytes: not this slot's key.
      const other = (slot + 1) % texts.length;
      expect(index.find(hashOf(slot), bytes, spans[2 * other]!, spans[2 * other + 1]!, identityOf)).toBe(-1);
    }
  });

  it("finds keys by their FNV-1a hash after reserving room for them at once", () => {
    const texts = Array.from({ length: 20_000 }, (_, i) => `shard0:user:${String(i).padStart(8, "0")}`);
    const { bytes, spans, identityOf } = keys(texts);
    const index = new IdentityIndex();
    index.reserve(texts.length);
    const hash = (slot: number): number => hashBytes(bytes, spans[2 * slot]!, spans[2 * slot + 1]!);
    for (let slot = 0; slot < texts.length; slot++) index.add(hash(slot), slot);
    for (let slot = 0; slot < texts.length; slot++) expect(index.find(hash(slot), bytes, spans[2 * slot]!, spans[2 * slot + 1]!, identityOf)).toBe(slot);
  });
});
