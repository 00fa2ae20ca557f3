/** The smallest default output budget per record: 64 MiB. */
export const MIN_DEFAULT_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Output allowed per input byte by default. JSON of ordinary pickles is 1-5x their size. */
export const DEFAULT_OUTPUT_PER_INPUT_BYTE = 64;

/**
 * The default `maxOutputBytes` for a record of `inputBytes` pickle bytes:
 * `max(64 MiB, 64 x inputBytes)`. A memo bomb (a few KB of DUP/BINGET that expand to billions of
 * elements when written out) is stopped at 64 MiB, while a legitimate 300 MB pickle may write up
 * to 19 GB. Without a size hint (`inputBytes` undefined) the floor applies.
 */
export function defaultOutputBudget(inputBytes?: number): number {
  if (inputBytes === undefined) return MIN_DEFAULT_OUTPUT_BYTES;
  if (typeof inputBytes !== "number" || !(inputBytes >= 0)) {
    throw new RangeError(`inputBytes must be a non-negative number, got ${String(inputBytes)}`);
  }
  return Math.max(MIN_DEFAULT_OUTPUT_BYTES, DEFAULT_OUTPUT_PER_INPUT_BYTE * inputBytes);
}
