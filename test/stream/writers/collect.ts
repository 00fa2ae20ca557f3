import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** What a writer produced from `records`, and the error that ended it (if any). */
export interface WriterRun {
  readonly output: Buffer;
  readonly error: unknown;
}

/** Pipes `records` through `writer` into memory with stream/promises pipeline. */
export async function runWriter(writer: NodeJS.ReadWriteStream, records: Iterable<unknown>): Promise<WriterRun> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  let error: unknown;
  try {
    await pipeline(Readable.from(records, { objectMode: true }), writer, sink);
  } catch (caught) {
    error = caught;
  }
  return { output: Buffer.concat(chunks), error };
}
