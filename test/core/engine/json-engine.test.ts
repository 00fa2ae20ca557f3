// The tape engine's JSON equals the value path's (Unpickler + JsonWriter) for every committed
// fixture, in one shot and in chunks of every size, and it keeps the value path's errors.
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { engineJson as enginePath, valuePathJson as valuePath } from "../../helpers/engine-paths.js";
import { decoderOptions, type FixtureEntry, loadManifest, readPickle } from "../../helpers/fixtures.js";



const fixtures = loadManifest();

describe.each(fixtures.map((entry) => [entry.name, entry] as const))("fixture %s", (_name, entry: FixtureEntry) => {
  const bytes = readPickle(entry);
  const options = decoderOptions(entry);
  const expected = valuePath(bytes, options);

  it("writes the value path's JSON in one push", () => {
    const result = enginePath([bytes], options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });

  it.each(CHUNK_SIZES)("writes the value path's JSON in %i-byte chunks", (size) => {
    const result = enginePath(splitEvery(bytes, size), options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });

  it("writes the value path's JSON in random chunks", () => {
    const result = enginePath(splitRandomly(bytes, 7, 300), options);
    expect(result.text).toBe(expected.text);
    expect(result.error).toBe(expected.error);
  });
});
