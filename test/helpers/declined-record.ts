// Pickles of records the tape engine declines (they go to the value path), large enough that
// their JSON is handed out in pieces: `builtins.set(list)` is a REDUCE, so never tape data.

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

/** `set([...])` of `count` distinct 16-17 digit floats (protocol 2, BINFLOAT): about 19 bytes of JSON each. */
export function floatSetPickle(count: number, seed: number): Uint8Array {
  const head = [0x80, 0x02, ...ascii("cbuiltins\nset\n"), 0x5d, 0x28];
  const bytes = new Uint8Array(head.length + 9 * count + 4);
  bytes.set(head);
  const view = new DataView(bytes.buffer);
  let pos = head.length;
  for (let i = 0; i < count; i++) {
    bytes[pos] = 0x47; // BINFLOAT, big-endian
    view.setFloat64(pos + 1, (i + seed) / 3.7 + 0.1);
    pos += 9;
  }
  bytes.set([0x65, 0x85, 0x52, 0x2e], pos); // APPENDS, TUPLE1, REDUCE, STOP
  return bytes;
}

/** `(n,)`: a small record the tape writes. */
export function smallTuplePickle(n: number): Uint8Array {
  return Uint8Array.from([0x80, 0x02, 0x4b, n, 0x85, 0x2e]);
}
