/**
 * The `module.qualname`s the auditor calls safe: every class the decoder rebuilds (the class
 * registry), plus builtin types that pickles name as a base or a value (`copyreg._reconstructor`'s
 * `builtins.object`, a pickled `int` class): importing them runs nothing and the decoder keeps
 * them as inert `PyGlobal`s.
 */
import { builtinClasses } from "../classes/builtin-registry.js";

const HARMLESS_BUILTIN_TYPES = ["object", "int", "float", "str", "bytes", "bool", "list", "tuple", "dict", "slice", "range"];

export const REBUILT_CLASSES: ReadonlySet<string> = new Set([
  ...builtinClasses.keys(),
  ...HARMLESS_BUILTIN_TYPES.map((name) => `builtins.${name}`),
]);
