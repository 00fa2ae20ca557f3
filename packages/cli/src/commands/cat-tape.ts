import { EncodeRecordError, picklesToJson } from "@pkl-stream/stream/json-bytes";
import type { OutputSpill } from "@pkl-stream/core/engine";
import { createDict, type Py2StringEncoding } from "@pkl-stream/core";
import { inputBytes, rereadInput } from "../input-bytes.js";
import { type Input, inputName, inputSize } from "../inputs.js";
import type { CliIo } from "../io.js";
import type { ProgressMeter } from "../progress.js";
import { zipPickleOf } from "../zip-input.js";
import type { OutputArrays } from "../output-arrays.js";
import { prefaultedBytes } from "../prefault.js";
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
  /** Worker threads that encode records of large inputs (see PicklesToBytesOptions.workers). */
  readonly workers: number;
}

/** Where the source leaves its count, its first error and the input being read. */
export interface TapeSourceState {
  count: number;
  currentFile: string | undefined;
  failure: unknown;
}

/**
 * Whole records in every format (NDJSON, the JSON array, msgpack; with or without --meta), and
 * --entries as NDJSON or msgpack, go through core's tape engine: pickle bytes to output bytes
 * without a JS value per Python value. --select, --skip-corrupt, --rows and the rest of
 * --entries take the value path (readPickles + a writer).
 */
export function isTapeEligible(settings: TapeCatSettings): boolean {
  const isFormatTaped = settings.format === "ndjson" || settings.format === "json" || settings.format === "msgpack";
  if (settings.isEntries) {
    // --entries: NDJSON and msgpack (the JSON array's separators need each entry's index) without
    // --limit (the tape writes a root batch at once).
    return settings.format !== "json" && settings.select === undefined && settings.limit === Number.POSITIVE_INFINITY;
  }
  return isFormatTaped && settings.select === undefined && !settings.skipCorrupt;
}

const utf8 = new TextEncoder();

/** What goes around each record in each format, as the value path's writers write it. */
interface FramingSet {
  /** Bytes before a record: the JSON array's `[` or `,`, the --meta head. */
  prefix(isFirst: boolean, fileJson: string, file: string | null, index: number, offset: number): Uint8Array;
  readonly suffix: string;
  /** After the last record: the JSON array's `]` (or `[]` for none). */
  end(count: number): string;
}

async function framingFor(format: string, isMeta: boolean): Promise<FramingSet | undefined> {
  if (format === "msgpack") {
    if (!isMeta) return undefined;
    // The head of {"file", "index", "offset", "value"} exactly as the value path writes that
    // dict (the same encoder), with a null value whose byte (nil) is dropped: the record follows.
    const { encodeMsgpackRecord, msgpackWriter } = await import("@pkl-stream/stream/writers/msgpack");
    msgpackWriter(); // registers the float64 extension the value path's writer registers
    const { Packr } = await import("msgpackr");
    const packr = new Packr({ useRecords: false });
    return {
      prefix: (_isFirst, _fileJson, file, index, offset) => {
        const wrapped = createDict();
        wrapped["file"] = file;
        wrapped["index"] = index;
        wrapped["offset"] = offset;
        wrapped["value"] = null;
        const head = encodeMsgpackRecord(packr, wrapped, 2, 1 << 20, index);
        return head.subarray(0, head.length - 1);
      },
      suffix: "",
      end: () => "",
    };
  }
  const isArray = format === "json";
  if (!isMeta && !isArray) return undefined;
  const separator = (isFirst: boolean): string => (!isArray ? "" : isFirst ? "[" : ",");
  return {
    // {"file": ..., "index": ..., "offset": ..., "value": ...}, as withMeta builds it; file is null for stdin.
    prefix: (isFirst, fileJson, _file, index, offset) =>
      utf8.encode(isMeta ? `${separator(isFirst)}{"file":${fileJson},"index":${index},"offset":${offset},"value":` : separator(isFirst)),
    suffix: isMeta ? (isArray ? "}" : "}\n") : isArray ? "" : "\n",
    end: (count) => (!isArray ? "" : count === 0 ? "[]\n" : "]\n"),
  };
}

/** NDJSON (or msgpack) bytes of every record of every input, up to the limit. Errors end it cleanly into `state.failure`. */
export async function* tapeSource(
  settings: TapeCatSettings,
  io: CliIo,
  meter: ProgressMeter | undefined,
  state: TapeSourceState,
  spill?: OutputSpill,
  /** Where the engine's output arrays come from (reused once written); default fresh ones. */
  outputArrays?: OutputArrays,
): AsyncGenerator<Uint8Array, void, undefined> {
  const onBytes = meter === undefined ? () => undefined : (count: number) => meter.addBytes(count);
  const onRecords = (count: number): void => {
    state.count += count;
    if (meter !== undefined) for (let i = 0; i < count; i++) meter.addRecord();
  };
  let name = "";
  const encode = settings.format === "msgpack" ? (await import("@pkl-stream/stream/msgpack-bytes")).picklesToMsgpack : picklesToJson;
  const framings = await framingFor(settings.format, settings.isMeta);
  const firstCount = state.count;
  try {
    for (const input of settings.inputs) {
      if (state.count >= settings.limit) break;
      name = inputName(input);
      state.currentFile = name;
      const file = input.kind === "stdin" ? null : input.name;
      const fileJson = JSON.stringify(file);
      // The first record of all: none before this input and the input's first (a record the
      // tape declines gets its prefix twice, so this must not be a flag that flips).
      const isFirstInput = state.count === firstCount;
      const framing =
        framings === undefined
          ? undefined
          : {
              prefix: (index: number, offset: number) => framings.prefix(isFirstInput && index === 0, fileJson, file, index, offset),
              suffix: framings.suffix,
            };
      // Transient chunks: the engine copies what it keeps (a pipe's chunks are then views of
      // the stdin reader's ring, see stdin/stdin-bytes.ts).
      // A zip of one pickle (pandas' to_pickle("x.pkl.zip")): its member, read again from memory.
      const zipped = input.kind === "file" ? await zipPickleOf(input.path) : undefined;
      if (zipped !== undefined) onBytes(zipped.fileSize);
      const size = zipped === undefined ? await inputSize(input) : zipped.bytes.length;
      const bytes = zipped === undefined ? inputBytes(input, io, onBytes, true, false) : chunksFrom(zipped.bytes, 0);
      yield* encode(bytes, {
        transientChunks: true,
        file: input.kind === "file" ? name : undefined,
        encoding: settings.encoding,
        framing,
        maxRecords: settings.isEntries ? undefined : settings.limit - state.count,
        entries: settings.isEntries,
        inputSize: size,
        reread: zipped === undefined ? rereadInput(input, size) : (offset: number) => chunksFrom(zipped.bytes, offset),
        onRecords,
        spill,
        workers: settings.workers,
        newWorkBytes: prefaultedBytes,
        ...(outputArrays === undefined ? {} : { newOutputBytes: outputArrays.allocate }),
      });
    }
  } catch (error) {
    state.failure = error instanceof EncodeRecordError ? new RecordError(name, error.recordIndex, error.offset, error.cause) : error;
  }
  // After a failed record too, as the value path's writer (its source ends cleanly): the JSON
  // array of the records before it is closed.
  const end = framings?.end(state.count - firstCount);
  if (end) yield utf8.encode(end);
}

/** `bytes` from `offset` on, as one chunk (an input already in memory). */
async function* chunksFrom(bytes: Uint8Array, offset: number): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes.subarray(offset);
}
