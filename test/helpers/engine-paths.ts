// The two ways to JSON the tape engine's tests compare: the value path (Unpickler, then
// JsonWriter per record, as the CLI wrote NDJSON before the engine) and the JsonEngine.
import { isOutputError, isPickleError, type PyValue, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import { JsonWriter, defaultOutputBudget } from "@pkl-stream/core/json";
import { JsonEngine } from "@pkl-stream/core/engine";
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

export function engineJson(chunks: readonly Uint8Array[], options?: UnpicklerOptions): JsonOutcome & { readonly engine: JsonEngine } {
  const engine = new JsonEngine(options === undefined ? {} : { decoder: options });
  const parts: Uint8Array[] = [];
  let error: string | undefined;
  try {
    for (const chunk of chunks) {
      engine.push(chunk);
      parts.push(engine.take());
    }
    engine.end();
  } catch (caught) {
    error = messageOf(caught);
  }
  parts.push(engine.take());
  return { text: Buffer.concat(parts).toString("utf8"), error, engine };
}
