// Files of real libraries' formats made hostile or unusual (test/fixtures/hostile-formats, each
// made by the script beside it): each decodes to what CPython loads, or fails with a PickleError
// (never an internal error, an out-of-memory, or a value printed wrong).
import { readFileSync } from "node:fs";
import { isPickleError, loadAll, loadTorch, toJson } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { testPath } from "../../helpers/python.js";

const file = (name: string): Uint8Array => readFileSync(testPath(`fixtures/hostile-formats/${name}`));
const json = (name: string): string => loadAll(file(name), JSON_DECODE_OPTIONS).map((record) => toJson(record)).join("\n");
const errorOf = (decode: () => unknown): string => {
  try {
    decode();
  } catch (error) {
    return isPickleError(error) ? `PickleError: ${error.message}` : `not a PickleError: ${String(error)}`;
  }
  return "no error";
};

describe("library formats made hostile", () => {
  it.each([
    ["argcount_huge.pkl", /co_varnames is too small \(\d+ names for 112589990684262\d parameters\)/],
    ["kwonly_huge.pkl", /co_varnames is too small \(\d+ names for 1099511627\d+ parameters\)/],
  ])("refuses a function whose code claims more parameters than it names (%s ran the heap out of memory)", (name, reason) => {
    const error = errorOf(() => json(name));
    expect(error).toMatch(/^PickleError: /);
    expect(error).toMatch(reason);
  });

  it("refuses a legacy torch file whose storage view has a negative size (it was an internal error)", () => {
    expect(errorOf(() => loadTorch(file("view_neg.pt")))).toMatch(/^PickleError: .*a storage view is not \(key, offset, size\) with an offset and size of 0 or more/);
  });

  it("reads any non-zero is_fortran as Fortran order, as numpy reads the C int", () => {
    expect(json("m_fortran_flag_int.pkl")).toBe("[[50462976,185207048],[117835012,252579084]]");
  });

  it("prints a pandas Timestamp in a dateutil zone with the zone's offset (it printed the UTC time as the wall time)", () => {
    expect(json("b_ts_dateutil.p4.pkl")).toBe('"2024-06-01T00:00:00-05:00"');
  });

  it("gives a zoneinfo datetime of 0001-01-01 the zone's local mean time (it was +8755:03:58)", () => {
    expect(json("zi_old.p4.pkl")).toBe('"0001-01-01T00:00:00-04:56:02"');
  });

  it.each(["ts_huge.pkl", "td_huge.pkl", "ts_sec_2p62.pkl"])("refuses %s, a pandas time past int64 or past the seconds a double holds, where it printed a wrong time", (name) => {
    expect(errorOf(() => json(name))).toMatch(/^PickleError: .*(out of int64 range|past the instants pkl-stream prints)/);
  });
});
