// The tape engine on pickles that break the frame rule: it never writes what the decoder refuses,
// and fails with the decoder's error (the record goes to the Unpickler), whatever the chunking.
import { JsonEngine } from "@pkl-stream/core/engine";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { engineJson, valuePathJson } from "../../helpers/engine-paths.js";
import { CASES, framed, frameTrick } from "../../helpers/frame-cases.js";

const valuePath = valuePathJson;
const enginePath = (chunks: readonly Uint8Array[]) => {
  const { text, error } = engineJson(chunks);
  return { text, error };
};



describe("the tape engine and the frame rule", () => {
  it.each(CASES)("fails on $name as the decoder does, in one push and in 1-byte chunks", (frameCase) => {
    const expected = valuePath(frameCase.bytes);
    expect(expected.error).toMatch(/FRAME|frame/);
    expect(enginePath([frameCase.bytes])).toEqual(expected);
    expect(enginePath(splitEvery(frameCase.bytes, 1))).toEqual(expected);
  });

  it("fails on the frame trick as the decoder does", () => {
    const bytes = frameTrick();
    expect(enginePath([bytes])).toEqual(valuePath(bytes));
    expect(enginePath([bytes]).error).toMatch(/at byte 11/);
  });

  it("takes pickles that keep the frame rule", () => {
    const bytes = framed("NK\x05\x86.", 1);
    const engine = new JsonEngine();
    engine.push(bytes);
    engine.end();
    expect(new TextDecoder().decode(engine.take())).toBe("[null,5]\n");
    expect(engine.tapeRecords).toBe(1);
  });
});
