import { EncodeRecordError, picklesToJson } from "@pkl-stream/stream/json-bytes";
import type { Py2StringEncoding } from "@pkl-stream/core";
import { inputBytes } from "../input-bytes.js";
import { type Input, inputName, inputSize } from "../inputs.js";
import type { CliIo } from "../io.js";
import type { ProgressMeter } from "../progress.js";
import { RecordError } from "../report-error.js";

/** What the tape path needs of cat's settings. */
export interface TapeCatSettings {
  readonly inputs: readonly Input[];
  readonly format: string;
  readonly isMeta: boolean;
  readonly select: unknown;
  readonly limit: number;
  readonly encoding: Py2StringEncoding;
  readonly skipCorrupt: boolean;
  readonly isEntries: boolean;
}

/** Where the source leaves its count, its first error and the input being read. */
export interface TapeSourceState {
  count: number;
  currentFile: string | undefined;
  failure: unknown;
}

/**
 * NDJSON of whole records (with or without --meta) and msgpack (without --meta) go through
 * core's tape engine: pickle bytes to output bytes without a JS value per Python value.
 * --select, --entries, --skip-corrupt and the JSON array take the value path (readPickles + a writer).
 */
export function isTapeEligible(settings: TapeCatSettings): boolean {
  const isFormatTaped = settings.format === "ndjson" || (settings.format === "msgpack" && !settings.isMeta);
  return isFormatTaped && settings.select === undefined && !settings.skipCorrupt && !settings.isEntries;
}

const utf8 = new TextEncoder();
const META_SUFFIX = "}\n";

/** NDJSON (or msgpack) bytes of every record of every input, up to the limit. Errors end it cleanly into `state.failure`. */
export async function* tapeSource(
  settings: TapeCatSettings,
  io: CliIo,
  meter: ProgressMeter | undefined,
  state: TapeSourceState,
): AsyncGenerator<Uint8Array, void, undefined> {
  const onBytes = meter === undefined ? () => undefined : (count: number) => meter.addBytes(count);
  const onRecords = (count: number): void => {
    state.count += count;
    if (meter !== undefined) for (let i = 0; i < count; i++) meter.addRecord();
  };
  let name = "";
  const encode = settings.format === "msgpack" ? (await import("@pkl-stream/stream/msgpack-bytes")).picklesToMsgpack : picklesToJson;
  try {
    for (const input of settings.inputs) {
      if (state.count >= settings.limit) return;
      name = inputName(input);
      state.currentFile = name;
      // {"file": ..., "index": ..., "offset": ..., "value": ...}, as withMeta builds it; file is null for stdin.
      const fileJson = input.kind === "stdin" ? "null" : JSON.stringify(input.name);
      const framing = settings.isMeta
        ? {
            prefix: (index: number, offset: number) => utf8.encode(`{"file":${fileJson},"index":${index},"offset":${offset},"value":`),
            suffix: META_SUFFIX,
          }
        : undefined;
      yield* encode(inputBytes(input, () => io.stdin, onBytes), {
        file: input.kind === "file" ? name : undefined,
        encoding: settings.encoding,
        framing,
        maxRecords: settings.limit - state.count,
        inputSize: await inputSize(input),
        onRecords,
      });
    }
  } catch (error) {
    state.failure = error instanceof EncodeRecordError ? new RecordError(name, error.recordIndex, error.offset, error.cause) : error;
  }
}
