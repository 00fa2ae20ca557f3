/**
 * The subset of jq's path syntax `--select` takes: `.`, `.name`, `.["any key"]`, `.[3]`, `.[-1]`,
 * `.[2:5]`, `.[:2]`, chained (`.train[0][0][3]`, `.a.b`, `.a.["b"]`). Parsed once per run.
 */
export type PathStep =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "slice"; readonly start: number | undefined; readonly end: number | undefined };

/** A path that does not parse; the message points at the offending character. */
export class PathSyntaxError extends Error {
  override readonly name: string = "PathSyntaxError";
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const INTEGER = /-?[0-9]+/y;

/** Parses `path` into steps; throws PathSyntaxError saying where and what was expected. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let at = 0;
  const fail = (expected: string): never => {
    const found = at < path.length ? `"${path[at]}"` : "the end";
    throw new PathSyntaxError(`bad path ${JSON.stringify(path)}: expected ${expected} at character ${at + 1}, found ${found}`);
  };
  if (path[0] !== ".") fail('"." (paths start with a dot, as in jq: .key, .[0])');
  if (path === ".") return steps;
  while (at < path.length) {
    const hasDot = path[at] === ".";
    if (hasDot) at++;
    if (path[at] === "[") {
      at = parseBracket(path, at, steps, fail);
      continue;
    }
    if (!hasDot) fail('"." or "["');
    IDENTIFIER.lastIndex = at;
    const name = IDENTIFIER.exec(path);
    if (name === null) fail('a key name or "["');
    steps.push({ kind: "key", key: name![0] });
    at += name![0].length;
  }
  return steps;
}

/** Parses `[...]` starting at `open`; returns the position after `]`. */
function parseBracket(path: string, open: number, steps: PathStep[], fail: (expected: string) => never): number {
  let at = open + 1;
  if (path[at] === '"') {
    const end = closingQuote(path, at);
    if (end < 0) {
      at = path.length;
      fail('a closing "');
    }
    let key: unknown;
    try {
      key = JSON.parse(path.slice(at, end + 1));
    } catch {
      fail("a JSON string");
    }
    at = end + 1;
    if (path[at] !== "]") fail('"]"');
    steps.push({ kind: "key", key: key as string });
    return at + 1;
  }
  const readInt = (): number | undefined => {
    INTEGER.lastIndex = at;
    const match = INTEGER.exec(path);
    if (match === null) return undefined;
    at += match[0].length;
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) fail("an index of at most 2^53");
    return value;
  };
  const start = readInt();
  if (path[at] === ":") {
    at++;
    const end = readInt();
    if (path[at] !== "]") fail('an integer or "]"');
    steps.push({ kind: "slice", start, end });
    return at + 1;
  }
  if (start === undefined) fail('an integer, a slice (2:5) or a "quoted key"');
  if (path[at] !== "]") fail('"]" or ":"');
  steps.push({ kind: "index", index: start! });
  return at + 1;
}

/** Index of the quote closing the JSON string that opens at `open`, or -1. */
function closingQuote(path: string, open: number): number {
  for (let i = open + 1; i < path.length; i++) {
    if (path[i] === "\\") i++;
    else if (path[i] === '"') return i;
  }
  return -1;
}

/** The path as jq would print it, for messages: `.train[0]["a b"]`. */
export function formatPath(steps: readonly PathStep[]): string {
  if (steps.length === 0) return ".";
  let text = "";
  for (const step of steps) {
    if (step.kind === "key") text += IDENTIFIER_ONLY.test(step.key) ? `.${step.key}` : `[${JSON.stringify(step.key)}]`;
    else if (step.kind === "index") text += `[${step.index}]`;
    else text += `[${step.start ?? ""}:${step.end ?? ""}]`;
  }
  return text.startsWith(".") ? text : `.${text}`;
}

const IDENTIFIER_ONLY = /^[A-Za-z_][A-Za-z0-9_]*$/;
