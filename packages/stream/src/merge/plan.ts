import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";

/** One input of a merge. */
export interface MergeInput {
  /** Absolute path. */
  readonly path: string;
  readonly bytes: number;
}

/**
 * The files the patterns name, sorted by absolute path (code unit order, the same on every
 * machine and whatever the file system lists first): the order conflicts are resolved in.
 * A pattern that is an existing file's plain name works too (fast-glob escapes nothing for us,
 * so names with glob characters should be escaped by the caller, `fg.escapePath`).
 */
export async function planMerge(patterns: readonly string[], cwd: string): Promise<MergeInput[]> {
  // Loaded here, not at the top: it is only for merges, and importing it took ~45 ms from every
  // program that imports this package (readPickles of one file included).
  // A CommonJS module (`export =`): Node hands it over as the namespace's default export, which
  // TypeScript's types for `export =` do not show.
  const fg = ((await import("fast-glob")) as unknown as { default: typeof import("fast-glob") }).default;
  // Made absolute here, not by fast-glob: its `absolute` option turns a backslash inside a POSIX
  // file name into a separator (`x\y.pkl` became `x/y.pkl`, a file that does not exist).
  const matches = await fg([...patterns], { cwd, onlyFiles: true, unique: true, dot: false });
  const paths = [...new Set(matches.map((match) => (isAbsolute(match) ? match : resolve(cwd, match))))];
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(paths.map(async (path) => ({ path, bytes: (await stat(path)).size })));
}
