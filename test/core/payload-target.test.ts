// Unpickler.payloadTarget: a caller that reads its own input (readPickles on a file) may read the
// rest of a large payload straight into the decoder's memory and push that view, which the
// decoder then takes without a copy. It is offered only for bytes the caller says it has.
import { PyByteArray, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";

const PAYLOAD = 300_000;

const patternByte = (i: number): number => (i * 13 + (i >> 9)) & 0xff;

/** A protocol 5 pickle of the tuple `(payload, "after")`, the payload under `opcode` with an 8-byte length (or 4 for BINUNICODE, BINSTRING). */
function pickleWith(opcode: number, bytes: Uint8Array): Uint8Array {
  const lengthBytes = opcode === 0x58 || opcode === 0x54 ? 4 : 8;
  const head = new Uint8Array(3 + 1 + lengthBytes);
  head.set([0x80, 0x05, 0x28, opcode]);
  new DataView(head.buffer).setUint32(4, bytes.length, true);
  const tail = Uint8Array.of(0x8c, 0x05, 0x61, 0x66, 0x74, 0x65, 0x72, 0x74, 0x2e); // "after", TUPLE, STOP
  const out = new Uint8Array(head.length + bytes.length + tail.length);
  out.set(head);
  out.set(bytes, head.length);
  out.set(tail, head.length + bytes.length);
  return out;
}

function patternBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = patternByte(i);
  return bytes;
}

/**
 * Feeds `input` as a reader of its own would: `first` bytes as a chunk, then, while the decoder
 * offers a target, `step` bytes at a time read into it (the view pushed), the rest as a chunk.
 * Returns the records and the targets it was offered.
 */
function feedDirect(input: Uint8Array, first: number, step: number): { records: unknown[]; targets: Uint8Array[] } {
  const unpickler = new Unpickler();
  const records: unknown[] = [];
  const targets: Uint8Array[] = [];
  let at = 0;
  records.push(...unpickler.push(input.slice(0, first)));
  at = first;
  while (at < input.length) {
    const target = unpickler.payloadTarget(input.length - at);
    if (target !== null) {
      targets.push(target);
      const n = Math.min(step, target.length);
      target.set(input.subarray(at, at + n));
      records.push(...unpickler.push(target.subarray(0, n)));
      at += n;
    } else {
      const end = Math.min(input.length, at + 4096);
      records.push(...unpickler.push(input.slice(at, end)));
      at = end;
    }
  }
  unpickler.end();
  return { records, targets };
}

describe("Unpickler.payloadTarget", () => {
  it("offers the rest of a large bytes payload, and takes the view pushed back without a copy", () => {
    const input = pickleWith(0x8e, patternBytes(PAYLOAD));
    const { records, targets } = feedDirect(input, 1000, PAYLOAD);
    expect(records).toHaveLength(1);
    const [value, after] = records[0] as [Uint8Array, string];
    expect(after).toBe("after");
    expect(Buffer.from(value).equals(Buffer.from(patternBytes(PAYLOAD)))).toBe(true);
    // One offer, the missing bytes exactly, and the value is that memory.
    expect(targets).toHaveLength(1);
    expect(targets[0]!.length).toBe(PAYLOAD - (1000 - 12));
    expect(value.buffer).toBe(targets[0]!.buffer);
  });

  it("offers what is still missing after a part read into it, at the right place", () => {
    const input = pickleWith(0x96, patternBytes(PAYLOAD));
    const { records, targets } = feedDirect(input, 500, 70_001);
    const [value] = records[0] as [PyByteArray];
    expect(value).toBeInstanceOf(PyByteArray);
    expect(Buffer.from(value).equals(Buffer.from(patternBytes(PAYLOAD)))).toBe(true);
    expect(targets.length).toBeGreaterThan(2);
    for (let i = 1; i < targets.length; i++) {
      expect(targets[i]!.buffer).toBe(targets[0]!.buffer);
      expect(targets[i]!.byteOffset).toBe(targets[i - 1]!.byteOffset + 70_001);
    }
  });

  it("works for a str (BINUNICODE) and a Python 2 str (BINSTRING, Latin-1 text)", () => {
    const text = "ab€".repeat(PAYLOAD / 5);
    const utf8 = new TextEncoder().encode(text);
    const str = feedDirect(pickleWith(0x58, utf8), 100, 65_536);
    expect((str.records[0] as [string])[0]).toBe(text);
    expect(str.targets.length).toBeGreaterThan(0);
    const latin1 = patternBytes(PAYLOAD);
    const py2 = feedDirect(pickleWith(0x54, latin1), 100, 65_536);
    expect((py2.records[0] as [string])[0]).toBe(Buffer.from(latin1).toString("latin1"));
    expect(py2.targets.length).toBeGreaterThan(0);
  });

  it("decodes the same when the pushed bytes are a copy and not the view offered", () => {
    const input = pickleWith(0x8e, patternBytes(PAYLOAD));
    const unpickler = new Unpickler();
    unpickler.push(input.slice(0, 2000));
    const target = unpickler.payloadTarget(input.length - 2000)!;
    expect(target).not.toBeNull();
    const records = unpickler.push(input.slice(2000));
    unpickler.end();
    expect(Buffer.from((records[0] as [Uint8Array])[0]).equals(Buffer.from(patternBytes(PAYLOAD)))).toBe(true);
  });

  it("offers nothing for bytes the caller does not have, for a small rest, or between opcodes", () => {
    const input = pickleWith(0x8e, patternBytes(PAYLOAD));
    const unpickler = new Unpickler();
    expect(unpickler.payloadTarget(input.length)).toBeNull();
    unpickler.push(input.slice(0, 1000));
    const missing = PAYLOAD - (1000 - 12);
    // A claimed length beyond what the caller can read: no memory on its word alone.
    expect(unpickler.payloadTarget(missing - 1)).toBeNull();
    expect(unpickler.payloadTarget(missing)).not.toBeNull();
    // Under 64 KiB missing (the default minBytes): an ordinary chunk does.
    unpickler.push(input.slice(1000, 12 + PAYLOAD - 1000));
    expect(unpickler.payloadTarget(input.length)).toBeNull();
    expect(unpickler.payloadTarget(input.length, 1)).not.toBeNull();
    unpickler.push(input.slice(12 + PAYLOAD - 1000));
    expect(unpickler.payloadTarget(input.length, 1)).toBeNull();
    unpickler.end();
  });
});
