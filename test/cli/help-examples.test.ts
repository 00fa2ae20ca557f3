// The examples of `pkl-stream --help` (and of show/inspect) and of the READMEs all work: each runs
// in a folder holding the files it names, ends with the status it promises, and prints what the
// README shows under it, or else what CPython computes from the same files (expected.py).
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Unpackr } from "msgpackr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAT_EXAMPLES, type HelpExample, INSPECT_EXAMPLES, SHOW_EXAMPLES } from "../../packages/cli/src/help.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { type CliResult, lines, makeWorkDir, runCli, runShell } from "./run-cli.js";

// The CLI README, then the root README's tour (the same files serve both).
const README = readFileSync(testPath("../packages/cli/README.md"), "utf8") + readFileSync(testPath("../README.md"), "utf8");
const PACKAGE_VERSION = (JSON.parse(readFileSync(testPath("../packages/cli/package.json"), "utf8")) as { version: string }).version;

/** Each `$ command` of the README's console blocks, with the output lines shown under it. */
function readmeExamples(): { command: string; output: string[] }[] {
  const examples: { command: string; output: string[] }[] = [];
  for (const block of README.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      if (line.startsWith("$ ")) examples.push({ command: line.slice(2), output: [] });
      else if (line !== "") examples.at(-1)!.output.push(line);
    }
  }
  return examples;
}

/** The status an example promises: the help's own, else 3 for a dangerous model, else 0. */
function promisedStatus(command: string): number {
  const fromHelp = [...CAT_EXAMPLES, ...SHOW_EXAMPLES, ...INSPECT_EXAMPLES].find((example) => example.command === command);
  if (fromHelp !== undefined) return fromHelp.exitCode ?? 0;
  return /inspect .*model\.pkl/.test(command) ? 3 : 0;
}

describe("pkl-stream --help and --version", () => {
  it("prints the version of the package", () => {
    const result = runCli(["--version"]);
    expect(result.status).toBe(0);
    expect(result.text).toBe(`${PACKAGE_VERSION}\n`);
  });

  it("prints the version for -V or --version anywhere among the decoding command's options, as -h", () => {
    for (const args of [["--limit", "1", "--version"], ["missing.pkl", "-V"]]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.text).toBe(`${PACKAGE_VERSION}\n`);
    }
  });

  it.each([
    [["--help"], CAT_EXAMPLES],
    [["-h"], CAT_EXAMPLES],
    [["show", "--help"], SHOW_EXAMPLES],
    [["inspect", "--help"], INSPECT_EXAMPLES],
  ] as [string[], readonly HelpExample[]][])("%j shows every example of its command and exits 0", (args, examples) => {
    const result = runCli(args);
    expect(result.status).toBe(0);
    for (const example of examples) expect(result.text).toContain(`$ ${example.command}\n      ${example.says}\n`);
  });

  it("lists every option of the reading command in the help", () => {
    const help = runCli(["--help"]).text;
    for (const option of ["--format", "--output", "--meta", "--select", "--limit", "--encoding", "--skip-corrupt", "--progress", "--debug", "--version"]) {
      expect(help).toContain(option);
    }
  });
});

/** What CPython says the examples print (fixtures/help-examples/expected.py). */
interface Expected {
  readonly events: string[];
  readonly eventSpans: [number, number][];
  readonly eventsBytes: number;
  readonly parts: string[];
  readonly partNames: string[];
  readonly merged: string;
  readonly logsMeta: string[];
  readonly names: string[];
  readonly labels: string;
  readonly py2Utf8: string;
  readonly damaged: string[];
  readonly entries: string[];
  /** The 8th training digit as 28 rows of `value * 255`. */
  readonly digit: number[][];
  readonly thumb: number[][];
  readonly dis: string[];
  readonly modelBytes: number;
  readonly modelCall: string;
}

/**
 * A half-block drawing as rows of grey levels: each `▀` cell's foreground is the upper pixel, its
 * background the lower; a colour stays set until the next escape changes it (the renderer leaves
 * out escapes that repeat the current colour).
 */
function drawnRows(text: string): number[][] {
  const rows: number[][] = [];
  for (const line of lines(text)) {
    const upper: number[] = [];
    const lower: number[] = [];
    let fg = Number.NaN;
    let bg = Number.NaN;
    for (const token of line.matchAll(/\x1b\[(?:(38|48);2;(\d+);(\d+);(\d+)|0)m|\u2580|([\s\S])/gu)) {
      if (token[5] !== undefined) throw new Error(`unexpected ${JSON.stringify(token[5])} in the drawing`);
      if (token[0] === "\u2580") {
        upper.push(fg);
        lower.push(bg);
      } else if (token[1] !== undefined) {
        if (token[2] !== token[3] || token[3] !== token[4]) throw new Error(`a colour that is not grey: ${JSON.stringify(token[0])}`);
        if (token[1] === "38") fg = Number(token[2]);
        else bg = Number(token[2]);
      } else {
        fg = Number.NaN;
        bg = Number.NaN;
      }
    }
    rows.push(upper, lower);
  }
  return rows;
}

/** Grey levels that differ from CPython's `value * 255` by more than rounding (one level). */
function greyMismatches(actual: number[][], expected: number[][]): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) out.push(`${actual.length} rows, expected ${expected.length}`);
  expected.forEach((row, y) => {
    if (actual[y]?.length !== row.length) out.push(`row ${y}: ${actual[y]?.length} pixels, expected ${row.length}`);
    row.forEach((value, x) => {
      if (!(Math.abs((actual[y]?.[x] ?? Number.NaN) - value) <= 1)) out.push(`(${x}, ${y}): ${actual[y]?.[x]}, expected ${value}`);
    });
  });
  return out;
}

