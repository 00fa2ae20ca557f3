// cat and convert write NDJSON and msgpack of pickles through core's tape engine; --select .
// keeps the value path (decode, then a writer). Both give the same bytes.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const SAMPLE = fileURLToPath(new URL("../../samples/appended-records.pkl", import.meta.url));

describe("output through the tape engine", () => {
  it("cat writes the NDJSON the value path writes", () => {
    const tape = runCli([SAMPLE]);
    const value = runCli([SAMPLE, "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.stdout.length).toBeGreaterThan(1000);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it("cat --meta writes the NDJSON the value path writes", () => {
    const tape = runCli([SAMPLE, "--meta", "--limit", "20"]);
    const value = runCli([SAMPLE, "--meta", "--limit", "20", "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.text.split("\n")).toHaveLength(21);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it("cat -f msgpack writes the msgpack the value path writes", () => {
    const tape = runCli([SAMPLE, "-f", "msgpack"]);
    const value = runCli([SAMPLE, "-f", "msgpack", "--select", "."]);
    expect(tape.status).toBe(0);
    expect(tape.stdout.equals(value.stdout)).toBe(true);
  });

  it.each(["ndjson", "msgpack"])("convert -f %s writes what cat's value path writes", (format) => {
    const converted = runCli(["convert", SAMPLE, "-f", format]);
    const value = runCli([SAMPLE, "-f", format, "--select", "."]);
    expect(converted.status).toBe(0);
    expect(converted.stdout.equals(value.stdout)).toBe(true);
  });
});
