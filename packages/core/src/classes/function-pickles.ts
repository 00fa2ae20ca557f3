import { PyGlobal } from "../values/placeholders.js";
import type { PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readString } from "./arg-checks.js";
import { dictEntries, isDictValue } from "./dict-access.js";
import { isSequence, PyCode } from "./py-code.js";
import { isEmptyCellMarker, PyCell, PyClassDef, PyFunction, PyModuleRef, PyNamedType, withOrigin } from "./py-function.js";
import type { ClassReconstructor } from "./registry.js";

// cloudpickle (1.x-3.x: `cloudpickle.cloudpickle` and `cloudpickle.cloudpickle_fast`) and dill
// (0.3: `dill._dill`) helpers that rebuild functions, code objects, cells and classes by value.
// Rebuilt as data (py-function.ts); their setstate calls arrive as discarded calls (__effects__).

const CLOUDPICKLE_MODULES = ["cloudpickle.cloudpickle", "cloudpickle.cloudpickle_fast"] as const;

const namedType: ClassReconstructor = {
  construct(args) {
    expectArgCount("_builtin_type", args, 1, 1);
    return new PyNamedType(readString("_builtin_type", args[0]));
  },
};

/** cloudpickle's `_make_function(code, globals, name, argdefs, closure)` (and `types.FunctionType(...)`). */
const makeFunction: ClassReconstructor = {
  construct(args) {
    expectArgCount("_make_function", args, 2, 5);
    return new PyFunction(args[0]!, args[1]!, args[2], args[3], args[4]);
  },
};

/** cloudpickle < 1.5's `_make_skel_func(code, cell_count, base_globals=None)`: a function with empty cells. */
const makeSkelFunc: ClassReconstructor = {
  construct(args) {
    expectArgCount("_make_skel_func", args, 2, 3);
    const cells = typeof args[1] === "number" && args[1] >= 0 && args[1] <= 0xffff ? args[1] : 0;
    return new PyFunction(args[0]!, args[2] ?? null, undefined, undefined, Array.from({ length: cells }, () => new PyCell()));
  },
};

/** cloudpickle < 1.5's `_fill_function(func, ...)`: the function, filled in (kept as a call on it, for `dumps`). */
function fillFunction(module: string): ClassReconstructor {
  return {
    construct(args) {
      const func = args[0];
      if (!(func instanceof PyFunction)) throw new TypeError(`_fill_function: expected a function, got ${describeValue(func)}`);
      func.fill(args.slice(1));
      func.addPostCall(new PyGlobal(module, "_fill_function"), args);
      return func;
    },
  };
}

/** cloudpickle's `subimport(name)`, dill's `_import_module(name)`: a module referred to by name. */
const importModule: ClassReconstructor = {
  construct(args) {
    expectArgCount("subimport", args, 1, 2);
    return new PyModuleRef(readString("subimport", args[0]));
  },
};

/** A reconstructor that also records how the pickle called it (`module.name(*args)`), so `dumps` writes the same call. */
function called(module: string, name: string, reconstructor: ClassReconstructor): [string, ClassReconstructor] {
  return [
    `${module}.${name}`,
    { construct: (args, kwargs, context) => withOrigin(reconstructor.construct(args, kwargs, context) as PyValue, new PyGlobal(module, name), args) },
  ];
}

/** dill's `_create_function(code, globals, name=None, defaults=None, closure=None, dict=None, kwdefaults=None)`. */
const createFunction: ClassReconstructor = {
  construct(args) {
    expectArgCount("_create_function", args, 2, 7);
    const func = new PyFunction(args[0]!, args[1]!, args[2], args[3], args[4]);
    if (isDictValue(args[5])) func.setAttribute("__dict__", args[5]);
    if (isDictValue(args[6])) func.setAttribute("__kwdefaults__", args[6]);
    return func;
  },
};

const createCode: ClassReconstructor = {
  construct: (args) => PyCode.fromArgs(args),
};

/** `_make_cell(value)`, `_create_cell(value)` (dill's `_CELL_EMPTY` for an empty one), `_make_empty_cell()`. */
const makeCell: ClassReconstructor = {
  construct(args) {
    expectArgCount("cell", args, 0, 1);
    return new PyCell(args.length === 0 || isEmptyCellMarker(args[0]) ? undefined : args[0]);
  },
};

/** cloudpickle's `_make_skeleton_class(type_constructor, name, bases, type_kwargs, class_tracker_id, extra)`. */
const makeSkeletonClass: ClassReconstructor = {
  construct(args) {
    expectArgCount("_make_skeleton_class", args, 3, 6);
    const bases = args[2];
    const cls = new PyClassDef(readString("_make_skeleton_class", args[1]), isSequence(bases) ? [...bases] : [], "types");
    // type_kwargs: what the class namespace starts with (cloudpickle 3 puts `__module__` there).
    if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value as PyValue);
    return cls;
  },
};

/** dill's `_create_type(typeobj, name, bases, dict)`. */
const createType: ClassReconstructor = {
  construct(args) {
    expectArgCount("_create_type", args, 3, 4);
    const bases = args[2];
    const cls = new PyClassDef(readString("_create_type", args[1]), isSequence(bases) ? [...bases] : [], "dill._dill");
    if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value as PyValue);
    return cls;
  },
};

/** `types.FunctionType` / `types.CodeType` named directly (dill with some settings, hand-written pickles). */
const codeType: ClassReconstructor = { construct: (args) => PyCode.fromArgs(args) };

/** Reconstructors of cloudpickle's and dill's by-value helpers, by `module.qualname`. */
export const functionClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ...CLOUDPICKLE_MODULES.flatMap((module): [string, ClassReconstructor][] => [
    called(module, "_builtin_type", namedType),
    called(module, "_make_function", makeFunction),
    called(module, "_make_skel_func", makeSkelFunc),
    [`${module}._fill_function`, fillFunction(module)],
    called(module, "_make_cell", makeCell),
    called(module, "_make_empty_cell", makeCell),
    called(module, "_make_skeleton_class", makeSkeletonClass),
    called(module, "subimport", importModule),
  ]),
  called("dill._dill", "_import_module", importModule),
  called("dill._dill", "_load_type", namedType),
  called("dill._dill", "_create_function", createFunction),
  called("dill._dill", "_create_code", createCode),
  called("dill._dill", "_create_cell", makeCell),
  called("dill._dill", "_create_type", createType),
  called("types", "CodeType", codeType),
  called("types", "FunctionType", makeFunction),
]);
