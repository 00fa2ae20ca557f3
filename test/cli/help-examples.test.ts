// The examples of `pkl-stream --help` (and of show/inspect) and of packages/cli/README.md all
// work: each runs in a folder holding the files it names and ends with the status it promises.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAT_EXAMPLES, type HelpExample, INSPECT_EXAMPLES, SHOW_EXAMPLES } from "../../packages/cli/src/help.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { makeWorkDir, runCli, runShell } from "./run-cli.js";

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

describe.runIf(requirePython())("the examples of the help and the READMEs", () => {
  let dir = "";
  let remove = (): void => {};

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    runPythonScript(testPath("cli/fixtures/help-examples/make_files.py"), [dir]);
    cpSync(testPath("../samples"), join(dir, "samples"), { recursive: true });
  });
  afterAll(() => remove());

  it.each([...CAT_EXAMPLES, ...SHOW_EXAMPLES, ...INSPECT_EXAMPLES].map((example) => [example.command, example] as const))(
    "help example `%s` works",
    (_command, example) => {
      const result = runShell(example.command, { cwd: dir });
      expect({ status: result.status, stderr: example.command.includes("--skip-corrupt") ? "" : result.stderr }).toEqual({
        status: example.exitCode ?? 0,
        stderr: "",
      });
      // Examples that write a file print nothing; the others print something.
      if (!/ -o | --png /.test(example.command)) expect(result.stdout.length).toBeGreaterThan(0);
    },
  );

  it.each(readmeExamples().map((example) => [example.command, example] as const))("README example `%s` works", (_command, example) => {
    const result = runShell(example.command, { cwd: dir });
    expect(result.status).toBe(promisedStatus(example.command));
    if (example.output.length > 0) expect(result.text).toBe(`${example.output.join("\n")}\n`);
  });

  it("finds the README's examples (the parse above is not vacuous)", () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(12);
    expect(readmeExamples()[0]).toEqual({
      command: "pkl-stream samples/appended-records.pkl --limit 2",
      output: [expect.stringMatching(/^\{"id":0,/), expect.stringMatching(/^\[1,/)],
    });
  });
});
