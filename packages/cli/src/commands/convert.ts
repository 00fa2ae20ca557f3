import { Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isPickleError, type PyValue, TruncatedError } from "@pkl-stream/core";
import { JsonPickler } from "@pkl-stream/core/internal";
import { type GzipCutError, gunzipIfNeeded, isTorchFile, jsonArrayWriter, MsgpackPickler, msgpackWriter, ndjsonWriter, readTorchInput } from "@pkl-stream/stream";
import { UsageError, parseChoice, parseCommandArgs } from "../args.js";
import { outputPathOf } from "../output-path.js";
import { decodeInput, decodePickleSlices, isJsonText, isMsgpackInput } from "../convert/convert-input.js";
import { readHead, readRest } from "../convert/input-head.js";
import { isStreamableNdjson, jsonTextPickles, NdjsonPickleLines, PICKLE_CHUNK_BYTES } from "../convert/json-pickles.js";
import { inputBytes } from "../input-bytes.js";
import { convertThroughTape, isProtoLed, type PickleInput } from "../convert/convert-tape.js";
import { type PickleFile, pickleFilesOf } from "../convert/pickle-files.js";
import { Interrupts } from "../convert/interrupts.js";
import { CONVERT_HELP } from "../help.js";
import { EXIT } from "../exit-codes.js";
import { type Input, inputName, resolveInputs } from "../inputs.js";
import { formatOfExtension } from "../output-format.js";
import { type CliIo, untilAborted } from "../io.js";
import { type OutputFile, openOutput } from "../output-target.js";
import { reportError } from "../report-error.js";

