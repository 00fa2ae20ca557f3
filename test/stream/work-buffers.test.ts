// The tape engine's work buffers (PicklesToBytesOptions.newWorkBytes): the output buffer, a giant
// record's window and its memo tables come from the caller's maker, which the CLI backs with a
// SharedArrayBuffer a worker touches ahead. The bytes written are the same whatever makes the
// buffers, and every request says truly which part is written next.
import { picklesToJson } from "@pkl-stream/stream/json-bytes";
import { picklesToMsgpack } from "@pkl-stream/stream/msgpack-bytes";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../helpers/chunks.js";
import { giantDictPickle, shuffledKeys } from "../helpers/giant-dict.js";

interface Request {
  readonly length: number;
  readonly from: number;
  readonly to: number;
}

type Encode = typeof picklesToJson;

async function run(encode: Encode, bytes: Uint8Array, newWorkBytes?: (length: number, from: number, to: number) => Uint8Array): Promise<Buffer> {
  async function* source(): AsyncGenerator<Uint8Array> {
    yield* splitEvery(bytes, 64 * 1024);
  }
  const parts: Uint8Array[] = [];
  const options = { inputSize: bytes.length, maxOutputBytes: Number.POSITIVE_INFINITY, ...(newWorkBytes === undefined ? {} : { newWorkBytes }) };
  for await (const part of encode(source(), options)) parts.push(part);
  return Buffer.concat(parts);
}

/** A maker that backs every buffer with shared memory and notes each request. */
function sharedMaker(requests: Request[]): (length: number, from: number, to: number) => Uint8Array {
  return (length, from, to) => {
    requests.push({ length, from, to });
    return new Uint8Array(new SharedArrayBuffer(length));
  };
}

// 120,000 keys: ~2 MB of pickle, past the size from which the JSON writer makes room for a
// giant root's output and memo at once.
const giant = giantDictPickle(shuffledKeys(120_000));

describe.each([
  ["JSON", picklesToJson],
  ["msgpack", picklesToMsgpack],
] as const)("%s work buffers", (_name, encode) => {
  it("give the same bytes when they are shared memory, and every request has from <= to <= length", async () => {
    const requests: Request[] = [];
    const expected = await run(encode, giant);
    const actual = await run(encode, giant, sharedMaker(requests));
    expect(actual.equals(expected)).toBe(true);
    expect(requests.length).toBeGreaterThan(0);
    for (const { length, from, to } of requests) {
      expect(from).toBeGreaterThanOrEqual(0);
      expect(from).toBeLessThanOrEqual(to);
      expect(to).toBeLessThanOrEqual(length);
    }
  });
});

describe("a giant root's output", () => {
  it("is made room for at once from the input's size: one request covers about all of it", async () => {
    const requests: Request[] = [];
    const output = await run(picklesToJson, giant, sharedMaker(requests));
    const widest = Math.max(...requests.map(({ from, to }) => to - from));
    expect(widest).toBeGreaterThan(output.length * 0.9);
  });
});
