// decodeLongBytes: a LONG1 / LONG4 payload (little-endian two's complement, any length) as an int,
// a number where it is a safe integer, else a bigint. Payloads up to 64 bytes are read 32 bits at
// a time, longer ones by their hex text: both equal the sum of their bytes, at any offset.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLongBytes } from "../../packages/core/src/decoder/numbers.js";

/** The payload's int by its definition: the sum of byte i * 256**i, less 2**(8n) when the top bit is set. */
function byDefinition(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 256n + BigInt(bytes[i]!);
  if (bytes.length > 0 && bytes[bytes.length - 1]! >= 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value;
}

function expectDecodes(bytes: Uint8Array, offset: number): void {
  const padded = new Uint8Array(offset + bytes.length + 3).fill(0xa5);
  padded.set(bytes, offset);
  const expected = byDefinition(bytes);
  const decoded = decodeLongBytes(padded, offset, bytes.length);
  expect(BigInt(decoded)).toBe(expected);
  expect(typeof decoded).toBe(Number.isSafeInteger(Number(expected)) && BigInt(Number(expected)) === expected ? "number" : "bigint");
}

describe("decodeLongBytes", () => {
  it("decodes payloads of 0 to 140 bytes at any offset (the word way to 64, the hex way past it)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 140 }), fc.nat(7), (bytes, offset) => expectDecodes(bytes, offset)),
      { numRuns: 3000, seed: 1206 },
    );
  });

  it("decodes the edges of every length: all zero, all ones, the sign bit alone, a UUID's 17 bytes", () => {
    for (let length = 1; length <= 70; length++) {
      expectDecodes(new Uint8Array(length), 1);
      expectDecodes(new Uint8Array(length).fill(0xff), 2);
      const sign = new Uint8Array(length);
      sign[length - 1] = 0x80;
      expectDecodes(sign, 3);
      const top = new Uint8Array(length).fill(0xff);
      top[length - 1] = 0x7f;
      expectDecodes(top, 0);
    }
    const uuid = new Uint8Array(17).fill(0xff);
    uuid[16] = 0;
    expect(decodeLongBytes(uuid, 0, 17)).toBe((1n << 128n) - 1n);
  });
});
