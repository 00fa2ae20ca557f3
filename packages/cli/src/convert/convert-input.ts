import { loadAll, type PyValue } from "@pkl-stream/core";
import { decodeMsgpackValues } from "@pkl-stream/stream";
import { parseJsonValue } from "./json-values.js";

/** The formats `convert` reads, recognised by content (gzip is undone before). */
export type ConvertInputFormat = "pickle" | "json" | "ndjson" | "msgpack";

/** How pickles are decoded for conversion: classes kept, dict key types and float-ness too. */
const PICKLE_OPTIONS = { dict: "map", wrapIntegralFloats: true } as const;
const JSON_START = /^[\s]*[[{"\-0-9tfn]/;

/**
 * The records of one input and the format they were in. A pickle starts with PROTO (protocol 2+),
 * JSON text with what JSON values start with; one JSON value is one record, except a top-level
 * array, whose elements are the records (what `--json` output writes); text that is not one JSON
 * value is read as NDJSON (one value per non-empty line). Other bytes are a protocol 0-1 pickle
 * if they decode as one, else msgpack values, one record each.
 */
export function decodeInput(bytes: Uint8Array): { format: ConvertInputFormat; records: PyValue[] } {
  if (bytes.length === 0) return { format: "pickle", records: [] };
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! >= 2 && bytes[1]! <= 5) {
    return { format: "pickle", records: loadAll(bytes, PICKLE_OPTIONS) };
  }
  const text = utf8(bytes);
  if (text !== null && JSON_START.test(text.slice(0, 64))) return decodeJsonText(text);
  try {
    return { format: "pickle", records: loadAll(bytes, PICKLE_OPTIONS) };
  } catch {
    return { format: "msgpack", records: decodeMsgpackValues(bytes) };
  }
}

function decodeJsonText(text: string): { format: ConvertInputFormat; records: PyValue[] } {
  let whole: PyValue;
  try {
    whole = parseJsonValue(text);
  } catch {
    const records: PyValue[] = [];
    let start = 0;
    let line = 1;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      if (text.slice(start, end).trim() !== "") {
        try {
          records.push(parseJsonValue(text, start, end));
        } catch (error) {
          throw new SyntaxError(`NDJSON line ${line}: ${(error as Error).message}`);
        }
      }
      start = end + 1;
      line++;
    }
    return { format: "ndjson", records };
  }
  return { format: "json", records: Array.isArray(whole) ? whole : [whole] };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function utf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
