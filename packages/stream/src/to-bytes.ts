/** Checks that a chunk is bytes (a Buffer is a Uint8Array); text is refused, not guessed at. */
export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const got = chunk === null ? "null" : typeof chunk;
  throw new TypeError(`Expected a pickle chunk to be a Uint8Array or Buffer, got ${got}`);
}
