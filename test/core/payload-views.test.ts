// Large bytes payloads are views of the input (no second copy); small ones are copies, so a tiny
// value never keeps a big input chunk alive.
import { loads, PyByteArray } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";

/** A protocol 5 pickle of one bytes (BINBYTES8) or bytearray (BYTEARRAY8) value of `length` bytes. */
function pickleOfBytes(length: number, opcode: 0x8e | 0x96): Uint8Array {
  const bytes = new Uint8Array(2 + 9 + length + 1);
  bytes.set([0x80, 0x05, opcode]);
  new DataView(bytes.buffer).setUint32(3, length, true);
  bytes.fill(7, 11, 11 + length);
  bytes[11 + length] = 0x2e;
  return bytes;
}

/** A protocol 2 pickle of one Python 2 str (BINSTRING) of `length` bytes, as Python 2 wrote it. */
function pickleOfPy2String(length: number): Uint8Array {
  const bytes = new Uint8Array(2 + 5 + length + 1);
  bytes.set([0x80, 0x02, 0x54]);
  new DataView(bytes.buffer).setInt32(3, length, true);
  bytes.fill(0xe9, 7, 7 + length);
  bytes[7 + length] = 0x2e;
  return bytes;
}

describe("bytes payloads", () => {
  it("gives a view of the input for bytes of 1 MiB or more", () => {
    const input = pickleOfBytes(1 << 20, 0x8e);
    const value = loads(input) as Uint8Array;
    expect(value.buffer).toBe(input.buffer);
    expect(value.byteOffset).toBe(11);
    expect(value.length).toBe(1 << 20);
  });

  it("copies bytes smaller than 1 MiB", () => {
    const input = pickleOfBytes(1000, 0x8e);
    const value = loads(input) as Uint8Array;
    expect(value.buffer).not.toBe(input.buffer);
    expect([...value.subarray(0, 3)]).toEqual([7, 7, 7]);
  });

  it("gives a PyByteArray view for a large bytearray", () => {
    const input = pickleOfBytes(1 << 20, 0x96);
    const value = loads(input);
    expect(value).toBeInstanceOf(PyByteArray);
    expect((value as PyByteArray).buffer).toBe(input.buffer);
  });

  it("gives a view of the input for a Python 2 str of 1 MiB or more read with encoding bytes", () => {
    const input = pickleOfPy2String(1 << 20);
    const value = loads(input, { encoding: "bytes" }) as Uint8Array;
    expect(value.buffer).toBe(input.buffer);
    expect(value.byteOffset).toBe(7);
    expect(value.length).toBe(1 << 20);
  });

  it("copies a Python 2 str smaller than 1 MiB read with encoding bytes", () => {
    const input = pickleOfPy2String(1000);
    const value = loads(input, { encoding: "bytes" }) as Uint8Array;
    expect(value.buffer).not.toBe(input.buffer);
    expect([...value.subarray(0, 2)]).toEqual([0xe9, 0xe9]);
  });
});
