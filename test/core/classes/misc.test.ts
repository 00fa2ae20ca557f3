// The Decimal, Fraction, UUID and pathlib reconstructors called directly with hand-written
// arguments (forms a pickle may hold that CPython's own pickles do not show), each compared with
// what CPython itself makes of the same arguments: `str(Decimal(text))`, `str(Fraction(...))`,
// `str(UUID(int=...))`, `str(PurePosixPath(*parts))`. CPython is the oracle, not this file.
import { type PyDecimal, type PyPath, type PyUuid, type PyValue, createDict, loads } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython } from "../../helpers/python.js";
import { runPython } from "../json/run-python.js";
import { construct, testContext } from "./context.js";

const DECIMALS = ["1e3", "0.0001230", "-0e-7", "12345678901234567890.5", "nan", "-inf", "1_000", "  7.50  "];
const FRACTIONS: PyValue[][] = [[6, -4], ["-1.25e-1"], ["10/5"], [" -3/6 "], ["1_0/4"], [2n ** 70n, 2], [2n ** 70n, 6]];
// Strings as Python 3.11's Fraction pattern reads them: Unicode digits and whitespace, ".5", "1.",
// underscores only between digits, no spaces around "/", int()'s 4300-digit limit; null: refused.
const FRACTION_TEXTS = [
  "\u0663/\u0664", "\uff13/\uff14", ".5", "1.", "-.5e-1", "+7E+2", "\u00a01/3\u3000", "\x1c2\x1f", "1_000.000_1", "1e1_0",
  "3 / 4", "1__0", "1_", "_1", "1/-2", "1.d", "1.5/2", "1e", "\u00bd", "1\u00b2", "1".repeat(4301), `0.${"1".repeat(4301)}`, `1e${"0".repeat(4300)}1`,
  `${"1".repeat(4300)}/${"3".repeat(4300)}`, "\u{1d7d9}\u{1d7ce}.\u{1d7e7}", "1.\u{1d7ce}5", ".\u{1d7ff}", "\u{1e950}/\u{1fbf5}",
];
const UUID_INTS = [0x12345678123456781234567812345678n, 0n, 2n ** 128n - 1n];
const PATHS: [string, string[]][] = [
  ["pathlib.PurePosixPath", ["a", "/b", "c/./d"]],
  ["pathlib.PurePosixPath", ["///x"]],
  ["pathlib.PurePosixPath", ["//x", "y/"]],
  ["pathlib.PureWindowsPath", ["c:\\", "x", "/y"]],
  ["pathlib.PureWindowsPath", ["d:", "rel"]],
  ["pathlib.PureWindowsPath", ["c:/a", "D:b"]],
  ["pathlib.PosixPath", []],
  ["pathlib._local.PosixPath", ["a", "b"]],
];

/** CPython's answers for every case above, in one run. */
function pythonAnswers(): { decimals: string[]; badDecimal: string; fractions: string[]; fractionTexts: (string | null)[]; uuids: string[]; uuidWithoutInt: string; paths: string[] } {
  const script = `
import decimal, fractions, json, pathlib, sys, uuid
cases = json.loads(sys.stdin.read())
def error_name(make):
    try:
        make()
    except Exception as error:
        return type(error).__name__
    return "no error"
def path_class(qualname):
    # pathlib._local (Python 3.13's module) holds the same classes as 3.11's pathlib.
    return getattr(pathlib, qualname.rsplit(".", 1)[1])
def fraction(args):
    return fractions.Fraction(*[int(a["int"]) if "int" in a else a["str"] for a in args])
def fraction_text(text):
    try:
        return str(fractions.Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None
print(json.dumps({
    "decimals": [str(decimal.Decimal(text)) for text in cases["decimals"]],
    "badDecimal": error_name(lambda: decimal.Decimal("1.2.3")),
    "fractions": [str(fraction(args)) for args in cases["fractions"]],
    "fractionTexts": [fraction_text(text) for text in cases["fractionTexts"]],
    "uuids": [str(uuid.UUID(int=int(value))) for value in cases["uuids"]],
    "uuidWithoutInt": error_name(lambda: uuid.UUID.__new__(uuid.UUID).__setstate__({})),
    "paths": [str(path_class(qualname)(*parts)) for qualname, parts in cases["paths"]],
}))
`;
  const cases = {
    decimals: DECIMALS,
    // Ints travel as their decimal text (JSON cannot hold 2**70), strings as they are.
    fractions: FRACTIONS.map((args) => args.map((arg) => (typeof arg === "string" ? { str: arg } : { int: String(arg) }))),
    fractionTexts: FRACTION_TEXTS,
    uuids: UUID_INTS.map(String),
    paths: PATHS,
  };
  return JSON.parse(runPython(script, JSON.stringify(cases))) as ReturnType<typeof pythonAnswers>;
}

