import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { type Py2StringEncoding, type PyValue, createDict } from "@pkl-stream/core";
import type { CorruptSpan, PickleRecordInfo } from "@pkl-stream/stream";
import { UsageError, parseChoice, parseCommandArgs, parseCount } from "../args.js";
import { EXIT } from "../exit-codes.js";
import { CAT_HELP } from "../help.js";
import { inputBytes } from "../input-bytes.js";
import { type Input, inputName, inputSize, resolveInputs } from "../inputs.js";
import type { CliIo } from "../io.js";
import { OutputSink } from "../output.js";
import { ProgressMeter } from "../progress.js";
import { FORMAT_NAMES, type FormatName, type RecordFormat, loadFormat } from "../record-format.js";
import { RecordError, reportError } from "../report-error.js";
import { selectPath } from "../select.js";
import { type PathStep, PathSyntaxError, parsePath } from "../select-path.js";

export const CAT_OPTIONS = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  meta: { type: "boolean", short: "m" },
  select: { type: "string", short: "s" },
  limit: { type: "string", short: "n" },
  encoding: { type: "string", short: "e" },
  "skip-corrupt": { type: "boolean" },
  progress: { type: "boolean" },
  "no-progress": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const ENCODINGS: readonly Py2StringEncoding[] = ["latin1", "ascii", "utf-8", "bytes"];
const ENCODING_ALIASES: Readonly<Record<string, Py2StringEncoding>> = { "latin-1": "latin1", utf8: "utf-8" };

/** What `pkl-stream [FILE|GLOB|-]...` was asked to do, validated. */
interface CatSettings {
  readonly inputs: readonly Input[];
  readonly format: FormatName;
  readonly outputPath: string | undefined;
  readonly isMeta: boolean;
  readonly select: readonly PathStep[] | undefined;
  readonly limit: number;
  readonly encoding: Py2StringEncoding;
  readonly skipCorrupt: boolean;
  readonly showProgress: boolean | undefined;
}

