// Files that are not pickles are named for what they are (describeNotAPickle / notAPickleError),
// and real pickles, whole or corrupted past their first line, never are.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { isPickleError, loadAll, PickleError } from "@pkl-stream/core";
import { describeNotAPickle, notAPickleError } from "@pkl-stream/core/internal";
import { describe, expect, it } from "vitest";
import { decoderOptions, loadManifest, readPickle } from "../helpers/fixtures.js";

const FIXTURES = new URL("../cli/fixtures/not-a-pickle/", import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** `bytes` with every occurrence of the ASCII string `from` replaced by `to` (of the same length). */
function renamed(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = Buffer.from(bytes);
  for (let at = out.indexOf(from); at !== -1; at = out.indexOf(from, at + 1)) out.write(to, at, "latin1");
  return new Uint8Array(out);
}

/** The error decoding `bytes` throws, or null when they decode. */
function decodeError(bytes: Uint8Array): PickleError | null {
  try {
    loadAll(bytes);
    return null;
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return error;
  }
}

const NOT_PICKLES: readonly (readonly [string, () => Uint8Array, RegExp])[] = [
  ["a torch.save zip", () => fixture("weights.pt"), /^this is a torch\.save zip archive \(its first member is "archive\/data\.pkl"\), not a pickle: decode it with loadTorch/],
  // torch's miniz finds its data.pkl in any case, so the name is matched so too.
  ["a torch.save zip whose member is named in capitals", () => renamed(fixture("weights.pt"), "archive/data.pkl", "archive/DATA.PKL"), /^this is a torch\.save zip archive \(its first member is "archive\/DATA\.PKL"\)/],
  ["a numpy .npz", () => fixture("arrays.npz"), /^this is a zip archive \(a numpy \.npz\?\) whose first member is "x\.npy", not a pickle: load it in Python with numpy\.load/],
  ["a numpy .npy", () => fixture("array.npy"), /^this is a numpy \.npy file, not a pickle: load it in Python with numpy\.load/],
  ["a compressed joblib file", () => fixture("model-compressed.joblib"), /^this looks like zlib-compressed data \(joblib\.dump with compress=\?\)/],
  ["gzip inside gzip", () => gzipSync(gzipSync(Buffer.from([0x80, 2, 0x4e, 0x2e]))), /^this is gzip data, not a pickle: .*gunzipIfNeededStream\(\) before the parser.*compressed twice/],
  ["a line of text", () => text("hello\n"), /^this looks like plain text \(it starts "hello"\), not a pickle/],
  ["a CSV file", () => text("name,age\nbob,3\n"), /^this looks like plain text \(it starts "name,age"\)/],
  ["a README", () => text("# pkl-stream\n\nReads pickles.\n"), /^this looks like plain text \(it starts "# pkl-stream"\)/],
  ["prose whose first letter is an opcode", () => text("The quick brown fox\n"), /^this looks like plain text/],
  ["bzip2 data", () => Uint8Array.of(0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26), /^this is bzip2 data, not a pickle: decompress it first, e.g. `bzip2 -dc FILE \| pkl-stream`/],
  // pandas' to_pickle(path, compression="zip"): one member, the pickle.
  ["a zip of one pickle", () => renamed(fixture("arrays.npz"), "x.npy", "x.pkl"), /^this is a zip archive whose first member is "x\.pkl", not a pickle: unzip the member first, e\.g\. `unzip -p FILE \| pkl-stream`/],
  ["a joblib file compressed with lzma", () => readFileSync(new URL("../fixtures/libs/joblib/model.lzma.joblib", import.meta.url)), /^this is lzma data, not a pickle/],
];

describe("describeNotAPickle", () => {
  it.each(NOT_PICKLES)("names %s for what it is, where decoding fails", (_name, bytesOf, expected) => {
    const bytes = bytesOf();
    const error = decodeError(bytes);
    expect(error).not.toBeNull();
    expect(describeNotAPickle(bytes, error!.offset)).toMatch(expected);
  });

  it("decodes a joblib file instead of naming it: the Unpickler reads its raw array bytes", () => {
    expect(decodeError(fixture("model.joblib"))).toBeNull();
  });

  it("restates the decoder's error as UNSUPPORTED at the same offset, with the original as its cause", () => {
    const bytes = fixture("weights.pt");
    const error = decodeError(bytes)!;
    const restated = notAPickleError(error, bytes)!;
    expect([restated.code, restated.offset, restated.opcode, restated.recordIndex, restated.cause]).toEqual(["UNSUPPORTED", error.offset, -1, 0, error]);
    expect(restated.message).toMatch(new RegExp(`^record 0 at byte ${error.offset}: this is a torch\\.save zip archive`));
  });

  it("calls no committed pickle fixture anything else, by its bytes alone or where it fails", () => {
    for (const entry of loadManifest()) {
      const bytes = readPickle(entry);
      expect(describeNotAPickle(bytes), entry.name).toBeUndefined();
      // Cut before its last byte, a fixture fails to decode: still a pickle (its own error).
      const cut = bytes.subarray(0, bytes.length - 1);
      let error: PickleError | null = null;
      try {
        loadAll(cut, decoderOptions(entry));
      } catch (caught) {
        if (!isPickleError(caught)) throw caught;
        error = caught;
      }
      if (error !== null) expect(notAPickleError(error, cut), entry.name).toBeUndefined();
    }
  });

  it("keeps the pickle error of a protocol 0 pickle corrupted or cut anywhere past its first line", () => {
    const pickle = text("(lp0\nI1\naI2\na(dp1\nVa\np2\nVb c\np3\nsa.");
    const firstLineEnd = pickle.indexOf(0x0a);
    for (let at = firstLineEnd + 1; at < pickle.length; at++) {
      for (const bad of [pickle.subarray(0, at), Uint8Array.from(pickle, (byte, i) => (i === at ? 0x5a : byte))]) {
        const error = decodeError(bad);
        if (error !== null) expect(notAPickleError(error, bad), `byte ${at}`).toBeUndefined();
      }
    }
  });

  it("says nothing of a failure past the first record, whatever the bytes", () => {
    const bytes = text("hello\n");
    const error = new PickleError("memo key 101 is missing", { code: "MEMO_MISSING", offset: 0, opcode: 0x68, recordIndex: 1 });
    expect(notAPickleError(error, bytes)).toBeUndefined();
  });
});
