import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import type { PyObjectValue, PyValue } from "../values/py-types.js";
import { expectArgCount, readString } from "./arg-checks.js";
import type { ClassReconstructor } from "./registry.js";

/** `decimal.Decimal`, kept as its exact `str()` text (no arithmetic here). */
export class PyDecimal implements PyObjectValue, PyReducible {
  readonly pyClass: string = "decimal.Decimal";
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toPlain(): PyValue {
    return this.text;
  }
  /** `Decimal(str(self))`, as `Decimal.__reduce__` writes it. */
  reduceForPickle(): PyReduction {
    return { callable: ["decimal", "Decimal"], args: [this.text] };
  }
}

const FINITE = /^([+-]?)(?=\d|\.\d)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const SPECIAL = /^([+-]?)(?:(inf|infinity)|(s?nan)(\d*))$/i;

/**
 * `str(Decimal(text))`: what Python prints for a decimal string. Pickles already hold `str(self)`,
 * but hand-written ones may not (`Decimal("1e3")` prints `1E+3`), so the text is put in canonical
 * form with the specification's to-scientific-string rules, as `Decimal.__str__` does.
 */
export function canonicalDecimalText(text: string): string {
  const trimmed = text.trim().replace(/_/g, "");
  const special = SPECIAL.exec(trimmed);
  if (special !== null) {
    const sign = special[1] === "-" ? "-" : "";
    if (special[2] !== undefined) return `${sign}Infinity`;
    const payload = (special[4] ?? "").replace(/^0+/, "");
    return `${sign}${special[3]!.toLowerCase() === "snan" ? "sNaN" : "NaN"}${payload}`;
  }
  const finite = FINITE.exec(trimmed);
  if (finite === null) throw new TypeError(`decimal.Decimal: invalid literal ${JSON.stringify(text)}`);
  const sign = finite[1] === "-" ? "-" : "";
  const fraction = finite[3] ?? "";
  const coefficient = (finite[2]! + fraction).replace(/^0+(?=\d)/, "");
  const exponent = Number(finite[4] ?? "0") - fraction.length;
  const leftDigits = exponent + coefficient.length;
  const dotPlace = exponent <= 0 && leftDigits > -6 ? leftDigits : 1;
  let body: string;
  if (dotPlace <= 0) body = `0.${"0".repeat(-dotPlace)}${coefficient}`;
  else if (dotPlace >= coefficient.length) body = coefficient + "0".repeat(dotPlace - coefficient.length);
  else body = `${coefficient.slice(0, dotPlace)}.${coefficient.slice(dotPlace)}`;
  const shown = leftDigits - dotPlace;
  return `${sign}${body}${leftDigits === dotPlace ? "" : `E${shown >= 0 ? "+" : ""}${shown}`}`;
}

/** `Decimal(str)`, as `Decimal.__reduce__` writes it. */
const decimalReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("decimal.Decimal", args, 1, 2);
    return new PyDecimal(canonicalDecimalText(readString("decimal.Decimal", args[0])));
  },
};

/** Reconstructors for `decimal` (the C module `_decimal` pickles under the same name). */
export const decimalClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["decimal.Decimal", decimalReconstructor]]);
