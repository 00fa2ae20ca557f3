// Where an island ends (engine/island-scan.ts): with the island's value alone on its stack, the
// opcodes after it are walked by their stack effects until one reaches the value (the island goes
// on) or the data around it takes it. Giving up ends the island, which is always safe: an opcode
// that acts on the value later declines the record.
import { describe, expect, it } from "vitest";
import { SCAN_LEAVES, SCAN_RAN_OUT, SCAN_TAKES, SCAN_TOO_LONG, scanIslandEnd } from "../../../packages/core/src/engine/island-scan.js";

const scan = (ops: readonly number[], maxPos = 1 << 20): number => scanIslandEnd(Uint8Array.from(ops), 0, ops.length, maxPos);
const int = (value: number): number[] => [0x4b, value];
const MARK = 0x28;
const REDUCE = 0x52;
const BUILD = 0x62;
const SETITEMS = 0x75;
const TUPLE2 = 0x86;
const EMPTY_DICT = 0x7d;
const BINFLOAT = [0x47, 0, 0, 0, 0, 0, 0, 0, 0];

describe("scanIslandEnd", () => {
  it("goes on over a call's arguments and REDUCE", () => {
    expect(scan([...int(1), ...int(2), TUPLE2, REDUCE])).toBe(SCAN_TAKES);
  });

  it("goes on over a state dict and BUILD", () => {
    expect(scan([EMPTY_DICT, MARK, ...int(1), ...int(2), SETITEMS, BUILD])).toBe(SCAN_TAKES);
  });

  it("goes on over items set after a MARK right above the value", () => {
    expect(scan([MARK, ...int(1), ...int(2), SETITEMS])).toBe(SCAN_TAKES);
  });

  it("ends where a SETITEMS whose MARK is below the value takes it (a dict's key or value)", () => {
    expect(scan([...BINFLOAT, ...int(3), ...BINFLOAT, SETITEMS])).toBe(SCAN_LEAVES);
  });

  it("gives up once 8 items pile up above the value outside any MARK (a key followed by the rest of its dict's batch)", () => {
    const pairs = Array.from({ length: 5 }, () => [...int(7), ...BINFLOAT]).flat();
    expect(scan([...BINFLOAT, ...pairs, SETITEMS])).toBe(SCAN_LEAVES);
    // Even when opcodes after that would come back down to the value (no pickler writes this).
    const items = Array.from({ length: 9 }, () => int(1)).flat();
    const pops = new Array<number>(9).fill(0x30);
    expect(scan([...items, ...pops, ...int(2), BUILD])).toBe(SCAN_LEAVES);
    expect(scan([...items.slice(0, 2 * 7), ...pops.slice(0, 7), ...int(2), BUILD])).toBe(SCAN_TAKES);
  });

  it("asks for more input when the opcodes end first, and stops past maxPos", () => {
    expect(scan([...int(1), ...int(2)])).toBe(SCAN_RAN_OUT);
    expect(scan([...int(1), ...int(2), ...int(3), TUPLE2, REDUCE], 3)).toBe(SCAN_TOO_LONG);
  });
});
