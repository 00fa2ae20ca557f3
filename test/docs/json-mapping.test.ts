// docs/json-mapping.md is the output contract, and its examples are real output: CPython pickles
// each example marked "Example", and both the `pkl-stream` command and core's `toJson` must print
// exactly the JSON shown (and the msgpack bytes shown, where a msgpack block follows), and the
// CPython side of the mapping (test/fixtures/oracle.py) must compute the same text. Examples
// marked "Planned (issue N)" are the decided rule the code does not follow yet: not run here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loads, toJson } from "@pkl-stream/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatChunks } from "../helpers/chunks.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { lines, runCli } from "../cli/run-cli.js";

interface DocExample {
  /** 1-based line of the python block, for messages. */
  readonly line: number;
  readonly status: "current" | "planned";
  /** What the marker says: `Example (protocol 0)`, `Planned (issue 14)`. */
  readonly marker: string;
  readonly protocol: number;
  readonly raw: boolean;
  readonly code: string;
  readonly json: string;
  /** The msgpack block's bytes as lowercase hex without spaces, when there is one. */
  readonly msgpack: string | undefined;
}

const DOC = readFileSync(testPath("../docs/json-mapping.md"), "utf8");

/**
 * A paragraph that marks the example after it: `Example:`, `Example (protocol 0):`,
 * `Planned (issue 14):`, `Planned (issue 14, raw pickle):`. In the parentheses: `protocol N`,
 * `raw pickle` (the block's value is the pickle's bytes), and for a planned example the issues it
 * waits for (`issue 13 decodes it`).
 */
const MARKER = /^(Example|Planned)(?: \(([^)]*)\))?:/gm;

/**
 * Every fenced block in order, with the marker paragraphs before it. A python block, the json
 * block right after it and an optional msgpack block make one example; its marker is the last
 * one between the previous block and the python block. Throws on a json or msgpack block that
 * is not part of a marked example (every JSON shown must be checked or marked planned).
 */
function parseExamples(doc: string): DocExample[] {
  const blocks = [...doc.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1]!,
    body: match[2]!,
    start: match.index,
    end: match.index + match[0].length,
    line: doc.slice(0, match.index).split("\n").length,
  }));
  const examples: DocExample[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.lang === "json" || block.lang === "msgpack") throw new Error(`line ${block.line}: a ${block.lang} block that follows no python block`);
    if (block.lang !== "python") continue;
    const json = blocks[i + 1];
    if (json?.lang !== "json") throw new Error(`line ${block.line}: a python block not followed by a json block`);
    const before = doc.slice(i === 0 ? 0 : blocks[i - 1]!.end, block.start);
    const marker = [...before.matchAll(MARKER)].at(-1);
    if (marker === undefined) throw new Error(`line ${block.line}: an example with no "Example:" or "Planned (issue N)" before it`);
    const options = (marker[2] ?? "").split(",").map((option) => option.trim()).filter((option) => option !== "");
    const status = marker[1] === "Example" ? "current" : "planned";
    let protocol = 4;
    let raw = false;
    let issues = 0;
    for (const option of options) {
      const protocolMatch = /^protocol ([0-5])$/.exec(option);
      if (protocolMatch !== null) protocol = Number(protocolMatch[1]);
      else if (option === "raw pickle") raw = true;
      else if (/^issue \d+\b/.test(option)) issues++;
      else throw new Error(`line ${block.line}: unknown example option "${option}"`);
    }
    if ((status === "planned") !== issues > 0) throw new Error(`line ${block.line}: "Planned" names its issue ("Planned (issue 14):"), "Example" none`);
    const msgpackBlock = blocks[i + 2]?.lang === "msgpack" ? blocks[i + 2] : undefined;
    examples.push({
      line: block.line,
      status,
      marker: marker[0].replace(/:$/, ""),
      protocol,
      raw,
      code: block.body,
      json: json.body.replace(/\n$/, ""),
      msgpack: msgpackBlock?.body.replace(/\s+/g, "").toLowerCase(),
    });
    i += msgpackBlock === undefined ? 1 : 2;
  }
  return examples;
}

const examples = parseExamples(DOC);
const current = examples.filter((example) => example.status === "current");
const planned = examples.filter((example) => example.status === "planned");

