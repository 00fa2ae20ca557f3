// Roots big enough for the tape engine to write batch by batch (memo copies of values written in
// earlier batches, int keys, a tuple key it must decline): JSON and msgpack equal the value path's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { engineJson, valuePathJson } from "../../helpers/engine-paths.js";
import { fromBase64 } from "../../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

/** The value path's text, then its error (if any) as a last line. */
function valuePath(bytes: Uint8Array): string {
  const { text, error } = valuePathJson(bytes);
  return error === undefined ? text : `${text}error: ${error}`;
}

function enginePath(chunks: readonly Uint8Array[]): { text: string; tapeRecords: number } {
  const { text, error, engine } = engineJson(chunks);
  return { text: error === undefined ? text : `${text}error: ${error}`, tapeRecords: engine.tapeRecords };
}

describe.runIf(requirePython())("giant roots through the tape engine", () => {
  const pickles = runPythonScript(testPath("core/engine/giant_roots.py"))
    .trim()
    .split("\n")
    .map((line) => fromBase64(line));

  it("gets every case at protocols 2, 4 and 5", () => {
    expect(pickles).toHaveLength(12);
  });

  it.each(pickles.map((bytes, index) => [index, bytes] as const))("writes case %i as the value path does, whole and in 4 KiB chunks", (index, bytes) => {
    const expected = valuePath(bytes);
    const whole = enginePath([bytes]);
    expect(whole.text).toBe(expected);
    expect(enginePath(splitEvery(bytes, 4096)).text).toBe(expected);
    // The tape declines the tuple key (the last case of each protocol); it takes the rest,
    // protocol 2's bytes (a _codecs.encode call) as islands.
    expect(whole.tapeRecords).toBe(index % 4 === 3 ? 0 : 1);
  });

  it("writes and fails as the value path does when bytes of a giant root are replaced", () => {
    const bytes = pickles[4]!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (edits) => {
        const mutated = new Uint8Array(bytes);
        for (const [at, value] of edits) mutated[at] = value;
        expect(enginePath(splitEvery(mutated, 65536)).text).toBe(valuePath(mutated));
      }),
      { numRuns: 40, seed: 5 },
    );
  });
});
