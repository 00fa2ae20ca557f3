// Functions and classes pickled by value by cloudpickle 2.2 and dill 0.3 (test/fixtures/libs/
// cloudpickle/make_functions.py): each decodes to the JSON CPython computes from the function the
// library loads back (inspect.signature, __defaults__, __closure__, __globals__, co_names), at
// every protocol, and nothing of the pickle stays a placeholder of the libraries' helpers.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dumps, loads, PyInstance, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitRandomly } from "../../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";
import { escapesOfByteReplacements } from "../../helpers/byte-replacements.js";

const LIBS = ["cloudpickle", "dill"] as const;
const dirOf = (lib: string): URL => new URL(`../../fixtures/libs/${lib}/`, import.meta.url);
/** Every pickle, the Debian libraries' at the top, other Python and library versions in subfolders (`py3.13-cloudpickle3.1-dill0.4/`). */
const FILES = LIBS.flatMap((lib) =>
  (readdirSync(dirOf(lib), { recursive: true }) as string[])
    .filter((name) => name.endsWith(".pkl"))
    .sort()
    .map((name) => [lib, name] as const),
);
const read = (lib: string, name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dirOf(lib))));
/** `<case>.json`, or `<case>.p<N>.json` where protocols load to different values. */
const expected = (lib: string, name: string): string => {
  const perProtocol = new URL(name.replace(/\.pkl$/, ".json"), dirOf(lib));
  const shared = new URL(`${name.replace(/\.p\d\.pkl$/, "")}.json`, dirOf(lib));
  return readFileSync(existsSync(perProtocol) ? perProtocol : shared, "utf8").trimEnd();
};

describe("functions and classes from cloudpickle and dill", () => {
  it("has fixtures of both libraries at protocols 0, 2, 4 and 5, also from Python 3.8-3.13 and cloudpickle 3 / dill 0.4", () => {
    for (const lib of LIBS) {
      const names = FILES.filter(([owner]) => owner === lib).map(([, name]) => name);
      expect(names).toContain("closure.p0.pkl");
      expect(names).toContain("closure.p5.pkl");
      expect(names.length).toBeGreaterThanOrEqual(24);
      expect(names).toContain("py3.13-cloudpickle3.1-dill0.4/closure.p5.pkl");
    }
  });

  it.each(FILES)("%s %s decodes to the JSON CPython computes from the loaded function", (lib, name) => {
    expect(toJson(loads(read(lib, name), JSON_DECODE_OPTIONS))).toBe(expected(lib, name));
  });

  it.each(FILES)("%s %s decodes the same in random chunks", (lib, name) => {
    const bytes = read(lib, name);
    const { records } = decodeChunks(splitRandomly(bytes, 7), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([expected(lib, name)]);
  });

  it.each(LIBS)("shows the seed user's closure from %s with its name and both captured values", (lib) => {
    const text = toJson(loads(read(lib, "closure.p4.pkl"), JSON_DECODE_OPTIONS));
    expect(JSON.parse(text)).toMatchObject({ __function__: "__main__.make_closure.<locals>.add", closure: { k: 5, lst: [5, 10] } });
  });

  it("keeps a discarded call the function does not understand as one of its __effects__", () => {
    // cloudpickle's closure (protocol 2: no frames), then before STOP: `memo[200] = func;
    // builtins.print(func, "x")` and POP, as cloudpickle writes its own setstate calls.
    const bytes = read("cloudpickle", "closure.p2.pkl");
    const body = bytes.subarray(0, bytes.length - 1);
    const text = (value: string): number[] => [0x8c, value.length, ...new TextEncoder().encode(value)];
    const extra = new Uint8Array([0x71, 200, ...text("builtins"), ...text("print"), 0x93, 0x68, 200, ...text("x"), 0x86, 0x52, 0x30, 0x2e]);
    const value = loads(new Uint8Array([...body, ...extra]), JSON_DECODE_OPTIONS);
    expect(JSON.parse(toJson(value)).__effects__).toEqual([{ __class__: "builtins.print", __args__: ["x"] }]);
    expect(value).not.toBeInstanceOf(PyInstance);
  });

  it.each(FILES)("%s %s written back by dumps decodes to the same JSON (the same calls, setstate calls included)", (lib, name) => {
    const value = loads(read(lib, name), JSON_DECODE_OPTIONS);
    for (const protocol of [2, 5] as const) {
      expect(toJson(loads(dumps(value, { protocol }), JSON_DECODE_OPTIONS))).toBe(expected(lib, name));
    }
  });

  it.runIf(requirePython())("writes the cloudpickle closure back as a pickle CPython loads and runs (add(1) == 1 + 5 + len([5, 10]) + abs(2))", () => {
    const dir = mkdtempSync(join(tmpdir(), "pkl-functions-"));
    try {
      const file = join(dir, "closure.pkl");
      writeFileSync(file, dumps(loads(read("cloudpickle", "closure.p4.pkl")), { protocol: 4 }));
      const answer = JSON.parse(runPythonScript(testPath("core/classes/load_function.py"), [file, "[1]"])) as { result: number; json: string };
      expect(answer.result).toBe(10);
      expect(answer.json).toBe(expected("cloudpickle", "closure.p4.pkl"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(LIBS)("throws only PickleErrors (or a JSON OutputError) for %s pickles with any byte replaced", (lib) => {
    const files = ["closure.p4.pkl", "class.p2.pkl", "instance.p4.pkl"].map((name) => [name, read(lib, name)] as const);
    expect(escapesOfByteReplacements(files, [0x00, 0x52, 0x30, 0xff])).toEqual([]);
  });
});
