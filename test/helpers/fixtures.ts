// The committed fixtures written by test/fixtures/generate.py, read through its manifest.
import { readFileSync } from "node:fs";
import { type PyValue, toJson, type UnpicklerOptions } from "@pkl-stream/core";

const VALUES_DIR = new URL("../fixtures/values/", import.meta.url);

/** One entry of values/manifest.json (see generate.py). */
export interface FixtureEntry {
  /** File stem, `<case>.p<N>` or `<case>` for a stream mixing protocols. */
  readonly name: string;
  readonly case: string;
  readonly protocol: number | null;
  readonly pickle: string;
  /** Number of records (pickles) in the file. */
  readonly records: number;
  /** The expected NDJSON file; absent when the value contains itself. */
  readonly expected?: string;
  /** "cycle": the value decodes but contains itself, so JSON output must refuse it. */
  readonly throws?: "cycle";
  readonly options?: {
    readonly memo?: "per-record" | "shared";
    /** `[code, module, name]` rows of copyreg's extension registry. */
    readonly extensions?: readonly (readonly [number, string, string])[];
    /** Out-of-band buffers, base64. */
    readonly buffers?: readonly string[];
  };
  readonly note?: string;
}

let manifest: readonly FixtureEntry[] | undefined;

export function loadManifest(): readonly FixtureEntry[] {
  manifest ??= JSON.parse(readFileSync(new URL("manifest.json", VALUES_DIR), "utf8")) as FixtureEntry[];
  return manifest;
}

/** The manifest entry with this name; throws when there is none (a renamed fixture). */
export function fixtureNamed(name: string): FixtureEntry {
  const entry = loadManifest().find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no fixture named ${name} in values/manifest.json`);
  return entry;
}

export function readPickle(entry: FixtureEntry): Uint8Array {
  const file = readFileSync(new URL(entry.pickle, VALUES_DIR));
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}

/** The expected NDJSON text: one line per record, each ending with a newline. */
export function readExpected(entry: FixtureEntry): string {
  if (entry.expected === undefined) throw new Error(`fixture ${entry.name} has no expected JSON (${entry.throws})`);
  return readFileSync(new URL(entry.expected, VALUES_DIR), "utf8");
}

/** How values are decoded for JSON output (CONTRIBUTING: `wrapIntegralFloats` keeps `2.0` a float). */
// JSON output decodes dicts as Maps: a JS object would list integer-like keys ("7") before the
// others, while the mapping keeps Python's insertion order.
export const JSON_DECODE_OPTIONS: UnpicklerOptions = { wrapIntegralFloats: true, dict: "map" };

/** Decoder options for JSON output plus the fixture's own. */
export function decoderOptions(entry: FixtureEntry): UnpicklerOptions {
  const own = entry.options ?? {};
  return {
    ...JSON_DECODE_OPTIONS,
    ...(own.memo === undefined ? {} : { memo: own.memo }),
    ...(own.extensions === undefined
      ? {}
      : { extensions: new Map(own.extensions.map(([code, module, name]) => [code, [module, name] as const])) }),
    ...(own.buffers === undefined ? {} : { buffers: own.buffers.map((text) => fromBase64(text)) }),
  };
}

export function fromBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Records as NDJSON the way the CLI writes them: `toJson` per record, newline after each. */
export function toNdjson(records: readonly PyValue[]): string {
  return records.map((record) => `${toJson(record)}\n`).join("");
}
