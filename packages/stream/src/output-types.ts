import type { PyValue } from "@pkl-stream/core";
import type { PickleReadOptions, PickleRecordInfo } from "./options.js";

/** The type of option `K` in `O` (undefined when `O` has no such property). */
type OptionType<O, K extends PropertyKey> = K extends keyof O ? O[K] : undefined;

/**
 * What a reader yields for options `O`: a root dict's `[key, value]` pairs with `emit: "entries"`
 * (a root list's items are values: name the type, as `readPickles<PyValue>` does),
 * `PickleRecordInfo` with `metadata: true`, values without it (or with `metadata: false`), and
 * either when `metadata` is a `boolean` known only at run time.
 */
export type PickleOutput<O extends PickleReadOptions | undefined> = O extends undefined
  ? PyValue
  : O extends { readonly emit: "entries" }
    ? PickleEntry
    : O extends { readonly metadata: true }
      ? PickleRecordInfo
      : true extends OptionType<O, "metadata">
        ? PyValue | PickleRecordInfo
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

/**
 * `O` as given, or, when it combines options that cannot go together (`emit: "entries"` with
 * `metadata: true` or `skipCorrupt: true`, which throw a TypeError at the call), a type that asks
 * for a property named by what is wrong: the call does not compile, and its error says why.
 * Options known only at run time pass.
 */
export type CompatibleOptions<O> = O extends { readonly emit: "entries" }
  ? O extends { readonly metadata: true }
    ? { readonly 'metadata: true cannot be combined with emit: "entries"': never }
    : O extends { readonly skipCorrupt: true }
      ? { readonly 'skipCorrupt: true cannot be combined with emit: "entries"': never }
      : unknown
  : unknown;

/**
 * `CompatibleOptions<O>` when what `O` yields depends on flags known only at run time (`metadata`
 * a `boolean`, `emit` either mode, `skipCorrupt` a `boolean` in entries mode), else `never`:
 * `readPickles`' last overload takes only those, so that options of known flags always get the
 * overload that types them exactly, whichever pass of overload resolution picks it.
 */
export type RunTimeOptions<O> = boolean extends OptionType<O, "metadata">
  ? CompatibleOptions<O>
  : "entries" extends OptionType<O, "emit">
    ? undefined extends OptionType<O, "emit">
      ? CompatibleOptions<O>
      : "records" extends OptionType<O, "emit">
        ? CompatibleOptions<O>
        : boolean extends OptionType<O, "skipCorrupt">
          ? CompatibleOptions<O>
          : O extends { readonly metadata: true } | { readonly skipCorrupt: true }
            ? CompatibleOptions<O>
            : never
    : never;
