// Every exit status the command can end with is documented where users look: the help and both
// READMEs name 70 (an internal error) beside 0, 1, 2 and 130.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const read = (relative: string): string => readFileSync(new URL(`../../${relative}`, import.meta.url), "utf8");

describe("documented exit statuses", () => {
  it("lists 0, 1, 2, 70 and 130 in pkl-stream --help", () => {
    const help = runCli(["--help"]).text.replace(/\s+/g, " ");
    expect(help).toMatch(/Exit status: 0 all good .*1 bad data .*2 bad usage .*70 internal error .*130 interrupted/);
  });

  it("gives 70 a row in the CLI README's table", () => {
    expect(read("packages/cli/README.md")).toMatch(/^\| 70 \| internal error: a bug of pkl-stream/m);
  });

  it("names 70 in the root README's sentence on exit codes", () => {
    expect(read("README.md").replace(/\s+/g, " ")).toMatch(/exit codes are 0 \(fine\), 1 \(bad data\), 2 \(bad usage\), 70 \(internal error/);
  });
});
