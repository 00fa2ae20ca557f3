// The auditor knows what the decoder reads: a pickle the decoder rebuilds from CPython's and the
// libraries' own output (pandas frames, masked arrays, zoned datetimes, torch.save files, joblib
// arrays) is `safe`, not `unknown` because a class it names is only read by name (pandas'
// `_new_Index(Index, ...)`), a time zone a datetime holds, or a torch storage id. And no more than
// that: a call of a class read only by name, a persistent id of another shape, a getattr of
// another method keep their verdicts.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { auditFile, auditPickle } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";

const LIBS = new URL("../../fixtures/libs/", import.meta.url);
const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
const readLib = (path: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(path, LIBS))));
const findingsOf = (audit: { records: readonly { findings: readonly { reason: string }[] }[] }): string =>
  audit.records.flatMap((record) => record.findings.map((finding) => finding.reason)).join("\n");

/** Every library fixture (a pickle, torch file or joblib file) whose oracle JSON sits beside it. */
function libraryCases(): { path: string; expected: string }[] {
  const cases: { path: string; expected: string }[] = [];
  for (const library of ["numpy", "pandas", "torch", "joblib"]) {
    const files = readdirSync(new URL(`${library}/`, LIBS));
    for (const file of files) {
      // Compressed joblib files are the CLI's to inflate (cli/inspect tests); auditFile reads the rest.
      if (!/\.(pkl|pt|joblib)$/.test(file) || /\.(gzip|zlib|bz2|lzma|xz)\.joblib$/.test(file)) continue;
      const stem = file.slice(0, file.indexOf("."));
      if (!files.includes(`${stem}.json`)) continue;
      cases.push({ path: `${library}/${file}`, expected: readFileSync(new URL(`${library}/${stem}.json`, LIBS), "utf8") });
    }
  }
  return cases;
}

/**
 * What the oracle's JSON shows that pkl-stream does not rebuild: the class of a placeholder (but
 * `builtins.*`: range and slice have that form too), a global kept as a value, a persistent id.
 */
function placeholderClasses(json: string): string[] {
  const classes = [...json.matchAll(/"__class__":"([^"]+)"/g)].map((match) => match[1]!).filter((name) => !name.startsWith("builtins."));
  const others = [...json.matchAll(/"(__global__|__persid__)":/g)].map((match) => match[1]!);
  return [...classes, ...others];
}

/**
 * Library fixtures whose placeholders the decoder makes itself, with nothing unknown called: the
 * elements of Period and Interval arrays (`tolist()` gives Periods and Intervals, which the mapping
 * shows as the placeholders their own pickles give).
 */
const ELEMENT_PLACEHOLDERS = /^pandas\/(frame-period-interval|series-interval)\./;

/** The CPython value fixtures (fixtures/generate.py) with their oracle JSON. */
function valueCases(): { path: string; expected: string; memo: "shared" | "per-record" }[] {
  const dir = new URL("../../fixtures/values/", import.meta.url);
  const files = readdirSync(dir);
  return files
    .filter((file) => file.endsWith(".pkl") && files.includes(`${file.slice(0, file.indexOf("."))}.json`))
    .map((file) => {
      const stem = file.slice(0, file.indexOf("."));
      return { path: file, expected: readFileSync(new URL(`${stem}.json`, dir), "utf8"), memo: stem.includes("shared_memo") ? "shared" : "per-record" };
    });
}

/** Pickle bytes from protocol 0 text (latin-1). */
const p0 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));

describe("inspect agrees with the decoder on what the libraries write", () => {
  const cases = libraryCases();

  it("has library fixtures of every kind to compare", () => {
    expect(cases.length).toBeGreaterThan(200);
    for (const library of ["numpy/", "pandas/", "torch/", "joblib/"]) expect(cases.some((entry) => entry.path.startsWith(library))).toBe(true);
  });

  it.each(cases.map((entry) => [entry.path, entry.expected] as const))("%s: safe exactly when its JSON has no placeholder", (path, expected) => {
    const audit = auditFile(readLib(path), { inflateRaw });
    expect(audit.error).toBeNull();
    const placeholders = placeholderClasses(expected);
    if (placeholders.length === 0 || ELEMENT_PLACEHOLDERS.test(path)) expect(audit.verdict, findingsOf(audit)).toBe("safe");
    else expect(audit.verdict, placeholders.join(", ")).not.toBe("safe");
  });

  it.each(valueCases().map((entry) => [entry.path, entry] as const))("CPython's %s: safe exactly when its JSON has no placeholder", (path, entry) => {
    const audit = auditPickle(new Uint8Array(readFileSync(new URL(`../../fixtures/values/${path}`, import.meta.url))), { memo: entry.memo });
    expect(audit.error).toBeNull();
    const placeholders = placeholderClasses(entry.expected);
    if (placeholders.length === 0) expect(audit.verdict, findingsOf(audit)).toBe("safe");
    else expect(audit.verdict, placeholders.join(", ")).not.toBe("safe");
  });

  it("calls every zoned datetime of the zone fixtures safe (pytz, zoneinfo, dateutil, stdlib)", () => {
    const zones = JSON.parse(readFileSync(new URL("../../fixtures/zones/zones.json", import.meta.url), "utf8")) as { name: string; pickle: string }[];
    expect(zones.length).toBeGreaterThan(100);
    for (const zone of zones) {
      const audit = auditPickle(new Uint8Array(Buffer.from(zone.pickle, "base64")));
      expect(audit.verdict, `${zone.name}: ${findingsOf(audit)}`).toBe("safe");
    }
  });
});

