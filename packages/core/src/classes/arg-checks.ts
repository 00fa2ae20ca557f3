import { isPyObject, PyFloat, type PyValue } from "../values/py-types.js";
import type { ReconstructContext } from "./registry.js";

// Argument readers shared by the reconstructors. Each throws a TypeError naming the class and
// what came, which the decoder wraps into a PickleError with offset and opcode.

/** Checks the argument count of `qualname(*args)`. */
export function expectArgCount(qualname: string, args: readonly PyValue[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new TypeError(`${qualname} takes ${wanted} arguments, got ${args.length}`);
  }
}

/** A short description of a value's kind for error messages. */
export function describeValue(value: PyValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "None";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return "list";
  if (value instanceof PyFloat) return "float";
  if (isPyObject(value)) return value.pyClass;
  return typeof value;
}

/** A Python int argument, as bigint (exact whatever its size). */
export function readInt(qualname: string, value: PyValue | undefined): bigint {
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1n : 0n;
  throw new TypeError(`${qualname}: expected an int, got ${describeValue(value)}`);
}

/** A Python int argument that must fit a safe JavaScript integer. */
export function readSafeInt(qualname: string, value: PyValue | undefined): number {
  const int = readInt(qualname, value);
  if (int > BigInt(Number.MAX_SAFE_INTEGER) || int < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TypeError(`${qualname}: int ${int} is out of range`);
  }
  return Number(int);
}

/** A Python float or int argument as a number (PyFloat unwrapped). */
export function readNumber(qualname: string, value: PyValue | undefined): number {
  if (typeof value === "number") return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "bigint") {
    // As Python's float(int): an int past a double's range is an OverflowError, not inf.
    const number = Number(value);
    if (!Number.isFinite(number)) throw new TypeError(`${qualname}: int too large to convert to float`);
    return number;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new TypeError(`${qualname}: expected a number, got ${describeValue(value)}`);
}

/** A str argument. */
export function readString(qualname: string, value: PyValue | undefined): string {
  if (typeof value === "string") return value;
  throw new TypeError(`${qualname}: expected a str, got ${describeValue(value)}`);
}

/**
 * A str argument that Python 2 pickles may give as bytes (with `encoding: "bytes"`, as CPython's
 * `encoding="bytes"` gives numpy its type codes): bytes are read as ASCII.
 */
export function readText(qualname: string, value: PyValue | undefined): string {
  if (value instanceof Uint8Array) return String.fromCharCode(...value);
  return readString(qualname, value);
}

/**
 * A bytes argument. Python 3 pickles give bytes; Python 2 pickles give a str, which the decoder
 * turned into text: its raw bytes come back through `context.py2Bytes`, or, failing that, as the
 * latin-1 char codes (the default decoding maps each byte to one char).
 */
export function readBytes(qualname: string, value: PyValue | undefined, context: ReconstructContext): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return context.py2Bytes(value) ?? latin1Bytes(qualname, value);
  throw new TypeError(`${qualname}: expected bytes, got ${describeValue(value)}`);
}

/** Encodes text as latin-1, one byte per char; chars above U+00FF fail as in Python. */
export function latin1Bytes(qualname: string, text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new TypeError(`${qualname}: char U+${code.toString(16).padStart(4, "0")} is not latin-1`);
    bytes[i] = code;
  }
  return bytes;
}