/** Every msgpack value of the bytes (or of the file at `path`), maps as objects. */
function unpackAll(bytes: Uint8Array | string): unknown[] {
  return new Unpackr({ mapsAsObjects: true, useRecords: false }).unpackMultiple(typeof bytes === "string" ? readFileSync(bytes) : bytes) as unknown[];
}

const asLines = (texts: readonly string[]): string => texts.map((text) => `${text}\n`).join("");
const parsed = (texts: readonly string[]): unknown[] => texts.map((text) => JSON.parse(text) as unknown);

/**
 * What each example must print (beyond its exit status), from CPython's answers. Every example of
 * the help and of the READMEs needs one here: a new example without a check fails.
 */
const CHECKS: Readonly<Record<string, (result: CliResult, expected: Expected, dir: string) => void>> = {
  "pkl-stream events.pkl": (result, expected) => expect(result.text).toBe(asLines(expected.events)),
  "cat part-*.pkl | pkl-stream --limit 3": (result, expected) => expect(result.text).toBe(asLines(expected.parts.slice(0, 3))),
  // Under 4 MiB no worker starts; the flag only says how many may (test/cli/concurrency.test.ts has large input).
  "cat part-*.pkl | pkl-stream -j 2": (result, expected) => expect(result.text).toBe(asLines(expected.parts)),
  "pkl-stream 'logs/*.pkl.gz' --meta": (result, expected) => expect(result.text).toBe(asLines(expected.logsMeta)),
  "pkl-stream events.pkl --select .user.name": (result, expected) => expect(result.text).toBe(asLines(expected.names)),
  "pkl-stream mnist.pkl.gz --select '.[0][1][:10]'": (result, expected) => expect(result.text).toBe(asLines([expected.labels])),
  "pkl-stream events.pkl --format json -o events.json": (result, expected, dir) => {
    expect(result.text).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "events.json"), "utf8"))).toEqual(parsed(expected.events));
  },
  "pkl-stream events.pkl --format msgpack | wc -c": (result, expected, dir) => {
    const msgpack = runCli(["events.pkl", "--format", "msgpack"], { cwd: dir }).stdout;
    expect(unpackAll(msgpack)).toEqual(parsed(expected.events));
    expect(result.text.trim()).toBe(String(msgpack.length));
  },
  "pkl-stream py2.pkl --encoding utf-8": (result, expected) => expect(result.text).toBe(asLines([expected.py2Utf8])),
  "pkl-stream damaged.pkl --skip-corrupt": (result, expected) => {
    expect(result.text).toBe(asLines(expected.damaged));
    expect(result.stderr).toMatch(/^pkl-stream: damaged\.pkl: .*skipped \d+ bytes\n$/);
  },
  "pkl-stream features.pkl --entries --limit 3": (result, expected) => expect(result.text).toBe(asLines(expected.entries)),
  "pkl-stream events.pkl | head -1": (result, expected) => expect(result.text).toBe(asLines(expected.events.slice(0, 1))),
  "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28": (result, expected) => {
    expect(greyMismatches(drawnRows(result.text), expected.digit)).toEqual([]);
  },
  "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28 --png digit.png": (result, expected, dir) => {
    expect(result.text).toBe("");
    const png = PNG.sync.read(readFileSync(join(dir, "digit.png")));
    const rows = Array.from({ length: png.height }, (_, y) => Array.from({ length: png.width }, (_, x) => png.data[4 * (y * png.width + x)]!));
    expect(greyMismatches(rows, expected.digit)).toEqual([]);
  },
  "pkl-stream show images.pkl --select .thumb": (result, expected) => expect(drawnRows(result.text)).toEqual(expected.thumb),
  "pkl-stream inspect events.pkl": (result, expected) => {
    const count = expected.eventSpans.length;
    const sizes = expected.eventSpans.map(([start, end]) => end - start);
    const [first, summary, ...rest] = lines(result.text);
    expect(first).toBe(`events.pkl: safe (${count} records, ${expected.eventsBytes} bytes)`);
    expect(summary).toMatch(new RegExp(`^  all ${count} records: ${count} safe; protocol 4 x${count}; ${Math.min(...sizes)} to ${Math.max(...sizes)} bytes, `));
    expect(rest).toContain(`    imports: datetime.datetime [safe] x${count} (in ${count} records, first record 0)`);
    expect(rest.filter((line) => line.startsWith("  record "))).toEqual([]);
  },
  "pkl-stream inspect --records events.pkl": (result, expected) => {
    const [first, ...rest] = lines(result.text);
    expect(first).toBe(`events.pkl: safe (${expected.eventSpans.length} records, ${expected.eventsBytes} bytes)`);
    const records = rest.filter((line) => line.startsWith("  record "));
    expect(records).toEqual(expected.eventSpans.map(([start, end], index) => expect.stringMatching(new RegExp(`^  record ${index} at byte ${start}: safe, protocol 4, ${end - start} bytes,`))));
  },
  "pkl-stream inspect model.pkl": (result, expected) => {
    expect(lines(result.text)[0]).toBe(`model.pkl: dangerous (1 record, ${expected.modelBytes} bytes)`);
    expect(result.text).toContain(`calls:   REDUCE ${expected.modelCall} [dangerous]`);
  },
  "pkl-stream inspect --json events.pkl model.pkl": (result, expected) => {
    type FileReport = { file: string; verdict: string; byteLength: number; recordsKept: string; summary: { records: number }; records: { verdict: string }[] };
    const report = JSON.parse(result.text) as { verdict: string; files: FileReport[] };
    expect(report.verdict).toBe("dangerous");
    expect(report.files.map(({ file, verdict, byteLength }) => ({ file, verdict, byteLength }))).toEqual([
      { file: "events.pkl", verdict: "safe", byteLength: expected.eventsBytes },
      { file: "model.pkl", verdict: "dangerous", byteLength: expected.modelBytes },
    ]);
    // More than 20 records: each is in the summary; the records kept are those not safe (none).
    const [events, model] = report.files;
    expect([events!.summary.records, events!.recordsKept, events!.records]).toEqual([expected.eventSpans.length, "not-safe", []]);
    expect(model!.records.map((record) => record.verdict)).toEqual(["dangerous"]);
  },
  "pkl-stream inspect --dis events.pkl | head -20": (result, expected) => expect(result.text).toBe(asLines(expected.dis)),
  // README-only examples.
  "cat part-*.pkl | pkl-stream --select .user.name": (result, expected) => expect(result.text).toBe(asLines(expected.partNames)),
  "pkl-stream 'logs/*.pkl.gz' --meta --format msgpack -o all.msgpack": (result, expected, dir) => {
    expect(result.text).toBe("");
    expect(unpackAll(join(dir, "all.msgpack"))).toEqual(parsed(expected.logsMeta));
  },
  "pkl-stream merge 'part-*.pkl' -o merged.msgpack": (result, expected, dir) => {
    expect(result.text).toBe("");
    expect(unpackAll(join(dir, "merged.msgpack"))).toEqual([JSON.parse(expected.merged)]);
  },
  "pkl-stream inspect model.pkl && python train.py": (result, expected) => {
    expect(lines(result.text)[0]).toBe(`model.pkl: dangerous (1 record, ${expected.modelBytes} bytes)`);
    expect(result.text).not.toContain("training"); // train.py never ran
  },
};

