import type { PyValue } from "@pkl-stream/core";
import type { PickleReadOptions, PickleRecordInfo } from "./options.js";

/** What a reader yields for options `O`: `PickleRecordInfo` with `metadata: true`, else values. */
export type PickleOutput<O extends PickleReadOptions | undefined> = O extends { readonly metadata: true }
  ? PickleRecordInfo
  : PyValue;

/**
 * What `emit: "entries"` yields for a root dict: each `[key, value]` pair (a tuple). A root list
 * yields its items instead: read one with `readPickles<PyValue>(source, { emit: "entries" })`.
 */
export type PickleEntry = [key: PyValue, value: PyValue];

/**
 * The options object `O` as a parameter type: each property typed by the options interface
 * `Known`, not by `O`. `O` is still inferred from the literal (so `metadata: true` picks the output
 * type), but an inline callback such as `onCorrupt: (span) => ...` takes its parameter type from
 * `Known` (inferring it from `O` alone leaves it untyped), and unknown names are refused.
 */
export type KnownOptions<O, Known> = { readonly [K in keyof O]: K extends keyof Known ? Known[K] : never };
