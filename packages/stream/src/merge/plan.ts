import { stat } from "node:fs/promises";
import fg from "fast-glob";

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
  const paths = await fg([...patterns], { cwd, absolute: true, onlyFiles: true, unique: true, dot: false });
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(paths.map(async (path) => ({ path, bytes: (await stat(path)).size })));
}
