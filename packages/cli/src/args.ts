import { type ParseArgsConfig, parseArgs } from "node:util";

/** The command line is wrong (exit 2): an unknown option, a bad value, a missing file. */
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What parsing gives for each declared option: a string (or strings), a boolean, or absent. */
export type ParsedValues<S extends OptionSpecs> = {
  readonly [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : S[K]["multiple"] extends true ? string[] : string;
};

/**
 * `--limit -1` as `--limit=-1`: Node's parser takes a value that starts with a dash for another
 * option and calls it ambiguous; a number is a value, and the option's own check then says what
 * it accepts (`--limit must be a non-negative integer`).
 */
function joinNegativeValues(argv: readonly string[], specs: OptionSpecs): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (next !== undefined && /^-[0-9.]/.test(next) && takesValue(arg, specs)) {
      // A short option takes its value joined (`-j-1`), a long one after `=`.
      args.push(arg.startsWith("--") ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  return args;
}

/** Whether `arg` is `--name` or `-x` of a string option. */
function takesValue(arg: string, specs: OptionSpecs): boolean {
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type !== "string") continue;
    if (arg === `--${name}` || (spec.short !== undefined && arg === `-${spec.short}`)) return true;
  }
  return false;
}

export interface ParsedArgs<S extends OptionSpecs> {
  readonly values: ParsedValues<S>;
  readonly positionals: readonly string[];
}

/**
 * Strict parsing of one command's options (`--opt value`, `--opt=value`, `-o value`, `--` ends
 * options, `-` is a positional). Unknown options and missing values become UsageErrors.
 */
export function parseCommandArgs<S extends OptionSpecs>(argv: readonly string[], specs: S): ParsedArgs<S> {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, specs),
      options: specs as ParseArgsConfig["options"],
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedValues<S>, positionals };
  } catch (error) {
    if (error instanceof TypeError && typeof (error as { code?: unknown }).code === "string") {
      // Node's text ends with advice on `--`, which is noise for most typos: keep the first sentence.
      throw new UsageError(error.message.split(/\.\s/)[0]!);
    }
    throw error;
  }
}

/** A value that must be one of `choices` (`--format ndjson`). */
export function parseChoice<C extends string>(option: string, value: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(value)) return value as C;
  throw new UsageError(`${option} must be one of ${choices.join(", ")}; got "${value}"`);
}

/** A count such as `--limit 10`: a non-negative integer written in decimal. */
export function parseCount(option: string, value: string): number {
  const count = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count)) throw new UsageError(`${option} must be a non-negative integer; got "${value}"`);
  return count;
}

/**
 * A count that must be 1 or more (`merge -j 4`): one message for every bad value, `-j abc` as
 * `-j 0`, so the user learns the whole rule from either.
 */
export function parsePositiveCount(option: string, value: string): number {
  const count = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`${option} must be a positive integer (at least 1); got "${value}"`);
  return count;
}

/** `--shape 28x28` (also `28,28` or `32x32x3`): positive dimensions. */
export function parseShape(option: string, value: string): number[] {
  const parts = value.split(/[x,×]/);
  const dims = parts.map((part) => (/^[0-9]+$/.test(part.trim()) ? Number(part.trim()) : Number.NaN));
  if (dims.length === 0 || dims.some((dim) => !Number.isSafeInteger(dim) || dim < 1)) {
    throw new UsageError(`${option} must be dimensions such as 28x28 or 32x32x3; got "${value}"`);
  }
  return dims;
}
