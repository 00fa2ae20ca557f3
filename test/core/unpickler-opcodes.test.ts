// Unpickler.run switches on opcode bytes written as number literals (V8 compiles a switch over
// literals into a jump table, over imported constants into a chain of compares: ~6% of the CPU of
// loads(records.pkl, { dict: "map" })), each named in a comment: every name must be the opcode of
// that byte in the opcode table, and every case must be named. Each case with a fixed argument (or
// a length prefix) checks by hand that it has arrived (`if (pos + 2 > end) return this.suspend(pos);`)
// instead of one table lookup before the switch; those sizes are checked here against the one
// argument-size table.
import { readFileSync } from "node:fs";
import { opcodeByCode, opcodeByName } from "@pkl-stream/core/opcodes";
import { describe, expect, it } from "vitest";

const source = readFileSync(new URL("../../packages/core/src/decoder/unpickler.ts", import.meta.url), "utf8");
const runStart = source.indexOf("  private run(): void {");
const run = source.slice(runStart, source.indexOf("\n  }\n", runStart));
// `case 0x7d: // EMPTY_DICT` and `case 0x5d: /* EMPTY_LIST */ {`.
const named = [...run.matchAll(/case (0x[0-9a-f]{2}): (?:\/\/ |\/\* )([A-Z][A-Z0-9_]+)/g)].map((match) => [match[2]!, Number(match[1])] as const);

describe("Unpickler.run's opcode literals", () => {
  it("names every opcode case it switches on", () => {
    const cases = run.match(/case [^:]+:/g) ?? [];
    expect(cases.length).toBeGreaterThan(40);
    expect(named.length).toBe(cases.length);
  });

  it("switches on each opcode byte at most once", () => {
    const codes = named.map(([, code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(named)("writes %s as its byte in the opcode table", (name, code) => {
    expect(opcodeByName(name)?.code).toBe(code);
  });
});

/** Bytes after the opcode byte that must arrive before the opcode runs: a fixed argument, or a payload's length prefix. */
function headerBytes(code: number): number {
  const size = opcodeByCode(code)!.arg.size;
  const prefixes: Record<number, number> = { [-3]: 1, [-4]: 4, [-5]: 4, [-6]: 8 };
  return size >= 0 ? size : (prefixes[size] ?? 0);
}

// run()'s case blocks: the opcode bytes of the labels that share one body, and that body.
const blocks: { codes: number[]; body: string }[] = [];
let isAfterLabel = false;
for (const line of run.slice(run.indexOf("switch (op) {")).split("\n")) {
  const label = /^\s+case (0x[0-9a-f]{2}):/.exec(line);
  if ((label !== null && !isAfterLabel) || /^\s+default:/.test(line)) blocks.push({ codes: [], body: "" });
  const block = blocks.at(-1);
  if (label !== null) block?.codes.push(Number(label[1]));
  else if (block !== undefined) block.body += `${line}\n`;
  isAfterLabel = label !== null && !line.includes("{");
}
const caseBlocks = blocks.filter((block) => block.codes.length > 0);

describe("Unpickler.run's argument checks", () => {
  it("finds every case block", () => {
    expect(caseBlocks.flatMap((block) => block.codes)).toHaveLength(named.length);
  });

  it("checks the rare opcodes' arguments by the table in default", () => {
    const rare = blocks.find((block) => block.codes.length === 0)!;
    expect(rare.body).toContain("if (pos + 1 + ARG_HEADER[op]! > end) return this.suspend(pos);");
  });

  it.each(caseBlocks.map((block) => [opcodeByCode(block.codes[0]!)!.name, block] as const))("%s waits for the argument size the opcode table gives", (_name, block) => {
    const sizes = new Set(block.codes.map(headerBytes));
    const checks = [...block.body.matchAll(/if \(pos \+ (\d+|1 \+ header) > end\) return this\.suspend\(pos\);/g)].map((match) => match[1]!);
    if (sizes.size === 1 && sizes.has(0)) {
      expect(checks).toEqual([]);
      return;
    }
    expect(checks).toHaveLength(1);
    if (checks[0] === "1 + header") {
      // Labels of different sizes share the body: the size comes from the table.
      expect(block.body).toContain("const header = ARG_HEADER[op]!;");
      return;
    }
    expect(sizes.size).toBe(1);
    expect(Number(checks[0])).toBe(1 + [...sizes][0]!);
  });
});
