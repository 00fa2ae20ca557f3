// float(), complex() and int() of a str as CPython 3.11 reads them: the expected values below are
// CPython's own (repr of each float; null where it raises ValueError), taken when this file was written.
import { describe, expect, it } from "vitest";
import { pythonComplexOf, pythonFloatOf, pythonIntDigitsOf } from "../../../packages/core/src/classes/python-number-text.js";
import { floatRepr } from "@pkl-stream/core/json";

interface NumberTextCase {
  readonly text: string;
  readonly float: string | null;
  readonly complex: readonly [string, string] | null;
  readonly int: string | null;
}

const CASES: readonly NumberTextCase[] = [
  {
    "text": "1+2j",
    "float": null,
    "complex": [
      "1.0",
      "2.0"
    ],
    "int": null
  },
  {
    "text": " (1-2.5j) ",
    "float": null,
    "complex": [
      "1.0",
      "-2.5"
    ],
    "int": null
  },
  {
    "text": "(1+2j",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1 + 2j",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "j",
    "float": null,
    "complex": [
      "0.0",
      "1.0"
    ],
    "int": null
  },
  {
    "text": "-j",
    "float": null,
    "complex": [
      "0.0",
      "-1.0"
    ],
    "int": null
  },
  {
    "text": "+J",
    "float": null,
    "complex": [
      "0.0",
      "1.0"
    ],
    "int": null
  },
  {
    "text": "1+j",
    "float": null,
    "complex": [
      "1.0",
      "1.0"
    ],
    "int": null
  },
  {
    "text": "1-j",
    "float": null,
    "complex": [
      "1.0",
      "-1.0"
    ],
    "int": null
  },
  {
    "text": "infj",
    "float": null,
    "complex": [
      "0.0",
      "inf"
    ],
    "int": null
  },
  {
    "text": "-inf+nanj",
    "float": null,
    "complex": [
      "-inf",
      "nan"
    ],
    "int": null
  },
  {
    "text": "Infinity",
    "float": "inf",
    "complex": [
      "inf",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "1e5j",
    "float": null,
    "complex": [
      "0.0",
      "100000.0"
    ],
    "int": null
  },
  {
    "text": "1e",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1e+",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": ".5j",
    "float": null,
    "complex": [
      "0.0",
      "0.5"
    ],
    "int": null
  },
  {
    "text": "5.j",
    "float": null,
    "complex": [
      "0.0",
      "5.0"
    ],
    "int": null
  },
  {
    "text": "1_0j",
    "float": null,
    "complex": [
      "0.0",
      "10.0"
    ],
    "int": null
  },
  {
    "text": "1__0",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "_1",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1_",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1_0.5_5",
    "float": "10.55",
    "complex": [
      "10.55",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "\u0661\u0662",
    "float": "12.0",
    "complex": [
      "12.0",
      "0.0"
    ],
    "int": "12"
  },
  {
    "text": "\u00a01.5\u2003",
    "float": "1.5",
    "complex": [
      "1.5",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "1\u001c",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "  ",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "()",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "( 2j )",
    "float": null,
    "complex": [
      "0.0",
      "2.0"
    ],
    "int": null
  },
  {
    "text": "nan",
    "float": "nan",
    "complex": [
      "nan",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "-nan",
    "float": "nan",
    "complex": [
      "nan",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "0x10",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1e500",
    "float": "inf",
    "complex": [
      "inf",
      "0.0"
    ],
    "int": null
  },
  {
    "text": "-1e500j",
    "float": null,
    "complex": [
      "0.0",
      "-inf"
    ],
    "int": null
  },
  {
    "text": "+1.5e-3-2_5J",
    "float": null,
    "complex": [
      "0.0015",
      "-25.0"
    ],
    "int": null
  },
  {
    "text": "1.5.5",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1j2",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "+",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "e5",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "\t7\n",
    "float": "7.0",
    "complex": [
      "7.0",
      "0.0"
    ],
    "int": "7"
  },
  {
    "text": "\u0661\u0662.\u0663j",
    "float": null,
    "complex": [
      "0.0",
      "12.3"
    ],
    "int": null
  },
  {
    "text": "\u00bd",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "12\u0000",
    "float": null,
    "complex": null,
    "int": null
  },
  {
    "text": "1e1_0",
    "float": "10000000000.0",
    "complex": [
      "10000000000.0",
      "0.0"
    ],
    "int": null
  }
];

const reprOrNull = (value: number | undefined): string | null => (value === undefined ? null : floatRepr(value));

describe("Python's number texts", () => {
  for (const numberCase of CASES) {
    it(`reads ${JSON.stringify(numberCase.text)} as CPython does`, () => {
      expect(reprOrNull(pythonFloatOf(numberCase.text))).toEqual(numberCase.float);
      const complex = pythonComplexOf(numberCase.text);
      expect(complex === undefined ? null : [floatRepr(complex.real), floatRepr(complex.imag)]).toEqual(numberCase.complex);
      const digits = pythonIntDigitsOf(numberCase.text);
      expect(digits === undefined ? null : BigInt(digits).toString()).toEqual(numberCase.int);
    });
  }
});