describe("docs/json-mapping.md", () => {
  it("marks every example as current or planned, and shows current ones for most rules", () => {
    expect(current.length).toBeGreaterThanOrEqual(25);
    expect(examples.filter((example) => example.status === "planned").map((example) => example.marker)).toEqual(
      examples.filter((example) => example.status === "planned").map(() => expect.stringMatching(/^Planned \(issue 1[34]/)),
    );
    for (const example of current) expect(example.json.split("\n"), `line ${example.line}: one JSON line per example`).toHaveLength(1);
  });
});

describe.runIf(requirePython())("the examples of docs/json-mapping.md", () => {
  let dir = "";
  const pickles: Uint8Array[] = [];
  let oracle: (string | null)[] = [];
  /** Pickles of the planned examples, undefined where CPython lacks the library (pandas, torch). */
  const plannedPickles: (Uint8Array | undefined)[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pkl-doc-examples-"));
    const jobs = join(dir, "examples.json");
    const all = [...current, ...planned];
    writeFileSync(jobs, JSON.stringify(all.map(({ code, protocol, raw, status }) => ({ code, protocol, raw, planned: status === "planned" }))));
    const answers = JSON.parse(runPythonScript(testPath("docs/make_examples.py"), [jobs, dir])) as (string | null)[];
    oracle = answers.slice(0, current.length);
    for (let i = 0; i < current.length; i++) pickles.push(readFileSync(join(dir, `${i}.pkl`)));
    for (let i = current.length; i < all.length; i++) plannedPickles.push(answers[i] === null ? undefined : readFileSync(join(dir, `${i}.pkl`)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(current.map((example, index) => [example.line, example.marker, index] as const))(
    "example at line %i (%s) is what toJson writes",
    (_line, _marker, index) => {
      const value = loads(pickles[index]!, { dict: "map", wrapIntegralFloats: true });
      expect(toJson(value)).toBe(current[index]!.json);
    },
  );

  it("every example's JSON is what CPython computes for its pickle (test/fixtures/oracle.py)", () => {
    expect(oracle.map((text, index) => `line ${current[index]?.line}: ${text}`)).toEqual(current.map((example) => `line ${example.line}: ${example.json}`));
  });

  it("every example's JSON is what the pkl-stream command prints for its pickle", () => {
    const all = join(dir, "all.pkl");
    writeFileSync(all, concatChunks(pickles));
    const result = runCli([all]);
    expect(result.stderr).toBe("");
    expect(lines(result.text).map((text, index) => `line ${current[index]?.line}: ${text}`)).toEqual(
      current.map((example) => `line ${example.line}: ${example.json}`),
    );
  });

  it("no planned example is what the code already writes (a rule that landed is marked Example)", () => {
    const landed: string[] = [];
    planned.forEach((example, index) => {
      const bytes = plannedPickles[index];
      if (bytes === undefined) return; // needs pandas or torch, which this Python lacks
      let written: string;
      try {
        written = toJson(loads(bytes, { dict: "map", wrapIntegralFloats: true }));
      } catch {
        return; // still refused today
      }
      if (written === example.json) landed.push(`line ${example.line}: the code writes this now; mark it "Example" and drop the "today" text`);
    });
    // Only examples of the libraries CPython here may lack go unbuilt.
    const unbuilt = planned.filter((example, index) => plannedPickles[index] === undefined && !/^import (pandas|torch)\b/m.test(example.code));
    expect(unbuilt.map((example) => example.line)).toEqual([]);
    expect(landed).toEqual([]);
  });

  it("every msgpack block is the bytes pkl-stream --format msgpack writes for its pickle", () => {
    const withMsgpack = current.flatMap((example, index) => (example.msgpack === undefined ? [] : [{ example, pickle: pickles[index]! }]));
    expect(withMsgpack.length).toBeGreaterThanOrEqual(2);
    const file = join(dir, "msgpack.pkl");
    writeFileSync(file, concatChunks(withMsgpack.map(({ pickle }) => pickle)));
    const result = runCli([file, "--format", "msgpack"]);
    expect(result.stderr).toBe("");
    const hex = result.stdout.toString("hex");
    // Records are concatenated: cut the output where each expected record ends.
    let at = 0;
    const written = withMsgpack.map(({ example }) => {
      const piece = hex.slice(at, at + example.msgpack!.length);
      at += example.msgpack!.length;
      return `line ${example.line}: ${piece}`;
    });
    expect(written).toEqual(withMsgpack.map(({ example }) => `line ${example.line}: ${example.msgpack}`));
    expect(at).toBe(hex.length);
  });
});
