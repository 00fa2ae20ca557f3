import { joinBytes } from "@pkl-stream/core/internal";
import { GzipCutError } from "@pkl-stream/stream";

/** At least this much of an input is read before its format is judged. */
const HEAD_BYTES = 64 * 1024;

/** An input's first bytes, and the rest still to read (undefined: the head is all of it). */
export interface InputHead {
  readonly head: Uint8Array;
  readonly rest: AsyncIterator<Uint8Array> | undefined;
  /** Set when a gzip input ended inside a member: `head` is what was inflated before the cut. */
  readonly cut?: GzipCutError;
}

/** An input read whole; `cut` as in `InputHead` (the bytes are then those inflated before it). */
export interface WholeInput {
  readonly bytes: Uint8Array;
  readonly cut: GzipCutError | undefined;
}

/**
 * Reads the start of an input: at least 64 KiB, and past its first line up to the next byte that
 * is not whitespace (what tells NDJSON from one JSON value); or all of it, when it is shorter.
 * The rest stays unread, for a format that is read as a stream.
 */
export async function readHead(chunks: AsyncIterable<Uint8Array>): Promise<InputHead> {
  const iterator = chunks[Symbol.asyncIterator]();
  const pieces: Uint8Array[] = [];
  let total = 0;
  // Where the scan is: 0 before the first byte that is not whitespace, 1 before the newline
  // after it, 2 before the next byte that is not whitespace, 3 done.
  let phase = 0;
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch (error) {
      // The records inflated before a gzip cut are converted, then the cut is reported at its record.
      if (error instanceof GzipCutError) return { head: joinBytes(pieces, total), rest: undefined, cut: error };
      throw error;
    }
    if (next.done === true) return { head: joinBytes(pieces, total), rest: undefined };
    const chunk = next.value;
    pieces.push(chunk);
    total += chunk.length;
    for (let at = 0; phase < 3 && at < chunk.length; ) {
      if (phase === 1) {
        const newline = chunk.indexOf(0x0a, at);
        if (newline < 0) break;
        phase = 2;
        at = newline + 1;
        continue;
      }
      const code = chunk[at]!;
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) phase++;
      at++;
    }
    if (phase === 3 && total >= HEAD_BYTES) return { head: joinBytes(pieces, total), rest: iterator };
  }
}

/** All of an input whose head was read. */
export async function readRest({ head, rest, cut }: InputHead): Promise<WholeInput> {
  if (rest === undefined) return { bytes: head, cut };
  const pieces = [head];
  let total = head.length;
  try {
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
      pieces.push(next.value);
      total += next.value.length;
    }
  } catch (error) {
    if (error instanceof GzipCutError) return { bytes: joinBytes(pieces, total), cut: error };
    throw error;
  }
  return { bytes: joinBytes(pieces, total), cut: undefined };
}
