// ChunkTail (packages/stream/src/chunk-tail.ts), the held bytes behind skipCorrupt: the same
// answers as a plain byte array, and a cost per call that does not grow with the chunks held
// (the reader asks for the bytes from an offset on at every push; walking every held chunk made
// skipCorrupt quadratic in the pushes of one large record).
import { pickleParser } from "@pkl-stream/stream";
import { none } from "stream-chain/defs.js";
import { describe, expect, it } from "vitest";
import { ChunkTail } from "../../packages/stream/src/chunk-tail.js";
import { seededRandom } from "../helpers/chunks.js";

/** The held bytes as the model: one array, and the absolute offset of its first byte. */
class Model {
  bytes: number[] = [];
  start = 0;
  get end(): number {
    return this.start + this.bytes.length;
  }
  dropBefore(offset: number): void {
    const count = Math.min(Math.max(offset - this.start, 0), this.bytes.length);
    this.bytes.splice(0, count);
    this.start += count;
  }
}

function joined(views: Iterable<Uint8Array>): number[] {
  const out: number[] = [];
  for (const view of views) {
    expect(view.length).toBeGreaterThan(0);
    out.push(...view);
  }
  return out;
}

/**
 * A chunk that counts reads of its properties and elements (length, subarray, bytes): how many
 * chunks a call touched.
 */
function counted(chunk: Uint8Array, counter: { reads: number }): Uint8Array {
  return new Proxy(chunk, {
    get(target, key) {
      counter.reads++;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("ChunkTail", () => {
  it("answers views, byteAt, find, start and end as one byte array would, through appends and drops", () => {
    const random = seededRandom(36);
    const tail = new ChunkTail();
    const model = new Model();
    let next = 0;
    for (let step = 0; step < 3000; step++) {
      const action = random();
      if (action < 0.45) {
        const length = Math.floor(random() * 6);
        const chunk = Uint8Array.from({ length }, () => next++ & 0xff);
        tail.append(chunk);
        model.bytes.push(...chunk);
      } else if (action < 0.6) {
        const offset = model.start - 2 + Math.floor(random() * (model.bytes.length + 4));
        tail.dropBefore(offset);
        model.dropBefore(offset);
      } else if (action < 0.62) {
        const offset = model.end + Math.floor(random() * 3);
        tail.clearAt(offset);
        model.bytes = [];
        model.start = offset;
      }
      expect(tail.start).toBe(model.start);
      expect(tail.end).toBe(model.end);
      const from = model.start - 2 + Math.floor(random() * (model.bytes.length + 4));
      const to = from + 1 + Math.floor(random() * 12);
      const expected = model.bytes.slice(Math.max(from - model.start, 0), Math.max(Math.min(to, model.end) - model.start, 0));
      expect(joined(tail.views(from, to))).toEqual(expected);
      expect(joined(tail.views(from))).toEqual(model.bytes.slice(Math.max(from - model.start, 0)));
      const inModel = from >= model.start && from < model.end;
      expect(tail.byteAt(from)).toBe(inModel ? model.bytes[from - model.start] : -1);
      const wanted = Math.floor(random() * 256);
      const found = tail.find(from, (byte, nextByte) => byte === wanted || (byte === (wanted + 1) % 256 && nextByte === -1));
      let expectedFound = -1;
      for (let at = Math.max(from, model.start); at < model.end; at++) {
        const byte = model.bytes[at - model.start]!;
        const nextByte = at + 1 < model.end ? model.bytes[at + 1 - model.start]! : -1;
        if (byte === wanted || (byte === (wanted + 1) % 256 && nextByte === -1)) {
          expectedFound = at;
          break;
        }
      }
      expect(found).toBe(expectedFound);
    }
  });

  it("touches only the chunks it hands out: views from the last offset fed, at every append, cost O(1) chunks each", () => {
    const counter = { reads: 0 };
    const tail = new ChunkTail();
    const count = 4000;
    let fed = 0;
    for (let i = 0; i < count; i++) {
      tail.append(counted(Uint8Array.of(i & 0xff), counter));
      for (const piece of tail.views(fed)) fed += piece.length;
      expect(tail.byteAt(fed - 1)).toBe(i & 0xff);
      expect(tail.find(fed - 1, () => true)).toBe(fed - 1);
    }
    expect(fed).toBe(count);
    // Walking every held chunk at each call would read ~count^2 / 2 = 8,000,000 times.
    expect(counter.reads).toBeLessThan(40 * count);
  });

  it("drops chunks one by one at O(1) amortised each", () => {
    const counter = { reads: 0 };
    const tail = new ChunkTail();
    const count = 20_000;
    for (let i = 0; i < count; i++) tail.append(counted(Uint8Array.of(1, 2), counter));
    const started = performance.now();
    for (let offset = 1; offset <= 2 * count; offset++) tail.dropBefore(offset);
    const elapsed = performance.now() - started;
    expect(tail.start).toBe(2 * count);
    expect(tail.end).toBe(2 * count);
    expect(counter.reads).toBeLessThan(20 * count);
    // Array.shift per dropped chunk took ~count^2 / 2 element moves; this is milliseconds.
    expect(elapsed).toBeLessThan(2000);
  });
});

describe("skipCorrupt on one large record in small chunks", () => {
  /** PROTO 2, BINUNICODE of `length` bytes of "a", STOP: one record. */
  function oneRecord(length: number): Uint8Array {
    const bytes = new Uint8Array(2 + 5 + length + 1);
    bytes.set([0x80, 2, 0x58]);
    new DataView(bytes.buffer).setUint32(3, length, true);
    bytes.fill(0x61, 7, 7 + length);
    bytes[bytes.length - 1] = 0x2e;
    return bytes;
  }

  function readInOneByteChunks(bytes: Uint8Array, wrap: (chunk: Uint8Array) => Uint8Array = (chunk) => chunk): unknown[] {
    const stage = pickleParser({ skipCorrupt: true });
    const out: unknown[] = [];
    for (let at = 0; at < bytes.length; at++) for (const record of stage(wrap(bytes.subarray(at, at + 1)))) out.push(record);
    for (const record of stage(none)) out.push(record);
    return out;
  }

  it("touches each held chunk O(1) times: a 6,000-byte record in 1-byte chunks", () => {
    const counter = { reads: 0 };
    const length = 6000;
    expect(readInOneByteChunks(oneRecord(length), (chunk) => counted(chunk, counter))).toEqual(["a".repeat(length)]);
    // Walking every held chunk at each push read them ~length^2 / 2 = 18,000,000 times.
    expect(counter.reads).toBeLessThan(100 * length);
  });

  it("decodes a 600 KB record in 1-byte chunks in about a second (it took minutes)", () => {
    const length = 600_000;
    const started = performance.now();
    expect(readInOneByteChunks(oneRecord(length))).toEqual(["a".repeat(length)]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
