// Python 2 pickles under each `encoding` (test/fixtures/python2: written as CPython 2.7 wrote
// them, by gen_np.py and gen_pandas0.py; there is no Python 2 here). numpy's data in a Python 2
// str is read back as the bytes it was under every encoding that reads it as text; a str that is
// no text in that encoding fails, as in Python; pandas before 1.1 (`_data`, its older module
// names) reads as pandas 1.x.
import { readdirSync, readFileSync } from "node:fs";
import { loads, type Py2StringEncoding, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { splitRandomly } from "../../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "../../helpers/engine-paths.js";

const DIR = new URL("../../fixtures/python2/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const NUMPY = readdirSync(DIR).filter((name) => name.startsWith("np_") && name.endsWith(".pkl")).sort();
const PANDAS = readdirSync(DIR).filter((name) => name.startsWith("pandas") && name.endsWith(".pkl")).sort();
const TEXT_ENCODINGS: readonly Py2StringEncoding[] = ["utf-8", "ascii"];
const json = (name: string, encoding: Py2StringEncoding = "latin1", dict?: "map"): string =>
  toJson(loads(file(name), dict === undefined ? { encoding } : { encoding, dict }));

describe("Python 2 numpy pickles under every encoding", () => {
  it("has the fixtures", () => {
    expect(NUMPY.length).toBeGreaterThan(20);
    expect(PANDAS.length).toBe(5);
  });

  /** The JSON under `encoding`, or the error's message. */
  const outcome = (name: string, encoding: Py2StringEncoding): string => {
    try {
      return json(name, encoding);
    } catch (error) {
      return `error: ${(error as Error).message}`;
    }
  };

  it.each(NUMPY)("%s gives the latin1 arrays under utf-8 and ascii, or fails as Python does where its data is no such text", (name) => {
    const latin1 = json(name);
    for (const encoding of TEXT_ENCODINGS) {
      const got = outcome(name, encoding);
      if (got.startsWith("error: ")) expect(got).toMatch(/UTF-8|is not ASCII|not valid for encoding utf-8/);
      else if (name !== "np_mixed_utf8.pkl") expect(got).toBe(latin1);
    }
  });

  it("reads a UTF-8 str as UTF-8, and fails on float32 data that is no UTF-8, as Python's pickle.load(encoding='utf-8') does", () => {
    expect(outcome("np_mixed_utf8.pkl", "utf-8")).toMatch(/^error: record 0 at byte \d+: invalid UTF-8/);
    expect(json("np_mixed_utf8.pkl")).toBe('{"name":"cafÃ©","x":[0.5,1.0,2.0]}');
    // Under latin1 every array reads; under utf-8 the ones whose data happens to be UTF-8 do.
    expect(json("np_f8_utf8valid.pkl", "utf-8")).toBe(json("np_f8_utf8valid.pkl"));
  });

  it("reads short array data back exactly under utf-8, and refuses an encoded surrogate there as CPython's strict codec does", () => {
    // uint8 [c3 a9 41 42]: valid UTF-8, decoded to "éAB", encoded back to its 4 bytes.
    expect(json("np_u1_utf8valid.pkl", "utf-8")).toBe("[195,169,65,66]");
    // [ed a0 80]: pickle.load(f, encoding="utf-8") raises UnicodeDecodeError; latin1 reads it.
    expect(() => json("np_u1_surrogate.pkl", "utf-8")).toThrow(/encoded surrogate/);
    expect(json("np_u1_surrogate.pkl")).toBe("[237,160,128]");
  });

  it("reads a structured dtype's field names given as bytes (encoding bytes), in both dict modes", () => {
    expect(json("np_struct.pkl", "bytes")).toBe('[{"id":1,"val":2.5},{"id":2,"val":3.0}]');
    expect(json("np_struct.pkl", "bytes", "map")).toBe('[{"id":1,"val":2.5},{"id":2,"val":3.0}]');
    expect(json("np_struct.pkl")).toBe('[{"id":1,"val":2.5},{"id":2,"val":3.0}]');
  });

  it.each(NUMPY.flatMap((name) => (["latin1", "utf-8", "ascii"] as const).map((encoding) => [name, encoding] as const)))(
    "%s under %s: the CLI's tape writers give the value path's JSON and msgpack, whole and in random chunks",
    (name, encoding) => {
      const bytes = file(name);
      const options = { encoding, dict: "map", wrapIntegralFloats: true } as const;
      const json = valuePathJson(bytes, options);
      const msgpack = valuePathMsgpack(bytes, options);
      for (const chunks of [[bytes], splitRandomly(bytes, 7, 40)]) {
        const tape = engineJson(chunks, options);
        expect({ text: tape.text, error: tape.error }).toEqual(json);
        const packed = engineMsgpack(chunks, options);
        expect({ hex: packed.hex, error: packed.error }).toEqual(msgpack);
      }
    },
  );
});

describe("pandas before 1.1 (Python 2's pandas 0.x)", () => {
  // What pandas 1.5 gives for the 0.23 and 0.24 files (pickle.load(f, encoding="latin1"));
  // 0.19's pandas.indexes names need pandas' read_pickle, which maps them as this does.
  const FRAME = '{"index":[0,1],"columns":{"a":[1,2],"b":[1.5,2.5]}}';
  it.each([
    ["pandas0.24_p2.pkl", FRAME],
    ["pandas0.24_as_mgr_p2.pkl", FRAME],
    ["pandas0.23_p2.pkl", FRAME],
    ["pandas0.19_p2.pkl", FRAME],
    ["pandas0.24_series_p2.pkl", '{"name":"price","index":[0,1],"values":[1.5,2.5]}'],
  ])("%s reads as pandas reads it (the state's _data, pandas.core.internals.BlockManager, pandas.indexes)", (name, expected) => {
    expect(json(name)).toBe(expected);
    expect(json(name, "latin1", "map")).toBe(expected);
    const bytes = file(name);
    const options = { dict: "map", wrapIntegralFloats: true } as const;
    expect(engineJson([bytes], options)).toMatchObject(valuePathJson(bytes, options));
  });
});
