/**
 * A protocol 4 pickle of one dict whose str keys (in the given order, repeats kept) map to their
 * index, pickled by SETITEMS batches of 1,000 as CPython batches them: big enough for the tape
 * engine to write its root batch by batch. A repeated key is a pickle CPython never writes
 * (its dicts hold a key once); the value path keeps the first place and the last value.
 */
export function giantDictPickle(keys: readonly string[]): Uint8Array {
  const parts: number[] = [0x80, 4, 0x7d, 0x94];
  for (let first = 0; first < keys.length; first += 1000) {
    parts.push(0x28);
    for (let i = first; i < Math.min(keys.length, first + 1000); i++) {
      const key = Buffer.from(keys[i]!);
      parts.push(0x8c, key.length, ...key, 0x4a, i & 0xff, (i >>> 8) & 0xff, (i >>> 16) & 0xff, 0);
    }
    parts.push(0x75);
  }
  parts.push(0x2e);
  return Uint8Array.from(parts);
}

/** `count` distinct keys in an order that is not ascending (a shuffle with a fixed seed). */
export function shuffledKeys(count: number): string[] {
  const keys = Array.from({ length: count }, (_, i) => `key-${i}`);
  let seed = 12345;
  for (let i = count - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return keys;
}
