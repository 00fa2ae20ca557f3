// The whole fixture corpus, CPython object -> pickle -> our decode -> our encode -> CPython
// pickle.load, compared with the original in Python (roundtrip_check.py), at protocols 2 to 5.
// The same run checks our bytes with pickletools.dis. (Every container and str is memoized, as
// CPython does: cpython-bytes.test.ts checks the memo byte for byte against pickle.dumps.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dumps, loadAll } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decoderOptions, type FixtureEntry, fixtureNamed, loadManifest, readPickle } from "../../helpers/fixtures.js";
import { requirePython, runPythonScript, testPath } from "../../helpers/python.js";
import { concatChunks } from "../../helpers/chunks.js";

const PROTOCOLS = [2, 3, 4, 5] as const;
type Protocol = (typeof PROTOCOLS)[number];

interface Verdict {
  readonly size: number;
  readonly dis: true | string;
  readonly equal: true | string;
}

/** Fixtures whose values cannot exist below protocol 5: out-of-band buffer placeholders (no bytes to write in band). */
const NEEDS_PROTOCOL_5 = new Set(["oob_placeholders.p5"]);

/** Out-of-band buffers CPython needs to load a fixture (the placeholder fixture shares oob_given's stream). */
function pythonBuffers(entry: FixtureEntry): readonly string[] | undefined {
  if (entry.name === "oob_placeholders.p5") return fixtureNamed("oob_given.p5").options?.buffers;
  return entry.options?.buffers;
}

/** The protocols each fixture is written at (and CPython must report on). */
function protocolsOf(name: string): readonly Protocol[] {
  return NEEDS_PROTOCOL_5.has(name) ? [5] : PROTOCOLS;
}

describe.runIf(requirePython())("round trip through CPython", () => {
  const entries = loadManifest();
  const dir = mkdtempSync(join(tmpdir(), "pkl-encoder-"));
  const refusals = new Map<string, string>();
  let report: Record<string, Record<string, Verdict>> = {};

  beforeAll(() => {
    const jobs = entries.map((entry) => {
      const records = loadAll(readPickle(entry), decoderOptions(entry));
      const outputs: { protocol: Protocol; path: string }[] = [];
      for (const protocol of PROTOCOLS) {
        try {
          const bytes = concatChunks(records.map((record) => dumps(record, { protocol })));
          const path = join(dir, `${entry.name}.out${protocol}.pkl`);
          writeFileSync(path, bytes);
          outputs.push({ protocol, path });
        } catch (error) {
          refusals.set(`${entry.name}@${protocol}`, String(error));
        }
      }
      return {
        name: entry.name,
        original: fileURLToPath(new URL(`../../fixtures/values/${entry.pickle}`, import.meta.url)),
        memo: entry.options?.memo ?? "per-record",
        extensions: entry.options?.extensions ?? [],
        buffers: pythonBuffers(entry) ?? null,
        outputs,
      };
    });
    const jobsPath = join(dir, "jobs.json");
    writeFileSync(jobsPath, JSON.stringify(jobs));
    report = JSON.parse(runPythonScript(testPath("core/encoder/roundtrip_check.py"), [jobsPath])) as typeof report;
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(entries.map((entry) => [entry.name, entry] as const))("%s loads in CPython equal to the original at protocols 2-5", (name, entry) => {
    const expectedProtocols = protocolsOf(name);
    const equal = Object.fromEntries(expectedProtocols.map((protocol) => [protocol, report[name]?.[protocol]?.equal]));
    expect(equal).toEqual(Object.fromEntries(expectedProtocols.map((protocol) => [protocol, true])));
    expect(entry.records).toBeGreaterThan(0);
  });

  it.each(entries.map((entry) => [entry.name] as const))("%s is read by pickletools.dis without errors", (name) => {
    // A protocol missing from CPython's report is a failure (undefined), not a pass.
    const dis = protocolsOf(name).map((protocol) => [protocol, report[name]?.[protocol]?.dis]);
    expect(dis).toEqual(protocolsOf(name).map((protocol) => [protocol, true]));
  });

  it("refuses only out-of-band buffer placeholders below protocol 5, naming the protocol", () => {
    const expected = [...NEEDS_PROTOCOL_5].flatMap((name) => [2, 3, 4].map((protocol) => `${name}@${protocol}`));
    expect([...refusals.keys()].sort()).toEqual(expected.sort());
    for (const message of refusals.values()) expect(message).toMatch(/TypeError: .*needs protocol 5/);
  });
});
