// The decoder takes every opcode's argument size from the one opcode table: an opcode whose fixed
// argument (or length prefix) is cut short waits for more bytes, in any chunking, and end() reports
// it as TRUNCATED at that opcode; the same bytes with the argument whole decode as CPython does.
import { isPickleError, loads, type PickleError, Unpickler } from "@pkl-stream/core";
import { ARG_SIZE, lengthPrefixBytes, OPCODES } from "@pkl-stream/core/opcodes";
import { describe, expect, it } from "vitest";

/** Bytes the decoder must have after the opcode byte before it may run it. */
function headerBytes(code: number): number {
  const size = ARG_SIZE[code]!;
  return size >= 0 ? size : lengthPrefixBytes(size);
}

const WITH_HEADER = OPCODES.filter((info) => headerBytes(info.code) > 0);

function endError(u: Unpickler): PickleError {
  try {
    u.end();
  } catch (error) {
    if (isPickleError(error)) return error;
    throw error;
  }
  throw new Error("end() succeeded; expected TRUNCATED");
}

describe("opcode arguments", () => {
  it("covers the fixed and length-prefixed opcodes of the table", () => {
    expect(WITH_HEADER.map((info) => info.name)).toEqual(
      expect.arrayContaining(["BININT", "BINFLOAT", "BINPUT", "LONG_BINGET", "FRAME", "PROTO", "SHORT_BINUNICODE", "BINBYTES8", "LONG4"]),
    );
  });

  it.each(WITH_HEADER.map((info) => [info.name, info.code] as const))(
    "waits for the whole argument of %s and reports a cut one as TRUNCATED at the opcode",
    (_name, code) => {
      const header = headerBytes(code);
      for (let cut = 0; cut < header; cut++) {
        const bytes = new Uint8Array(1 + cut);
        bytes[0] = code;
        for (const chunking of ["whole", "bytewise"] as const) {
          const u = new Unpickler();
          if (chunking === "whole") expect(u.push(bytes)).toEqual([]);
          else for (const byte of bytes) expect(u.push(Uint8Array.of(byte))).toEqual([]);
          const error = endError(u);
          expect({ code: error.code, offset: error.offset, opcode: error.opcode, cut }).toEqual({ code: "TRUNCATED", offset: 0, opcode: code, cut });
        }
      }
    },
  );

  it("runs each fixed-argument opcode once its argument is whole, whatever the chunking", () => {
    // Hand-written: MARK, BININT1 7, BININT2 258, BININT -2, BINFLOAT 1.5, SHORT_BINUNICODE "ab",
    // BINPUT 0, BINGET 0, LONG_BINPUT 1, LONG_BINGET 1, TUPLE, STOP. CPython's pickle.loads gives
    // (7, 258, -2, 1.5, 'ab', 'ab', 'ab').
    const bytes = Uint8Array.from([
      0x80, 0x04, 0x28, 0x4b, 0x07, 0x4d, 0x02, 0x01, 0x4a, 0xfe, 0xff, 0xff, 0xff, 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x8c, 0x02,
      0x61, 0x62, 0x71, 0x00, 0x68, 0x00, 0x72, 0x01, 0, 0, 0, 0x6a, 0x01, 0, 0, 0, 0x74, 0x2e,
    ]);
    const expected = [7, 258, -2, 1.5, "ab", "ab", "ab"];
    expect(loads(bytes)).toEqual(expected);
    for (let size = 1; size <= 3; size++) {
      const u = new Unpickler();
      const records = [];
      for (let at = 0; at < bytes.length; at += size) records.push(...u.push(bytes.subarray(at, at + size)));
      u.end();
      expect(records).toEqual([expected]);
    }
  });
});
