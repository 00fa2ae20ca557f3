import { PickleError, TruncatedError } from "@pkl-stream/core";
import type { GzipCutError } from "./gunzip.js";

/** A decoding error as the stream reports it: absolute offset, record index, and the file. */
export type LocatedPickleError = PickleError & { readonly file?: string };

/**
 * Restates a decoder's error in the stream's terms. The stream may run several decoders over
 * one input (after skipping corrupt bytes), each counting from its own first byte, so offsets
 * are moved by `offsetBase`; the record index is the stream's count of delivered records; the
 * file name, when known, prefixes the message. The class (TruncatedError or not) is kept so
 * callers can still tell a cut record from a corrupt one; the original is the `cause`.
 */
export function locateError(
  error: PickleError,
  offsetBase: number,
  recordIndex: number,
  file: string | undefined,
): LocatedPickleError {
  const offset = error.offset + offsetBase;
  if (offset === error.offset && recordIndex === error.recordIndex && file === undefined) return error;
  const details = { offset, opcode: error.opcode, recordIndex, cause: error };
  const located =
    error instanceof TruncatedError
      ? new TruncatedError(error.reason, details)
      : new PickleError(error.reason, { ...details, code: error.code });
  if (file !== undefined) {
    located.message = `${file}: ${located.message}`;
    Object.defineProperty(located, "file", { value: file, enumerable: true });
  }
  return located;
}

/**
 * A gzip input cut short (`GzipCutError`) restated as the decoder restates a cut record: a
 * `TruncatedError` at the record it cut (or the next one, when it cut between records), at the
 * offset where the inflated bytes ended, with the file name when known; the gzip error is the
 * `cause`.
 */
export function locateGzipCut(cut: GzipCutError, offset: number, recordIndex: number, file: string | undefined): LocatedPickleError {
  const located = new TruncatedError(cut.reason, { offset, opcode: -1, recordIndex, cause: cut });
  const name = file ?? cut.file;
  if (name !== undefined) {
    located.message = `${name}: ${located.message}`;
    Object.defineProperty(located, "file", { value: name, enumerable: true });
  }
  return located;
}