describe.runIf(requirePython())("the examples of the help and the READMEs", () => {
  let dir = "";
  let remove = (): void => {};
  let expected: Expected;

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    runPythonScript(testPath("cli/fixtures/help-examples/make_files.py"), [dir]);
    expected = JSON.parse(runPythonScript(testPath("cli/fixtures/help-examples/expected.py"), [dir])) as Expected;
    cpSync(testPath("../samples"), join(dir, "samples"), { recursive: true });
  });
  afterAll(() => remove());

  /** Runs an example and applies its check; an example nobody wrote a check for fails. */
  function runChecked(command: string, status: number, allowStderr: boolean): CliResult {
    const result = runShell(command, { cwd: dir });
    expect({ status: result.status, stderr: allowStderr ? "" : result.stderr }).toEqual({ status, stderr: "" });
    const check = CHECKS[command];
    if (check === undefined) throw new Error(`no check for the example \`${command}\`: add what it must print to CHECKS`);
    check(result, expected, dir);
    return result;
  }

  it.each([...CAT_EXAMPLES, ...SHOW_EXAMPLES, ...INSPECT_EXAMPLES].map((example) => [example.command, example] as const))(
    "help example `%s` prints what CPython says it must",
    (_command, example) => {
      runChecked(example.command, example.exitCode ?? 0, example.command.includes("--skip-corrupt"));
    },
  );

  it.each(readmeExamples().map((example) => [example.command, example] as const))("README example `%s` prints what it shows or what CPython says", (_command, example) => {
    if (example.output.length > 0) {
      // The README shows the output: it must be exactly that.
      const result = runShell(example.command, { cwd: dir });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: promisedStatus(example.command), stderr: "" });
      expect(result.text).toBe(`${example.output.join("\n")}\n`);
    } else {
      runChecked(example.command, promisedStatus(example.command), example.command.includes("--skip-corrupt"));
    }
  });

  it("finds the README's examples (the parse above is not vacuous)", () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(12);
    expect(readmeExamples()[0]).toEqual({
      command: "pkl-stream samples/appended-records.pkl --limit 2",
      output: [expect.stringMatching(/^\{"id":0,/), expect.stringMatching(/^\[1,/)],
    });
  });
});
