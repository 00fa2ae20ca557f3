// What the help and packages/cli/README.md say about -o and --entries, held to what the commands
// do. The decoding command's help called its -o "atomic" though bad data renames the records
// before it over FILE; the README's "is also an input" example printed another error; the help
// promised --entries "constant memory" (a 200 MB dict peaked at 528 MB, as without it).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkDir, runCli } from "./run-cli.js";
import { dictPickle } from "../helpers/dict-pickle.js";

const README = readFileSync(new URL("../../packages/cli/README.md", import.meta.url), "utf8");

/** A help text's option block: the line starting with `flag` and the lines continuing it. */
function optionText(help: string, flag: string): string {
  const lines = help.split("\n");
  const first = lines.findIndex((line) => line.trimStart().startsWith(flag));
  expect(first).toBeGreaterThanOrEqual(0);
  const block = [lines[first]!];
  for (const line of lines.slice(first + 1)) {
    if (!/^ {20,}\S/.test(line)) break;
    block.push(line);
  }
  return block.map((line) => line.trim()).join(" ");
}

describe("what the help and README say about output paths and --entries", () => {
  let dir = "";
  let remove = (): void => {};

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    writeFileSync(join(dir, "same.pkl"), dictPickle({ a: 1 }));
    // A good record, then one whose second byte is no opcode.
    writeFileSync(join(dir, "bad.pkl"), Buffer.concat([dictPickle({ id: 0 }), Buffer.from([0x80, 0x02, 0xff])]));
    writeFileSync(join(dir, "good.pkl"), dictPickle({ id: 7 }));
    writeFileSync(join(dir, "big.pkl"), dictPickle(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]))));
  });
  afterAll(() => remove());

  it("the decoding command's -o help says bad data renames the records before it over FILE, and it does", () => {
    const text = optionText(runCli(["--help"]).text, "-o, --output FILE");
    expect(text).not.toMatch(/atomic/);
    expect(text).toContain("renamed over FILE when the command ends, also after bad data (FILE then holds the records before the bad one)");
    expect(text).toContain("on Ctrl-C or a failed write (disk full) FILE is left as it was");
    writeFileSync(join(dir, "cat.json"), "old");
    const result = runCli(["bad.pkl", "-o", "cat.json"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(readFileSync(join(dir, "cat.json"), "utf8")).toBe('[{"id":0}]\n');
  });

  it("convert's and merge's -o help say an error leaves FILE as it was, and it does (merge -k writes the good files)", () => {
    expect(optionText(runCli(["convert", "--help"]).text, "-o, --output FILE")).toContain("any error, or Ctrl-C, leaves FILE as it was");
    const merge = optionText(runCli(["merge", "--help"]).text, "-o, --output FILE");
    expect(merge).toContain("(with -k also when files were bad); an error that ends the merge, or Ctrl-C, leaves FILE as it was");
    writeFileSync(join(dir, "convert.json"), "old");
    expect(runCli(["convert", "bad.pkl", "-o", "convert.json"], { cwd: dir }).status).toBe(1);
    expect(readFileSync(join(dir, "convert.json"), "utf8")).toBe("old");
    writeFileSync(join(dir, "merge.json"), "old");
    expect(runCli(["merge", "good.pkl", "bad.pkl", "-o", "merge.json"], { cwd: dir }).status).toBe(1);
    expect(readFileSync(join(dir, "merge.json"), "utf8")).toBe("old");
    expect(runCli(["merge", "good.pkl", "bad.pkl", "-k", "-o", "merge.json"], { cwd: dir }).status).toBe(1);
    expect(readFileSync(join(dir, "merge.json"), "utf8")).toBe('{"id":7}\n');
  });

  it("the README's 'is also an input' examples print the message it quotes, and its plain example the pickle refusal", () => {
    const quoted = /`(pkl-stream: same\.pkl: is also an input; [^`]*)`/.exec(README)?.[1];
    expect(quoted).toBe("pkl-stream: same.pkl: is also an input; writing it would destroy it: write the output to another file");
    expect(README).toContain("`pkl-stream convert same.pkl -o same.pkl` (or\n  `pkl-stream same.pkl -f ndjson -o same.pkl`) exits 2 with");
    for (const args of [
      ["convert", "same.pkl", "-o", "same.pkl"],
      ["same.pkl", "-f", "ndjson", "-o", "same.pkl"],
    ]) {
      const result = runCli(args, { cwd: dir });
      expect([result.status, result.stderr]).toEqual([2, `${quoted}\n`]);
    }
    // The form the README used to show: refused first because the decoding command writes no pickles.
    const plain = runCli(["same.pkl", "-o", "same.pkl"], { cwd: dir });
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^pkl-stream: -o same\.pkl: this command writes NDJSON, JSON or msgpack, not pickles/);
    expect(readFileSync(join(dir, "same.pkl")).equals(dictPickle({ a: 1 }))).toBe(true);
  });

  it("--entries promises no constant memory, only entries written as read: --limit stops after N of them", () => {
    const help = optionText(runCli(["--help"]).text, "--entries");
    expect(help).not.toMatch(/constant memory|without holding/);
    expect(help).toContain("Memory still grows with the record");
    const row = README.split("\n").find((line) => line.startsWith("| `--entries` |"))!;
    expect(row).not.toMatch(/constant memory|without holding/);
    expect(row).toContain("It does not bound memory");
    const result = runCli(["big.pkl", "--entries", "-n", "3"], { cwd: dir });
    expect([result.status, result.text]).toEqual([0, '["k0",0]\n["k1",1]\n["k2",2]\n']);
  });
});
