// A bytes value of 1 MiB or more is a view of the input (no copy), and always a plain Uint8Array:
// a Node Buffer input chunk used to make it a Buffer (subarray keeps the subclass) when the
// payload fell inside one chunk, and a Uint8Array when it spanned chunks.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type PyValue, Unpickler } from "@pkl-stream/core";
import { PickleParserStream, readPickles } from "@pkl-stream/stream";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "./python.js";

const LENGTH = (1 << 20) + 3;

/** PROTO 3, BINBYTES of LENGTH bytes, STOP, as a Node Buffer. */
function bytesPickle(): Buffer {
  const pickle = Buffer.alloc(2 + 5 + LENGTH + 1);
  pickle.set([0x80, 3, 0x42]);
  pickle.writeUInt32LE(LENGTH, 3);
  for (let i = 0; i < LENGTH; i++) pickle[7 + i] = (i * 31) & 0xff;
  pickle[pickle.length - 1] = 0x2e;
  return pickle;
}

function expectPlainBytes(value: unknown, pickle: Buffer): void {
  expect(Buffer.isBuffer(value)).toBe(false);
  expect(Object.getPrototypeOf(value)).toBe(Uint8Array.prototype);
  const bytes = value as Uint8Array;
  expect(bytes.length).toBe(LENGTH);
  expect(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).equals(pickle.subarray(7, 7 + LENGTH))).toBe(true);
}

describe("a bytes value of 1 MiB or more", () => {
  const { dir, remove } = makeTempDir();
  afterAll(remove);
  const pickle = bytesPickle();

  it("from one Buffer chunk: a plain Uint8Array viewing the chunk's memory", () => {
    const records: PyValue[] = [];
    new Unpickler().pushTo(pickle, records);
    expect(records).toHaveLength(1);
    expectPlainBytes(records[0], pickle);
    const value = records[0] as Uint8Array;
    expect(value.buffer).toBe(pickle.buffer);
    expect(value.byteOffset).toBe(pickle.byteOffset + 7);
  });

  it("through PickleParserStream, one Buffer chunk or many: a plain Uint8Array", async () => {
    for (const size of [pickle.length, 64 * 1024]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < pickle.length; at += size) chunks.push(pickle.subarray(at, at + size));
      const values: unknown[] = [];
      for await (const value of Readable.from(chunks).pipe(new PickleParserStream())) values.push(value);
      expect(values).toHaveLength(1);
      expectPlainBytes(values[0], pickle);
    }
  });

  it("through readPickles over a path with chunks larger than the pickle: a plain Uint8Array", async () => {
    const path = join(dir, "big-bytes.pkl");
    writeFileSync(path, pickle);
    for (const chunkBytes of [8 << 20, 64 * 1024]) {
      const values: unknown[] = [];
      for await (const value of readPickles(path, { chunkBytes })) values.push(value);
      expect(values).toHaveLength(1);
      expectPlainBytes(values[0], pickle);
    }
  });
});
