// Protocol 0's INT, LONG and FLOAT lines read as CPython's C unpickler reads them: INT by C's strtol in
// base 0 (a leading 0 is octal, 0x hex; a two-character line of 0 or 1 a bool), then int(text, 0)
// where strtol stops short; LONG by int(text, 0) after dropping a trailing "L"; FLOAT by
// PyOS_string_to_double (no whitespace, OverflowError past a double). The table is
// CPython 3.11's answer for each line ("true"/"false" a bool, digits an int, null refused), and
// is computed again where python3 is at hand.
import { isPickleError, loads, type PyValue } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { requirePython, runPythonScript } from "../helpers/python.js";

const LINES: readonly (readonly [string, string | null, string | null])[] = [
  ["0", "0", "0"],
  ["1", "1", "1"],
  ["00", "false", "0"],
  ["01", "true", null],
  ["010", "8", null],
  ["-0", "false", "0"],
  ["+1", "true", "1"],
  [" 1", "true", "1"],
  ["1 ", "1", "1"],
  ["-1", "-1", "-1"],
  ["10", "10", "10"],
  ["0x10", "16", "16"],
  ["0X1f", "31", "31"],
  ["0x", null, null],
  ["0o7", "7", "7"],
  ["0b11", "3", "3"],
  ["0_1", null, null],
  ["1_0", "10", "10"],
  ["9223372036854775807", "9223372036854775807", "9223372036854775807"],
  ["9223372036854775808", "9223372036854775808", "9223372036854775808"],
  ["-9223372036854775808", "-9223372036854775808", "-9223372036854775808"],
  ["-9223372036854775809", "-9223372036854775809", "-9223372036854775809"],
  ["07", "7", null],
  ["08", null, null],
  ["1\u0000", "true", "1"],
  ["1\u0000x", "1", "1"],
  ["12345678901234567890", "12345678901234567890", "12345678901234567890"],
  ["  -0x1A", "-26", "-26"],
  ["1L", null, "1"],
  ["", null, null],
  ["abc", null, null],
  ["0x_1", "1", "1"],
  ["00000", "0", "0"],
  ["0_0", "0", "0"],
  ["-07", "-7", null],
  ["1e3", null, null],
  ["\t5", "5", "5"],
];

/** What loads makes of `opcode` with `line`, or null for a PickleError. */
function decodedLine(opcode: "I" | "L" | "F", line: string): PyValue | null {
  try {
    return loads(new Uint8Array(Buffer.from(`${opcode}${line}\n.`, "latin1")));
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return null;
  }
}

/** decodedLine as the INT and LONG table writes it: String() of the value, null when refused. */
function decoded(opcode: "I" | "L", line: string): string | null {
  const value = decodedLine(opcode, line);
  return value === null ? null : String(value);
}

/** FLOAT lines and CPython's value ("nan", "inf", "-inf" for those; null refused: OverflowError past a double, no whitespace or underscores). */
const FLOAT_LINES: readonly (readonly [string, number | string | null])[] = [
  ["1e400", null],
  ["-1e400", null],
  [" 1.5", null],
  ["1_0.5", null],
  ["1.5\r", null],
  ["1.5\u0000x", 1.5],
  ["inf", "inf"],
  ["-Infinity", "-inf"],
  ["nan", "nan"],
  ["1e-400", 0.0],
  [".5", 0.5],
  ["5.", 5.0],
  ["+1.5", 1.5],
  ["0x1p3", null],
  ["1.5 ", null],
  ["NaN", "nan"],
  ["iNf", "inf"],
  ["-0.0", -0.0],
  ["1.7976931348623157e308", 1.7976931348623157e+308],
  ["2e308", null],
  ["", null],
];

function decodedFloat(line: string): number | string | null {
  const value = decodedLine("F", line);
  if (value === null) return null;
  const float = value as number;
  return Number.isNaN(float) ? "nan" : float === Infinity ? "inf" : float === -Infinity ? "-inf" : float;
}

describe("FLOAT lines", () => {
  it.each(FLOAT_LINES)("reads %j as CPython does (%s)", (line, value) => {
    expect(decodedFloat(line)).toBe(value);
  });
});

describe("INT and LONG lines", () => {
  it.each(LINES)("reads %j as CPython does (INT %s, LONG %s)", (line, int, long) => {
    expect(decoded("I", line)).toBe(int);
    expect(decoded("L", line)).toBe(long);
  });

  it.runIf(requirePython())("has CPython's answers for every line of the table", () => {
    const script = [
      "import json, pickle, sys",
      "out = []",
      "for line in json.loads(sys.argv[1]):",
      "    row = [line]",
      "    for op in 'IL':",
      "        try:",
      "            v = pickle.loads(op.encode() + line.encode('latin1') + b'\\n.')",
      "            row.append(('true' if v else 'false') if isinstance(v, bool) else str(v))",
      "        except Exception:",
      "            row.append(None)",
      "    out.append(row)",
      "print(json.dumps(out))",
    ].join("\n");
    const answers = JSON.parse(runPythonScript("-c", [script, JSON.stringify(LINES.map(([line]) => line))])) as unknown;
    expect(answers).toEqual(LINES);
  });
});
