import { spawnSync } from "node:child_process";
import { fixImports } from "@pkl-stream/core/internal";
import { describe, expect, it } from "vitest";
import { requirePython } from "../../helpers/python.js";

describe("fixImports", () => {
  it("maps a whole Python 2 name when NAME_MAPPING has it", () => {
    expect(fixImports("__builtin__", "xrange")).toEqual(["builtins", "range"]);
    expect(fixImports("exceptions", "StandardError")).toEqual(["builtins", "Exception"]);
  });

  it("renames only the module when IMPORT_MAPPING has it", () => {
    expect(fixImports("copy_reg", "_reconstructor")).toEqual(["copyreg", "_reconstructor"]);
    expect(fixImports("__builtin__", "set")).toEqual(["builtins", "set"]);
  });

  it("leaves Python 3 names unchanged", () => {
    expect(fixImports("numpy.core.multiarray", "_reconstruct")).toEqual(["numpy.core.multiarray", "_reconstruct"]);
    expect(fixImports("__proto__", "constructor")).toEqual(["__proto__", "constructor"]);
  });

  describe.runIf(requirePython())("against CPython", () => {
    it("maps every pair exactly as CPython's _compat_pickle tables do", () => {
      const script = `
import _compat_pickle as c, json
pairs = list(c.NAME_MAPPING) + [(m, "anything") for m in c.IMPORT_MAPPING]
def fix(m, n):
    if (m, n) in c.NAME_MAPPING: return list(c.NAME_MAPPING[(m, n)])
    return [c.IMPORT_MAPPING.get(m, m), n]
print(json.dumps([[m, n, fix(m, n)] for m, n in pairs]))`;
      const result = spawnSync("python3", ["-c", script], { encoding: "utf8" });
      const rows = JSON.parse(result.stdout) as [string, string, [string, string]][];
      expect(rows.length).toBeGreaterThan(100);
      for (const [module, name, expected] of rows) expect(fixImports(module, name)).toEqual(expected);
    });
  });
});
