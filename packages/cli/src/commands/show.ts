import type { PyValue } from "@pkl-stream/core";
import { readPickles } from "@pkl-stream/stream";
import { UsageError, parseCommandArgs, parseCount, parseShape } from "../args.js";
import { filePathOf } from "../output-path.js";
import { EXIT } from "../exit-codes.js";
import { SHOW_HELP } from "../help.js";
import { ImageError, toImage } from "../image.js";
import { inputBytes } from "../input-bytes.js";
import { type Input, inputName, resolveInputs } from "../inputs.js";
import type { CliIo } from "../io.js";
import type { OutputFile } from "../output-target.js";
import { RecordError, reportError } from "../report-error.js";
import { selectPath } from "../select.js";
import { type PathStep, PathSyntaxError, parsePath } from "../select-path.js";
import { fitToWidth, renderHalfBlocks } from "../terminal-image.js";

const SHOW_OPTIONS = {
  select: { type: "string", short: "s" },
  record: { type: "string", short: "r" },
  shape: { type: "string" },
  png: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface ShowSettings {
  readonly input: Input;
  readonly select: readonly PathStep[];
  readonly recordIndex: number;
  readonly shape: number[] | undefined;
  readonly pngPath: string | undefined;
  /** `--png` as typed, for messages. */
  readonly pngName: string | undefined;
  /** `--png -`: the PNG goes to standard output. */
  readonly isPngToStdout: boolean;
}

/** `pkl-stream show FILE --select PATH`: a numeric array drawn in the terminal or written as PNG. */
export async function runShow(argv: string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let settings: ShowSettings;
  try {
    const { values, positionals } = parseCommandArgs(argv, SHOW_OPTIONS);
    if (values.help === true) {
      io.stdout.write(SHOW_HELP);
      return EXIT.OK;
    }
    settings = await resolveSettings(values, positionals, io);
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  // `--png` is checked (not the input) and opened before the input is read.
  let file: OutputFile | undefined;
  if (settings.pngPath !== undefined) {
    try {
      const { openOutput } = await import("../output-target.js");
      file = await openOutput(settings.pngName!, settings.pngPath, [settings.input]);
    } catch (error) {
      return reportError(error, undefined, io, isDebug);
    }
  }
  const name = inputName(settings.input);
  try {
    const value = await readRecord(settings, io);
    const image = toImageOrFail(value, settings, name);
    if (file !== undefined || settings.isPngToStdout) {
      const { encodePng } = await import("../png-image.js");
      const png = await encodePng(image);
      if (file === undefined) io.stdout.write(png);
      else {
        await file.write(png);
        await file.commit();
      }
    } else {
      // On a terminal, no wider than it: a wrapped line is noise (--png keeps every pixel).
      io.stdout.write(renderHalfBlocks(fitToWidth(image, io.stdoutColumns)));
    }
    return EXIT.OK;
  } catch (error) {
    await file?.abort();
    return reportError(error, name, io, isDebug);
  }
}

async function resolveSettings(
  values: ReturnType<typeof parseCommandArgs<typeof SHOW_OPTIONS>>["values"],
  positionals: readonly string[],
  io: CliIo,
): Promise<ShowSettings> {
  if (positionals.length !== 1) throw new UsageError(`show: name one pickle file (got ${positionals.length})`);
  if (values.png === "-" && io.isStdoutTTY) throw new UsageError("--png -: a PNG is binary; write it to a file or a pipe, not the terminal");
  let select: PathStep[] = [];
  if (values.select !== undefined) {
    try {
      select = parsePath(values.select);
    } catch (error) {
      if (error instanceof PathSyntaxError) throw new UsageError(`--select: ${error.message}`);
      throw error;
    }
  }
  const inputs = await resolveInputs(positionals, io.cwd);
  if (inputs.length !== 1) throw new UsageError(`show: ${positionals[0]} matches ${inputs.length} files; name one`);
  return {
    input: inputs[0]!,
    select,
    recordIndex: values.record === undefined ? 0 : parseCount("--record", values.record),
    shape: values.shape === undefined ? undefined : parseShape("--shape", values.shape),
    // `--png -` writes the PNG to standard output, as `-o -` does; not to a terminal.
    pngPath: values.png === undefined || values.png === "-" ? undefined : filePathOf("--png", values.png, io.cwd),
    pngName: values.png,
    isPngToStdout: values.png === "-",
  };
}

/** Record `recordIndex` of the input, with the path applied; reading stops there. */
async function readRecord(settings: ShowSettings, io: CliIo): Promise<PyValue> {
  const name = inputName(settings.input);
  const bytes = inputBytes(settings.input, io, () => undefined);
  const file = settings.input.kind === "file" ? name : undefined;
  // Integral floats stay PyFloat: 1.0 is then a float (full white in a 0..1 image), not the int 1.
  for await (const record of readPickles(bytes, { metadata: true, file, wrapIntegralFloats: true })) {
    if (record.index < settings.recordIndex) continue;
    try {
      return selectPath(record.value, settings.select);
    } catch (error) {
      throw new RecordError(name, record.index, record.offset, error as Error);
    }
  }
  throw new RecordError(name, settings.recordIndex, undefined, new Error("no such record (the input has fewer)"));
}

function toImageOrFail(value: PyValue, settings: ShowSettings, name: string): ReturnType<typeof toImage> {
  try {
    return toImage(value, settings.shape);
  } catch (error) {
    if (error instanceof ImageError) throw new RecordError(name, settings.recordIndex, undefined, error);
    throw error;
  }
}
