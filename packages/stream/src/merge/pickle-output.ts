import { dumps, type PyValue } from "@pkl-stream/core";
import { decodeMsgpackValues } from "../msgpack-values.js";
import { MsgpackShapeError } from "./msgpack-walk.js";

/**
 * The `pickle` merge format: the merge runs in msgpack (as in memory), and the merged dict is
 * read back here and pickled (protocol 5), so Python gets it with one `pickle.load`. Values are
 * what msgpack kept of them (the shared mapping's binary rules): dicts keep their key types,
 * floats stay floats, bytes stay bytes; tuples and sets come back as lists (tuples as dict keys),
 * and classes as their plain form (a datetime as its isoformat text).
 */
export function mergedPickle(msgpack: Uint8Array): Uint8Array {
  const values = decodeMsgpackValues(msgpack);
  if (values.length !== 1) throw new MsgpackShapeError(`expected one merged map, got ${values.length} msgpack values`);
  return dumps(values[0] as PyValue);
}
