// The memo scan (entries mode's first pass) and the frame rule (core's decoder/frame-rule.ts):
// bytes that break it are not a pickle stream to the scan (null: keep every memo entry), in any
// chunking, and the decoder then reports FRAME_OVERRUN.
import { loadAll, type PickleError } from "@pkl-stream/core";
import { MemoReadScanner } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../helpers/chunks.js";

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

function u64(value: bigint): string {
  let text = "";
  for (let i = 0n; i < 8n; i++) text += String.fromCharCode(Number((value >> (8n * i)) & 0xffn));
  return text;
}

/** PROTO 4, a FRAME claiming `claim` bytes, then `body`. */
const framed = (body: string, claim: number | bigint): Uint8Array => bytesOf(`\x80\x04\x95${u64(BigInt(claim))}${body}`);

/** A list holding a value twice through the memo: `[x, x]`, with `x` given as opcodes. */
const twice = (value: string): string => `]q\x00(${value}q\x01h\x01e.`;

function scan(bytes: Uint8Array, chunkSize: number): ReadonlySet<number> | null {
  const scanner = new MemoReadScanner();
  for (const chunk of splitEvery(bytes, chunkSize)) scanner.push(chunk);
  return scanner.result();
}

const CASES: readonly [string, Uint8Array][] = [
  ["a BININT straddling the frame's end", framed(twice("J\x01\x02\x03\x04"), 7)],
  ["a BINGET argument outside the frame", framed(twice("K\x05"), 9)],
  ["a BINUNICODE payload straddling the frame's end", framed(twice("X\x03\0\0\0abc"), 8)],
  ["a UNICODE line straddling the frame's end", framed(twice("Vabc\n"), 6)],
  ["a FRAME inside a FRAME", framed(`\x95${u64(1n)}N.`, 11)],
  ["a STOP with bytes of its frame after it", framed(`${twice("K\x05")}N.`, 13)],
  ["a STOP inside a frame that claims 2^62 bytes", framed(twice("K\x05"), 2n ** 62n)],
];

describe("MemoReadScanner and the frame rule", () => {
  it.each(CASES)("gives up on %s in one chunk and in 1-byte chunks, and the decoder refuses it", (_name, bytes) => {
    expect(scan(bytes, bytes.length)).toBeNull();
    expect(scan(bytes, 1)).toBeNull();
    expect(() => loadAll(bytes)).toThrow(expect.objectContaining({ code: "FRAME_OVERRUN" }) as unknown as PickleError);
  });

  it("still finds the memo reads of a pickle whose FRAME holds it whole, in any chunking", () => {
    const body = twice("K\x05");
    const bytes = framed(body, body.length);
    expect(loadAll(bytes)).toEqual([[5, 5]]);
    expect(scan(bytes, bytes.length)).toEqual(new Set([1]));
    expect(scan(bytes, 1)).toEqual(new Set([1]));
  });
});
