// TapeDriver.run switches on opcode bytes written as number literals (V8 makes a jump table of
// those; imported constants are compared one by one), each named in a comment: every name must
// be the opcode of that byte in the opcode table.
import { readFileSync } from "node:fs";
import { opcodeByName } from "@pkl-stream/core/opcodes";
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