describe("names the decoder reads only by name", () => {
  it("are safe to import and to pass to the function that reads them", () => {
    // _new_Index(RangeIndex, {"start": 0, "stop": 3})
    const audit = auditPickle(p0("cpandas.core.indexes.base\n_new_Index\n(cpandas.core.indexes.range\nRangeIndex\n(dVstart\nI0\nsVstop\nI3\nstR."));
    expect(audit.verdict, findingsOf(audit)).toBe("safe");
    expect(audit.records[0]!.imports.map((entry) => entry.verdict)).toEqual(["safe", "safe"]);
  });

  it("make a call of one unknown: the decoder keeps it as a placeholder", () => {
    const audit = auditPickle(p0("cpandas.core.indexes.base\nIndex\n(I1\ntR."));
    expect(audit.verdict).toBe("unknown");
    expect(audit.records[0]!.calls).toEqual([expect.objectContaining({ target: "pandas.core.indexes.base.Index", verdict: "unknown" })]);
    expect(findingsOf(audit)).toContain("calls pandas.core.indexes.base.Index, which pkl-stream reads only by name");
  });

  it("are exact names: another module's class of the same name stays unknown", () => {
    const audit = auditPickle(p0("cpandas.core.indexes.base\n_new_Index\n(cmymodule\nRangeIndex\n(dtR."));
    expect(audit.verdict).toBe("unknown");
    expect(findingsOf(audit)).toContain("imports mymodule.RangeIndex, a class or function pkl-stream does not rebuild");
  });

  it("call joblib's NumpyArrayWrapper safe, a data type of a denied module that the decoder rebuilds", () => {
    const audit = auditPickle(p0("cjoblib.numpy_pickle\nNumpyArrayWrapper\n."));
    expect(audit.verdict).toBe("safe");
    // Its module's other names stay as they were.
    expect(auditPickle(p0("cjoblib.numpy_pickle\nload\n.")).verdict).toBe("dangerous");
  });

  it("call pandas' date offsets safe: a DatetimeIndex's freq", () => {
    expect(auditPickle(p0("cpandas._libs.tslibs.offsets\nDay\n(I1\nI00\ntR.")).verdict).toBe("safe");
    expect(auditPickle(p0("cpandas._libs.tslibs.offsets\nDayOfDoom\n(I1\ntR.")).verdict).toBe("unknown");
  });
});

describe("getattr of the one method the decoder reads", () => {
  const unpickle = (owner: string, name: string): Uint8Array => p0(`cbuiltins\ngetattr\n(${owner}V${name}\ntR(VEurope/Paris\nI1\ntR.`);

  it("is safe for ZoneInfo._unpickle(key, 1), how CPython pickles a zoneinfo zone", () => {
    const audit = auditPickle(unpickle("czoneinfo\nZoneInfo\n", "_unpickle"));
    expect(audit.verdict, findingsOf(audit)).toBe("safe");
    expect(audit.records[0]!.calls).toEqual([
      expect.objectContaining({ target: "builtins.getattr", verdict: "safe" }),
      expect.objectContaining({ target: "zoneinfo.ZoneInfo._unpickle", verdict: "safe" }),
    ]);
  });

  it("stays dangerous for any other private name or owner", () => {
    expect(auditPickle(unpickle("czoneinfo\nZoneInfo\n", "_new_instance")).verdict).toBe("dangerous");
    expect(auditPickle(unpickle("cmymodule\nZoneInfo\n", "_unpickle")).verdict).toBe("dangerous");
    expect(auditPickle(unpickle("cposix\nsystem\n", "_unpickle")).verdict).toBe("dangerous");
  });
});

describe("torch storage ids", () => {
  /** A BINPERSID of `pid` (protocol 0 text that pushes a tuple), then STOP. */
  const persid = (pid: string): Uint8Array => p0(`${pid}Q.`);
  const zipId = "(Vstorage\nctorch\nFloatStorage\nV0\nVcpu\nI4\nt";

  it("are data where torch.load reads them, as the decoder's loadTorch does", () => {
    const bytes = readLib("torch/state-dict.zip.pt");
    const audit = auditFile(bytes, { inflateRaw });
    expect(audit.verdict, findingsOf(audit)).toBe("safe");
    expect(audit.records[0]!.opcodeCounts.BINPERSID).toBeGreaterThan(0);
    expect(auditFile(readLib("torch/state-dict.legacy.pt")).verdict).toBe("safe");
    // pickle.dumps(tensor): torch.storage._load_from_bytes of a legacy file, read by the decoder.
    expect(auditFile(readLib("torch/tensors.p4.pkl")).verdict).toBe("safe");
  });

  it("are unknown in a plain pickle: what they load is up to the loader", () => {
    const audit = auditPickle(persid(zipId));
    expect(audit.verdict).toBe("unknown");
    expect(findingsOf(audit)).toContain("uses a persistent id");
  });

  it("keep their shape: another storage class is unknown in a torch file too", () => {
    const text = Buffer.from(readLib("torch/state-dict.legacy.pt")).toString("latin1");
    expect(text).toContain("FloatStorage");
    // Rename the storage class (same length, so the file's pickles keep their sizes).
    const renamed = Uint8Array.from(Buffer.from(text.replaceAll("FloatStorage", "FloatStorags"), "latin1"));
    const audit = auditFile(renamed);
    expect(audit.verdict).toBe("unknown");
    expect(findingsOf(audit)).toContain("uses a persistent id");
  });
});
