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

export function resolveSettings(options: UnpicklerOptions = {}): UnpicklerSettings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const encodingInput = options.encoding?.toLowerCase().replace(/_/g, "-");
  const encoding = oneOf<Py2StringEncoding>(
    "encoding",
    (encodingInput === "latin-1" || encodingInput === "iso-8859-1"
      ? "latin1"
      : encodingInput === "utf8"
        ? "utf-8"
        : encodingInput) as Py2StringEncoding | undefined,
    ["latin1", "ascii", "utf-8", "bytes"],
    "latin1",
  );
  const classes = options.classes;
  let userClasses: ReadonlyMap<string, ClassReconstructor>;
  if (classes === undefined) userClasses = new Map();
  else if (classes instanceof Map) userClasses = classes;
  else userClasses = new Map(Object.entries(classes));
  for (const [name, reconstructor] of userClasses) {
    if (typeof reconstructor?.construct !== "function") {
      throw new TypeError(`classes[${JSON.stringify(name)}] must have a construct(args, kwargs, context) method`);
    }
  }
  if (options.persistentLoad !== undefined && typeof options.persistentLoad !== "function") {
    throw new TypeError("persistentLoad must be a function");
  }
  const maxBytesLength = positiveInteger("maxBytesLength", options.maxBytesLength, 2 ** 31 - 1);
  return {
    encoding,
    isMemoShared: oneOf("memo", options.memo, ["per-record", "shared"], "per-record") === "shared",
    dictMode: oneOf("dict", options.dict, ["object", "map"], "object"),
    setsAsArrays: oneOf("sets", options.sets, ["set", "array"], "set") === "array",
    wrapIntegralFloats: options.wrapIntegralFloats === true,
    userClasses,
    fixImports: options.fixImports !== false,
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
    reuseInput: options.reuseInput === true,
  };
}