/** `pkl-stream [FILE|GLOB|-]...`: every record of every input, in order, as NDJSON (or JSON, msgpack). */
export async function runCat(argv: readonly string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let settings: CatSettings;
  try {
    const parsed = parseCommandArgs(argv, CAT_OPTIONS);
    if (parsed.values.help === true) {
      io.stdout.write(CAT_HELP);
      return EXIT.OK;
    }
    settings = await resolveSettings(parsed.values, parsed.positionals, io);
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  return catInputs(settings, io, isDebug);
}

async function resolveSettings(
  values: ReturnType<typeof parseCommandArgs<typeof CAT_OPTIONS>>["values"],
  positionals: readonly string[],
  io: CliIo,
): Promise<CatSettings> {
  const format = values.format === undefined ? "ndjson" : parseChoice("--format", values.format, FORMAT_NAMES);
  let select: PathStep[] | undefined;
  if (values.select !== undefined) {
    try {
      select = parsePath(values.select);
    } catch (error) {
      if (error instanceof PathSyntaxError) throw new UsageError(`--select: ${error.message}`);
      throw error;
    }
  }
  const encodingName = values.encoding === undefined ? "latin1" : (ENCODING_ALIASES[values.encoding] ?? values.encoding);
  const encoding = parseChoice("--encoding", encodingName, ENCODINGS);
  if (values.progress === true && values["no-progress"] === true) throw new UsageError("--progress and --no-progress contradict each other");
  if (positionals.length === 0 && io.isStdinTTY) {
    throw new UsageError("no input: name pickle files, or pipe them in (cat *.pkl | pkl-stream)");
  }
  if (format === "msgpack" && values.output === undefined && io.isStdoutTTY) {
    throw new UsageError("msgpack is binary: write it to a file (-o out.msgpack) or a pipe, not the terminal");
  }
  return {
    inputs: await resolveInputs(positionals, io.cwd),
    format,
    outputPath: values.output === undefined || values.output === "-" ? undefined : resolve(io.cwd, values.output),
    isMeta: values.meta === true,
    select,
    limit: values.limit === undefined ? Number.POSITIVE_INFINITY : parseCount("--limit", values.limit),
    encoding,
    skipCorrupt: values["skip-corrupt"] === true,
    showProgress: values.progress === true ? true : values["no-progress"] === true ? false : undefined,
  };
}

/** Decodes the inputs one after another into one output; returns the exit status. */
async function catInputs(settings: CatSettings, io: CliIo, isDebug: boolean): Promise<number> {
  const format = await loadFormat(settings.format);
  const sink =
    settings.outputPath === undefined ? new OutputSink(io.stdout, false) : new OutputSink(createWriteStream(settings.outputPath), true);
  const meter = startProgress(settings, io);
  const state = { count: 0, currentFile: undefined as string | undefined };
  try {
    const opening = format.open();
    if (opening !== null) await sink.write(opening);
    for (const input of settings.inputs) {
      if (state.count >= settings.limit || sink.isClosed || io.signal.aborted) break;
      state.currentFile = inputName(input);
      await catInput(input, settings, format, sink, meter, io, state);
    }
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    const closing = format.close(state.count);
    if (closing !== null && !sink.isClosed) await sink.write(closing);
    await sink.finish();
    return EXIT.OK;
  } catch (error) {
    meter?.stop();
    // Records decoded before the failure still go out, so the output is complete up to it.
    await sink.finish().catch(() => undefined);
    return reportError(error, state.currentFile, io, isDebug);
  } finally {
    meter?.stop();
    sink.close();
  }
}

async function catInput(
  input: Input,
  settings: CatSettings,
  format: RecordFormat,
  sink: OutputSink,
  meter: ProgressMeter | undefined,
  io: CliIo,
  state: { count: number },
): Promise<void> {
  const name = inputName(input);
  const onBytes = meter === undefined ? () => undefined : (count: number) => meter.addBytes(count);
  const records = readRecords(inputBytes(input, () => io.stdin, onBytes), name, input.kind === "file", settings, io);
  for await (const record of records) {
    const value = settings.select === undefined ? record.value : selectOrFail(record, settings.select, name);
    const output = settings.isMeta ? withMeta(value, record, input) : value;
    let piece: string | Uint8Array;
    try {
      piece = format.encode(output, { index: record.index, inputBytes: record.length });
    } catch (error) {
      throw new RecordError(name, record.index, record.offset, error as Error);
    }
    const wait = sink.write(piece);
    if (wait !== undefined) await wait;
    meter?.addRecord();
    state.count++;
    if (state.count >= settings.limit || sink.isClosed || io.signal.aborted) return;
  }
}

/** The records of one input, with metadata; the stream layer gunzips and locates errors. */
async function* readRecords(
  bytes: AsyncIterable<Uint8Array>,
  name: string,
  isFile: boolean,
  settings: CatSettings,
  io: CliIo,
): AsyncGenerator<PickleRecordInfo, void, undefined> {
  const { readPickles } = await import("@pkl-stream/stream");
  const onCorrupt = (span: CorruptSpan): void => {
    io.stderr.write(`pkl-stream: ${name}: skipped ${span.length} corrupt bytes at byte ${span.offset}: ${span.reason}\n`);
  };
  yield* readPickles(bytes, {
    metadata: true,
    file: isFile ? name : undefined,
    encoding: settings.encoding,
    wrapIntegralFloats: true,
    skipCorrupt: settings.skipCorrupt,
    onCorrupt: settings.skipCorrupt ? onCorrupt : undefined,
  });
}

function selectOrFail(record: PickleRecordInfo, steps: readonly PathStep[], name: string): PyValue {
  try {
    return selectPath(record.value, steps);
  } catch (error) {
    throw new RecordError(name, record.index, record.offset, error as Error);
  }
}

/** `{"file": ..., "index": ..., "offset": ..., "value": ...}`; `file` is null for stdin. */
function withMeta(value: PyValue, record: PickleRecordInfo, input: Input): PyValue {
  const wrapped = createDict();
  wrapped["file"] = input.kind === "stdin" ? null : input.name;
  wrapped["index"] = record.index;
  wrapped["offset"] = record.offset;
  wrapped["value"] = value;
  return wrapped;
}

/** On with `--progress`; by default only when stderr is a terminal and every input's size is known. */
function startProgress(settings: CatSettings, io: CliIo): ProgressMeter | undefined {
  if (settings.showProgress === false) return undefined;
  const sizes = settings.inputs.map(inputSize);
  const isKnown = sizes.every((size) => size !== undefined);
  if (settings.showProgress !== true && !(io.isStderrTTY && isKnown)) return undefined;
  const total = isKnown ? sizes.reduce<number>((sum, size) => sum + size!, 0) : undefined;
  return new ProgressMeter(io.stderr, total);
}

