import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { expectArgCount, readNumber } from "./arg-checks.js";
import { plainFloat } from "./plain-float.js";
import { pythonComplexOf } from "./python-number-text.js";
import type { ClassReconstructor } from "./registry.js";

/** Python `complex` (also the element of numpy complex arrays): JSON shows `{"real": r, "imag": i}`. */
export class PyComplex implements PyObjectValue, PyReducible {
  readonly pyClass: string = "builtins.complex";
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
  toPlain(): PyValue {
    const plain = createDict();
    plain["real"] = plainFloat(this.real);
    plain["imag"] = plainFloat(this.imag);
    return plain;
  }
  /** `complex.__new__(complex, real, imag)` (NEWOBJ, as `copyreg.__newobj__`); both parts stay floats. */
  reduceForPickle(): PyReduction {
    return { callable: ["builtins", "complex"], args: [new PyFloat(this.real), new PyFloat(this.imag)], isNewObj: true };
  }
}

/**
 * `complex(real, imag)` as NEWOBJ (protocol 2+) and REDUCE (protocols 0-1) write it, and what a
 * class's own `__reduce__` may call: `complex("1+2j")`, `complex(z)`, complex parts (`complex(a, b)`
 * is `a + b*1j`, computed as CPython does, so signed zeros come out as there).
 */
export const complexReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "builtins.complex";
    expectArgCount(qualname, args, 0, 2);
    const [first, second] = args;
    if (typeof first === "string") {
      if (second !== undefined) throw new TypeError(`${qualname}: complex() can't take second arg if first is a string`);
      const parsed = pythonComplexOf(first);
      if (parsed === undefined) throw new TypeError(`${qualname}: complex() arg is a malformed string: ${JSON.stringify(first.slice(0, 60))}`);
      return new PyComplex(parsed.real, parsed.imag);
    }
    if (typeof second === "string") throw new TypeError(`${qualname}: complex() second arg can't be a string`);
    let real = 0;
    let realImag = 0;
    const isFirstComplex = first instanceof PyComplex;
    if (first instanceof PyComplex) {
      real = first.real;
      realImag = first.imag;
    } else if (first !== undefined) real = readNumber(qualname, first);
    let imag = 0;
    if (second instanceof PyComplex) {
      // CPython: cr.real -= ci.imag; ci.real += cr.imag (when the first was complex).
      real -= second.imag;
      imag = second.real;
    } else if (second !== undefined) imag = readNumber(qualname, second);
    if (isFirstComplex) imag = second === undefined ? realImag : imag + realImag;
    return new PyComplex(real, imag);
  },
};
