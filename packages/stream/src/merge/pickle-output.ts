import { MsgpackPickler } from "../msgpack-pickler.js";
import { MsgpackShapeError, skipValue } from "./msgpack-walk.js";

/**
 * The `pickle` merge format: the merge runs in msgpack (as in memory), and the merged dict is
 * pickled (protocol 5) straight from those bytes, so Python gets it with one `pickle.load`.
 * Values are what msgpack kept of them (the shared mapping's binary rules): dicts keep their key
 * types, floats stay floats, bytes stay bytes; tuples and sets come back as lists (tuples as dict
 * keys), and classes as their plain form (a datetime as its isoformat text).
 */
export function mergedPickle(msgpack: Uint8Array): Uint8Array {
  let count = 0;
  for (let at = 0; at < msgpack.length; count++) at = skipValue(msgpack, at);
  if (count !== 1) throw new MsgpackShapeError(`expected one merged map, got ${count} msgpack values`);
  const pickler = new MsgpackPickler();
  // About a byte of pickle per byte of msgpack: room at once instead of doubling through every size.
  pickler.reserve(msgpack.length + (msgpack.length >>> 3));
  pickler.pickleNext(msgpack, 0);
  return pickler.take();
}
