// Inputs a long differential fuzz run of the tape engine against the value path found (each
// shrunk to a few bytes): the engine must write what the value path writes and fail as it fails,
// whole and in 1-byte and 7-byte chunks, to JSON and to msgpack.
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "hex"));

function expectValuePathOutcome(bytes: Uint8Array): void {
  const json = valuePathJson(bytes);
  const msgpack = valuePathMsgpack(bytes);
  for (const chunks of [[bytes], splitEvery(bytes, 1), splitEvery(bytes, 7)]) {
    const ours = engineJson(chunks);
    expect({ text: ours.text, error: ours.error }).toEqual(json);
    const packed = engineMsgpack(chunks);
    expect({ hex: packed.hex, error: packed.error }).toEqual(msgpack);
  }
}

describe("the tape engine on inputs the fuzzer found", () => {
  it("refuses APPENDS and SETITEMS whose container lies below another MARK (a stack underflow)", () => {
    for (const input of ["5d28284b0165652e", "7d28284b014b0275752e", "8f2828284b0190902e"]) {
      const bytes = hex(input);
      expect(valuePathJson(bytes).error, input).toMatch(/underflow/);
      expectValuePathOutcome(bytes);
    }
  });

  it("refuses MEMOIZE, BINPUT and LONG_BINPUT with nothing above the last MARK", () => {
    for (const input of ["5d2894652e", "5d287101652e", "5d2872010000006d2e", "5d28944b01652e"]) {
      const bytes = hex(input);
      expect(valuePathJson(bytes).error, input).toMatch(/underflow/);
      expectValuePathOutcome(bytes);
    }
  });

  it("says an earlier record's memo had a missing key only when it held that many entries, as the value path says it", () => {
    // `{}` put at memo index 160 (one entry), then a record reading key 88; and the same with the
    // put at index 0.
    for (const input of ["7d71a02e7d68582e", "7d71002e7d68582e", "5d71a0710a2e7d680a2e"]) {
      const bytes = hex(input);
      expect(valuePathJson(bytes).error, input).toMatch(/memo key \d+ is missing/);
      expectValuePathOutcome(bytes);
    }
  });

  it("numbers out-of-band buffers across records, as one Unpickler does", () => {
    for (const input of ["972e972e", "8005972e8005972e", "8005972e80055d2e8005972e"]) {
      const bytes = hex(input);
      expect(valuePathJson(bytes).text, input).toContain('{"__buffer__":1}');
      expectValuePathOutcome(bytes);
    }
  });

  it("refuses a numpy scalar whose dtype or bytes no element reader takes while decoding, with a PickleError", () => {
    const scalar = (dtype: string, data: string): Uint8Array =>
      hex(
        `80049563000000000000008c166e756d70792e5f636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02${Buffer.from(dtype).toString("hex")}94898887945294284b038c013c944e4e4e4affffffff4affffffff4b0074946243${(data.length / 2).toString(16).padStart(2, "0")}${data}94869452942e`,
      );
    // A complex of 1 byte (c1), a float of 3 bytes (f3).
    for (const bytes of [scalar("c1", "00"), scalar("f3", "000000")]) {
      expect(valuePathJson(bytes).error).toMatch(/record 0 at byte \d+: .*not supported/);
      expectValuePathOutcome(bytes);
    }
    // A U1 scalar holding the code point 0x110000.
    const pastUnicode = hex(
      "80049560000000000000008c166e756d70792e5f636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02553194898887945294284b038c013c944e4e4e4b044b044b0874946243040000110094869452942e",
    );
    expect(valuePathJson(pastUnicode).error).toMatch(/record 0 at byte \d+: .*out of range/);
    expectValuePathOutcome(pastUnicode);
  });
});
