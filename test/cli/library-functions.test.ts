// The seed user's case end to end (issue 14): closures pickled by cloudpickle 2.2 and dill 0.3
// (test/fixtures/libs/cloudpickle/make_functions.py), read by the pkl-stream command, show the
// function's name and both captured values (5 and [5, 10]) in the NDJSON, the msgpack output and
// --select, as CPython computes them from the function the library loads back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unpack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { testPath } from "../helpers/python.js";
import { lines, runCli } from "./run-cli.js";

const LIBS = ["cloudpickle", "dill"] as const;
const fixture = (lib: string, name: string): string => testPath(`fixtures/libs/${lib}/${name}`);
const expectedLine = (lib: string): string => readFileSync(fixture(lib, "closure.json"), "utf8").trimEnd();

describe("pkl-stream on closures from cloudpickle and dill", () => {
  it.each(LIBS)("prints the %s closure's name, parameters and captured values as CPython describes it", (lib) => {
    const result = runCli([fixture(lib, "closure.p4.pkl")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(lines(result.text)).toEqual([expectedLine(lib)]);
    expect(JSON.parse(expectedLine(lib))).toMatchObject({ __function__: "__main__.make_closure.<locals>.add", closure: { k: 5, lst: [5, 10] } });
  });

  it("prints one line per closure for both libraries' files at every protocol", () => {
    const files = LIBS.flatMap((lib) => [0, 2, 4, 5].map((protocol) => fixture(lib, `closure.p${protocol}.pkl`)));
    const result = runCli(files);
    expect(result.stderr).toBe("");
    expect(lines(result.text)).toEqual(LIBS.flatMap((lib) => Array.from({ length: 4 }, () => expectedLine(lib))));
  });

  it.each(LIBS)("selects the %s closure's captured list with --select .closure.lst", (lib) => {
    const result = runCli([fixture(lib, "closure.p2.pkl"), "--select", ".closure.lst"]);
    expect(result.stderr).toBe("");
    expect(lines(result.text)).toEqual(["[5,10]"]);
  });

  it.each(LIBS)("writes the %s closure as msgpack with the same keys and values", (lib) => {
    const result = runCli([fixture(lib, "closure.p4.pkl"), "--format", "msgpack"]);
    expect(result.stderr).toBe("");
    expect(unpack(result.stdout)).toEqual(JSON.parse(expectedLine(lib)));
  });

  it("selects inside a computed callable nested in __class__ (getattr(__import__('os'), 'system')('echo hi!'))", () => {
    // The raw pickle of docs/json-mapping.md's computed-callable example.
    const bytes = Buffer.from(
      "\x80\x04\x8c\x08builtins\x8c\x07getattr\x93\x8c\x08builtins\x8c\n__import__\x93\x8c\x02os\x85R\x8c\x06system\x86R\x8c\x08echo hi!\x85R.",
      "latin1",
    );
    const dir = mkdtempSync(join(tmpdir(), "pkl-computed-"));
    try {
      const file = join(dir, "computed.pkl");
      writeFileSync(file, bytes);
      const result = runCli([file, "--select", ".__class__.__args__[0].__args__[0]"]);
      expect(result.stderr).toBe("");
      expect(lines(result.text)).toEqual(['"os"']);
      const whole = runCli([file, "--select", ".__class__.__class__"]);
      expect(lines(whole.text)).toEqual(['"builtins.getattr"']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
