import { Duplex, Readable, pipeline } from "node:stream";

/** The first two bytes of every gzip member. No pickle starts with 0x1f (it is no opcode). */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Passes bytes through, or gunzips them on the fly when they start with the gzip magic bytes
 * (`mnist.pkl.gz`); concatenated gzip members are read one after the other. The pull-based
 * form keeps backpressure: nothing is read from `source` until the output is asked for.
 * Usable as a `pipeline()` stage: `pipeline(file, gunzipIfNeeded, new PickleParserStream(), ...)`.
 */
export async function* gunzipIfNeeded(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let isDone = false;
  try {
    while (headBytes < 2) {
      const step = await iterator.next();
      if (step.done === true) {
        isDone = true;
        break;
      }
      if (step.value.length === 0) continue;
      head.push(step.value);
      headBytes += step.value.length;
    }
    if (!startsWithGzipMagic(head)) {
      yield* head;
      head.length = 0;
      if (isDone) return;
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield step.value;
      isDone = true;
      return;
    }
    const rest = isDone ? null : iterator;
    isDone = true; // From here on the pipeline below owns the source iterator.
    yield* await gunzipped(head, rest);
  } finally {
    if (!isDone) await iterator.return?.();
  }
}

/** A Duplex form of `gunzipIfNeeded`, for `chain([...])` and other stream plumbing. */
export function gunzipIfNeededStream(): Duplex {
  return Duplex.from(gunzipIfNeeded);
}

function startsWithGzipMagic(head: readonly Uint8Array[]): boolean {
  const first = head[0];
  if (first === undefined) return false;
  const second = first.length > 1 ? first[1] : head[1]?.[0];
  return first[0] === GZIP_MAGIC_0 && second === GZIP_MAGIC_1;
}

/** zlib loads only when gzip bytes are seen: it costs every plain decode ~3 ms of start-up. */
async function gunzipped(head: readonly Uint8Array[], rest: AsyncIterator<Uint8Array> | null): Promise<AsyncIterable<Uint8Array>> {
  const { createGunzip } = await import("node:zlib");
  async function* compressed(): AsyncGenerator<Uint8Array, void, undefined> {
    yield* head;
    if (rest === null) return;
    try {
      for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield step.value;
    } finally {
      await rest.return?.();
    }
  }
  // pipeline() tears down both ends when either fails or the reader stops early; its errors
  // reach the reader through the gunzip stream it iterates.
  return pipeline(Readable.from(compressed(), { objectMode: false }), createGunzip(), () => {});
}
