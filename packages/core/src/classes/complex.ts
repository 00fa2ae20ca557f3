import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, PyFloat, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { expectArgCount, readNumber } from "./arg-checks.js";
import { plainFloat } from "./plain-float.js";
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

/** `complex(real, imag)` as NEWOBJ (protocol 2+) and REDUCE (protocols 0-1) write it. */
export const complexReconstructor: ClassReconstructor = {
  construct(args) {
    expectArgCount("builtins.complex", args, 0, 2);
    const real = args.length > 0 ? readNumber("builtins.complex", args[0]) : 0;
    const imag = args.length > 1 ? readNumber("builtins.complex", args[1]) : 0;
    return new PyComplex(real, imag);
  },
};
