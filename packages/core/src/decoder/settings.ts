import type { ClassReconstructor } from "../classes/registry.js";
import type { PyValue } from "../values/py-types.js";
import type { Py2StringEncoding, UnpicklerOptions } from "./options.js";

/** UnpicklerOptions with every default applied and every value checked, resolved once. */
export interface UnpicklerSettings {
  readonly encoding: Py2StringEncoding;
  readonly isMemoShared: boolean;
  readonly dictMode: "object" | "map";
  readonly setsAsArrays: boolean;
  readonly wrapIntegralFloats: boolean;
  readonly userClasses: ReadonlyMap<string, ClassReconstructor>;
  readonly fixImports: boolean;
  readonly extensions: ReadonlyMap<number, readonly [string, string]> | undefined;
  readonly persistentLoad: ((pid: PyValue) => PyValue) | undefined;
  readonly buffers: Iterable<Uint8Array> | undefined;
  readonly maxBytesLength: number;
  readonly maxDepth: number;
  readonly maxMemoSize: number;
  readonly maxLineLength: number;
  readonly maxIntBytes: number;
  readonly emitEntries: boolean;
  readonly memoIndicesRead: ReadonlySet<number> | undefined;
  readonly reuseInput: boolean;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive safe integer, got ${String(value)}`);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new TypeError(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** What a wrong option value was, for the messages below: `null`, `array`, or its typeof. */
function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function optionalBoolean(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${kindOf(value)}`);
  return value;
}

/** Whether `value` has a `name` method (a Map's `get`, a Set's `has`): what the decoder calls on it. */
function hasMethod(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[name] === "function";
}

/** The Python 2 str encodings, by their names here. */
export const PY2_ENCODINGS: readonly Py2StringEncoding[] = ["latin1", "ascii", "utf-8", "bytes"];

/**
 * An encoding name as given (the `encoding` option, the CLI's `--encoding`) as PY2_ENCODINGS names
 * it, by Python's own leniency: any case, `_` for `-`, and `latin-1`, `iso-8859-1`, `utf8` for
 * `latin1` and `utf-8`. Any other name is returned as it is (and then refused by whoever checks it).
 */
export function py2EncodingName(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, "-");
  if (lower === "latin-1" || lower === "iso-8859-1") return "latin1";
  if (lower === "utf8") return "utf-8";
  return lower;
}

export function resolveSettings(options: UnpicklerOptions = {}): UnpicklerSettings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  // Not a string (a number, say): refused by oneOf below with the allowed spellings.
  const encodingInput = typeof options.encoding === "string" ? py2EncodingName(options.encoding) : options.encoding;
  const encoding = oneOf<Py2StringEncoding>("encoding", encodingInput as Py2StringEncoding | undefined, PY2_ENCODINGS, "latin1");
  const classes = options.classes;
  let userClasses: ReadonlyMap<string, ClassReconstructor>;
  if (classes === undefined) userClasses = new Map();
  else if (classes instanceof Map) userClasses = classes;
  else if (typeof classes !== "object" || classes === null || Array.isArray(classes)) {
    throw new TypeError(`classes must be a Map or an object of reconstructors by "module.qualname", got ${kindOf(classes)}`);
  } else if (hasMethod(classes, "get") && Symbol.iterator in classes) {
    // A Map of another realm (a worker's, a vm context's), or another ReadonlyMap.
    userClasses = new Map(classes as ReadonlyMap<string, ClassReconstructor>);
  } else userClasses = new Map(Object.entries(classes));
  for (const [name, reconstructor] of userClasses) {
    if (typeof reconstructor?.construct !== "function") {
      throw new TypeError(`classes[${JSON.stringify(name)}] must have a construct(args, kwargs, context) method`);
    }
  }
  if (options.persistentLoad !== undefined && typeof options.persistentLoad !== "function") {
    throw new TypeError("persistentLoad must be a function");
  }
  if (options.extensions !== undefined && !hasMethod(options.extensions, "get")) {
    throw new TypeError(`extensions must be a Map of code -> [module, name], got ${kindOf(options.extensions)}`);
  }
  if (options.memoIndicesRead !== undefined && !hasMethod(options.memoIndicesRead, "has")) {
    throw new TypeError(`memoIndicesRead must be a Set of memo indices, got ${kindOf(options.memoIndicesRead)}`);
  }
  const buffers = options.buffers;
  if (buffers !== undefined && (buffers === null || typeof buffers === "string" || typeof (buffers as Partial<Iterable<Uint8Array>>)[Symbol.iterator] !== "function")) {
    throw new TypeError(`buffers must be an iterable of Uint8Array (an array), got ${kindOf(buffers)}`);
  }
  const maxBytesLength = positiveInteger("maxBytesLength", options.maxBytesLength, 2 ** 31 - 1);
  return {
    encoding,
    isMemoShared: oneOf("memo", options.memo, ["per-record", "shared"], "per-record") === "shared",
    dictMode: oneOf("dict", options.dict, ["object", "map"], "object"),
    setsAsArrays: oneOf("sets", options.sets, ["set", "array"], "set") === "array",
    wrapIntegralFloats: optionalBoolean("wrapIntegralFloats", options.wrapIntegralFloats, false),
    userClasses,
    fixImports: optionalBoolean("fixImports", options.fixImports, true),
    extensions: options.extensions,
    persistentLoad: options.persistentLoad,
    buffers: options.buffers,
    maxBytesLength,
    maxDepth: positiveInteger("maxDepth", options.maxDepth, 1_000_000),
    maxMemoSize: positiveInteger("maxMemoSize", options.maxMemoSize, 100_000_000),
    maxLineLength: positiveInteger("maxLineLength", options.maxLineLength, maxBytesLength),
    maxIntBytes: positiveInteger("maxIntBytes", options.maxIntBytes, 1 << 20),
    emitEntries: oneOf("emit", options.emit, ["records", "entries"], "records") === "entries",
    memoIndicesRead: options.memoIndicesRead,
    reuseInput: optionalBoolean("reuseInput", options.reuseInput, false),
  };
}
