// uuidTextOfLong: str(uuid) straight from a LONG1 payload (record shapes write it per record),
// equal to uuidText of the int CPython's LONG1 holds, and undefined exactly where that int is no
// UUID's (negative, or 2**128 and up).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidText, uuidTextOfLong, writeUuidOfLong } from "../../../packages/core/src/classes/uuid.js";
import { decodeLongBytes } from "../../../packages/core/src/decoder/numbers.js";

/** What the bigint way says of the payload: the text, or undefined out of range. */
function bigintWay(bytes: Uint8Array): string | undefined {
  const value = BigInt(decodeLongBytes(bytes, 0, bytes.length));
  return value >= 0n && value < 1n << 128n ? uuidText(value) : undefined;
}

describe("uuidTextOfLong", () => {
  it("is uuidText of the payload's int, or undefined where that is no UUID's, for payloads of 0 to 20 bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 20 }), (bytes) => {
        expect(uuidTextOfLong(bytes, 0, bytes.length)).toBe(bigintWay(bytes));
      }),
      { numRuns: 5000, seed: 1205 },
    );
  });

  it("reads CPython's payloads of UUIDs at the edges, at an offset", () => {
    for (const value of [0n, 1n, 255n, 2n ** 127n - 1n, 2n ** 127n + 5n, 2n ** 128n - 1n, 2n ** 64n]) {
      // CPython's encode_long: the fewest bytes that hold the value and a sign bit.
      const length = value === 0n ? 0 : Math.floor(value.toString(2).length / 8) + 1;
      const payload = new Uint8Array(length + 3);
      for (let i = 0; i < length; i++) payload[3 + i] = Number((value >> BigInt(8 * i)) & 0xffn);
      expect(uuidTextOfLong(payload, 3, length)).toBe(uuidText(value));
    }
    expect(uuidTextOfLong(Uint8Array.of(0xff), 0, 1)).toBeUndefined();
    expect(uuidTextOfLong(new Uint8Array(17).fill(0xff, 0, 16).fill(1, 16), 0, 17)).toBeUndefined();
  });

  it("writes its text as ASCII bytes where it has one (writeUuidOfLong), and -1 where it has none", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 20 }), fc.nat(5), (bytes, at) => {
        const out = new Uint8Array(at + 40).fill(0x3f);
        const end = writeUuidOfLong(out, at, bytes, 0, bytes.length);
        const text = uuidTextOfLong(bytes, 0, bytes.length);
        if (text === undefined) expect(end).toBe(-1);
        else {
          expect(end).toBe(at + 36);
          expect(new TextDecoder().decode(out.subarray(at, end))).toBe(text);
        }
      }),
      { numRuns: 5000, seed: 1206 },
    );
  });
});
