// The merge's transcoder and the frame rule (core's decoder/frame-rule.ts): on a dict pickle that
// breaks it, the transcoder declines (NotTranscodable) and the general path it hands the file to
// reports FRAME_OVERRUN; the same record with an honest FRAME is taken.
import { loadAll, PickleError } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { NotTranscodable, transcodeDictPickles } from "../../../packages/stream/src/merge/transcode/pickle-to-msgpack.js";

const BUDGET = 64 * 1024 * 1024;
const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

function u64(value: bigint): string {
  let text = "";
  for (let i = 0n; i < 8n; i++) text += String.fromCharCode(Number((value >> (8n * i)) & 0xffn));
  return text;
}

/** `{"k": <value>}` at protocol 4 in a FRAME claiming `claim` bytes (default: exactly the record's). */
function record(value: string, claim?: number | bigint, after = ""): Uint8Array {
  const body = `}\x8c\x01k${value}s.`;
  return bytesOf(`\x80\x04\x95${u64(BigInt(claim ?? body.length))}${body}${after}`);
}

/** Bytes from the frame's start to the value's first opcode: `}`, then the key. */
const KEY = 4;
const len8 = u64(3n);

// [name, value opcodes, frame claim measured from the value's start]
const CUTS: readonly [string, string, number][] = [
  ["a BININT1 whose opcode byte is the frame's last byte", "K\x05", 1],
  ["a BININT2 argument straddling the frame's end", "M\x01\x02", 2],
  ["a BININT argument straddling the frame's end", "J\x01\x02\x03\x04", 3],
  ["a BINFLOAT argument straddling the frame's end", "G?\xf8\0\0\0\0\0\0", 5],
  ["a LONG1 payload straddling the frame's end", "\x8a\x02\x01\x02", 3],
  ["a SHORT_BINUNICODE length outside the frame", "\x8c\x03abc", 1],
  ["a SHORT_BINUNICODE payload straddling the frame's end", "\x8c\x03abc", 3],
  ["a BINUNICODE length straddling the frame's end", "X\x03\0\0\0abc", 3],
  ["a BINUNICODE payload straddling the frame's end", "X\x03\0\0\0abc", 6],
  ["a BINUNICODE8 payload straddling the frame's end", `\x8d${len8}abc`, 10],
  ["a SHORT_BINBYTES payload straddling the frame's end", "C\x03abc", 3],
  ["a BINBYTES payload straddling the frame's end", "B\x03\0\0\0abc", 7],
  ["a BINBYTES8 length straddling the frame's end", `\x8e${len8}abc`, 4],
  ["a BINPUT argument straddling the frame's end", "K\x05q\x00", 3],
  ["a LONG_BINGET argument straddling the frame's end", "(K\x05q\x00j\x00\x00\x00\x00l", 7],
];

const CASES: readonly [string, Uint8Array][] = [
  ...CUTS.map(([name, value, cut]): [string, Uint8Array] => [name, record(value, KEY + cut)]),
  ["a FRAME inside a FRAME", record(`\x95${u64(2n)}K\x05`)],
  ["a FRAME header straddling the outer frame's end", record(`\x95${u64(2n)}K\x05`, KEY + 3)],
  ["a STOP with bytes of its frame after it", record("K\x05", 10, "}\x8c\x01kK\x06s.")],
  ["a STOP inside a frame that claims more than the input holds", record("K\x05", 12)],
  ["a STOP inside a frame that claims 2^62 bytes", record("K\x05", 2n ** 62n)],
];

function generalError(bytes: Uint8Array): PickleError {
  try {
    loadAll(bytes, { dict: "map", wrapIntegralFloats: true });
  } catch (error) {
    if (error instanceof PickleError) return error;
    throw error;
  }
  throw new Error("the general path decoded it");
}

describe("transcodeDictPickles and the frame rule", () => {
  it.each(CASES)("declines %s, which the general path refuses with FRAME_OVERRUN", (_name, bytes) => {
    expect(() => transcodeDictPickles(bytes, { maxOutputBytes: BUDGET })).toThrow(NotTranscodable);
    expect(generalError(bytes).code).toBe("FRAME_OVERRUN");
  });

  it.each(CUTS)("takes the record of %s when its FRAME holds the whole record", (_name, value) => {
    const bytes = record(value);
    expect(transcodeDictPickles(bytes, { maxOutputBytes: BUDGET }).recordCount).toBe(1);
    expect(loadAll(bytes)).toHaveLength(1);
  });
});
