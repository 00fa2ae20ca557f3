// The stream reader names an input that is no pickle at all when its first record fails, over
// any chunking, and leaves the errors of real pickle streams as they are; a torch.save zip and a
// joblib file, which it reads, decode instead.
import { readFileSync } from "node:fs";
import { isPickleError, type PickleError, toJson } from "@pkl-stream/core";
import { readPickles } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";

const ZIP = new Uint8Array(readFileSync(new URL("../cli/fixtures/not-a-pickle/weights.pt", import.meta.url)));
const NPZ = new Uint8Array(readFileSync(new URL("../cli/fixtures/not-a-pickle/arrays.npz", import.meta.url)));
const JOBLIB = new Uint8Array(readFileSync(new URL("../cli/fixtures/not-a-pickle/model.joblib", import.meta.url)));

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The records read before the failure, and the failure. */
async function readUntilError(bytes: Uint8Array, size: number, skipCorrupt = false): Promise<{ records: unknown[]; error: PickleError | null; reasons: string[] }> {
  const records: unknown[] = [];
  const reasons: string[] = [];
  try {
    for await (const record of readPickles(chunks(bytes, size), { file: "in.pkl", skipCorrupt, onCorrupt: (span) => reasons.push(span.reason) })) records.push(record);
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return { records, error, reasons };
  }
  return { records, error: null, reasons };
}

describe("readPickles on a file that is not a pickle", () => {
  it.each([1, 7, 4096])("names a numpy .npz read in %i-byte chunks, with the file, as UNSUPPORTED", async (size) => {
    const { error } = await readUntilError(NPZ, size);
    expect(error?.code).toBe("UNSUPPORTED");
    expect(error?.message).toMatch(/^in\.pkl: record 0 at byte 0: this is a zip archive \(a numpy \.npz\?\)/);
  });

  it.each([1, 7, 4096])("reads a torch.save zip in %i-byte chunks as one record, the saved object", async (size) => {
    const { records, error } = await readUntilError(ZIP, size);
    expect(error).toBeNull();
    expect(records.map((record) => toJson(record as never))).toEqual(['{"bias":0.5}']);
  });

  // make_fixtures.py dumps {"weights": np.arange(6.0).reshape(2, 3), "name": "model"} and saves {"bias": 0.5}.
  it.each([1, 64, 4096])("reads a joblib file in %i-byte chunks as one record, its arrays in place", async (size) => {
    const { records, error } = await readUntilError(JOBLIB, size);
    expect(error).toBeNull();
    expect(records.map((record) => toJson(record as never))).toEqual(['{"weights":[[0.0,1.0,2.0],[3.0,4.0,5.0]],"name":"model"}']);
  });

  it("gives the skipped stretch of a text file its description with skipCorrupt", async () => {
    const { error, reasons } = await readUntilError(new TextEncoder().encode("hello\n"), 64, true);
    expect(error).toBeNull();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/this looks like plain text \(it starts "hello"\)/);
  });

  it("keeps the decoder's error when a record decoded before the failure", async () => {
    const bytes = new Uint8Array([0x80, 0x02, 0x4e, 0x2e, ...new TextEncoder().encode("hello\n")]);
    const { records, error } = await readUntilError(bytes, 2);
    expect(records).toEqual([null]);
    expect(error?.code).toBe("MEMO_MISSING");
    expect(error?.message).toBe("in.pkl: record 1 at byte 4: memo key 101 is missing (opcode BINGET 0x68)");
  });
});
