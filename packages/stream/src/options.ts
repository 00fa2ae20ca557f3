import type { PyValue, UnpicklerOptions } from "@pkl-stream/core";

/** A stretch of input that held no record that decodes; reported when `skipCorrupt` is on. */
export interface CorruptSpan {
  /** Absolute offset of the first skipped byte (decompressed bytes for gzip input). */
  readonly offset: number;
  /** Skipped bytes, from `offset` up to where decoding resumed (or the end of input). */
  readonly length: number;
  /** What the decoder said about the first bad byte (the error message, with its location). */
  readonly reason: string;
  /** The decoder's error code (`UNKNOWN_OPCODE`, `TRUNCATED`, ...). */
  readonly code: string;
  /** The file name, when known. */
  readonly file: string | undefined;
}

/** One record with where it came from (`metadata: true`). */
export interface PickleRecordInfo {
  readonly value: PyValue;
  /** 0-based position among the records delivered from this input. */
  readonly index: number;
  /** Absolute offset of the record's first byte (its PROTO opcode, when there is one). */
  readonly offset: number;
  /** Bytes from the first byte through STOP. */
  readonly length: number;
  /** The file name, when the input is a path or `file` was given. */
  readonly file: string | undefined;
}

/**
 * Options of `pickleParser`, `PickleParserStream` and `readPickles`. Every `UnpicklerOptions`
 * field is passed through to the core decoder.
 */
export interface PickleReadOptions extends UnpicklerOptions {
  /** Yield `PickleRecordInfo` objects instead of bare values. Default false. */
  readonly metadata?: boolean;
  /**
   * `"records"` (default): one value per pickle, after its STOP. `"entries"`: the root dict's
   * `[key, value]` pairs (or the root list's items) as each batch completes, for one giant record.
   */
  readonly emit?: "records" | "entries";
  /**
   * Entries mode: the memo indices the pickle reads back (GET/BINGET/LONG_BINGET); the decoder
   * keeps only those. `readPickles` computes it for a path with a first opcode-only pass.
   * Default: keep every memo entry.
   */
  readonly memoIndicesRead?: ReadonlySet<number>;
  /** Skip corrupt stretches instead of failing: report each through `onCorrupt`. Default false. */
  readonly skipCorrupt?: boolean;
  /** Called with each skipped stretch when `skipCorrupt` is on. */
  readonly onCorrupt?: (span: CorruptSpan) => void;
  /** The name errors and metadata give the input. `readPickles` sets it for a path. */
  readonly file?: string;
}

/** The stream-side settings, resolved once; `decoder` holds what goes to the Unpickler. */
export interface ReadSettings {
  readonly isMetadata: boolean;
  readonly isEntries: boolean;
  readonly skipCorrupt: boolean;
  readonly onCorrupt: ((span: CorruptSpan) => void) | undefined;
  readonly file: string | undefined;
  readonly decoder: DecoderOptions;
}

/**
 * What goes to the core Unpickler. `emit` and `memoIndicesRead` are spelled out because the
 * stream layer sets them, whether or not the core's option type lists them yet.
 */
export type DecoderOptions = UnpicklerOptions & {
  readonly emit?: "records" | "entries";
  readonly memoIndicesRead?: ReadonlySet<number>;
};

/** Validates options at the call and splits stream settings from decoder options. */
export function resolveReadOptions(options: PickleReadOptions | undefined): ReadSettings {
  if (options === undefined) {
    return { isMetadata: false, isEntries: false, skipCorrupt: false, onCorrupt: undefined, file: undefined, decoder: {} };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected options to be an object, got ${describe(options)}`);
  }
  const { metadata, emit, skipCorrupt, onCorrupt, file, ...decoder } = options;
  checkOptional("metadata", metadata, "boolean");
  checkOptional("skipCorrupt", skipCorrupt, "boolean");
  checkOptional("onCorrupt", onCorrupt, "function");
  checkOptional("file", file, "string");
  if (emit !== undefined && emit !== "records" && emit !== "entries") {
    throw new TypeError(`Expected emit to be "records" or "entries", got ${describe(emit)}`);
  }
  const isEntries = emit === "entries";
  // Entries have no record span of their own, and a corrupt giant record has nothing to skip to.
  if (isEntries && metadata === true) throw new TypeError('metadata cannot be combined with emit: "entries"');
  if (isEntries && skipCorrupt === true) throw new TypeError('skipCorrupt cannot be combined with emit: "entries"');
  return {
    isMetadata: metadata === true,
    isEntries,
    skipCorrupt: skipCorrupt === true,
    onCorrupt,
    file,
    decoder: isEntries ? { ...decoder, emit } : decoder,
  };
}

/** Refuses an option given with another type (undefined: not given). Shared with engine-bytes.ts. */
export function checkOptional(name: string, value: unknown, type: "boolean" | "function" | "string"): void {
  if (value !== undefined && typeof value !== type) {
    throw new TypeError(`Expected ${name} to be a ${type}, got ${describe(value)}`);
  }
}

/** A wrong option value, for the messages: `null`, `array`, `"text"`, `number 1.5`, `object`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return "array";
  return typeof value === "object" || typeof value === "function" ? typeof value : `${typeof value} ${String(value)}`;
}
