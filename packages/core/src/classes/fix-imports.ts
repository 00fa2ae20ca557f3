import { IMPORT_MAPPING_ROWS, NAME_MAPPING_ROWS, REVERSE_IMPORT_MAPPING_ROWS, REVERSE_NAME_MAPPING_ROWS } from "./fix-imports-data.js";

// The tables are CPython's own (fix-imports-data.ts says how to regenerate them). Keys join module and name with a newline, which neither can contain.
const nameMapping: ReadonlyMap<string, readonly [string, string]> = new Map(
  NAME_MAPPING_ROWS.map(([module, name, module3, name3]) => [`${module}\n${name}`, [module3, name3] as const]),
);
const importMapping: ReadonlyMap<string, string> = new Map(IMPORT_MAPPING_ROWS);
const reverseNameMapping: ReadonlyMap<string, readonly [string, string]> = new Map(
  REVERSE_NAME_MAPPING_ROWS.map(([module3, name3, module, name]) => [`${module3}\n${name3}`, [module, name] as const]),
);
const reverseImportMapping: ReadonlyMap<string, string> = new Map(REVERSE_IMPORT_MAPPING_ROWS);

/**
 * Maps a Python 2 `module`/`name` pair to the Python 3 one, exactly as CPython's
 * `Unpickler.find_class` does for protocols < 3 with `fix_imports=True`: a whole-name entry wins,
 * else the module alone is renamed, else the pair is returned unchanged.
 */
export function fixImports(module: string, name: string): [string, string] {
  const renamed = nameMapping.get(`${module}\n${name}`);
  if (renamed !== undefined) return [renamed[0], renamed[1]];
  return [importMapping.get(module) ?? module, name];
}

/**
 * Maps a Python 3 `module`/`name` pair to the name a protocol 0-2 pickle carries, as CPython's
 * `Pickler.save_global` does with `fix_imports=True`, so that Python 2 can load it too.
 */
export function reverseFixImports(module: string, name: string): [string, string] {
  const renamed = reverseNameMapping.get(`${module}\n${name}`);
  if (renamed !== undefined) return [renamed[0], renamed[1]];
  return [reverseImportMapping.get(module) ?? module, name];
}
