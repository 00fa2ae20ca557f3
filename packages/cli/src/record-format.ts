import { type PyValue, toJson } from "@pkl-stream/core";

export type FormatName = "ndjson" | "json" | "msgpack";
export const FORMAT_NAMES: readonly FormatName[] = ["ndjson", "json", "msgpack"];

/** Where a record came from, for error messages and output budgets. */
export interface RecordContext {
  /** 0-based index of the record in its input. */
  readonly index: number;
  /** Bytes the record took in the pickle (scales the JSON output budget against memo bombs). */
  readonly inputBytes: number;
}

/** Turns records into output pieces; `open`/`close` frame the whole output (a JSON array). */
export interface RecordFormat {
  open(): string | Uint8Array | null;
  encode(value: PyValue, context: RecordContext): string | Uint8Array;
  close(count: number): string | Uint8Array | null;
}

/** One compact JSON text per line (the default). */
export const ndjsonFormat: RecordFormat = {
  open: () => null,
  encode: (value, context) => `${toJson(value, { recordIndex: context.index, inputBytes: context.inputBytes })}\n`,
  close: () => null,
};

/**
 * One JSON array holding every record, one record per line so it still reads (and greps) well.
 * The separator goes before each record after the first, so a failure never leaves a dangling comma.
 */
export function jsonArrayFormat(): RecordFormat {
  let isFirst = true;
  return {
    open: () => "[",
    encode: (value, context) => {
      const text = toJson(value, { recordIndex: context.index, inputBytes: context.inputBytes });
      const piece = isFirst ? `\n${text}` : `,\n${text}`;
      isFirst = false;
      return piece;
    },
    close: (count) => (count === 0 ? "]\n" : "\n]\n"),
  };
}

/** The format for a name; msgpack's encoder (and msgpackr) is loaded only when asked for. */
export async function loadFormat(name: FormatName): Promise<RecordFormat> {
  if (name === "ndjson") return ndjsonFormat;
  if (name === "json") return jsonArrayFormat();
  const { msgpackFormat } = await import("./msgpack-format.js");
  return msgpackFormat();
}
