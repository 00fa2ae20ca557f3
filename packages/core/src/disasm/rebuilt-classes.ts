/**
 * What the auditor knows of the decoder's classes, taken from the class registry so that the two
 * never disagree:
 *
 * - `REBUILT_CLASSES`: imported and called, they are safe: every class the decoder rebuilds, the
 *   time zone makers it reads (kept as placeholders, read by the datetime that holds one), and
 *   builtin types that pickles name as a base or a value (`copyreg._reconstructor`'s
 *   `builtins.object`, a pickled `int` class): importing them runs nothing and the decoder keeps
 *   them as inert `PyGlobal`s.
 * - `NAMES_READ`: safe to import and pass on (pandas' `_new_Index(Index, ...)`, a torch storage
 *   class in a persistent id), but a call of one is kept as a placeholder, so the audit calls it
 *   unknown.
 * - `METHODS_READ`: `getattr(owner, name)` results the decoder reads, by `owner.name`.
 * - `TORCH_STORAGE_CLASSES`: the storage classes of the persistent ids torch.load reads.
 */
import { builtinCallsRead, builtinClasses, builtinNamesRead } from "../classes/builtin-registry.js";
import { torchStorageClassNames } from "../classes/torch.js";
import { ZONEINFO_UNPICKLE } from "../classes/zones.js";

const HARMLESS_BUILTIN_TYPES = ["object", "int", "float", "str", "bytes", "bool", "list", "tuple", "dict", "slice", "range"];

export const REBUILT_CLASSES: ReadonlySet<string> = new Set([
  ...builtinClasses.keys(),
  ...builtinCallsRead,
  ...HARMLESS_BUILTIN_TYPES.map((name) => `builtins.${name}`),
]);

export const NAMES_READ: ReadonlySet<string> = builtinNamesRead;

export const METHODS_READ: ReadonlySet<string> = new Set([ZONEINFO_UNPICKLE]);

export const TORCH_STORAGE_CLASSES: ReadonlySet<string> = new Set(torchStorageClassNames);
