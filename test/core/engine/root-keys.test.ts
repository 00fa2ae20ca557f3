// The streamed root dict's repeated-key check (engine/root-keys.ts): keys in ascending order are
// compared with their neighbour only, others are sorted by hash at the end; a repeated key
// anywhere makes the tape decline the record, whose JSON is then the value path's.
import { describe, expect, it } from "vitest";
import { splitEvery } from "../../helpers/chunks.js";
import { engineJson, valuePathJson } from "../../helpers/engine-paths.js";
import { giantDictPickle, shuffledKeys } from "../../helpers/giant-dict.js";

const ascending = Array.from({ length: 30000 }, (_, i) => `user:${String(i).padStart(8, "0")}`);

function check(keys: readonly string[]): { tapeRecords: number } {
  const bytes = giantDictPickle(keys);
  const expected = valuePathJson(bytes);
  const result = engineJson(splitEvery(bytes, 65536));
  expect(result.text).toBe(expected.text);
  expect(result.error).toBe(expected.error);
  return { tapeRecords: result.engine.tapeRecords };
}

describe("the tape engine's giant root dict keys", () => {
  it("writes a root whose keys ascend on the tape", () => {
    expect(check(ascending).tapeRecords).toBe(1);
  });

  it("writes a root whose distinct keys come in no order on the tape", () => {
    expect(check(shuffledKeys(30000)).tapeRecords).toBe(1);
  });

  it("writes a root whose keys ascend but for one that sorts lower than the one before, all distinct, on the tape", () => {
    const keys = [...ascending];
    [keys[20000], keys[20001]] = [keys[20001]!, keys[20000]!];
    expect(check(keys).tapeRecords).toBe(1);
  });

  it("leaves a root that repeats a key of an earlier batch to the value path (first place, last value)", () => {
    const keys = shuffledKeys(30000);
    keys[29000] = keys[3]!;
    expect(check(keys).tapeRecords).toBe(0);
  });

  it("leaves a root whose keys ascend until one repeats the key before it to the value path", () => {
    const keys = [...ascending];
    keys[25000] = keys[24999]!;
    expect(check(keys).tapeRecords).toBe(0);
  });
});
