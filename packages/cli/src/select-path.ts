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
  return new PathParser(path).parse();
}

/** A one-pass reader over the path text; `at` is the position of the next character. */
class PathParser {
  private at = 0;
  private readonly steps: PathStep[] = [];

  constructor(private readonly path: string) {}

  parse(): PathStep[] {
    const path = this.path;
    if (path[0] !== ".") this.fail('"." (paths start with a dot, as in jq: .key, .[0])');
    if (path === ".") return this.steps;
    while (this.at < path.length) {
      const hasDot = path[this.at] === ".";
      if (hasDot) this.at++;
      if (path[this.at] === "[") {
        this.bracket();
        continue;
      }
      if (!hasDot) this.fail('"." or "["');
      IDENTIFIER.lastIndex = this.at;
      const name = IDENTIFIER.exec(path);
      if (name === null) this.fail('a key name or "["');
      this.steps.push({ kind: "key", key: name![0] });
      this.at += name![0].length;
    }
    return this.steps;
  }

  /** `[...]` at `at`: a quoted key, an index or a slice. */
  private bracket(): void {
    const path = this.path;
    this.at++;
    if (path[this.at] === '"') {
      const end = closingQuote(path, this.at);
      if (end < 0) {
        this.at = path.length;
        this.fail('a closing "');
      }
      let key: unknown;
      try {
        key = JSON.parse(path.slice(this.at, end + 1));
      } catch {
        this.fail("a JSON string");
      }
      this.at = end + 1;
      this.expectClose('"]"');
      this.steps.push({ kind: "key", key: key as string });
      return;
    }
    const start = this.integer();
    if (path[this.at] === ":") {
      this.at++;
      const end = this.integer();
      this.expectClose('an integer or "]"');
      this.steps.push({ kind: "slice", start, end });
      return;
    }
    if (start === undefined) this.fail('an integer, a slice (2:5) or a "quoted key"');
    this.expectClose('"]" or ":"');
    this.steps.push({ kind: "index", index: start! });
  }

  private integer(): number | undefined {
    INTEGER.lastIndex = this.at;
    const match = INTEGER.exec(this.path);
    if (match === null) return undefined;
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) this.fail("an index of at most 2^53");
    this.at += match[0].length;
    return value;
  }

  private expectClose(expected: string): void {
    if (this.path[this.at] !== "]") this.fail(expected);
    this.at++;
  }

  private fail(expected: string): never {
    const found = this.at < this.path.length ? `"${this.path[this.at]}"` : "the end";
    throw new PathSyntaxError(`bad path ${JSON.stringify(this.path)}: expected ${expected} at character ${this.at + 1}, found ${found}`);
  }
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
