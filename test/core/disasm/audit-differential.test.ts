// Differential fuzzing of "one parse" (issue 15): on mutated and spliced pickles, every record the
// decoder accepts is one the audit walked to its STOP over the same bytes (same start, same end),
// so decode and audit never disagree about where an opcode, an argument or a record ends.
import { isPickleError, Unpickler } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMutation, loadSeeds, } from "../../fuzz/harness.mjs";
import { MUTATION } from "../../helpers/mutations.js";

const seeds = loadSeeds([...["../../fixtures/values/", "../../fixtures/malicious/", "../../fixtures/audit-corpus/samples/"].map((dir) => new URL(dir, import.meta.url))]);

/** The `[start, end)` of every record the decoder accepts, in order, up to its first error. */
function decodedSpans(bytes: Uint8Array): number[][] {
  const decode = (input: Uint8Array): number[][] => {
    const unpickler = new Unpickler();
    unpickler.push(input);
    const spans = unpickler.recordSpans;
    return Array.from({ length: spans.length / 2 }, (_, i) => [spans[2 * i]!, spans[2 * i + 1]!]);
  };
  try {
    return decode(bytes);
  } catch (error) {
    if (!isPickleError(error)) throw error;
    // The records before the failing opcode decoded: push only the bytes before it.
    return decode(bytes.subarray(0, error.offset));
  }
}

function auditedSpans(bytes: Uint8Array): number[][] {
  return auditPickle(bytes)
    .records.filter((record) => record.isComplete)
    .map((record) => [record.offset, record.offset + record.byteLength]);
}

/** The decoder's error on `bytes` as the audit reports errors, or null. */
function decoderError(bytes: Uint8Array): { code: string; offset: number; reason: string } | null {
  try {
    new Unpickler().push(bytes);
    return null;
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return { code: error.code, offset: error.offset, reason: error.reason };
  }
}

describe("decoder and audit read the same opcodes", () => {
  it.each([
    ["a negative BINSTRING length", [0x80, 0x02, 0x54, 0xff, 0xff, 0xff, 0xff, 0x2e]],
    ["a BINUNICODE8 claiming 2^62 bytes", [0x80, 0x04, 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x2e]],
    ["a BINBYTES8 claiming 3 GiB", [0x80, 0x04, 0x8e, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0x2e]],
    ["a LONG4 past maxIntBytes", [0x80, 0x02, 0x8b, 0x01, 0x00, 0x20, 0x00, 0x2e]],
  ])("refuse %s with the same code, byte and reason (one claimed-length reading)", (_, bytes) => {
    const input = Uint8Array.from(bytes);
    const { code, offset, reason } = auditPickle(input).error ?? {};
    expect(decoderError(input)).toEqual({ code, offset, reason });
  });

  it("agree on the records of every unmutated seed (fixtures, malicious corpus, audit corpus)", () => {
    for (const seed of seeds) {
      const decoded = decodedSpans(seed);
      expect(auditedSpans(seed).slice(0, decoded.length)).toEqual(decoded);
    }
  });

  it("walk every record the decoder accepts in a mutated pickle, with the same start and end", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.array(MUTATION, { minLength: 1, maxLength: 4 }), (seed, other, steps) => {
        const bytes = steps.reduce((input, step) => applyMutation(input, step, seeds[other % seeds.length]!), seeds[seed % seeds.length]!);
        const decoded = decodedSpans(bytes);
        expect(auditedSpans(bytes).slice(0, decoded.length)).toEqual(decoded);
      }),
      { numRuns: 1500, seed: 0x15a0d17 },
    );
  });
});
