// Shared by the class tests: a comparable "plain form" of decoded values, and decoding one pickle
// every way the style guide asks (whole, 1-byte chunks, seeded random chunks, odd byteOffset).
import { isPyObject, PyFloat, type PyValue, Unpickler, type UnpicklerOptions, loads } from "@pkl-stream/core";
import { splitEvery, splitRandomly } from "../../helpers/chunks.js";

/**
 * The JSON mapping's value model, tagged so the comparison is exact: floats `{"$float": x}` (or
 * "nan"/"inf"/"-inf"), ints beyond 2**53 `{"$int": "digits"}`, bytes `{"$bytes": "hex"}`. The
 * Python generator (generate_pickle_cases.py) writes the expected side in the same form.
 */
export type PlainForm = null | boolean | number | string | PlainForm[] | { [key: string]: PlainForm };

function floatForm(value: number): PlainForm {
  if (Number.isNaN(value)) return { $float: "nan" };
  if (!Number.isFinite(value)) return { $float: value > 0 ? "inf" : "-inf" };
  return { $float: value };
}

/** A decoded value in plain form: reconstructed classes through `toPlain()`, as writers see them. */
export function plainForm(value: PyValue): PlainForm {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? value : floatForm(value);
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : { $int: `${value}` };
  }
  if (value instanceof PyFloat) return floatForm(value.value);
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex") };
  if (Array.isArray(value)) return value.map(plainForm);
  if (value instanceof Set) return [...value].map(plainForm);
  if (isPyObject(value)) return plainForm(value.toPlain());
  const entries: [PyValue, PyValue][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const dict: { [key: string]: PlainForm } = {};
  for (const [key, item] of entries) dict[String(key)] = plainForm(item);
  return dict;
}

/** Decodes one pickle whole, byte by byte, in seeded random chunks, and from an odd byteOffset. */
export function decodeEveryWay(bytes: Uint8Array, options: UnpicklerOptions = {}): PyValue[] {
  const results: PyValue[] = [loads(bytes, options)];
  for (const chunks of [splitEvery(bytes, 1), splitRandomly(bytes, 7)]) {
    const unpickler = new Unpickler(options);
    const records = chunks.flatMap((chunk) => unpickler.push(chunk));
    unpickler.end();
    results.push(...records);
  }
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  results.push(loads(shifted.subarray(3), options));
  return results;
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}
