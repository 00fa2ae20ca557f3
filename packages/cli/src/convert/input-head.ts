import { joinBytes } from "@pkl-stream/core/internal";

/** At least this much of an input is read before its format is judged. */
const HEAD_BYTES = 64 * 1024;

/** An input's first bytes, and the rest still to read (undefined: the head is all of it). */
export interface InputHead {
  readonly head: Uint8Array;
  readonly rest: AsyncIterator<Uint8Array> | undefined;
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
    const next = await iterator.next();
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
export async function readRest({ head, rest }: InputHead): Promise<Uint8Array> {
  if (rest === undefined) return head;
  const pieces = [head];
  let total = head.length;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    pieces.push(next.value);
    total += next.value.length;
  }
  return joinBytes(pieces, total);
}
