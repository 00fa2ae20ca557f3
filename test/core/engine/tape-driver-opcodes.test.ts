// TapeDriver.run switches on opcode bytes written as number literals (V8 makes a jump table of
// those; imported constants are compared one by one), each named in a comment: every name must
// be the opcode of that byte in the opcode table. Each case checks by hand that its argument has
// arrived (`if (pos + 2 > end) break;`): a check of the table's size before the switch cost 4-5%
// of the one-pass JSON writer's CPU on stream.pkl, so the sizes written there are checked here
// against the one argument-size table instead.
import { readFileSync } from "node:fs";
import { opcodeByCode, opcodeByName } from "@pkl-stream/core/opcodes";
import { describe, expect, it } from "vitest";

const source = readFileSync(new URL("../../../packages/core/src/engine/tape-driver.ts", import.meta.url), "utf8");
// `case 0x7d: // EMPTY_DICT`, `case 0x5d: /* EMPTY_LIST */ {` and `op === 0x75 /* SETITEMS */`.
const named = [...source.matchAll(/(0x[0-9a-f]{2}):? (?:\/\/ |\/\* )([A-Z][A-Z0-9_]+)/g)].map((match) => [match[2]!, Number(match[1])] as const);

describe("TapeDriver.run's opcode literals", () => {
  it("names every opcode case it switches on", () => {
    const cases = source.match(/case 0x[0-9a-f]{2}:/g) ?? [];
    const namedCases = source.match(/case 0x[0-9a-f]{2}: (?:\/\/ |\/\* )[A-Z][A-Z0-9_]+/g) ?? [];
    expect(cases.length).toBeGreaterThan(30);
    expect(namedCases.length).toBe(cases.length);
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

// run()'s cases: the opcode bytes of each block (case labels that share it) and its source up to the next block.
const run = source.slice(source.indexOf("  run(): number {"), source.indexOf("\n  }\n", source.indexOf("  run(): number {")));
const blocks: { codes: number[]; body: string }[] = [];
let isAfterCase = false;
for (const line of run.split("\n")) {
  const label = /^\s+case (0x[0-9a-f]{2}):/.exec(line);
  if (label !== null && !isAfterCase) blocks.push({ codes: [], body: "" });
  if (/^\s+default:/.test(line)) blocks.push({ codes: [], body: "" });
  const block = blocks.at(-1);
  if (label !== null) block?.codes.push(Number(label[1]));
  if (block !== undefined) block.body += `${line}\n`;
  isAfterCase = label !== null && !line.includes("{") && !/\S\s*$/.test(line.replace(/\/\/.*$/, "").replace(/case 0x[0-9a-f]{2}:/, ""));
}
const caseBlocks = blocks.filter((block) => block.codes.length > 0);

describe("TapeDriver.run's argument checks", () => {
  it("finds every case block", () => {
    expect(caseBlocks.flatMap((block) => block.codes)).toHaveLength((run.match(/case 0x[0-9a-f]{2}:/g) ?? []).length);
  });

  it.each(caseBlocks.map((block) => [opcodeByCode(block.codes[0]!)!.name, block] as const))("%s waits for the argument size the opcode table gives", (_name, block) => {
    const header = headerBytes(block.codes[0]!);
    for (const code of block.codes) expect(headerBytes(code)).toBe(header);
    const checks = [...block.body.matchAll(/if \(pos \+ (\d+)(?: \+ length)? > end\) break;/g)].map((match) => [Number(match[1]), match[0].includes("length")] as const);
    if (header === 0) {
      expect(checks).toEqual([]);
      return;
    }
    // The argument's fixed bytes first; a payload after its length prefix.
    expect(checks[0]).toEqual([1 + header, false]);
    for (const [bytes] of checks.slice(1)) expect(bytes).toBe(1 + header);
  });
});

// The island reader (island.ts) switches on literals too, named the same way.
const islandSource = readFileSync(new URL("../../../packages/core/src/engine/island.ts", import.meta.url), "utf8");
const islandNamed = [...islandSource.matchAll(/(0x[0-9a-f]{2}):? (?:\/\/ |\/\* )([A-Z][A-Z0-9_]+)/g)].map((match) => [match[2]!, Number(match[1])] as const);

describe("the island reader's opcode literals", () => {
  it("names every opcode case it switches on", () => {
    const cases = islandSource.match(/case 0x[0-9a-f]{2}:/g) ?? [];
    const namedCases = islandSource.match(/case 0x[0-9a-f]{2}: (?:\/\/ |\/\* )[A-Z][A-Z0-9_]+/g) ?? [];
    expect(cases.length).toBeGreaterThan(30);
    expect(namedCases.length).toBe(cases.length);
  });

  it.each(islandNamed)("writes %s as its byte in the opcode table", (name, code) => {
    expect(opcodeByName(name)?.code).toBe(code);
  });
});
