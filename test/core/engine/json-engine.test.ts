// The tape engine's JSON equals the value path's (Unpickler + JsonWriter) for every committed
// fixture, in one shot and in chunks of every size, and it keeps the value path's errors.
import { JsonWriter, type PyValue, Unpickler, type UnpicklerOptions, defaultOutputBudget } from "@pkl-stream/core";
import { JsonEngine } from "@pkl-stream/core/engine";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { decoderOptions, type FixtureEntry, loadManifest, readPickle } from "../../helpers/fixtures.js";

interface Outcome {
  readonly text: string;
  readonly error: string | undefined;
}

/** The value path as the CLI ran it before the engine: decode, then JsonWriter per record. */
function valuePath(bytes: Uint8Array, options: UnpicklerOptions): Outcome {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  let error: string | undefined;
  try {
    unpickler.pushTo(bytes, records);
    unpickler.end();
  } catch (caught) {
    error = (caught as Error).message;
  }
  const spans = unpickler.recordSpans;
  const writer = new JsonWriter();
  let text = "";
  for (let i = 0; i < records.length; i++) {
    try {
      writer.append(records[i]!, defaultOutputBudget(spans[2 * i + 1]! - spans[2 * i]!), i);
    } catch (caught) {
      return { text, error: (caught as Error).message };
    }
    text += `${Buffer.from(writer.take()).toString("utf8")}\n`;
  }
  return { text, error };
}

function enginePath(chunks: readonly Uint8Array[], options: UnpicklerOptions): Outcome & { engine: JsonEngine } {
  const engine = new JsonEngine({ decoder: options });
  const parts: Uint8Array[] = [];
  let error: string | undefined;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      parts.push(engine.take());
    }
    engine.end();
  } catch (caught) {
    error = (caught as Error).message;
  }
  parts.push(engine.take());
  return { text: Buffer.concat(parts).toString("utf8"), error, engine };
}

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
