import { createRequire } from "node:module";

/**
 * The package's version, from its package.json (one folder up from dist/ and from bundle/).
 * Read through `require`, not an import of node:fs: importing a builtin into ESM reads every
 * export, and fs's lazy `ReadStream` getter then loads the whole streams stack (~5 ms).
 */
export function readVersion(): string {
  const manifest = createRequire(import.meta.url)("../package.json") as { version: string };
  return manifest.version;
}
