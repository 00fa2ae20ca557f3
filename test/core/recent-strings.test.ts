// The decoder gives the same string object for the same short bytes at the same place in
// consecutive records (decoder/recent-strings.ts), and keeps a small record's memo slots for the
// next record to overwrite (decoder/dense-memo.ts). Neither may change a decoded value or an
// error: every record here is compared with the value it was encoded from.
import { dumps, isPickleError, loadAll, type PyValue, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { concatChunks, seededRandom } from "../helpers/chunks.js";

function appended(records: readonly PyValue[], protocol: 2 | 3 | 4 | 5): Uint8Array {
  return concatChunks(records.map((record) => dumps(record, { protocol })));
}

/** Decoded in one piece and in 7-byte chunks, as JSON (key order included). */
function decodedJson(bytes: Uint8Array): string[] {
  const whole = loadAll(bytes).map((record) => JSON.stringify(record));
  const unpickler = new Unpickler();
  const chunked: PyValue[] = [];
  for (let at = 0; at < bytes.length; at += 7) chunked.push(...unpickler.push(bytes.subarray(at, at + 7)));
  unpickler.end();
  expect(chunked.map((record) => JSON.stringify(record))).toEqual(whole);
  return whole;
}

describe("short strings repeated from record to record", () => {
  it.each([2, 3, 4, 5] as const)("decode as written when the strings at one place differ in bytes but not in length (protocol %i)", (protocol) => {
    const next = seededRandom(protocol);
    const pick = (choices: readonly string[]): string => choices[Math.floor(next() * choices.length)]!;
    const records = Array.from({ length: 2000 }, (_, seq) => ({
      [pick(["ab", "ac", "ba", "é"])]: pick(["xy", "xz", "q1"]),
      name: pick(["Søren", "Sören", "Soren", "Sxren"]),
      // 24 bytes (the longest kept) and 25 (decoded elsewhere).
      long: pick(["a".repeat(24), "b".repeat(24), "a".repeat(23) + "b", "c".repeat(25)]),
      seq,
      empty: pick(["", "e"]),
    }));
    expect(decodedJson(appended(records, protocol))).toEqual(records.map((record) => JSON.stringify(record)));
  });

  it("decode as written after a record of thousands of different strings, and after lookups paused", () => {
    const next = seededRandom(7);
    const unique = Array.from({ length: 20_000 }, (_, i) => `id:${i}:${Math.floor(next() * 1e6)}`);
    const small = Array.from({ length: 300 }, (_, seq) => ({ key: seq % 2 === 0 ? "even" : "odd!", seq }));
    const records: PyValue[] = [{ unique }, ...small, { unique: unique.slice(0, 5000).reverse() }, ...small];
    expect(decodedJson(appended(records, 4))).toEqual(records.map((record) => JSON.stringify(record)));
  });

  it("still refuses invalid UTF-8 where a valid string of that length was kept", () => {
    const good = dumps({ ab: 1 }, { protocol: 2 });
    // The same record with its key's bytes made invalid UTF-8 (0xff is never in UTF-8).
    const bad = good.slice();
    const at = bad.indexOf(0x61); // "a"
    bad[at] = 0xff;
    const unpickler = new Unpickler();
    const records: PyValue[] = [];
    unpickler.pushTo(good, records);
    let error: unknown;
    try {
      unpickler.pushTo(bad, records);
    } catch (caught) {
      error = caught;
    }
    expect(records).toHaveLength(1);
    expect(isPickleError(error) && error.code).toBe("BAD_ARGUMENT");
  });
});

describe("a memo kept for the next record", () => {
  it("is not readable by the next record", () => {
    // Record 1 memoizes two strs (BINPUT 0, 1); record 2 reads memo key 1 without putting it.
    const first = Uint8Array.from([0x80, 0x02, 0x58, 1, 0, 0, 0, 0x61, 0x71, 0, 0x58, 1, 0, 0, 0, 0x62, 0x71, 1, 0x86, 0x2e]);
    const second = Uint8Array.from([0x80, 0x02, 0x68, 1, 0x2e]);
    const unpickler = new Unpickler();
    const records: PyValue[] = [];
    let error: unknown;
    try {
      unpickler.pushTo(Uint8Array.from([...first, ...second]), records);
    } catch (caught) {
      error = caught;
    }
    expect(records).toEqual([["a", "b"]]);
    expect(isPickleError(error) && { code: error.code, offset: error.offset }).toEqual({ code: "MEMO_MISSING", offset: first.length + 2 });
  });

  it("is overwritten by the next record's puts, small memos and large", () => {
    const shapes = [3, 1500, 2, 1024, 1025, 5].map((count) => ({ items: Array.from({ length: count }, (_, i) => `v${count}:${i}`), again: [] as string[] }));
    // Each record's list holds its strings, then the same string objects again: BINGETs of its own memo.
    for (const shape of shapes) shape.again = shape.items;
    const bytes = appended(shapes, 2);
    expect(decodedJson(bytes)).toEqual(shapes.map((shape) => JSON.stringify(shape)));
  });
});
