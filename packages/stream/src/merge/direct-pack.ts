import { PyByteArray, PyFloat, type PyValue } from "@pkl-stream/core";

/** Nesting beyond this is left to the full converter (which also finds cycles). */
const MAX_DIRECT_DEPTH = 64;

/**
 * What isDirectlyPackable may still see, in (under)estimated output bytes: a value shared many
 * times over through the memo (a 275-byte memo bomb is 2^30 dicts) is walked at each use, so the
 * walk stops at the output budget instead of taking minutes, and the value goes to
 * `toMsgpackPlain`, which refuses it with the budget's error.
 */
let bytesLeft = 0;

/**
 * True when msgpackr can pack `value` as it is and write what the spec's binary rules want:
 * Maps, lists and tuples, str, bool, None, ints within int32, non-integral floats, PyFloat
 * (registered below) and bytes, in at most about `maxBytes` of msgpack. Anything else (big ints,
 * -0.0, sets, reconstructed classes, object-mode dicts, deep nesting, a value past the budget)
 * goes through `toMsgpackPlain`. The check allocates nothing; measured on a 59 MB records shard
 * it is several times cheaper than converting every value.
 */
export function isDirectlyPackable(value: PyValue, maxBytes: number = Number.MAX_SAFE_INTEGER): boolean {
  bytesLeft = maxBytes;
  return isPackable(value, 0);
}

function isPackable(value: PyValue, depth: number): boolean {
  switch (typeof value) {
    case "string":
      // At least a byte per UTF-16 unit and a head byte.
      return (bytesLeft -= value.length + 1) >= 0;
    case "boolean":
      return --bytesLeft >= 0;
    case "number":
      if (--bytesLeft < 0) return false;
      return (value | 0) === value ? !Object.is(value, -0) : !Number.isInteger(value);
    case "object":
      break;
    default:
      return false;
  }
  if (--bytesLeft < 0) return false;
  if (value === null || value instanceof PyFloat) return true;
  if (depth >= MAX_DIRECT_DEPTH) return false;
  if (value instanceof Map) {
    for (const [key, item] of value) if (!isPackable(key, depth + 1) || !isPackable(item, depth + 1)) return false;
    return true;
  }
  if (Array.isArray(value)) {
    for (const item of value) if (!isPackable(item, depth + 1)) return false;
    return true;
  }
  if (!(value instanceof Uint8Array) || value instanceof PyByteArray || value.constructor !== Uint8Array) return false;
  return (bytesLeft -= value.length) >= 0;
}

/** Teaches msgpackr to write PyFloat (an integral Python float) as float64, once per process. */
export { registerFloat64 as registerPyFloat } from "../writers/float64.js";
