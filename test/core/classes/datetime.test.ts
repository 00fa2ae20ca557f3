import { type PyDateTime, PyGlobal, type PyTimedelta, type PyTimezone, loads } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { construct } from "./context.js";
import { fromHex } from "./plain-form.js";

/** pickle.dumps(timedelta(days=999999999, seconds=86399, microseconds=999999), protocol=2); total_seconds() == 86400000000000.0 */
const MAX_TIMEDELTA = "8002636461746574696d650a74696d6564656c74610a71004affc99a3b4a7f5101004a3f420f008771015271022e";
/** pickle.dumps(timedelta(days=-123456789, microseconds=1), protocol=2); total_seconds() == -10666666569600.0 */
const NEGATIVE_TIMEDELTA = "8002636461746574696d650a74696d6564656c74610a71004aeb32a4f84b004b018771015271022e";

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe("datetime reconstructors", () => {
  it("rounds total_seconds() of huge timedeltas once, as Python divides ints", () => {
    expect((loads(fromHex(MAX_TIMEDELTA)) as PyTimedelta).totalSeconds()).toBe(86400000000000.0);
    expect((loads(fromHex(NEGATIVE_TIMEDELTA)) as PyTimedelta).totalSeconds()).toBe(-10666666569600.0);
  });

  it("normalizes timedelta fields as Python keeps them", () => {
    const delta = construct("datetime.timedelta", [0, -1, 0]) as PyTimedelta;
    expect([delta.days, delta.seconds, delta.microseconds]).toEqual([-1, 86399, 0]);
  });

  it("keeps fold and prints no offset for a naive datetime", () => {
    const value = construct("datetime.datetime", [bytes(7, 232, 0x80 | 1, 2, 3, 4, 5, 0, 0, 6)]) as PyDateTime;
    expect(value.fold).toBe(1);
    expect(value.isoformat()).toBe("2024-01-02T03:04:05.000006");
  });

  it("prints the offset of a named fixed timezone", () => {
    const ist = construct("datetime.timezone", [construct("datetime.timedelta", [0, 19800, 0]), "IST"]) as PyTimezone;
    const value = construct("datetime.datetime", [bytes(7, 232, 1, 2, 3, 4, 5, 0, 0, 0), ist]) as PyDateTime;
    expect(ist.name).toBe("IST");
    expect(value.toPlain()).toBe("2024-01-02T03:04:05+05:30");
  });

  it("prints no offset for a tzinfo it cannot evaluate (pytz, zoneinfo placeholders)", () => {
    const value = construct("datetime.datetime", [bytes(7, 232, 1, 2, 3, 4, 5, 0, 0, 0), new PyGlobal("pytz", "UTC")]);
    expect((value as PyDateTime).toPlain()).toBe("2024-01-02T03:04:05");
  });

  it("reads the state of a Python 2 datetime from latin-1 text", () => {
    const text = String.fromCharCode(7, 223, 7, 8, 9, 10, 11, 0, 0, 12);
    expect((construct("datetime.datetime", [text]) as PyDateTime).isoformat()).toBe("2015-07-08T09:10:11.000012");
  });

  it("accepts the field form date(year, month, day) of hand-written pickles", () => {
    expect(construct("datetime.date", [2023, 2, 28])).toMatchObject({ year: 2023, month: 2, day: 28 });
  });

  it("rejects a month byte of 13, a 30th of February and a 25th hour", () => {
    expect(() => construct("datetime.date", [bytes(7, 232, 13, 1)])).toThrow(/month 13/);
    expect(() => construct("datetime.date", [bytes(7, 232, 2, 30)])).toThrow(/day 30/);
    expect(() => construct("datetime.time", [bytes(25, 0, 0, 0, 0, 0)])).toThrow(/hour 25/);
  });

  it("rejects a timezone offset of a whole day", () => {
    expect(() => construct("datetime.timezone", [construct("datetime.timedelta", [1, 0, 0])])).toThrow(/24 hours/);
  });
});