describe.runIf(requirePython())("Decimal, Fraction, UUID and pathlib reconstructors against CPython", () => {
  const python = pythonAnswers();

  it("prints a hand-written Decimal string as str(Decimal) does", () => {
    expect(DECIMALS.map((text) => (construct("decimal.Decimal", [text]) as PyDecimal).text)).toEqual(python.decimals);
  });

  it("rejects a Decimal string that CPython rejects", () => {
    expect(python.badDecimal).toBe("InvalidOperation");
    expect(() => construct("decimal.Decimal", ["1.2.3"])).toThrow(/invalid literal/);
  });

  it("reduces a Fraction to lowest terms from a pair or from Python's string forms, as str(Fraction) does", () => {
    expect(FRACTIONS.map((args) => String(construct("fractions.Fraction", args)))).toEqual(python.fractions);
  });

  it("reads a Fraction string as Python 3.11's pattern and int() read it, or refuses it where they do", () => {
    const ours = (text: string): string | null => {
      try {
        return String(construct("fractions.Fraction", [text]));
      } catch {
        return null;
      }
    };
    expect(FRACTION_TEXTS.map(ours)).toEqual(python.fractionTexts);
    expect(python.fractionTexts.filter((answer) => answer === null).length).toBeGreaterThanOrEqual(10);
  });

  it("refuses a Fraction string whose exponent is past the decoder's largest int, before computing the power", () => {
    // The refusal comes before 10n ** 10**8, which took 30 s.
    expect(() => construct("fractions.Fraction", ["1.5e-100000000"])).toThrow(/exponent -100000000 .* is past the 2525223 digits read/);
    expect(String(construct("fractions.Fraction", ["1e3"]))).toBe("1000");
  });

  it("holds a Fraction string's exponent and bytearray(n) to the decoder's maxIntBytes and maxBytesLength", () => {
    const limited = testContext({ limits: { maxBytesLength: 1000, maxIntBytes: 100 } });
    expect(() => construct("fractions.Fraction", ["1e300"], limited)).toThrow(/exponent 300 .* is past the 241 digits read/);
    expect(String(construct("fractions.Fraction", ["1e240"], limited))).toBe(`1${"0".repeat(240)}`);
    expect(() => construct("builtins.bytearray", [1_000_000], limited)).toThrow(/1000000 bytes exceeds maxBytesLength \(1000\)/);
    expect((construct("builtins.bytearray", [1000], limited) as Uint8Array).length).toBe(1000);
    // Through the decoder: bytearray(1000000) under maxBytesLength 1000.
    const pickle = Uint8Array.from(Buffer.from("\x80\x02cbuiltins\nbytearray\nJ\x40\x42\x0f\x00\x85R.", "latin1"));
    expect(() => loads(pickle, { maxBytesLength: 1000 })).toThrow(/exceeds maxBytesLength \(1000\)/);
  });

  it("fills a UUID from its BUILD state and prints it as str(UUID) does", () => {
    const printed = UUID_INTS.map((value) => {
      const uuid = construct("uuid.UUID", []) as PyUuid;
      const state = createDict();
      state["int"] = value;
      uuid.setState(state);
      return uuid.toPlain();
    });
    expect(printed).toEqual(python.uuids);
  });

  it("rejects a UUID state without an int, as CPython does", () => {
    expect(python.uuidWithoutInt).toBe("KeyError");
    expect(() => (construct("uuid.UUID", []) as PyUuid).setState(createDict())).toThrow(/no 'int'/);
  });

  it("reads is_safe as SafeUUID(value) does: 0, -1, None and False are members, 7, True and a str are refused", () => {
    const withIsSafe = (isSafe: PyValue): PyUuid => {
      const value = construct("uuid.UUID", []) as PyUuid;
      value.setState(new Map<PyValue, PyValue>([["int", 1n], ["is_safe", isSafe]]));
      return value;
    };
    for (const isSafe of [0, -1, null, false]) expect(withIsSafe(isSafe).toString()).toBe("00000000-0000-0000-0000-000000000001");
    for (const isSafe of [7, true, "x"]) expect(() => withIsSafe(isSafe)).toThrow(/is not a SafeUUID value/);
  });

  it("joins a path of 200,000 parts (a spread of them threw RangeError, a crash on hostile input)", () => {
    const long = "a/".repeat(200_000);
    expect(String(construct("pathlib.PurePosixPath", [long])).length).toBe(long.length - 1);
    expect(String(construct("pathlib.PureWindowsPath", [long.replaceAll("/", "\\")])).length).toBe(long.length - 1);
  });

  it("joins path parts as pathlib does for each flavour", () => {
    expect(PATHS.map(([qualname, parts]) => (construct(qualname, parts) as PyPath).text)).toEqual(python.paths);
  });
});
