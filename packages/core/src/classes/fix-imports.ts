import { IMPORT_MAPPING_ROWS, NAME_MAPPING_ROWS, REVERSE_IMPORT_MAPPING_ROWS, REVERSE_NAME_MAPPING_ROWS } from "./fix-imports-data.js";

// The tables are CPython's own (fix-imports-data.ts says how to regenerate them).

/** One direction's tables: whole-name renames (keys join module and name with a newline, which neither can contain) and module renames. */
interface Renames {
  readonly names: ReadonlyMap<string, readonly [string, string]>;
  readonly modules: ReadonlyMap<string, string>;
}

function renamesOf(nameRows: readonly (readonly [string, string, string, string])[], moduleRows: readonly (readonly [string, string])[]): Renames {
  return { names: new Map(nameRows.map(([module, name, toModule, toName]) => [`${module}\n${name}`, [toModule, toName] as const])), modules: new Map(moduleRows) };
}

/** As CPython renames in either direction: a whole-name entry wins, else the module alone is renamed, else the pair is unchanged. */
function rename(renames: Renames, module: string, name: string): [string, string] {
  const renamed = renames.names.get(`${module}\n${name}`);
  if (renamed !== undefined) return [renamed[0], renamed[1]];
  return [renames.modules.get(module) ?? module, name];
}

const toPython3 = renamesOf(NAME_MAPPING_ROWS, IMPORT_MAPPING_ROWS);
const toPython2 = renamesOf(REVERSE_NAME_MAPPING_ROWS, REVERSE_IMPORT_MAPPING_ROWS);

/**
 * Maps a Python 2 `module`/`name` pair to the Python 3 one, exactly as CPython's
 * `Unpickler.find_class` does for protocols < 3 with `fix_imports=True`.
 */
export function fixImports(module: string, name: string): [string, string] {
  return rename(toPython3, module, name);
}

/**
 * Maps a Python 3 `module`/`name` pair to the name a protocol 0-2 pickle carries, as CPython's
 * `Pickler.save_global` does with `fix_imports=True`, so that Python 2 can load it too.
 */
export function reverseFixImports(module: string, name: string): [string, string] {
  return rename(toPython2, module, name);
}