const CONVERT_OPTIONS = {
  output: { type: "string", short: "o" },
  format: { type: "string", short: "f" },
  protocol: { type: "string", short: "p" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type ConvertFormat = "pickle" | "ndjson" | "json" | "msgpack";
const FORMATS: readonly ConvertFormat[] = ["pickle", "ndjson", "json", "msgpack"];
const PROTOCOLS = ["2", "3", "4", "5"] as const;


interface ConvertSettings {
  readonly inputs: readonly Input[];
  readonly output: string | undefined;
  /** `-o` as typed, for messages. */
  readonly outputName: string | undefined;
  readonly format: ConvertFormat;
  readonly protocol: 2 | 3 | 4 | 5;
}

/** `pkl-stream convert IN... [-o OUT]`: exit 0 converted, 1 bad input or a record with no such form, 2 bad usage. */
export async function runConvert(argv: string[], io: CliIo): Promise<number> {
  const isDebug = argv.includes("--debug");
  let settings: ConvertSettings;
  try {
    const { values, positionals } = parseCommandArgs(argv, CONVERT_OPTIONS);
    if (values.help === true) {
      io.stdout.write(CONVERT_HELP);
      return EXIT.OK;
    }
    // "-o -" is standard output, as for the other commands.
    const outputName = values.output === "-" ? undefined : values.output;
    const output = outputPathOf(values.output, io.cwd);
    const format = values.format === undefined ? defaultFormat(output) : parseChoice("--format", values.format, FORMATS);
    const protocol = Number(values.protocol === undefined ? "5" : parseChoice("--protocol", values.protocol, PROTOCOLS)) as 2 | 3 | 4 | 5;
    if (values.protocol !== undefined && format !== "pickle") throw new UsageError(`--protocol is for pickle output; this writes ${format}`);
    if (positionals.length === 0 && io.isStdinTTY) {
      throw new UsageError("convert: no input: name files, or pipe them in (- is standard input)");
    }
    if (output === undefined && (format === "msgpack" || format === "pickle") && io.isStdoutTTY) {
      throw new UsageError(`convert: ${format} is binary; name a file with -o, pipe stdout, or use --format ndjson`);
    }
    settings = { inputs: await resolveInputs(positionals, io.cwd), output, outputName, format, protocol };
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  // `-o` is checked (not one of the inputs) and opened before any input is read.
  let file: OutputFile | undefined;
  try {
    if (settings.output !== undefined) file = await openOutput(settings.outputName!, settings.output, settings.inputs);
  } catch (error) {
    return reportError(error, undefined, io, isDebug);
  }
  let current: string | undefined;
  const setCurrent = (name: string | undefined): void => {
    current = name;
  };
  // Ctrl-C (SIGTERM, SIGHUP) stops the conversion at the next record, input slice or output
  // chunk: nothing more is written, and an -o file is left as it was (exit 130, 143, 129).
  const interrupts = new Interrupts(io.signal);
  try {
    // Pickle files to NDJSON, JSON or msgpack: read as the engine goes, never held whole.
    const pickleFiles = settings.format === "pickle" ? undefined : await pickleFilesOf(settings.inputs);
    if (pickleFiles !== undefined && settings.format !== "pickle") {
      await writeTape(pickleFiles, settings.format, { setCurrent, interrupts, io, file });
      current = undefined;
    } else {
      // Each input's start is read first: NDJSON to pickles streams its lines from there (a file of
      // any length is held a chunk at a time); anything else is read whole.
      const probe = new JsonPickler({ protocol: settings.protocol });
      const read: (PickleInput | StreamedNdjson)[] = [];
      for (const input of settings.inputs) {
        current = inputName(input);
        // untilAborted: an input waiting on an idle pipe is left behind on Ctrl-C, not waited for.
        const start = await readHead(gunzipIfNeeded(untilAborted(inputBytes(input, io, () => undefined), io.signal)));
        if (settings.format === "pickle" && start.rest !== undefined && isJsonText(start.head, current) && isStreamableNdjson(probe, start.head)) {
          read.push({ name: current, head: start.head, rest: start.rest });
        } else {
          const whole = await readRest(start);
          io.signal.throwIfAborted();
          read.push({ name: current, bytes: whole.bytes, cut: whole.cut });
          // The inputs after a cut one are not read: its cut ends the conversion, as a bad record does.
          if (whole.cut !== undefined) break;
        }
      }
      const whole = read.filter((input): input is PickleInput => "bytes" in input);
      if (settings.format !== "pickle" && whole.every((input) => isProtoLed(input.bytes) || isTorchFile(input.bytes))) {
        // Pickles to NDJSON or msgpack: straight from the opcodes (the tape engine).
        await writeTape(whole, settings.format, { setCurrent, interrupts, io, file });
        current = undefined;
      } else {
        // Every input's format is known before anything is written (an input in no format fails
        // first); NDJSON's records are then read as they are written.
        const inputs: ConvertSource[] = [];
        for (const input of read) {
          current = input.name;
          if (!("bytes" in input)) {
            inputs.push(input);
          } else if (input.cut !== undefined) {
            // A gzip input cut short: its pickle records before the cut, then the cut.
            inputs.push({ name: current, records: cutInputRecords(input.bytes, current, input.cut) });
          } else if (isTorchFile(input.bytes)) {
            // A torch.save file (zip or legacy): one record, the saved object.
            const torch = await readTorchInput(onceBytes(input.bytes), { dict: "map", wrapIntegralFloats: true, file: current });
            inputs.push({ name: current, records: [torch.value] });
          } else if (settings.format === "pickle" && isJsonText(input.bytes, current)) {
            // JSON text or msgpack to pickles: straight from the bytes, no JS values.
            inputs.push({ name: current, text: input.bytes });
          } else if (settings.format === "pickle" && isMsgpackInput(input.bytes, current)) {
            inputs.push({ name: current, msgpack: input.bytes });
          } else if (isProtoLed(input.bytes)) {
            // A pickle, decoded in slices: Ctrl-C stops a giant record's seconds of decoding.
            inputs.push({ name: current, records: await decodePickleSlices(input.bytes, interrupts) });
          } else {
            inputs.push({ name: current, records: decodeInput(input.bytes, current).records });
          }
        }
        // A bad record ends the source normally and is thrown once the records before it are
        // written (the writer would drop what it holds if the source failed), as cat does.
        const target: ConvertTarget = { settings, io, file, setCurrent, interrupts };
        const failure = settings.format === "pickle" ? await writePickles(inputs, target) : await writeValues(inputs, target);
        if (failure !== undefined) throw failure.error;
      }
    }
    // A signal handled only once the last chunk was written still keeps the old -o file.
    io.signal.throwIfAborted();
    await file?.commit();
    return EXIT.OK;
  } catch (error) {
    await file?.abort();
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError || isMsgpackError(error)) {
      io.stderr.write(`pkl-stream: ${current === undefined ? "" : `${current}: `}${error.message}\n`);
      if (isDebug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
      return EXIT.BAD_DATA;
    }
    return reportError(error, current, io, isDebug);
  }
}

/**
 * Pickles through the tape engine to NDJSON, JSON or msgpack, written as cat writes them: a
 * regular -o file takes a giant record in pieces while it is made (the spill), so its output is
 * never held whole; standard output gets arrays that are used again once written. Measured on
 * records.pkl -> msgpack (150 MB), alternated with the decoding command: read as it went but
 * written part by part, 3.0-4.0 s against 2.3-3.0 s; written so, 2.25-2.29 s against 2.21-2.46 s.
 */
async function writeTape(files: readonly (PickleInput | PickleFile)[], format: "ndjson" | "json" | "msgpack", target: Omit<ConvertTarget, "settings">): Promise<void> {
  const { setCurrent, interrupts, io, file } = target;
  if (file?.spill !== undefined) {
    await writeBytes(convertThroughTape(files, format, setCurrent, interrupts, { spill: file.spill }), io, file, interrupts);
  } else if (file === undefined) {
    const { OutputArrays, writeEach } = await import("../output-arrays.js");
    const arrays = new OutputArrays();
    const parts = convertThroughTape(files, format, setCurrent, interrupts, { newOutputBytes: arrays.allocate });
    await writeEach(untilAborted(parts, io.signal), io.stdout, arrays, io.signal);
  } else {
    await writeBytes(convertThroughTape(files, format, setCurrent, interrupts), io, file, interrupts);
  }
}

/**
 * The records of a gzip input cut short, read as it is written: the pickle records inflated
 * before the cut, then the cut as a `TruncatedError` at the record it cut (the decoder's own
 * failure of that record is restated, so the message says why). Any other format cut short (JSON,
 * msgpack, a torch file), or bytes that fail before a record, is the cut at record 0.
 */
function* cutInputRecords(bytes: Uint8Array, name: string, cut: GzipCutError): Generator<PyValue, void, undefined> {
  let recordIndex = 0;
  try {
    const decoded = decodeInput(bytes, name);
    if (decoded.format === "pickle") {
      for (const record of decoded.records) {
        yield record;
        recordIndex++;
      }
    }
  } catch (error) {
    // The record the cut ended inside fails, whatever it says: the cut is why.
    if (isPickleError(error)) recordIndex = error.recordIndex;
  }
  throw new TruncatedError(cut.reason, { offset: cut.inflatedBytes, opcode: -1, recordIndex, cause: cut });
}

/** What -o's extension says (`.json` one JSON array of the records, as the decoding command writes it), else NDJSON. */
function defaultFormat(output: string | undefined): ConvertFormat {
  return formatOfExtension(output) ?? "ndjson";
}

/** NDJSON whose start was read (and judged): its lines are pickled as the rest is read. */
interface StreamedNdjson {
  readonly name: string;
  readonly head: Uint8Array;
  readonly rest: AsyncIterator<Uint8Array>;
}

/** One input's records: JS values, or JSON text or msgpack the pickle writer reads as bytes. */
type ConvertSource =
  | StreamedNdjson
  | { readonly name: string; readonly records: Iterable<PyValue> }
  | { readonly name: string; readonly text: Uint8Array }
  | { readonly name: string; readonly msgpack: Uint8Array };

/** Where and how the records go: the writers' shared arguments. */
interface ConvertTarget {
  readonly settings: ConvertSettings;
  readonly io: CliIo;
  readonly file: OutputFile | undefined;
  /** Names the input being written (errors name it). */
  readonly setCurrent: (name: string | undefined) => void;
  readonly interrupts: Interrupts;
}

/** A failure that ended the output early, thrown once the records before it are written. */
type Failure = { readonly error: unknown } | undefined;

/** Every record as a pickle (repeated pickle.dump); JSON text and msgpack transcoded from their bytes. */
async function writePickles(inputs: readonly ConvertSource[], target: ConvertTarget): Promise<Failure> {
  const { settings, io, file, setCurrent, interrupts } = target;
  let failure: Failure;
  const pickler = new JsonPickler({ protocol: settings.protocol });
  const msgpackPickler = new MsgpackPickler({ protocol: settings.protocol });
  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for (const input of inputs) {
        setCurrent(input.name);
        if ("head" in input) {
          const lines = new NdjsonPickleLines(pickler, input.head);
          yield* lines.feed(input.head);
          for (let next = await input.rest.next(); next.done !== true; next = await input.rest.next()) yield* lines.feed(next.value);
          yield* lines.end();
        } else if ("text" in input) {
          yield* jsonTextPickles(pickler, input.text);
        } else if ("msgpack" in input) {
          if (pickler.size > 0) yield pickler.take(); // records stay in order across the two writers
          const bytes = input.msgpack;
          for (let at = 0; at < bytes.length; ) {
            at = msgpackPickler.pickleNext(bytes, at);
            if (msgpackPickler.size >= PICKLE_CHUNK_BYTES) yield msgpackPickler.take();
          }
          if (msgpackPickler.size > 0) yield msgpackPickler.take();
        } else {
          for (const value of input.records) {
            pickler.pickleValue(value);
            if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
          }
        }
      }
      setCurrent(undefined);
    } catch (error) {
      // Interrupted (a read left behind on Ctrl-C): no more output, the pickles held included.
      if (io.signal.aborted) throw error;
      failure = { error };
    }
    if (msgpackPickler.size > 0) yield msgpackPickler.take();
    if (pickler.size > 0) yield pickler.take();
  }
  await writeBytes(chunks(), io, file, interrupts);
  return failure;
}

/** Every record through the NDJSON or msgpack writer. */
async function writeValues(inputs: readonly ConvertSource[], target: ConvertTarget): Promise<Failure> {
  const { settings, io, file, setCurrent, interrupts } = target;
  let failure: Failure;
  async function* records(): AsyncGenerator<{ value: PyValue }, void, undefined> {
    try {
      for (const input of inputs) {
        setCurrent(input.name);
        if (!("records" in input)) throw new Error("internal: bytes inputs reach only the pickle writer");
        for (const value of input.records) {
          // Between records: the writer and a synchronous stdout would never let the loop turn.
          const turn = interrupts.check();
          if (turn !== undefined) await turn;
          yield { value };
        }
      }
      setCurrent(undefined);
    } catch (error) {
      // Interrupted: the source fails, so the writer flushes nothing more (a JSON array's "]" neither).
      if (io.signal.aborted) throw error;
      failure = { error };
    }
  }
  await writeRecords(records(), settings, io, file);
  return failure;
}

function writerFor(settings: ConvertSettings): Transform {
  // `input: "records"`: a None record cannot travel bare through an object stream.
  if (settings.format === "msgpack") return msgpackWriter({ input: "records" });
  // JSON text has no output budget: the records were asked for.
  const options = { input: "records", maxOutputBytes: Number.POSITIVE_INFINITY } as const;
  return settings.format === "json" ? jsonArrayWriter(options) : ndjsonWriter(options);
}

/** `records` as `{ value }` (a None record cannot travel bare through an object stream). */
async function writeRecords(records: AsyncIterable<{ value: PyValue }>, settings: ConvertSettings, io: CliIo, file: OutputFile | undefined): Promise<void> {
  const source = Readable.from(records, { objectMode: true });
  const writer = writerFor(settings);
  if (file === undefined) {
    await pipeline(source, writer, io.stdout, { signal: io.signal, end: false });
    return;
  }
  await pipeline(source, writer, async (chunks: AsyncIterable<Uint8Array>) => {
    for await (const chunk of chunks) {
      io.signal.throwIfAborted();
      await file.write(chunk);
    }
  });
}

/**
 * `parts` to the output as they come. Standard output is written part by part (waiting for
 * 'drain'), not through a pipeline: when `parts` fails (a bad record in a later input), what was
 * written before stays written, as cat writes the records before an error.
 */
async function writeBytes(parts: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, io: CliIo, file: OutputFile | undefined, interrupts: Interrupts): Promise<void> {
  for await (const part of parts) {
    // Not only a check of the signal: a part made with no I/O in between gives the loop its turn.
    await interrupts.check();
    if (file !== undefined) await file.write(part);
    else if (!io.stdout.write(part)) await waitForDrain(io.stdout, io.signal);
  }
}

/** Resolves at 'drain'; rejects on the stream's error (a closed pipe: EPIPE) or an abort. */
function waitForDrain(stream: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown): void => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      signal.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => done();
    const onError = (error: unknown): void => done(error);
    const onAbort = (): void => done(signal.reason);
    stream.on("drain", onDrain);
    stream.on("error", onError);
    signal.addEventListener("abort", onAbort);
  });
}

function isMsgpackError(error: unknown): error is Error {
  return error instanceof Error && error.name === "MsgpackShapeError";
}

async function* onceBytes(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes;
}
