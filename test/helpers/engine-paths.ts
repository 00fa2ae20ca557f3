// The two ways to JSON (and to msgpack) the tape engine's tests compare: the value path
// (Unpickler, then JsonWriter or the msgpack writer per record, as the CLI wrote before the
// engine) and the engine.
import { isOutputError, isPickleError, type PyValue, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import { JsonWriter, defaultOutputBudget } from "@pkl-stream/core/json";
import { JsonEngine, MsgpackTapeWriter, TapeEngine, type TapeEngineOptions } from "@pkl-stream/core/engine";
import { msgpackWriter } from "@pkl-stream/stream";
import { encodeMsgpackRecord } from "@pkl-stream/stream/writers/msgpack";
import { Packr } from "msgpackr";
import { JSON_DECODE_OPTIONS } from "./fixtures.js";

/** NDJSON text written before the first error, and that error's message. */
export interface JsonOutcome {
  readonly text: string;
  readonly error: string | undefined;
}

/** Only PickleError and OutputError may come out of decoding and writing; anything else fails the test. */
export function messageOf(error: unknown): string {
  if (!isPickleError(error) && !isOutputError(error)) throw new Error(`escaped: ${String(error)}`, { cause: error });
  return error.message;
}

/** The value path's decoding: the records before the first error, their spans, and that error. */
export function decodeRecords(bytes: Uint8Array, options: UnpicklerOptions = JSON_DECODE_OPTIONS): { records: PyValue[]; spans: readonly number[]; error: string | undefined } {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  let error: string | undefined;
  try {
    unpickler.pushTo(bytes, records);
    unpickler.end();
  } catch (caught) {
    error = messageOf(caught);
  }
  return { records, spans: unpickler.recordSpans, error };
}

export function valuePathJson(bytes: Uint8Array, options: UnpicklerOptions = JSON_DECODE_OPTIONS): JsonOutcome {
  const { records, spans, error } = decodeRecords(bytes, options);
  const writer = new JsonWriter();
  let text = "";
  for (let i = 0; i < records.length; i++) {
    try {
      writer.append(records[i]!, defaultOutputBudget(spans[2 * i + 1]! - spans[2 * i]!), i);
    } catch (caught) {
      return { text, error: messageOf(caught) };
    }
    text += `${Buffer.from(writer.take()).toString("utf8")}\n`;
  }
  return { text, error };
}

const ENTRIES_OPTIONS = { dict: "map", wrapIntegralFloats: true, emit: "entries" } as const;

/**
 * The value path in entries mode (`emit: "entries"`): the Unpickler's entries, each written by
 * JsonWriter with the floor budget, one per line; then the first error as a line `error: ...`.
 */
export function valuePathEntriesJson(bytes: Uint8Array, options: UnpicklerOptions = {}): string {
  const { records: entries, error } = decodeRecords(bytes, { ...options, ...ENTRIES_OPTIONS });
  const writer = new JsonWriter();
  let text = "";
  for (let i = 0; i < entries.length; i++) {
    try {
      writer.append(entries[i]!, defaultOutputBudget(), i);
    } catch (caught) {
      return `${text}error: ${messageOf(caught)}`;
    }
    text += `${Buffer.from(writer.take()).toString("utf8")}\n`;
  }
  return error === undefined ? text : `${text}error: ${error}`;
}

export function engineJson(chunks: readonly Uint8Array[], options?: UnpicklerOptions): JsonOutcome & { readonly engine: JsonEngine } {
  const engine = new JsonEngine(options === undefined ? {} : { decoder: options });
  const { bytes, error } = feed(engine, chunks, messageOf);
  return { text: bytes.toString("utf8"), error, engine };
}

/**
 * `input` pushed through `engine` as a caller that can read it again does (TapeEngine
 * .allowRereading): each chunk ends where `chunkEnd(at)` says; after a rewind the input is pushed
 * again from the offset asked for, and an `end()` that asked is called again. `afterPush` runs
 * after each push. Returns the bytes taken, the first error as `describe` states it, and the
 * offsets asked for, in order.
 */
export function pushRereading(
  engine: TapeEngine,
  input: Uint8Array,
  chunkEnd: (at: number) => number,
  describe: (error: unknown) => string = messageOf,
  afterPush: () => void = () => undefined,
): { bytes: Buffer; error: string | undefined; rewinds: readonly number[] } {
  const parts: Uint8Array[] = [];
  const rewinds: number[] = [];
  let error: string | undefined;
  let at = 0;
  try {
    for (;;) {
      while (at < input.length) {
        const next = Math.min(chunkEnd(at), input.length);
        engine.push(input.subarray(at, next));
        parts.push(engine.take());
        afterPush();
        if (engine.rewindOffset >= 0) rewinds.push(engine.rewindOffset);
        at = engine.rewindOffset >= 0 ? engine.rewindOffset : next;
      }
      engine.end();
      if (engine.rewindOffset < 0) break;
      rewinds.push(engine.rewindOffset);
      at = engine.rewindOffset;
    }
  } catch (caught) {
    error = describe(caught);
  }
  parts.push(engine.take());
  return { bytes: Buffer.concat(parts), error, rewinds };
}

/** `chunks` pushed through `engine` one by one: the bytes taken after each and at the end, and the first error as `describe` states it. */
function feed(engine: TapeEngine, chunks: readonly Uint8Array[], describe: (error: unknown) => string): { bytes: Buffer; error: string | undefined } {
  const parts: Uint8Array[] = [];
  let error: string | undefined;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      parts.push(engine.take());
    }
    engine.end();
  } catch (caught) {
    error = describe(caught);
  }
  parts.push(engine.take());
  return { bytes: Buffer.concat(parts), error };
}

const packr = new Packr({ useRecords: false });
// The msgpack writer registers its float64 extension (2.0 stays a float) when made.
msgpackWriter();

/** msgpack bytes (hex) written before the first error, and that error's message. */
export interface MsgpackOutcome {
  readonly hex: string;
  readonly error: string | undefined;
}

/** The value path to msgpack: decode, then the msgpack writer's encoding per record. */
export function valuePathMsgpack(bytes: Uint8Array, options: UnpicklerOptions = JSON_DECODE_OPTIONS): MsgpackOutcome {
  const { records, spans, error } = decodeRecords(bytes, options);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < records.length; i++) {
    try {
      parts.push(encodeMsgpackRecord(packr, records[i]!, 512, defaultOutputBudget(spans[2 * i + 1]! - spans[2 * i]!), i));
    } catch (caught) {
      return { hex: Buffer.concat(parts).toString("hex"), error: (caught as Error).message };
    }
  }
  return { hex: Buffer.concat(parts).toString("hex"), error };
}

/** A TapeEngine writing msgpack as the stream package's picklesToMsgpack makes it (records back to back). */
export function msgpackTapeEngine(options: TapeEngineOptions = {}): TapeEngine {
  return new TapeEngine(
    new MsgpackTapeWriter({ suffix: "" }, undefined),
    (value, budget, index) => encodeMsgpackRecord(packr, value, 512, budget, index),
    options,
    { suffix: "" },
  );
}

/** The msgpack TapeEngine fed `chunks`: its bytes (hex), its error, and the engine. */
export function engineMsgpack(chunks: readonly Uint8Array[], options?: UnpicklerOptions): MsgpackOutcome & { readonly engine: TapeEngine } {
  const engine = msgpackTapeEngine(options === undefined ? {} : { decoder: options });
  const { bytes, error } = feed(engine, chunks, (caught) => (caught as Error).message);
  return { hex: bytes.toString("hex"), error, engine };
}
