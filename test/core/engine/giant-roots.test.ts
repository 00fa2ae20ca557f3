// Roots big enough for the tape engine to write batch by batch (memo copies of values written in
// earlier batches, int keys, a tuple key it must decline): JSON and msgpack equal the value path's.
import { JsonWriter, type PyValue, Unpickler, defaultOutputBudget } from "@pkl-stream/core";
import { JsonEngine } from "@pkl-stream/core/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { fromBase64 } from "../../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";

function valuePath(bytes: Uint8Array): string {
  const unpickler = new Unpickler({ dict: "map", wrapIntegralFloats: true });
  const records: PyValue[] = [];
  let error = "";
  try {
    unpickler.pushTo(bytes, records);
    unpickler.end();
  } catch (caught) {
    error = `error: ${(caught as Error).message}`;
  }
  const writer = new JsonWriter();
  const spans = unpickler.recordSpans;
  let text = "";
  for (let i = 0; i < records.length; i++) {
    try {
      text += `${writer.write(records[i]!, defaultOutputBudget(spans[2 * i + 1]! - spans[2 * i]!), i)}\n`;
    } catch (caught) {
      return `${text}error: ${(caught as Error).message}`;
    }
  }
  return text + error;
}

function enginePath(chunks: readonly Uint8Array[]): { text: string; tapeRecords: number } {
  const engine = new JsonEngine();
  const parts: Uint8Array[] = [];
  let error = "";
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      parts.push(engine.take());
    }
    engine.end();
  } catch (caught) {
    error = `error: ${(caught as Error).message}`;
  }
  parts.push(engine.take());
  return { text: Buffer.concat(parts).toString("utf8") + error, tapeRecords: engine.tapeRecords };
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
    // The tape declines the tuple key (the last case of each protocol) and protocol 2's bytes
    // (a _codecs.encode call); it takes the rest.
    expect(whole.tapeRecords).toBe(index % 4 === 3 || index < 4 ? 0 : 1);
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
