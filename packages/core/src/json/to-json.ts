import type { PyValue } from "../values/py-types.js";
import { JsonWriter } from "./json-writer.js";
import { defaultOutputBudget } from "./output-budget.js";

export interface ToJsonOptions {
  /**
   * Stop with an OutputError (`LIMIT_EXCEEDED`) once the text passes this many bytes of UTF-8.
   * Default: `defaultOutputBudget(inputBytes)`, that is
   * `max(64 MiB, 64 x inputBytes)`, or 64 MiB without `inputBytes`.
   */
  readonly maxOutputBytes?: number;
  /** Size of the pickle the value came from, in bytes; scales the default `maxOutputBytes`. */
  readonly inputBytes?: number;
  /** 0-based index of the record, named in error messages. Default: none. */
  readonly recordIndex?: number;
}

/** Resolved once per call site: what the writer loop reads. */
export interface ToJsonSettings {
  readonly maxOutputBytes: number;
  readonly recordIndex: number | undefined;
}

/** Validates options at the call (TypeError/RangeError saying what came) and applies defaults. */
export function resolveToJsonOptions(options: ToJsonOptions | undefined): ToJsonSettings {
  if (options === undefined) return { maxOutputBytes: defaultOutputBudget(), recordIndex: undefined };
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`toJson options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { maxOutputBytes, inputBytes, recordIndex } = options;
  if (maxOutputBytes !== undefined && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`maxOutputBytes must be a non-negative number (Infinity for no limit), got ${String(maxOutputBytes)}`);
  }
  if (recordIndex !== undefined && !(Number.isSafeInteger(recordIndex) && recordIndex >= 0)) {
    throw new RangeError(`recordIndex must be a non-negative integer, got ${String(recordIndex)}`);
  }
  return { maxOutputBytes: maxOutputBytes ?? defaultOutputBudget(inputBytes), recordIndex };
}

let shared: JsonWriter | null = null;

/**
 * Compact JSON text of a decoded value per docs/json-mapping.md:
 * what CPython prints with `json.dumps(obj, separators=(",", ":"), ensure_ascii=False)` plus the
 * mapping's rules (exact big ints, `2.0`, NaN -> null, bytes as base64, sets as arrays, dict-key
 * text, placeholders). Throws OutputError for a cycle, the output budget or a foreign value.
 */
export function toJson(value: PyValue, options?: ToJsonOptions): string {
  const settings = resolveToJsonOptions(options);
  // One writer serves every call; a toPlain() that itself calls toJson gets its own.
  const writer = shared ?? new JsonWriter();
  shared = null;
  try {
    return writer.write(value, settings.maxOutputBytes, settings.recordIndex);
  } finally {
    shared = writer;
  }
}
