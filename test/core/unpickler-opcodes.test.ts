// Unpickler.run switches on opcode bytes written as number literals (V8 compiles a switch over
// literals into a jump table, over imported constants into a chain of compares: ~6% of the CPU of
// loads(records.pkl, { dict: "map" })), each named in a comment: every name must be the opcode of
// that byte in the opcode table, and every case must be named.
import { readFileSync } from "node:fs";
import { opcodeByName } from "@pkl-stream/core/opcodes";
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
