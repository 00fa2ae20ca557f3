import { UsageError } from "./args.js";
import { COMMANDS } from "./commands/registry.js";
import { MissingInputError } from "./inputs.js";

/**
 * A first argument that names no file but is a command's name mistyped (`pkl-stream covert
 * x.pkl`): the one-line error says which command was meant; still a usage error (exit 2).
 */
export function withCommandHint(error: unknown, first: string | undefined): unknown {
  if (!(error instanceof MissingInputError) || error.arg !== first) return error;
  const command = nearestCommand(error.arg);
  return command === undefined ? error : new UsageError(`${error.message} (did you mean \`pkl-stream ${command}\`?)`);
}

/** Edits (a letter added, dropped, changed, or two swapped) a mistyped command may be from its name. */
const MAX_COMMAND_EDITS = 2;

/** The command whose name is fewest edits from `word` (at most MAX_COMMAND_EDITS), else undefined. */
function nearestCommand(word: string): string | undefined {
  let best: string | undefined;
  let bestEdits = MAX_COMMAND_EDITS + 1;
  for (const name of Object.keys(COMMANDS)) {
    const edits = editDistance(word, name);
    if (edits < bestEdits) {
      best = name;
      bestEdits = edits;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein's, with a swap of two neighbours one edit (`mrege`). */
function editDistance(a: string, b: string): number {
  // Too long to be a command mistyped: spares the table for a long path.
  if (Math.abs(a.length - b.length) > MAX_COMMAND_EDITS) return MAX_COMMAND_EDITS + 1;
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let edits = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) edits = Math.min(edits, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = edits;
    }
  }
  return rows[a.length]![b.length]!;
}
