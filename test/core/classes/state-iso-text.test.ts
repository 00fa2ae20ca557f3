// stateIsoText (classes/datetime.ts): the text the engine writes for a naive datetime or a date
// from its state bytes, without making its object; writeStateIso, the same text written as bytes
// (value shapes). It must be what the value path writes for the same bytes (loads, then the JSON
// mapping's isoformat), and refused exactly where the value path's reconstructor refuses them.
import { isPickleError, loads, type PyValue, toJson } from "@pkl-stream/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stateIsoText, writeStateIso } from "../../../packages/core/src/classes/datetime.js";

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** writeStateIso's text, written past a byte of its own into room for 26 more, or undefined where it refuses the state. */
function writtenIso(state: Uint8Array, at: number, isDate: boolean): string | undefined {
  const out = new Uint8Array(27).fill(0xff);
  const end = writeStateIso(out, 1, state, at, isDate);
  if (end < 0) return undefined;
  expect(out[0]).toBe(0xff);
  return String.fromCharCode(...out.subarray(1, end));
}

/** `datetime.<name>(state)` at protocol 4, as CPython writes it. */
function statePickle(name: "datetime" | "date", state: Uint8Array): Uint8Array {
  return Uint8Array.from([
    0x80, 4,
    0x8c, 8, ...ascii("datetime"),
    0x8c, name.length, ...ascii(name),
    0x93,
    0x43, state.length, ...state,
    0x85, 0x52, 0x2e,
  ]);
}

/** The value path's JSON text of the value, or undefined when it refuses the bytes. */
function valuePathText(name: "datetime" | "date", state: Uint8Array): string | undefined {
  let value: PyValue;
  try {
    value = loads(statePickle(name, state));
  } catch (error) {
    if (isPickleError(error)) return undefined;
    throw error;
  }
  return JSON.parse(toJson(value)) as string;
}

// Field bytes mostly in their ranges, sometimes near or past them (month 0-13 with the fold bit,
// day 0-32, hour 0-24 with the fold bit, ...), years near 1 and 9999 and leap years: both outcomes
// come up often.
const inOrNear = (valid: fc.Arbitrary<number>, near: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: near }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) });
const year = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1896, max: 2104 }), fc.integer({ min: 9997, max: 10001 }), fc.integer({ min: 0, max: 0xffff }));
const month = inOrNear(fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0x81, max: 0x8c })), fc.constantFrom(0, 13, 0x80, 0x8d));
const day = inOrNear(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 29, max: 32 }));
const hour = inOrNear(fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0x80, max: 0x97 })), fc.constantFrom(24, 0x98));
const sixty = inOrNear(fc.integer({ min: 0, max: 59 }), fc.constant(60));
const micro = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 999_990, max: 1_000_010 }), fc.integer({ min: 0, max: 0xffffff }));

describe("stateIsoText", () => {
  it("writes a datetime's state as the value path does, and refuses what it refuses (property)", () => {
    let refused = 0;
    fc.assert(
      fc.property(year, month, day, hour, sixty, sixty, micro, (y, mo, d, h, mi, s, us) => {
        const state = Uint8Array.of(y >> 8, y & 0xff, mo, d, h, mi, s, us >> 16, (us >> 8) & 0xff, us & 0xff);
        const expected = valuePathText("datetime", state);
        if (expected === undefined) refused++;
        expect(stateIsoText(state, 0, false)).toBe(expected);
        expect(writtenIso(state, 0, false)).toBe(expected);
      }),
      { numRuns: 3000, seed: 12 },
    );
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2400);
  });

  it("writes a date's state as the value path does, and refuses what it refuses (property)", () => {
    fc.assert(
      fc.property(year, month, day, (y, mo, d) => {
        const state = Uint8Array.of(y >> 8, y & 0xff, mo, d);
        const expected = valuePathText("date", state);
        expect(stateIsoText(state, 0, true)).toBe(expected);
        expect(writtenIso(state, 0, true)).toBe(expected);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it("reads the state where it starts in a larger array", () => {
    const bytes = Uint8Array.of(9, 9, 0x07, 0xe8, 2, 29, 23, 59, 58, 0x0f, 0x42, 0x3f, 9);
    expect(stateIsoText(bytes, 2, false)).toBe("2024-02-29T23:59:58.999999");
    expect(stateIsoText(bytes, 2, true)).toBe("2024-02-29");
    expect(writtenIso(bytes, 2, false)).toBe("2024-02-29T23:59:58.999999");
    expect(writtenIso(bytes, 2, true)).toBe("2024-02-29");
  });
});
