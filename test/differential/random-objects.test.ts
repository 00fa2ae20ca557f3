// Differential test against CPython: random objects (hypothesis, fixed seed) pickled by Python at
// protocols 0-5 decode to the JSON that ../fixtures/oracle.py computes from the same objects.
import { loadAll, type PyValue, toJson } from "@pkl-stream/core";
import { JsonEngine } from "@pkl-stream/core/engine";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeChunks, splitRandomly } from "../helpers/chunks.js";
import { compareDataNotClosures } from "../helpers/equality.js";
import { fromBase64, JSON_DECODE_OPTIONS } from "../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

compareDataNotClosures();

/** Override with PKL_DIFF_SEED / PKL_DIFF_COUNT to explore other objects. */
const SEED = Number(process.env.PKL_DIFF_SEED ?? 20240229);
const COUNT = Number(process.env.PKL_DIFF_COUNT ?? 300);
const PROTOCOLS = [0, 1, 2, 3, 4, 5];
const SHOWN_MISMATCHES = 10;

interface Sample {
  readonly index: number;
  readonly protocol: number;
  readonly pickle: Uint8Array;
  readonly json: string;
}

function generateSamples(): Sample[] {
  const stdout = runPythonScript(testPath("differential/random_objects.py"), [String(SEED), String(COUNT)]);
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const raw = JSON.parse(line) as { index: number; protocol: number; pickle: string; json: string };
      return { ...raw, pickle: fromBase64(raw.pickle) };
    });
}

/** `null` when the sample decodes to its expected JSON, else what went wrong (with the pickle, to reproduce). */
function mismatch(sample: Sample): string | null {
  let got: string;
  try {
    const records: PyValue[] = loadAll(sample.pickle, JSON_DECODE_OPTIONS);
    got = records.length === 1 ? toJson(records[0]!) : `${records.length} records`;
  } catch (error) {
    got = `threw ${String(error)}`;
  }
  if (got === sample.json) return null;
  const pickle = Buffer.from(sample.pickle).toString("base64");
  return `object ${sample.index} protocol ${sample.protocol}\n  expected ${sample.json.slice(0, 300)}\n  got      ${got.slice(0, 300)}\n  pickle   ${pickle.slice(0, 400)}`;
}

/** NDJSON of `chunks` through the tape engine, and how many records took the tape. */
function engineJson(chunks: readonly Uint8Array[]): { text: string; tapeRecords: number } {
  const engine = new JsonEngine();
  const parts: Uint8Array[] = [];
  for (const chunk of chunks) {
    engine.push(chunk);
    parts.push(engine.take());
  }
  engine.end();
  parts.push(engine.take());
  return { text: Buffer.concat(parts).toString("utf8"), tapeRecords: engine.tapeRecords };
}

describe.runIf(requirePython())(`random objects from CPython (seed ${SEED}, ${COUNT} objects)`, () => {
  let samples: Sample[] = [];
  beforeAll(() => {
    samples = generateSamples();
  }, 600_000);

  it("gets every object at every protocol from the generator", () => {
    expect(samples).toHaveLength(COUNT * PROTOCOLS.length);
  });

  it.each(PROTOCOLS)("decodes the objects pickled at protocol %i to the JSON CPython computes", (protocol) => {
    const failures = samples.filter((sample) => sample.protocol === protocol).map(mismatch).filter((m) => m !== null);
    expect({ failures: failures.length, first: failures.slice(0, SHOWN_MISMATCHES) }).toEqual({ failures: 0, first: [] });
  });

  it("decodes all the pickles appended into one stream, in random chunks, to the same records as one by one", () => {
    const decodable = samples.filter((sample) => mismatch(sample) === null);
    const stream = Buffer.concat(decodable.map((sample) => sample.pickle));
    const chunked = decodeChunks(splitRandomly(stream, SEED, 4096), JSON_DECODE_OPTIONS);
    expect(chunked.records.map((record) => toJson(record))).toEqual(decodable.map((sample) => sample.json));
  });

  it.each(PROTOCOLS)("writes the JSON CPython computes through the tape engine at protocol %i, taking the tape for plain data", (protocol) => {
    const decodable = samples.filter((sample) => sample.protocol === protocol && mismatch(sample) === null);
    const failures = decodable
      .map((sample) => ({ sample, got: engineJson([sample.pickle]).text }))
      .filter(({ sample, got }) => got !== `${sample.json}\n`)
      .map(({ sample, got }) => `object ${sample.index}: expected ${sample.json.slice(0, 200)} got ${got.slice(0, 200)}`);
    expect({ failures: failures.length, first: failures.slice(0, SHOWN_MISMATCHES) }).toEqual({ failures: 0, first: [] });
    if (protocol >= 2) expect(engineJson(decodable.map((sample) => sample.pickle)).tapeRecords).toBeGreaterThan(0);
  });

  it("writes the appended stream through the tape engine, in random chunks, as the value path does", () => {
    const decodable = samples.filter((sample) => mismatch(sample) === null);
    const stream = Buffer.concat(decodable.map((sample) => sample.pickle));
    const expected = decodable.map((sample) => `${sample.json}\n`).join("");
    expect(engineJson(splitRandomly(stream, SEED, 4096)).text).toBe(expected);
    expect(engineJson(splitRandomly(stream, SEED + 1, 7)).text).toBe(expected);
  });
});
