// A ReconstructContext for calling reconstructors directly, outside a decoder.
import { type PyDict, PyInstance, type PyValue, type ReconstructContext, builtinClasses, isPyObject } from "@pkl-stream/core";

export function testContext(overrides: Partial<ReconstructContext> = {}): ReconstructContext {
  return {
    dictMode: "object",
    setMode: "set",
    py2Bytes: () => undefined,
    instantiate: (cls: PyValue, args: PyValue[], kwargs: PyDict | null) => {
      const name = isPyObject(cls) ? cls.pyClass : "?";
      const instance = new PyInstance(name.slice(0, name.lastIndexOf(".")), name.slice(name.lastIndexOf(".") + 1), args);
      instance.kwargs = kwargs;
      return instance;
    },
    ...overrides,
  };
}

/** Calls the built-in reconstructor registered under `qualname`. */
export function construct(qualname: string, args: PyValue[], context: ReconstructContext = testContext()): PyValue {
  const reconstructor = builtinClasses.get(qualname);
  if (reconstructor === undefined) throw new Error(`no reconstructor for ${qualname}`);
  // A built-in one returns a value (the type allows a user class of its own too).
  return reconstructor.construct(args, null, context) as PyValue;
}
