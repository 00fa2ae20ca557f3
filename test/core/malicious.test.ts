import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isPickleError, isPyDict, isPyObject, loadAll, PyFloat, PyGlobal, PyInstance } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import type { PyValue } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface CorpusCase {
  readonly file: string;
  /** true, or the PickleError code the decoder must raise. */
  readonly decodes: true | string;
  /** A name or phrase the audit's findings (and, for names, the decoded placeholders) must contain. */
  readonly mentions: string;
  readonly description: string;
}

const corpusDir = new URL("../fixtures/malicious/", import.meta.url);
const corpus = JSON.parse(readFileSync(new URL("corpus.json", corpusDir), "utf8")) as {
  marker: string;
  cases: CorpusCase[];
};
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(file, corpusDir))));

/** Every class name in a decoded value, checking on the way that it holds only inert data. */
function inertClassNames(root: PyValue): string[] {
  const names: string[] = [];
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== "object") {
      expect(typeof value, "a decoded value must never be a function").not.toBe("function");
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Uint8Array || value instanceof PyFloat) continue;
    if (value instanceof PyInstance) {
      names.push(value.pyClass);
      pending.push(...value.args, value.state ?? null, ...(value.items ?? []));
      if (value.kwargs !== null) pending.push(value.kwargs);
    } else if (value instanceof PyGlobal) {
      names.push(value.pyClass);
    } else if (Array.isArray(value) || value instanceof Set) {
      pending.push(...value);
    } else if (value instanceof Map) {
      for (const [k, v] of value) pending.push(k, v);
    } else if (isPyDict(value)) {
      pending.push(...Object.values(value));
    } else {
      // A class the decoder rebuilt (datetime, OrderedDict...): inert by construction.
      expect(isPyObject(value), `unexpected ${Object.prototype.toString.call(value)}`).toBe(true);
      names.push((value as { pyClass: string }).pyClass);
    }
  }
  return names;
}

describe("the malicious corpus", () => {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(() => rmSync(corpus.marker, { force: true }));
  afterAll(() => {
    expect(existsSync(corpus.marker), "a payload ran: the marker file exists").toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  });

  it("holds at least 30 hand-built attacks", () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const { file, decodes, mentions } of corpus.cases) {
    const isName = !mentions.includes(" ");

    it(`decodes ${file} to inert placeholders without running anything`, () => {
      const bytes = read(file);
      if (decodes === true) {
        const names = loadAll(bytes).flatMap(inertClassNames);
        if (isName) expect(names.join("\n")).toContain(mentions);
      } else {
        let error: unknown = null;
        try {
          loadAll(bytes);
        } catch (caught) {
          error = caught;
        }
        expect(isPickleError(error), String(error)).toBe(true);
        expect(error).toMatchObject({ code: decodes });
      }
      expect(existsSync(corpus.marker)).toBe(false);
    });

    it(`calls ${file} dangerous and says why`, () => {
      const audit = auditPickle(read(file));
      expect(audit.verdict).toBe("dangerous");
      expect(audit.error).toBeNull();
      const reasons = audit.records.flatMap((record) => record.findings.map((finding) => finding.reason));
      expect(reasons.join("\n")).toContain(mentions);
    });
  }
});
